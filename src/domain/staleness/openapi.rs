//! What an HTTP API stage serves, read from its OpenAPI export (`ExportApi` with
//! `stageName`, `OAS30`, extensions included): AWS gives HTTP deployments no summary, but
//! the export of a stage is what that stage serves.

use serde_json::Value;

use crate::domain::model::{AuthorizationType, DeployedSummary, MethodSummary};

const VERBS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];
const ANY: &str = "x-amazon-apigateway-any-method";

/// The auth type a security requirement names, looked up in `components.securitySchemes`.
fn auth_of(doc: &Value, op: &Value) -> AuthorizationType {
    let Some(name) = op
        .get("security")
        .and_then(Value::as_array)
        .and_then(|reqs| {
            reqs.iter()
                .find_map(|r| r.as_object()?.keys().next().cloned())
        })
    else {
        return AuthorizationType::None;
    };
    let scheme = &doc["components"]["securitySchemes"][name.as_str()];
    if scheme["x-amazon-apigateway-authtype"].as_str() == Some("awsSigv4") || name == "sigv4" {
        return AuthorizationType::AwsIam;
    }
    match scheme["x-amazon-apigateway-authorizer"]["type"].as_str() {
        Some(t) if t.eq_ignore_ascii_case("jwt") => AuthorizationType::Jwt,
        Some(_) => AuthorizationType::Custom,
        None if scheme["type"].as_str() == Some("oauth2") => AuthorizationType::Jwt,
        None => AuthorizationType::Custom,
    }
}

/// The summary of an HTTP API stage's OpenAPI export: path → method → auth. The default
/// route (`/$default`) is path `$default`, method `ANY`, as the working summary has it.
/// `None` when the document has no `paths` object.
pub fn summary_from_openapi(doc: &Value) -> Option<DeployedSummary> {
    let paths = doc.get("paths")?.as_object()?;
    let mut out = DeployedSummary::new();
    for (path, item) in paths {
        let path = match path.as_str() {
            "/$default" | "$default" => "$default".to_string(),
            p => p.to_string(),
        };
        let Some(item) = item.as_object() else {
            continue;
        };
        for (key, op) in item {
            let method = if key == ANY {
                "ANY".to_string()
            } else if VERBS.contains(&key.as_str()) {
                key.to_ascii_uppercase()
            } else {
                continue;
            };
            let ms = MethodSummary {
                authorization_type: auth_of(doc, op),
                api_key_required: false,
            };
            out.entry(path.clone()).or_default().insert(method, ms);
        }
    }
    Some(out)
}
