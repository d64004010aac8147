//! HTTP API routing rules (shared/ROUTING.md section 3), one test per behaviour.

use crate::routing_support::*;
use apigw::domain::model::*;
use apigw::domain::routing::{Confidence, Reason};

const ID: &str = "h77p0000aa";

fn u(path: &str) -> String {
    format!("{}{path}", host(ID))
}

fn one(api: HttpApi) -> Inventory {
    inv(vec![], vec![api], vec![])
}

fn route_key(v: &apigw::domain::routing::Verdict) -> &str {
    v.route_key.as_deref().unwrap_or("")
}

#[test]
fn http_first_segment_naming_a_stage_selects_it_and_is_consumed() {
    let mut api = http(ID, &["GET /pets"]);
    api.stages.push(Stage {
        name: "dev".into(),
        auto_deploy: true,
        ..Stage::default()
    });
    let inv = one(api);
    let v = get(&inv, &u("/dev/pets"));
    assert_eq!(
        (v.reason, v.stage.as_deref(), route_key(&v)),
        (Reason::Matched, Some("dev"), "GET /pets")
    );
}

#[test]
fn http_default_stage_receives_the_full_path() {
    let inv = one(http(ID, &["GET /pets", "GET /dev/pets"]));
    let v = get(&inv, &u("/dev/pets"));
    assert_eq!(
        (v.stage.as_deref(), route_key(&v)),
        (Some("$default"), "GET /dev/pets")
    );
}

#[test]
fn http_no_matching_stage_and_no_default_stage_is_404() {
    let mut api = http(ID, &["GET /pets"]);
    api.stages = vec![Stage {
        name: "prod".into(),
        auto_deploy: true,
        ..Stage::default()
    }];
    let v = get(&one(api), &u("/prd/pets"));
    assert_eq!(
        (v.reason, v.status, v.message.as_deref()),
        (Reason::StageNotFound, Some(404), Some("Not Found"))
    );
    assert_eq!(v.error_type, None, "HTTP APIs send no x-amzn-ErrorType");
    assert_eq!(v.suggestions.first().map(String::as_str), Some("prod"));
}

#[test]
fn http_static_route_beats_param_route() {
    let inv = one(http(ID, &["GET /pets/{id}", "GET /pets/dog"]));
    assert_eq!(route_key(&get(&inv, &u("/pets/dog"))), "GET /pets/dog");
    let v = get(&inv, &u("/pets/7"));
    assert_eq!(route_key(&v), "GET /pets/{id}");
    assert_eq!(v.path_params.get("id").map(String::as_str), Some("7"));
}

#[test]
fn http_exact_method_beats_any() {
    let inv = one(http(ID, &["ANY /pets", "GET /pets"]));
    assert_eq!(route_key(&get(&inv, &u("/pets"))), "GET /pets");
    assert_eq!(route_key(&run(&inv, req("PUT", &u("/pets")))), "ANY /pets");
}

#[test]
fn http_greedy_routes_come_after_every_specific_route() {
    let inv = one(http(ID, &["ANY /{proxy+}", "GET /a/{b}/c"]));
    assert_eq!(route_key(&get(&inv, &u("/a/x/c"))), "GET /a/{b}/c");
    assert_eq!(route_key(&get(&inv, &u("/a/x/d"))), "ANY /{proxy+}");
}

#[test]
fn http_longer_greedy_prefix_wins() {
    let inv = one(http(ID, &["ANY /{proxy+}", "ANY /api/{proxy+}"]));
    let v = get(&inv, &u("/api/v/1"));
    assert_eq!(route_key(&v), "ANY /api/{proxy+}");
    assert_eq!(v.path_params.get("proxy").map(String::as_str), Some("v/1"));
}

#[test]
fn http_default_route_catches_what_no_route_matches() {
    let inv = one(http(ID, &["GET /pets", "$default"]));
    let v = get(&inv, &u("/nope"));
    assert_eq!((v.reason, route_key(&v)), (Reason::Matched, "$default"));
}

#[test]
fn http_no_route_is_404_not_found() {
    let inv = one(http(ID, &["GET /pets"]));
    let v = get(&inv, &u("/pest"));
    assert_eq!(
        (v.reason, v.status, v.error_type.clone()),
        (Reason::NoRoute, Some(404), None)
    );
    assert_eq!(v.suggestions.first().map(String::as_str), Some("/pets"));
    let v = run(&inv, req("POST", &u("/pets")));
    assert_eq!(v.reason, Reason::NoRoute);
}

#[test]
fn http_trailing_slash_still_matches_with_low_confidence() {
    let inv = one(http(ID, &["GET /pets"]));
    let v = get(&inv, &u("/pets/"));
    assert_eq!(route_key(&v), "GET /pets");
    assert_eq!(v.confidence, Confidence::Likely);
}

fn stale_api() -> HttpApi {
    let mut api = http(ID, &["GET /pets"]);
    api.deployments.push(Deployment {
        id: "d1".into(),
        summary: Some(api.working_summary()),
        ..Deployment::default()
    });
    api.routes.push(Route {
        id: "new".into(),
        route_key: "POST /pets".into(),
        ..Route::default()
    });
    api.stages = vec![Stage {
        name: "prod".into(),
        deployment_id: Some("d1".into()),
        ..Stage::default()
    }];
    api
}

#[test]
fn http_route_missing_from_the_stage_deployment_is_not_deployed() {
    let inv = one(stale_api());
    let v = run(&inv, req("POST", &u("/prod/pets")));
    assert_eq!((v.reason, v.status), (Reason::NotDeployed, Some(404)));
    assert!(v.deploy_would_fix);
    assert!(v
        .explanation
        .contains("apigatewayv2 create-deployment --api-id h77p0000aa --stage-name prod"));
}

