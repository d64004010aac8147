//! Reading back what a plan changed: the stage and its deployment, the resource's methods,
//! the gateway responses, an HTTP API's CORS configuration. Reads may retry (they change
//! nothing) and wait on the clients' shared limiter. A read that fails becomes a problem of
//! the read-back, not an error.

use crate::aws::client::Clients;
use crate::aws::convert as cv;
use crate::aws::convert_v2 as cv2;
use crate::aws::error::from_sdk;
use crate::aws::ratelimit::Call;
use crate::aws::rest_v1;
use crate::domain::model::{
    ApiKind, CorsConfiguration, Deployment, GatewayResponse, Method, Resource, RestApi, Stage,
};
use crate::domain::plan::{MethodTarget, Mutation, Plan, Readback};
use crate::domain::staleness::{compare, Staleness};

/// The stage a deploy/rollback plan changes.
fn stage_of(plan: &Plan) -> Option<&str> {
    plan.steps.iter().find_map(|s| match &s.mutation {
        Mutation::CreateDeployment { stage_name, .. }
        | Mutation::CreateHttpDeployment { stage_name, .. }
        | Mutation::UpdateStageDeployment { stage_name, .. } => Some(stage_name.as_str()),
        _ => None,
    })
}

fn method_target(plan: &Plan) -> Option<&MethodTarget> {
    plan.steps.iter().find_map(|s| match &s.mutation {
        Mutation::PutMethod { target, .. }
        | Mutation::UpdateMethod { target, .. }
        | Mutation::PutIntegration { target, .. }
        | Mutation::PutMethodResponse { target, .. }
        | Mutation::UpdateMethodResponse { target, .. }
        | Mutation::PutIntegrationResponse { target, .. } => Some(target),
        _ => None,
    })
}

/// Reads back everything the plan touched. `created` is the id of a deployment the plan
/// created, if any.
pub(super) async fn readback(c: &Clients, plan: &Plan, created: Option<&str>) -> Readback {
    let mut rb = Readback::default();
    if let Some(stage) = stage_of(plan) {
        let r = match plan.api.kind {
            ApiKind::Rest => rest_stage(c, &plan.api.id, stage, created, &mut rb).await,
            ApiKind::Http => http_stage(c, &plan.api.id, stage, created, &mut rb).await,
        };
        if let Err(e) = r {
            rb.problems
                .push(format!("could not re-read stage {stage}: {e}"));
        }
    }
    if let Some(t) = method_target(plan) {
        match resource(c, t).await {
            Ok(r) => rb.resource = Some(r),
            Err(e) => rb
                .problems
                .push(format!("could not re-read {}: {e}", t.resource_path)),
        }
    }
    for s in &plan.steps {
        match &s.mutation {
            Mutation::PutGatewayResponse {
                rest_api_id,
                response_type,
                ..
            } => match gateway_response(c, rest_api_id, response_type).await {
                Ok(g) => rb.gateway_responses.push(g),
                Err(e) => rb.problems.push(format!(
                    "could not re-read gateway response {response_type}: {e}"
                )),
            },
            Mutation::UpdateHttpApiCors { api_id, .. } => match http_cors(c, api_id).await {
                Ok(cors) => rb.http_cors = cors,
                Err(e) => rb
                    .problems
                    .push(format!("could not re-read the CORS configuration: {e}")),
            },
            _ => {}
        }
    }
    rb
}

/// `created`: the deployment the plan just made from the working tree (not a rollback).
async fn rest_stage(
    c: &Clients,
    api: &str,
    stage: &str,
    created: Option<&str>,
    rb: &mut Readback,
) -> Result<(), String> {
    c.limiter.acquire(Call::Normal).await;
    let out =
        c.v1.get_stage()
            .rest_api_id(api)
            .stage_name(stage)
            .send()
            .await
            .map_err(|e| from_sdk("GetStage", &e, &c.cx).to_string())?;
    let st = Stage {
        name: out.stage_name().unwrap_or(stage).to_string(),
        deployment_id: out.deployment_id().map(str::to_string),
        description: out.description().map(str::to_string),
        created_date: cv::time(out.created_date()),
        last_updated_date: cv::time(out.last_updated_date()),
        ..Stage::default()
    };
    rb.deployment_id = st.deployment_id.clone();
    let dep_id = st.deployment_id.clone();
    rb.stage = Some(st);
    let Some(dep_id) = dep_id else {
        rb.staleness = Some(Staleness::Unknown);
        return Ok(());
    };
    c.limiter.acquire(Call::Normal).await;
    let d =
        c.v1.get_deployment()
            .rest_api_id(api)
            .deployment_id(&dep_id)
            .embed("apisummary")
            .send()
            .await
            .map_err(|e| from_sdk("GetDeployment", &e, &c.cx).to_string())?;
    let dep = Deployment {
        id: d.id().unwrap_or(&dep_id).to_string(),
        created_date: cv::time(d.created_date()),
        description: d.description().map(str::to_string),
        summary: cv::summary(d.api_summary()),
    };
    rb.staleness = Some(match &dep.summary {
        Some(summary) => {
            let resources = rest_v1::resources(c, &c.limiter, api)
                .await
                .map_err(|e| e.to_string())?;
            let working = RestApi {
                resources,
                ..RestApi::default()
            }
            .working_summary();
            compare(summary, &working).0
        }
        // Without a summary, a stage serving the deployment just made from the working
        // tree is current; anything else is unknown.
        None if created == Some(dep_id.as_str()) => Staleness::Current,
        None => Staleness::Unknown,
    });
    rb.deployment = Some(dep);
    Ok(())
}

