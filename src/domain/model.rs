//! The inventory of an API Gateway account as plain data.
//!
//! Everything the explorer knows about an account lives here: REST APIs (apigateway v1),
//! HTTP APIs (apigatewayv2), their stages, deployments and authorizers, and custom domain
//! names with their mappings and routing rules. SDK shapes are converted into these types at
//! the edge (`src/aws/convert.rs`); the demo account and snapshot files are these types as
//! JSON. No I/O, no async, no SDK types.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A point in time, always UTC, serialised as RFC 3339.
pub type Timestamp = DateTime<Utc>;

/// Everything loaded from one account and region (or the demo, or a snapshot).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Inventory {
    /// Region the inventory was read from, e.g. `eu-west-1`.
    pub region: Option<String>,
    /// Account id when known (from STS or an ARN).
    pub account_id: Option<String>,
    pub rest_apis: Vec<RestApi>,
    pub http_apis: Vec<HttpApi>,
    pub domains: Vec<DomainName>,
    /// Parts that could not be read, kept so a partial inventory says what it is missing.
    pub issues: Vec<LoadIssue>,
}

/// One part of the inventory that failed to load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadIssue {
    /// What was being read, e.g. `orders-api (a1b2c3d4e5): stages`.
    pub part: String,
    pub message: String,
}

/// Which kind of API an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApiKind {
    Rest,
    Http,
}

/// A reference to one API of the inventory.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ApiRef {
    pub kind: ApiKind,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EndpointType {
    #[default]
    Regional,
    Edge,
    Private,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApiKeySource {
    #[default]
    Header,
    Authorizer,
}

/// How a method or route is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum AuthorizationType {
    #[default]
    #[serde(rename = "NONE")]
    None,
    #[serde(rename = "AWS_IAM")]
    AwsIam,
    #[serde(rename = "COGNITO_USER_POOLS")]
    CognitoUserPools,
    /// A Lambda (TOKEN or REQUEST) authorizer on a REST API, or a Lambda authorizer on an
    /// HTTP API.
    #[serde(rename = "CUSTOM")]
    Custom,
    #[serde(rename = "JWT")]
    Jwt,
}

impl AuthorizationType {
    /// The AWS spelling, e.g. `AWS_IAM`.
    pub fn as_aws(self) -> &'static str {
        match self {
            Self::None => "NONE",
            Self::AwsIam => "AWS_IAM",
            Self::CognitoUserPools => "COGNITO_USER_POOLS",
            Self::Custom => "CUSTOM",
            Self::Jwt => "JWT",
        }
    }

    /// Parses the AWS spelling; anything unknown is `None` (the caller keeps the raw text).
    pub fn from_aws(s: &str) -> Option<Self> {
        Some(match s {
            "NONE" => Self::None,
            "AWS_IAM" => Self::AwsIam,
            "COGNITO_USER_POOLS" => Self::CognitoUserPools,
            "CUSTOM" => Self::Custom,
            "JWT" => Self::Jwt,
            _ => return None,
        })
    }

    /// The short badge shown in the tree (`""` for NONE).
    pub fn badge(self) -> &'static str {
        match self {
            Self::None => "",
            Self::AwsIam => "IAM",
            Self::CognitoUserPools => "COGNITO",
            Self::Custom => "LAMBDA",
            Self::Jwt => "JWT",
        }
    }
}

