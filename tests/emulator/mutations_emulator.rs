//! Mutations against moto's server: deploy → re-read (the stage points at the new
//! deployment, exactly one deployment made), rollback, CORS applied and read back value by
//! value, applied twice without duplicates, a Lambda-proxy OPTIONS left alone, and each
//! mutating call sent exactly once even when AWS throttles or fails it.

use std::sync::OnceLock;

use crate::harness::fault_proxy::{Fault, FaultProxy, Rule, Schedule};
use crate::harness::seed::{Auth, Integration, Seed};
use crate::harness::Moto;
use aws_sdk_apigateway::types::{GatewayResponseType, IntegrationType};

use apigw::aws::client::{self, Clients};
use apigw::aws::mutate::{execute, load_api};
use apigw::domain::cors::plan_cors;
use apigw::domain::model::{ApiRef, Inventory};
use apigw::domain::plan::{plan_deploy, plan_rollback, StepStatus};
use apigw::domain::staleness::Staleness;

/// One audit file for this test binary (the variable is process-wide).
fn audit_log() -> &'static std::path::Path {
    static PATH: OnceLock<std::path::PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let p = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("mutations-audit-{}.log", std::process::id()));
        std::env::set_var(apigw::audit::ENV, &p);
        p
    })
}

async fn clients(moto: &Moto, endpoint: &str) -> Clients {
    moto.set_process_env();
    audit_log();
    let mut t = moto.live_target();
    t.endpoint_url = Some(endpoint.to_string());
    client::build(&t)
        .await
        .unwrap_or_else(|e| panic!("clients: {e}"))
}

/// `name`: `/` and `/orders` (GET, MOCK), deployed to stage prod, then `extra` (a method
/// with this integration on /orders, not deployed). Returns (API id, /orders resource id).
async fn seed(moto: &Moto, name: &str, extra: Option<(&str, Integration)>) -> (String, String) {
    let mut api = Seed::rest(name)
        .resource("/orders")
        .method("GET", Auth::None)
        .deploy_described("prod", "first");
    if let Some((verb, integration)) = extra {
        api = api.method(verb, Auth::None).integration(integration);
    }
    let api = api.create(moto).await;
    (api.id.clone(), api.resource_id("/orders").to_string())
}

async fn load(c: &Clients, api: &str) -> (Inventory, ApiRef) {
    load_api(c, api)
        .await
        .unwrap_or_else(|e| panic!("load_api: {e:#}"))
}

