//! A small in-memory model of what the planned calls do to a REST resource, so a plan can be applied and planned again.

use super::*;

/// The resource after applying a plan's REST steps (a tiny model of API Gateway's PUT/PATCH
/// semantics), so "apply twice" can be checked purely.
pub(crate) fn apply(api: &mut RestApi, plan: &Plan) {
    for s in &plan.steps {
        let target_method = |api: &mut RestApi, id: &str, verb: &str| -> Option<usize> {
            let r = api.resources.iter().position(|r| r.id == id)?;
            api.resources[r]
                .methods
                .iter()
                .position(|m| m.http_method == verb)
                .map(|m| r * 1000 + m)
        };
        match &s.mutation {
            Mutation::PutMethod {
                target,
                authorization_type,
                api_key_required,
            } => {
                let r = api
                    .resources
                    .iter_mut()
                    .find(|r| r.id == target.resource_id)
                    .unwrap();
                assert!(
                    r.methods
                        .iter()
                        .all(|m| m.http_method != target.http_method),
                    "put-method on an existing method conflicts"
                );
                r.methods.push(Method {
                    http_method: target.http_method.clone(),
                    authorization_type: *authorization_type,
                    api_key_required: *api_key_required,
                    ..Method::default()
                });
            }
            other => {
                let t = match other {
                    Mutation::UpdateMethod { target, .. }
                    | Mutation::PutIntegration { target, .. }
                    | Mutation::PutMethodResponse { target, .. }
                    | Mutation::UpdateMethodResponse { target, .. }
                    | Mutation::PutIntegrationResponse { target, .. } => target.clone(),
                    Mutation::PutGatewayResponse {
                        response_type,
                        status_code,
                        response_parameters,
                        response_templates,
                        ..
                    } => {
                        api.gateway_responses
                            .retain(|g| &g.response_type != response_type);
                        api.gateway_responses.push(GatewayResponse {
                            response_type: response_type.clone(),
                            status_code: status_code.clone(),
                            response_parameters: response_parameters.clone(),
                            response_templates: response_templates.clone(),
                            default_response: false,
                        });
                        continue;
                    }
                    _ => panic!("unexpected step {other:?}"),
                };
                let pos =
                    target_method(api, &t.resource_id, &t.http_method).expect("method exists");
                let m = &mut api.resources[pos / 1000].methods[pos % 1000];
                match other {
                    Mutation::UpdateMethod { patch, .. } => {
                        for p in patch {
                            match p.path.as_str() {
                                "/authorizationType" => {
                                    m.authorization_type =
                                        AuthorizationType::from_aws(p.value.as_deref().unwrap())
                                            .unwrap()
                                }
                                "/apiKeyRequired" => {
                                    m.api_key_required = p.value.as_deref() == Some("true")
                                }
                                _ => panic!("unexpected patch {p:?}"),
                            }
                        }
                    }
                    Mutation::PutIntegration {
                        integration_type,
                        request_templates,
                        ..
                    } => {
                        let old = m.integration.take().unwrap_or_default();
                        m.integration = Some(Integration {
                            integration_type: integration_type.clone(),
                            request_templates: request_templates.clone(),
                            integration_responses: old.integration_responses,
                            ..Integration::default()
                        });
                    }
                    Mutation::PutMethodResponse {
                        status_code,
                        response_parameters,
                        ..
                    } => {
                        assert!(
                            m.method_responses
                                .iter()
                                .all(|r| &r.status_code != status_code),
                            "put-method-response conflicts"
                        );
                        m.method_responses.push(MethodResponse {
                            status_code: status_code.clone(),
                            response_parameters: response_parameters.clone(),
                        });
                    }
                    Mutation::UpdateMethodResponse {
                        status_code, patch, ..
                    } => {
                        let r = m
                            .method_responses
                            .iter_mut()
                            .find(|r| &r.status_code == status_code)
                            .unwrap();
                        for p in patch {
                            let key = p
                                .path
                                .trim_start_matches("/responseParameters/")
                                .to_string();
                            r.response_parameters.insert(key, false);
                        }
                    }
                    Mutation::PutIntegrationResponse {
                        status_code,
                        response_parameters,
                        response_templates,
                        ..
                    } => {
                        let i = m
                            .integration
                            .as_mut()
                            .expect("integration before its response");
                        i.integration_responses
                            .retain(|r| &r.status_code != status_code);
                        i.integration_responses.push(IntegrationResponse {
                            status_code: status_code.clone(),
                            response_parameters: response_parameters.clone(),
                            response_templates: response_templates.clone(),
                            ..IntegrationResponse::default()
                        });
                    }
                    _ => unreachable!(),
                }
            }
        }
    }
}
