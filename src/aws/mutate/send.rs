//! One plan step → one API Gateway call, sent exactly once: these clients have retries
//! disabled, because a mutating call whose first attempt may have succeeded must not be
//! repeated blindly (a retried CreateDeployment makes two deployments).

use std::collections::{BTreeMap, HashMap};
use std::future::Future;

use aws_config::retry::RetryConfig;
use aws_sdk_apigateway as v1;
use aws_sdk_apigatewayv2 as v2;
use v1::config::http::HttpResponse;
use v1::error::{ProvideErrorMetadata, SdkError};

use crate::aws::client::Clients;
use crate::aws::error::{from_sdk, ErrorContext};
use crate::domain::load::{LoadError, LoadErrorKind};
use crate::domain::model::ApiKind;
use crate::domain::plan::logs::logging_patch;
use crate::domain::plan::{Mutation, PatchOp};

/// Clients for mutations: same config as the read clients, no retries.
pub(super) struct Senders {
    pub v1: v1::Client,
    pub v2: v2::Client,
    pub cx: ErrorContext,
}

impl Senders {
    pub fn new(c: &Clients) -> Self {
        let c1 =
            c.v1.config()
                .to_builder()
                .retry_config(RetryConfig::disabled())
                .build();
        let c2 =
            c.v2.config()
                .to_builder()
                .retry_config(RetryConfig::disabled())
                .build();
        Self {
            v1: v1::Client::from_conf(c1),
            v2: v2::Client::from_conf(c2),
            cx: c.cx.clone(),
        }
    }
}

fn hash<V: Clone>(m: &BTreeMap<String, V>) -> Option<HashMap<String, V>> {
    (!m.is_empty()).then(|| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

fn patch(ops: &[PatchOp]) -> Vec<v1::types::PatchOperation> {
    ops.iter()
        .map(|p| {
            v1::types::PatchOperation::builder()
                .op(v1::types::Op::from(p.op.as_str()))
                .path(&p.path)
                .set_value(p.value.clone())
                .build()
        })
        .collect()
}

/// Turns an SDK error into one sentence a person can act on. Nothing here is retried, so
/// throttling says to wait; a timeout says the effect is unknown.
fn explain(op: &str, e: LoadError) -> String {
    match e.kind {
        LoadErrorKind::Throttled if op == "CreateDeployment" => format!(
            "{op}: too many requests (TooManyRequestsException): API Gateway allows about one deployment every 5 seconds per account; nothing was deployed, wait a few seconds and try again"
        ),
        LoadErrorKind::Throttled => format!(
            "{op}: too many requests (TooManyRequestsException): nothing was changed; wait a few seconds and try again"
        ),
        LoadErrorKind::AccessDenied => format!(
            "{}: the identity needs IAM permission to change API Gateway (apigateway:POST/PUT/PATCH on arn:aws:apigateway:REGION::/restapis/* or /apis/*)",
            e.message
        ),
        LoadErrorKind::Timeout => format!(
            "{op}: no answer in time: the change may or may not have been made; reload before trying again"
        ),
        // A reset after the request left may still have changed AWS (tests/faults/emulated.rs,
        // `a_deploy_whose_answer_is_lost_is_not_sent_twice`).
        LoadErrorKind::Unreachable => format!(
            "{}: if the connection broke after the request was sent, the change may have been made; reload before trying again",
            e.message
        ),
        _ => e.to_string(),
    }
}

/// Sends one call once; its answer, or the error as one sentence a person can act on.
async fn go<O, E>(
    s: &Senders,
    op: &str,
    call: impl Future<Output = Result<O, SdkError<E, HttpResponse>>>,
) -> Result<O, String>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    call.await.map_err(|e| explain(op, from_sdk(op, &e, &s.cx)))
}

/// Sends one call once; nothing of its answer is kept.
async fn done<O, E>(
    s: &Senders,
    op: &str,
    call: impl Future<Output = Result<O, SdkError<E, HttpResponse>>>,
) -> Result<String, String>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    go(s, op, call).await.map(|_| String::new())
}

/// Names the REST method a call is about (API, resource, verb) on any v1 method builder.
macro_rules! on {
    ($b:expr, $t:expr) => {
        $b.rest_api_id(&$t.rest_api_id)
            .resource_id(&$t.resource_id)
            .http_method(&$t.http_method)
    };
}

/// UpdateStage (v1) with patch operations.
async fn patch_v1_stage(
    s: &Senders,
    op: &str,
    rest_api_id: &str,
    stage_name: &str,
    ops: &[PatchOp],
) -> Result<String, String> {
    let call =
        s.v1.update_stage()
            .rest_api_id(rest_api_id)
            .stage_name(stage_name)
            .set_patch_operations(Some(patch(ops)));
    done(s, op, call.send()).await
}

/// Sends one mutation once. `Ok` carries what was created (a deployment id) or `""`.
pub(super) async fn send(s: &Senders, m: &Mutation) -> Result<String, String> {
    match m {
        Mutation::CreateDeployment { .. }
        | Mutation::CreateHttpDeployment { .. }
        | Mutation::UpdateStageDeployment { .. }
        | Mutation::UpdateStageLogging { .. } => send_stage(s, m).await,
        Mutation::PutGatewayResponse { .. } | Mutation::UpdateHttpApiCors { .. } => {
            send_api(s, m).await
        }
        _ => send_method(s, m).await,
    }
}

