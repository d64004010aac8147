//! After a plan ran: does what was read back show each step's effect? Pure comparisons of
//! a [`Mutation`] with the [`Readback`]; a problem is a sentence saying what differs.

use super::{Mutation, Readback};
use crate::domain::model::{AuthorizationType, CorsConfiguration, Method};

fn method<'a>(rb: &'a Readback, verb: &str) -> Option<&'a Method> {
    rb.resource
        .as_ref()?
        .methods
        .iter()
        .find(|m| m.http_method.eq_ignore_ascii_case(verb))
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
            None => Some(format!(
                "{} {} is not there after put-method",
                target.http_method, target.resource_path
            )),
            Some(x)
                if x.authorization_type != *authorization_type
                    || x.api_key_required != *api_key_required =>
            {
                Some(format!(
                    "{} {} reads back as {} (API key {})",
                    target.http_method,
                    target.resource_path,
                    x.authorization_type.as_aws(),
                    x.api_key_required
                ))
            }
            Some(_) => None,
        },
        Mutation::UpdateMethod { target, patch } => {
            let x = method(rb, &target.http_method)?;
            patch.iter().find_map(|p| {
                let ok = match (p.path.as_str(), p.value.as_deref()) {
                    ("/authorizationType", Some(v)) => {
                        AuthorizationType::from_aws(v) == Some(x.authorization_type)
                    }
                    ("/apiKeyRequired", Some(v)) => {
                        v.parse::<bool>().ok() == Some(x.api_key_required)
                    }
                    _ => true,
                };
                (!ok).then(|| {
                    format!(
                        "{} {}: {} did not take effect",
                        target.http_method, target.resource_path, p.path
                    )
                })
            })
        }
        Mutation::PutIntegration {
            target,
            integration_type,
            request_templates,
        } => {
            let i = method(rb, &target.http_method).and_then(|x| x.integration.as_ref());
            let ok = i.is_some_and(|i| {
                i.integration_type == *integration_type
                    && request_templates
                        .iter()
                        .all(|(k, v)| i.request_templates.get(k) == Some(v))
            });
            (!ok).then(|| {
                format!(
                    "the integration of {} {} does not read back as planned",
                    target.http_method, target.resource_path
                )
            })
        }
        _ => unmet_response(m, rb),
    }
}

/// Method and integration responses.
fn unmet_response(m: &Mutation, rb: &Readback) -> Option<String> {
    match m {
        Mutation::PutMethodResponse {
            target,
            status_code,
            response_parameters,
        } => {
            let r = method(rb, &target.http_method).and_then(|x| {
                x.method_responses
                    .iter()
                    .find(|r| &r.status_code == status_code)
            });
            let ok = r.is_some_and(|r| {
                response_parameters
                    .keys()
                    .all(|k| r.response_parameters.contains_key(k))
            });
            (!ok).then(|| {
                format!(
                    "method response {status_code} of {} {} lacks planned headers",
                    target.http_method, target.resource_path
                )
            })
        }
        Mutation::UpdateMethodResponse {
            target,
            status_code,
            patch,
        } => {
            let r = method(rb, &target.http_method).and_then(|x| {
                x.method_responses
                    .iter()
                    .find(|r| &r.status_code == status_code)
            });
            let ok = r.is_some_and(|r| {
                patch.iter().filter(|p| p.op == "add").all(|p| {
                    let key = p.path.trim_start_matches("/responseParameters/");
                    r.response_parameters.contains_key(key)
                })
            });
            (!ok).then(|| {
                format!(
                    "method response {status_code} of {} {} lacks planned headers",
                    target.http_method, target.resource_path
                )
            })
        }
        Mutation::PutIntegrationResponse {
            target,
            status_code,
            response_parameters,
            ..
        } => {
            let r = method(rb, &target.http_method)
                .and_then(|x| x.integration.as_ref())
                .and_then(|i| {
                    i.integration_responses
                        .iter()
                        .find(|r| &r.status_code == status_code)
                });
            let ok = r.is_some_and(|r| {
                response_parameters
                    .iter()
                    .all(|(k, v)| r.response_parameters.get(k) == Some(v))
            });
            (!ok).then(|| {
                format!(
                    "integration response {status_code} of {} {} does not map the planned headers",
                    target.http_method, target.resource_path
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
            let ok = g.is_some_and(|g| {
                response_parameters
                    .iter()
                    .all(|(k, v)| g.response_parameters.get(k) == Some(v))
            });
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
