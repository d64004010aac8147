//! Staleness of stages: the deployed summary against the working tree, on many shapes,
//! plus the deploy/rollback plans and the deployment history built on it.

use apigw::domain::model::*;
use apigw::domain::plan::{plan_deploy, plan_rollback, Mutation, PlanError};
use apigw::domain::staleness::*;

fn m(verb: &str, auth: AuthorizationType, key: bool) -> Method {
    Method {
        http_method: verb.into(),
        authorization_type: auth,
        api_key_required: key,
        ..Method::default()
    }
}

fn res(path: &str, methods: Vec<Method>) -> Resource {
    Resource {
        id: format!("id{}", path.replace(['/', '{', '}', '+'], "_")),
        path: path.into(),
        methods,
        ..Resource::default()
    }
}

fn ms(auth: AuthorizationType, key: bool) -> MethodSummary {
    MethodSummary {
        authorization_type: auth,
        api_key_required: key,
    }
}

fn summary(items: &[(&str, &str, AuthorizationType, bool)]) -> DeployedSummary {
    let mut s = DeployedSummary::new();
    for (path, verb, auth, key) in items {
        s.entry(path.to_string())
            .or_default()
            .insert(verb.to_string(), ms(*auth, *key));
    }
    s
}

use AuthorizationType::{AwsIam, Custom, None as NoAuth};

mod plans;

/// orders-api with stage prod on deployment d1 (summary given) and working tree given.
fn api(working: Vec<Resource>, deployed: Option<DeployedSummary>) -> RestApi {
    RestApi {
        id: "a1".into(),
        name: "orders".into(),
        resources: working,
        stages: vec![Stage {
            name: "prod".into(),
            deployment_id: Some("d1".into()),
            ..Stage::default()
        }],
        deployments: vec![Deployment {
            id: "d1".into(),
            summary: deployed,
            ..Deployment::default()
        }],
        ..RestApi::default()
    }
}

fn base_tree() -> Vec<Resource> {
    vec![
        res("/", vec![m("GET", NoAuth, false)]),
        res(
            "/orders",
            vec![m("GET", NoAuth, false), m("POST", AwsIam, false)],
        ),
        res("/orders/{id}", vec![m("GET", Custom, true)]),
    ]
}

fn base_summary() -> DeployedSummary {
    summary(&[
        ("/", "GET", NoAuth, false),
        ("/orders", "GET", NoAuth, false),
        ("/orders", "POST", AwsIam, false),
        ("/orders/{id}", "GET", Custom, true),
    ])
}

#[test]
fn identical_tree_is_current_with_no_changes() {
    let (s, c) = rest_stage_staleness(&api(base_tree(), Some(base_summary())), "prod");
    assert_eq!(s, Staleness::Current);
    assert!(c.is_empty());
}

#[test]
fn added_method_is_stale_and_described() {
    let mut tree = base_tree();
    tree[2].methods.push(m("DELETE", Custom, false));
    let (s, c) = rest_stage_staleness(&api(tree, Some(base_summary())), "prod");
    assert_eq!(s, Staleness::Stale);
    assert_eq!(
        c,
        vec![Change {
            change: ChangeKind::Added,
            method: "DELETE".into(),
            path: "/orders/{id}".into(),
            detail: "CUSTOM authorizer".into()
        }]
    );
}

#[test]
fn removed_resource_lists_each_of_its_methods_as_removed() {
    let tree = base_tree()
        .into_iter()
        .filter(|r| r.path != "/orders")
        .collect();
    let (s, c) = rest_stage_staleness(&api(tree, Some(base_summary())), "prod");
    assert_eq!(s, Staleness::Stale);
    let got: Vec<(ChangeKind, &str, &str, &str)> = c
        .iter()
        .map(|c| {
            (
                c.change,
                c.method.as_str(),
                c.path.as_str(),
                c.detail.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (ChangeKind::Removed, "GET", "/orders", "no authorization"),
            (ChangeKind::Removed, "POST", "/orders", "AWS_IAM"),
        ]
    );
}

#[test]
fn changed_authorization_type_is_a_change_naming_both_types() {
    let mut tree = base_tree();
    tree[1].methods[0].authorization_type = AwsIam;
    let (s, c) = rest_stage_staleness(&api(tree, Some(base_summary())), "prod");
    assert_eq!(s, Staleness::Stale);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].change, ChangeKind::Changed);
    assert_eq!(
        (c[0].method.as_str(), c[0].path.as_str()),
        ("GET", "/orders")
    );
    assert_eq!(c[0].detail, "authorization NONE → AWS_IAM");
}