/// Deployments and stage updates (deployment, logging).
async fn send_stage(s: &Senders, m: &Mutation) -> Result<String, String> {
    let op = m.operation();
    match m {
        Mutation::CreateDeployment {
            rest_api_id,
            stage_name,
            description,
        } => {
            let call =
                s.v1.create_deployment()
                    .rest_api_id(rest_api_id)
                    .stage_name(stage_name);
            let out = go(s, op, call.set_description(description.clone()).send()).await?;
            Ok(out.id().unwrap_or_default().to_string())
        }
        Mutation::CreateHttpDeployment {
            api_id,
            stage_name,
            description,
        } => {
            let call =
                s.v2.create_deployment()
                    .api_id(api_id)
                    .stage_name(stage_name);
            let out = go(s, op, call.set_description(description.clone()).send()).await?;
            Ok(out.deployment_id().unwrap_or_default().to_string())
        }
        Mutation::UpdateStageDeployment {
            api,
            stage_name,
            deployment_id,
        } => {
            match api.kind {
                ApiKind::Rest => {
                    let to = PatchOp::new("replace", "/deploymentId", Some(deployment_id.clone()));
                    patch_v1_stage(s, op, &api.id, stage_name, &[to]).await?;
                }
                ApiKind::Http => {
                    let call = s.v2.update_stage().api_id(&api.id).stage_name(stage_name);
                    done(s, op, call.deployment_id(deployment_id).send()).await?;
                }
            }
            Ok(deployment_id.clone())
        }
        Mutation::UpdateStageLogging {
            rest_api_id,
            stage_name,
            level,
            data_trace,
        } => {
            let ops = logging_patch(*level, *data_trace);
            patch_v1_stage(s, op, rest_api_id, stage_name, &ops).await
        }
        _ => Err(format!("{op}: not a deployment call")),
    }
}

/// A REST method and its integration.
async fn send_method(s: &Senders, m: &Mutation) -> Result<String, String> {
    let op = m.operation();
    match m {
        Mutation::PutMethod {
            target,
            authorization_type,
            api_key_required,
        } => {
            let call = on!(s.v1.put_method(), target)
                .authorization_type(authorization_type.as_aws())
                .api_key_required(*api_key_required);
            done(s, op, call.send()).await
        }
        Mutation::UpdateMethod { target, patch: ops } => {
            let call = on!(s.v1.update_method(), target).set_patch_operations(Some(patch(ops)));
            done(s, op, call.send()).await
        }
        Mutation::PutIntegration {
            target,
            integration_type,
            request_templates,
        } => {
            let call = on!(s.v1.put_integration(), target)
                .r#type(v1::types::IntegrationType::from(integration_type.as_aws()))
                .set_request_templates(hash(request_templates));
            done(s, op, call.send()).await
        }
        _ => send_response(s, m).await,
    }
}

/// Method and integration responses.
async fn send_response(s: &Senders, m: &Mutation) -> Result<String, String> {
    let op = m.operation();
    match m {
        Mutation::PutMethodResponse {
            target,
            status_code,
            response_parameters,
        } => {
            let call = on!(s.v1.put_method_response(), target)
                .status_code(status_code)
                .set_response_parameters(hash(response_parameters));
            done(s, op, call.send()).await
        }
        Mutation::UpdateMethodResponse {
            target,
            status_code,
            patch: ops,
        } => {
            let call = on!(s.v1.update_method_response(), target)
                .status_code(status_code)
                .set_patch_operations(Some(patch(ops)));
            done(s, op, call.send()).await
        }
        Mutation::PutIntegrationResponse {
            target,
            status_code,
            response_parameters,
            response_templates,
        } => {
            let call = on!(s.v1.put_integration_response(), target)
                .status_code(status_code)
                .set_response_parameters(hash(response_parameters))
                .set_response_templates(hash(response_templates));
            done(s, op, call.send()).await
        }
        _ => Err(format!("{op}: not a response call")),
    }
}

/// API-level settings: gateway responses, HTTP API CORS.
async fn send_api(s: &Senders, m: &Mutation) -> Result<String, String> {
    let op = m.operation();
    match m {
        Mutation::PutGatewayResponse {
            rest_api_id,
            response_type,
            status_code,
            response_parameters,
            response_templates,
        } => {
            let kind = v1::types::GatewayResponseType::from(response_type.as_str());
            let call = s.v1.put_gateway_response().rest_api_id(rest_api_id);
            let call = call
                .response_type(kind)
                .set_status_code(status_code.clone())
                .set_response_parameters(hash(response_parameters))
                .set_response_templates(hash(response_templates));
            done(s, op, call.send()).await
        }
        Mutation::UpdateHttpApiCors { api_id, cors } => {
            let c = v2::types::Cors::builder()
                .set_allow_origins(Some(cors.allow_origins.clone()))
                .set_allow_methods(Some(cors.allow_methods.clone()))
                .set_allow_headers(Some(cors.allow_headers.clone()))
                .set_expose_headers(Some(cors.expose_headers.clone()))
                .set_max_age(cors.max_age)
                .allow_credentials(cors.allow_credentials)
                .build();
            let call = s.v2.update_api().api_id(api_id).cors_configuration(c);
            done(s, op, call.send()).await
        }
        _ => Err(format!("{op}: not an API-level call")),
    }
}
