//! The "Evidence" section: which parts of the configuration the verdict rests on, as the
//! inventory has them (never a secret: key values are not kept in the inventory's text).

use crate::domain::model::{ApiKeySource, AuthorizerType, Inventory, RestApi};
use crate::domain::policy::parse;
use crate::domain::routing::Verdict;

/// One line per part of the configuration the verdict used.
pub fn lines(v: &Verdict, inv: &Inventory) -> Vec<String> {
    let mut out = Vec::new();
    out.push(format!(
        "inventory: region {}, account {}",
        inv.region.as_deref().unwrap_or("unknown"),
        crate::domain::routing::mask_account(inv.account_id.as_deref())
    ));
    if let Some(d) = v
        .domain
        .as_ref()
        .and_then(|d| inv.domains.iter().find(|x| x.name == d.name))
    {
        let keys: Vec<String> = d
            .mappings
            .iter()
            .map(|m| {
                format!(
                    "{} → {}/{}",
                    if m.key.is_empty() { "(none)" } else { &m.key },
                    inv.api_name(&m.api_id),
                    m.stage
                )
            })
            .collect();
        out.push(format!(
            "custom domain {}: mappings {}",
            d.name,
            keys.join(", ")
        ));
    }
    if let Some(api) = v.api.as_ref().and_then(|a| inv.rest_api(&a.id)) {
        rest_lines(&mut out, v, inv, api);
    } else if let Some(a) = &v.api {
        out.push(format!("{} API {} ({})", a.kind.protocol(), a.name, a.id));
    }
    for i in inv.issues.iter().take(5) {
        out.push(format!("not loaded: {}: {}", i.part, i.message));
    }
    out
}

fn rest_lines(out: &mut Vec<String>, v: &Verdict, inv: &Inventory, api: &RestApi) {
    let source = match api.api_key_source {
        ApiKeySource::Header => "HEADER",
        ApiKeySource::Authorizer => "AUTHORIZER",
    };
    out.push(format!(
        "REST API {} ({}): {} resources, apiKeySource {source}{}",
        api.name,
        api.id,
        api.resources.len(),
        if api.disable_execute_api_endpoint {
            ", execute-api endpoint disabled"
        } else {
            ""
        }
    ));
    if let Some(s) = v.stage.as_deref() {
        let served = match api.deployed_summary(s) {
            Some(_) => "its deployment's content (apiSummary) is known",
            None => "what it serves is unknown (no deployment summary)",
        };
        out.push(format!("stage {s}: {served}"));
    }
    if let Some(a) = v
        .authorization
        .as_ref()
        .and_then(|a| a.authorizer.as_deref())
    {
        if let Some(x) = api.authorizers.iter().find(|x| x.name == a || x.id == a) {
            let kind = match x.authorizer_type {
                AuthorizerType::Token => "TOKEN",
                AuthorizerType::Request => "REQUEST",
                AuthorizerType::CognitoUserPools => "COGNITO_USER_POOLS",
                AuthorizerType::Jwt => "JWT",
                AuthorizerType::Unknown => "unknown type",
            };
            out.push(format!(
                "authorizer {} ({kind}), identity sources: {}",
                x.name,
                x.identity_sources.join(", ")
            ));
        }
    }
    out.push(policy_line(api));
    if v.authorization.as_ref().is_some_and(|a| a.api_key_required) {
        out.push(keys_line(inv, api, v.stage.as_deref().unwrap_or("")));
    }
    let custom: Vec<&str> = api
        .gateway_responses
        .iter()
        .filter(|g| !g.default_response)
        .map(|g| g.response_type.as_str())
        .collect();
    if !custom.is_empty() {
        out.push(format!(
            "customised gateway responses: {}",
            custom.join(", ")
        ));
    }
}

fn policy_line(api: &RestApi) -> String {
    match api.policy.as_deref().filter(|p| !p.trim().is_empty()) {
        None => "resource policy: none".into(),
        Some(text) => match parse(text) {
            Ok(p) => {
                let s: Vec<String> = p
                    .statements
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("{}: {}", s.label(i), s.summary()))
                    .collect();
                format!("resource policy: {}", s.join("; "))
            }
            Err(e) => format!("resource policy: {e}"),
        },
    }
}

fn keys_line(inv: &Inventory, api: &RestApi, stage: &str) -> String {
    let with_values = inv.api_keys.iter().filter(|k| k.value.is_some()).count();
    let plans: Vec<String> = inv
        .plans_for_stage(&api.id, stage)
        .iter()
        .map(|p| format!("{} ({}, {} keys)", p.label(), p.id, p.key_ids.len()))
        .collect();
    format!(
        "API keys: {} loaded ({with_values} with values, compared, never shown); usage plans covering {}/{stage}: {}",
        inv.api_keys.len(),
        api.name,
        if plans.is_empty() { "none".to_string() } else { plans.join(", ") }
    )
}
