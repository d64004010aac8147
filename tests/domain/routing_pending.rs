//! ROUTING.md section 8: a verdict only claims what has been read. Parts of the demo
//! account arrive in every order (respecting only that an API's parts come after the list
//! naming it, as a loader delivers them); after each arrival the verdict is either pending
//! on parts still to come, or already final — never a "no such stage / route / host" that a
//! later part overturns. A part that fails makes the verdict unknown on that point. The
//! router is updated part by part (only what a part changes is re-indexed).

use apigw::domain::load::{
    parts_of, Coverage, LoadError, LoadErrorKind, PartKey, PartKind, PartState, Subject,
};
use apigw::domain::model::Inventory;
use apigw::domain::routing::{evaluate, MatchContext, Reason, Request, Router, Verdict};
use proptest::prelude::*;

use crate::parts_order::{ordered, same};

/// Requests covering every verdict family of the demo: matched, not deployed, stage
/// typo, no resource, unknown host, custom domain mapping and rule, HTTP API routes.
fn requests() -> Vec<Request> {
    let inv = apigw::demo::inventory();
    let region = inv.region.clone().unwrap_or_default();
    let orders = inv.find_api("orders-api").expect("orders-api").id;
    let http = inv.find_api("payments-http").expect("payments-http").id;
    let exec =
        |id: &str, path: &str| format!("https://{id}.execute-api.{region}.amazonaws.com{path}");
    vec![
        Request::new("GET", "https://api.example.com/orders/orders/42/items"),
        Request::new("POST", "https://api.example.com/orders/orders/42/refunds"),
        Request::new("GET", &exec(&orders, "/prd/orders")),
        Request::new("GET", &exec(&orders, "/prod/nothing/here")),
        Request::new("DELETE", &exec(&orders, "/prod/orders/42")),
        Request::new("GET", "https://nobody.example.org/x"),
        Request::new("GET", "https://api.example.com/nomapping/x"),
        Request::new("GET", &exec("zzzzzzzzzz", "/prod/x")),
        Request::new("GET", &exec(&http, "/payments")),
        Request::new("GET", "https://internal.example.com/orders").with_header("x-env", "beta-1"),
        // API keys (ROUTING.md section 9): a disabled key, a valid one.
        Request::new("GET", "https://api.example.com/orders/orders")
            .with_header("x-api-key", "demo-legacy-mobile-key-0002"),
        Request::new("GET", "https://api.example.com/orders/orders")
            .with_header("x-api-key", "demo-partner-web-key-0001"),
        // A resource policy (section 10).
        Request::new("GET", "https://api.example.com/v1/billing/invoices/7"),
    ]
}

fn verdict(inv: &Inventory, cov: &Coverage, req: &Request) -> Verdict {
    let cx = MatchContext {
        coverage: Some(cov),
        ..Default::default()
    };
    evaluate(inv, req, &cx)
}

fn check_order(seed: &[u32]) {
    let full = apigw::demo::inventory();
    let parts = ordered(parts_of(&full), seed);
    let finals: Vec<Verdict> = requests()
        .iter()
        .map(|r| evaluate(&full, r, &MatchContext::default()))
        .collect();
    let mut inv = Inventory {
        region: full.region.clone(),
        ..Default::default()
    };
    let mut cov = Coverage::partial();
    // One router, brought up to date part by part (as the TUI does): its verdicts must be
    // those of a router built from scratch.
    let mut router = Router::new(&inv);
    for (key, part) in parts {
        inv.apply(part);
        cov.set(key.clone(), PartState::Read);
        router.update(&inv, &key);
        let cx = MatchContext {
            coverage: Some(&cov),
            ..Default::default()
        };
        for (req, fin) in requests().iter().zip(&finals) {
            let v = router.evaluate(&inv, req, &cx);
            if v.reason == Reason::Pending {
                assert!(!v.pending.is_empty(), "pending names what it waits for");
                assert!(v.status.is_none() && v.message.is_none());
                assert!(
                    v.pending.iter().all(|k| !cov.get(k).is_read()),
                    "{} waits for a part that is read: {:?}",
                    req.url,
                    v.pending
                );
            } else {
                assert!(
                    same(&v, fin),
                    "{} {}: after {key:?} the verdict is {:?} ({}) but with everything read it is {:?}",
                    req.method,
                    req.url,
                    v.reason,
                    v.explanation,
                    fin.reason
                );
            }
        }
    }
    for (req, fin) in requests().iter().zip(&finals) {
        let v = verdict(&inv, &cov, req);
        assert!(
            same(&v, fin),
            "{}: all parts read gives the final verdict",
            req.url
        );
    }
}

#[test]
fn parts_in_loader_order_never_give_a_verdict_that_a_later_part_overturns() {
    check_order(&[]);
}

#[test]
fn parts_in_reverse_order_never_give_a_verdict_that_a_later_part_overturns() {
    let n = parts_of(&apigw::demo::inventory()).len() as u32;
    let seed: Vec<u32> = (0..n).rev().collect();
    check_order(&seed);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn parts_in_any_order_never_give_a_verdict_that_a_later_part_overturns(
        seed in proptest::collection::vec(any::<u32>(), 40..60)
    ) {
        check_order(&seed);
    }
}