#[test]
fn api_key_flag_change_is_a_change() {
    let mut tree = base_tree();
    tree[2].methods[0].api_key_required = false;
    let (s, c) = rest_stage_staleness(&api(tree, Some(base_summary())), "prod");
    assert_eq!(s, Staleness::Stale);
    assert_eq!(c[0].detail, "API key required → not required");
}

#[test]
fn greedy_path_added_under_root() {
    let mut tree = base_tree();
    tree.push(res("/{proxy+}", vec![m("ANY", NoAuth, false)]));
    let (s, c) = rest_stage_staleness(&api(tree, Some(base_summary())), "prod");
    assert_eq!(s, Staleness::Stale);
    assert_eq!(
        (c[0].change, c[0].method.as_str(), c[0].path.as_str()),
        (ChangeKind::Added, "ANY", "/{proxy+}")
    );
}

#[test]
fn root_method_removed() {
    let mut tree = base_tree();
    tree[0].methods.clear();
    let (_, c) = rest_stage_staleness(&api(tree, Some(base_summary())), "prod");
    assert_eq!(
        (c[0].change, c[0].method.as_str(), c[0].path.as_str()),
        (ChangeKind::Removed, "GET", "/")
    );
}

#[test]
fn resource_without_methods_is_not_a_change() {
    let mut tree = base_tree();
    tree.push(res("/empty", vec![]));
    assert_eq!(
        rest_stage_staleness(&api(tree, Some(base_summary())), "prod").0,
        Staleness::Current
    );
}

#[test]
fn unknown_summary_is_unknown_never_current() {
    let (s, c) = rest_stage_staleness(&api(base_tree(), None), "prod");
    assert_eq!(s, Staleness::Unknown);
    assert!(c.is_empty());
}

#[test]
fn stage_without_deployment_or_missing_stage_is_unknown() {
    let mut a = api(base_tree(), Some(base_summary()));
    a.stages[0].deployment_id = None;
    assert_eq!(rest_stage_staleness(&a, "prod").0, Staleness::Unknown);
    assert_eq!(rest_stage_staleness(&a, "nope").0, Staleness::Unknown);
}

#[test]
fn changes_are_sorted_by_path_then_method() {
    let tree = vec![
        res(
            "/b",
            vec![m("POST", NoAuth, false), m("GET", NoAuth, false)],
        ),
        res("/a", vec![m("GET", NoAuth, false)]),
    ];
    let (_, c) = rest_stage_staleness(&api(tree, Some(DeployedSummary::new())), "prod");
    let keys: Vec<(&str, &str)> = c
        .iter()
        .map(|c| (c.path.as_str(), c.method.as_str()))
        .collect();
    assert_eq!(keys, vec![("/a", "GET"), ("/b", "GET"), ("/b", "POST")]);
}

fn http(auto: bool, summary: Option<DeployedSummary>) -> HttpApi {
    HttpApi {
        id: "h1".into(),
        name: "pay".into(),
        routes: vec![
            Route {
                id: "r1".into(),
                route_key: "GET /pay".into(),
                ..Route::default()
            },
            Route {
                id: "r2".into(),
                route_key: "$default".into(),
                ..Route::default()
            },
        ],
        stages: vec![Stage {
            name: "live".into(),
            deployment_id: Some("hd".into()),
            auto_deploy: auto,
            ..Stage::default()
        }],
        deployments: vec![Deployment {
            id: "hd".into(),
            summary,
            ..Deployment::default()
        }],
        ..HttpApi::default()
    }
}

