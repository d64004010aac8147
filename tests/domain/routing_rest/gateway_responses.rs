//! Gateway responses decide the final status and body (ROUTING.md 6), and the disabled execute-api endpoint.

use super::*;

#[test]
fn rest_gateway_response_override_changes_status_and_message_but_keeps_reason() {
    let mut api = rest(ID, &[("/pets", &["GET"])]);
    api.gateway_responses.push(GatewayResponse {
        response_type: "MISSING_AUTHENTICATION_TOKEN".into(),
        status_code: Some("404".into()),
        response_templates: [(
            "application/json".to_string(),
            r#"{"message": "Not Found"}"#.to_string(),
        )]
        .into(),
        ..GatewayResponse::default()
    });
    let inv = inv(vec![api], vec![], vec![]);
    let v = get(&inv, &u("/prod/nope"));
    assert_eq!(
        (v.status, v.message.as_deref()),
        (Some(404), Some("Not Found"))
    );
    assert_eq!(v.reason, Reason::NoResource);
    assert_eq!(
        v.error_type.as_deref(),
        Some("MissingAuthenticationTokenException")
    );
}

#[test]
fn rest_default_4xx_customisation_applies_when_the_type_is_not_customised() {
    let mut api = rest(ID, &[("/pets", &["GET"])]);
    api.gateway_responses.push(GatewayResponse {
        response_type: "DEFAULT_4XX".into(),
        status_code: Some("418".into()),
        response_templates: [(
            "application/json".to_string(),
            r#"{"message": $context.error.messageString}"#.to_string(),
        )]
        .into(),
        ..GatewayResponse::default()
    });
    let inv = inv(vec![api], vec![], vec![]);
    let v = get(&inv, &u("/prod/nope"));
    assert_eq!(
        (v.status, v.message.as_deref()),
        (Some(418), Some("Missing Authentication Token"))
    );
}

#[test]
fn rest_gateway_response_with_only_cors_headers_keeps_the_default_answer() {
    // "Enable CORS" adds Access-Control-Allow-Origin to DEFAULT_4XX without changing the
    // status or body: callers see the default answer and no override is claimed.
    let mut api = rest(ID, &[("/pets", &["GET"])]);
    api.gateway_responses.push(GatewayResponse {
        response_type: "DEFAULT_4XX".into(),
        response_parameters: [(
            "gatewayresponse.header.Access-Control-Allow-Origin".to_string(),
            "'*'".to_string(),
        )]
        .into(),
        ..GatewayResponse::default()
    });
    let inv = inv(vec![api], vec![], vec![]);
    let v = get(&inv, &u("/prod/nope"));
    assert_eq!(
        (v.reason, v.status, v.message.as_deref()),
        (
            Reason::NoResource,
            Some(403),
            Some("Missing Authentication Token")
        )
    );
    assert!(
        !v.explanation.contains("customises"),
        "no override to report: {}",
        v.explanation
    );
}

#[test]
fn rest_disabled_execute_api_endpoint_is_403_forbidden() {
    let mut api = rest(ID, &[("/pets", &["GET"])]);
    api.disable_execute_api_endpoint = true;
    let inv = inv(vec![api], vec![], vec![]);
    let v = get(&inv, &u("/prod/pets"));
    assert_eq!(
        (v.reason, v.status),
        (Reason::ExecuteApiDisabled, Some(403))
    );
}
