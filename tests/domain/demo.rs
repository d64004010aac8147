//! The bundled demo account (assets/demo.json) is valid and has what issue #3 promises.

use apigw::domain::model::*;
use apigw::snapshot;

fn demo() -> Inventory {
    snapshot::parse("assets/demo.json", apigw::demo::DEMO_JSON.as_bytes())
        .expect("assets/demo.json must parse as a snapshot")
        .inventory
}

fn method<'a>(api: &'a RestApi, path: &str, m: &str) -> &'a Method {
    let r = api
        .resource_by_path(path)
        .unwrap_or_else(|| panic!("resource {path} missing"));
    r.methods
        .iter()
        .find(|x| x.http_method == m)
        .unwrap_or_else(|| panic!("{m} {path} missing"))
}

#[test]
fn demo_references_are_consistent() {
    let inv = demo();
    for api in &inv.rest_apis {
        let ids: Vec<_> = api.resources.iter().map(|r| r.id.as_str()).collect();
        for r in &api.resources {
            match &r.parent_id {
                None => assert_eq!(r.path, "/", "only the root has no parent"),
                Some(p) => {
                    assert!(
                        ids.contains(&p.as_str()),
                        "{}: parent {p} of {} missing",
                        api.name,
                        r.path
                    );
                    let parent = api.resources.iter().find(|x| &x.id == p).unwrap();
                    let part = r.path_part.as_deref().unwrap();
                    let expect = if parent.path == "/" {
                        format!("/{part}")
                    } else {
                        format!("{}/{part}", parent.path)
                    };
                    assert_eq!(
                        r.path, expect,
                        "{}: path must be parent path + path part",
                        api.name
                    );
                }
            }
            for m in &r.methods {
                if let Some(a) = &m.authorizer_id {
                    assert!(
                        api.authorizer(a).is_some(),
                        "{}: authorizer {a} missing",
                        api.name
                    );
                }
                if let Some(v) = &m.request_validator_id {
                    assert!(api.request_validators.iter().any(|x| &x.id == v));
                }
            }
        }
        for s in &api.stages {
            let d = s.deployment_id.as_deref().unwrap();
            assert!(
                api.deployment(d).is_some(),
                "{}: stage {} points at missing {d}",
                api.name,
                s.name
            );
        }
    }
    for api in &inv.http_apis {
        for r in &api.routes {
            if let Some(a) = &r.authorizer_id {
                assert!(api.authorizer(a).is_some());
            }
            let target = r
                .target
                .as_deref()
                .unwrap()
                .trim_start_matches("integrations/");
            assert!(
                api.integrations.iter().any(|i| i.id == target),
                "route {} target",
                r.route_key
            );
        }
    }
    for d in &inv.domains {
        for mp in &d.mappings {
            let stages: Vec<&str> = match inv.api_kind(&mp.api_id) {
                Some(ApiKind::Rest) => inv
                    .rest_api(&mp.api_id)
                    .unwrap()
                    .stages
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect(),
                Some(ApiKind::Http) => inv
                    .http_api(&mp.api_id)
                    .unwrap()
                    .stages
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect(),
                None => panic!("{}: mapping to unknown API {}", d.name, mp.api_id),
            };
            assert!(
                stages.contains(&mp.stage.as_str()),
                "{}: mapping {} to missing stage",
                d.name,
                mp.display_key()
            );
        }
    }
}

#[test]
fn demo_orders_api_matches_the_issue() {
    let inv = demo();
    let id = match inv.find_api("orders-api") {
        Ok(r) => r.id,
        Err(e) => panic!("{e}"),
    };
    let api = inv.rest_api(&id).unwrap();
    assert_eq!(api.endpoint_type, EndpointType::Regional);
    let get = method(api, "/orders", "GET");
    assert_eq!(
        (get.authorization_type, get.api_key_required),
        (AuthorizationType::None, true)
    );
    assert_eq!(
        method(api, "/orders", "POST").authorization_type,
        AuthorizationType::CognitoUserPools
    );
    assert_eq!(
        method(api, "/orders/{orderId}", "GET").authorization_type,
        AuthorizationType::CognitoUserPools
    );
    assert_eq!(
        method(api, "/orders/{orderId}", "DELETE").authorization_type,
        AuthorizationType::AwsIam
    );
    assert_eq!(
        method(api, "/orders/{orderId}/items", "GET").authorization_type,
        AuthorizationType::None
    );
    assert_eq!(
        method(api, "/orders/{orderId}/refunds", "POST").authorization_type,
        AuthorizationType::Custom
    );
    let health = method(api, "/health", "GET");
    assert_eq!(
        health.integration.as_ref().unwrap().integration_type,
        IntegrationType::Mock
    );
    assert_eq!(
        method(api, "/admin/{proxy+}", "ANY").authorization_type,
        AuthorizationType::AwsIam
    );

    // prod predates the refunds endpoint; staging serves everything and logs at INFO.
    let prod = api.deployed_summary("prod").expect("prod summary");
    assert!(prod.get("/orders/{orderId}/refunds").is_none());
    assert!(prod.get("/orders/{orderId}/items").is_some());
    assert_eq!(
        api.deployed_summary("staging"),
        Some(&api.working_summary())
    );
    assert_eq!(
        api.stage("staging").unwrap().execution_log_level.as_deref(),
        Some("INFO")
    );
}

#[test]
fn demo_billing_payments_and_domains_match_the_issue() {
    let inv = demo();
    let billing = inv
        .rest_api(&inv.find_api("legacy-billing").unwrap().id)
        .unwrap();
    assert_eq!(billing.endpoint_type, EndpointType::Edge);
    assert!(billing.stage("v1").is_some());
    assert!(billing
        .resources
        .iter()
        .all(|r| r.methods.iter().all(|m| m.http_method != "OPTIONS")));

    let pay = inv
        .http_api(&inv.find_api("payments-http").unwrap().id)
        .unwrap();
    assert!(pay.stage("$default").unwrap().auto_deploy);
    for key in [
        "GET /payments",
        "POST /payments",
        "GET /payments/{id}",
        "ANY /webhooks/{proxy+}",
        "$default",
    ] {
        assert!(pay.route(key).is_some(), "route {key}");
    }
    assert_eq!(
        pay.route("POST /payments").unwrap().authorization_type,
        AuthorizationType::Jwt
    );
    assert!(pay.cors.is_some());

    let api = inv
        .domains
        .iter()
        .find(|d| d.name == "api.example.com")
        .unwrap();
    let keys: Vec<_> = api
        .mappings
        .iter()
        .map(|m| (m.key.as_str(), inv.api_name(&m.api_id), m.stage.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("orders", "orders-api", "prod"),
            ("v1/billing", "legacy-billing", "v1"),
            ("pay", "payments-http", "$default")
        ]
    );
    let internal = inv
        .domains
        .iter()
        .find(|d| d.name == "internal.example.com")
        .unwrap();
    assert_eq!(
        internal.routing_mode,
        RoutingMode::RoutingRuleThenApiMapping
    );
    assert_eq!(internal.routing_rules.len(), 1);
    assert_eq!(internal.routing_rules[0].action.stage, "staging");
    assert_eq!(internal.mapping("").map(|m| m.stage.as_str()), Some("prod"));
}