#[test]
fn http_auto_deploy_stage_is_auto_deploy() {
    assert_eq!(
        http_stage_staleness(&http(true, None), "live").0,
        Staleness::AutoDeploy
    );
}

#[test]
fn http_stage_without_summary_is_unknown() {
    assert_eq!(
        http_stage_staleness(&http(false, None), "live").0,
        Staleness::Unknown
    );
}

#[test]
fn http_stage_with_summary_compares_routes_including_default() {
    let s = summary(&[("/pay", "GET", NoAuth, false)]);
    let (st, c) = http_stage_staleness(&http(false, Some(s)), "live");
    assert_eq!(st, Staleness::Stale);
    assert_eq!(
        (c[0].change, c[0].method.as_str(), c[0].path.as_str()),
        (ChangeKind::Added, "ANY", "$default")
    );
}

#[test]
fn staleness_serialises_snake_case() {
    assert_eq!(
        serde_json::to_string(&Staleness::AutoDeploy).unwrap(),
        "\"auto_deploy\""
    );
    assert_eq!(
        serde_json::to_string(&ChangeKind::Added).unwrap(),
        "\"added\""
    );
}

/// An HTTP API stage export as AWS writes it (OAS30 with extensions, trimmed).
const EXPORT: &str = r#"{
  "openapi": "3.0.1",
  "info": {"title": "pay", "version": "1"},
  "paths": {
    "/pay": {
      "get": {"responses": {"default": {"description": "ok"}}, "security": [{"jwt-auth": ["read"]}],
              "x-amazon-apigateway-integration": {"type": "aws_proxy"}},
      "post": {"security": [{"sigv4": []}], "x-amazon-apigateway-integration": {"type": "aws_proxy"}},
      "parameters": []
    },
    "/hooks/{proxy+}": {"x-amazon-apigateway-any-method": {"security": [{"lambda-auth": []}]}},
    "/$default": {"x-amazon-apigateway-any-method": {"isDefaultRoute": true}}
  },
  "components": {"securitySchemes": {
    "jwt-auth": {"type": "oauth2", "x-amazon-apigateway-authorizer": {"type": "jwt", "jwtConfiguration": {}}},
    "sigv4": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"},
    "lambda-auth": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authorizer": {"type": "request"}}
  }}
}"#;

#[test]
fn http_stage_export_converts_to_a_summary() {
    let doc: serde_json::Value = serde_json::from_str(EXPORT).unwrap();
    let s = summary_from_openapi(&doc).unwrap();
    assert_eq!(s["/pay"]["GET"].authorization_type, AuthorizationType::Jwt);
    assert_eq!(s["/pay"]["POST"].authorization_type, AwsIam);
    assert_eq!(s["/pay"].len(), 2, "`parameters` is not a method");
    assert_eq!(s["/hooks/{proxy+}"]["ANY"].authorization_type, Custom);
    assert_eq!(s["$default"]["ANY"].authorization_type, NoAuth);
    assert_eq!(
        summary_from_openapi(&serde_json::json!({"openapi": "3.0.1"})),
        None
    );
}

#[test]
fn http_stage_with_an_exported_summary_matching_the_routes_is_current() {
    let doc: serde_json::Value = serde_json::from_str(EXPORT).unwrap();
    let mut h = http(false, summary_from_openapi(&doc));
    let route = |key: &str, auth: AuthorizationType| Route {
        id: key.into(),
        route_key: key.into(),
        authorization_type: auth,
        ..Route::default()
    };
    h.routes = vec![
        route("GET /pay", AuthorizationType::Jwt),
        route("POST /pay", AwsIam),
        route("ANY /hooks/{proxy+}", Custom),
        route("$default", NoAuth),
    ];
    assert_eq!(
        http_stage_staleness(&h, "live"),
        (Staleness::Current, vec![])
    );
    h.routes[1].authorization_type = NoAuth;
    let (s, c) = http_stage_staleness(&h, "live");
    assert_eq!(s, Staleness::Stale);
    assert_eq!(c[0].detail, "authorization AWS_IAM → NONE");
}
