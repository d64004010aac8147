//! apigateway (v1, REST APIs) reads → domain types. Every call waits on the limiter and
//! follows `position` paging to the end.

use std::collections::BTreeSet;

use futures::stream::{self, StreamExt, TryStreamExt};

use super::client::Clients;
use super::convert as cv;
use super::paging::{call, convert, list};
use super::ratelimit::{Call, Limiter};
use crate::domain::load::LoadError;
use crate::domain::model::*;

/// Page size for list calls (the API maximum).
pub const PAGE: i32 = 500;

pub async fn rest_apis(c: &Clients, lim: &Limiter) -> Result<Vec<RestApi>, LoadError> {
    list(
        c,
        lim,
        Call::Normal,
        "GetRestApis",
        |pos| c.v1.get_rest_apis().limit(PAGE).set_position(pos).send(),
        |o| (convert(o.items(), cv::rest_api), o.position()),
    )
    .await
}

/// One REST API by id (GetRestApi); `None` when no REST API has that id.
pub async fn rest_api(c: &Clients, lim: &Limiter, id: &str) -> Result<Option<RestApi>, LoadError> {
    let sent = c.v1.get_rest_api().rest_api_id(id).send();
    let out = match call(c, lim, Call::Normal, "GetRestApi", sent).await {
        Ok(o) => o,
        Err(e) => return not_found_is_none(e),
    };
    let api = aws_sdk_apigateway::types::RestApi::builder()
        .set_id(out.id().map(str::to_string))
        .set_name(out.name().map(str::to_string))
        .set_description(out.description().map(str::to_string))
        .set_created_date(out.created_date().cloned())
        .set_api_key_source(out.api_key_source().cloned())
        .set_endpoint_configuration(out.endpoint_configuration().cloned())
        .set_policy(out.policy().map(str::to_string))
        .disable_execute_api_endpoint(out.disable_execute_api_endpoint())
        .build();
    Ok(cv::rest_api(&api))
}

/// A `NotFound` answer means "there is none"; any other error stays an error.
pub fn not_found_is_none<T>(e: LoadError) -> Result<Option<T>, LoadError> {
    if e.kind == crate::domain::load::LoadErrorKind::NotFound {
        Ok(None)
    } else {
        Err(e)
    }
}

/// The resource tree with methods embedded (GetResources `embed=methods`), sorted by path.
pub async fn resources(c: &Clients, lim: &Limiter, api: &str) -> Result<Vec<Resource>, LoadError> {
    let mut all = list(
        c,
        lim,
        Call::Resources,
        "GetResources",
        |pos| {
            c.v1.get_resources()
                .rest_api_id(api)
                .embed("methods")
                .limit(PAGE)
                .set_position(pos)
                .send()
        },
        |o| (convert(o.items(), cv::resource), o.position()),
    )
    .await?;
    all.sort_by(|a: &Resource, b| a.path.cmp(&b.path));
    for r in &mut all {
        for m in r.methods.iter_mut() {
            // CORS needs the OPTIONS integration; read it when it was not embedded.
            if m.http_method == "OPTIONS" && m.integration.is_none() {
                m.integration = integration(c, lim, api, &r.id, "OPTIONS").await?;
            }
        }
    }
    Ok(all)
}

