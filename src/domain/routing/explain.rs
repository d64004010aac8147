//! The sentences of a verdict's explanation that several modules share.

use super::verdict::Verdict;
use crate::domain::model::Method;

/// The paragraph for a `Missing Authentication Token` answer: the three causes AWS hides
/// behind it, which one this is, and the detail with the fix.
pub fn mat(status: Option<u16>, which: &str, detail: &str) -> String {
    let shown = match status {
        Some(403) | None => String::new(),
        Some(s) => format!(" (remapped to {s} by a gateway response)"),
    };
    format!(
        "\"Missing Authentication Token\"{shown} is what API Gateway answers for three different causes: no such route, a route not deployed to the stage, or an unsigned call to an IAM-protected method. Here it is {which}: {detail}"
    )
}

pub fn deploy_command_rest(api_id: &str, stage: &str) -> String {
    format!("aws apigateway create-deployment --rest-api-id {api_id} --stage-name {stage} --description 'apigw: redeploy {stage}'")
}

pub fn deploy_command_http(api_id: &str, stage: &str) -> String {
    format!("aws apigatewayv2 create-deployment --api-id {api_id} --stage-name {stage} --description 'apigw: redeploy {stage}'")
}

fn params(v: &Verdict) -> String {
    if v.path_params.is_empty() {
        return String::new();
    }
    let ps: Vec<String> = v
        .path_params
        .iter()
        .map(|(k, val)| format!("{k}={val}"))
        .collect();
    format!(" with {}", ps.join(", "))
}

fn where_(v: &Verdict) -> String {
    let api = v.api.as_ref().map_or("", |a| a.name.as_str());
    let stage = v.stage.as_deref().unwrap_or("");
    match &v.domain {
        Some(d) => format!("{api} stage {stage} (via {} mapping {})", d.name, d.label()),
        None => format!("{api} stage {stage}"),
    }
}

/// A REST request that passes the gateway.
pub fn rest_matched(v: &Verdict, method: Option<&Method>) -> String {
    let integ = method
        .and_then(|m| m.integration.as_ref())
        .map(|i| {
            let target = i
                .uri
                .as_deref()
                .map(short_uri)
                .map(|u| format!(" ({u})"))
                .unwrap_or_default();
            format!("its {} integration{target}", i.integration_type.as_aws())
        })
        .unwrap_or_else(|| "its integration".to_string());
    let auth = match &v.authorization {
        Some(a) if a.kind.as_aws() != "NONE" => format!(" after {} authorization", a.kind.as_aws()),
        _ => String::new(),
    };
    format!(
        "API Gateway routes this to {} {} on {}{}, and it reaches {integ}{auth}.",
        v.matched_method.as_deref().unwrap_or(""),
        v.resource.as_deref().unwrap_or(""),
        where_(v),
        params(v),
    )
}

/// An HTTP API request that passes the gateway.
pub fn http_matched(v: &Verdict, target: Option<&str>) -> String {
    let t = target.map(|t| format!(" ({t})")).unwrap_or_default();
    format!(
        "API Gateway routes this to the route `{}` on {}{}, and it reaches its integration{t}.",
        v.route_key.as_deref().unwrap_or(""),
        where_(v),
        params(v),
    )
}

/// The function or host at the end of an integration URI.
fn short_uri(uri: &str) -> String {
    if let Some(f) = uri.split(":function:").nth(1) {
        return format!("Lambda {}", f.split('/').next().unwrap_or(f));
    }
    uri.to_string()
}
