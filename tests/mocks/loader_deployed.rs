//! The deployed state the loader reads once stages are known: HTTP stages without
//! autoDeploy get their deployment's summary from ExportApi (and only those; a failed
//! export leaves it unknown without failing the load), and a REST deployment's summary is
//! read once per load, not again on a retry. SDK clients answer from aws-smithy-mocks.

use aws_sdk_apigateway::config::retry::RetryPartition;
use aws_sdk_apigateway::Client as V1;
use aws_sdk_apigatewayv2::Client as V2;
use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};

use apigw::aws::client::{retry_config, Clients, Status429IsThrottling};
use apigw::aws::error::ErrorContext;
use apigw::aws::loader::spawn_load_with;
use apigw::aws::ratelimit::LoadLimits;
use apigw::aws::{collect, LoadReport, LoaderMsg};
use apigw::domain::load::{PartKey, PartKind};
use apigw::domain::model::{ApiKind, ApiRef, AuthorizationType, Inventory};

/// Empty answers for every read a test does not give (`item` for v1, `items` for v2).
fn defaults() -> (Vec<Rule>, Vec<Rule>) {
    let v1 = || Some("{\"item\": []}".to_string());
    let v2 = || Some("{\"items\": []}".to_string());
    macro_rules! empty {
        ($op:path, $body:expr) => {
            mock!($op)
                .sequence()
                .http_status(200, $body)
                .repeatedly()
                .build()
        };
    }
    (
        vec![
            empty!(V1::get_rest_apis, v1()),
            empty!(V1::get_resources, v1()),
            empty!(V1::get_stages, v1()),
            empty!(V1::get_deployments, v1()),
            empty!(V1::get_authorizers, v1()),
            empty!(V1::get_gateway_responses, v1()),
            empty!(V1::get_request_validators, v1()),
            empty!(V1::get_domain_names, v1()),
            empty!(V1::get_api_keys, v1()),
            empty!(V1::get_usage_plans, v1()),
        ],
        vec![
            empty!(V2::get_apis, v2()),
            empty!(V2::get_routes, v2()),
            empty!(V2::get_stages, v2()),
            empty!(V2::get_deployments, v2()),
            empty!(V2::get_authorizers, v2()),
            empty!(V2::get_integrations, v2()),
            empty!(V2::get_domain_names, v2()),
        ],
    )
}

fn clients(v1_rules: &[&Rule], v2_rules: &[&Rule]) -> (Clients, Vec<Rule>) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (p1, p2) = (
        RetryPartition::new(format!("dep-v1-{n}")),
        RetryPartition::new(format!("dep-v2-{n}")),
    );
    let (d1, d2) = defaults();
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
        profile: None,
        region: Some("eu-west-1".into()),
        endpoint: None,
    };
    let mut keep = d1;
    keep.extend(d2);
    (Clients::from_parts(v1, v2, cx), keep)
}

fn body(text: &str) -> Option<String> {
    Some(text.to_string())
}

async fn load(c: Clients) -> LoadReport {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    collect(spawn_load_with(c, LoadLimits::unlimited(), tx), rx).await
}

