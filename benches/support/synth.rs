//! A large synthetic account for benchmarks and load tests: 50 REST APIs × 300 resources,
//! 10 HTTP APIs, 20 custom domains. Deterministic (same inventory every call).
//!
//! A fixture, not part of the shipped library: benches include it with
//! `#[path = "support/synth.rs"] mod synth;`, tests with
//! `#[path = "../benches/support/synth.rs"]` (tests/synth_fixture.rs).

// Each including target uses a different part of it.
#![allow(dead_code)]

use apigw::domain::model::*;

const COLLECTIONS: [&str; 20] = [
    "users",
    "orders",
    "invoices",
    "payments",
    "products",
    "carts",
    "reviews",
    "shipments",
    "returns",
    "coupons",
    "accounts",
    "sessions",
    "reports",
    "exports",
    "webhooks",
    "tenants",
    "devices",
    "alerts",
    "files",
    "audits",
];
const SUBS: [&str; 13] = [
    "items",
    "history",
    "notes",
    "tags",
    "events",
    "status",
    "owners",
    "links",
    "metrics",
    "settings",
    "comments",
    "attachments",
    "versions",
];

pub const REST_APIS: usize = 50;
pub const HTTP_APIS: usize = 10;
pub const DOMAINS: usize = 20;

/// The REST API id of index `i` (10 lowercase alphanumerics, like AWS's).
pub fn rest_id(i: usize) -> String {
    format!("r{i:03}synth0")
}

pub fn http_id(i: usize) -> String {
    format!("h{i:03}synth0")
}

pub fn domain_name(i: usize) -> String {
    format!("api{i}.synth.example.com")
}

/// The whole account.
pub fn large_account() -> Inventory {
    Inventory {
        region: Some("eu-west-1".into()),
        account_id: Some("000000000000".into()),
        rest_apis: (0..REST_APIS).map(rest_api).collect(),
        http_apis: (0..HTTP_APIS).map(http_api).collect(),
        domains: (0..DOMAINS).map(domain).collect(),
        issues: Vec::new(),
        ..Inventory::default()
    }
}

fn method(m: &str, auth: AuthorizationType, key: bool) -> Method {
    Method {
        http_method: m.into(),
        authorization_type: auth,
        api_key_required: key,
        integration: Some(Integration {
            integration_type: IntegrationType::AwsProxy,
            uri: Some("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:000000000000:function:synth/invocations".into()),
            ..Integration::default()
        }),
        ..Method::default()
    }
}

fn resource(id: usize, path: String, methods: Vec<Method>) -> Resource {
    let part = path
        .rsplit('/')
        .next()
        .filter(|p| !p.is_empty())
        .map(String::from);
    Resource {
        id: format!("res{id:05}"),
        parent_id: None,
        path,
        path_part: part,
        methods,
    }
}

fn rest_resources(i: usize) -> Vec<Resource> {
    let mut resources = vec![resource(0, "/".into(), vec![])];
    for (c, name) in COLLECTIONS.iter().enumerate() {
        let auth = if (i + c) % 4 == 0 {
            AuthorizationType::AwsIam
        } else {
            AuthorizationType::None
        };
        let base = format!("/{name}");
        let idp = format!("{base}/{{{}Id}}", name.trim_end_matches('s'));
        resources.push(resource(
            resources.len(),
            base,
            vec![method("GET", auth, c % 5 == 0), method("POST", auth, false)],
        ));
        resources.push(resource(
            resources.len(),
            idp.clone(),
            vec![
                method("GET", auth, false),
                method("DELETE", AuthorizationType::AwsIam, false),
            ],
        ));
        for sub in SUBS {
            resources.push(resource(
                resources.len(),
                format!("{idp}/{sub}"),
                vec![method("GET", auth, false)],
            ));
        }
    }
    resources.truncate(300);
    resources.push(resource(resources.len(), "/proxy".into(), vec![]));
    resources.push(resource(
        resources.len(),
        "/proxy/{proxy+}".into(),
        vec![method("ANY", AuthorizationType::None, false)],
    ));
    resources
}

