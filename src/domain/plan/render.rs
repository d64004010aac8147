//! Plan steps as `aws` CLI lines a person can paste into a POSIX shell: every argument
//! that is not plainly safe is single-quoted, and map/list arguments are JSON.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{MethodTarget, Mutation, PatchOp};
use crate::domain::model::{ApiKind, CorsConfiguration};

const V1: &str = "apigateway";
const V2: &str = "apigatewayv2";

/// Quotes one shell word: left alone when made only of safe characters, else wrapped in
/// single quotes (a `'` inside becomes `'\''`).
pub fn shell_quote(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-./=:,@%+".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// A command line built from words; values are quoted as they are added.
struct Line(Vec<String>);

impl Line {
    fn new(service: &str, op: &str) -> Self {
        Self(vec!["aws".into(), service.into(), op.into()])
    }

    fn arg(mut self, name: &str, value: &str) -> Self {
        self.0.push(name.to_string());
        self.0.push(shell_quote(value));
        self
    }

    fn opt(self, name: &str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.arg(name, v),
            None => self,
        }
    }

    fn flag(mut self, name: &str) -> Self {
        self.0.push(name.to_string());
        self
    }

    fn json(self, name: &str, value: &Value) -> Self {
        self.arg(name, &value.to_string())
    }

    /// A string map as JSON, left out when empty.
    fn map_if_any(self, name: &str, m: &BTreeMap<String, String>) -> Self {
        if m.is_empty() {
            self
        } else {
            self.json(name, &string_map(m))
        }
    }

    fn target(self, t: &MethodTarget) -> Self {
        self.arg("--rest-api-id", &t.rest_api_id)
            .arg("--resource-id", &t.resource_id)
            .arg("--http-method", &t.http_method)
    }

    fn finish(self, region: Option<&str>) -> String {
        self.opt("--region", region).0.join(" ")
    }
}

