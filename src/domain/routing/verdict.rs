//! The request a person describes and the verdict API Gateway would give it.
//! The JSON shape of [`Verdict`] is the `apigw match --json` contract (shared/CLI.md).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::model::{ApiKind, ApiRef, AuthorizationType};

/// A request exactly as described: method, URL and headers (as `curl` would send it).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Request {
    /// Upper-case method, `GET` by default.
    pub method: String,
    /// As typed: a full URL (`https://host/path?q`) or a bare path (`/prod/orders`).
    pub url: String,
    /// Header names as given; looked up case-insensitively.
    pub headers: Vec<(String, String)>,
    /// True when the request would be SigV4-signed (e.g. `awscurl`), even though no
    /// `Authorization` header was typed.
    pub signed: bool,
}

impl Request {
    pub fn new(method: &str, url: &str) -> Self {
        Self {
            method: method.to_ascii_uppercase(),
            url: url.to_string(),
            ..Self::default()
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Where a bare path (no host) is routed: the API and stage selected in the TUI.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MatchContext {
    pub api: Option<ApiRef>,
    pub stage: Option<String>,
}

/// Stable cause codes (ROUTING.md section 7); part of the `--json` contract.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Reason {
    Matched,
    UnknownHost,
    ExecuteApiDisabled,
    StageNotFound,
    NoMapping,
    NoResource,
    NoMethod,
    NoRoute,
    NotDeployed,
    IamUnsigned,
    ApiKeyMissing,
    IdentityMissing,
    AuthorizerDeny,
    RequestInvalid,
    CorsPreflight,
}

impl Reason {
    /// The code as `--json` spells it, e.g. `not_deployed`.
    pub fn code(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Certain,
    Likely,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiSummary {
    pub id: String,
    pub name: String,
    /// `REST` or `HTTP`.
    pub protocol: String,
}

impl ApiSummary {
    pub fn api_ref(&self) -> ApiRef {
        let kind = if self.protocol == "HTTP" {
            ApiKind::Http
        } else {
            ApiKind::Rest
        };
        ApiRef {
            kind,
            id: self.id.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainHit {
    pub name: String,
    /// The mapping key as the console shows it (`(none)` for the empty key), or
    /// `rule:<priority>` when a routing rule chose the API.
    pub mapping: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthSummary {
    #[serde(rename = "type")]
    pub kind: AuthorizationType,
    /// Authorizer name (or id when the name is unknown).
    pub authorizer: Option<String>,
    pub api_key_required: bool,
}

/// How far the typed path got: used by the URL bar to colour the part that matches and the
/// first segment that cannot. Byte offsets into the URL's path as typed (query excluded).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PathProgress {
    /// Bytes of the path (from its start) that matched something.
    pub matched_len: usize,
    /// Byte range of the first segment that cannot match, if any.
    pub failed: Option<(usize, usize)>,
}

/// What API Gateway would answer, and why. Serialises to the `apigw match --json` shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub url: String,
    pub method: String,
    /// `None` when the request reaches the integration.
    pub status: Option<u16>,
    pub message: Option<String>,
    pub error_type: Option<String>,
    pub reason: Reason,
    pub confidence: Confidence,
    pub api: Option<ApiSummary>,
    pub stage: Option<String>,
    pub domain: Option<DomainHit>,
    pub resource: Option<String>,
    pub route_key: Option<String>,
    pub matched_method: Option<String>,
    pub path_params: BTreeMap<String, String>,
    pub authorization: Option<AuthSummary>,
    pub explanation: String,
    pub suggestions: Vec<String>,
    /// Not part of the JSON contract: for the URL bar only.
    #[serde(skip)]
    pub progress: PathProgress,
    /// Not part of the JSON contract: the match exists in the working tree and a
    /// deployment of this stage would make it live (the TUI offers `D`).
    #[serde(skip)]
    pub deploy_would_fix: bool,
    /// Not part of the JSON contract: for a browser preflight (OPTIONS with `Origin`),
    /// whether the browser would accept the answer (`None` when not a preflight).
    #[serde(skip)]
    pub preflight_ok: Option<bool>,
}

impl Verdict {
    /// Exit status of `apigw match`: 0 when the request reaches the integration or a
    /// preflight is answered, 1 when the gateway rejects it.
    pub fn exit_code(&self) -> i32 {
        match self.reason {
            Reason::Matched | Reason::CorsPreflight if self.status.is_none_or(|s| s < 400) => 0,
            _ => 1,
        }
    }
}
