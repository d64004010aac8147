//! SDK shapes (apigateway v1) → domain types. Every optional field is handled; nothing
//! here panics on what AWS sends. v2 shapes are in `convert_v2.rs`.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_apigateway::primitives::DateTime;
use aws_sdk_apigateway::types as v1;

use crate::domain::model::*;

/// SDK timestamp → UTC (out-of-range values become `None`).
pub fn time(t: Option<&DateTime>) -> Option<Timestamp> {
    let t = t?;
    chrono::DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

pub fn string(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty()).map(str::to_string)
}

pub fn map<V: Clone>(m: Option<&HashMap<String, V>>) -> BTreeMap<String, V> {
    m.map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// The AWS spellings are the domain enums' strum (and serde) names.
pub fn endpoint_type(s: &str) -> EndpointType {
    s.parse().unwrap_or(EndpointType::Unknown)
}

pub fn routing_mode(s: &str) -> RoutingMode {
    s.parse().unwrap_or(RoutingMode::Unknown)
}

/// Unknown authorization types are treated as NONE but logged.
pub fn auth_type(s: Option<&str>) -> AuthorizationType {
    let s = s.unwrap_or("NONE");
    AuthorizationType::from_aws(s).unwrap_or_else(|| {
        tracing::warn!(auth = s, "unknown authorization type");
        AuthorizationType::None
    })
}

pub fn authorizer_type(s: &str) -> AuthorizerType {
    s.parse().unwrap_or(AuthorizerType::Unknown)
}

fn endpoint_of(e: Option<&v1::EndpointConfiguration>) -> (EndpointType, Vec<String>) {
    let Some(e) = e else {
        return (EndpointType::Edge, vec![]);
    };
    let t = e
        .types()
        .first()
        .map(|t| endpoint_type(t.as_str()))
        .unwrap_or(EndpointType::Edge);
    (t, e.vpc_endpoint_ids().to_vec())
}

pub fn rest_api(a: &v1::RestApi) -> Option<RestApi> {
    let id = string(a.id())?;
    let (endpoint_type, vpc_endpoint_ids) = endpoint_of(a.endpoint_configuration());
    Some(RestApi {
        name: a.name().unwrap_or(&id).to_string(),
        id,
        description: string(a.description()),
        endpoint_type,
        vpc_endpoint_ids,
        disable_execute_api_endpoint: a.disable_execute_api_endpoint(),
        api_key_source: match a.api_key_source().map(|s| s.as_str()) {
            Some("AUTHORIZER") => ApiKeySource::Authorizer,
            _ => ApiKeySource::Header,
        },
        created_date: time(a.created_date()),
        policy: string(a.policy()),
        ..RestApi::default()
    })
}

pub fn resource(r: &v1::Resource) -> Option<Resource> {
    let id = string(r.id())?;
    let path = r.path().unwrap_or("/").to_string();
    let mut methods: Vec<Method> = r
        .resource_methods()
        .map(|m| m.iter().map(|(verb, m)| method(verb, m)).collect())
        .unwrap_or_default();
    methods.sort_by(|a, b| a.http_method.cmp(&b.http_method));
    Some(Resource {
        id,
        parent_id: string(r.parent_id()),
        path_part: string(r.path_part()),
        path,
        methods,
    })
}

pub fn method(verb: &str, m: &v1::Method) -> Method {
    let mut responses: Vec<MethodResponse> = m
        .method_responses()
        .map(|r| {
            r.iter()
                .map(|(code, r)| MethodResponse {
                    status_code: r.status_code().unwrap_or(code).to_string(),
                    response_parameters: map(r.response_parameters()),
                })
                .collect()
        })
        .unwrap_or_default();
    responses.sort_by(|a, b| a.status_code.cmp(&b.status_code));
    Method {
        http_method: m.http_method().unwrap_or(verb).to_ascii_uppercase(),
        authorization_type: auth_type(m.authorization_type()),
        authorizer_id: string(m.authorizer_id()),
        api_key_required: m.api_key_required().unwrap_or(false),
        authorization_scopes: m.authorization_scopes().to_vec(),
        request_validator_id: string(m.request_validator_id()),
        request_parameters: map(m.request_parameters()),
        integration: m.method_integration().map(integration),
        method_responses: responses,
    }
}

pub fn integration(i: &v1::Integration) -> Integration {
    let mut responses: Vec<IntegrationResponse> = i
        .integration_responses()
        .map(|r| {
            r.iter()
                .map(|(code, r)| IntegrationResponse {
                    status_code: r.status_code().unwrap_or(code).to_string(),
                    selection_pattern: string(r.selection_pattern()),
                    response_parameters: map(r.response_parameters()),
                    response_templates: map(r.response_templates()),
                })
                .collect()
        })
        .unwrap_or_default();
    responses.sort_by(|a, b| a.status_code.cmp(&b.status_code));
    Integration {
        integration_type: i
            .r#type()
            .map(|t| IntegrationType::from_aws(t.as_str()))
            .unwrap_or(IntegrationType::Unknown),
        uri: string(i.uri()),
        http_method: string(i.http_method()),
        request_templates: map(i.request_templates()),
        integration_responses: responses,
    }
}

pub fn stage(s: &v1::Stage) -> Option<Stage> {
    let name = string(s.stage_name())?;
    let mut st = Stage {
        name,
        deployment_id: string(s.deployment_id()),
        description: string(s.description()),
        created_date: time(s.created_date()),
        last_updated_date: time(s.last_updated_date()),
        auto_deploy: false,
        tracing_enabled: s.tracing_enabled(),
        canary: s.canary_settings().map(|c| CanarySettings {
            deployment_id: string(c.deployment_id()),
            percent_traffic: c.percent_traffic(),
            stage_variable_overrides: map(c.stage_variable_overrides()),
            use_stage_cache: c.use_stage_cache(),
        }),
        variables: map(s.variables()),
        ..Stage::default()
    };
    stage_logging(&mut st, s.method_settings(), s.access_log_settings());
    Some(st)
}

/// A REST stage's logging: `methodSettings["*/*"]` (level, data trace, metrics), the
/// per-method overrides (every other key), and the access log settings. Shared by the
/// loader (`GetStages`) and the read-back after a mutation (`GetStage`).
pub fn stage_logging(
    st: &mut Stage,
    settings: Option<&HashMap<String, v1::MethodSetting>>,
    access: Option<&v1::AccessLogSettings>,
) {
    let all = settings.and_then(|m| m.get("*/*"));
    st.execution_log_level = all.and_then(|m| string(m.logging_level()));
    st.data_trace_enabled = all.is_some_and(|m| m.data_trace_enabled());
    st.metrics_enabled = all.is_some_and(|m| m.metrics_enabled());
    st.method_logging = settings
        .map(|m| {
            m.iter()
                .filter(|(k, _)| k.as_str() != "*/*")
                .map(|(k, m)| {
                    let ml = MethodLogging {
                        level: m.logging_level().and_then(LogLevel::from_aws),
                        data_trace: m.data_trace_enabled(),
                        metrics: m.metrics_enabled(),
                    };
                    (k.clone(), ml)
                })
                .collect()
        })
        .unwrap_or_default();
    st.access_log_destination = access.and_then(|a| string(a.destination_arn()));
    st.access_log_format = access.and_then(|a| string(a.format()));
}

/// `GetAccount`'s logging-relevant settings.
pub fn account(cloudwatch_role_arn: Option<&str>) -> AccountSettings {
    AccountSettings {
        cloudwatch_role_arn: string(cloudwatch_role_arn),
    }
}

pub type ApiSummary = HashMap<String, HashMap<String, v1::MethodSnapshot>>;

/// `apisummary` (path → method → snapshot) → domain summary; `None` when absent.
pub fn summary(s: Option<&ApiSummary>) -> Option<DeployedSummary> {
    let s = s?;
    Some(
        s.iter()
            .map(|(path, methods)| {
                let m = methods
                    .iter()
                    .map(|(verb, snap)| {
                        let ms = MethodSummary {
                            authorization_type: auth_type(snap.authorization_type()),
                            api_key_required: snap.api_key_required(),
                        };
                        (verb.to_ascii_uppercase(), ms)
                    })
                    .collect();
                (path.clone(), m)
            })
            .collect(),
    )
}

pub fn deployment(d: &v1::Deployment) -> Option<Deployment> {
    Some(Deployment {
        id: string(d.id())?,
        created_date: time(d.created_date()),
        description: string(d.description()),
        summary: summary(d.api_summary()),
    })
}

pub fn authorizer(a: &v1::Authorizer) -> Option<Authorizer> {
    let id = string(a.id())?;
    Some(Authorizer {
        name: a.name().unwrap_or(&id).to_string(),
        id,
        authorizer_type: a
            .r#type()
            .map(|t| authorizer_type(t.as_str()))
            .unwrap_or(AuthorizerType::Unknown),
        identity_sources: a
            .identity_source()
            .map(|s| {
                s.split(',')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        identity_validation_expression: string(a.identity_validation_expression()),
        result_ttl_seconds: a.authorizer_result_ttl_in_seconds(),
        provider_arns: a.provider_arns().to_vec(),
        authorizer_uri: string(a.authorizer_uri()),
        jwt_issuer: None,
        jwt_audience: vec![],
    })
}

/// Customised gateway responses only (AWS's untouched defaults are implied).
pub fn gateway_response(g: &v1::GatewayResponse) -> Option<GatewayResponse> {
    if g.default_response() {
        return None;
    }
    Some(GatewayResponse {
        response_type: g.response_type()?.as_str().to_string(),
        status_code: string(g.status_code()),
        response_parameters: map(g.response_parameters()),
        response_templates: map(g.response_templates()),
        default_response: false,
    })
}

pub fn request_validator(v: &v1::RequestValidator) -> Option<RequestValidator> {
    let id = string(v.id())?;
    Some(RequestValidator {
        name: v.name().unwrap_or(&id).to_string(),
        id,
        validate_request_body: v.validate_request_body(),
        validate_request_parameters: v.validate_request_parameters(),
    })
}

/// A v1 domain name (its mappings come separately).
pub fn domain_v1(d: &v1::DomainName) -> Option<DomainName> {
    let name = string(d.domain_name())?.to_ascii_lowercase();
    let (endpoint_type, _) = endpoint_of(d.endpoint_configuration());
    let regional = endpoint_type != EndpointType::Edge;
    Some(DomainName {
        name,
        routing_mode: d
            .routing_mode()
            .map(|m| routing_mode(m.as_str()))
            .unwrap_or_default(),
        target_domain_name: if regional {
            string(d.regional_domain_name())
        } else {
            string(d.distribution_domain_name())
        },
        certificate_arn: if regional {
            string(d.regional_certificate_arn())
        } else {
            string(d.certificate_arn())
        },
        security_policy: d.security_policy().map(|s| s.as_str().to_string()),
        endpoint_type,
        mappings: vec![],
        routing_rules: vec![],
    })
}

/// A base path mapping; `(none)` (or absent) is the empty key.
pub fn base_path_mapping(m: &v1::BasePathMapping) -> Option<Mapping> {
    let key = match m.base_path() {
        None | Some("(none)") => String::new(),
        Some(k) => k.trim_matches('/').to_string(),
    };
    Some(Mapping {
        id: None,
        key,
        api_id: string(m.rest_api_id())?,
        stage: m.stage().unwrap_or("").to_string(),
    })
}
