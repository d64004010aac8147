//! Custom domains converted from both APIs' answers, and the loader's queue serving what a
//! URL wants first.

use super::*;

/// Selecting an API moves its parts to the front of the queue (one part at a time here, so
/// the order is observable): every part of the last API arrives before any part of the
/// APIs between.
#[tokio::test]
async fn prioritized_api_is_loaded_first() {
    let apis = mock!(V1::get_rest_apis).then_http_response(|| {
        json(r#"{"item":[{"id":"a1","name":"a1"},{"id":"a2","name":"a2"},{"id":"a3","name":"a3"},{"id":"a4","name":"a4"},{"id":"a5","name":"a5"}]}"#)
    });
    let (c, _keep) = clients(&[&apis], &[]);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let limits = LoadLimits {
        concurrency: 1,
        ..LoadLimits::unlimited()
    };
    let h = spawn_load_with(c, limits, tx);
    h.prioritize(rest("a5"));
    let mut order = Vec::new();
    while let Some(msg) = rx.recv().await {
        match msg {
            apigw::aws::LoaderMsg::Part(ev) => {
                if let Some(api) = ev.key.api() {
                    order.push(api.id.clone());
                }
            }
            apigw::aws::LoaderMsg::Done(_) => break,
            apigw::aws::LoaderMsg::Ready { .. } | apigw::aws::LoaderMsg::Queued(_) => {}
        }
    }
    let last_a5 = order.iter().rposition(|id| id == "a5").expect("a5 loaded");
    let first_middle = order
        .iter()
        .position(|id| id == "a2" || id == "a3" || id == "a4")
        .expect("others loaded");
    assert!(last_a5 < first_middle, "{order:?}");
    assert_eq!(
        order.iter().filter(|id| *id == "a5").count(),
        6,
        "5 parts + deployments"
    );
}

/// `cancel()` stops the load: the channel closes without further parts or `Done`.
#[tokio::test]
async fn cancel_stops_the_load() {
    let (c, _keep) = clients(&[], &[]);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let h = spawn_load_with(c, LoadLimits::unlimited(), tx);
    h.cancel();
    assert_eq!(rx.recv().await, None);
}

/// Gap: moto has no routing rules (ListRoutingRules 404) and keeps v1 and v2 domains apart.
/// A v2 domain in ROUTING_RULE_THEN_API_MAPPING mode gets its multi-level API mappings and
/// its rules (header glob + base path conditions, invoke action); an edge domain only v1
/// lists gets its base path mappings, `(none)` as the empty key.
#[tokio::test]
async fn domains_with_routing_rules_and_base_path_mappings_convert() {
    let d2 = mock!(V2::get_domain_names).then_http_response(|| {
        json(r#"{"items":[{"domainName":"API.example.com","routingMode":"ROUTING_RULE_THEN_API_MAPPING","domainNameConfigurations":[{"endpointType":"REGIONAL","apiGatewayDomainName":"d-abc.execute-api.eu-west-1.amazonaws.com","certificateArn":"arn:aws:acm:eu-west-1:1:certificate/x","securityPolicy":"TLS_1_2"}]}]}"#)
    });
    let maps = mock!(V2::get_api_mappings).then_http_response(|| {
        json(r#"{"items":[{"apiMappingId":"m1","apiMappingKey":"v1/billing","apiId":"h1","stage":"$default"},{"apiMappingId":"m2","apiId":"a1","stage":"prod"}]}"#)
    });
    let rules = mock!(V2::list_routing_rules).then_http_response(|| {
        json(r#"{"routingRules":[{"routingRuleId":"r2","priority":20,"conditions":[{"matchBasePaths":{"anyOf":["orders"]}}],"actions":[{"invokeApi":{"apiId":"a1","stage":"prod"}}]},{"routingRuleId":"r1","priority":10,"conditions":[{"matchHeaders":{"anyOf":[{"header":"x-version","valueGlob":"beta*"}]}}],"actions":[{"invokeApi":{"apiId":"h1","stage":"beta","stripBasePath":true}}]}]}"#)
    });
    let d1 = mock!(V1::get_domain_names).then_http_response(|| {
        json(r#"{"item":[{"domainName":"api.example.com"},{"domainName":"edge.example.com","distributionDomainName":"d111.cloudfront.net","certificateArn":"arn:aws:acm:us-east-1:1:certificate/e","endpointConfiguration":{"types":["EDGE"]}}]}"#)
    });
    let bpm = mock!(V1::get_base_path_mappings).then_http_response(|| {
        json(r#"{"item":[{"basePath":"(none)","restApiId":"a1","stage":"prod"}]}"#)
    });
    let (c, _keep) = clients(&[&d1, &bpm], &[&d2, &maps, &rules]);
    let report = load(c).await;
    assert!(report.is_complete(), "{:?}", report.failed);
    let names: Vec<&str> = report
        .inventory
        .domains
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(
        names,
        vec!["api.example.com", "edge.example.com"],
        "lower-cased, merged"
    );
    let api = &report.inventory.domains[0];
    assert_eq!(api.routing_mode, RoutingMode::RoutingRuleThenApiMapping);
    assert_eq!(
        api.target_domain_name.as_deref(),
        Some("d-abc.execute-api.eu-west-1.amazonaws.com")
    );
    assert_eq!(
        api.mapping("v1/billing").map(|m| m.api_id.as_str()),
        Some("h1")
    );
    assert_eq!(api.mapping("").map(|m| m.stage.as_str()), Some("prod"));
    let prio: Vec<i32> = api.routing_rules.iter().map(|r| r.priority).collect();
    assert_eq!(prio, vec![10, 20], "sorted by priority");
    let r1 = &api.routing_rules[0];
    assert_eq!(
        r1.conditions,
        vec![RuleCondition::Headers {
            any_of: vec![HeaderMatch {
                header: "x-version".into(),
                value_glob: "beta*".into()
            }]
        }]
    );
    assert_eq!(
        (
            r1.action.api_id.as_str(),
            r1.action.stage.as_str(),
            r1.action.strip_base_path
        ),
        ("h1", "beta", true)
    );
    assert_eq!(
        api.routing_rules[1].conditions,
        vec![RuleCondition::BasePaths {
            any_of: vec!["orders".into()]
        }]
    );
    let edge = &report.inventory.domains[1];
    assert_eq!(edge.endpoint_type, apigw::domain::model::EndpointType::Edge);
    assert_eq!(
        edge.target_domain_name.as_deref(),
        Some("d111.cloudfront.net")
    );
    assert_eq!(edge.mapping("").map(|m| m.api_id.as_str()), Some("a1"));
    assert_eq!(
        bpm.num_calls(),
        2,
        "a domain's mappings are read through both APIs (ROUTING.md 4.2), for every domain"
    );
}

/// ROUTING.md 4.2: a domain's mappings are one set in AWS, but emulators (moto, LocalStack)
/// keep v1 base path mappings and v2 API mappings in two stores. A REST base path mapping
/// created through v1 on a domain v2 lists must still be found: both stores are read and
/// merged by key (the v2 entry wins a clash).
#[tokio::test]
async fn a_v1_base_path_mapping_on_a_v2_listed_domain_is_merged_with_the_api_mappings() {
    let d2 = mock!(V2::get_domain_names).then_http_response(|| {
        json(r#"{"items":[{"domainName":"api.example.com","routingMode":"API_MAPPING_ONLY"}]}"#)
    });
    let d1 = mock!(V1::get_domain_names)
        .then_http_response(|| json(r#"{"item":[{"domainName":"api.example.com"}]}"#));
    let maps = mock!(V2::get_api_mappings).then_http_response(|| {
        json(r#"{"items":[{"apiMappingId":"m1","apiMappingKey":"pay","apiId":"h1","stage":"$default"},{"apiMappingId":"m2","apiMappingKey":"orders","apiId":"a1","stage":"prod"}]}"#)
    });
    let bpm = mock!(V1::get_base_path_mappings).then_http_response(|| {
        json(r#"{"item":[{"basePath":"orders","restApiId":"zz","stage":"old"},{"basePath":"billing","restApiId":"a2","stage":"v1"}]}"#)
    });
    let (c, _keep) = clients(&[&d1, &bpm], &[&d2, &maps]);
    let report = load(c).await;
    assert!(report.is_complete(), "{:?}", report.failed);
    let d = &report.inventory.domains[0];
    let keys: Vec<(&str, &str)> = d
        .mappings
        .iter()
        .map(|m| (m.key.as_str(), m.api_id.as_str()))
        .collect();
    assert_eq!(keys, [("billing", "a2"), ("orders", "a1"), ("pay", "h1")]);
}

/// URL-first (issue #11): a part wanted while the crawl runs is read before the crawl's
/// own parts of other APIs, and never twice — the crawl reaching that API later does not
/// send it again, and wanting it again once read sends nothing.
#[tokio::test]
async fn a_wanted_part_goes_first_and_is_never_read_twice() {
    let apis = mock!(V1::get_rest_apis).then_http_response(|| {
        json(r#"{"item":[{"id":"a1","name":"one"},{"id":"a2","name":"two"},{"id":"a3","name":"three"},{"id":"a4","name":"four"}]}"#)
    });
    let stages = mock!(V1::get_stages)
        .then_http_response(|| json(r#"{"item":[{"stageName":"prod","deploymentId":"d1"}]}"#));
    let (c, _keep) = clients(&[&apis, &stages], &[]);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let limits = LoadLimits {
        concurrency: 1,
        ..LoadLimits::unlimited()
    };
    let h = spawn_load_with(c, limits, tx);
    let wanted = PartKey::of(rest("a4"), PartKind::Stages);
    h.want(vec![wanted.clone()]);
    let mut stage_parts = Vec::new();
    while let Some(msg) = rx.recv().await {
        match msg {
            apigw::aws::LoaderMsg::Part(ev) if ev.key.kind == PartKind::Stages => {
                stage_parts.push(ev.key)
            }
            apigw::aws::LoaderMsg::Done(_) => break,
            _ => {}
        }
    }
    assert_eq!(stage_parts.first(), Some(&wanted), "{stage_parts:?}");
    assert_eq!(stage_parts.len(), 4, "{stage_parts:?}");
    assert_eq!(stages.num_calls(), 4, "each API's stages read once");
    h.want(vec![wanted]);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(
        stages.num_calls(),
        4,
        "a part already read is not read again"
    );
}
