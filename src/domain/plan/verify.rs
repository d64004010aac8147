//! After a plan ran: does what was read back show each step's effect? Pure comparisons of
//! a [`Mutation`] with the [`Readback`]; a problem is a sentence saying what differs.

use std::collections::BTreeMap;

use super::{MethodTarget, Mutation, PatchOp, Readback};
use crate::domain::model::{
    AuthorizationType, CorsConfiguration, IntegrationResponse, Method, MethodResponse,
};

fn method<'a>(rb: &'a Readback, verb: &str) -> Option<&'a Method> {
    rb.resource
        .as_ref()?
        .methods
        .iter()
        .find(|m| m.http_method.eq_ignore_ascii_case(verb))
}

fn method_response<'a>(
    rb: &'a Readback,
    t: &MethodTarget,
    status: &str,
) -> Option<&'a MethodResponse> {
    let m = method(rb, &t.http_method)?;
    m.method_responses.iter().find(|r| r.status_code == status)
}

fn integration_response<'a>(
    rb: &'a Readback,
    t: &MethodTarget,
    status: &str,
) -> Option<&'a IntegrationResponse> {
    let i = method(rb, &t.http_method)?.integration.as_ref()?;
    i.integration_responses
        .iter()
        .find(|r| r.status_code == status)
}

/// Every planned entry reads back with its planned value (others may be there too).
fn has_all(planned: &BTreeMap<String, String>, read: &BTreeMap<String, String>) -> bool {
    planned.iter().all(|(k, v)| read.get(k) == Some(v))
}

/// `GET /orders`.
fn named(t: &MethodTarget) -> String {
    format!("{} {}", t.http_method, t.resource_path)
}

fn lacks_headers(status_code: &str, t: &MethodTarget) -> String {
    format!(
        "method response {status_code} of {} lacks planned headers",
        named(t)
    )
}

/// What a step should have changed but the read-back does not show (`None`: verified).
/// Deployments are checked by the executor (it knows the new deployment id).
pub fn unmet(m: &Mutation, rb: &Readback) -> Option<String> {
    match m {
        Mutation::CreateDeployment { .. } | Mutation::CreateHttpDeployment { .. } => None,
        Mutation::UpdateStageDeployment {
            stage_name,
            deployment_id,
            ..
        } => (rb.deployment_id.as_deref() != Some(deployment_id.as_str())).then(|| {
            format!(
                "stage {stage_name} serves {} after the update, not {deployment_id}",
                rb.deployment_id.as_deref().unwrap_or("nothing")
            )
        }),
        Mutation::PutGatewayResponse { .. } | Mutation::UpdateHttpApiCors { .. } => {
            unmet_api(m, rb)
        }
        Mutation::UpdateStageLogging { .. } => unmet_logging(m, rb),
        _ => unmet_method(m, rb),
    }
}

/// The stage read back logs at the planned level (and with data trace when planned).
fn unmet_logging(m: &Mutation, rb: &Readback) -> Option<String> {
    let Mutation::UpdateStageLogging {
        stage_name,
        level,
        data_trace,
        ..
    } = m
    else {
        return None;
    };
    let Some(st) = rb.stage.as_ref() else {
        return Some(format!("stage {stage_name} was not read back"));
    };
    if st.log_level() != *level {
        return Some(format!(
            "stage {stage_name} logs at {} after the update, not {}",
            st.log_level().as_aws(),
            level.as_aws()
        ));
    }
    match data_trace {
        Some(d) if st.data_trace_enabled != *d => Some(format!(
            "stage {stage_name} has data trace {} after the update",
            if st.data_trace_enabled { "on" } else { "off" }
        )),
        _ => None,
    }
}

