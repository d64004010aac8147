//! Properties of the resource-policy evaluator (src/domain/policy): it never panics on
//! arbitrary text or JSON, an explicit Deny that applies always wins, `*` matches every
//! request ARN, and the outcome does not depend on statement order.

use apigw::domain::model::{Deployment, Inventory, Method, Resource, RestApi, Stage};
use apigw::domain::policy::{evaluate, parse, Caller, Effect, Fact, Identity, RequestArn, Tri};
use apigw::domain::routing::{
    evaluate as evaluate_request, CallerContext, MatchContext, Reason, Request, Verdict,
};
use proptest::prelude::*;

fn arn_strategy() -> impl Strategy<Value = RequestArn> {
    (
        "[a-z0-9]{10}",
        "[A-Za-z0-9_-]{1,8}",
        prop::sample::select(vec!["GET", "POST", "DELETE", "OPTIONS"]),
        prop::collection::vec("[A-Za-z0-9{}%._-]{0,6}", 0..4),
        prop::option::of(Just("123456789012".to_string())),
    )
        .prop_map(|(api, stage, m, segs, account)| RequestArn {
            partition: "aws".into(),
            region: Some("eu-west-1".into()),
            account,
            resource: format!("{api}/{stage}/{m}/{}", segs.join("/")),
            api_id: api,
        })
}

fn caller_strategy() -> impl Strategy<Value = Caller> {
    (
        prop::option::of(any::<[u8; 4]>()),
        prop::sample::select(vec![
            Fact::Unknown,
            Fact::Absent,
            Fact::Known("vpce-1a2b".into()),
        ]),
        any::<bool>(),
    )
        .prop_map(|(ip, vpce, signed)| Caller {
            source_ip: ip.map(std::net::IpAddr::from),
            vpce,
            vpc: Fact::Unknown,
            identity: if signed {
                Identity::Signed
            } else {
                Identity::Anonymous
            },
        })
}