/// One method's integration; `None` when it has none.
pub async fn integration(
    c: &Clients,
    lim: &Limiter,
    api: &str,
    resource: &str,
    verb: &str,
) -> Result<Option<Integration>, LoadError> {
    let req = c.v1.get_integration().rest_api_id(api);
    let sent = req.resource_id(resource).http_method(verb).send();
    let o = match call(c, lim, Call::Normal, "GetIntegration", sent).await {
        Ok(o) => o,
        Err(e) => return not_found_is_none(e),
    };
    let i = aws_sdk_apigateway::types::Integration::builder()
        .set_type(o.r#type().cloned())
        .set_uri(o.uri().map(str::to_string))
        .set_http_method(o.http_method().map(str::to_string))
        .set_request_templates(o.request_templates().cloned())
        .set_integration_responses(o.integration_responses().cloned())
        .build();
    Ok(Some(cv::integration(&i)))
}

pub async fn stages(c: &Clients, lim: &Limiter, api: &str) -> Result<Vec<Stage>, LoadError> {
    let sent = c.v1.get_stages().rest_api_id(api).send();
    let out = call(c, lim, Call::Normal, "GetStages", sent).await?;
    let mut s: Vec<Stage> = convert(out.item(), cv::stage);
    s.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(s)
}

/// All deployments (newest first); those in `with_summary` (the ones stages and canaries
/// point at) are read again with `embed=apisummary` so their deployed state is known.
pub async fn deployments(
    c: &Clients,
    lim: &Limiter,
    api: &str,
    with_summary: &BTreeSet<String>,
) -> Result<Vec<Deployment>, LoadError> {
    let mut all = list(
        c,
        lim,
        Call::Normal,
        "GetDeployments",
        |pos| {
            c.v1.get_deployments()
                .rest_api_id(api)
                .limit(PAGE)
                .set_position(pos)
                .send()
        },
        |o| (convert(o.items(), cv::deployment), o.position()),
    )
    .await?;
    let wanted: Vec<String> = all
        .iter()
        .filter(|d| d.summary.is_none() && with_summary.contains(&d.id))
        .map(|d| d.id.clone())
        .collect();
    let summaries: Vec<(String, Option<DeployedSummary>)> = stream::iter(wanted)
        .map(|id| async move {
            let s = deployment_summary(c, lim, api, &id).await?;
            Ok::<_, LoadError>((id, s))
        })
        .buffered(3)
        .try_collect()
        .await?;
    for (id, summary) in summaries {
        if let Some(d) = all.iter_mut().find(|d| d.id == id) {
            d.summary = summary;
        }
    }
    all.sort_by(|a: &Deployment, b| b.created_date.cmp(&a.created_date).then(a.id.cmp(&b.id)));
    Ok(all)
}

/// What one deployment serves (`None` when AWS did not embed the summary).
pub async fn deployment_summary(
    c: &Clients,
    lim: &Limiter,
    api: &str,
    deployment: &str,
) -> Result<Option<DeployedSummary>, LoadError> {
    let req = c.v1.get_deployment().rest_api_id(api);
    let sent = req.deployment_id(deployment).embed("apisummary").send();
    let out = call(c, lim, Call::Normal, "GetDeployment", sent).await?;
    Ok(cv::summary(out.api_summary()))
}

pub async fn authorizers(
    c: &Clients,
    lim: &Limiter,
    api: &str,
) -> Result<Vec<Authorizer>, LoadError> {
    list(
        c,
        lim,
        Call::Normal,
        "GetAuthorizers",
        |pos| {
            c.v1.get_authorizers()
                .rest_api_id(api)
                .limit(PAGE)
                .set_position(pos)
                .send()
        },
        |o| (convert(o.items(), cv::authorizer), o.position()),
    )
    .await
}

pub async fn gateway_responses(
    c: &Clients,
    lim: &Limiter,
    api: &str,
) -> Result<Vec<GatewayResponse>, LoadError> {
    let mut all = list(
        c,
        lim,
        Call::Normal,
        "GetGatewayResponses",
        |pos| {
            c.v1.get_gateway_responses()
                .rest_api_id(api)
                .limit(PAGE)
                .set_position(pos)
                .send()
        },
        |o| (convert(o.items(), cv::gateway_response), o.position()),
    )
    .await?;
    all.sort_by(|a: &GatewayResponse, b| a.response_type.cmp(&b.response_type));
    Ok(all)
}

pub async fn request_validators(
    c: &Clients,
    lim: &Limiter,
    api: &str,
) -> Result<Vec<RequestValidator>, LoadError> {
    list(
        c,
        lim,
        Call::Normal,
        "GetRequestValidators",
        |pos| {
            c.v1.get_request_validators()
                .rest_api_id(api)
                .limit(PAGE)
                .set_position(pos)
                .send()
        },
        |o| (convert(o.items(), cv::request_validator), o.position()),
    )
    .await
}

pub async fn domain_names(c: &Clients, lim: &Limiter) -> Result<Vec<DomainName>, LoadError> {
    list(
        c,
        lim,
        Call::Normal,
        "GetDomainNames",
        |pos| c.v1.get_domain_names().limit(PAGE).set_position(pos).send(),
        |o| (convert(o.items(), cv::domain_v1), o.position()),
    )
    .await
}

pub async fn base_path_mappings(
    c: &Clients,
    lim: &Limiter,
    domain: &str,
) -> Result<Vec<Mapping>, LoadError> {
    list(
        c,
        lim,
        Call::Normal,
        "GetBasePathMappings",
        |pos| {
            c.v1.get_base_path_mappings()
                .domain_name(domain)
                .limit(PAGE)
                .set_position(pos)
                .send()
        },
        |o| (convert(o.items(), cv::base_path_mapping), o.position()),
    )
    .await
}
