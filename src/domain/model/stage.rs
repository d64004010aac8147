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
    /// Typed: [`Stage::log_level`].
    pub execution_log_level: Option<String>,
    pub data_trace_enabled: bool,
    /// CloudWatch metrics (REST `*/*` method settings).
    pub metrics_enabled: bool,
    pub tracing_enabled: bool,
    pub access_log_destination: Option<String>,
    /// The access log line format (`$context.requestId …`), when access logs are on.
    pub access_log_format: Option<String>,
    /// REST per-method overrides of the `*/*` logging settings, by method settings key
    /// (`~1orders/GET`: resource path with `/` as `~1`, then the method).
    pub method_logging: BTreeMap<String, MethodLogging>,
    pub canary: Option<CanarySettings>,
    pub variables: BTreeMap<String, String>,
}

impl Stage {
    /// The stage-wide execution log level (`OFF` when absent or not understood).
    pub fn log_level(&self) -> LogLevel {
        self.execution_log_level
            .as_deref()
            .and_then(LogLevel::from_aws)
            .unwrap_or_default()
    }
}

/// REST execution logging level (`loggingLevel`; absent means `OFF`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum LogLevel {
    #[default]
    Off,
    Error,
    Info,
}

impl LogLevel {
    /// The AWS spelling: `OFF`, `ERROR`, `INFO`.
    pub fn as_aws(self) -> &'static str {
        match self {
            Self::Off => "OFF",
            Self::Error => "ERROR",
            Self::Info => "INFO",
        }
    }

    /// Parses the AWS spelling (any case); `None` for anything else.
    pub fn from_aws(s: &str) -> Option<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "OFF" => Some(Self::Off),
            "ERROR" => Some(Self::Error),
            "INFO" => Some(Self::Info),
            _ => None,
        }
    }
}

/// One method's logging settings where they override the stage's `*/*` ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MethodLogging {
    /// `None` when the override does not set a level (the stage's applies).
    pub level: Option<LogLevel>,
    pub data_trace: bool,
    pub metrics: bool,
}

/// Account-wide API Gateway settings that logging depends on (`GetAccount`), per region.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountSettings {
    /// The role API Gateway uses to write execution logs to CloudWatch (`cloudwatchRoleArn`).
    pub cloudwatch_role_arn: Option<String>,
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
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray)]
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