#[test]
fn http_auto_deploy_stage_is_never_stale() {
    let mut api = stale_api();
    api.stages[0].auto_deploy = true;
    let v = run(&one(api), req("POST", &u("/prod/pets")));
    assert_eq!(v.reason, Reason::Matched);
    assert_eq!(v.confidence, Confidence::Certain);
}

fn with_auth(kind: AuthorizationType, a: Option<Authorizer>) -> Inventory {
    let mut api = http(ID, &["GET /me"]);
    api.routes[0].authorization_type = kind;
    if let Some(a) = a {
        api.routes[0].authorizer_id = Some(a.id.clone());
        api.authorizers.push(a);
    }
    one(api)
}

#[test]
fn http_jwt_route_without_token_is_401_unauthorized() {
    let a = Authorizer {
        id: "j".into(),
        name: "jwt".into(),
        authorizer_type: AuthorizerType::Jwt,
        identity_sources: vec!["$request.header.Authorization".into()],
        ..Authorizer::default()
    };
    let inv = with_auth(AuthorizationType::Jwt, Some(a));
    let v = get(&inv, &u("/me"));
    assert_eq!(
        (v.reason, v.status, v.message.as_deref()),
        (Reason::IdentityMissing, Some(401), Some("Unauthorized"))
    );
    assert_eq!(v.error_type, None);
    let ok = run(
        &inv,
        req("GET", &u("/me")).with_header("Authorization", "Bearer e.y.j"),
    );
    assert_eq!(ok.reason, Reason::Matched);
}

#[test]
fn http_lambda_authorizer_missing_identity_source_is_401() {
    let a = Authorizer {
        id: "l".into(),
        name: "lam".into(),
        authorizer_type: AuthorizerType::Request,
        identity_sources: vec!["$request.querystring.key".into()],
        ..Authorizer::default()
    };
    let inv = with_auth(AuthorizationType::Custom, Some(a));
    assert_eq!(get(&inv, &u("/me")).reason, Reason::IdentityMissing);
    assert_eq!(get(&inv, &u("/me?key=1")).reason, Reason::Matched);
}

#[test]
fn http_iam_route_unsigned_is_403_forbidden_low_confidence() {
    let inv = with_auth(AuthorizationType::AwsIam, None);
    let v = get(&inv, &u("/me"));
    assert_eq!(
        (v.reason, v.status, v.message.as_deref()),
        (Reason::IamUnsigned, Some(403), Some("Forbidden"))
    );
    assert_eq!(v.confidence, Confidence::Likely);
}

fn cors_api(routes: &[&str]) -> HttpApi {
    let mut api = http(ID, routes);
    api.cors = Some(CorsConfiguration {
        allow_origins: vec!["https://shop.example".into()],
        allow_methods: vec!["GET".into(), "POST".into()],
        allow_headers: vec!["authorization".into()],
        ..CorsConfiguration::default()
    });
    api
}

fn preflight(origin: &str, method: &str, headers: &str) -> apigw::domain::routing::Request {
    req("OPTIONS", &u("/pets"))
        .with_header("Origin", origin)
        .with_header("Access-Control-Request-Method", method)
        .with_header("Access-Control-Request-Headers", headers)
}

#[test]
fn http_cors_preflight_is_answered_by_api_gateway_when_no_route_matches_options() {
    let inv = one(cors_api(&["GET /pets"]));
    let v = run(
        &inv,
        preflight("https://shop.example", "GET", "Authorization"),
    );
    assert_eq!((v.reason, v.status), (Reason::CorsPreflight, Some(204)));
    assert_eq!(v.exit_code(), 0);
    assert_eq!(v.preflight_ok, Some(true));
    assert!(
        v.explanation.contains("preflight succeeds"),
        "{}",
        v.explanation
    );
}

#[test]
fn http_preflight_names_the_origin_method_and_header_not_allowed() {
    let inv = one(cors_api(&["GET /pets"]));
    let v = run(&inv, preflight("https://evil.example", "DELETE", "x-trace"));
    assert_eq!(v.reason, Reason::CorsPreflight);
    assert_eq!(v.preflight_ok, Some(false), "the browser blocks it");
    for bit in [
        "origin https://evil.example",
        "method DELETE",
        "header x-trace",
    ] {
        assert!(v.explanation.contains(bit), "{bit}: {}", v.explanation);
    }
}

#[test]
fn http_any_route_with_jwt_takes_the_preflight_and_answers_401() {
    let mut api = cors_api(&["ANY /pets"]);
    api.routes[0].authorization_type = AuthorizationType::Jwt;
    api.routes[0].authorizer_id = Some("j".into());
    api.authorizers.push(Authorizer {
        id: "j".into(),
        name: "jwt".into(),
        authorizer_type: AuthorizerType::Jwt,
        ..Authorizer::default()
    });
    let v = run(&one(api), preflight("https://shop.example", "GET", ""));
    assert_eq!((v.reason, v.status), (Reason::IdentityMissing, Some(401)));
    assert!(
        v.explanation.contains("takes the preflight"),
        "{}",
        v.explanation
    );
    assert!(v.explanation.contains("CORS error"));
}

#[test]
fn http_disabled_execute_api_endpoint_is_404() {
    let mut api = http(ID, &["GET /pets"]);
    api.disable_execute_api_endpoint = true;
    let v = get(&one(api), &u("/pets"));
    assert_eq!(
        (v.reason, v.status),
        (Reason::ExecuteApiDisabled, Some(404))
    );
}
