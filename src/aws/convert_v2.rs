//! SDK shapes (apigatewayv2: HTTP APIs, domains, mappings, routing rules) → domain types.

use aws_sdk_apigatewayv2::primitives::DateTime;
use aws_sdk_apigatewayv2::types as v2;

use super::convert::{auth_type, authorizer_type, endpoint_type, map, routing_mode, string};
use crate::domain::model::*;

pub fn time(t: Option<&DateTime>) -> Option<Timestamp> {
    let t = t?;
    chrono::DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

pub fn api(a: &v2::Api) -> Option<HttpApi> {
    let id = string(a.api_id())?;
    Some(HttpApi {
        name: a.name().unwrap_or(&id).to_string(),
        id,
        description: string(a.description()),
        protocol: match a.protocol_type().map(|p| p.as_str()) {
            Some("HTTP") | None => Protocol::Http,
            Some("WEBSOCKET") => Protocol::Websocket,
            Some(_) => Protocol::Unknown,
        },
        api_endpoint: string(a.api_endpoint()),
        disable_execute_api_endpoint: a.disable_execute_api_endpoint().unwrap_or(false),
        created_date: time(a.created_date()),
        cors: a.cors_configuration().map(|c| CorsConfiguration {
            allow_origins: c.allow_origins().to_vec(),
            allow_methods: c.allow_methods().to_vec(),
            allow_headers: c.allow_headers().to_vec(),
            expose_headers: c.expose_headers().to_vec(),
            max_age: c.max_age(),
            allow_credentials: c.allow_credentials().unwrap_or(false),
        }),
        ..HttpApi::default()
    })
}

pub fn route(r: &v2::Route) -> Option<Route> {
    Some(Route {
        id: string(r.route_id())?,
        route_key: string(r.route_key())?,
        authorization_type: auth_type(r.authorization_type().map(|a| a.as_str())),
        authorizer_id: string(r.authorizer_id()),
        api_key_required: r.api_key_required().unwrap_or(false),
        authorization_scopes: r.authorization_scopes().to_vec(),
        target: string(r.target()),
    })
}

pub fn stage(s: &v2::Stage) -> Option<Stage> {
    let settings = s.default_route_settings();
    Some(Stage {
        name: string(s.stage_name())?,
        deployment_id: string(s.deployment_id()),
        description: string(s.description()),
        created_date: time(s.created_date()),
        last_updated_date: time(s.last_updated_date()),
        auto_deploy: s.auto_deploy().unwrap_or(false),
        execution_log_level: settings
            .and_then(|r| r.logging_level())
            .map(|l| l.as_str().to_string()),
        data_trace_enabled: settings
            .and_then(|r| r.data_trace_enabled())
            .unwrap_or(false),
        tracing_enabled: false,
        access_log_destination: s
            .access_log_settings()
            .and_then(|a| string(a.destination_arn())),
        access_log_format: s.access_log_settings().and_then(|a| string(a.format())),
        canary: None,
        variables: map(s.stage_variables()),
        ..Stage::default()
    })
}

/// HTTP deployments carry no summary of what they serve (`None`: unknown).
pub fn deployment(d: &v2::Deployment) -> Option<Deployment> {
    Some(Deployment {
        id: string(d.deployment_id())?,
        created_date: time(d.created_date()),
        description: string(d.description()),
        summary: None,
    })
}

pub fn authorizer(a: &v2::Authorizer) -> Option<Authorizer> {
    let id = string(a.authorizer_id())?;
    let jwt = a.jwt_configuration();
    Some(Authorizer {
        name: a.name().unwrap_or(&id).to_string(),
        id,
        authorizer_type: a
            .authorizer_type()
            .map(|t| authorizer_type(t.as_str()))
            .unwrap_or(AuthorizerType::Unknown),
        identity_sources: a.identity_source().to_vec(),
        identity_validation_expression: string(a.identity_validation_expression()),
        result_ttl_seconds: a.authorizer_result_ttl_in_seconds(),
        provider_arns: vec![],
        authorizer_uri: string(a.authorizer_uri()),
        jwt_issuer: jwt.and_then(|j| string(j.issuer())),
        jwt_audience: jwt.map(|j| j.audience().to_vec()).unwrap_or_default(),
    })
}

pub fn integration(i: &v2::Integration) -> Option<HttpIntegration> {
    Some(HttpIntegration {
        id: string(i.integration_id())?,
        integration_type: i
            .integration_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        integration_uri: string(i.integration_uri()),
        payload_format_version: string(i.payload_format_version()),
    })
}

pub fn domain(d: &v2::DomainName) -> Option<DomainName> {
    let name = string(d.domain_name())?.to_ascii_lowercase();
    let conf = d.domain_name_configurations().first();
    Some(DomainName {
        name,
        endpoint_type: conf
            .and_then(|c| c.endpoint_type())
            .map(|t| endpoint_type(t.as_str()))
            .unwrap_or_default(),
        routing_mode: d
            .routing_mode()
            .map(|m| routing_mode(m.as_str()))
            .unwrap_or_default(),
        target_domain_name: conf.and_then(|c| string(c.api_gateway_domain_name())),
        certificate_arn: conf.and_then(|c| string(c.certificate_arn())),
        security_policy: conf
            .and_then(|c| c.security_policy())
            .map(|s| s.as_str().to_string()),
        mappings: vec![],
        routing_rules: vec![],
    })
}

/// An API mapping; keys may have several levels (`v1/billing`), `""` is `(none)`.
pub fn api_mapping(m: &v2::ApiMapping) -> Option<Mapping> {
    let key = match m.api_mapping_key() {
        None | Some("(none)") => String::new(),
        Some(k) => k.trim_matches('/').to_string(),
    };
    Some(Mapping {
        id: string(m.api_mapping_id()),
        key,
        api_id: string(m.api_id())?,
        stage: m.stage().unwrap_or("").to_string(),
    })
}

pub fn routing_rule(r: &v2::RoutingRule) -> Option<RoutingRule> {
    let invoke = r.actions().iter().find_map(|a| a.invoke_api())?;
    let conditions = r
        .conditions()
        .iter()
        .filter_map(|c| {
            if let Some(h) = c.match_headers() {
                let any_of = h
                    .any_of()
                    .iter()
                    .map(|v| HeaderMatch {
                        header: v.header().unwrap_or("").to_string(),
                        value_glob: v.value_glob().unwrap_or("").to_string(),
                    })
                    .collect();
                Some(RuleCondition::Headers { any_of })
            } else {
                c.match_base_paths().map(|b| RuleCondition::BasePaths {
                    any_of: b.any_of().to_vec(),
                })
            }
        })
        .collect();
    Some(RoutingRule {
        id: string(r.routing_rule_id()),
        priority: r.priority().unwrap_or(i32::MAX),
        conditions,
        action: RuleAction {
            api_id: string(invoke.api_id())?,
            stage: invoke.stage().unwrap_or("").to_string(),
            strip_base_path: invoke.strip_base_path().unwrap_or(false),
        },
    })
}
