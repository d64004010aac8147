//! REST authorization after a match: IAM, API keys, Cognito and Lambda authorizers, request validators (ROUTING.md 2.8-2.9).

use super::*;

#[test]
fn rest_iam_method_without_signature_is_missing_authentication_token() {
    let mut api = rest(ID, &[("/admin", &["GET"])]);
    method_mut(&mut api, "/admin", "GET").authorization_type = AuthorizationType::AwsIam;
    deploy(&mut api, "prod", "dep1");
    let inv = inv(vec![api], vec![], vec![]);
    let v = get(&inv, &u("/prod/admin"));
    assert_eq!(v.reason, Reason::IamUnsigned);
    assert_eq!(v.message.as_deref(), Some("Missing Authentication Token"));
    assert!(
        v.explanation.contains("unsigned call to an IAM"),
        "{}",
        v.explanation
    );
    let mut signed = req("GET", &u("/prod/admin"));
    signed.signed = true;
    assert_eq!(run(&inv, signed).reason, Reason::Matched);
    let sig =
        req("GET", &u("/prod/admin")).with_header("Authorization", "AWS4-HMAC-SHA256 Credential=x");
    assert_eq!(run(&inv, sig).reason, Reason::Matched);
    let bearer = run(
        &inv,
        req("GET", &u("/prod/admin")).with_header("authorization", "Bearer tok"),
    );
    assert_eq!(bearer.reason, Reason::IamUnsigned);
    assert_eq!(
        bearer.error_type.as_deref(),
        Some("IncompleteSignatureException")
    );
}

#[test]
fn rest_api_key_required_without_x_api_key_is_403_forbidden() {
    let mut api = rest(ID, &[("/orders", &["GET"])]);
    method_mut(&mut api, "/orders", "GET").api_key_required = true;
    deploy(&mut api, "prod", "dep1");
    let mut inv = inv(vec![api], vec![], vec![]);
    let v = get(&inv, &u("/prod/orders"));
    assert_eq!(
        (v.reason, v.status, v.error_type.as_deref()),
        (Reason::ApiKeyMissing, Some(403), Some("ForbiddenException"))
    );
    let ok = run(
        &inv,
        req("GET", &u("/prod/orders")).with_header("X-API-Key", "k"),
    );
    assert_eq!(ok.reason, Reason::Matched);
    inv.rest_apis[0].api_key_source = ApiKeySource::Authorizer;
    assert_eq!(
        get(&inv, &u("/prod/orders")).reason,
        Reason::Matched,
        "AUTHORIZER source ignores the header"
    );
}

fn with_authorizer(a: Authorizer, auth: AuthorizationType) -> Inventory {
    let mut api = rest(ID, &[("/orders", &["GET"])]);
    let m = method_mut(&mut api, "/orders", "GET");
    m.authorization_type = auth;
    m.authorizer_id = Some(a.id.clone());
    api.authorizers.push(a);
    deploy(&mut api, "prod", "dep1");
    inv(vec![api], vec![], vec![])
}

#[test]
fn rest_cognito_without_authorization_header_is_401_unauthorized() {
    let a = Authorizer {
        id: "cg".into(),
        name: "pool".into(),
        authorizer_type: AuthorizerType::CognitoUserPools,
        identity_sources: vec!["method.request.header.Authorization".into()],
        ..Authorizer::default()
    };
    let inv = with_authorizer(a, AuthorizationType::CognitoUserPools);
    let v = get(&inv, &u("/prod/orders"));
    assert_eq!(
        (v.reason, v.status, v.message.as_deref()),
        (Reason::IdentityMissing, Some(401), Some("Unauthorized"))
    );
    assert_eq!(v.error_type.as_deref(), Some("UnauthorizedException"));
    assert_eq!(
        v.authorization
            .as_ref()
            .and_then(|a| a.authorizer.as_deref()),
        Some("pool")
    );
    let ok = run(
        &inv,
        req("GET", &u("/prod/orders")).with_header("Authorization", "eyJ.x.y"),
    );
    assert_eq!(ok.reason, Reason::Matched);
}

