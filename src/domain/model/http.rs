//! HTTP APIs (apigatewayv2): routes, CORS configuration, integrations.

use super::*;

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
    /// Set when the API was read in another region than the inventory's (a URL named it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
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
