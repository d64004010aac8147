//! "Enable CORS" as a plan: what the API Gateway console does for a REST resource (an
//! OPTIONS method answered by a MOCK integration with the three `Access-Control-Allow-*`
//! headers, optionally the same origin on DEFAULT_4XX/5XX gateway responses), computed as
//! the difference from what exists, so applying it twice changes nothing. An OPTIONS method
//! that is not a MOCK (e.g. a Lambda proxy) is never touched.
//!
//! HTTP APIs have a CORS configuration instead: see [`plan_http_cors`].

use std::collections::BTreeMap;

use super::model::{
    ApiKind, ApiRef, AuthorizationType, IntegrationType, Method, Resource, RestApi,
};
use super::plan::{MethodTarget, Mutation, PatchOp, Plan, PlanStep};

pub mod gateway;
mod http;

pub use http::plan_http_cors;

/// The headers a browser may send, as the console sets them.
pub const ALLOW_HEADERS: &str =
    "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token";
/// The MOCK integration's request template: answer 200.
pub const MOCK_TEMPLATE: &str = "{\"statusCode\": 200}";
pub const JSON: &str = "application/json";
const HDR: &str = "method.response.header.";
const H_HEADERS: &str = "Access-Control-Allow-Headers";
const H_METHODS: &str = "Access-Control-Allow-Methods";
const H_ORIGIN: &str = "Access-Control-Allow-Origin";
/// The integration response parameter that answers a preflight's origin.
pub const ORIGIN_PARAM: &str = "method.response.header.Access-Control-Allow-Origin";
/// What `ANY` stands for in `Access-Control-Allow-Methods`.
const ANY_METHODS: [&str; 7] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/// Why CORS cannot be planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorsError {
    #[error("no resource {path} in this API{}", crate::domain::nearest::clause(.nearest))]
    NoSuchResource { path: String, nearest: Vec<String> },
    #[error("OPTIONS {path} already exists with integration type {integration}, not MOCK: apigw leaves it alone; return the CORS headers from that backend, or delete the OPTIONS method first to let apigw add a mock")]
    NotMock { path: String, integration: String },
    #[error("invalid origin {0:?}: give one origin such as https://app.example.com, or *")]
    BadOrigin(String),
    #[error("invalid CORS configuration: {0}")]
    Invalid(String),
}

/// Checks an origin and returns it as a mapping expression (`'*'`). Surrounding single
/// quotes are accepted (`'*'` = `*`).
pub fn origin_expression(origin: &str) -> Result<String, CorsError> {
    let o = origin.trim();
    let o = o
        .strip_prefix('\'')
        .and_then(|x| x.strip_suffix('\''))
        .unwrap_or(o);
    let bad =
        o.is_empty() || o.contains(['\'', ',', ' ', '"', '\\']) || o.chars().any(char::is_control);
    if bad {
        return Err(CorsError::BadOrigin(origin.to_string()));
    }
    Ok(format!("'{o}'"))
}

fn quoted_list(items: &[String]) -> String {
    format!("'{}'", items.join(","))
}

/// Parses `'A,B'` into its items (trimmed, empty ones dropped).
fn unquote_list(expr: &str) -> Vec<String> {
    expr.trim()
        .trim_matches('\'')
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The methods of a resource plus OPTIONS, in the console's order (`'GET,POST,OPTIONS'`).
pub fn allow_methods(resource: &Resource) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in &resource.methods {
        let verb = m.http_method.to_ascii_uppercase();
        if verb == "ANY" {
            return ANY_METHODS.iter().map(|s| s.to_string()).collect();
        }
        if verb != "OPTIONS" && !out.contains(&verb) {
            out.push(verb);
        }
    }
    out.sort();
    out.push("OPTIONS".to_string());
    out
}

/// Merges `wanted` into an existing list without dropping what is there.
fn union(existing: &[String], wanted: &[String]) -> Vec<String> {
    let mut out = existing.to_vec();
    for w in wanted {
        if !out.iter().any(|e| e.eq_ignore_ascii_case(w)) {
            out.push(w.clone());
        }
    }
    out
}

/// A resource path as API Gateway spells it: a leading `/`, no trailing one.
pub fn normalize_path(path: &str) -> String {
    let p = path.trim();
    let p = if p.len() > 1 {
        p.trim_end_matches('/')
    } else {
        p
    };
    if p.starts_with('/') {
        p.to_string()
    } else {
        format!("/{p}")
    }
}

fn find_resource<'a>(api: &'a RestApi, path: &str) -> Result<&'a Resource, CorsError> {
    let norm = normalize_path(path);
    if let Some(r) = api.resource_by_path(&norm) {
        return Ok(r);
    }
    let paths = api
        .resources
        .iter()
        .map(|r| (r.path.clone(), [r.path.as_str()]));
    Err(CorsError::NoSuchResource {
        nearest: crate::domain::nearest::nearest(&norm, paths),
        path: norm,
    })
}

