//! Stages, deployments and authorizers (both API kinds).

use super::*;

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

#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
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
