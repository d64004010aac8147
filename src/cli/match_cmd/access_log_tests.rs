use super::*;

fn url_of(line: &str) -> String {
    match parse(line, Some("eu-west-1")) {
        Ok((r, _)) => format!("{} {}", r.method, r.url),
        Err(e) => panic!("{line}: {e}"),
    }
}

#[test]
fn a_rest_line_on_the_execute_api_host_keeps_the_stage_in_its_path() {
    let line = r#"{"requestId":"r-1","httpMethod":"GET","domainName":"a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com","apiId":"a1b2c3d4e5","stage":"prod","path":"/prod/orders/7","resourcePath":"/orders/{orderId}","status":"200"}"#;
    assert_eq!(
        url_of(line),
        "GET https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders/7"
    );
    let (_, logged) = parse(line, None).unwrap();
    assert_eq!(logged.status, Some(200));
    assert_eq!(logged.request_id.as_deref(), Some("r-1"));
}

#[test]
fn a_rest_line_on_a_custom_domain_keeps_the_base_path_and_adds_no_stage() {
    let line = r#"{"httpMethod":"POST","domainName":"API.example.com","apiId":"a1b2c3d4e5","stage":"prod","path":"/orders/orders/42/refunds","status":403}"#;
    assert_eq!(
        url_of(line),
        "POST https://api.example.com/orders/orders/42/refunds"
    );
}

#[test]
fn an_http_api_line_on_the_default_stage_has_no_stage_segment() {
    let line = r#"{"httpMethod":"GET","routeKey":"GET /payments/{id}","apiId":"p4y8h3t6x1","stage":"$default","path":"/payments/9","status":"200"}"#;
    assert_eq!(
        url_of(line),
        "GET https://p4y8h3t6x1.execute-api.eu-west-1.amazonaws.com/payments/9"
    );
}

#[test]
fn with_only_an_api_id_the_stage_is_put_in_front_of_a_path_without_it() {
    let line = r#"{"httpMethod":"GET","apiId":"A1B2C3D4E5","stage":"prod","path":"/orders"}"#;
    assert_eq!(
        url_of(line),
        "GET https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders"
    );
    let line = r#"{"httpMethod":"GET","apiId":"a1b2c3d4e5","stage":"prod","path":"/prod"}"#;
    assert!(url_of(line).ends_with(".amazonaws.com/prod"));
    let line = r#"{"httpMethod":"GET","apiId":"a1b2c3d4e5","stage":"prod","path":"/production/x"}"#;
    assert!(url_of(line).ends_with(".amazonaws.com/prod/production/x"));
}

#[test]
fn an_unnamed_custom_domain_is_routed_on_execute_api_without_its_base_path() {
    let line = r#"{"httpMethod":"GET","apiId":"a1b2c3d4e5","stage":"prod","path":"/orders/orders/1","customDomain":{"basePathMatched":"orders"}}"#;
    assert_eq!(
        url_of(line),
        "GET https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders/1"
    );
}

#[test]
fn a_route_template_without_variables_stands_for_the_path() {
    let line =
        r#"{"httpMethod":"GET","apiId":"a1b2c3d4e5","stage":"prod","resourcePath":"/orders"}"#;
    assert!(url_of(line).ends_with("/prod/orders"));
    let line = r#"{"httpMethod":"GET","apiId":"a1b2c3d4e5","stage":"prod","resourcePath":"/orders/{orderId}"}"#;
    let e = parse(line, None).unwrap_err();
    assert!(e.contains("$context.path"), "{e}");
}

#[test]
fn key_names_are_matched_loosely_and_nested_objects_flatten() {
    let line = r#"{"http_method":"delete","Domain-Name":"api.example.com","PATH":"/orders/orders/3","status_code":"204","identity":{"caller":"AIDAEXAMPLE","sourceIp":"1.2.3.4"}}"#;
    let (r, logged) = parse(line, None).unwrap();
    assert_eq!(r.method, "DELETE");
    assert_eq!(r.url, "https://api.example.com/orders/orders/3");
    assert!(r.signed, "identity.caller is set only for signed calls");
    assert_eq!(logged.status, Some(204));
    let line = r#"{"httpMethod":"GET","domainName":"api.example.com","path":"/x","identity.caller":"-","status":"-"}"#;
    let (r, logged) = parse(line, None).unwrap();
    assert!(!r.signed, "`-` is an empty variable");
    assert_eq!(logged.status, None);
}

#[test]
fn cloudwatch_exports_are_read_through_their_timestamp_or_message() {
    let json = r#"{"httpMethod":"GET","domainName":"api.example.com","path":"/orders/orders"}"#;
    for line in [
        format!("2026-11-02T10:00:00.000Z {json}"),
        format!("2026-11-02T10:00:00.123000+00:00 0a1b2c3d4e5f {json}"),
        serde_json::json!({"timestamp": 1_700_000_000_000u64, "message": json}).to_string(),
    ] {
        assert!(looks_like(&line), "{line}");
        assert_eq!(url_of(&line), "GET https://api.example.com/orders/orders");
    }
}

#[test]
fn malformed_access_log_lines_say_what_is_missing() {
    for (line, says) in [
        (
            r#"{"httpMethod":"GET","path":"/x"}"#,
            "neither domainName nor apiId",
        ),
        (
            r#"{"domainName":"api.example.com","path":"/x"}"#,
            "httpMethod",
        ),
        (r#"{"httpMethod":"GET""#, "not a JSON access-log line"),
        (
            r#"{"httpMethod":"G T","domainName":"h","path":"/"}"#,
            "not an HTTP method",
        ),
        (
            r#"{"httpMethod":"GET","domainName":"h"}"#,
            "no request path",
        ),
        ("[1,2]", "not a JSON access-log line"),
    ] {
        let e = parse(line, None).unwrap_err();
        assert!(e.contains(says), "{line}: {e}");
    }
}

#[test]
fn plain_request_lines_are_not_taken_for_access_logs() {
    for line in [
        "GET https://api.example.com/x",
        "https://api.example.com/x",
        "curl -d '{\"a\":1}' https://api.example.com/x",
        "2026 is a year {",
    ] {
        assert!(!looks_like(line), "{line}");
    }
}