#[test]
fn a_url_typed_before_anything_arrived_is_pending_on_the_api_its_host_names() {
    let full = apigw::demo::inventory();
    let id = full.find_api("orders-api").unwrap().id;
    let region = full.region.clone().unwrap();
    let inv = Inventory {
        region: Some(region.clone()),
        ..Default::default()
    };
    let url = format!("https://{id}.execute-api.{region}.amazonaws.com/prod/orders");
    let v = verdict(&inv, &Coverage::partial(), &Request::new("GET", &url));
    assert_eq!(v.reason, Reason::Pending);
    assert_eq!(v.pending, vec![PartKey::api_by_id(&id, None)]);
    assert_eq!(
        v.reading.as_deref(),
        Some(format!("reading API {id}…").as_str())
    );
    assert_eq!(v.exit_code(), 2);
}

#[test]
fn stages_still_loading_make_the_verdict_pending_not_stage_not_found() {
    let full = apigw::demo::inventory();
    let orders = full.find_api("orders-api").unwrap();
    let mut inv = Inventory {
        region: full.region.clone(),
        ..Default::default()
    };
    let mut cov = Coverage::partial();
    for (k, p) in parts_of(&full) {
        if matches!(k.subject, Subject::Account) {
            inv.apply(p);
            cov.set(k, PartState::Read);
        }
    }
    let region = full.region.clone().unwrap();
    let url = format!(
        "https://{}.execute-api.{region}.amazonaws.com/prod/orders",
        orders.id
    );
    let v = verdict(&inv, &cov, &Request::new("GET", &url));
    assert_eq!(v.reason, Reason::Pending, "{}", v.explanation);
    assert_eq!(
        v.pending,
        vec![PartKey::of(orders.clone(), PartKind::Stages)]
    );
    assert_eq!(v.reading.as_deref(), Some("reading orders-api's stages…"));
    assert_eq!(v.api.as_ref().map(|a| a.name.as_str()), Some("orders-api"));
}

#[test]
fn stages_that_failed_make_the_verdict_unknown_with_the_error_never_stage_not_found() {
    let full = apigw::demo::inventory();
    let orders = full.find_api("orders-api").unwrap();
    let mut inv = full.clone();
    inv.rest_api_mut(&orders.id).unwrap().stages.clear();
    let mut cov = Coverage::complete();
    let e = LoadError::new(
        LoadErrorKind::AccessDenied,
        "AccessDeniedException: not allowed to GET /restapis/a1b2c3d4e5/stages",
    )
    .with_hint("needs apigateway:GET on /restapis/*/stages");
    cov.set(
        PartKey::of(orders.clone(), PartKind::Stages),
        PartState::Failed(e),
    );
    let region = full.region.clone().unwrap();
    let url = format!(
        "https://{}.execute-api.{region}.amazonaws.com/prod/orders",
        orders.id
    );
    let v = verdict(&inv, &cov, &Request::new("GET", &url));
    assert_eq!(v.reason, Reason::Unknown);
    assert_eq!(v.status, None);
    assert_eq!(v.exit_code(), 2);
    assert_eq!(v.unread.len(), 1);
    assert!(
        v.explanation.contains("could not be read"),
        "{}",
        v.explanation
    );
    assert!(
        v.explanation.contains("apigateway:GET"),
        "the hint: {}",
        v.explanation
    );
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["reason"], "unknown");
    assert_eq!(json["unread"][0]["part"], "orders-api (a1b2c3d4e5): stages");
}

#[test]
fn gateway_responses_that_failed_leave_a_likely_verdict_naming_them() {
    let full = apigw::demo::inventory();
    let orders = full.find_api("orders-api").unwrap();
    let mut cov = Coverage::complete();
    let e = LoadError::new(LoadErrorKind::ServerError, "500 from GetGatewayResponses");
    cov.set(
        PartKey::of(orders.clone(), PartKind::GatewayResponses),
        PartState::Failed(e),
    );
    let v = verdict(
        &full,
        &cov,
        &Request::new("POST", "https://api.example.com/orders/orders/42/refunds"),
    );
    assert_eq!(v.reason, Reason::NotDeployed);
    assert_eq!(v.status, Some(403));
    assert_eq!(v.confidence, apigw::domain::routing::Confidence::Likely);
    assert!(
        v.explanation
            .contains("gateway responses could not be read"),
        "{}",
        v.explanation
    );
}

#[test]
fn an_unknown_host_is_only_claimed_once_the_domains_and_api_lists_are_read() {
    let full = apigw::demo::inventory();
    let mut inv = Inventory::default();
    let mut cov = Coverage::partial();
    let req = Request::new("GET", "https://nobody.example.org/x");
    for kind in [PartKind::Domains, PartKind::RestApis, PartKind::HttpApis] {
        assert_eq!(verdict(&inv, &cov, &req).reason, Reason::Pending);
        let (k, p) = parts_of(&full)
            .into_iter()
            .find(|(k, _)| *k == PartKey::account(kind))
            .unwrap();
        inv.apply(p);
        cov.set(k, PartState::Read);
    }
    assert_eq!(verdict(&inv, &cov, &req).reason, Reason::UnknownHost);
}