fn rest_api(i: usize) -> RestApi {
    let mut api = RestApi {
        id: rest_id(i),
        name: format!("synth-rest-{i}"),
        resources: rest_resources(i),
        ..RestApi::default()
    };
    let full = api.working_summary();
    let mut older = full.clone();
    // The prod deployment predates the last few resources: prod is stale.
    let newest: Vec<String> = older.keys().rev().take(5).cloned().collect();
    for k in newest {
        older.remove(&k);
    }
    api.deployments = vec![
        Deployment {
            id: format!("d{i}old"),
            summary: Some(older),
            ..Deployment::default()
        },
        Deployment {
            id: format!("d{i}new"),
            summary: Some(full),
            ..Deployment::default()
        },
    ];
    api.stages = vec![
        Stage {
            name: "prod".into(),
            deployment_id: Some(format!("d{i}old")),
            ..Stage::default()
        },
        Stage {
            name: "dev".into(),
            deployment_id: Some(format!("d{i}new")),
            ..Stage::default()
        },
    ];
    api
}

fn http_api(i: usize) -> HttpApi {
    let mut routes = Vec::new();
    for name in COLLECTIONS.iter().take(12) {
        for key in [
            format!("GET /{name}"),
            format!("POST /{name}"),
            format!("GET /{name}/{{id}}"),
            format!("ANY /{name}/{{id}}/{{proxy+}}"),
        ] {
            routes.push(Route {
                id: format!("rt{}", routes.len()),
                route_key: key,
                ..Route::default()
            });
        }
    }
    routes.push(Route {
        id: "rtdef".into(),
        route_key: "$default".into(),
        ..Route::default()
    });
    let mut api = HttpApi {
        id: http_id(i),
        name: format!("synth-http-{i}"),
        routes,
        ..HttpApi::default()
    };
    let summary = api.working_summary();
    api.deployments = vec![Deployment {
        id: format!("hd{i}"),
        summary: Some(summary),
        ..Deployment::default()
    }];
    api.stages = vec![
        Stage {
            name: "$default".into(),
            auto_deploy: true,
            deployment_id: Some(format!("hd{i}")),
            ..Stage::default()
        },
        Stage {
            name: "v2".into(),
            deployment_id: Some(format!("hd{i}")),
            ..Stage::default()
        },
    ];
    api
}

fn domain(i: usize) -> DomainName {
    let mut mappings: Vec<Mapping> = (0..4)
        .map(|k| Mapping {
            id: None,
            key: format!("svc{k}"),
            api_id: rest_id((i * 2 + k) % REST_APIS),
            stage: "prod".into(),
        })
        .collect();
    mappings.push(Mapping {
        id: None,
        key: "v1/http".into(),
        api_id: http_id(i % HTTP_APIS),
        stage: "$default".into(),
    });
    mappings.push(Mapping {
        id: None,
        key: String::new(),
        api_id: rest_id(i),
        stage: "dev".into(),
    });
    let mut d = DomainName {
        name: domain_name(i),
        mappings,
        ..DomainName::default()
    };
    if i % 4 == 0 {
        d.routing_mode = RoutingMode::RoutingRuleThenApiMapping;
        d.routing_rules = vec![RoutingRule {
            id: None,
            priority: 10,
            conditions: vec![RuleCondition::Headers {
                any_of: vec![HeaderMatch {
                    header: "x-canary".into(),
                    value_glob: "yes*".into(),
                }],
            }],
            action: RuleAction {
                api_id: rest_id(i),
                stage: "dev".into(),
                strip_base_path: false,
            },
        }];
    }
    d
}

#[cfg(test)]
mod tests {
    #[test]
    fn large_account_has_the_promised_size() {
        let inv = super::large_account();
        assert_eq!(inv.rest_apis.len(), 50);
        assert!(inv.rest_apis.iter().all(|a| a.resources.len() >= 300));
        assert_eq!(inv.http_apis.len(), 10);
        assert_eq!(inv.domains.len(), 20);
    }
}
