//! API keys and usage plans (shared/ROUTING.md section 9), one test per rule, built from
//! loaded configuration (keys with values, usage plans with stages and key ids).

use crate::routing_support::*;
use apigw::domain::model::*;
use apigw::domain::routing::{Confidence, Reason, Verdict};

const ID: &str = "keys123456";
const GOOD: &str = "good-key-value-0001";
const OFF: &str = "disabled-key-value-02";
const LOOSE: &str = "loose-key-value-0003";

fn u(path: &str) -> String {
    format!("{}{path}", host(ID))
}

fn key(id: &str, name: &str, value: &str, enabled: bool) -> ApiKey {
    ApiKey {
        id: id.into(),
        name: name.into(),
        enabled,
        value: Some(KeyValue::new(value)),
        ..ApiKey::default()
    }
}

fn plan(id: &str, name: &str, stages: &[(&str, &str)], keys: &[&str]) -> UsagePlan {
    UsagePlan {
        id: id.into(),
        name: name.into(),
        api_stages: stages
            .iter()
            .map(|(a, s)| PlanStage {
                api_id: a.to_string(),
                stage: s.to_string(),
                ..PlanStage::default()
            })
            .collect(),
        throttle: Some(Throttle {
            burst_limit: Some(20),
            rate_limit: Some(10.0),
        }),
        quota: Some(Quota {
            limit: Some(1000),
            period: QuotaPeriod::Day,
            offset: None,
        }),
        key_ids: keys.iter().map(|k| k.to_string()).collect(),
        ..UsagePlan::default()
    }
}

/// GET /orders requires a key; stages prod and dev. Plan `gold` covers prod and holds k1
/// (enabled) and k2 (disabled); plan `dev-only` covers dev and holds k3 (enabled).
fn account() -> Inventory {
    let mut api = rest(ID, &[("/orders", &["GET"])]);
    method_mut(&mut api, "/orders", "GET").api_key_required = true;
    deploy(&mut api, "prod", "dep1");
    deploy(&mut api, "dev", "dep1");
    let mut inv = inv(vec![api], vec![], vec![]);
    inv.api_keys = vec![
        key("k1", "partner", GOOD, true),
        key("k2", "old-partner", OFF, false),
        key("k3", "tester", LOOSE, true),
    ];
    inv.usage_plans = vec![
        plan("p1", "gold", &[(ID, "prod")], &["k1", "k2"]),
        plan("p2", "dev-only", &[(ID, "dev")], &["k3"]),
    ];
    inv
}

fn with_key(inv: &Inventory, path: &str, value: &str) -> Verdict {
    run(inv, req("GET", &u(path)).with_header("x-api-key", value))
}

fn forbidden(v: &Verdict, reason: Reason) {
    assert_eq!(
        (
            v.reason,
            v.status,
            v.message.as_deref(),
            v.error_type.as_deref()
        ),
        (
            reason,
            Some(403),
            Some("Forbidden"),
            Some("ForbiddenException")
        ),
        "{}",
        v.explanation
    );
    assert_eq!(v.confidence, Confidence::Certain, "{}", v.explanation);
    assert!(
        v.explanation.contains("a minute or two"),
        "{}",
        v.explanation
    );
}

#[test]
fn a_key_value_that_is_no_key_of_the_account_is_api_key_unknown() {
    let v = with_key(&account(), "/prod/orders", "not-a-key-of-this-account");
    forbidden(&v, Reason::ApiKeyUnknown);
    assert!(v.explanation.contains("gold (p1)"), "{}", v.explanation);
    assert!(
        v.suggestions
            .iter()
            .any(|s| s == "aws apigateway get-usage-plan-keys --usage-plan-id p1"),
        "{:?}",
        v.suggestions
    );
}

#[test]
fn a_disabled_key_is_forbidden_with_the_fix() {
    let v = with_key(&account(), "/prod/orders", OFF);
    forbidden(&v, Reason::ApiKeyDisabled);
    assert!(
        v.explanation.contains("`old-partner` (k2)") && v.explanation.contains("--enabled"),
        "{}",
        v.explanation
    );
    assert_eq!(
        v.suggestions,
        vec!["aws apigateway update-api-key --api-key k2 --patch-operations op=replace,path=/enabled,value=true"]
    );
}

#[test]
fn an_enabled_key_in_no_plan_for_the_stage_is_not_in_plan_and_names_its_plans() {
    let v = with_key(&account(), "/prod/orders", LOOSE);
    forbidden(&v, Reason::ApiKeyNotInPlan);
    assert!(
        v.explanation.contains("dev-only (p2): keys123456-api/dev"),
        "the plans the key does belong to: {}",
        v.explanation
    );
    assert_eq!(
        v.suggestions,
        vec!["aws apigateway create-usage-plan-key --usage-plan-id p1 --key-id k3 --key-type API_KEY"]
    );
}

