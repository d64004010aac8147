//! Loader behaviour the emulator cannot show, against SDK clients whose HTTP answers come
//! from aws-smithy-mocks. Bodies are real-shaped JSON as AWS sends it (v1 `item`/`position`,
//! epoch dates; v2 `items`/`nextToken`), so the SDK's own deserialisers and our conversion
//! run on them. Each test names the moto gap it covers.

use aws_sdk_apigateway::config::retry::RetryPartition;
use aws_sdk_apigateway::Client as V1;
use aws_sdk_apigatewayv2::Client as V2;
use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};

use apigw::aws::client::{retry_config, Clients, Status429IsThrottling};
use apigw::aws::error::ErrorContext;
use apigw::aws::loader::spawn_load_with;
use apigw::aws::ratelimit::LoadLimits;
use apigw::aws::{collect, LoadReport};
use apigw::domain::load::{LoadErrorKind, PartKey, PartKind};
use apigw::domain::model::{
    ApiKind, ApiRef, AuthorizationType, HeaderMatch, RoutingMode, RuleCondition,
};

/// Empty-list answers for every v1 read not given by the test.
fn v1_defaults() -> Vec<Rule> {
    let e = || Some("{\"item\": []}".to_string());
    vec![
        mock!(V1::get_rest_apis)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V1::get_resources)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V1::get_stages)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V1::get_deployments)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V1::get_authorizers)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V1::get_gateway_responses)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V1::get_request_validators)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V1::get_domain_names)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        // The crawl also reads the account's keys and usage plans.
        mock!(V1::get_api_keys)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V1::get_usage_plans)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V1::get_base_path_mappings)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
    ]
}

/// Empty-list answers for every v2 read not given by the test.
fn v2_defaults() -> Vec<Rule> {
    let e = || Some("{\"items\": []}".to_string());
    vec![
        mock!(V2::get_apis)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V2::get_routes)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V2::get_stages)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V2::get_deployments)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V2::get_authorizers)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V2::get_integrations)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
        mock!(V2::get_domain_names)
            .sequence()
            .http_status(200, e())
            .repeatedly()
            .build(),
    ]
}

/// Clients answering with the test's rules first, then the defaults. Retries use the
/// product's retry configuration.
/// (Real time, not the static test clock, so adaptive retry can back off; a retry partition
/// of its own per client so parallel tests do not share the adaptive rate.)
fn clients(v1_rules: &[&Rule], v2_rules: &[&Rule]) -> (Clients, Vec<Rule>) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (p1, p2) = (
        RetryPartition::new(format!("v1-{n}")),
        RetryPartition::new(format!("v2-{n}")),
    );
    let d1 = v1_defaults();
    let d2 = v2_defaults();
    let r1: Vec<&Rule> = v1_rules.iter().copied().chain(d1.iter()).collect();
    let r2: Vec<&Rule> = v2_rules.iter().copied().chain(d2.iter()).collect();
    let v1 = mock_client!(aws_sdk_apigateway, RuleMode::MatchAny, r1, |mut c| {
        c.set_time_source(None);
        c.retry_partition(p1.clone())
            .retry_config(retry_config())
            .retry_classifier(Status429IsThrottling)
            .region(aws_sdk_apigateway::config::Region::new("eu-west-1"))
    });
    let v2 = mock_client!(aws_sdk_apigatewayv2, RuleMode::MatchAny, r2, |mut c| {
        c.set_time_source(None);
        c.retry_partition(p2.clone())
            .retry_config(retry_config())
            .retry_classifier(Status429IsThrottling)
            .region(aws_sdk_apigatewayv2::config::Region::new("eu-west-1"))
    });
    let cx = ErrorContext {
        profile: Some("prod".into()),
        region: Some("eu-west-1".into()),
        endpoint: None,
    };
    let mut keep = d1;
    keep.extend(d2);
    (Clients::from_parts(v1, v2, cx), keep)
}

async fn load(c: Clients) -> LoadReport {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let h = spawn_load_with(c, LoadLimits::unlimited(), tx);
    collect(h, rx).await
}

fn rest(id: &str) -> ApiRef {
    ApiRef {
        kind: ApiKind::Rest,
        id: id.into(),
    }
}

