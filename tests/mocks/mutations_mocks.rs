//! The deploy read-back where moto falls short (it embeds no `apisummary`): real-shaped
//! AWS answers from aws-smithy-mocks, so the staleness after a deployment is computed from
//! the deployment's summary against the re-read working tree, and a stage that does not
//! serve the new deployment is reported.

use aws_sdk_apigateway::Client as V1;
use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};

use apigw::aws::client::Clients;
use apigw::aws::error::ErrorContext;
use apigw::aws::mutate::execute;
use apigw::domain::model::{ApiKind, ApiRef, Inventory, RestApi, Stage};
use apigw::domain::plan::{plan_deploy, StepStatus};
use apigw::domain::staleness::Staleness;

fn json(body: &str) -> aws_sdk_apigateway::config::http::HttpResponse {
    aws_sdk_apigateway::config::http::HttpResponse::new(
        200.try_into().expect("status"),
        body.to_string().into(),
    )
}

/// Tests set the (process-wide) audit log variable while holding this.
static ENV_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn set_audit(path: &std::path::Path) {
    std::env::set_var(apigw::audit::ENV, path);
}

fn good_audit() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    dir.join(format!("mocks-audit-{}.log", std::process::id()))
}

fn clients(rules: &[&Rule]) -> Clients {
    let v1 = mock_client!(aws_sdk_apigateway, RuleMode::MatchAny, rules, |c| c
        .region(aws_sdk_apigateway::config::Region::new("eu-west-1")));
    let none: &[&Rule] = &[];
    let v2 = mock_client!(aws_sdk_apigatewayv2, RuleMode::MatchAny, none, |c| c
        .region(aws_sdk_apigatewayv2::config::Region::new("eu-west-1")));
    let cx = ErrorContext {
        profile: Some("prod".into()),
        region: Some("eu-west-1".into()),
        endpoint: None,
    };
    Clients::from_parts(v1, v2, cx)
}

fn inventory() -> (Inventory, ApiRef) {
    let api = RestApi {
        id: "a1".into(),
        name: "orders".into(),
        stages: vec![Stage {
            name: "prod".into(),
            deployment_id: Some("d1".into()),
            ..Stage::default()
        }],
        ..RestApi::default()
    };
    let inv = Inventory {
        region: Some("eu-west-1".into()),
        rest_apis: vec![api],
        ..Inventory::default()
    };
    (
        inv,
        ApiRef {
            kind: ApiKind::Rest,
            id: "a1".into(),
        },
    )
}

const SUMMARY: &str = r#"{"id":"d9","createdDate":1763900000,"description":"x","apiSummary":{"/orders":{"GET":{"authorizationType":"NONE","apiKeyRequired":false}}}}"#;

