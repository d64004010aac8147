//! HTTP APIs: CORS is one `corsConfiguration` on the API, changed with `update-api`.

use super::CorsError;
use crate::domain::model::{ApiKind, ApiRef, CorsConfiguration, HttpApi};
use crate::domain::plan::{Mutation, Plan, PlanStep};

fn show(c: Option<&CorsConfiguration>) -> String {
    match c {
        None => "none".to_string(),
        Some(c) => format!(
            "origins [{}], methods [{}], headers [{}], expose [{}], max age {}, credentials {}",
            c.allow_origins.join(", "),
            c.allow_methods.join(", "),
            c.allow_headers.join(", "),
            c.expose_headers.join(", "),
            c.max_age.map_or("none".to_string(), |m| m.to_string()),
            c.allow_credentials
        ),
    }
}

/// Plans setting an HTTP API's CORS configuration to `new` (zero steps when it already is).
pub fn plan_http_cors(api: &HttpApi, new: CorsConfiguration) -> Result<Plan, CorsError> {
    if new.allow_credentials && new.allow_origins.iter().any(|o| o == "*") {
        return Err(CorsError::Invalid(
            "allow credentials cannot be combined with origin *: list the origins".to_string(),
        ));
    }
    if new.max_age.is_some_and(|m| !(-1..=86400).contains(&m)) {
        return Err(CorsError::Invalid(
            "max age must be between -1 and 86400 seconds".to_string(),
        ));
    }
    let api_ref = ApiRef {
        kind: ApiKind::Http,
        id: api.id.clone(),
    };
    let mut plan = Plan::new(
        format!("Set the CORS configuration of {} ({})", api.name, api.id),
        api_ref,
    );
    if api.cors.as_ref() == Some(&new) {
        plan.notes
            .push("the CORS configuration is already this: nothing to do".to_string());
        return Ok(plan);
    }
    plan.notes.push(format!("now: {}", show(api.cors.as_ref())));
    plan.notes.push(format!("after: {}", show(Some(&new))));
    if api.stages.iter().any(|s| !s.auto_deploy) {
        plan.notes
            .push("stages without autoDeploy serve it after their next deployment".to_string());
    }
    plan.steps.push(PlanStep::new(
        "Update the API's CORS configuration (API Gateway answers preflights itself)",
        Mutation::UpdateHttpApiCors {
            api_id: api.id.clone(),
            cors: new,
        },
    ));
    Ok(plan)
}
