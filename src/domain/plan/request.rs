//! One step from what a person asks for (a TUI dialog or a command line) to a [`Plan`], so
//! both front ends plan the same thing for the same request. The defaults are decided here,
//! once: what is configured today wins over `*` (running CORS again never quietly resets
//! an origin), else what the API Gateway console does.

use super::deploy::existing_stage;
use super::{plan_deploy, plan_rollback, Plan, PlanError};
use crate::domain::cors::{
    self, gateway, origin_expression, plan_cors, plan_http_cors, CorsError, ALLOW_HEADERS,
};
use crate::domain::model::{ApiKind, ApiRef, CorsConfiguration, HttpApi, Inventory, RestApi};

/// The description of a deployment when the request gives none.
pub const DEFAULT_DESCRIPTION: &str = "deployed with apigw";

/// What a person asks apigw to change. `api` is a name or an id (ids win).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanRequest {
    /// Deploy the API's working tree to an existing stage.
    Deploy {
        api: String,
        stage: String,
        /// `None`: [`DEFAULT_DESCRIPTION`]; `Some("")`: no description.
        description: Option<String>,
    },
    /// Point an existing stage at an existing deployment.
    Rollback {
        api: String,
        stage: String,
        deployment: String,
    },
    /// REST: the console's "Enable CORS" on one resource. HTTP: the API's one CORS
    /// configuration (`path` is not used; `origin` may list several, comma-separated).
    Cors {
        api: String,
        path: Option<String>,
        /// `None`: what is configured, else `*`.
        origin: Option<String>,
        /// `None`: whether DEFAULT_4XX and DEFAULT_5XX already carry the origin.
        gateway_responses: Option<bool>,
    },
}

impl PlanRequest {
    /// The API the request names.
    pub fn api(&self) -> &str {
        match self {
            Self::Deploy { api, .. } | Self::Rollback { api, .. } | Self::Cors { api, .. } => api,
        }
    }
}

/// What a CORS request starts from when it does not say (the TUI shows it in its dialog).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsDefaults {
    /// REST: the origin the OPTIONS mock of the resource answers with; HTTP: the allowed
    /// origins, comma-separated. `*` when nothing is configured.
    pub origin: String,
    /// REST: DEFAULT_4XX and DEFAULT_5XX both carry an Access-Control-Allow-Origin.
    pub gateway_responses: bool,
}

/// Plans `req` over `inv`. Unknown names are errors naming the closest existing ones
/// ([`PlanError::is_usage`]).
pub fn plan_request(inv: &Inventory, req: &PlanRequest) -> Result<Plan, PlanError> {
    let api = inv
        .find_api(req.api())
        .map_err(|error| PlanError::UnknownApi {
            name: req.api().to_string(),
            error,
        })?;
    let mut plan = match req {
        PlanRequest::Deploy {
            stage, description, ..
        } => {
            existing_stage(inv, &api, stage)?;
            let description = description.as_deref().unwrap_or(DEFAULT_DESCRIPTION);
            plan_deploy(inv, &api, stage, Some(description))?
        }
        PlanRequest::Rollback {
            stage, deployment, ..
        } => plan_rollback(inv, &api, stage, deployment.trim())?,
        PlanRequest::Cors {
            path,
            origin,
            gateway_responses,
            ..
        } => {
            let defaults = cors_defaults(inv, &api, path.as_deref());
            let origin = origin.clone().unwrap_or(defaults.origin);
            let gw = gateway_responses.unwrap_or(defaults.gateway_responses);
            match (api.kind, inv.rest_api(&api.id), inv.http_api(&api.id)) {
                (ApiKind::Rest, Some(a), _) => rest_cors(a, path.as_deref(), &origin, gw)?,
                (ApiKind::Http, _, Some(a)) => {
                    http_cors(a, path.as_deref(), &origin, *gateway_responses)?
                }
                _ => return Err(PlanError::NoSuchApi(api.id.clone())),
            }
        }
    };
    plan.region = inv.region.clone();
    plan.account_id = inv.account_id.clone();
    Ok(plan)
}

fn rest_cors(
    api: &RestApi,
    path: Option<&str>,
    origin: &str,
    gateway_responses: bool,
) -> Result<Plan, PlanError> {
    let path = path.ok_or(PlanError::NoResourcePath)?;
    Ok(plan_cors(api, path, origin, gateway_responses)?)
}

fn http_cors(
    api: &HttpApi,
    path: Option<&str>,
    origin: &str,
    gateway_responses: Option<bool>,
) -> Result<Plan, PlanError> {
    let mut plan = plan_http_cors(api, http_config(api.cors.clone(), origin)?)?;
    if let Some(p) = path.filter(|p| !p.trim().is_empty()) {
        plan.notes.push(format!(
            "an HTTP API has one CORS configuration for all its routes: the path {p} is not used"
        ));
    }
    if gateway_responses == Some(true) {
        plan.notes.push(
            "HTTP APIs have no gateway responses: API Gateway adds the CORS headers itself"
                .to_string(),
        );
    }
    Ok(plan)
}

/// The HTTP API's configuration with `origins` allowed; methods `*` and the console's
/// headers when none are set yet (else a preflight for anything but a simple request
/// fails).
fn http_config(
    existing: Option<CorsConfiguration>,
    origins: &str,
) -> Result<CorsConfiguration, CorsError> {
    let mut c = existing.unwrap_or_default();
    c.allow_origins = origins
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|o| origin_expression(o).map(|e| e.trim_matches('\'').to_string()))
        .collect::<Result<_, _>>()?;
    if c.allow_origins.is_empty() {
        return Err(CorsError::BadOrigin(origins.to_string()));
    }
    if c.allow_methods.is_empty() {
        c.allow_methods = vec!["*".to_string()];
    }
    if c.allow_headers.is_empty() {
        c.allow_headers = ALLOW_HEADERS
            .split(',')
            .map(|h| h.to_ascii_lowercase())
            .collect();
    }
    Ok(c)
}

/// What a CORS request on `api` (and, for REST, the resource at `path`) starts from.
pub fn cors_defaults(inv: &Inventory, api: &ApiRef, path: Option<&str>) -> CorsDefaults {
    let star = || "*".to_string();
    match api.kind {
        ApiKind::Rest => match inv.rest_api(&api.id) {
            Some(a) => CorsDefaults {
                origin: path.and_then(|p| rest_origin(a, p)).unwrap_or_else(star),
                gateway_responses: gateway::all_carry_origin(a),
            },
            None => CorsDefaults {
                origin: star(),
                gateway_responses: false,
            },
        },
        ApiKind::Http => CorsDefaults {
            origin: inv
                .http_api(&api.id)
                .and_then(|a| a.cors.as_ref())
                .map(|c| c.allow_origins.join(", "))
                .filter(|o| !o.is_empty())
                .unwrap_or_else(star),
            gateway_responses: false,
        },
    }
}

/// The origin the OPTIONS mock of the resource at `path` answers with, if it has one.
fn rest_origin(api: &RestApi, path: &str) -> Option<String> {
    api.resource_by_path(&cors::normalize_path(path))?
        .methods
        .iter()
        .find(|m| m.http_method.eq_ignore_ascii_case("OPTIONS"))?
        .integration
        .as_ref()?
        .integration_responses
        .iter()
        .find(|r| r.status_code == "200")?
        .response_parameters
        .get(cors::ORIGIN_PARAM)
        .map(|v| v.trim().trim_matches('\'').to_string())
        .filter(|v| !v.is_empty())
}