// ---------------------------------------------------------------------------------------
// REST APIs (apigateway v1)
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestApi {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub endpoint_type: EndpointType,
    /// VPC endpoint ids for PRIVATE APIs.
    pub vpc_endpoint_ids: Vec<String>,
    pub disable_execute_api_endpoint: bool,
    pub api_key_source: ApiKeySource,
    pub created_date: Option<Timestamp>,
    /// The working tree (what the console shows), not necessarily what is deployed.
    pub resources: Vec<Resource>,
    pub stages: Vec<Stage>,
    pub deployments: Vec<Deployment>,
    pub authorizers: Vec<Authorizer>,
    /// Customised gateway responses only (built-in defaults are implied).
    pub gateway_responses: Vec<GatewayResponse>,
    pub request_validators: Vec<RequestValidator>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Resource {
    pub id: String,
    pub parent_id: Option<String>,
    /// Full path, e.g. `/orders/{orderId}`; the root is `/`.
    pub path: String,
    /// Last segment, e.g. `{orderId}`; `None` for the root.
    pub path_part: Option<String>,
    pub methods: Vec<Method>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Method {
    /// `GET`, `POST`, …, or `ANY`.
    pub http_method: String,
    pub authorization_type: AuthorizationType,
    pub authorizer_id: Option<String>,
    pub api_key_required: bool,
    pub authorization_scopes: Vec<String>,
    pub request_validator_id: Option<String>,
    /// `method.request.header.X` / `method.request.querystring.Y` / `method.request.path.Z`
    /// → required.
    pub request_parameters: BTreeMap<String, bool>,
    pub integration: Option<Integration>,
    pub method_responses: Vec<MethodResponse>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IntegrationType {
    Aws,
    AwsProxy,
    Http,
    HttpProxy,
    #[default]
    Mock,
    #[serde(other)]
    Unknown,
}

impl IntegrationType {
    pub fn as_aws(&self) -> &'static str {
        match self {
            Self::Aws => "AWS",
            Self::AwsProxy => "AWS_PROXY",
            Self::Http => "HTTP",
            Self::HttpProxy => "HTTP_PROXY",
            Self::Mock => "MOCK",
            Self::Unknown => "UNKNOWN",
        }
    }

    pub fn from_aws(s: &str) -> Self {
        match s {
            "AWS" => Self::Aws,
            "AWS_PROXY" => Self::AwsProxy,
            "HTTP" => Self::Http,
            "HTTP_PROXY" => Self::HttpProxy,
            "MOCK" => Self::Mock,
            _ => Self::Unknown,
        }
    }

    /// Proxy integrations pass the backend's headers through (CORS headers must come from
    /// the backend).
    pub fn is_proxy(&self) -> bool {
        matches!(self, Self::AwsProxy | Self::HttpProxy)
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Integration {
    pub integration_type: IntegrationType,
    pub uri: Option<String>,
    pub http_method: Option<String>,
    /// Content type → template.
    pub request_templates: BTreeMap<String, String>,
    pub integration_responses: Vec<IntegrationResponse>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MethodResponse {
    pub status_code: String,
    /// `method.response.header.X` → required.
    pub response_parameters: BTreeMap<String, bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IntegrationResponse {
    pub status_code: String,
    pub selection_pattern: Option<String>,
    /// `method.response.header.X` → mapping expression, e.g. `'*'`.
    pub response_parameters: BTreeMap<String, String>,
    pub response_templates: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GatewayResponse {
    /// e.g. `MISSING_AUTHENTICATION_TOKEN`, `DEFAULT_4XX`.
    pub response_type: String,
    pub status_code: Option<String>,
    pub response_parameters: BTreeMap<String, String>,
    pub response_templates: BTreeMap<String, String>,
    /// True when this is AWS's untouched default.
    pub default_response: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestValidator {
    pub id: String,
    pub name: String,
    pub validate_request_body: bool,
    pub validate_request_parameters: bool,
}

// ---------------------------------------------------------------------------------------
// Stages, deployments, authorizers (both API kinds)
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Stage {
    pub name: String,
    pub deployment_id: Option<String>,
    pub description: Option<String>,
    pub created_date: Option<Timestamp>,
    pub last_updated_date: Option<Timestamp>,
    /// HTTP APIs: deploy automatically on every change.
    pub auto_deploy: bool,
    /// `OFF`, `ERROR` or `INFO` (REST `*/*` method settings; HTTP default route settings).
    pub execution_log_level: Option<String>,
    pub data_trace_enabled: bool,
    pub tracing_enabled: bool,
    pub access_log_destination: Option<String>,
    pub canary: Option<CanarySettings>,
    pub variables: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CanarySettings {
    pub deployment_id: Option<String>,
    pub percent_traffic: f64,
    pub stage_variable_overrides: BTreeMap<String, String>,
    pub use_stage_cache: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Deployment {
    pub id: String,
    pub created_date: Option<Timestamp>,
    pub description: Option<String>,
    /// What the deployment serves. `None` when unknown (e.g. the API did not embed the
    /// summary): never treat unknown as up to date.
    pub summary: Option<DeployedSummary>,
}

/// What a deployment serves: path → method → how it is protected. REST: from
/// `GetDeployment?embed=apisummary`. HTTP: route keys split into path and method
/// (`$default` is path `$default`, method `ANY`).
pub type DeployedSummary = BTreeMap<String, BTreeMap<String, MethodSummary>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MethodSummary {
    pub authorization_type: AuthorizationType,
    pub api_key_required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthorizerType {
    /// REST Lambda authorizer reading one token.
    #[default]
    Token,
    /// REST (or HTTP) Lambda authorizer reading request parameters.
    Request,
    CognitoUserPools,
    Jwt,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Authorizer {
    pub id: String,
    pub name: String,
    pub authorizer_type: AuthorizerType,
    /// As AWS spells them: REST `method.request.header.Authorization`, HTTP
    /// `$request.header.Authorization`; one entry per source.
    pub identity_sources: Vec<String>,
    /// TOKEN authorizers: a regex the token must match before the Lambda is called.
    pub identity_validation_expression: Option<String>,
    pub result_ttl_seconds: Option<i32>,
    /// Cognito user pool ARNs.
    pub provider_arns: Vec<String>,
    /// Lambda authorizer invocation URI.
    pub authorizer_uri: Option<String>,
    pub jwt_issuer: Option<String>,
    pub jwt_audience: Vec<String>,
}

// ---------------------------------------------------------------------------------------
// HTTP APIs (apigatewayv2)
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Protocol {
    #[default]
    Http,
    Websocket,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpApi {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub protocol: Protocol,
    /// e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com`.
    pub api_endpoint: Option<String>,
    pub disable_execute_api_endpoint: bool,
    pub created_date: Option<Timestamp>,
    pub cors: Option<CorsConfiguration>,
    pub routes: Vec<Route>,
    pub stages: Vec<Stage>,
    pub deployments: Vec<Deployment>,
    pub authorizers: Vec<Authorizer>,
    pub integrations: Vec<HttpIntegration>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CorsConfiguration {
    pub allow_origins: Vec<String>,
    pub allow_methods: Vec<String>,
    pub allow_headers: Vec<String>,
    pub expose_headers: Vec<String>,
    pub max_age: Option<i32>,
    pub allow_credentials: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Route {
    pub id: String,
    /// `GET /orders/{id}`, `ANY /{proxy+}` or `$default`.
    pub route_key: String,
    pub authorization_type: AuthorizationType,
    pub authorizer_id: Option<String>,
    pub api_key_required: bool,
    pub authorization_scopes: Vec<String>,
    /// `integrations/abc123`.
    pub target: Option<String>,
}

impl Route {
    /// Splits the route key into (method, path); `$default` gives `None`.
    pub fn method_and_path(&self) -> Option<(&str, &str)> {
        self.route_key.split_once(' ')
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpIntegration {
    pub id: String,
    pub integration_type: String,
    pub integration_uri: Option<String>,
    pub payload_format_version: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Custom domain names
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RoutingMode {
    #[default]
    ApiMappingOnly,
    RoutingRuleThenApiMapping,
    RoutingRuleOnly,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DomainName {
    /// e.g. `api.example.com` (lowercase).
    pub name: String,
    pub endpoint_type: EndpointType,
    pub routing_mode: RoutingMode,
    /// The CloudFront or regional target a DNS record must point at.
    pub target_domain_name: Option<String>,
    pub certificate_arn: Option<String>,
    pub security_policy: Option<String>,
    pub mappings: Vec<Mapping>,
    pub routing_rules: Vec<RoutingRule>,
}

/// A base path mapping (v1) or API mapping (v2). `key` is `""` for the `(none)` mapping and
/// may have several levels (`v1/billing`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Mapping {
    pub id: Option<String>,
    pub key: String,
    pub api_id: String,
    pub stage: String,
}

impl Mapping {
    /// How the console shows the key: `(none)` for the empty key.
    pub fn display_key(&self) -> &str {
        if self.key.is_empty() {
            "(none)"
        } else {
            &self.key
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RoutingRule {
    pub id: Option<String>,
    /// Lower runs first.
    pub priority: i32,
    /// All must hold.
    pub conditions: Vec<RuleCondition>,
    pub action: RuleAction,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleCondition {
    /// Holds when any of the headers matches (name case-insensitive, value glob with `*`).
    Headers { any_of: Vec<HeaderMatch> },
    /// Holds when the path starts with any of the base paths (whole segments,
    /// case-sensitive).
    BasePaths { any_of: Vec<String> },
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HeaderMatch {
    pub header: String,
    pub value_glob: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleAction {
    pub api_id: String,
    pub stage: String,
    pub strip_base_path: bool,
}

// ---------------------------------------------------------------------------------------
// Look-ups
// ---------------------------------------------------------------------------------------

impl Inventory {
    pub fn rest_api(&self, id: &str) -> Option<&RestApi> {
        self.rest_apis.iter().find(|a| a.id == id)
    }

    pub fn http_api(&self, id: &str) -> Option<&HttpApi> {
        self.http_apis.iter().find(|a| a.id == id)
    }

    pub fn rest_api_mut(&mut self, id: &str) -> Option<&mut RestApi> {
        self.rest_apis.iter_mut().find(|a| a.id == id)
    }

    pub fn http_api_mut(&mut self, id: &str) -> Option<&mut HttpApi> {
        self.http_apis.iter_mut().find(|a| a.id == id)
    }

    /// The kind of API an id names, if loaded.
    pub fn api_kind(&self, id: &str) -> Option<ApiKind> {
        if self.rest_api(id).is_some() {
            Some(ApiKind::Rest)
        } else if self.http_api(id).is_some() {
            Some(ApiKind::Http)
        } else {
            None
        }
    }

    /// Finds an API by id, or else by exact name, or else by case-insensitive name.
    /// Several APIs sharing a name is ambiguous: `Err` lists their ids.
    pub fn find_api(&self, name_or_id: &str) -> Result<ApiRef, FindApiError> {
        let all = self
            .rest_apis
            .iter()
            .map(|a| (ApiKind::Rest, &a.id, &a.name))
            .chain(
                self.http_apis
                    .iter()
                    .map(|a| (ApiKind::Http, &a.id, &a.name)),
            );
        let all: Vec<_> = all.collect();
        if let Some((kind, id, _)) = all.iter().find(|(_, id, _)| id.as_str() == name_or_id) {
            return Ok(ApiRef {
                kind: *kind,
                id: (*id).clone(),
            });
        }
        for exact in [true, false] {
            let hits: Vec<_> = all
                .iter()
                .filter(|(_, _, name)| {
                    if exact {
                        name.as_str() == name_or_id
                    } else {
                        name.eq_ignore_ascii_case(name_or_id)
                    }
                })
                .collect();
            match hits.as_slice() {
                [] => continue,
                [(kind, id, _)] => {
                    return Ok(ApiRef {
                        kind: *kind,
                        id: (*id).clone(),
                    })
                }
                many => {
                    return Err(FindApiError::Ambiguous(
                        many.iter().map(|(_, id, _)| (*id).clone()).collect(),
                    ))
                }
            }
        }
        Err(FindApiError::NotFound)
    }

    /// The display name of an API id (the id itself when unknown).
    pub fn api_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.rest_api(id)
            .map(|a| a.name.as_str())
            .or_else(|| self.http_api(id).map(|a| a.name.as_str()))
            .unwrap_or(id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindApiError {
    NotFound,
    Ambiguous(Vec<String>),
}

impl std::fmt::Display for FindApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound => write!(f, "no API with that name or id"),
            Self::Ambiguous(ids) => {
                write!(
                    f,
                    "several APIs share that name; use an id: {}",
                    ids.join(", ")
                )
            }
        }
    }
}

impl RestApi {
    pub fn stage(&self, name: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.name == name)
    }

    pub fn deployment(&self, id: &str) -> Option<&Deployment> {
        self.deployments.iter().find(|d| d.id == id)
    }

    pub fn authorizer(&self, id: &str) -> Option<&Authorizer> {
        self.authorizers.iter().find(|a| a.id == id)
    }

    pub fn resource_by_path(&self, path: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.path == path)
    }

    /// The working tree as a summary (what a new deployment would serve).
    pub fn working_summary(&self) -> DeployedSummary {
        let mut out = DeployedSummary::new();
        for r in &self.resources {
            if r.methods.is_empty() {
                continue;
            }
            let entry = out.entry(r.path.clone()).or_default();
            for m in &r.methods {
                entry.insert(
                    m.http_method.clone(),
                    MethodSummary {
                        authorization_type: m.authorization_type,
                        api_key_required: m.api_key_required,
                    },
                );
            }
        }
        out
    }

    /// What `stage` serves: its deployment's summary, `None` when unknown.
    pub fn deployed_summary(&self, stage: &str) -> Option<&DeployedSummary> {
        let dep = self.stage(stage)?.deployment_id.as_deref()?;
        self.deployment(dep)?.summary.as_ref()
    }

    /// The invoke URL of a stage on the execute-api host.
    pub fn invoke_url(&self, region: &str, stage: &str) -> String {
        format!(
            "https://{}.execute-api.{region}.amazonaws.com/{stage}",
            self.id
        )
    }
}

impl HttpApi {
    pub fn stage(&self, name: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.name == name)
    }

    pub fn deployment(&self, id: &str) -> Option<&Deployment> {
        self.deployments.iter().find(|d| d.id == id)
    }

    pub fn authorizer(&self, id: &str) -> Option<&Authorizer> {
        self.authorizers.iter().find(|a| a.id == id)
    }

    pub fn route(&self, route_key: &str) -> Option<&Route> {
        self.routes.iter().find(|r| r.route_key == route_key)
    }

    /// The routes as a summary (what a new deployment would serve).
    pub fn working_summary(&self) -> DeployedSummary {
        let mut out = DeployedSummary::new();
        for r in &self.routes {
            let (method, path) = r.method_and_path().unwrap_or(("ANY", r.route_key.as_str()));
            out.entry(path.to_string()).or_default().insert(
                method.to_string(),
                MethodSummary {
                    authorization_type: r.authorization_type,
                    api_key_required: r.api_key_required,
                },
            );
        }
        out
    }

    /// The invoke URL of a stage (`$default` has no stage segment).
    pub fn invoke_url(&self, region: &str, stage: &str) -> String {
        let base = self
            .api_endpoint
            .clone()
            .unwrap_or_else(|| format!("https://{}.execute-api.{region}.amazonaws.com", self.id));
        if stage == "$default" {
            base
        } else {
            format!("{base}/{stage}")
        }
    }
}

impl DomainName {
    /// The mapping with exactly this key (`""` for `(none)`).
    pub fn mapping(&self, key: &str) -> Option<&Mapping> {
        self.mappings.iter().find(|m| m.key == key)
    }
}