/// REST method steps: the method and its integration.
fn unmet_method(m: &Mutation, rb: &Readback) -> Option<String> {
    match m {
        Mutation::PutMethod {
            target,
            authorization_type,
            api_key_required,
        } => match method(rb, &target.http_method) {
            None => Some(format!("{} is not there after put-method", named(target))),
            Some(x)
                if x.authorization_type != *authorization_type
                    || x.api_key_required != *api_key_required =>
            {
                Some(format!(
                    "{} reads back as {} (API key {})",
                    named(target),
                    x.authorization_type.as_aws(),
                    x.api_key_required
                ))
            }
            Some(_) => None,
        },
        Mutation::UpdateMethod { target, patch } => {
            unmet_patch(method(rb, &target.http_method)?, target, patch)
        }
        Mutation::PutIntegration {
            target,
            integration_type,
            request_templates,
        } => {
            let i = method(rb, &target.http_method).and_then(|x| x.integration.as_ref());
            let ok = i.is_some_and(|i| {
                i.integration_type == *integration_type
                    && has_all(request_templates, &i.request_templates)
            });
            (!ok).then(|| {
                format!(
                    "the integration of {} does not read back as planned",
                    named(target)
                )
            })
        }
        _ => unmet_response(m, rb),
    }
}

/// The first patch operation on the method that the read-back does not show.
fn unmet_patch(x: &Method, target: &MethodTarget, patch: &[PatchOp]) -> Option<String> {
    patch.iter().find_map(|p| {
        let ok = match (p.path.as_str(), p.value.as_deref()) {
            ("/authorizationType", Some(v)) => {
                AuthorizationType::from_aws(v) == Some(x.authorization_type)
            }
            ("/apiKeyRequired", Some(v)) => v.parse::<bool>().ok() == Some(x.api_key_required),
            _ => true,
        };
        (!ok).then(|| format!("{}: {} did not take effect", named(target), p.path))
    })
}

/// Method and integration responses.
fn unmet_response(m: &Mutation, rb: &Readback) -> Option<String> {
    match m {
        Mutation::PutMethodResponse {
            target,
            status_code,
            response_parameters,
        } => {
            let r = method_response(rb, target, status_code);
            let ok = r.is_some_and(|r| {
                response_parameters
                    .keys()
                    .all(|k| r.response_parameters.contains_key(k))
            });
            (!ok).then(|| lacks_headers(status_code, target))
        }
        Mutation::UpdateMethodResponse {
            target,
            status_code,
            patch,
        } => {
            let r = method_response(rb, target, status_code);
            let ok = r.is_some_and(|r| {
                patch.iter().filter(|p| p.op == "add").all(|p| {
                    let key = p.path.trim_start_matches("/responseParameters/");
                    r.response_parameters.contains_key(key)
                })
            });
            (!ok).then(|| lacks_headers(status_code, target))
        }
        Mutation::PutIntegrationResponse {
            target,
            status_code,
            response_parameters,
            ..
        } => {
            let r = integration_response(rb, target, status_code);
            let ok = r.is_some_and(|r| has_all(response_parameters, &r.response_parameters));
            (!ok).then(|| {
                format!(
                    "integration response {status_code} of {} does not map the planned headers",
                    named(target)
                )
            })
        }
        _ => None,
    }
}

/// Gateway responses and HTTP API CORS.
fn unmet_api(m: &Mutation, rb: &Readback) -> Option<String> {
    match m {
        Mutation::PutGatewayResponse {
            response_type,
            response_parameters,
            ..
        } => {
            let g = rb
                .gateway_responses
                .iter()
                .find(|g| &g.response_type == response_type);
            let ok = g.is_some_and(|g| has_all(response_parameters, &g.response_parameters));
            (!ok).then(|| format!("gateway response {response_type} does not read back as planned"))
        }
        Mutation::UpdateHttpApiCors { cors, .. } => {
            let ok = rb
                .http_cors
                .as_ref()
                .is_some_and(|now| same_cors(now, cors));
            (!ok).then(|| "the API's CORS configuration does not read back as planned".to_string())
        }
        _ => None,
    }
}

/// Equal up to order and case of the lists (AWS may normalise them).
pub fn same_cors(a: &CorsConfiguration, b: &CorsConfiguration) -> bool {
    let norm = |v: &[String]| {
        let mut v: Vec<String> = v.iter().map(|s| s.to_ascii_lowercase()).collect();
        v.sort();
        v
    };
    norm(&a.allow_origins) == norm(&b.allow_origins)
        && norm(&a.allow_methods) == norm(&b.allow_methods)
        && norm(&a.allow_headers) == norm(&b.allow_headers)
        && norm(&a.expose_headers) == norm(&b.expose_headers)
        && a.max_age == b.max_age
        && a.allow_credentials == b.allow_credentials
}