/// Plans "Enable CORS" on one resource of a REST API: only the calls needed to get from
/// what exists to the console's setup for `origin`. Zero steps (and a note) when all is in
/// place. Refuses when OPTIONS exists with a non-MOCK integration.
pub fn plan_cors(
    api: &RestApi,
    resource_path: &str,
    origin: &str,
    gateway_responses: bool,
) -> Result<Plan, CorsError> {
    let origin_expr = origin_expression(origin)?;
    let resource = find_resource(api, resource_path)?;
    let options = resource
        .methods
        .iter()
        .find(|m| m.http_method.eq_ignore_ascii_case("OPTIONS"));
    if let Some(i) = options.and_then(|m| m.integration.as_ref()) {
        if i.integration_type != IntegrationType::Mock {
            return Err(CorsError::NotMock {
                path: resource.path.clone(),
                integration: i.integration_type.as_aws().to_string(),
            });
        }
    }
    let api_ref = ApiRef {
        kind: ApiKind::Rest,
        id: api.id.clone(),
    };
    let title = format!(
        "Enable CORS on {} of {} ({}) for origin {origin_expr}",
        resource.path, api.name, api.id
    );
    let mut plan = Plan::new(title, api_ref);
    let target = MethodTarget {
        rest_api_id: api.id.clone(),
        resource_id: resource.id.clone(),
        resource_path: resource.path.clone(),
        http_method: "OPTIONS".to_string(),
    };
    let mut steps = Vec::new();
    let integration_put = method_steps(options, &target, &mut steps);
    response_steps(
        options,
        resource,
        &target,
        &origin_expr,
        integration_put,
        &mut steps,
    );
    if gateway_responses {
        gateway::steps(api, &origin_expr, &mut steps);
    }
    plan.steps = steps;
    advise(&mut plan, resource, &origin_expr, gateway_responses);
    Ok(plan)
}

/// Drops the authorization and API key an existing OPTIONS method asks for (`None`: it asks
/// for neither).
fn make_public(m: &Method, t: &MethodTarget) -> Option<PlanStep> {
    let mut patch = Vec::new();
    if m.authorization_type != AuthorizationType::None {
        patch.push(PatchOp::new(
            "replace",
            "/authorizationType",
            Some("NONE".into()),
        ));
    }
    if m.api_key_required {
        patch.push(PatchOp::new(
            "replace",
            "/apiKeyRequired",
            Some("false".into()),
        ));
    }
    (!patch.is_empty()).then(|| {
        PlanStep::new(
            format!(
                "Make OPTIONS {} public (browsers send preflights without credentials; now {}{})",
                t.resource_path,
                m.authorization_type.as_aws(),
                if m.api_key_required { " + API key" } else { "" }
            ),
            Mutation::UpdateMethod {
                target: t.clone(),
                patch,
            },
        )
    })
}

