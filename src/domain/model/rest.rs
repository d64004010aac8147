//! REST APIs (apigateway v1): resources, methods, integrations, gateway responses.

use super::*;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RestApi {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// Set when the API was read in another region than the inventory's (a URL named it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
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
    /// The resource policy as AWS returns it (a JSON document, often escaped once more).
    pub policy: Option<String>,
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
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
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
    /// The AWS spelling, e.g. `AWS_PROXY`.
    pub fn as_aws(&self) -> &'static str {
        self.into()
    }

    /// Parses the AWS spelling; anything else is `Unknown`.
    pub fn from_aws(s: &str) -> Self {
        s.parse().unwrap_or(Self::Unknown)
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
