//! OPTIONS without a method, and CORS preflight prediction against the OPTIONS mock (ROUTING.md 2.10).

use super::*;

#[test]
fn rest_options_without_an_options_method_explains_the_cors_failure() {
    let inv = one(&[("/invoices", &["GET"])]);
    let v = run(
        &inv,
        req("OPTIONS", &u("/prod/invoices")).with_header("Origin", "https://a.example"),
    );
    assert_eq!(v.reason, Reason::NoMethod);
    assert!(v.explanation.contains("CORS"), "{}", v.explanation);
    assert!(v.explanation.contains("apigw cors"));
}

fn cors_inventory() -> Inventory {
    let mut api = rest(ID, &[("/items", &["GET", "OPTIONS"])]);
    let m = method_mut(&mut api, "/items", "OPTIONS");
    m.integration = Some(Integration {
        integration_type: IntegrationType::Mock,
        integration_responses: vec![IntegrationResponse {
            status_code: "200".into(),
            response_parameters: [
                (
                    "method.response.header.Access-Control-Allow-Origin",
                    "'https://shop.example'",
                ),
                (
                    "method.response.header.Access-Control-Allow-Methods",
                    "'GET,OPTIONS'",
                ),
                (
                    "method.response.header.Access-Control-Allow-Headers",
                    "'Content-Type,Authorization'",
                ),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
            ..IntegrationResponse::default()
        }],
        ..Integration::default()
    });
    deploy(&mut api, "prod", "dep1");
    inv(vec![api], vec![], vec![])
}

fn preflight(origin: &str, method: &str, headers: &str) -> Request {
    req("OPTIONS", &u("/prod/items"))
        .with_header("Origin", origin)
        .with_header("Access-Control-Request-Method", method)
        .with_header("Access-Control-Request-Headers", headers)
}

#[test]
fn rest_preflight_succeeds_when_the_options_mock_allows_origin_method_and_headers() {
    let v = run(
        &cors_inventory(),
        preflight("https://shop.example", "GET", "authorization"),
    );
    assert_eq!(v.reason, Reason::Matched);
    assert!(
        v.explanation.contains("preflight succeeds"),
        "{}",
        v.explanation
    );
}

#[test]
fn rest_preflight_names_the_origin_method_and_header_not_allowed() {
    let v = run(
        &cors_inventory(),
        preflight("https://evil.example", "DELETE", "x-custom"),
    );
    assert!(
        v.explanation.contains("preflight fails"),
        "{}",
        v.explanation
    );
    assert!(v
        .explanation
        .contains("origin https://evil.example is not allowed"));
    assert!(v.explanation.contains("method DELETE is not allowed"));
    assert!(v.explanation.contains("header x-custom is not allowed"));
    assert!(v.suggestions.iter().any(|s| s.starts_with("apigw cors")));
}
