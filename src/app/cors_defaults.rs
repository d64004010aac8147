//! What a CORS dialog starts from: the origin and gateway-response choice already
//! configured (so running `C` again does not quietly reset them), and which stages need a
//! deployment afterwards.

use super::confirm::DialogKind;
use crate::domain::model::{Inventory, RestApi};

const ORIGIN: &str = "Access-Control-Allow-Origin";

/// The origin the OPTIONS mock of `path` answers with (`*` when there is none yet), and
/// whether DEFAULT_4XX and DEFAULT_5XX already carry an Access-Control-Allow-Origin.
pub fn rest_current(api: &RestApi, path: &str) -> (String, bool) {
    let origin = api
        .resources
        .iter()
        .find(|r| r.path == path)
        .and_then(|r| r.methods.iter().find(|m| m.http_method == "OPTIONS"))
        .and_then(|m| m.integration.as_ref())
        .and_then(|i| {
            i.integration_responses
                .iter()
                .find(|r| r.status_code == "200")
        })
        .and_then(|r| {
            r.response_parameters
                .get(&format!("method.response.header.{ORIGIN}"))
        })
        .map(|v| v.trim().trim_matches('\'').to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "*".into());
    let has = |t: &str| {
        api.gateway_responses.iter().any(|g| {
            g.response_type == t
                && g.response_parameters
                    .contains_key(&format!("gatewayresponse.header.{ORIGIN}"))
        })
    };
    (origin, has("DEFAULT_4XX") && has("DEFAULT_5XX"))
}

/// The stages of the API a CORS dialog changes that need a deployment to serve it
/// (auto-deploy stages of HTTP APIs pick the change up themselves).
pub fn stages_to_deploy(inv: &Inventory, kind: &DialogKind) -> Option<Vec<String>> {
    let stages = match kind {
        DialogKind::RestCors { api_id, .. } => inv.rest_api(api_id).map(|a| &a.stages),
        DialogKind::HttpCors { api_id } => inv.http_api(api_id).map(|a| &a.stages),
        _ => None,
    }?;
    let names: Vec<String> = stages
        .iter()
        .filter(|s| !s.auto_deploy)
        .map(|s| s.name.clone())
        .collect();
    (!names.is_empty()).then_some(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{
        GatewayResponse, Integration, IntegrationResponse, IntegrationType, Method, Resource,
    };

    fn api_with_options(origin: &str, gw_types: &[&str]) -> RestApi {
        let resp = IntegrationResponse {
            status_code: "200".into(),
            response_parameters: [(format!("method.response.header.{ORIGIN}"), origin.into())]
                .into(),
            ..Default::default()
        };
        let options = Method {
            http_method: "OPTIONS".into(),
            integration: Some(Integration {
                integration_type: IntegrationType::Mock,
                integration_responses: vec![resp],
                ..Default::default()
            }),
            ..Default::default()
        };
        RestApi {
            resources: vec![Resource {
                path: "/invoices".into(),
                methods: vec![options],
                ..Default::default()
            }],
            gateway_responses: gw_types
                .iter()
                .map(|t| GatewayResponse {
                    response_type: (*t).into(),
                    response_parameters: [(
                        format!("gatewayresponse.header.{ORIGIN}"),
                        "'https://app.example.com'".into(),
                    )]
                    .into(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn rerunning_cors_starts_from_the_configured_origin_and_gateway_responses() {
        let api = api_with_options("'https://app.example.com'", &["DEFAULT_4XX", "DEFAULT_5XX"]);
        assert_eq!(
            rest_current(&api, "/invoices"),
            ("https://app.example.com".to_string(), true)
        );
    }

    #[test]
    fn a_resource_without_options_starts_from_star_and_one_gateway_response_is_not_enough() {
        let api = api_with_options("'https://app.example.com'", &["DEFAULT_4XX"]);
        assert_eq!(rest_current(&api, "/other"), ("*".to_string(), false));
        assert!(!rest_current(&api, "/invoices").1);
    }
}
