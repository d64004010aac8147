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

mod domains_and_queue;
