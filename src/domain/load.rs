//! Loading as data: what a part of the inventory is ([`PartKey`]), each piece as it arrives
//! ([`LoadPart`], applied to the [`Inventory`]), and which parts have been read
//! ([`Coverage`], what a verdict checks before it claims anything). The loader
//! (src/aws/loader.rs) produces parts; the app, the CLI and the snapshot command consume
//! them. Pure: no I/O.

use serde::{Deserialize, Serialize};

use super::model::*;

mod apply;
mod coverage;
mod error;
mod split;

pub use coverage::{Coverage, PartState, Readiness};
pub use error::{LoadError, LoadErrorKind};
pub use split::parts_of;

/// What a part of the inventory is, so the screen can show a spinner or an error in the
/// right pane, `r` can retry exactly that part and a verdict can say what it waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    // Account-wide lists.
    RestApis,
    HttpApis,
    /// The custom domain names (their mappings are [`PartKind::DomainMappings`]).
    Domains,
    /// API keys with their values (compared, never shown).
    ApiKeys,
    /// Usage plans with their API stages and keys.
    UsagePlans,
    /// The account id (STS), for execute-api ARNs and AWS's masked messages.
    Account,
    // One API named by its id (an execute-api host), read without listing.
    ApiRecord,
    // One custom domain: its base path / API mappings (v1 and v2, merged) and routing rules.
    DomainMappings,
    // One API's parts.
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
            Self::ApiKeys => "API keys",
            Self::UsagePlans => "usage plans",
            Self::Account => "account id",
            Self::ApiRecord => "API",
            Self::DomainMappings => "mappings",
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

impl PartKind {
    /// The account-wide lists every other part hangs from (without them nothing is known).
    pub fn is_list(self) -> bool {
        matches!(self, Self::RestApis | Self::HttpApis | Self::Domains)
    }

    /// Whether a plan cannot be made without this part (an HTTP API's deployments only
    /// feed the rollback history: without them a deploy can still be planned).
    pub fn required_for_plans(self) -> bool {
        !matches!(self, PartKind::Deployments)
    }
}

impl ApiKind {
    /// The parts of one API of this kind, in the order a full load reads them
    /// (deployments after stages: which summaries to read depends on them).
    pub fn parts(self) -> &'static [PartKind] {
        match self {
            ApiKind::Rest => &[
                PartKind::Resources,
                PartKind::Stages,
                PartKind::Deployments,
                PartKind::Authorizers,
                PartKind::GatewayResponses,
                PartKind::RequestValidators,
            ],
            ApiKind::Http => &[
                PartKind::Routes,
                PartKind::Stages,
                PartKind::Deployments,
                PartKind::Authorizers,
                PartKind::Integrations,
            ],
        }
    }

    /// What a mutation's plans need of an API of this kind (deploy: the tree, stages and
    /// what they serve; CORS: the tree and gateway responses).
    pub fn mutation_parts(self) -> &'static [PartKind] {
        match self {
            ApiKind::Rest => &[
                PartKind::Resources,
                PartKind::Stages,
                PartKind::Deployments,
                PartKind::GatewayResponses,
            ],
            ApiKind::Http => &[PartKind::Routes, PartKind::Stages, PartKind::Deployments],
        }
    }

    /// The part holding the tree the Resources/Routes pane shows.
    pub fn tree_part(self) -> PartKind {
        match self {
            ApiKind::Rest => PartKind::Resources,
            ApiKind::Http => PartKind::Routes,
        }
    }
}

/// Whose part it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Account,
    Api(ApiRef),
    /// An API known only by its id (and the region its host names, when it is not the
    /// inventory's): whether it is a REST or an HTTP API is what the read finds out.
    ApiId {
        id: String,
        region: Option<String>,
    },
    /// A custom domain name (lowercase).
    Domain(String),
}

/// One part: account-wide, of one API, of an API known by id, or of one domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartKey {
    pub subject: Subject,
    pub kind: PartKind,
}

impl PartKey {
    pub fn account(kind: PartKind) -> Self {
        Self {
            subject: Subject::Account,
            kind,
        }
    }

    pub fn of(api: ApiRef, kind: PartKind) -> Self {
        Self {
            subject: Subject::Api(api),
            kind,
        }
    }

    /// The record of the API with this id (GetRestApi, else GetApi), in `region` when it
    /// is not the inventory's.
    pub fn api_by_id(id: &str, region: Option<&str>) -> Self {
        Self {
            subject: Subject::ApiId {
                id: id.to_ascii_lowercase(),
                region: region.map(str::to_string),
            },
            kind: PartKind::ApiRecord,
        }
    }

    /// One custom domain's mappings and routing rules.
    pub fn domain(name: &str) -> Self {
        Self {
            subject: Subject::Domain(name.to_ascii_lowercase()),
            kind: PartKind::DomainMappings,
        }
    }

    /// The API this part belongs to, if it is one API's part.
    pub fn api(&self) -> Option<&ApiRef> {
        match &self.subject {
            Subject::Api(a) => Some(a),
            _ => None,
        }
    }

