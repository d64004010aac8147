//! Progressive loading as data: each piece of the inventory arrives as a [`LoadPart`] and is
//! applied to the [`Inventory`]. The loader (src/aws/loader.rs) produces them; the app and
//! the snapshot command consume them. Pure: no I/O.

use serde::{Deserialize, Serialize};

use super::model::*;

/// What a part of the inventory is, so the screen can show a spinner or an error in the
/// right pane and `r` can retry exactly that part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    RestApis,
    HttpApis,
    Domains,
    Resources,
    Stages,
    Deployments,
    Authorizers,
    GatewayResponses,
    RequestValidators,
    Routes,
    Integrations,
}

impl PartKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::RestApis => "REST APIs",
            Self::HttpApis => "HTTP APIs",
            Self::Domains => "custom domains",
            Self::Resources => "resources",
            Self::Stages => "stages",
            Self::Deployments => "deployments",
            Self::Authorizers => "authorizers",
            Self::GatewayResponses => "gateway responses",
            Self::RequestValidators => "request validators",
            Self::Routes => "routes",
            Self::Integrations => "integrations",
        }
    }
}

/// Which part: account-wide (`api: None`) or of one API.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartKey {
    pub api: Option<ApiRef>,
    pub kind: PartKind,
}

impl PartKey {
    pub fn account(kind: PartKind) -> Self {
        Self { api: None, kind }
    }

    pub fn of(api: ApiRef, kind: PartKind) -> Self {
        Self {
            api: Some(api),
            kind,
        }
    }
}

/// One piece of data as it arrives.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadPart {
    /// The list of REST APIs (their parts still empty).
    RestApis(Vec<RestApi>),
    /// The list of HTTP APIs (their parts still empty).
    HttpApis(Vec<HttpApi>),
    Domains(Vec<DomainName>),
    Resources {
        api_id: String,
        resources: Vec<Resource>,
    },
    RestStages {
        api_id: String,
        stages: Vec<Stage>,
    },
    RestDeployments {
        api_id: String,
        deployments: Vec<Deployment>,
    },
    RestAuthorizers {
        api_id: String,
        authorizers: Vec<Authorizer>,
    },
    GatewayResponses {
        api_id: String,
        responses: Vec<GatewayResponse>,
    },
    RequestValidators {
        api_id: String,
        validators: Vec<RequestValidator>,
    },
    Routes {
        api_id: String,
        routes: Vec<Route>,
    },
    HttpStages {
        api_id: String,
        stages: Vec<Stage>,
    },
    HttpDeployments {
        api_id: String,
        deployments: Vec<Deployment>,
    },
    HttpAuthorizers {
        api_id: String,
        authorizers: Vec<Authorizer>,
    },
    Integrations {
        api_id: String,
        integrations: Vec<HttpIntegration>,
    },
}

