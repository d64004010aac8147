//! "Enable CORS" plans on REST resources (pure): the console's four calls on a bare
//! resource, only the difference where OPTIONS exists, nothing when all is right, refusal
//! on a non-MOCK OPTIONS; gateway responses; HTTP API CORS; CLI lines that paste.

use std::collections::BTreeMap;

use apigw::domain::cors::*;
use apigw::domain::model::*;
use apigw::domain::plan::{Mutation, Plan};

mod simulate;
use simulate::apply;

mod cli_lines;
mod http;

fn method(verb: &str, it: Option<IntegrationType>) -> Method {
    Method {
        http_method: verb.into(),
        integration: it.map(|t| Integration {
            integration_type: t,
            ..Integration::default()
        }),
        ..Method::default()
    }
}

fn api_with(methods: Vec<Method>) -> RestApi {
    RestApi {
        id: "a1".into(),
        name: "orders".into(),
        resources: vec![
            Resource {
                id: "root".into(),
                path: "/".into(),
                ..Resource::default()
            },
            Resource {
                id: "r1".into(),
                path: "/orders".into(),
                path_part: Some("orders".into()),
                methods,
                ..Resource::default()
            },
        ],
        ..RestApi::default()
    }
}

fn hdr(h: &str) -> String {
    format!("method.response.header.Access-Control-Allow-{h}")
}

#[test]
fn bare_resource_gets_the_consoles_four_calls() {
    let api = api_with(vec![
        method("GET", Some(IntegrationType::AwsProxy)),
        method("POST", Some(IntegrationType::Http)),
    ]);
    let plan = plan_cors(&api, "/orders", "*", false).unwrap();
    let ops: Vec<&str> = plan.steps.iter().map(|s| s.mutation.operation()).collect();
    assert_eq!(
        ops,
        vec![
            "PutMethod",
            "PutIntegration",
            "PutMethodResponse",
            "PutIntegrationResponse"
        ]
    );
    match &plan.steps[0].mutation {
        Mutation::PutMethod {
            target,
            authorization_type,
            api_key_required,
        } => {
            assert_eq!(
                (target.resource_id.as_str(), target.http_method.as_str()),
                ("r1", "OPTIONS")
            );
            assert_eq!(*authorization_type, AuthorizationType::None);
            assert!(!api_key_required);
        }
        m => panic!("{m:?}"),
    }
    match &plan.steps[1].mutation {
        Mutation::PutIntegration {
            integration_type,
            request_templates,
            ..
        } => {
            assert_eq!(*integration_type, IntegrationType::Mock);
            assert_eq!(
                request_templates
                    .get("application/json")
                    .map(String::as_str),
                Some("{\"statusCode\": 200}")
            );
        }
        m => panic!("{m:?}"),
    }
    match &plan.steps[2].mutation {
        Mutation::PutMethodResponse {
            status_code,
            response_parameters,
            ..
        } => {
            assert_eq!(status_code, "200");
            let want: BTreeMap<String, bool> = ["Headers", "Methods", "Origin"]
                .iter()
                .map(|h| (hdr(h), false))
                .collect();
            assert_eq!(response_parameters, &want);
        }
        m => panic!("{m:?}"),
    }
    match &plan.steps[3].mutation {
        Mutation::PutIntegrationResponse {
            status_code,
            response_parameters,
            ..
        } => {
            assert_eq!(status_code, "200");
            assert_eq!(
                response_parameters[&hdr("Headers")],
                "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'"
            );
            assert_eq!(response_parameters[&hdr("Methods")], "'GET,POST,OPTIONS'");
            assert_eq!(response_parameters[&hdr("Origin")], "'*'");
        }
        m => panic!("{m:?}"),
    }
    assert_eq!(
        plan.warnings.len(),
        1,
        "one proxy method: {:?}",
        plan.warnings
    );
    assert!(
        plan.warnings[0].contains("GET /orders")
            && plan.warnings[0].contains("Access-Control-Allow-Origin")
    );
    assert!(
        plan.notes.iter().any(|n| n.contains("deploy")),
        "{:?}",
        plan.notes
    );
}