#[test]
fn rest_token_authorizer_value_failing_its_regex_is_401() {
    let a = Authorizer {
        id: "tk".into(),
        name: "tok".into(),
        authorizer_type: AuthorizerType::Token,
        identity_sources: vec!["method.request.header.Authorization".into()],
        identity_validation_expression: Some("^Bearer [a-z]+$".into()),
        result_ttl_seconds: Some(300),
        ..Authorizer::default()
    };
    let inv = with_authorizer(a, AuthorizationType::Custom);
    let bad = run(
        &inv,
        req("GET", &u("/prod/orders")).with_header("Authorization", "Basic 123"),
    );
    assert_eq!(bad.reason, Reason::IdentityMissing);
    let good = run(
        &inv,
        req("GET", &u("/prod/orders")).with_header("Authorization", "Bearer abc"),
    );
    assert_eq!(good.reason, Reason::Matched);
}

#[test]
fn rest_request_authorizer_checks_sources_only_with_caching_on() {
    let mut a = Authorizer {
        id: "rq".into(),
        name: "req".into(),
        authorizer_type: AuthorizerType::Request,
        identity_sources: vec![
            "method.request.header.X-Tenant, method.request.querystring.token".into(),
        ],
        result_ttl_seconds: Some(60),
        ..Authorizer::default()
    };
    let inv1 = with_authorizer(a.clone(), AuthorizationType::Custom);
    let v = run(
        &inv1,
        req("GET", &u("/prod/orders")).with_header("x-tenant", "t"),
    );
    assert_eq!(
        v.reason,
        Reason::IdentityMissing,
        "query string token missing"
    );
    assert!(v.explanation.contains("token"));
    let ok = run(
        &inv1,
        req("GET", &u("/prod/orders?token=1")).with_header("x-tenant", "t"),
    );
    assert_eq!(ok.reason, Reason::Matched);
    a.result_ttl_seconds = Some(0);
    let inv0 = with_authorizer(a, AuthorizationType::Custom);
    let v = get(&inv0, &u("/prod/orders"));
    assert_eq!(v.reason, Reason::Matched);
    assert!(
        v.explanation.contains("cannot be predicted"),
        "{}",
        v.explanation
    );
}

#[test]
fn rest_request_validator_lists_missing_parameters_headers_first() {
    let mut api = rest(ID, &[("/orders", &["POST"])]);
    api.request_validators.push(RequestValidator {
        id: "v".into(),
        name: "params".into(),
        validate_request_body: false,
        validate_request_parameters: true,
    });
    let m = method_mut(&mut api, "/orders", "POST");
    m.request_validator_id = Some("v".into());
    m.request_parameters
        .insert("method.request.querystring.a".into(), true);
    m.request_parameters
        .insert("method.request.header.B".into(), true);
    m.request_parameters
        .insert("method.request.querystring.opt".into(), false);
    deploy(&mut api, "prod", "dep1");
    let inv = inv(vec![api], vec![], vec![]);
    let v = run(&inv, req("POST", &u("/prod/orders")));
    assert_eq!(v.reason, Reason::RequestInvalid);
    assert_eq!(
        (v.status, v.error_type.as_deref()),
        (Some(400), Some("BadRequestException"))
    );
    assert_eq!(
        v.message.as_deref(),
        Some("Missing required request parameters: [B, a]")
    );
    let ok = run(
        &inv,
        req("POST", &u("/prod/orders?a=1")).with_header("b", "x"),
    );
    assert_eq!(ok.reason, Reason::Matched);
}

#[test]
fn rest_body_validator_is_only_knowable_with_the_body() {
    let mut api = rest(ID, &[("/orders", &["POST"])]);
    api.request_validators.push(RequestValidator {
        id: "b".into(),
        name: "body".into(),
        validate_request_body: true,
        validate_request_parameters: false,
    });
    method_mut(&mut api, "/orders", "POST").request_validator_id = Some("b".into());
    deploy(&mut api, "prod", "dep1");
    let inv = inv(vec![api], vec![], vec![]);
    let v = run(&inv, req("POST", &u("/prod/orders")));
    assert_eq!(v.reason, Reason::Matched);
    assert!(
        v.explanation.contains("Invalid request body"),
        "{}",
        v.explanation
    );
}

#[test]
fn rest_stage_serves_the_deployed_authorization_not_the_working_tree() {
    let mut api = rest(ID, &[("/orders", &["GET"])]);
    method_mut(&mut api, "/orders", "GET").authorization_type = AuthorizationType::AwsIam;
    let inv = inv(vec![api], vec![], vec![]);
    let v = get(&inv, &u("/prod/orders"));
    assert_eq!(
        v.reason,
        Reason::Matched,
        "prod still serves NONE: {}",
        v.explanation
    );
    assert!(
        v.explanation.contains("a redeploy changes that"),
        "{}",
        v.explanation
    );
}