/// Why a part failed, with what a person can do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadError {
    pub kind: LoadErrorKind,
    /// One line: what happened.
    pub message: String,
    /// One line: what to do, e.g. `run: aws sso login --profile prod`.
    pub hint: Option<String>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.hint {
            Some(h) => write!(f, "{} ({h})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadErrorKind {
    NoCredentials,
    ExpiredCredentials,
    AccessDenied,
    Throttled,
    Unreachable,
    Timeout,
    NotFound,
    ServerError,
    BadResponse,
    Other,
}

impl LoadError {
    pub fn new(kind: LoadErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl LoadPart {
    /// The key this part fills.
    pub fn key(&self) -> PartKey {
        let rest = |id: &str| ApiRef {
            kind: ApiKind::Rest,
            id: id.to_string(),
        };
        let http = |id: &str| ApiRef {
            kind: ApiKind::Http,
            id: id.to_string(),
        };
        match self {
            Self::RestApis(_) => PartKey::account(PartKind::RestApis),
            Self::HttpApis(_) => PartKey::account(PartKind::HttpApis),
            Self::Domains(_) => PartKey::account(PartKind::Domains),
            Self::Resources { api_id, .. } => PartKey::of(rest(api_id), PartKind::Resources),
            Self::RestStages { api_id, .. } => PartKey::of(rest(api_id), PartKind::Stages),
            Self::RestDeployments { api_id, .. } => {
                PartKey::of(rest(api_id), PartKind::Deployments)
            }
            Self::RestAuthorizers { api_id, .. } => {
                PartKey::of(rest(api_id), PartKind::Authorizers)
            }
            Self::GatewayResponses { api_id, .. } => {
                PartKey::of(rest(api_id), PartKind::GatewayResponses)
            }
            Self::RequestValidators { api_id, .. } => {
                PartKey::of(rest(api_id), PartKind::RequestValidators)
            }
            Self::Routes { api_id, .. } => PartKey::of(http(api_id), PartKind::Routes),
            Self::HttpStages { api_id, .. } => PartKey::of(http(api_id), PartKind::Stages),
            Self::HttpDeployments { api_id, .. } => {
                PartKey::of(http(api_id), PartKind::Deployments)
            }
            Self::HttpAuthorizers { api_id, .. } => {
                PartKey::of(http(api_id), PartKind::Authorizers)
            }
            Self::Integrations { api_id, .. } => PartKey::of(http(api_id), PartKind::Integrations),
        }
    }
}

impl Inventory {
    /// Applies one arrived part. API lists replace the list but keep parts already loaded
    /// for APIs that still exist (a refresh does not blank the screen).
    pub fn apply(&mut self, part: LoadPart) {
        match part {
            LoadPart::RestApis(mut apis) => {
                for api in &mut apis {
                    if let Some(old) = self.rest_api(&api.id) {
                        let old = old.clone();
                        api.resources = old.resources;
                        api.stages = old.stages;
                        api.deployments = old.deployments;
                        api.authorizers = old.authorizers;
                        api.gateway_responses = old.gateway_responses;
                        api.request_validators = old.request_validators;
                    }
                }
                self.rest_apis = apis;
            }
            LoadPart::HttpApis(mut apis) => {
                for api in &mut apis {
                    if let Some(old) = self.http_api(&api.id) {
                        let old = old.clone();
                        api.routes = old.routes;
                        api.stages = old.stages;
                        api.deployments = old.deployments;
                        api.authorizers = old.authorizers;
                        api.integrations = old.integrations;
                    }
                }
                self.http_apis = apis;
            }
            LoadPart::Domains(d) => self.domains = d,
            LoadPart::Resources { api_id, resources } => {
                if let Some(a) = self.rest_api_mut(&api_id) {
                    a.resources = resources;
                }
            }
            LoadPart::RestStages { api_id, stages } => {
                if let Some(a) = self.rest_api_mut(&api_id) {
                    a.stages = stages;
                }
            }
            LoadPart::RestDeployments {
                api_id,
                deployments,
            } => {
                if let Some(a) = self.rest_api_mut(&api_id) {
                    a.deployments = deployments;
                }
            }
            LoadPart::RestAuthorizers {
                api_id,
                authorizers,
            } => {
                if let Some(a) = self.rest_api_mut(&api_id) {
                    a.authorizers = authorizers;
                }
            }
            LoadPart::GatewayResponses { api_id, responses } => {
                if let Some(a) = self.rest_api_mut(&api_id) {
                    a.gateway_responses = responses;
                }
            }
            LoadPart::RequestValidators { api_id, validators } => {
                if let Some(a) = self.rest_api_mut(&api_id) {
                    a.request_validators = validators;
                }
            }
            LoadPart::Routes { api_id, routes } => {
                if let Some(a) = self.http_api_mut(&api_id) {
                    a.routes = routes;
                }
            }
            LoadPart::HttpStages { api_id, stages } => {
                if let Some(a) = self.http_api_mut(&api_id) {
                    a.stages = stages;
                }
            }
            LoadPart::HttpDeployments {
                api_id,
                deployments,
            } => {
                if let Some(a) = self.http_api_mut(&api_id) {
                    a.deployments = deployments;
                }
            }
            LoadPart::HttpAuthorizers {
                api_id,
                authorizers,
            } => {
                if let Some(a) = self.http_api_mut(&api_id) {
                    a.authorizers = authorizers;
                }
            }
            LoadPart::Integrations {
                api_id,
                integrations,
            } => {
                if let Some(a) = self.http_api_mut(&api_id) {
                    a.integrations = integrations;
                }
            }
        }
    }
}