async fn deploy_with(
    resources: &'static str,
    stage_serves: &'static str,
) -> apigw::domain::plan::ExecutionReport {
    let create = mock!(V1::create_deployment)
        .then_http_response(|| json(r#"{"id":"d9","createdDate":1763900000}"#));
    let stage = mock!(V1::get_stage).then_http_response(move || {
        json(&format!(
            r#"{{"stageName":"prod","deploymentId":"{stage_serves}"}}"#
        ))
    });
    let dep = mock!(V1::get_deployment)
        .match_requests(|r| r.embed().iter().any(|e| e == "apisummary"))
        .then_http_response(|| json(SUMMARY));
    let res = mock!(V1::get_resources).then_http_response(move || json(resources));
    // The read-back is loader jobs: the API's record, its stages, its deployments (with
    // the summary of the one the stage serves) and its resources.
    let record =
        mock!(V1::get_rest_api).then_http_response(|| json(r#"{"id":"a1","name":"orders"}"#));
    let stages = mock!(V1::get_stages).then_http_response(move || {
        json(&format!(
            r#"{{"item":[{{"stageName":"prod","deploymentId":"{stage_serves}"}}]}}"#
        ))
    });
    let deps = mock!(V1::get_deployments).then_http_response(|| {
        json(r#"{"item":[{"id":"d9","createdDate":1763900000,"description":"x"},{"id":"d1","createdDate":1700000000}]}"#)
    });
    let c = clients(&[&create, &stage, &dep, &res, &record, &stages, &deps]);
    let _g = ENV_LOCK.lock().await;
    set_audit(&good_audit());
    let (inv, api) = inventory();
    let plan = plan_deploy(&inv, &api, "prod", Some("x")).unwrap();
    let report = execute(&c, &plan, |_, _| {}).await.unwrap();
    assert_eq!(create.num_calls(), 1, "CreateDeployment sent once");
    report
}

#[tokio::test]
async fn after_deploy_the_summary_equals_the_working_tree_so_the_stage_is_current() {
    let r = deploy_with(
        r#"{"item":[{"id":"r1","path":"/orders","resourceMethods":{"GET":{"httpMethod":"GET","authorizationType":"NONE","apiKeyRequired":false}}}]}"#,
        "d9",
    )
    .await;
    assert_eq!(r.steps, vec![StepStatus::Done("d9".into())]);
    assert!(r.applied);
    assert_eq!(r.readback.staleness, Some(Staleness::Current));
    let summary = r
        .readback
        .deployment
        .as_ref()
        .and_then(|d| d.summary.as_ref())
        .expect("summary read back");
    assert!(summary["/orders"].contains_key("GET"));
    assert!(r.readback.problems.is_empty(), "{:?}", r.readback.problems);
}

#[tokio::test]
async fn a_tree_changed_since_the_deployment_reads_back_stale() {
    let r = deploy_with(
        r#"{"item":[{"id":"r1","path":"/orders","resourceMethods":{"GET":{"httpMethod":"GET","authorizationType":"NONE"},"POST":{"httpMethod":"POST","authorizationType":"AWS_IAM"}}}]}"#,
        "d9",
    )
    .await;
    assert_eq!(r.readback.staleness, Some(Staleness::Stale));
}

#[tokio::test]
async fn a_stage_not_serving_the_new_deployment_is_a_problem() {
    let r = deploy_with(r#"{"item":[]}"#, "d1").await;
    assert!(r.applied, "the call itself was accepted");
    assert_eq!(r.readback.deployment_id.as_deref(), Some("d1"));
    assert!(
        r.readback
            .problems
            .iter()
            .any(|p| p.contains("not the new deployment d9")),
        "{:?}",
        r.readback.problems
    );
}

#[tokio::test]
async fn http_deploy_reads_back_the_stage_serving_the_new_deployment() {
    use aws_sdk_apigatewayv2::Client as V2;
    let json2 = |b: &'static str| {
        move || {
            aws_sdk_apigatewayv2::config::http::HttpResponse::new(
                200.try_into().expect("status"),
                b.to_string().into(),
            )
        }
    };
    let create = mock!(V2::create_deployment).then_http_response(json2(
        r#"{"deploymentId":"h9","deploymentStatus":"DEPLOYED"}"#,
    ));
    let stage = mock!(V2::get_stage).then_http_response(json2(
        r#"{"stageName":"live","deploymentId":"h9","autoDeploy":false}"#,
    ));
    let dep = mock!(V2::get_deployment)
        .then_http_response(json2(r#"{"deploymentId":"h9","description":"go"}"#));
    // The read-back is loader jobs: the API's record, stages, deployments (with the
    // stage's export) and routes.
    let record = mock!(V2::get_api).then_http_response(json2(
        r#"{"apiId":"h1","name":"pay","protocolType":"HTTP","routeSelectionExpression":"x"}"#,
    ));
    let stages = mock!(V2::get_stages).then_http_response(json2(
        r#"{"items":[{"stageName":"live","deploymentId":"h9","autoDeploy":false}]}"#,
    ));
    let deps = mock!(V2::get_deployments).then_http_response(json2(
        r#"{"items":[{"deploymentId":"h9","description":"go"},{"deploymentId":"h0"}]}"#,
    ));
    let routes = mock!(V2::get_routes).then_http_response(json2(r#"{"items":[]}"#));
    let export =
        mock!(V2::export_api).then_http_response(json2(r#"{"openapi":"3.0.1","paths":{}}"#));
    let v2_rules: &[&Rule] = &[
        &create, &stage, &dep, &record, &stages, &deps, &routes, &export,
    ];
    let none: &[&Rule] = &[];
    let v1 = mock_client!(aws_sdk_apigateway, RuleMode::MatchAny, none, |c| c
        .region(aws_sdk_apigateway::config::Region::new("eu-west-1")));
    let v2 = mock_client!(aws_sdk_apigatewayv2, RuleMode::MatchAny, v2_rules, |c| c
        .region(aws_sdk_apigatewayv2::config::Region::new("eu-west-1")));
    let _g = ENV_LOCK.lock().await;
    set_audit(&good_audit());
    let c = Clients::from_parts(v1, v2, ErrorContext::default());
    let api = apigw::domain::model::HttpApi {
        id: "h1".into(),
        stages: vec![Stage {
            name: "live".into(),
            deployment_id: Some("h0".into()),
            ..Stage::default()
        }],
        ..Default::default()
    };
    let inv = Inventory {
        http_apis: vec![api],
        ..Inventory::default()
    };
    let plan = plan_deploy(
        &inv,
        &ApiRef {
            kind: ApiKind::Http,
            id: "h1".into(),
        },
        "live",
        Some("go"),
    )
    .unwrap();
    let r = execute(&c, &plan, |_, _| {}).await.unwrap();
    assert_eq!(create.num_calls(), 1);
    assert_eq!(r.steps, vec![StepStatus::Done("h9".into())]);
    assert_eq!(r.readback.deployment_id.as_deref(), Some("h9"));
    assert_eq!(r.readback.staleness, Some(Staleness::Current));
    assert_eq!(
        r.readback
            .deployment
            .as_ref()
            .and_then(|d| d.description.as_deref()),
        Some("go")
    );
}

#[tokio::test]
async fn an_unwritable_audit_log_refuses_before_sending_anything() {
    let create = mock!(V1::create_deployment).then_http_response(|| json(r#"{"id":"d9"}"#));
    let c = clients(&[&create]);
    let _g = ENV_LOCK.lock().await;
    // A path below a regular file cannot be created.
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("not-a-dir-{}", std::process::id()));
    std::fs::write(&file, b"x").unwrap();
    set_audit(&file.join("audit.log"));
    let (inv, api) = inventory();
    let plan = plan_deploy(&inv, &api, "prod", None).unwrap();
    let err = execute(&c, &plan, |_, _| {}).await.unwrap_err();
    let msg = format!("{err:#}");
    assert!(
        msg.contains("nothing was sent") && msg.contains("APIGW_AUDIT_LOG"),
        "{msg}"
    );
    assert_eq!(create.num_calls(), 0);
    set_audit(&good_audit());
}

#[tokio::test]
async fn http_stage_staleness_comes_from_the_stage_export() {
    use apigw::aws::mutate::load_api;
    use apigw::domain::staleness::http_stage_staleness;
    use aws_sdk_apigatewayv2::Client as V2;
    let r2 = |b: &'static str| {
        move || {
            aws_sdk_apigatewayv2::config::http::HttpResponse::new(
                200.try_into().expect("status"),
                b.to_string().into(),
            )
        }
    };
    let rest = mock!(V1::get_rest_apis).then_http_response(|| json(r#"{"item":[]}"#));
    let apis = mock!(V2::get_apis).then_http_response(r2(r#"{"items":[{"apiId":"h1","name":"pay","protocolType":"HTTP","routeSelectionExpression":"x"}]}"#));
    let routes = mock!(V2::get_routes).then_http_response(r2(r#"{"items":[{"routeId":"r1","routeKey":"GET /pay","authorizationType":"NONE"},{"routeId":"r2","routeKey":"POST /pay","authorizationType":"AWS_IAM"}]}"#));
    let stages = mock!(V2::get_stages).then_http_response(r2(r#"{"items":[{"stageName":"live","deploymentId":"hd","autoDeploy":false},{"stageName":"$default","deploymentId":"ha","autoDeploy":true}]}"#));
    let deps = mock!(V2::get_deployments).then_http_response(r2(
        r#"{"items":[{"deploymentId":"hd"},{"deploymentId":"ha"}]}"#,
    ));
    let export = mock!(V2::export_api)
        .match_requests(|r| r.stage_name() == Some("live"))
        .then_http_response(r2(r#"{"openapi":"3.0.1","paths":{"/pay":{"get":{}}}}"#));
    let v1_rules: &[&Rule] = &[&rest];
    let v2_rules: &[&Rule] = &[&apis, &routes, &stages, &deps, &export];
    let v1 = mock_client!(aws_sdk_apigateway, RuleMode::MatchAny, v1_rules, |c| c
        .region(aws_sdk_apigateway::config::Region::new("eu-west-1")));
    let v2 = mock_client!(aws_sdk_apigatewayv2, RuleMode::MatchAny, v2_rules, |c| c
        .region(aws_sdk_apigatewayv2::config::Region::new("eu-west-1")));
    let c = Clients::from_parts(v1, v2, ErrorContext::default());
    let (inv, _) = load_api(&c, "pay").await.unwrap();
    assert_eq!(
        export.num_calls(),
        1,
        "only the non-autoDeploy stage is exported"
    );
    let a = inv.http_api("h1").unwrap();
    let (s, changes) = http_stage_staleness(a, "live");
    assert_eq!(s, Staleness::Stale);
    assert_eq!(
        (changes[0].method.as_str(), changes[0].path.as_str()),
        ("POST", "/pay")
    );
    assert_eq!(http_stage_staleness(a, "$default").0, Staleness::AutoDeploy);
}
