//! Stale stage → `apigw deploy` → current, end to end against MiniStack (which, unlike
//! moto, records each REST deployment's `apiSummary`, so the deployed state is really read
//! back rather than mocked): `apigw stages --json` says `stale` with the added method,
//! `apigw match` says `not_deployed` for it, one `apigw deploy --yes` creates exactly one
//! deployment, after which the stage is `current` and the route `matched`.

use crate::harness::seed::{Auth, Seed, SeededRest};
use crate::harness::MiniStack;
use serde_json::Value;

const API: &str = "stale-api";

/// stale-api: GET /orders, GET /orders/{orderId} (API key) deployed to `prod`.
async fn seed(ms: &MiniStack) -> SeededRest {
    Seed::rest(API)
        .resource("/orders")
        .method("GET", Auth::None)
        .resource("/orders/{orderId}")
        .method("GET", Auth::None)
        .api_key()
        .deploy_described("prod", "first")
        .create(ms)
        .await
}

/// `POST /orders/{orderId}/refunds`, added after the deployment (not live yet).
async fn add_refunds(ms: &MiniStack, s: &SeededRest) {
    s.more()
        .resource("/orders/{orderId}/refunds")
        .method("POST", Auth::None)
        .create(ms)
        .await;
}

fn run(ms: &MiniStack, args: &[&str]) -> (i32, Value, String) {
    let out = ms
        .apigw()
        .env("APIGW_AUDIT_LOG", ms.home().join("audit.log"))
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let v = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {stdout}\nstderr: {stderr}"));
    (out.status.code().unwrap_or(-1), v, stderr)
}

fn stages(ms: &MiniStack) -> Value {
    let (code, v, err) = run(ms, &["stages", "--api", API, "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    v[0].clone()
}

fn match_refund(ms: &MiniStack, api: &str) -> (i32, Value) {
    let url = format!("https://{api}.execute-api.us-east-1.amazonaws.com/prod/orders/42/refunds");
    let (code, v, _) = run(ms, &["match", "-X", "POST", &url, "--json"]);
    (code, v)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn freshly_deployed_stage_is_current() {
    let ms = MiniStack::start();
    let s = seed(&ms).await;
    let row = stages(&ms);
    assert_eq!(row["staleness"], "current", "{row}");
    assert_eq!(row["changes"], Value::Array(vec![]));
    assert_eq!(
        row["deployment_id"],
        ms.stage_deployment(&s.id).await.as_str()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_stage_deploy_makes_it_current_and_the_route_live() {
    let ms = MiniStack::start();
    let s = seed(&ms).await;
    add_refunds(&ms, &s).await;

    // Stale, with exactly the added method.
    let row = stages(&ms);
    assert_eq!(row["staleness"], "stale", "{row}");
    let changes = row["changes"].as_array().expect("changes array");
    assert_eq!(changes.len(), 1, "{row}");
    assert_eq!(changes[0]["change"], "added");
    assert_eq!(changes[0]["method"], "POST");
    assert_eq!(changes[0]["path"], "/orders/{orderId}/refunds");

    // The new route is in the working tree but not live.
    let (code, v) = match_refund(&ms, &s.id);
    assert_eq!(v["reason"], "not_deployed", "{v}");
    assert_eq!(code, 1, "the gateway rejects it: {v}");

    let before = ms.deployment_ids(&s.id).await;
    let old = ms.stage_deployment(&s.id).await;
    let (code, v, err) = run(
        &ms,
        &[
            "deploy",
            "--api",
            API,
            "--stage",
            "prod",
            "--description",
            "refunds",
            "--yes",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}\n{v}");
    assert_eq!(v["applied"], true, "{v}");
    let plan = v["plan"][0].as_str().unwrap_or_default();
    assert!(
        plan.starts_with(&format!(
            "aws apigateway create-deployment --rest-api-id {} --stage-name prod",
            s.id
        )),
        "{v}"
    );

    // Exactly one new deployment, and the stage points at it.
    let after = ms.deployment_ids(&s.id).await;
    assert_eq!(after.len(), before.len() + 1, "{before:?} → {after:?}");
    let new: Vec<_> = after.iter().filter(|d| !before.contains(d)).collect();
    assert_eq!(new.len(), 1, "{before:?} → {after:?}");
    let now = ms.stage_deployment(&s.id).await;
    assert_ne!(now, old);
    assert_eq!(&now, new[0]);
    assert_eq!(v["deployment_id"], now.as_str(), "{v}");
    assert_eq!(v["staleness"], "current", "{v}");

    // Read back independently: current, no changes, and the route is live.
    let row = stages(&ms);
    assert_eq!(row["staleness"], "current", "{row}");
    assert_eq!(row["deployment_id"], now.as_str());
    assert_eq!(row["changes"], Value::Array(vec![]));
    let (code, v) = match_refund(&ms, &s.id);
    assert_eq!(v["reason"], "matched", "{v}");
    assert_eq!(v["matched_method"], "POST");
    assert_eq!(v["resource"], "/orders/{orderId}/refunds");
    assert_eq!(code, 0, "{v}");
}