/// One HTTP API with an autoDeploy `$default` stage (d0) and two manual stages serving d1;
/// GetDeployments lists d0 and d1.
fn http_api_rules() -> Vec<Rule> {
    let apis = mock!(V2::get_apis).sequence().http_status(200, body(r#"{"items":[{"apiId":"h1","name":"h-one","protocolType":"HTTP","routeSelectionExpression":"x"}]}"#)).repeatedly().build();
    let stages = mock!(V2::get_stages).sequence().http_status(200, body(r#"{"items":[{"stageName":"$default","deploymentId":"d0","autoDeploy":true},{"stageName":"prod","deploymentId":"d1","autoDeploy":false},{"stageName":"beta","deploymentId":"d1"}]}"#)).repeatedly().build();
    let deps = mock!(V2::get_deployments).sequence().http_status(200, body(r#"{"items":[{"deploymentId":"d0","createdDate":"2026-01-02T00:00:00Z"},{"deploymentId":"d1","createdDate":"2026-01-01T00:00:00Z"}]}"#)).repeatedly().build();
    vec![apis, stages, deps]
}

/// ExportApi is read for the one deployment the manual stages serve (once, though two
/// stages serve it), never for the autoDeploy stage; its paths become d1's summary.
#[tokio::test]
async fn http_manual_stage_summary_comes_from_export_api() {
    let rules = http_api_rules();
    let export = mock!(V2::export_api)
        .match_requests(|r| r.api_id() == Some("h1") && r.stage_name() != Some("$default"))
        .sequence()
        .http_status(200, body(r#"{"openapi":"3.0.1","paths":{"/pets/{id}":{"get":{"security":[{"sigv4":[]}]}}},"components":{"securitySchemes":{"sigv4":{"type":"apiKey","x-amazon-apigateway-authtype":"awsSigv4"}}}}"#))
        .repeatedly()
        .build();
    let all: Vec<&Rule> = rules.iter().chain([&export]).collect();
    let (c, _keep) = clients(&[], &all);
    let report = load(c).await;
    assert!(report.is_complete(), "{:?}", report.failed);
    let h = report.inventory.http_api("h1").expect("h1 loaded");
    let d1 = h.deployment("d1").expect("d1 listed");
    let s = d1.summary.as_ref().expect("d1 summary from the export");
    assert!(s.contains_key("/pets/{id}"), "{s:?}");
    assert_eq!(
        s["/pets/{id}"]["GET"].authorization_type,
        AuthorizationType::AwsIam
    );
    assert_eq!(
        h.deployment("d0").unwrap().summary,
        None,
        "autoDeploy: not read"
    );
    assert_eq!(
        export.num_calls(),
        1,
        "one export for d1, none for $default"
    );
}

/// An endpoint without ExportApi (moto answers 404) leaves the state unknown; the
/// deployments part and the load still succeed.
#[tokio::test]
async fn a_failed_export_leaves_the_state_unknown_not_the_load_failed() {
    let rules = http_api_rules();
    let export = mock!(V2::export_api)
        .sequence()
        .http_status(404, body(r#"{"message":"Not Found"}"#))
        .repeatedly()
        .build();
    let all: Vec<&Rule> = rules.iter().chain([&export]).collect();
    let (c, _keep) = clients(&[], &all);
    let report = load(c).await;
    assert!(report.is_complete(), "{:?}", report.failed);
    let h = report.inventory.http_api("h1").expect("h1 loaded");
    assert_eq!(h.deployments.len(), 2);
    assert_eq!(h.deployment("d1").unwrap().summary, None);
    assert!(export.num_calls() >= 1, "the export was tried");
}

/// A retried REST deployments part lists the deployments again but reuses the summary it
/// read (a deployment never changes): GetDeployment is sent once.
#[tokio::test]
async fn a_deployment_summary_is_read_once_per_load() {
    let apis = mock!(V1::get_rest_apis)
        .sequence()
        .http_status(200, body(r#"{"item":[{"id":"a1","name":"one"}]}"#))
        .repeatedly()
        .build();
    let stages = mock!(V1::get_stages)
        .sequence()
        .http_status(
            200,
            body(r#"{"item":[{"stageName":"prod","deploymentId":"d1"}]}"#),
        )
        .repeatedly()
        .build();
    let deps = mock!(V1::get_deployments)
        .sequence()
        .http_status(
            200,
            body(r#"{"item":[{"id":"d1","createdDate":1700000000}]}"#),
        )
        .repeatedly()
        .build();
    let one = mock!(V1::get_deployment)
        .sequence()
        .http_status(
            200,
            body(r#"{"id":"d1","apiSummary":{"/orders":{"GET":{"authorizationType":"AWS_IAM"}}}}"#),
        )
        .repeatedly()
        .build();
    let (c, _keep) = clients(&[&apis, &stages, &deps, &one], &[]);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let h = spawn_load_with(c, LoadLimits::unlimited(), tx);
    let key = PartKey::of(
        ApiRef {
            kind: ApiKind::Rest,
            id: "a1".into(),
        },
        PartKind::Deployments,
    );
    let mut inv = Inventory::default();
    let mut dones = 0;
    while let Some(msg) = rx.recv().await {
        match msg {
            LoaderMsg::Part(ev) => inv.apply(ev.result.expect("every part loads")),
            LoaderMsg::Ready { .. } | LoaderMsg::Queued(_) => {}
            LoaderMsg::Done(_) => {
                dones += 1;
                if dones == 1 {
                    h.retry(key.clone());
                } else {
                    break;
                }
            }
        }
    }
    assert_eq!(deps.num_calls(), 2, "the list was read again");
    assert_eq!(one.num_calls(), 1, "the summary was not");
    let d1 = inv.rest_api("a1").unwrap().deployment("d1").unwrap();
    assert!(d1.summary.is_some(), "the retried part still carries it");
}
