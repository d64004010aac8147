//! The verdicts issue #4 promises on the bundled demo account (assets/demo.json).

use apigw::domain::model::Inventory;
use apigw::domain::routing::{evaluate, parse_input, MatchContext, Reason, Request, Verdict};

fn demo() -> Inventory {
    let inv = apigw::demo::inventory();
    assert!(
        inv.find_api("orders-api").is_ok(),
        "assets/demo.json must contain orders-api (did the demo fail to parse?)"
    );
    inv
}

fn run(method: &str, url: &str) -> Verdict {
    evaluate(
        &demo(),
        &Request::new(method, url),
        &MatchContext::default(),
    )
}

fn orders_id() -> String {
    demo()
        .find_api("orders-api")
        .map(|r| r.id)
        .unwrap_or_default()
}

#[test]
fn demo_get_items_through_the_custom_domain_is_matched() {
    let v = run("GET", "https://api.example.com/orders/orders/42/items");
    assert_eq!(v.reason, Reason::Matched, "{}", v.explanation);
    assert_eq!(v.status, None);
    assert_eq!(v.api.as_ref().map(|a| a.name.as_str()), Some("orders-api"));
    assert_eq!(v.stage.as_deref(), Some("prod"));
    assert_eq!(v.resource.as_deref(), Some("/orders/{orderId}/items"));
    assert_eq!(v.path_params.get("orderId").map(String::as_str), Some("42"));
    assert_eq!(
        v.domain.as_ref().map(|d| d.label()).as_deref(),
        Some("orders")
    );
}

#[test]
fn demo_post_refunds_is_not_deployed_to_prod() {
    let v = run("POST", "https://api.example.com/orders/orders/42/refunds");
    assert_eq!(v.status, Some(403));
    assert_eq!(v.message.as_deref(), Some("Missing Authentication Token"));
    assert_eq!(v.reason, Reason::NotDeployed);
    assert!(v.deploy_would_fix);
    assert!(v.explanation.contains("not deployed"), "{}", v.explanation);
}

#[test]
fn demo_misspelt_stage_on_execute_api_host_suggests_prod() {
    let inv = demo();
    let region = inv.region.clone().unwrap_or_default();
    let url = format!(
        "https://{}.execute-api.{region}.amazonaws.com/prd/orders",
        orders_id()
    );
    let v = evaluate(&inv, &Request::new("GET", &url), &MatchContext::default());
    assert_eq!(v.status, Some(403));
    assert_eq!(v.message.as_deref(), Some("Forbidden"));
    assert_eq!(v.reason, Reason::StageNotFound);
    assert!(
        v.suggestions.iter().any(|s| s.contains("prod")),
        "{:?}",
        v.suggestions
    );
}

#[test]
fn demo_unknown_payments_path_reaches_the_default_route() {
    let v = run("GET", "https://api.example.com/pay/nope");
    assert_eq!(v.reason, Reason::Matched, "{}", v.explanation);
    assert_eq!(
        v.api.as_ref().map(|a| a.name.as_str()),
        Some("payments-http")
    );
    assert_eq!(v.route_key.as_deref(), Some("$default"));
}

#[test]
fn demo_legacy_billing_missing_route_is_remapped_to_404_keeping_the_reason() {
    let v = run("GET", "https://api.example.com/v1/billing/nothing");
    assert_eq!(
        v.api.as_ref().map(|a| a.name.as_str()),
        Some("legacy-billing")
    );
    assert_eq!(v.reason, Reason::NoResource);
    assert_eq!(v.status, Some(404));
}

#[test]
fn demo_internal_domain_rule_sends_beta_to_staging() {
    let inv = demo();
    let req = Request::new("GET", "https://internal.example.com/orders/1/items")
        .with_header("x-env", "beta-2");
    let v = evaluate(&inv, &req, &MatchContext::default());
    assert_eq!(v.stage.as_deref(), Some("staging"));
    let v = evaluate(
        &inv,
        &Request::new("GET", "https://internal.example.com/orders/1/items"),
        &MatchContext::default(),
    );
    assert_eq!(v.stage.as_deref(), Some("prod"));
}

#[test]
fn demo_curl_command_with_iam_method_unsigned_vs_awscurl() {
    let inv = demo();
    let ctx = MatchContext::default();
    let curl = parse_input("curl -X DELETE https://api.example.com/orders/orders/42").unwrap();
    assert_eq!(evaluate(&inv, &curl, &ctx).reason, Reason::IamUnsigned);
    let aws = parse_input(
        "awscurl --service execute-api -X DELETE https://api.example.com/orders/orders/42",
    )
    .unwrap();
    assert_eq!(evaluate(&inv, &aws, &ctx).reason, Reason::Matched);
}