#[test]
fn applying_the_plan_then_planning_again_gives_nothing_to_do() {
    let mut api = api_with(vec![method("GET", Some(IntegrationType::Http))]);
    let first = plan_cors(&api, "/orders", "https://app.example.com", true).unwrap();
    assert_eq!(first.steps.len(), 6);
    apply(&mut api, &first);
    let second = plan_cors(&api, "/orders", "https://app.example.com", true).unwrap();
    assert!(second.steps.is_empty(), "{:?}", second.steps);
    assert!(
        second.notes.iter().any(|n| n.contains("nothing to do")),
        "{:?}",
        second.notes
    );
    let opts = api.resources[1]
        .methods
        .iter()
        .filter(|m| m.http_method == "OPTIONS")
        .count();
    assert_eq!(opts, 1);
}

#[test]
fn a_new_method_on_the_resource_updates_only_the_integration_response() {
    let mut api = api_with(vec![method("GET", Some(IntegrationType::Http))]);
    let first = plan_cors(&api, "/orders", "*", false).unwrap();
    apply(&mut api, &first);
    api.resources[1]
        .methods
        .push(method("DELETE", Some(IntegrationType::Http)));
    let plan = plan_cors(&api, "/orders", "*", false).unwrap();
    assert_eq!(plan.steps.len(), 1);
    match &plan.steps[0].mutation {
        Mutation::PutIntegrationResponse {
            response_parameters,
            ..
        } => {
            assert_eq!(response_parameters[&hdr("Methods")], "'GET,OPTIONS,DELETE'");
        }
        m => panic!("{m:?}"),
    }
}

#[test]
fn changing_the_origin_updates_only_the_origin_mapping_and_keeps_custom_headers() {
    let mut api = api_with(vec![method("GET", Some(IntegrationType::Http))]);
    let first = plan_cors(&api, "/orders", "*", false).unwrap();
    apply(&mut api, &first);
    // Someone added a custom header to the allow list by hand.
    let ir = &mut api.resources[1].methods[1]
        .integration
        .as_mut()
        .unwrap()
        .integration_responses[0];
    ir.response_parameters.insert(
        hdr("Headers"),
        "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Trace'".into(),
    );
    let plan = plan_cors(&api, "/orders", "https://a.example", false).unwrap();
    assert_eq!(plan.steps.len(), 1);
    match &plan.steps[0].mutation {
        Mutation::PutIntegrationResponse {
            response_parameters,
            ..
        } => {
            assert_eq!(response_parameters[&hdr("Origin")], "'https://a.example'");
            assert!(response_parameters[&hdr("Headers")].contains("X-Trace"));
        }
        m => panic!("{m:?}"),
    }
}

#[test]
fn existing_mock_options_with_auth_and_missing_header_is_patched_not_recreated() {
    let mut opts = method("OPTIONS", Some(IntegrationType::Mock));
    opts.authorization_type = AuthorizationType::AwsIam;
    opts.api_key_required = true;
    opts.method_responses = vec![MethodResponse {
        status_code: "200".into(),
        response_parameters: [(hdr("Origin"), false)].into_iter().collect(),
    }];
    let mut api = api_with(vec![method("GET", None), opts]);
    let plan = plan_cors(&api, "/orders", "*", false).unwrap();
    let ops: Vec<&str> = plan.steps.iter().map(|s| s.mutation.operation()).collect();
    assert_eq!(
        ops,
        vec![
            "UpdateMethod",
            "PutIntegration",
            "UpdateMethodResponse",
            "PutIntegrationResponse"
        ]
    );
    match &plan.steps[2].mutation {
        Mutation::UpdateMethodResponse { patch, .. } => {
            let paths: Vec<&str> = patch.iter().map(|p| p.path.as_str()).collect();
            assert_eq!(
                paths,
                vec![
                    format!("/responseParameters/{}", hdr("Headers")),
                    format!("/responseParameters/{}", hdr("Methods"))
                ]
            );
        }
        m => panic!("{m:?}"),
    }
    apply(&mut api, &plan);
    assert!(plan_cors(&api, "/orders", "*", false)
        .unwrap()
        .steps
        .is_empty());
}

