//! The request a person describes and the verdict API Gateway would give it.
//! The JSON shape of [`Verdict`] is the `apigw match --json` contract (shared/CLI.md).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::load::{Coverage, LoadError, PartKey};
use crate::domain::model::{ApiKind, ApiRef, AuthorizationType};

mod json;

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

/// Where a bare path (no host) is routed (the API and stage selected in the TUI), and
/// which parts of the inventory have been read.
#[derive(Debug, Clone, Default)]
pub struct MatchContext<'c> {
    pub api: Option<ApiRef>,
    pub stage: Option<String>,
    /// `None`: the inventory is complete (demo, snapshot, a whole load).
    pub coverage: Option<&'c Coverage>,
    /// What the user says about the caller (resource-policy conditions).
    pub caller: CallerContext,
}

/// The caller as the user describes it (`--source-ip`, `--vpce`): the facts resource
/// policy conditions test (`aws:SourceIp`, `aws:SourceVpce`, `aws:SourceVpc`). A fact not
/// given makes a condition on it "depends on the caller" (`likely`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallerContext {
    pub source_ip: Option<std::net::IpAddr>,
    /// Interface VPC endpoint id, e.g. `vpce-0a1b2c3d`.
    pub vpce: Option<String>,
    /// VPC id, e.g. `vpc-2f09a348`.
    pub vpc: Option<String>,
}

impl CallerContext {
    /// A caller described in words, in any order, separated by spaces, commas or `;`:
    /// an IP address, `vpce-…`, `vpc-…` (the TUI's caller field). Returns the words that
    /// are none of these (ignored).
    pub fn parse(text: &str) -> (Self, Vec<String>) {
        let mut c = Self::default();
        let mut bad = Vec::new();
        for word in text
            .split(|ch: char| ch.is_whitespace() || ch == ',' || ch == ';')
            .filter(|w| !w.is_empty())
        {
            if let Ok(ip) = word.parse::<std::net::IpAddr>() {
                c.source_ip = Some(ip);
            } else if is_aws_id(word, "vpce-") {
                c.vpce = Some(word.to_string());
            } else if is_aws_id(word, "vpc-") {
                c.vpc = Some(word.to_string());
            } else {
                bad.push(word.to_string());
            }
        }
        (c, bad)
    }
}

/// `prefix` followed by letters, digits and dashes (e.g. `vpce-0a1b2c3d`).
pub fn is_aws_id(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix).is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    })
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
    ApiKeyUnknown,
    ApiKeyDisabled,
    ApiKeyNotInPlan,
    PolicyDenied,
    PolicyNotAllowed,
    IdentityMissing,
    AuthorizerDeny,
    RequestInvalid,
    CorsPreflight,
    /// A part the verdict needs is still being read (the TUI shows what; the CLI waits).
    Pending,
    /// A part the verdict needs could not be read: the answer is unknown on that point.
    Unknown,
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiSummary {
    pub id: String,
    pub name: String,
    /// REST or HTTP (`protocol` in JSON).
    pub kind: ApiKind,
}

impl ApiSummary {
    pub fn api_ref(&self) -> ApiRef {
        ApiRef {
            kind: self.kind,
            id: self.id.clone(),
        }
    }
}

/// How a custom domain chose the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainRoute {
    /// A base path / API mapping; the key is `""` for `(none)`.
    Mapping(String),
    /// A routing rule, by priority.
    Rule { priority: i32 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainHit {
    pub name: String,
    pub via: DomainRoute,
}

impl DomainHit {
    /// As the console and the JSON contract show it: the mapping key (`(none)` for the
    /// empty key), or `rule:<priority>`.
    pub fn label(&self) -> String {
        match &self.via {
            DomainRoute::Mapping(k) if k.is_empty() => "(none)".to_string(),
            DomainRoute::Mapping(k) => k.clone(),
            DomainRoute::Rule { priority } => format!("rule:{priority}"),
        }
    }
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

/// A part a verdict rests on that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    pub part: PartKey,
    /// How the part is named (`orders-api (a1b2c3d4e5): stages`).
    pub label: String,
    pub error: LoadError,
}

/// What API Gateway would answer, and why. Serialises to the `apigw match --json` shape
/// (through its own serialisation struct, `verdict/json.rs`).
#[derive(Debug, Clone, PartialEq)]
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
    /// The parts the verdict waits for (reason `Pending`), first the one it needs next.
    pub pending: Vec<PartKey>,
    /// What is being read, in words (`reading orders-api's stages`), while pending.
    pub reading: Option<String>,
    /// Parts the verdict rests on that could not be read: it is unknown on those points.
    pub unread: Vec<Unread>,
    /// Not part of the JSON contract: for the URL bar only.
    pub progress: PathProgress,
    /// Not part of the JSON contract: the match exists in the working tree and a
    /// deployment of this stage would make it live (the TUI offers `D`).
    pub deploy_would_fix: bool,
    /// Not part of the JSON contract: for a browser preflight (OPTIONS with `Origin`),
    /// whether the browser would accept the answer (`None` when not a preflight).
    pub preflight_ok: Option<bool>,
}

impl Verdict {
    /// Exit status of `apigw match`: 0 when the request reaches the integration or a
    /// preflight is answered, 1 when the gateway rejects it, 2 when what it needs could not
    /// be read.
    pub fn exit_code(&self) -> i32 {
        match self.reason {
            Reason::Matched | Reason::CorsPreflight if self.status.is_none_or(|s| s < 400) => 0,
            Reason::Pending | Reason::Unknown => 2,
            _ => 1,
        }
    }

    /// Still waiting for a part.
    pub fn is_pending(&self) -> bool {
        self.reason == Reason::Pending
    }
}