fn audit_lines(api: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(audit_log()).unwrap_or_default();
    text.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("audit line is JSON"))
        .filter(|v| v["api_id"] == api)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deploy_makes_exactly_one_deployment_and_the_stage_serves_it_then_rollback() {
    let moto = Moto::start();
    let (api, _) = seed(&moto, "orders-api", Some(("POST", Integration::Mock))).await;
    let c = clients(&moto, &moto.endpoint).await;
    let (inv, api_ref) = load(&c, &api).await;
    let before = moto.deployment_ids(&api).await;
    let old = moto.stage_deployment(&api).await;
    let plan = plan_deploy(&inv, &api_ref, "prod", Some("add POST")).unwrap();
    let mut seen = Vec::new();
    let report = execute(&c, &plan, |i, s| seen.push((i, s))).await.unwrap();
    let after = moto.deployment_ids(&api).await;
    assert_eq!(
        after.len(),
        before.len() + 1,
        "exactly one deployment per confirmed action"
    );
    let new: Vec<&String> = after.iter().filter(|d| !before.contains(d)).collect();
    let new = new[0].clone();
    assert!(report.applied, "{report:?}");
    assert_eq!(report.steps, vec![StepStatus::Done(new.clone())]);
    assert_eq!(seen.first(), Some(&(0, StepStatus::Running)));
    assert_eq!(report.readback.deployment_id.as_deref(), Some(new.as_str()));
    assert_eq!(moto.stage_deployment(&api).await, new);
    assert_eq!(report.readback.staleness, Some(Staleness::Current));
    assert_eq!(
        report
            .readback
            .deployment
            .as_ref()
            .and_then(|d| d.description.as_deref()),
        Some("add POST")
    );
    assert!(
        report.readback.problems.is_empty(),
        "{:?}",
        report.readback.problems
    );

    let audit = audit_lines(&api);
    let phases: Vec<&str> = audit.iter().map(|v| v["phase"].as_str().unwrap()).collect();
    assert_eq!(phases, vec!["start", "done"]);
    assert_eq!(audit[1]["result"], new.as_str());
    assert_eq!(audit[0]["operation"], "CreateDeployment");
    assert_eq!(audit[0]["region"], "us-east-1");
    assert!(audit[0]["command"]
        .as_str()
        .unwrap()
        .starts_with("aws apigateway create-deployment"));
    assert!(
        !std::fs::read_to_string(audit_log())
            .unwrap()
            .contains("testing"),
        "no credentials in the audit log"
    );

    // Roll back to the first deployment: no new deployment, the stage serves the old one.
    let (inv, api_ref) = load(&c, &api).await;
    let plan = plan_rollback(&inv, &api_ref, "prod", &old).unwrap();
    let report = execute(&c, &plan, |_, _| {}).await.unwrap();
    assert!(
        report.applied && report.readback.problems.is_empty(),
        "{report:?}"
    );
    assert_eq!(moto.stage_deployment(&api).await, old);
    assert_eq!(report.readback.deployment_id.as_deref(), Some(old.as_str()));
    assert_ne!(
        report.readback.staleness,
        Some(Staleness::Current),
        "an old deployment is not proven current"
    );
    assert_eq!(moto.deployment_ids(&api).await.len(), after.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_is_applied_read_back_value_by_value_and_twice_changes_nothing() {
    let moto = Moto::start();
    let (api, rid) = seed(&moto, "cors-api", Some(("POST", Integration::LambdaProxy))).await;
    let c = clients(&moto, &moto.endpoint).await;
    let (inv, _) = load(&c, &api).await;
    let plan = plan_cors(
        inv.rest_api(&api).unwrap(),
        "/orders",
        "https://app.example.com",
        true,
    )
    .unwrap();
    assert_eq!(plan.steps.len(), 6);
    assert!(
        plan.warnings.iter().any(|w| w.contains("POST /orders")),
        "{:?}",
        plan.warnings
    );
    let report = execute(&c, &plan, |_, _| {}).await.unwrap();
    assert!(report.applied, "{report:?}");
    assert!(
        report.readback.problems.is_empty(),
        "{:?}",
        report.readback.problems
    );

    let v1 = moto.rest_client();
    let m = v1
        .get_method()
        .rest_api_id(&api)
        .resource_id(&rid)
        .http_method("OPTIONS")
        .send()
        .await
        .unwrap();
    assert_eq!(m.authorization_type(), Some("NONE"));
    assert!(!m.api_key_required().unwrap_or(false));
    let i = m.method_integration().expect("integration");
    assert_eq!(i.r#type(), Some(&IntegrationType::Mock));
    assert_eq!(
        i.request_templates()
            .and_then(|t| t.get("application/json"))
            .map(String::as_str),
        Some("{\"statusCode\": 200}")
    );
    let h = |x: &str| format!("method.response.header.Access-Control-Allow-{x}");
    let mr = m
        .method_responses()
        .and_then(|r| r.get("200"))
        .expect("method response 200");
    let mp = mr
        .response_parameters()
        .expect("method response parameters");
    assert_eq!(mp.len(), 3);
    for x in ["Headers", "Methods", "Origin"] {
        assert_eq!(mp.get(&h(x)), Some(&false), "{x}");
    }
    let ir = i
        .integration_responses()
        .and_then(|r| r.get("200"))
        .expect("integration response 200");
    let ip = ir
        .response_parameters()
        .expect("integration response parameters");
    assert_eq!(
        ip[&h("Headers")],
        "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'"
    );
    assert_eq!(ip[&h("Methods")], "'GET,POST,OPTIONS'");
    assert_eq!(ip[&h("Origin")], "'https://app.example.com'");
    for t in [
        GatewayResponseType::Default4Xx,
        GatewayResponseType::Default5Xx,
    ] {
        let g = v1
            .get_gateway_response()
            .rest_api_id(&api)
            .response_type(t.clone())
            .send()
            .await
            .unwrap();
        let p = g
            .response_parameters()
            .expect("gateway response parameters");
        assert_eq!(
            p["gatewayresponse.header.Access-Control-Allow-Origin"], "'https://app.example.com'",
            "{t:?}"
        );
    }

    // Again: the plan is empty, nothing is sent, nothing is duplicated.
    let (inv, _) = load(&c, &api).await;
    let again = plan_cors(
        inv.rest_api(&api).unwrap(),
        "/orders",
        "https://app.example.com",
        true,
    )
    .unwrap();
    assert!(again.steps.is_empty(), "{:?}", again.steps);
    let methods = v1
        .get_resource()
        .rest_api_id(&api)
        .resource_id(&rid)
        .send()
        .await
        .unwrap();
    let verbs: Vec<&String> = methods
        .resource_methods()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    assert_eq!(verbs.iter().filter(|v| v.as_str() == "OPTIONS").count(), 1);
    let m2 = v1
        .get_method()
        .rest_api_id(&api)
        .resource_id(&rid)
        .http_method("OPTIONS")
        .send()
        .await
        .unwrap();
    assert_eq!(m2.method_responses().map(|r| r.len()), Some(1));
    assert_eq!(
        m2.method_integration()
            .and_then(|i| i.integration_responses())
            .map(|r| r.len()),
        Some(1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lambda_proxy_options_is_left_alone() {
    let moto = Moto::start();
    let (api, rid) = seed(
        &moto,
        "proxy-api",
        Some(("OPTIONS", Integration::LambdaProxy)),
    )
    .await;
    let c = clients(&moto, &moto.endpoint).await;
    let (inv, _) = load(&c, &api).await;
    let e = plan_cors(inv.rest_api(&api).unwrap(), "/orders", "*", false).unwrap_err();
    assert!(
        e.to_string()
            .contains("integration type AWS_PROXY, not MOCK"),
        "{e}"
    );
    let m = moto
        .rest_client()
        .get_method()
        .rest_api_id(&api)
        .resource_id(&rid)
        .http_method("OPTIONS")
        .send()
        .await
        .unwrap();
    assert_eq!(
        m.method_integration().and_then(|i| i.r#type()),
        Some(&IntegrationType::AwsProxy)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttled_or_failed_create_deployment_is_sent_once_and_explained() {
    let moto = Moto::start();
    let (api, _) = seed(&moto, "throttle-api", None).await;
    let proxy = FaultProxy::start(&moto.endpoint);
    let c = clients(&moto, &proxy.endpoint).await;
    let (inv, api_ref) = load(&c, &api).await;
    let plan = plan_deploy(&inv, &api_ref, "prod", None).unwrap();
    let before = moto.deployment_ids(&api).await.len();
    for (fault, needle) in [
        (Fault::Throttle, "one deployment every 5 seconds"),
        (Fault::ServerError(503), "503"),
    ] {
        proxy.clear();
        proxy.clear_log();
        proxy.add(
            Rule::new(fault.clone(), Schedule::Always)
                .on_method("POST")
                .on_path("/deployments"),
        );
        let report = execute(&c, &plan, |_, _| {}).await.unwrap();
        assert!(!report.applied);
        let msg = report.failure().unwrap_or_default().to_string();
        assert!(msg.contains(needle), "{fault:?}: {msg}");
        let posts = proxy.mutating();
        assert_eq!(
            posts.len(),
            1,
            "{fault:?}: a mutation is sent once, never retried: {posts:?}"
        );
    }
    assert_eq!(moto.deployment_ids(&api).await.len(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_api_cors_configuration_is_updated_and_read_back() {
    use apigw::domain::cors::plan_http_cors;
    use apigw::domain::model::CorsConfiguration;
    let moto = Moto::start();
    let v2 = moto.http_client();
    let id = Seed::http("pay-http").create(&moto).await.id;
    let c = clients(&moto, &moto.endpoint).await;
    let (inv, _) = load(&c, &id).await;
    let want = CorsConfiguration {
        allow_origins: vec!["https://app.example.com".into()],
        allow_methods: vec!["GET".into(), "POST".into()],
        allow_headers: vec!["content-type".into()],
        max_age: Some(600),
        ..CorsConfiguration::default()
    };
    let plan = plan_http_cors(inv.http_api(&id).unwrap(), want.clone()).unwrap();
    let report = execute(&c, &plan, |_, _| {}).await.unwrap();
    assert!(
        report.applied && report.readback.problems.is_empty(),
        "{report:?}"
    );
    let got = v2.get_api().api_id(&id).send().await.unwrap();
    let cors = got.cors_configuration().expect("cors configuration");
    assert_eq!(cors.allow_origins(), ["https://app.example.com"]);
    assert_eq!(cors.allow_methods(), ["GET", "POST"]);
    assert_eq!(cors.max_age(), Some(600));
    let (inv, _) = load(&c, &id).await;
    assert!(plan_http_cors(inv.http_api(&id).unwrap(), want)
        .unwrap()
        .steps
        .is_empty());
}