/// Statements built from pieces that exercise every branch of the evaluator.
fn statement_strategy() -> impl Strategy<Value = String> {
    let resource = prop::sample::select(vec![
        "\"*\"",
        "\"execute-api:/*\"",
        "\"execute-api:/*/GET/*\"",
        "\"arn:aws:execute-api:*:*:*/prod/*\"",
        "[\"execute-api:/prod/POST/\", \"execute-api:/*/DELETE/*\"]",
    ]);
    let cond = prop::sample::select(vec![
        "",
        r#","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
        r#","Condition":{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24"]}}"#,
        r#","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b"}}"#,
        r#","Condition":{"StringLike":{"aws:SourceVpce":"vpce-*"}}"#,
        r#","Condition":{"Bool":{"aws:SecureTransport":"true"}}"#,
    ]);
    let principal = prop::sample::select(vec![
        r#""Principal":"*""#,
        r#""Principal":{"AWS":"*"}"#,
        r#""Principal":{"AWS":"arn:aws:iam::1:role/x"}"#,
    ]);
    let action = prop::sample::select(vec![
        r#""Action":"execute-api:Invoke""#,
        r#""Action":"*""#,
        r#""NotAction":"execute-api:Invoke""#,
    ]);
    (
        prop::sample::select(vec!["Allow", "Deny"]),
        principal,
        action,
        resource,
        cond,
    )
        .prop_map(|(e, p, a, r, c)| format!(r#"{{"Effect":"{e}",{p},{a},"Resource":{r}{c}}}"#))
}

fn doc(statements: &[String]) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn never_panics_on_arbitrary_text(s in ".{0,300}", arn in arn_strategy(), c in caller_strategy()) {
        if let Ok(p) = parse(&s) {
            let _ = evaluate(&p, &arn, &c);
        }
        let escaped = s.replace('"', "\\\"");
        let _ = parse(&escaped);
    }

    #[test]
    fn never_panics_on_arbitrary_json(v in arb_json(), arn in arn_strategy(), c in caller_strategy()) {
        let text = v.to_string();
        for t in [text.clone(), format!("{{\"Statement\":{text}}}"), format!("{{\"Statement\":[{{\"Effect\":\"Deny\",\"Principal\":{text},\"Action\":{text},\"Resource\":{text},\"Condition\":{text}}}]}}")] {
            if let Ok(p) = parse(&t) {
                let _ = evaluate(&p, &arn, &c);
            }
        }
    }

    #[test]
    fn a_deny_that_applies_always_wins_over_any_allow(
        mut stmts in prop::collection::vec(statement_strategy(), 0..6),
        at in any::<prop::sample::Index>(),
        arn in arn_strategy(),
        c in caller_strategy(),
    ) {
        let deny = r#"{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}"#.to_string();
        let i = at.index(stmts.len() + 1);
        stmts.insert(i, deny);
        let p = parse(&doc(&stmts)).expect("generated policies parse");
        let ev = evaluate(&p, &arn, &c);
        prop_assert_eq!(ev.deny, Tri::Yes);
        prop_assert!(ev.of(Effect::Deny, Tri::Yes).count() >= 1);
        // And through the router: whatever else the policy says, the verdict is policy_denied.
        let v = route_with_policy(doc(&stmts), c.source_ip);
        prop_assert_eq!(v.reason, Reason::PolicyDenied, "{}", v.explanation);
    }

    #[test]
    fn a_star_resource_matches_every_request_arn(arn in arn_strategy(), c in caller_strategy()) {
        for r in ["\"*\"", "\"execute-api:/*\"", "\"arn:aws:execute-api:*:*:*\""] {
            let p = parse(&doc(&[format!(r#"{{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":{r}}}"#)])).unwrap();
            prop_assert_eq!(evaluate(&p, &arn, &c).allow, Tri::Yes, "{}", r);
        }
    }

    #[test]
    fn the_outcome_is_stable_under_statement_order(
        stmts in prop::collection::vec(statement_strategy(), 1..7),
        arn in arn_strategy(),
        c in caller_strategy(),
    ) {
        let a = evaluate(&parse(&doc(&stmts)).unwrap(), &arn, &c);
        let mut rev = stmts.clone();
        rev.reverse();
        let b = evaluate(&parse(&doc(&rev)).unwrap(), &arn, &c);
        prop_assert_eq!((a.deny, a.allow), (b.deny, b.allow));
        let mut x = a.depends_on(Effect::Deny);
        let mut y = b.depends_on(Effect::Deny);
        x.sort();
        y.sort();
        prop_assert_eq!(x, y);
    }
}

/// A REST API `abc123` with GET /items (authorization NONE) and this policy, called from
/// `ip`.
fn route_with_policy(policy: String, ip: Option<std::net::IpAddr>) -> Verdict {
    let mut api = RestApi {
        id: "abc123".into(),
        name: "props".into(),
        policy: Some(policy),
        ..RestApi::default()
    };
    api.resources.push(Resource {
        id: "r1".into(),
        path: "/items".into(),
        path_part: Some("items".into()),
        methods: vec![Method {
            http_method: "GET".into(),
            ..Method::default()
        }],
        ..Resource::default()
    });
    api.deployments.push(Deployment {
        id: "d1".into(),
        summary: Some(api.working_summary()),
        ..Deployment::default()
    });
    api.stages.push(Stage {
        name: "prod".into(),
        deployment_id: Some("d1".into()),
        ..Stage::default()
    });
    let inv = Inventory {
        region: Some("eu-west-1".into()),
        rest_apis: vec![api],
        ..Inventory::default()
    };
    let ctx = MatchContext {
        caller: CallerContext {
            source_ip: ip,
            ..CallerContext::default()
        },
        ..MatchContext::default()
    };
    let r = Request::new(
        "GET",
        "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items",
    );
    evaluate_request(&inv, &r, &ctx)
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
        prop::sample::select(vec![
            "*",
            "Allow",
            "Deny",
            "execute-api:/*",
            "aws:SourceIp",
            "IpAddress",
            "10.0.0.0/8"
        ])
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "Effect",
                    "Principal",
                    "Action",
                    "NotAction",
                    "Resource",
                    "NotResource",
                    "Condition",
                    "AWS",
                    "Statement",
                    "x"
                ])
                .prop_map(String::from),
                inner,
                0..5
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
