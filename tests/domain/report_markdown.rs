//! `apigw match --markdown` (src/report.rs): the Markdown report for demo verdicts, as
//! insta snapshots (tests/snapshots/report_markdown__*.snap), and secrets redacted.

use apigw::domain::model::Inventory;
use apigw::domain::routing::{evaluate, CallerContext, MatchContext, Request, Verdict};
use apigw::report::{markdown, markdown_for};

fn demo() -> Inventory {
    apigw::demo::inventory()
}

fn caller(ip: Option<&str>) -> CallerContext {
    CallerContext {
        source_ip: ip.and_then(|i| i.parse().ok()),
        ..CallerContext::default()
    }
}

fn verdict(req: &Request, ip: Option<&str>) -> Verdict {
    let ctx = MatchContext {
        caller: caller(ip),
        ..MatchContext::default()
    };
    evaluate(&demo(), req, &ctx)
}

fn report(req: Request, ip: Option<&str>) -> String {
    let v = verdict(&req, ip);
    markdown_for(&req, &caller(ip), &v, &demo())
}

#[test]
fn report_for_a_disabled_api_key() {
    let req = Request::new("GET", "https://api.example.com/orders/orders")
        .with_header("x-api-key", "demo-legacy-mobile-key-0002");
    let md = report(req, None);
    assert!(!md.contains("demo-legacy-mobile-key-0002"));
    insta::assert_snapshot!(md);
}

#[test]
fn report_for_a_resource_policy_deny() {
    let req = Request::new("GET", "https://api.example.com/v1/billing/invoices/42");
    insta::assert_snapshot!(report(req, Some("203.0.113.9")));
}

#[test]
fn report_for_a_route_not_deployed() {
    let req = Request::new("POST", "https://api.example.com/orders/orders/42/refunds")
        .with_header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.secret.token");
    let md = report(req, None);
    assert!(!md.contains("eyJhbGciOiJIUzI1NiJ9"), "{md}");
    insta::assert_snapshot!(md);
}

#[test]
fn report_for_a_request_that_reaches_the_integration() {
    let req = Request::new("GET", "https://api.example.com/orders/orders/42/items");
    insta::assert_snapshot!(report(req, None));
}

#[test]
fn report_for_an_unknown_host_has_no_chain_beyond_the_host() {
    let req = Request::new("GET", "https://nowhere.example.org/x");
    let v = verdict(&req, None);
    let md = markdown(&v, &demo());
    assert!(md.contains("| API | — (not reached) |"), "{md}");
    assert!(md.contains("`unknown_host`"), "{md}");
}

#[test]
fn a_presigned_url_and_tokens_in_the_url_are_redacted() {
    let req = Request::new(
        "GET",
        "https://api.example.com/orders/orders/42/items?X-Amz-Signature=abcdef0123456789abcdef&X-Amz-Security-Token=SECRETsessionToken0001",
    );
    let v = verdict(&req, None);
    let md = markdown(&v, &demo());
    assert!(!md.contains("abcdef0123456789abcdef"), "{md}");
    assert!(!md.contains("SECRETsessionToken0001"), "{md}");
}
