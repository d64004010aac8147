//! Custom domain names (shared/ROUTING.md section 4), one test per behaviour.

use crate::routing_support::*;
use apigw::domain::model::*;
use apigw::domain::routing::{Confidence, Reason};

const A: &str = "aaaaa11111";
const B: &str = "bbbbb22222";
const H: &str = "hhhhh33333";

fn apis() -> (Vec<RestApi>, Vec<HttpApi>) {
    let mut a = rest(A, &[("/orders", &["GET"]), ("/v1/orders", &["GET"])]);
    deploy(&mut a, "staging", "dep1");
    let b = rest(B, &[("/invoices", &["GET"]), ("/", &["GET"])]);
    let h = http(H, &["GET /pay"]);
    (vec![a, b], vec![h])
}

fn with(d: DomainName) -> Inventory {
    let (r, h) = apis();
    inv(r, h, vec![d])
}

fn api_of(v: &apigw::domain::routing::Verdict) -> &str {
    v.api.as_ref().map_or("", |a| a.id.as_str())
}

#[test]
fn domain_longest_base_path_wins() {
    let inv = with(domain(
        "api.example.com",
        vec![mapping("v1", A, "prod"), mapping("v1/billing", B, "prod")],
    ));
    let v = get(&inv, "https://api.example.com/v1/billing/invoices");
    matched(&v, "/invoices");
    assert_eq!(api_of(&v), B);
    assert_eq!(
        v.domain.as_ref().map(|d| d.label()).as_deref(),
        Some("v1/billing")
    );
    let v = get(&inv, "https://api.example.com/v1/orders");
    assert_eq!((api_of(&v), v.resource.as_deref()), (A, Some("/orders")));
}

#[test]
fn domain_mapping_keys_match_whole_segments_only() {
    let inv = with(domain("api.example.com", vec![mapping("v1", A, "prod")]));
    let v = get(&inv, "https://api.example.com/v10/orders");
    assert_eq!((v.reason, v.status), (Reason::NoMapping, Some(403)));
    assert_eq!(v.message.as_deref(), Some("Forbidden"));
    assert_eq!(v.suggestions.first().map(String::as_str), Some("v1"));
    assert_eq!(v.progress.failed, Some((1, 4)));
}

#[test]
fn domain_multi_level_mapping_key_is_stripped_before_routing() {
    let inv = with(domain(
        "api.example.com",
        vec![mapping("v1/billing", B, "prod")],
    ));
    matched(
        &get(&inv, "https://api.example.com/v1/billing/invoices"),
        "/invoices",
    );
    matched(&get(&inv, "https://api.example.com/v1/billing"), "/");
    assert_eq!(
        get(&inv, "https://api.example.com/v1/invoices").reason,
        Reason::NoMapping
    );
}

#[test]
fn domain_none_mapping_is_the_catch_all() {
    let inv = with(domain(
        "api.example.com",
        vec![mapping("", A, "prod"), mapping("billing", B, "prod")],
    ));
    let v = get(&inv, "https://api.example.com/orders");
    assert_eq!(api_of(&v), A);
    assert_eq!(
        v.domain.as_ref().map(|d| d.label()).as_deref(),
        Some("(none)")
    );
    assert_eq!(
        api_of(&get(&inv, "https://api.example.com/billing/invoices")),
        B
    );
}

#[test]
fn domain_stage_name_in_the_path_is_just_a_segment() {
    let inv = with(domain("api.example.com", vec![mapping("shop", A, "prod")]));
    let v = get(&inv, "https://api.example.com/shop/prod/orders");
    assert_eq!(v.reason, Reason::NoResource);
    assert!(
        v.explanation.contains("stage comes from the mapping"),
        "{}",
        v.explanation
    );
    assert_eq!(
        v.suggestions.first().map(String::as_str),
        Some("https://api.example.com/shop/orders")
    );
}

#[test]
fn domain_without_a_matching_mapping_is_403_forbidden() {
    let inv = with(domain("api.example.com", vec![mapping("shop", A, "prod")]));
    let v = get(&inv, "https://api.example.com/");
    assert_eq!((v.reason, v.status), (Reason::NoMapping, Some(403)));
    assert_eq!(v.error_type.as_deref(), Some("ForbiddenException"));
}

fn rule(
    priority: i32,
    conditions: Vec<RuleCondition>,
    api: &str,
    stage: &str,
    strip: bool,
) -> RoutingRule {
    RoutingRule {
        id: None,
        priority,
        conditions,
        action: RuleAction {
            api_id: api.into(),
            stage: stage.into(),
            strip_base_path: strip,
        },
    }
}

