//! The benches' large synthetic account lives outside the library
//! (benches/support/synth.rs); built here too so it keeps compiling and keeps meaning
//! what the benches say (its own size test runs in this binary).

use apigw::domain::routing::{MatchContext, Reason, Request, Router};

#[path = "../../benches/support/synth.rs"]
mod synth;

#[test]
fn the_bench_account_routes_a_hit_a_domain_and_a_stage_typo() {
    let inv = synth::large_account();
    let router = Router::new(&inv);
    let ctx = MatchContext::default();
    let exec = |path: &str| {
        let host = format!("{}.execute-api.eu-west-1.amazonaws.com", synth::rest_id(0));
        Request::new("GET", &format!("https://{host}{path}"))
    };
    let reason = |r: &Request| router.evaluate(&inv, r, &ctx).reason;
    assert_eq!(reason(&exec("/prod/orders/42/items")), Reason::Matched);
    assert_eq!(reason(&exec("/prd/orders")), Reason::StageNotFound);
    let domain = format!("https://{}/svc1/invoices/3/notes", synth::domain_name(0));
    assert_ne!(reason(&Request::new("GET", &domain)), Reason::UnknownHost);
}