/// Gap: moto never paginates. Two pages of REST APIs (`position`), two pages of resources,
/// two pages of HTTP APIs (`nextToken`): everything from every page arrives.
#[tokio::test]
async fn paging_follows_position_and_next_token_to_the_end() {
    let apis = mock!(V1::get_rest_apis)
        .sequence()
        .http_status(
            200,
            Some(
                r#"{"item":[{"id":"a1","name":"one","createdDate":1700000000}],"position":"p2"}"#
                    .into(),
            ),
        )
        .http_status(200, Some(r#"{"item":[{"id":"a2","name":"two"}]}"#.into()))
        .build();
    let res = mock!(V1::get_resources)
        .match_requests(|r| r.rest_api_id() == Some("a1"))
        .sequence()
        .http_status(200, Some(r#"{"item":[{"id":"r0","path":"/"}],"position":"next"}"#.into()))
        .http_status(200, Some(r#"{"item":[{"id":"r1","parentId":"r0","path":"/orders","pathPart":"orders","resourceMethods":{"GET":{"httpMethod":"GET","authorizationType":"AWS_IAM","apiKeyRequired":true}}}]}"#.into()))
        .build();
    let http = mock!(V2::get_apis)
        .sequence()
        .http_status(200, Some(r#"{"items":[{"apiId":"h1","name":"h-one","protocolType":"HTTP","routeSelectionExpression":"x"}],"nextToken":"t2"}"#.into()))
        .http_status(200, Some(r#"{"items":[{"apiId":"h2","name":"h-two","protocolType":"HTTP","routeSelectionExpression":"x"}]}"#.into()))
        .build();
    let (c, _keep) = clients(&[&apis, &res], &[&http]);
    let report = load(c).await;
    assert!(report.is_complete(), "{:?}", report.failed);
    let inv = &report.inventory;
    let ids: Vec<&str> = inv.rest_apis.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, vec!["a1", "a2"]);
    let a1 = inv.rest_api("a1").unwrap();
    assert_eq!(a1.resources.len(), 2, "both pages of resources");
    let m = &a1.resource_by_path("/orders").unwrap().methods[0];
    assert_eq!(
        (m.authorization_type, m.api_key_required),
        (AuthorizationType::AwsIam, true)
    );
    assert_eq!(a1.created_date.map(|d| d.timestamp()), Some(1_700_000_000));
    let hids: Vec<&str> = inv.http_apis.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(hids, vec!["h1", "h2"]);
    assert_eq!(
        (apis.num_calls(), res.num_calls(), http.num_calls()),
        (2, 2, 2)
    );
}

/// Gap: moto does not embed `apisummary`. Stages point at d1 (and a canary at d2); only
/// those are read with GetDeployment, and the summary converts; d0 stays unknown (`None`).
#[tokio::test]
async fn deployed_summary_is_read_for_the_deployments_stages_serve() {
    let apis = mock!(V1::get_rest_apis)
        .then_http_response(|| json(r#"{"item":[{"id":"a1","name":"one"}]}"#));
    let stages = mock!(V1::get_stages).sequence().http_status(200, Some(
        r#"{"item":[{"stageName":"prod","deploymentId":"d1","canarySettings":{"deploymentId":"d2","percentTraffic":10.0},"methodSettings":{"*/*":{"loggingLevel":"INFO"}}}]}"#.into())).build();
    let deps = mock!(V1::get_deployments).sequence().http_status(200, Some(
        r#"{"item":[{"id":"d0","createdDate":1600000000},{"id":"d1","createdDate":1700000000,"description":"live"},{"id":"d2","createdDate":1710000000}]}"#.into())).build();
    let one = mock!(V1::get_deployment)
        .match_requests(|r| r.embed().iter().any(|x| x == "apisummary"))
        .then_compute_response(|r| {
            let body = if r.deployment_id() == Some("d1") {
                r#"{"id":"d1","apiSummary":{"/orders":{"GET":{"authorizationType":"AWS_IAM","apiKeyRequired":true}},"/":{"ANY":{"authorizationType":"NONE"}}}}"#
            } else {
                r#"{"id":"d2"}"#
            };
            aws_smithy_mocks::MockResponse::Http(json(body))
        });
    let (c, _keep) = clients(&[&apis, &stages, &deps, &one], &[]);
    let report = load(c).await;
    assert!(report.is_complete(), "{:?}", report.failed);
    let a = report.inventory.rest_api("a1").unwrap();
    let d1 = a.deployment("d1").unwrap();
    let s = d1.summary.as_ref().expect("d1 summary read");
    let get = s["/orders"]["GET"];
    assert_eq!(
        (get.authorization_type, get.api_key_required),
        (AuthorizationType::AwsIam, true)
    );
    assert_eq!(s["/"]["ANY"].authorization_type, AuthorizationType::None);
    assert_eq!(
        a.deployment("d2").unwrap().summary,
        None,
        "no apisummary in the answer: unknown"
    );
    assert_eq!(
        a.deployment("d0").unwrap().summary,
        None,
        "not served by a stage: not read"
    );
    assert_eq!(one.num_calls(), 2, "d1 and the canary's d2 only");
    assert_eq!(a.deployed_summary("prod"), Some(s));
    assert_eq!(a.stages[0].execution_log_level.as_deref(), Some("INFO"));
    assert_eq!(
        a.stages[0].canary.as_ref().map(|c| c.percent_traffic),
        Some(10.0)
    );
    assert_eq!(a.deployments[0].id, "d2", "newest first");
}

fn json(body: &str) -> aws_sdk_apigateway::config::http::HttpResponse {
    aws_sdk_apigateway::config::http::HttpResponse::new(
        200.try_into().expect("status"),
        body.to_string().into(),
    )
}

/// Gap: moto never throttles. A 429 TooManyRequestsException is retried with backoff and
/// the second answer is used.
#[tokio::test]
async fn throttling_is_retried_and_then_succeeds() {
    let apis = mock!(V1::get_rest_apis)
        .sequence()
        .http_status(429, Some(r#"{"message":"Too Many Requests"}"#.into()))
        .http_status(200, Some(r#"{"item":[{"id":"a1","name":"one"}]}"#.into()))
        .build();
    let (c, _keep) = clients(&[&apis], &[]);
    let report = load(c).await;
    assert!(report.is_complete(), "{:?}", report.failed);
    assert_eq!(report.inventory.rest_apis.len(), 1);
    assert_eq!(apis.num_calls(), 2, "one throttled attempt, one retry");
}

/// Gap: moto's faults cannot be chosen. GetResources answers 500 on every attempt: that part
/// fails inline (ServerError with a hint), every other part of the API and the account is
/// kept; `retry` of that part then loads it.
#[tokio::test]
async fn server_error_is_an_inline_part_error_and_retry_loads_it() {
    let apis = mock!(V1::get_rest_apis).then_http_response(|| {
        json(r#"{"item":[{"id":"a1","name":"one"},{"id":"a2","name":"two"}]}"#)
    });
    let res = mock!(V1::get_resources)
        .match_requests(|r| r.rest_api_id() == Some("a1"))
        .sequence()
        .http_status(500, Some(r#"{"message":"Internal server error"}"#.into()))
        .times(5)
        .http_status(200, Some(r#"{"item":[{"id":"r0","path":"/"}]}"#.into()))
        .build();
    let stages = mock!(V1::get_stages)
        .then_http_response(|| json(r#"{"item":[{"stageName":"prod","deploymentId":"d1"}]}"#));
    let (c, _keep) = clients(&[&apis, &res, &stages], &[]);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let h = spawn_load_with(c, LoadLimits::unlimited(), tx);
    let key = PartKey::of(rest("a1"), PartKind::Resources);
    let mut inv = apigw::domain::model::Inventory::default();
    let mut first_error = None;
    let mut dones = 0;
    while let Some(msg) = rx.recv().await {
        match msg {
            apigw::aws::LoaderMsg::Part(ev) => match ev.result {
                Ok(p) => inv.apply(p),
                Err(e) => {
                    assert_eq!(ev.key, key, "only this part fails");
                    first_error = Some(e);
                }
            },
            apigw::aws::LoaderMsg::Ready { .. } | apigw::aws::LoaderMsg::Queued(_) => {}
            apigw::aws::LoaderMsg::Done(summary) => {
                dones += 1;
                if dones == 1 {
                    assert_eq!(summary.failed, vec![key.clone()]);
                    // partial data kept: the other API and a1's stages are there
                    assert_eq!(inv.rest_api("a2").map(|a| a.resources.len()), Some(0));
                    assert_eq!(inv.rest_api("a1").unwrap().stages[0].name, "prod");
                    h.retry(key.clone());
                } else {
                    assert!(summary.failed.is_empty());
                    break;
                }
            }
        }
    }
    let e = first_error.expect("an inline error");
    assert_eq!(e.kind, LoadErrorKind::ServerError);
    assert!(
        e.message.contains("GetResources") && e.message.contains("500"),
        "{}",
        e.message
    );
    assert!(e.hint.is_some());
    assert_eq!(
        inv.rest_api("a1").unwrap().resources.len(),
        1,
        "loaded on retry"
    );
    assert_eq!(res.num_calls(), 6, "5 attempts, then the retried call");
}

/// Gap: moto never denies. A 403 AccessDeniedException names the missing permission; a
/// 429 that persists through every attempt ends as Throttled with a hint.
#[tokio::test]
async fn access_denied_and_persistent_throttling_say_what_to_do() {
    let apis = mock!(V1::get_rest_apis).sequence().http_status(403, Some(
        r#"{"message":"User: arn:aws:iam::1:user/x is not authorized to perform: apigateway:GET"}"#.into())).repeatedly().build();
    let http = mock!(V2::get_apis)
        .sequence()
        .http_status(429, Some(r#"{"message":"Too Many Requests"}"#.into()))
        .repeatedly()
        .build();
    let (c, _keep) = clients(&[&apis], &[&http]);
    let report = load(c).await;
    let err = |k: PartKind| {
        report
            .failed
            .iter()
            .find(|(key, _)| key.kind == k)
            .map(|(_, e)| e.clone())
            .expect("failed part")
    };
    let denied = err(PartKind::RestApis);
    assert_eq!(denied.kind, LoadErrorKind::AccessDenied);
    assert!(denied.hint.unwrap_or_default().contains("apigateway:GET"));
    let throttled = err(PartKind::HttpApis);
    assert_eq!(throttled.kind, LoadErrorKind::Throttled);
    assert!(throttled.hint.is_some());
    assert_eq!(
        http.num_calls(),
        5,
        "every attempt of the retry policy was used"
    );
    assert_eq!(report.inventory.issues.len(), 2);
}

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