#[test]
fn lambda_proxy_options_is_refused_with_a_clear_message() {
    let api = api_with(vec![method("OPTIONS", Some(IntegrationType::AwsProxy))]);
    let e = plan_cors(&api, "/orders", "*", true).unwrap_err();
    assert_eq!(
        e,
        CorsError::NotMock {
            path: "/orders".into(),
            integration: "AWS_PROXY".into()
        }
    );
    let msg = e.to_string();
    assert!(
        msg.contains("AWS_PROXY") && msg.contains("leaves it alone"),
        "{msg}"
    );
}

#[test]
fn unknown_resource_names_the_nearest() {
    let api = api_with(vec![]);
    match plan_cors(&api, "/order", "*", false).unwrap_err() {
        CorsError::NoSuchResource { path, nearest } => {
            assert_eq!(path, "/order");
            assert_eq!(nearest.first().map(String::as_str), Some("/orders"));
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn trailing_slash_and_quoted_origin_are_accepted_bad_origins_refused() {
    let api = api_with(vec![]);
    let p = plan_cors(&api, "/orders/", "'*'", false).unwrap();
    assert_eq!(p.steps.len(), 4);
    for bad in ["", "a,b", "it's", "x y"] {
        assert!(
            matches!(
                plan_cors(&api, "/orders", bad, false),
                Err(CorsError::BadOrigin(_))
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn any_method_allows_every_method() {
    let api = api_with(vec![method("ANY", Some(IntegrationType::AwsProxy))]);
    let p = plan_cors(&api, "/orders", "*", false).unwrap();
    let Mutation::PutIntegrationResponse {
        response_parameters,
        ..
    } = &p.steps[3].mutation
    else {
        panic!()
    };
    assert_eq!(
        response_parameters[&hdr("Methods")],
        "'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'"
    );
}

#[test]
fn gateway_responses_keep_existing_customisations() {
    let mut api = api_with(vec![]);
    api.gateway_responses = vec![GatewayResponse {
        response_type: "DEFAULT_4XX".into(),
        status_code: Some("404".into()),
        response_parameters: [(
            "gatewayresponse.header.X-Foo".to_string(),
            "'bar'".to_string(),
        )]
        .into_iter()
        .collect(),
        response_templates: [("application/json".to_string(), "{}".to_string())]
            .into_iter()
            .collect(),
        default_response: false,
    }];
    let p = plan_cors(&api, "/orders", "*", true).unwrap();
    let gw: Vec<_> = p
        .steps
        .iter()
        .filter(|s| s.mutation.operation() == "PutGatewayResponse")
        .collect();
    assert_eq!(gw.len(), 2);
    // Progress lines tell the two calls apart.
    let labels: Vec<String> = gw.iter().map(|s| s.mutation.label()).collect();
    assert_eq!(
        labels,
        [
            "PutGatewayResponse DEFAULT_4XX",
            "PutGatewayResponse DEFAULT_5XX"
        ]
    );
    let Mutation::PutGatewayResponse {
        response_type,
        status_code,
        response_parameters,
        response_templates,
        ..
    } = &gw[0].mutation
    else {
        panic!()
    };
    assert_eq!(response_type, "DEFAULT_4XX");
    assert_eq!(status_code.as_deref(), Some("404"));
    assert_eq!(response_parameters["gatewayresponse.header.X-Foo"], "'bar'");
    assert_eq!(
        response_parameters["gatewayresponse.header.Access-Control-Allow-Origin"],
        "'*'"
    );
    assert_eq!(response_templates["application/json"], "{}");
    let Mutation::PutGatewayResponse {
        response_templates, ..
    } = &gw[1].mutation
    else {
        panic!()
    };
    assert_eq!(
        response_templates["application/json"],
        "{\"message\":$context.error.messageString}"
    );
}