    /// `orders-api's stages`, `the REST API list`, `api.example.com's mappings`, `API
    /// a1b2c3d4e5`: what "reading …" names.
    pub fn describe(&self, inv: &Inventory) -> String {
        match &self.subject {
            Subject::Account => format!("the {} list", self.kind.label()),
            Subject::Api(api) => format!("{}'s {}", inv.api_name(&api.id), self.kind.label()),
            Subject::ApiId { id, region: None } => format!("API {id}"),
            Subject::ApiId {
                id,
                region: Some(r),
            } => format!("API {id} in {r}"),
            Subject::Domain(d) => format!("{d}'s {}", self.kind.label()),
        }
    }

    /// `orders-api (a1b2c3d4e5): stages`, or `REST APIs` for an account part: how a failed
    /// part is named in issues and error lines.
    pub fn label(&self, inv: &Inventory) -> String {
        match &self.subject {
            Subject::Account => self.kind.label().to_string(),
            Subject::Api(api) => format!(
                "{} ({}): {}",
                inv.api_name(&api.id),
                api.id,
                self.kind.label()
            ),
            Subject::ApiId { .. } | Subject::Domain(_) => self.describe(inv),
        }
    }
}

/// An API read by its id: whichever kind it turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum FoundApi {
    Rest(Box<RestApi>),
    Http(Box<HttpApi>),
}

/// One piece of data as it arrives.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadPart {
    /// The list of REST APIs (their parts still empty).
    RestApis(Vec<RestApi>),
    /// The list of HTTP APIs (their parts still empty).
    HttpApis(Vec<HttpApi>),
    /// The custom domain names (mappings and rules come per domain).
    Domains(Vec<DomainName>),
    ApiKeys(Vec<ApiKey>),
    UsagePlans(Vec<UsagePlan>),
    /// The account id the credentials belong to (`None` when STS cannot tell).
    Account {
        account_id: Option<String>,
    },
    /// The API an id names; `None` when no API has that id (in that region).
    ApiRecord {
        id: String,
        api: Option<FoundApi>,
    },
    /// One domain with its mappings (v1 and v2 merged by key) and routing rules; `None`
    /// when no such domain exists.
    DomainMappings {
        name: String,
        domain: Option<Box<DomainName>>,
    },
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

impl LoadPart {
    /// The API whose own parts this fills (not lists or by-id records).
    pub fn api(&self) -> Option<ApiRef> {
        let (kind, id) = match self {
            Self::Resources { api_id, .. }
            | Self::RestStages { api_id, .. }
            | Self::RestDeployments { api_id, .. }
            | Self::RestAuthorizers { api_id, .. }
            | Self::GatewayResponses { api_id, .. }
            | Self::RequestValidators { api_id, .. } => (ApiKind::Rest, api_id),
            Self::Routes { api_id, .. }
            | Self::HttpStages { api_id, .. }
            | Self::HttpDeployments { api_id, .. }
            | Self::HttpAuthorizers { api_id, .. }
            | Self::Integrations { api_id, .. } => (ApiKind::Http, api_id),
            _ => return None,
        };
        Some(ApiRef {
            kind,
            id: id.clone(),
        })
    }

    /// The kind of part this is.
    pub fn kind(&self) -> PartKind {
        match self {
            Self::RestApis(_) => PartKind::RestApis,
            Self::HttpApis(_) => PartKind::HttpApis,
            Self::Domains(_) => PartKind::Domains,
            Self::ApiKeys(_) => PartKind::ApiKeys,
            Self::UsagePlans(_) => PartKind::UsagePlans,
            Self::Account { .. } => PartKind::Account,
            Self::ApiRecord { .. } => PartKind::ApiRecord,
            Self::DomainMappings { .. } => PartKind::DomainMappings,
            Self::Resources { .. } => PartKind::Resources,
            Self::RestStages { .. } | Self::HttpStages { .. } => PartKind::Stages,
            Self::RestDeployments { .. } | Self::HttpDeployments { .. } => PartKind::Deployments,
            Self::RestAuthorizers { .. } | Self::HttpAuthorizers { .. } => PartKind::Authorizers,
            Self::GatewayResponses { .. } => PartKind::GatewayResponses,
            Self::RequestValidators { .. } => PartKind::RequestValidators,
            Self::Routes { .. } => PartKind::Routes,
            Self::Integrations { .. } => PartKind::Integrations,
        }
    }

    /// The key this part fills (a by-id record: in the region of the API it found).
    pub fn key(&self) -> PartKey {
        if let Some(api) = self.api() {
            return PartKey::of(api, self.kind());
        }
        match self {
            Self::ApiRecord { id, api } => {
                let region = match api {
                    Some(FoundApi::Rest(a)) => a.region.as_deref(),
                    Some(FoundApi::Http(a)) => a.region.as_deref(),
                    None => None,
                };
                PartKey::api_by_id(id, region)
            }
            Self::DomainMappings { name, .. } => PartKey::domain(name),
            other => PartKey::account(other.kind()),
        }
    }
}
