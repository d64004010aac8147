//! API keys and usage plans (ROUTING.md section 9): with `apiKeyRequired` and
//! `apiKeySource = HEADER`, the `x-api-key` value must be a key of the account
//! (`api_key_unknown`), enabled (`api_key_disabled`) and in a usage plan whose
//! `apiStages` hold this API and stage (`api_key_not_in_plan`). All answer
//! `403 {"message":"Forbidden"}` (gateway response `INVALID_API_KEY`). Key values are
//! compared, never shown.

use super::access::{Access, AccessDenial};
use super::auth::Denial;
use super::eval::Eval;
use super::gateway_response as gw;
use super::verdict::Reason;
use crate::domain::load::PartKind;
use crate::domain::model::{ApiKey, Inventory, RestApi, UsagePlan};

/// Which key check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProblem {
    Unknown,
    Disabled,
    NotInPlan,
}

/// A key refusal, with what the explanation and the fix need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDenial {
    pub problem: KeyProblem,
    /// (id, name) of the key the header names, when it is a key of the account.
    pub key: Option<(String, String)>,
    /// The plans holding the key, with the stages they cover (in words).
    pub key_plans: Vec<String>,
    /// Ids of the plans holding the key.
    pub key_plan_ids: Vec<String>,
    /// (id, name) of the plans covering this API stage.
    pub stage_plans: Vec<(String, String)>,
    /// Whether the key is in a plan for this stage (a disabled key may be).
    pub in_stage_plan: bool,
    pub api_id: String,
    pub stage: String,
}

/// The loaded keys and plans, when they can decide.
pub(crate) struct KeysView<'a> {
    pub keys: &'a [ApiKey],
    pub plans: &'a [UsagePlan],
}

/// Whether keys can be judged at all — the ONE place that decides it: the keys and the
/// usage plans were read (while they are coming the verdict waits for them), and the keys
/// carry their values (a snapshot or a cache never stores them). No keys at all decides
/// only for a live read ("the account has none"); a file without keys may just predate
/// them.
pub(crate) fn keys_view<'a>(a: &mut Access<'a>) -> Option<KeysView<'a>> {
    let keys = a.account_part(PartKind::ApiKeys);
    let plans = a.account_part(PartKind::UsagePlans);
    if keys != Some(true) || plans != Some(true) {
        return None;
    }
    let inv = a.inv;
    let with_values = if inv.api_keys.is_empty() {
        a.is_live()
    } else {
        let valued = |k: &ApiKey| k.value.as_ref().is_some_and(|v| !v.is_empty());
        inv.api_keys.iter().all(valued)
    };
    with_values.then_some(KeysView {
        keys: &inv.api_keys,
        plans: &inv.usage_plans,
    })
}

fn plan_words(inv: &Inventory, p: &UsagePlan) -> String {
    let stages: Vec<String> = p
        .api_stages
        .iter()
        .map(|s| format!("{}/{}", inv.api_name(&s.api_id), s.stage))
        .collect();
    let stages = if stages.is_empty() {
        "no API stages".to_string()
    } else {
        stages.join(", ")
    };
    format!("{} ({}): {stages}", p.label(), p.id)
}

/// The key gate of `auth::rest`.
pub(crate) fn check(a: &mut Access, value: &str) -> Result<(), Denial> {
    let Some(view) = keys_view(a) else {
        if !a.pending.is_empty() {
            return Ok(());
        }
        a.likely(format!("The API keys (with their values) are not loaded, so whether this x-api-key is an enabled key in a usage plan for stage {} is unknown.", a.stage));
        return Ok(());
    };
    let (api_id, stage) = (a.api.id.clone(), a.stage.clone());
    let stage_plans: Vec<&UsagePlan> = view
        .plans
        .iter()
        .filter(|p| p.covers(&api_id, &stage))
        .collect();
    let key = view
        .keys
        .iter()
        .find(|k| k.value.as_ref().is_some_and(|v| v.matches(value)));
    let mut d = KeyDenial {
        problem: KeyProblem::Unknown,
        key: None,
        key_plans: Vec::new(),
        key_plan_ids: Vec::new(),
        stage_plans: stage_plans
            .iter()
            .map(|p| (p.id.clone(), p.label().to_string()))
            .collect(),
        in_stage_plan: false,
        api_id,
        stage,
    };
    let Some(key) = key else {
        return Err(Denial::Access(Box::new(AccessDenial::Key(d))));
    };
    let holding: Vec<&UsagePlan> = view.plans.iter().filter(|p| p.has_key(&key.id)).collect();
    d.key = Some((key.id.clone(), key.label().to_string()));
    d.key_plans = holding.iter().map(|p| plan_words(a.inv, p)).collect();
    d.key_plan_ids = holding.iter().map(|p| p.id.clone()).collect();
    let serving: Vec<&UsagePlan> = stage_plans
        .iter()
        .copied()
        .filter(|p| p.has_key(&key.id))
        .collect();
    d.in_stage_plan = !serving.is_empty();
    if !key.enabled {
        d.problem = KeyProblem::Disabled;
        return Err(Denial::Access(Box::new(AccessDenial::Key(d))));
    }
    let Some(plan) = serving.first() else {
        d.problem = KeyProblem::NotInPlan;
        return Err(Denial::Access(Box::new(AccessDenial::Key(d))));
    };
    a.note(valid_note(key, plan));
    Ok(())
}

