//! apigateway (v1, REST APIs) reads → domain types. Every call waits on the limiter and
//! follows `position` paging to the end.

use std::collections::BTreeSet;

use futures::stream::{self, StreamExt, TryStreamExt};

use super::client::Clients;
use super::convert as cv;
use super::error::from_sdk;
use super::paging::all_pages;
use super::ratelimit::{Call, Limiter};
use crate::domain::load::LoadError;
use crate::domain::model::*;

/// Page size for list calls (the API maximum).
pub const PAGE: i32 = 500;

pub async fn rest_apis(c: &Clients, lim: &Limiter) -> Result<Vec<RestApi>, LoadError> {
    all_pages(|pos| async move {
        lim.acquire(Call::Normal).await;
        let out =
            c.v1.get_rest_apis()
                .limit(PAGE)
                .set_position(pos)
                .send()
                .await
                .map_err(|e| from_sdk("GetRestApis", &e, &c.cx))?;
        let items = out.items().iter().filter_map(cv::rest_api).collect();
        Ok((items, out.position().map(str::to_string)))
    })
    .await
}

/// One REST API by id (GetRestApi); `None` when no REST API has that id.
pub async fn rest_api(c: &Clients, lim: &Limiter, id: &str) -> Result<Option<RestApi>, LoadError> {
    lim.acquire(Call::Normal).await;
    let out = match c.v1.get_rest_api().rest_api_id(id).send().await {
        Ok(o) => o,
        Err(e) => return not_found_is_none(from_sdk("GetRestApi", &e, &c.cx)),
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
    let mut all = all_pages(|pos| async move {
        lim.acquire(Call::Resources).await;
        let out =
            c.v1.get_resources()
                .rest_api_id(api)
                .embed("methods")
                .limit(PAGE)
                .set_position(pos)
                .send()
                .await
                .map_err(|e| from_sdk("GetResources", &e, &c.cx))?;
        let items = out.items().iter().filter_map(cv::resource).collect();
        Ok((items, out.position().map(str::to_string)))
    })
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
    lim.acquire(Call::Normal).await;
    let out =
        c.v1.get_integration()
            .rest_api_id(api)
            .resource_id(resource)
            .http_method(verb)
            .send()
            .await;
    match out {
        Ok(o) => {
            let i = aws_sdk_apigateway::types::Integration::builder()
                .set_type(o.r#type().cloned())
                .set_uri(o.uri().map(str::to_string))
                .set_http_method(o.http_method().map(str::to_string))
                .set_request_templates(o.request_templates().cloned())
                .set_integration_responses(o.integration_responses().cloned())
                .build();
            Ok(Some(cv::integration(&i)))
        }
        Err(e) => {
            let e = from_sdk("GetIntegration", &e, &c.cx);
            if e.kind == crate::domain::load::LoadErrorKind::NotFound {
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

pub async fn stages(c: &Clients, lim: &Limiter, api: &str) -> Result<Vec<Stage>, LoadError> {
    lim.acquire(Call::Normal).await;
    let out =
        c.v1.get_stages()
            .rest_api_id(api)
            .send()
            .await
            .map_err(|e| from_sdk("GetStages", &e, &c.cx))?;
    let mut s: Vec<Stage> = out.item().iter().filter_map(cv::stage).collect();
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
    let mut all = all_pages(|pos| async move {
        lim.acquire(Call::Normal).await;
        let out =
            c.v1.get_deployments()
                .rest_api_id(api)
                .limit(PAGE)
                .set_position(pos)
                .send()
                .await
                .map_err(|e| from_sdk("GetDeployments", &e, &c.cx))?;
        let items = out.items().iter().filter_map(cv::deployment).collect();
        Ok((items, out.position().map(str::to_string)))
    })
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
    lim.acquire(Call::Normal).await;
    let out =
        c.v1.get_deployment()
            .rest_api_id(api)
            .deployment_id(deployment)
            .embed("apisummary")
            .send()
            .await
            .map_err(|e| from_sdk("GetDeployment", &e, &c.cx))?;
    Ok(cv::summary(out.api_summary()))
}

pub async fn authorizers(
    c: &Clients,
    lim: &Limiter,
    api: &str,
) -> Result<Vec<Authorizer>, LoadError> {
    all_pages(|pos| async move {
        lim.acquire(Call::Normal).await;
        let out =
            c.v1.get_authorizers()
                .rest_api_id(api)
                .limit(PAGE)
                .set_position(pos)
                .send()
                .await
                .map_err(|e| from_sdk("GetAuthorizers", &e, &c.cx))?;
        let items = out.items().iter().filter_map(cv::authorizer).collect();
        Ok((items, out.position().map(str::to_string)))
    })
    .await
}

pub async fn gateway_responses(
    c: &Clients,
    lim: &Limiter,
    api: &str,
) -> Result<Vec<GatewayResponse>, LoadError> {
    let mut all = all_pages(|pos| async move {
        lim.acquire(Call::Normal).await;
        let out =
            c.v1.get_gateway_responses()
                .rest_api_id(api)
                .limit(PAGE)
                .set_position(pos)
                .send()
                .await
                .map_err(|e| from_sdk("GetGatewayResponses", &e, &c.cx))?;
        let items = out
            .items()
            .iter()
            .filter_map(cv::gateway_response)
            .collect();
        Ok((items, out.position().map(str::to_string)))
    })
    .await?;
    all.sort_by(|a: &GatewayResponse, b| a.response_type.cmp(&b.response_type));
    Ok(all)
}

pub async fn request_validators(
    c: &Clients,
    lim: &Limiter,
    api: &str,
) -> Result<Vec<RequestValidator>, LoadError> {
    all_pages(|pos| async move {
        lim.acquire(Call::Normal).await;
        let out =
            c.v1.get_request_validators()
                .rest_api_id(api)
                .limit(PAGE)
                .set_position(pos)
                .send()
                .await
                .map_err(|e| from_sdk("GetRequestValidators", &e, &c.cx))?;
        let items = out
            .items()
            .iter()
            .filter_map(cv::request_validator)
            .collect();
        Ok((items, out.position().map(str::to_string)))
    })
    .await
}

pub async fn domain_names(c: &Clients, lim: &Limiter) -> Result<Vec<DomainName>, LoadError> {
    all_pages(|pos| async move {
        lim.acquire(Call::Normal).await;
        let out =
            c.v1.get_domain_names()
                .limit(PAGE)
                .set_position(pos)
                .send()
                .await
                .map_err(|e| from_sdk("GetDomainNames", &e, &c.cx))?;
        let items = out.items().iter().filter_map(cv::domain_v1).collect();
        Ok((items, out.position().map(str::to_string)))
    })
    .await
}

pub async fn base_path_mappings(
    c: &Clients,
    lim: &Limiter,
    domain: &str,
) -> Result<Vec<Mapping>, LoadError> {
    all_pages(|pos| async move {
        lim.acquire(Call::Normal).await;
        let out =
            c.v1.get_base_path_mappings()
                .domain_name(domain)
                .limit(PAGE)
                .set_position(pos)
                .send()
                .await
                .map_err(|e| from_sdk("GetBasePathMappings", &e, &c.cx))?;
        let items = out
            .items()
            .iter()
            .filter_map(cv::base_path_mapping)
            .collect();
        Ok((items, out.position().map(str::to_string)))
    })
    .await
}