async fn http_stage(
    c: &Clients,
    api: &str,
    stage: &str,
    created: Option<&str>,
    rb: &mut Readback,
) -> Result<(), String> {
    c.limiter.acquire(Call::Normal).await;
    let out =
        c.v2.get_stage()
            .api_id(api)
            .stage_name(stage)
            .send()
            .await
            .map_err(|e| from_sdk("GetStage", &e, &c.cx).to_string())?;
    let st = Stage {
        name: out.stage_name().unwrap_or(stage).to_string(),
        deployment_id: out.deployment_id().map(str::to_string),
        description: out.description().map(str::to_string),
        created_date: cv2::time(out.created_date()),
        last_updated_date: cv2::time(out.last_updated_date()),
        auto_deploy: out.auto_deploy().unwrap_or(false),
        ..Stage::default()
    };
    rb.deployment_id = st.deployment_id.clone();
    rb.staleness = Some(if st.auto_deploy {
        Staleness::AutoDeploy
    } else if created.is_some() && st.deployment_id.as_deref() == created {
        Staleness::Current
    } else {
        Staleness::Unknown
    });
    if let Some(dep_id) = st.deployment_id.clone() {
        c.limiter.acquire(Call::Normal).await;
        let d =
            c.v2.get_deployment()
                .api_id(api)
                .deployment_id(&dep_id)
                .send()
                .await
                .map_err(|e| from_sdk("GetDeployment", &e, &c.cx).to_string())?;
        rb.deployment = Some(Deployment {
            id: d.deployment_id().unwrap_or(&dep_id).to_string(),
            created_date: cv2::time(d.created_date()),
            description: d.description().map(str::to_string),
            summary: None,
        });
    }
    rb.stage = Some(st);
    Ok(())
}

/// The resource with its methods; the planned method is read again with GetMethod so its
/// integration and responses are complete.
async fn resource(c: &Clients, t: &MethodTarget) -> Result<Resource, String> {
    c.limiter.acquire(Call::Normal).await;
    let out =
        c.v1.get_resource()
            .rest_api_id(&t.rest_api_id)
            .resource_id(&t.resource_id)
            .embed("methods")
            .send()
            .await
            .map_err(|e| from_sdk("GetResource", &e, &c.cx).to_string())?;
    let mut methods: Vec<Method> = out
        .resource_methods()
        .map(|m| m.iter().map(|(verb, m)| cv::method(verb, m)).collect())
        .unwrap_or_default();
    c.limiter.acquire(Call::Normal).await;
    let m =
        c.v1.get_method()
            .rest_api_id(&t.rest_api_id)
            .resource_id(&t.resource_id)
            .http_method(&t.http_method)
            .send()
            .await
            .map_err(|e| from_sdk("GetMethod", &e, &c.cx).to_string())?;
    let full = aws_sdk_apigateway::types::Method::builder()
        .set_http_method(m.http_method().map(str::to_string))
        .set_authorization_type(m.authorization_type().map(str::to_string))
        .set_authorizer_id(m.authorizer_id().map(str::to_string))
        .set_api_key_required(m.api_key_required())
        .set_method_integration(m.method_integration().cloned())
        .set_method_responses(m.method_responses().cloned())
        .set_request_parameters(m.request_parameters().cloned())
        .build();
    methods.retain(|x| !x.http_method.eq_ignore_ascii_case(&t.http_method));
    methods.push(cv::method(&t.http_method, &full));
    methods.sort_by(|a, b| a.http_method.cmp(&b.http_method));
    Ok(Resource {
        id: out.id().unwrap_or(&t.resource_id).to_string(),
        parent_id: out.parent_id().map(str::to_string),
        path: out.path().unwrap_or(&t.resource_path).to_string(),
        path_part: out.path_part().map(str::to_string),
        methods,
    })
}

async fn gateway_response(c: &Clients, api: &str, kind: &str) -> Result<GatewayResponse, String> {
    c.limiter.acquire(Call::Normal).await;
    let g =
        c.v1.get_gateway_response()
            .rest_api_id(api)
            .response_type(aws_sdk_apigateway::types::GatewayResponseType::from(kind))
            .send()
            .await
            .map_err(|e| from_sdk("GetGatewayResponse", &e, &c.cx).to_string())?;
    Ok(GatewayResponse {
        response_type: g
            .response_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_else(|| kind.to_string()),
        status_code: g.status_code().map(str::to_string),
        response_parameters: cv::map(g.response_parameters()),
        response_templates: cv::map(g.response_templates()),
        default_response: g.default_response(),
    })
}

async fn http_cors(c: &Clients, api: &str) -> Result<Option<CorsConfiguration>, String> {
    c.limiter.acquire(Call::Normal).await;
    let a =
        c.v2.get_api()
            .api_id(api)
            .send()
            .await
            .map_err(|e| from_sdk("GetApi", &e, &c.cx).to_string())?;
    Ok(a.cors_configuration().map(|c| CorsConfiguration {
        allow_origins: c.allow_origins().to_vec(),
        allow_methods: c.allow_methods().to_vec(),
        allow_headers: c.allow_headers().to_vec(),
        expose_headers: c.expose_headers().to_vec(),
        max_age: c.max_age(),
        allow_credentials: c.allow_credentials().unwrap_or(false),
    }))
}
