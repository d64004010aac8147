//! SDK shapes (apigateway v1) → API keys and usage plans. A key's value goes straight into
//! a [`KeyValue`] (never logged, printed or serialised); a usage plan key's value is not
//! kept at all (its id is enough).

use aws_sdk_apigateway::types as v1;

use super::convert::{string, time};
use crate::domain::model::*;

/// `None` for a key without an id. The value is present only with `includeValues=true`.
pub fn api_key(k: &v1::ApiKey) -> Option<ApiKey> {
    let id = string(k.id())?;
    Some(ApiKey {
        name: k.name().unwrap_or_default().to_string(),
        enabled: k.enabled(),
        created_date: time(k.created_date()),
        value: k.value().filter(|v| !v.is_empty()).map(KeyValue::new),
        id,
    })
}

/// A zero limit is how the SDK says "not set" for these numbers.
fn throttle(t: &v1::ThrottleSettings) -> Throttle {
    Throttle {
        burst_limit: Some(t.burst_limit()).filter(|b| *b > 0),
        rate_limit: Some(t.rate_limit()).filter(|r| *r > 0.0),
    }
}

fn quota(q: &v1::QuotaSettings) -> Quota {
    Quota {
        limit: Some(q.limit()).filter(|l| *l > 0),
        period: q
            .period()
            .map(|p| QuotaPeriod::from_aws(p.as_str()))
            .unwrap_or_default(),
        offset: Some(q.offset()).filter(|o| *o > 0),
    }
}

fn plan_stage(s: &v1::ApiStage) -> Option<PlanStage> {
    Some(PlanStage {
        api_id: string(s.api_id())?,
        stage: s.stage().unwrap_or_default().to_string(),
        throttle: s
            .throttle()
            .map(|m| m.iter().map(|(k, t)| (k.clone(), throttle(t))).collect())
            .unwrap_or_default(),
    })
}

/// A usage plan without its keys (`GetUsagePlanKeys` fills `key_ids`).
pub fn usage_plan(p: &v1::UsagePlan) -> Option<UsagePlan> {
    let id = string(p.id())?;
    Some(UsagePlan {
        name: p.name().unwrap_or_default().to_string(),
        description: string(p.description()),
        api_stages: p.api_stages().iter().filter_map(plan_stage).collect(),
        throttle: p.throttle().map(throttle),
        quota: p.quota().map(quota),
        key_ids: Vec::new(),
        id,
    })
}

/// The id of a usage plan's key of type `API_KEY` (its value is dropped here).
pub fn usage_plan_key_id(k: &v1::UsagePlanKey) -> Option<String> {
    match k.r#type() {
        Some(t) if !t.eq_ignore_ascii_case("API_KEY") => None,
        _ => string(k.id()),
    }
}