/// A valid key: which plan serves it, and the 429s no configuration can predict.
fn valid_note(key: &ApiKey, plan: &UsagePlan) -> String {
    let throttle = plan
        .throttle
        .map(|t| {
            format!(
                " (rate {} requests/s, burst {})",
                t.rate_limit.map_or("-".into(), |r| r.to_string()),
                t.burst_limit.map_or("-".into(), |b| b.to_string())
            )
        })
        .unwrap_or_default();
    let quota = plan
        .quota
        .and_then(|q| {
            q.limit
                .map(|l| format!(" ({l} requests per {})", q.period.as_words()))
        })
        .unwrap_or_default();
    format!("The x-api-key is the key `{}` ({}): enabled, in usage plan {} ({}), which covers this stage. Over the plan's throttle{throttle} API Gateway answers 429 Too Many Requests, over its quota{quota} 429 Limit Exceeded (LimitExceededException) — neither is predictable from configuration.", key.label(), key.id, plan.label(), plan.id)
}

const DELAY: &str = "Key and usage plan changes can take a minute or two to apply.";

/// The verdict for a key refusal.
pub(crate) fn deny(e: &mut Eval, api: &RestApi, d: KeyDenial, what: &str) {
    let reason = match d.problem {
        KeyProblem::Unknown => Reason::ApiKeyUnknown,
        KeyProblem::Disabled => Reason::ApiKeyDisabled,
        KeyProblem::NotInPlan => Reason::ApiKeyNotInPlan,
    };
    gw::answer(e, api, reason, gw::INVALID_API_KEY, None);
    let covering = if d.stage_plans.is_empty() {
        format!("no usage plan covers {}/{}", api.name, d.stage)
    } else {
        let names: Vec<String> = d
            .stage_plans
            .iter()
            .map(|(id, n)| format!("{n} ({id})"))
            .collect();
        format!(
            "usage plans covering {}/{}: {}",
            api.name,
            d.stage,
            names.join(", ")
        )
    };
    let belongs = if d.key_plans.is_empty() {
        "it is in no usage plan".to_string()
    } else {
        format!("it belongs to {}", d.key_plans.join("; "))
    };
    let (key_id, key_name) = d.key.clone().unwrap_or_default();
    let why = match d.problem {
        KeyProblem::Unknown => format!("the x-api-key value is no API key of this account (values are compared, never shown); {covering}. Send the value of a key in one of them"),
        KeyProblem::Disabled => format!("the x-api-key is the key `{key_name}` ({key_id}), which is disabled (enabled=false; `aws apigateway create-api-key` makes a disabled key unless --enabled is given); {belongs}. Enable it"),
        KeyProblem::NotInPlan => format!("the x-api-key is the key `{key_name}` ({key_id}), enabled, but in no usage plan whose API stages hold {}/{}: {belongs}; {covering}. Add the key to a plan covering this stage", api.name, d.stage),
    };
    e.v.explanation = format!(
        "{what} requires an API key, and {why}. API Gateway answers 403 Forbidden. {DELAY}"
    );
    e.v.suggestions = fixes(&d, api);
}

/// The fix as `aws` CLI lines.
fn fixes(d: &KeyDenial, api: &RestApi) -> Vec<String> {
    let mut out = Vec::new();
    let key_id = d.key.as_ref().map(|(id, _)| id.as_str());
    if let (KeyProblem::Disabled, Some(k)) = (d.problem, key_id) {
        out.push(format!("aws apigateway update-api-key --api-key {k} --patch-operations op=replace,path=/enabled,value=true"));
    }
    let needs_plan = d.problem == KeyProblem::NotInPlan
        || (d.problem == KeyProblem::Disabled && !d.in_stage_plan);
    if let (true, Some(k)) = (needs_plan, key_id) {
        match (d.stage_plans.first(), d.key_plan_ids.first()) {
            (Some((plan, _)), _) => out.push(format!("aws apigateway create-usage-plan-key --usage-plan-id {plan} --key-id {k} --key-type API_KEY")),
            (None, Some(plan)) => out.push(format!("aws apigateway update-usage-plan --usage-plan-id {plan} --patch-operations op=add,path=/apiStages,value={}:{}", api.id, d.stage)),
            (None, None) => out.push(format!("aws apigateway create-usage-plan --name {}-{} --api-stages apiId={},stage={}", api.name, d.stage, api.id, d.stage)),
        }
    }
    if d.problem == KeyProblem::Unknown {
        for (plan, _) in d.stage_plans.iter().take(2) {
            out.push(format!(
                "aws apigateway get-usage-plan-keys --usage-plan-id {plan}"
            ));
        }
    }
    out
}