fn string_map(m: &BTreeMap<String, String>) -> Value {
    Value::Object(
        m.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

fn patch(ops: &[PatchOp]) -> Value {
    Value::Array(
        ops.iter()
            .map(|p| {
                let mut o = Map::new();
                o.insert("op".into(), json!(p.op));
                o.insert("path".into(), json!(p.path));
                if let Some(v) = &p.value {
                    o.insert("value".into(), json!(v));
                }
                Value::Object(o)
            })
            .collect(),
    )
}

/// The `--cors-configuration` argument of `aws apigatewayv2 update-api`.
fn cors_json(c: &CorsConfiguration) -> Value {
    let mut o = Map::new();
    o.insert("AllowOrigins".into(), json!(c.allow_origins));
    o.insert("AllowMethods".into(), json!(c.allow_methods));
    o.insert("AllowHeaders".into(), json!(c.allow_headers));
    o.insert("ExposeHeaders".into(), json!(c.expose_headers));
    if let Some(m) = c.max_age {
        o.insert("MaxAge".into(), json!(m));
    }
    o.insert("AllowCredentials".into(), json!(c.allow_credentials));
    Value::Object(o)
}

/// The CLI line of one mutation.
pub(super) fn cli(m: &Mutation, region: Option<&str>) -> String {
    let line = stage_line(m)
        .or_else(|| method_line(m))
        .or_else(|| response_line(m))
        .or_else(|| api_line(m));
    match line {
        Some(l) => l.finish(region),
        None => format!("# {} has no CLI form", m.operation()),
    }
}

/// Deployments and stage updates.
fn stage_line(m: &Mutation) -> Option<Line> {
    Some(match m {
        Mutation::CreateDeployment {
            rest_api_id,
            stage_name,
            description,
        } => Line::new(V1, "create-deployment")
            .arg("--rest-api-id", rest_api_id)
            .arg("--stage-name", stage_name)
            .opt("--description", description.as_deref()),
        Mutation::CreateHttpDeployment {
            api_id,
            stage_name,
            description,
        } => Line::new(V2, "create-deployment")
            .arg("--api-id", api_id)
            .arg("--stage-name", stage_name)
            .opt("--description", description.as_deref()),
        Mutation::UpdateStageDeployment {
            api,
            stage_name,
            deployment_id,
        } => match api.kind {
            ApiKind::Rest => Line::new(V1, "update-stage")
                .arg("--rest-api-id", &api.id)
                .arg("--stage-name", stage_name)
                .json(
                    "--patch-operations",
                    &patch(&[PatchOp::new(
                        "replace",
                        "/deploymentId",
                        Some(deployment_id.clone()),
                    )]),
                ),
            ApiKind::Http => Line::new(V2, "update-stage")
                .arg("--api-id", &api.id)
                .arg("--stage-name", stage_name)
                .arg("--deployment-id", deployment_id),
        },
        Mutation::UpdateStageLogging {
            rest_api_id,
            stage_name,
            level,
            data_trace,
        } => Line::new(V1, "update-stage")
            .arg("--rest-api-id", rest_api_id)
            .arg("--stage-name", stage_name)
            .json(
                "--patch-operations",
                &patch(&super::logs::logging_patch(*level, *data_trace)),
            ),
        _ => return None,
    })
}

/// A REST method, its integration and their responses; gateway responses.
fn method_line(m: &Mutation) -> Option<Line> {
    Some(match m {
        Mutation::PutMethod {
            target,
            authorization_type,
            api_key_required,
        } => Line::new(V1, "put-method")
            .target(target)
            .arg("--authorization-type", authorization_type.as_aws())
            .flag(if *api_key_required {
                "--api-key-required"
            } else {
                "--no-api-key-required"
            }),
        Mutation::UpdateMethod { target, patch: ops } => Line::new(V1, "update-method")
            .target(target)
            .json("--patch-operations", &patch(ops)),
        Mutation::PutIntegration {
            target,
            integration_type,
            request_templates,
        } => Line::new(V1, "put-integration")
            .target(target)
            .arg("--type", integration_type.as_aws())
            .map_if_any("--request-templates", request_templates),
        Mutation::PutGatewayResponse {
            rest_api_id,
            response_type,
            status_code,
            response_parameters,
            response_templates,
        } => Line::new(V1, "put-gateway-response")
            .arg("--rest-api-id", rest_api_id)
            .arg("--response-type", response_type)
            .opt("--status-code", status_code.as_deref())
            .json("--response-parameters", &string_map(response_parameters))
            .map_if_any("--response-templates", response_templates),
        _ => return None,
    })
}

/// Method and integration responses.
fn response_line(m: &Mutation) -> Option<Line> {
    Some(match m {
        Mutation::PutMethodResponse {
            target,
            status_code,
            response_parameters,
        } => Line::new(V1, "put-method-response")
            .target(target)
            .arg("--status-code", status_code)
            .json("--response-parameters", &json!(response_parameters)),
        Mutation::UpdateMethodResponse {
            target,
            status_code,
            patch: ops,
        } => Line::new(V1, "update-method-response")
            .target(target)
            .arg("--status-code", status_code)
            .json("--patch-operations", &patch(ops)),
        Mutation::PutIntegrationResponse {
            target,
            status_code,
            response_parameters,
            response_templates,
        } => Line::new(V1, "put-integration-response")
            .target(target)
            .arg("--status-code", status_code)
            .json("--response-parameters", &string_map(response_parameters))
            .map_if_any("--response-templates", response_templates),
        _ => return None,
    })
}

/// HTTP API settings.
fn api_line(m: &Mutation) -> Option<Line> {
    Some(match m {
        Mutation::UpdateHttpApiCors { api_id, cors } => Line::new(V2, "update-api")
            .arg("--api-id", api_id)
            .json("--cors-configuration", &cors_json(cors)),
        _ => return None,
    })
}
