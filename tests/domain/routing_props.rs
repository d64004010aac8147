//! Property tests for the matcher and the input parser.

use crate::routing_support::*;
use apigw::domain::model::Inventory;
use apigw::domain::routing::url::split_url;
use apigw::domain::routing::{parse_input, MatchContext, Reason, Request, Router, Verdict};
use proptest::prelude::*;

fn demo() -> &'static Inventory {
    static DEMO: std::sync::OnceLock<Inventory> = std::sync::OnceLock::new();
    DEMO.get_or_init(apigw::demo::inventory)
}

fn router() -> &'static Router {
    static R: std::sync::OnceLock<Router> = std::sync::OnceLock::new();
    R.get_or_init(|| Router::new(demo()))
}

type Key = (
    Reason,
    Option<String>,
    Option<String>,
    Vec<(String, String)>,
);

fn key(v: &Verdict) -> Key {
    (
        v.reason,
        v.resource.clone(),
        v.route_key.clone(),
        v.path_params.clone().into_iter().collect(),
    )
}

const HOSTS: &[&str] = &[
    "https://api.example.com",
    "https://internal.example.com",
    "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
    "https://p4y8h3t6x1.execute-api.eu-west-1.amazonaws.com",
    "https://k7lm2n9p4q.execute-api.eu-west-1.amazonaws.com",
];

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("orders".to_string()),
        Just("prod".to_string()),
        Just("staging".to_string()),
        Just("items".to_string()),
        Just("refunds".to_string()),
        Just("admin".to_string()),
        Just("pay".to_string()),
        Just("payments".to_string()),
        Just("v1".to_string()),
        Just("billing".to_string()),
        Just("invoices".to_string()),
        Just("webhooks".to_string()),
        "[a-z0-9%]{1,6}",
    ]
}

fn url() -> impl Strategy<Value = String> {
    (
        prop::sample::select(HOSTS),
        prop::collection::vec(segment(), 0..6),
    )
        .prop_map(|(h, segs)| format!("{h}/{}", segs.join("/")))
        .prop_filter("no trailing slash", |u| !u.ends_with('/'))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn matcher_never_panics_on_any_string(s in any::<String>(), m in "[A-Za-z]{0,8}") {
        let req = Request::new(&m, &s).with_header("Authorization", &s);
        let v = router().evaluate(demo(), &req, &MatchContext::default());
        let path = split_url(&s).path;
        prop_assert!(v.progress.matched_len <= path.len());
        if let Some((a, b)) = v.progress.failed {
            prop_assert!(a <= b && b <= path.len());
        }
        let _ = parse_input(&s);
    }

    #[test]
    fn matcher_never_panics_on_control_chars_and_bad_escapes(
        tail in prop::collection::vec(prop_oneof![Just("%"), Just("%zz"), Just("%2F"), Just("\u{0}"), Just("\r\n"), Just("//"), Just("ü"), Just("{proxy+}"), Just("?"), Just("#"), Just(" ")], 0..12),
        h in prop::sample::select(HOSTS),
    ) {
        let url = format!("{h}/{}", tail.concat());
        let v = router().evaluate(demo(), &Request::new("GET", &url), &MatchContext::default());
        prop_assert!(!v.explanation.is_empty() || v.reason == Reason::Matched);
        let _ = parse_input(&format!("curl -X POST -H 'a: {url}' '{url}"));
    }

    #[test]
    fn command_line_parser_never_panics(tool in prop::sample::select(&["curl", "awscurl", "http", "GET", "curl -X", "curl -H", "http POST"][..]), rest in any::<String>(), flag in "-[A-Za-zé]{1,3}") {
        let r = parse_input(&format!("{tool} {flag} {rest}"));
        if let Ok(req) = r {
            prop_assert!(!req.method.is_empty());
            let v = router().evaluate(demo(), &req, &MatchContext::default());
            prop_assert!(v.progress.matched_len <= split_url(&req.url).path.len());
        }
    }

    #[test]
    fn verdict_is_unchanged_by_a_query_string(u in url(), q in "[a-z=&/]{0,12}") {
        let (inv, r) = (demo(), router());
        let ctx = MatchContext::default();
        let a = r.evaluate(inv, &Request::new("GET", &u), &ctx);
        let b = r.evaluate(inv, &Request::new("GET", &format!("{u}?{q}")), &ctx);
        prop_assert_eq!(key(&a), key(&b));
    }

    #[test]
    fn verdict_is_unchanged_by_one_trailing_slash(u in url(), m in prop::sample::select(&["GET", "POST", "DELETE", "OPTIONS"][..])) {
        let (inv, r) = (demo(), router());
        let ctx = MatchContext::default();
        let a = r.evaluate(inv, &Request::new(m, &u), &ctx);
        let b = r.evaluate(inv, &Request::new(m, &format!("{u}/")), &ctx);
        prop_assert_eq!(key(&a), key(&b));
    }

    #[test]
    fn static_resource_never_loses_to_a_param(
        resources in prop::collection::vec(prop::collection::vec(prop_oneof![Just("a"), Just("b"), Just("{p}"), Just("{q+}")], 1..4), 1..8),
        request in prop::collection::vec(prop_oneof![Just("a"), Just("b")], 1..4),
    ) {
        let paths: Vec<String> = resources.iter().map(|r| {
            // A greedy variable must be last, and {p}/{q+} are never siblings: keep valid trees.
            let mut parts: Vec<&str> = Vec::new();
            for s in r { parts.push(s); if s.ends_with("+}") { break; } }
            format!("/{}", parts.join("/")).replace("{q+}", "{p}")
        }).collect();
        let specs: Vec<(&str, &[&str])> = paths.iter().map(|p| (p.as_str(), &["GET"][..])).collect();
        let inv = inv(vec![rest("abcde12345", &specs)], vec![], vec![]);
        let path = format!("/{}", request.join("/"));
        let v = get(&inv, &format!("{}/prod{path}", host("abcde12345")));
        if paths.contains(&path) {
            prop_assert_eq!(v.resource.as_deref(), Some(path.as_str()));
            prop_assert_eq!(v.reason, Reason::Matched);
        }
    }
}
