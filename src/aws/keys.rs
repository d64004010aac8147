//! API keys and usage plans (apigateway v1) → domain types (ROUTING.md section 9). Every
//! call waits on the limiter and follows `position` paging to the end. Key values are read
//! (`includeValues=true`) only to be compared; nothing here logs them.

use futures::stream::{self, StreamExt, TryStreamExt};

use super::client::Clients;
use super::convert_keys as cv;
use super::paging::{convert, list};
use super::ratelimit::{Call, Limiter};
use super::rest_v1::PAGE;
use crate::domain::load::LoadError;
use crate::domain::model::{ApiKey, UsagePlan};

/// Every API key of the account, with its value, sorted by name then id.
pub async fn api_keys(c: &Clients, lim: &Limiter) -> Result<Vec<ApiKey>, LoadError> {
    let mut all = list(
        c,
        lim,
        Call::Normal,
        "GetApiKeys",
        |pos| {
            c.v1.get_api_keys()
                .include_values(true)
                .limit(PAGE)
                .set_position(pos)
                .send()
        },
        |o| (convert(o.items(), cv::api_key), o.position()),
    )
    .await?;
    all.sort_by(|a: &ApiKey, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    tracing::debug!(keys = all.len(), "api keys read");
    Ok(all)
}

/// Every usage plan with its API stages, and the ids of its keys (`GetUsagePlanKeys` per
/// plan, three at a time), sorted by name then id.
pub async fn usage_plans(c: &Clients, lim: &Limiter) -> Result<Vec<UsagePlan>, LoadError> {
    let plans = list(
        c,
        lim,
        Call::Normal,
        "GetUsagePlans",
        |pos| c.v1.get_usage_plans().limit(PAGE).set_position(pos).send(),
        |o| (convert(o.items(), cv::usage_plan), o.position()),
    )
    .await?;
    let mut all: Vec<UsagePlan> = stream::iter(plans)
        .map(|mut p| async move {
            p.key_ids = usage_plan_key_ids(c, lim, &p.id).await?;
            Ok::<_, LoadError>(p)
        })
        .buffered(3)
        .try_collect()
        .await?;
    all.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    tracing::debug!(plans = all.len(), "usage plans read");
    Ok(all)
}

/// The ids of a usage plan's API keys.
pub async fn usage_plan_key_ids(
    c: &Clients,
    lim: &Limiter,
    plan: &str,
) -> Result<Vec<String>, LoadError> {
    let mut ids = list(
        c,
        lim,
        Call::Normal,
        "GetUsagePlanKeys",
        |pos| {
            c.v1.get_usage_plan_keys()
                .usage_plan_id(plan)
                .limit(PAGE)
                .set_position(pos)
                .send()
        },
        |o| (convert(o.items(), cv::usage_plan_key_id), o.position()),
    )
    .await?;
    ids.sort();
    Ok(ids)
}
