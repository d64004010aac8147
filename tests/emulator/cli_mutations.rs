//! `apigw stages`, `apigw deploy` and `apigw cors` against moto's server: without `--yes`
//! the plan is printed and nothing changes; with `--yes` the change is made once and read
//! back; `--read-only` refuses before sending any request.

use crate::harness::fault_proxy::FaultProxy;
use crate::harness::seed::{Auth, Integration, Seed};
use crate::harness::Moto;
use aws_sdk_apigateway::types::IntegrationType;
use serde_json::Value;

struct Seeded {
    api: String,
    orders: String,
    proxy: String,
}

/// cli-api: /orders (GET MOCK) deployed to prod, then POST added (stage stale), and
/// /hooks whose OPTIONS is a Lambda proxy.
async fn seed(moto: &Moto) -> Seeded {
    let api = Seed::rest("cli-api")
        .resource("/orders")
        .method("GET", Auth::None)
        .resource("/hooks")
        .method("OPTIONS", Auth::None)
        .integration(Integration::LambdaProxy)
        .deploy("prod")
        .resource("/orders")
        .method("POST", Auth::Iam)
        .integration(Integration::Missing)
        .create(moto)
        .await;
    Seeded {
        api: api.id.clone(),
        orders: api.resource_id("/orders").to_string(),
        proxy: api.resource_id("/hooks").to_string(),
    }
}

fn run(moto: &Moto, args: &[&str]) -> (i32, String, String) {
    let audit = moto.home().join("audit.log");
    let out = moto
        .apigw()
        .env("APIGW_AUDIT_LOG", &audit)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stages_and_deploy_plan_then_apply() {
    let moto = Moto::start();
    let s = seed(&moto).await;
    let (code, out, err) = run(&moto, &["stages", "--api", "cli-api", "--json"]);
    assert_eq!(code, 0, "{err}");
    let rows = json(&out);
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
    assert_eq!(rows[0]["stage"], "prod");
    assert_eq!(rows[0]["api"]["protocol"], "REST");
    // moto embeds no apisummary: the deployed state is unknown, never "current".
    assert_eq!(rows[0]["staleness"], "unknown");

    let before = (
        moto.deployment_ids(&s.api).await.len(),
        moto.stage_deployment(&s.api).await,
    );
    let (code, out, err) = run(
        &moto,
        &[
            "deploy",
            "--api",
            "cli-api",
            "--stage",
            "prod",
            "--description",
            "it's live",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let line = format!("aws apigateway create-deployment --rest-api-id {} --stage-name prod --description 'it'\\''s live' --region us-east-1", s.api);
    assert!(out.contains(&line), "{out}");
    assert!(out.contains("Dry run: nothing was changed"), "{out}");
    assert_eq!(
        (
            moto.deployment_ids(&s.api).await.len(),
            moto.stage_deployment(&s.api).await
        ),
        before,
        "no --yes: nothing changes"
    );
    assert!(
        !moto.home().join("audit.log").exists(),
        "a dry run audits nothing"
    );

    let (code, out, err) = run(
        &moto,
        &[
            "deploy", "--api", "cli-api", "--stage", "prod", "--yes", "--json",
        ],
    );
    assert_eq!(code, 0, "{err}\n{out}");
    let v = json(&out);
    assert_eq!(v["applied"], true);
    assert_eq!(
        v["plan"][0]
            .as_str()
            .map(|p| p.starts_with("aws apigateway create-deployment")),
        Some(true)
    );
    let now = moto.stage_deployment(&s.api).await;
    assert_ne!(now, before.1);
    assert_eq!(v["deployment_id"], now.as_str());
    assert_eq!(v["staleness"], "current");
    assert_eq!(
        moto.deployment_ids(&s.api).await.len(),
        before.0 + 1,
        "exactly one deployment"
    );
    let audit = std::fs::read_to_string(moto.home().join("audit.log")).unwrap();
    assert_eq!(audit.lines().count(), 2, "{audit}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_refuses_without_sending_a_request() {
    let moto = Moto::start();
    seed(&moto).await;
    let proxy = FaultProxy::start(&moto.endpoint);
    for args in [
        &[
            "--read-only",
            "deploy",
            "--api",
            "cli-api",
            "--stage",
            "prod",
            "--yes",
        ][..],
        &[
            "--read-only",
            "cors",
            "--api",
            "cli-api",
            "--path",
            "/orders",
            "--yes",
        ][..],
        &[
            "--read-only",
            "deploy",
            "--api",
            "cli-api",
            "--stage",
            "prod",
        ][..],
    ] {
        let out = moto.apigw_via(&proxy.endpoint).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("read-only mode"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    }
    assert_eq!(
        proxy.count(),
        0,
        "no request under --read-only: {:?}",
        proxy.requests()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_plan_apply_and_apply_again() {
    let moto = Moto::start();
    let s = seed(&moto).await;
    let v1 = moto.rest_client();
    let (code, out, err) = run(
        &moto,
        &[
            "cors",
            "--api",
            "cli-api",
            "--path",
            "/orders",
            "--origin",
            "https://app.example.com",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("aws apigateway put-method --rest-api-id"),
        "{out}"
    );
    assert!(
        out.contains(r#"'{"application/json":"{\"statusCode\": 200}"}'"#),
        "{out}"
    );
    let options = v1
        .get_method()
        .rest_api_id(&s.api)
        .resource_id(&s.orders)
        .http_method("OPTIONS")
        .send()
        .await;
    assert!(options.is_err(), "no --yes: OPTIONS not created");

    let (code, out, err) = run(
        &moto,
        &[
            "cors",
            "--api",
            "cli-api",
            "--path",
            "/orders",
            "--origin",
            "https://app.example.com",
            "--gateway-responses",
            "--yes",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}\n{out}");
    let v = json(&out);
    assert_eq!(v["applied"], true);
    assert_eq!(v["plan"].as_array().map(Vec::len), Some(6));
    assert_eq!(v["problems"], serde_json::json!([]));
    let opts = v["readback"]["resource"]["methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["http_method"] == "OPTIONS")
        .cloned()
        .unwrap();
    let ir = &opts["integration"]["integration_responses"][0]["response_parameters"];
    assert_eq!(
        ir["method.response.header.Access-Control-Allow-Methods"],
        "'GET,POST,OPTIONS'"
    );
    assert_eq!(
        v["readback"]["gateway_responses"].as_array().map(Vec::len),
        Some(2)
    );

    let (code, out, err) = run(
        &moto,
        &[
            "cors",
            "--api",
            "cli-api",
            "--path",
            "/orders",
            "--origin",
            "https://app.example.com",
            "--gateway-responses",
            "--yes",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["plan"], serde_json::json!([]));
    assert_eq!(v["applied"], false);
    assert!(
        v["notes"][0].as_str().unwrap().contains("nothing to do"),
        "{v}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_leaves_a_lambda_proxy_options_alone() {
    let moto = Moto::start();
    let s = seed(&moto).await;
    let (code, out, err) = run(
        &moto,
        &[
            "cors", "--api", "cli-api", "--path", "/hooks", "--yes", "--json",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("integration type AWS_PROXY, not MOCK"),
        "{err}"
    );
    assert_eq!(json(&out)["applied"], false);
    let m = moto
        .rest_client()
        .get_method()
        .rest_api_id(&s.api)
        .resource_id(&s.proxy)
        .http_method("OPTIONS")
        .send()
        .await
        .unwrap();
    assert_eq!(
        m.method_integration().and_then(|i| i.r#type()),
        Some(&IntegrationType::AwsProxy)
    );
}