#[test]
fn a_key_whose_plan_covers_another_stage_only_is_valid_on_that_stage() {
    let inv = account();
    assert_eq!(with_key(&inv, "/dev/orders", LOOSE).reason, Reason::Matched);
    assert_eq!(
        with_key(&inv, "/dev/orders", GOOD).reason,
        Reason::ApiKeyNotInPlan
    );
}

#[test]
fn a_valid_key_reaches_the_integration_and_says_429s_are_not_predictable() {
    let v = with_key(&account(), "/prod/orders", GOOD);
    assert_eq!(v.reason, Reason::Matched, "{}", v.explanation);
    assert_eq!(v.confidence, Confidence::Certain);
    for s in [
        "`partner` (k1)",
        "gold (p1)",
        "429 Too Many Requests",
        "Limit Exceeded",
        "1000 requests per day",
    ] {
        assert!(v.explanation.contains(s), "{s}: {}", v.explanation);
    }
}

#[test]
fn no_plan_covering_the_stage_suggests_adding_the_stage_to_the_keys_plan() {
    let mut inv = account();
    inv.usage_plans.retain(|p| p.id == "p2");
    let v = with_key(&inv, "/prod/orders", LOOSE);
    assert_eq!(v.reason, Reason::ApiKeyNotInPlan);
    assert_eq!(
        v.suggestions,
        vec![format!("aws apigateway update-usage-plan --usage-plan-id p2 --patch-operations op=add,path=/apiStages,value={ID}:prod")]
    );
}

#[test]
fn keys_read_without_values_make_the_key_verdict_likely_never_unknown() {
    let mut inv = account();
    for k in &mut inv.api_keys {
        k.value = None;
    }
    let v = with_key(&inv, "/prod/orders", "not-a-key-of-this-account");
    assert_eq!(v.reason, Reason::Matched, "{}", v.explanation);
    assert_eq!(v.confidence, Confidence::Likely);
    assert!(v.explanation.contains("not loaded"), "{}", v.explanation);
    inv.api_keys.clear();
    assert_eq!(
        with_key(&inv, "/prod/orders", "x").confidence,
        Confidence::Likely
    );
}

#[test]
fn the_header_is_ignored_with_api_key_source_authorizer() {
    let mut inv = account();
    inv.rest_apis[0].api_key_source = ApiKeySource::Authorizer;
    let v = with_key(&inv, "/prod/orders", "not-a-key-of-this-account");
    assert_eq!(v.reason, Reason::Matched, "{}", v.explanation);
}

#[test]
fn a_missing_header_is_still_api_key_missing_with_keys_loaded() {
    let v = get(&account(), &u("/prod/orders"));
    assert_eq!(v.reason, Reason::ApiKeyMissing);
}

#[test]
fn a_customised_invalid_api_key_response_changes_the_status_and_keeps_the_reason() {
    let mut inv = account();
    inv.rest_apis[0].gateway_responses.push(GatewayResponse {
        response_type: "INVALID_API_KEY".into(),
        status_code: Some("401".into()),
        response_templates: [(
            "application/json".to_string(),
            r#"{"message":"bad key"}"#.to_string(),
        )]
        .into(),
        ..GatewayResponse::default()
    });
    let v = with_key(&inv, "/prod/orders", OFF);
    assert_eq!(
        (v.reason, v.status, v.message.as_deref()),
        (Reason::ApiKeyDisabled, Some(401), Some("bad key"))
    );
}

#[test]
fn keys_are_checked_before_request_validation() {
    let mut inv = account();
    let api = &mut inv.rest_apis[0];
    api.request_validators.push(RequestValidator {
        id: "v1".into(),
        name: "params".into(),
        validate_request_parameters: true,
        ..RequestValidator::default()
    });
    let m = method_mut(api, "/orders", "GET");
    m.request_validator_id = Some("v1".into());
    m.request_parameters
        .insert("method.request.header.X-Trace".into(), true);
    deploy(api, "prod", "dep1");
    assert_eq!(
        with_key(&inv, "/prod/orders", OFF).reason,
        Reason::ApiKeyDisabled
    );
    assert_eq!(
        with_key(&inv, "/prod/orders", GOOD).reason,
        Reason::RequestInvalid
    );
}

#[test]
fn key_values_never_appear_in_a_verdict_or_in_debug_output() {
    let inv = account();
    for value in [GOOD, OFF, LOOSE] {
        let v = with_key(&inv, "/prod/orders", value);
        let json = serde_json::to_string(&v).unwrap();
        assert!(!json.contains(value), "{json}");
    }
    let debug = format!("{inv:?}");
    let snap = serde_json::to_string(&inv).unwrap();
    for value in [GOOD, OFF, LOOSE] {
        assert!(!debug.contains(value), "Debug shows a key value");
        assert!(
            !snap.contains(value),
            "serialised inventory holds a key value"
        );
    }
    assert_eq!(format!("{}", KeyValue::new(GOOD)), "<redacted>");
}
