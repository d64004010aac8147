//! apigatewayv2 (HTTP APIs, domain names, API mappings, routing rules) reads → domain
//! types. Every call waits on the limiter and follows `nextToken` to the end.

use super::client::Clients;
use super::convert_v2 as cv;
use super::paging::{call, convert, list};
use super::ratelimit::{Call, Limiter};
use crate::domain::load::LoadError;
use crate::domain::model::*;

/// Page size for list calls (the API takes strings).
pub const PAGE: &str = "500";

pub async fn http_apis(c: &Clients, lim: &Limiter) -> Result<Vec<HttpApi>, LoadError> {
    list(
        c,
        lim,
        Call::Normal,
        "GetApis",
        |tok| c.v2.get_apis().max_results(PAGE).set_next_token(tok).send(),
        |o| (convert(o.items(), cv::api), o.next_token()),
    )
    .await
}

/// One apigatewayv2 API by id (GetApi); `None` when no API has that id.
pub async fn api(c: &Clients, lim: &Limiter, id: &str) -> Result<Option<HttpApi>, LoadError> {
    let sent = c.v2.get_api().api_id(id).send();
    let out = match call(c, lim, Call::Normal, "GetApi", sent).await {
        Ok(o) => o,
        Err(e) => return super::rest_v1::not_found_is_none(e),
    };
    let api = aws_sdk_apigatewayv2::types::Api::builder()
        .set_api_id(out.api_id().map(str::to_string))
        .set_name(out.name().map(str::to_string))
        .set_description(out.description().map(str::to_string))
        .set_protocol_type(out.protocol_type().cloned())
        .set_api_endpoint(out.api_endpoint().map(str::to_string))
        .set_disable_execute_api_endpoint(out.disable_execute_api_endpoint())
        .set_created_date(out.created_date().cloned())
        .set_cors_configuration(out.cors_configuration().cloned())
        .set_route_selection_expression(out.route_selection_expression().map(str::to_string))
        .build();
    Ok(cv::api(&api))
}

pub async fn routes(c: &Clients, lim: &Limiter, api: &str) -> Result<Vec<Route>, LoadError> {
    let mut all = list(
        c,
        lim,
        Call::Normal,
        "GetRoutes",
        |tok| {
            c.v2.get_routes()
                .api_id(api)
                .max_results(PAGE)
                .set_next_token(tok)
                .send()
        },
        |o| (convert(o.items(), cv::route), o.next_token()),
    )
    .await?;
    all.sort_by(|a: &Route, b| a.route_key.cmp(&b.route_key));
    Ok(all)
}

pub async fn stages(c: &Clients, lim: &Limiter, api: &str) -> Result<Vec<Stage>, LoadError> {
    let mut all = list(
        c,
        lim,
        Call::Normal,
        "GetStages",
        |tok| {
            c.v2.get_stages()
                .api_id(api)
                .max_results(PAGE)
                .set_next_token(tok)
                .send()
        },
        |o| (convert(o.items(), cv::stage), o.next_token()),
    )
    .await?;
    all.sort_by(|a: &Stage, b| a.name.cmp(&b.name));
    Ok(all)
}

pub async fn deployments(
    c: &Clients,
    lim: &Limiter,
    api: &str,
) -> Result<Vec<Deployment>, LoadError> {
    let mut all = list(
        c,
        lim,
        Call::Normal,
        "GetDeployments",
        |tok| {
            c.v2.get_deployments()
                .api_id(api)
                .max_results(PAGE)
                .set_next_token(tok)
                .send()
        },
        |o| (convert(o.items(), cv::deployment), o.next_token()),
    )
    .await?;
    all.sort_by(|a: &Deployment, b| b.created_date.cmp(&a.created_date).then(a.id.cmp(&b.id)));
    Ok(all)
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
        |tok| {
            c.v2.get_authorizers()
                .api_id(api)
                .max_results(PAGE)
                .set_next_token(tok)
                .send()
        },
        |o| (convert(o.items(), cv::authorizer), o.next_token()),
    )
    .await
}

pub async fn integrations(
    c: &Clients,
    lim: &Limiter,
    api: &str,
) -> Result<Vec<HttpIntegration>, LoadError> {
    list(
        c,
        lim,
        Call::Normal,
        "GetIntegrations",
        |tok| {
            c.v2.get_integrations()
                .api_id(api)
                .max_results(PAGE)
                .set_next_token(tok)
                .send()
        },
        |o| (convert(o.items(), cv::integration), o.next_token()),
    )
    .await
}

pub async fn domain_names(c: &Clients, lim: &Limiter) -> Result<Vec<DomainName>, LoadError> {
    list(
        c,
        lim,
        Call::Normal,
        "GetDomainNames (v2)",
        |tok| {
            c.v2.get_domain_names()
                .max_results(PAGE)
                .set_next_token(tok)
                .send()
        },
        |o| (convert(o.items(), cv::domain), o.next_token()),
    )
    .await
}

pub async fn api_mappings(
    c: &Clients,
    lim: &Limiter,
    domain: &str,
) -> Result<Vec<Mapping>, LoadError> {
    list(
        c,
        lim,
        Call::Normal,
        "GetApiMappings",
        |tok| {
            c.v2.get_api_mappings()
                .domain_name(domain)
                .max_results(PAGE)
                .set_next_token(tok)
                .send()
        },
        |o| (convert(o.items(), cv::api_mapping), o.next_token()),
    )
    .await
}

pub async fn routing_rules(
    c: &Clients,
    lim: &Limiter,
    domain: &str,
) -> Result<Vec<RoutingRule>, LoadError> {
    let mut all = list(
        c,
        lim,
        Call::Normal,
        "ListRoutingRules",
        |tok| {
            c.v2.list_routing_rules()
                .domain_name(domain)
                .max_results(100)
                .set_next_token(tok)
                .send()
        },
        |o| (convert(o.routing_rules(), cv::routing_rule), o.next_token()),
    )
    .await?;
    all.sort_by_key(|r: &RoutingRule| r.priority);
    Ok(all)
}