/// The OPTIONS method and its MOCK integration. Returns true when the integration is put
/// (which the integration response must then follow).
fn method_steps(options: Option<&Method>, t: &MethodTarget, out: &mut Vec<PlanStep>) -> bool {
    let path = &t.resource_path;
    match options {
        None => out.push(PlanStep::new(
            format!("Add method OPTIONS to {path} (no authorization, no API key)"),
            Mutation::PutMethod {
                target: t.clone(),
                authorization_type: AuthorizationType::None,
                api_key_required: false,
            },
        )),
        Some(m) => out.extend(make_public(m, t)),
    }
    let integration = options.and_then(|m| m.integration.as_ref());
    let template_ok = integration
        .and_then(|i| i.request_templates.get(JSON))
        .is_some_and(|tpl| squash(tpl) == squash(MOCK_TEMPLATE));
    if template_ok {
        return false;
    }
    let mut templates = integration
        .map(|i| i.request_templates.clone())
        .unwrap_or_default();
    templates.insert(JSON.to_string(), MOCK_TEMPLATE.to_string());
    let verb = if integration.is_some() { "Set" } else { "Add" };
    out.push(PlanStep::new(
        format!("{verb} the MOCK integration of OPTIONS {path} answering {MOCK_TEMPLATE}"),
        Mutation::PutIntegration {
            target: t.clone(),
            integration_type: IntegrationType::Mock,
            request_templates: templates,
        },
    ));
    true
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The 200 method response (declaring the headers) and integration response (filling them).
fn response_steps(
    options: Option<&Method>,
    resource: &Resource,
    t: &MethodTarget,
    origin_expr: &str,
    integration_put: bool,
    out: &mut Vec<PlanStep>,
) {
    out.extend(method_response_step(options, t));
    out.extend(integration_response_step(
        options,
        resource,
        t,
        origin_expr,
        integration_put,
    ));
}

/// Declares the three headers on the 200 method response (the missing ones, if it exists).
fn method_response_step(options: Option<&Method>, t: &MethodTarget) -> Option<PlanStep> {
    let path = &t.resource_path;
    let names = [H_HEADERS, H_METHODS, H_ORIGIN].map(|h| format!("{HDR}{h}"));
    let existing_mr =
        options.and_then(|m| m.method_responses.iter().find(|r| r.status_code == "200"));
    match existing_mr {
        None => Some(PlanStep::new(
            format!("Declare the 3 Access-Control-Allow-* headers on the 200 response of OPTIONS {path}"),
            Mutation::PutMethodResponse {
                target: t.clone(),
                status_code: "200".into(),
                response_parameters: names.iter().map(|n| (n.clone(), false)).collect(),
            },
        )),
        Some(mr) => {
            let patch: Vec<PatchOp> = names
                .iter()
                .filter(|n| !mr.response_parameters.contains_key(*n))
                .map(|n| PatchOp::new("add", format!("/responseParameters/{n}"), Some("false".into())))
                .collect();
            (!patch.is_empty()).then(|| PlanStep::new(
                format!("Declare the missing Access-Control-Allow-* headers on the 200 response of OPTIONS {path}"),
                Mutation::UpdateMethodResponse {
                    target: t.clone(),
                    status_code: "200".into(),
                    patch,
                },
            ))
        }
    }
}

/// Maps the three headers on the 200 integration response, keeping what it already maps
/// and widening the allowed headers and methods; `None` when it already maps them.
fn integration_response_step(
    options: Option<&Method>,
    resource: &Resource,
    t: &MethodTarget,
    origin_expr: &str,
    integration_put: bool,
) -> Option<PlanStep> {
    let existing_ir = options.and_then(|m| m.integration.as_ref()).and_then(|i| {
        i.integration_responses
            .iter()
            .find(|r| r.status_code == "200")
    });
    let mut params: BTreeMap<String, String> = existing_ir
        .map(|r| r.response_parameters.clone())
        .unwrap_or_default();
    let templates = existing_ir
        .map(|r| r.response_templates.clone())
        .unwrap_or_default();
    let old = |h: &str| {
        params
            .get(&format!("{HDR}{h}"))
            .map(|v| unquote_list(v))
            .unwrap_or_default()
    };
    let defaults: Vec<String> = unquote_list(ALLOW_HEADERS);
    let headers = quoted_list(&union(&old(H_HEADERS), &defaults));
    let methods = quoted_list(&union(&old(H_METHODS), &allow_methods(resource)));
    let wanted = [
        (H_HEADERS, headers),
        (H_METHODS, methods),
        (H_ORIGIN, origin_expr.to_string()),
    ];
    let mut differs = integration_put || existing_ir.is_none();
    for (h, v) in wanted {
        let key = format!("{HDR}{h}");
        if params.get(&key) != Some(&v) {
            differs = true;
            params.insert(key, v);
        }
    }
    differs.then(|| {
        PlanStep::new(
            format!(
            "Map the Access-Control-Allow-* headers on the 200 integration response of OPTIONS {}",
            t.resource_path
        ),
            Mutation::PutIntegrationResponse {
                target: t.clone(),
                status_code: "200".into(),
                response_parameters: params,
                response_templates: templates,
            },
        )
    })
}

/// Warnings (proxy backends) and notes (nothing to do; deploy next).
fn advise(plan: &mut Plan, resource: &Resource, origin_expr: &str, gateway_responses: bool) {
    for m in resource
        .methods
        .iter()
        .filter(|m| m.http_method != "OPTIONS")
    {
        if let Some(i) = m
            .integration
            .as_ref()
            .filter(|i| i.integration_type.is_proxy())
        {
            plan.warnings.push(format!(
                "{} {} uses integration type {}: its backend must itself return Access-Control-Allow-Origin ({origin_expr}) on real responses, or browsers still block them",
                m.http_method,
                resource.path,
                i.integration_type.as_aws()
            ));
        }
    }
    if plan.steps.is_empty() {
        let gw = if gateway_responses {
            " and on the DEFAULT_4XX/5XX gateway responses"
        } else {
            ""
        };
        plan.notes.push(format!(
            "CORS is already set up on {} for origin {origin_expr}{gw}: nothing to do",
            resource.path
        ));
    } else {
        plan.notes.push(format!(
            "nothing changes for callers until a deployment: deploy a stage afterwards (apigw deploy --api {} --stage STAGE)",
            plan.api.id
        ));
    }
}
