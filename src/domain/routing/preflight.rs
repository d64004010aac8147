//! CORS preflight prediction (issue #7): does `OPTIONS` with `Origin` and
//! `Access-Control-Request-Method`/`-Headers` get what a browser needs?

use super::eval::Eval;
use crate::domain::model::{CorsConfiguration, IntegrationType, Method, RestApi};

/// What the browser asks for.
struct Ask<'r> {
    origin: &'r str,
    method: Option<&'r str>,
    headers: Vec<&'r str>,
}

fn ask<'r>(e: &Eval<'r>) -> Option<Ask<'r>> {
    let origin = e.req.header("origin")?;
    Some(Ask {
        origin,
        method: e.req.header("access-control-request-method"),
        headers: e
            .req
            .header("access-control-request-headers")
            .map(|h| {
                h.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    })
}

fn list_has(list: &[String], item: &str) -> bool {
    list.iter()
        .any(|x| x.trim() == "*" || x.trim().eq_ignore_ascii_case(item))
}

/// The problems a browser finds with the allowed origins, methods and headers.
fn problems(a: &Ask, origins: &[String], methods: &[String], headers: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if !origins
        .iter()
        .any(|o| o.trim() == "*" || o.trim() == a.origin)
    {
        out.push(format!(
            "origin {} is not allowed (allowed: {})",
            a.origin,
            shown(origins)
        ));
    }
    if let Some(m) = a.method {
        if !list_has(methods, m) {
            out.push(format!(
                "method {m} is not allowed (allowed: {})",
                shown(methods)
            ));
        }
    }
    for h in &a.headers {
        if !list_has(headers, h) {
            out.push(format!(
                "header {h} is not allowed (allowed: {})",
                shown(headers)
            ));
        }
    }
    out
}

fn shown(l: &[String]) -> String {
    if l.is_empty() {
        "none".to_string()
    } else {
        l.join(", ")
    }
}

fn say(e: &mut Eval, problems: Vec<String>, fix: String) {
    e.v.preflight_ok = Some(problems.is_empty());
    if problems.is_empty() {
        e.note(
            "The CORS preflight succeeds: the origin, method and headers asked for are allowed.",
        );
    } else {
        e.note(format!(
            "The CORS preflight fails in the browser: {}. {fix}",
            problems.join("; ")
        ));
        e.v.suggestions.push(fix);
    }
}

/// `'a,b'` → [a, b].
fn mapped(m: &std::collections::BTreeMap<String, String>, header: &str) -> Option<Vec<String>> {
    let v = m.get(&format!("method.response.header.{header}"))?;
    let v = v.trim().trim_matches('\'');
    Some(
        v.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

/// REST: the OPTIONS method that matched (`entry_method` is `OPTIONS` or `ANY`).
pub fn rest(e: &mut Eval, api: &RestApi, method: Option<&Method>, entry_method: &str) {
    let Some(a) = ask(e) else {
        e.note("Without an Origin header this is not a browser preflight; add -H 'Origin: …' and -H 'Access-Control-Request-Method: …' to predict one.");
        return;
    };
    let path = e.v.resource.clone().unwrap_or_default();
    let fix = format!(
        "apigw cors --api {} --path {path} --origin {}",
        api.name, a.origin
    );
    if entry_method == "ANY" {
        e.note("The ANY method takes the preflight, with its integration and authorization: a browser preflight carries no credentials, so an authorizer or IAM here makes it fail, and a proxy backend must answer OPTIONS with the CORS headers itself.");
        return;
    }
    let Some(integ) = method.and_then(|m| m.integration.as_ref()) else {
        e.likely("The OPTIONS method's integration is not loaded, so the preflight's headers cannot be predicted.");
        return;
    };
    if integ.integration_type != IntegrationType::Mock {
        e.likely(format!(
            "The OPTIONS method uses a {} integration, so the backend must return the Access-Control-Allow-* headers itself; apigw cannot predict them.",
            integ.integration_type.as_aws()
        ));
        return;
    }
    let resp = integ
        .integration_responses
        .iter()
        .find(|r| r.selection_pattern.as_deref().is_none_or(str::is_empty))
        .or_else(|| integ.integration_responses.first());
    let Some(resp) = resp else {
        say(e, vec!["the OPTIONS mock has no integration response, so no Access-Control-Allow-* headers are sent".into()], fix);
        return;
    };
    let m = &resp.response_parameters;
    let Some(origins) = mapped(m, "Access-Control-Allow-Origin") else {
        say(
            e,
            vec!["the OPTIONS mock sends no Access-Control-Allow-Origin".into()],
            fix,
        );
        return;
    };
    let methods = mapped(m, "Access-Control-Allow-Methods").unwrap_or_default();
    let headers = mapped(m, "Access-Control-Allow-Headers").unwrap_or_default();
    let p = problems(&a, &origins, &methods, &headers);
    say(e, p, fix);
}

/// HTTP APIs: API Gateway answers the preflight from the corsConfiguration.
pub fn http(e: &mut Eval, api_name: &str, cors: &CorsConfiguration) {
    let Some(a) = ask(e) else {
        e.note("Without an Origin header this is not a browser preflight; add -H 'Origin: …' and -H 'Access-Control-Request-Method: …' to check one.");
        return;
    };
    let fix = format!(
        "Add it to {api_name}'s corsConfiguration (aws apigatewayv2 update-api --api-id … --cors-configuration …)."
    );
    let p = problems(
        &a,
        &cors.allow_origins,
        &cors.allow_methods,
        &cors.allow_headers,
    );
    say(e, p, fix);
}