fn header(name: &str, glob: &str) -> RuleCondition {
    RuleCondition::Headers {
        any_of: vec![HeaderMatch {
            header: name.into(),
            value_glob: glob.into(),
        }],
    }
}

fn ruled(mode: RoutingMode) -> Inventory {
    let mut d = domain("in.example.com", vec![mapping("", A, "prod")]);
    d.routing_mode = mode;
    d.routing_rules = vec![
        rule(200, vec![header("x-env", "*")], A, "staging", false),
        rule(100, vec![header("X-Env", "beta*")], B, "prod", false),
        rule(
            50,
            vec![RuleCondition::BasePaths {
                any_of: vec!["legacy".into()],
            }],
            B,
            "prod",
            true,
        ),
    ];
    with(d)
}

#[test]
fn domain_routing_rules_run_by_ascending_priority_with_header_globs() {
    let inv = ruled(RoutingMode::RoutingRuleThenApiMapping);
    let v = run(
        &inv,
        req("GET", "https://in.example.com/invoices").with_header("x-env", "beta-7"),
    );
    assert_eq!(
        (api_of(&v), v.domain.as_ref().map(|d| d.label()).as_deref()),
        (B, Some("rule:100"))
    );
    let v = run(
        &inv,
        req("GET", "https://in.example.com/orders").with_header("x-env", "prod"),
    );
    assert_eq!((api_of(&v), v.stage.as_deref()), (A, Some("staging")));
}

#[test]
fn domain_rule_header_name_is_case_insensitive_and_value_glob_case_sensitive() {
    let inv = ruled(RoutingMode::RoutingRuleThenApiMapping);
    let v = run(
        &inv,
        req("GET", "https://in.example.com/orders").with_header("X-ENV", "Beta-1"),
    );
    assert_eq!(
        v.domain.as_ref().map(|d| d.label()).as_deref(),
        Some("rule:200"),
        "Beta does not match beta*"
    );
}

#[test]
fn domain_rule_base_path_condition_can_strip_the_base_path() {
    let inv = ruled(RoutingMode::RoutingRuleThenApiMapping);
    let v = get(&inv, "https://in.example.com/legacy/invoices");
    matched(&v, "/invoices");
    assert_eq!(
        v.domain.as_ref().map(|d| d.label()).as_deref(),
        Some("rule:50")
    );
}

#[test]
fn domain_rule_then_mapping_falls_through_to_the_mappings() {
    let inv = ruled(RoutingMode::RoutingRuleThenApiMapping);
    let v = get(&inv, "https://in.example.com/orders");
    matched(&v, "/orders");
    assert_eq!((api_of(&v), v.stage.as_deref()), (A, Some("prod")));
    assert_eq!(
        v.domain.as_ref().map(|d| d.label()).as_deref(),
        Some("(none)")
    );
}

#[test]
fn domain_rule_only_without_a_matching_rule_is_rejected_low_confidence() {
    let inv = ruled(RoutingMode::RoutingRuleOnly);
    let v = get(&inv, "https://in.example.com/orders");
    assert_eq!(v.reason, Reason::NoMapping);
    assert_eq!(v.confidence, Confidence::Likely);
}

#[test]
fn domain_api_mapping_only_ignores_routing_rules() {
    let inv = ruled(RoutingMode::ApiMappingOnly);
    let v = run(
        &inv,
        req("GET", "https://in.example.com/orders").with_header("x-env", "beta"),
    );
    assert_eq!((api_of(&v), v.stage.as_deref()), (A, Some("prod")));
}

#[test]
fn domain_mapping_to_an_http_api_routes_on_the_mapped_stage() {
    let inv = with(domain("api.example.com", vec![mapping("p", H, "$default")]));
    let v = get(&inv, "https://api.example.com/p/pay");
    assert_eq!(
        (v.reason, v.route_key.as_deref(), v.stage.as_deref()),
        (Reason::Matched, Some("GET /pay"), Some("$default"))
    );
}

#[test]
fn domain_mapping_to_a_missing_stage_is_stage_not_found() {
    let inv = with(domain("api.example.com", vec![mapping("x", A, "gone")]));
    let v = get(&inv, "https://api.example.com/x/orders");
    assert_eq!(v.reason, Reason::StageNotFound);
}

#[test]
fn domain_host_is_matched_case_insensitively_and_wildcards_work() {
    let inv = with(domain("*.example.org", vec![mapping("", A, "prod")]));
    matched(&get(&inv, "https://Tenant1.Example.ORG/orders"), "/orders");
}
