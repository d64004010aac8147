//! CORS on the DEFAULT_4XX / DEFAULT_5XX gateway responses, so a browser can read API
//! Gateway's own errors. Existing customisations (status, other headers, templates) are
//! kept: only the Access-Control-Allow-Origin header is set.

use crate::domain::model::RestApi;
use crate::domain::plan::{Mutation, PlanStep};

pub const TYPES: [&str; 2] = ["DEFAULT_4XX", "DEFAULT_5XX"];
pub const ORIGIN_PARAM: &str = "gatewayresponse.header.Access-Control-Allow-Origin";
/// AWS's own template for these responses (kept when putting an uncustomised one).
pub const DEFAULT_TEMPLATE: &str = "{\"message\":$context.error.messageString}";

pub(super) fn steps(api: &RestApi, origin_expr: &str, out: &mut Vec<PlanStep>) {
    for t in TYPES {
        let existing = api
            .gateway_responses
            .iter()
            .find(|g| g.response_type == t && !g.default_response);
        let (status, mut params, mut templates) = match existing {
            Some(g) => (
                g.status_code.clone(),
                g.response_parameters.clone(),
                g.response_templates.clone(),
            ),
            None => Default::default(),
        };
        if params.get(ORIGIN_PARAM).map(String::as_str) == Some(origin_expr) {
            continue;
        }
        params.insert(ORIGIN_PARAM.to_string(), origin_expr.to_string());
        if templates.is_empty() {
            templates.insert(super::JSON.to_string(), DEFAULT_TEMPLATE.to_string());
        }
        out.push(PlanStep::new(
            format!("Add Access-Control-Allow-Origin {origin_expr} to the {t} gateway response"),
            Mutation::PutGatewayResponse {
                rest_api_id: api.id.clone(),
                response_type: t.to_string(),
                status_code: status,
                response_parameters: params,
                response_templates: templates,
            },
        ));
    }
}

/// True when DEFAULT_4XX and DEFAULT_5XX both carry an Access-Control-Allow-Origin (so a
/// CORS request that does not say keeps them in step with the origin).
pub fn all_carry_origin(api: &RestApi) -> bool {
    TYPES.iter().all(|t| {
        api.gateway_responses
            .iter()
            .any(|g| g.response_type == *t && g.response_parameters.contains_key(ORIGIN_PARAM))
    })
}
