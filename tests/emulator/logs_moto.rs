//! `apigw logs` against moto's server: a stage's method settings, access log settings and
//! the account's CloudWatch role round-trip (set with the SDK, read by apigw); `--enable
//! --yes` turns INFO on and the read-back proves it; without a CloudWatch role, under
//! `--read-only`, and for an unknown API or stage nothing is sent (requests counted at the
//! fault proxy between apigw and moto). moto implements GetAccount/UpdateAccount and the
//! `/*/*/logging/…` stage patches, so no call here needs aws-smithy-mocks.

use std::process::Output;

use crate::harness::fault_proxy::rig::Rig;
use crate::harness::Moto;
use aws_sdk_apigateway::types::{Op, PatchOperation};
use serde_json::Value;

const ROLE: &str = "arn:aws:iam::123456789012:role/APIGatewayCloudWatchLogs";
const ACCESS: &str = "arn:aws:logs:us-east-1:123456789012:log-group:orders-access";

fn op(path: &str, value: &str) -> PatchOperation {
    PatchOperation::builder()
        .op(Op::Replace)
        .path(path)
        .value(value)
        .build()
}

/// Stage prod of orders-api: ERROR + metrics for every method, GET /orders OFF, access
/// logs to a log group; and (when `role`) the account's CloudWatch role.
async fn configure(moto: &Moto, api: &str, role: bool) {
    let v1 = moto.rest_client();
    v1.update_stage()
        .rest_api_id(api)
        .stage_name("prod")
        .patch_operations(op("/*/*/logging/loglevel", "ERROR"))
        .patch_operations(op("/*/*/metrics/enabled", "true"))
        .patch_operations(op("/~1orders/GET/logging/loglevel", "OFF"))
        .patch_operations(op("/accessLogSettings/destinationArn", ACCESS))
        .patch_operations(op("/accessLogSettings/format", "$context.requestId"))
        .send()
        .await
        .expect("update_stage");
    if role {
        v1.update_account()
            .patch_operations(op("/cloudwatchRoleArn", ROLE))
            .send()
            .await
            .expect("update_account");
    }
}

async fn level_now(moto: &Moto, api: &str) -> Option<String> {
    let st = moto
        .rest_client()
        .get_stage()
        .rest_api_id(api)
        .stage_name("prod")
        .send()
        .await
        .expect("get_stage");
    st.method_settings()
        .and_then(|m| m.get("*/*"))
        .and_then(|m| m.logging_level())
        .map(str::to_string)
}

fn rig_with(role: bool) -> Rig {
    let rig = Rig::start();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(configure(&rig.moto, &rig.api_id, role));
    rig.proxy.clear_log();
    rig
}

fn logs(rig: &Rig, args: &[&str]) -> Output {
    rig.apigw()
        .env("APIGW_AUDIT_LOG", rig.moto.home().join("audit.log"))
        .arg("logs")
        .args(args)
        .output()
        .unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn stderr_line(o: &Output, code: i32, says: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {err}");
    assert!(lines[0].contains(says), "says `{says}`: {err}");
}

#[test]
fn method_settings_access_logs_and_the_cloudwatch_role_round_trip() {
    let rig = rig_with(true);
    // The library reads them into the domain model…
    rig.moto.set_process_env();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (stage, account) = rt.block_on(async {
        let c = apigw::aws::client::build(&rig.target()).await.unwrap();
        let (inv, api) = apigw::aws::mutate::load_api(&c, "orders-api")
            .await
            .unwrap();
        let st = inv
            .rest_api(&api.id)
            .unwrap()
            .stage("prod")
            .unwrap()
            .clone();
        (st, apigw::aws::mutate::account_settings(&c).await.unwrap())
    });
    assert_eq!(stage.log_level(), apigw::domain::model::LogLevel::Error);
    assert!(stage.metrics_enabled && !stage.data_trace_enabled);
    let over = stage
        .method_logging
        .get("~1orders/GET")
        .expect("the override");
    assert_eq!(over.level, Some(apigw::domain::model::LogLevel::Off));
    assert_eq!(stage.access_log_destination.as_deref(), Some(ACCESS));
    assert_eq!(
        stage.access_log_format.as_deref(),
        Some("$context.requestId")
    );
    assert_eq!(account.cloudwatch_role_arn.as_deref(), Some(ROLE));
    // …and `apigw logs` shows them.
    let o = logs(&rig, &["--api", "orders-api", "--stage", "prod", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["level"], "ERROR");
    assert_eq!(v["metrics"], true);
    assert_eq!(v["data_trace"], false);
    assert_eq!(v["method_overrides"]["~1orders/GET"]["level"], "OFF");
    assert_eq!(v["cloudwatch_role"], ROLE);
    assert_eq!(v["access_log_destination"], ACCESS);
    let group = format!("API-Gateway-Execution-Logs_{}/prod", rig.api_id);
    assert_eq!(v["log_group"], group.as_str());
    assert_eq!(
        v["tail"],
        format!("aws logs tail {group} --follow --region us-east-1").as_str()
    );
    assert_eq!(
        (&v["plan"], &v["applied"]),
        (&Value::Array(vec![]), &Value::Bool(false))
    );
    let human = logs(&rig, &["--api", "orders-api", "--stage", "prod"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("ERROR") && text.contains(ROLE) && text.contains("aws logs tail"),
        "{text}"
    );
    assert!(rig.proxy.mutating().is_empty(), "showing changes nothing");
}

#[test]
fn enable_yes_turns_info_on_once_and_the_read_back_proves_it() {
    let rig = rig_with(true);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let args = [
        "--api",
        "orders-api",
        "--stage",
        "prod",
        "--enable",
        "--json",
    ];
    let dry = logs(&rig, &args);
    assert_eq!(dry.status.code(), Some(0));
    let v = json(&dry);
    assert_eq!(v["applied"], false);
    let line = v["plan"][0].as_str().unwrap_or_default().to_string();
    assert!(
        line.contains("update-stage")
            && line.contains("/*/*/logging/loglevel")
            && line.contains("INFO"),
        "{v}"
    );
    assert!(rig.proxy.mutating().is_empty(), "a dry run sends nothing");
    assert_eq!(
        rt.block_on(level_now(&rig.moto, &rig.api_id)).as_deref(),
        Some("ERROR")
    );

    let mut yes = args.to_vec();
    yes.push("--yes");
    let o = logs(&rig, &yes);
    let v = json(&o);
    assert_eq!(o.status.code(), Some(0), "{v}");
    assert_eq!(v["applied"], true, "{v}");
    assert_eq!(v["level"], "INFO", "reported from the read-back: {v}");
    assert_eq!(v["problems"], Value::Array(vec![]), "{v}");
    let patches: Vec<_> = rig.proxy.mutating();
    assert_eq!(patches.len(), 1, "one update-stage: {patches:?}");
    assert_eq!(patches[0].method, "PATCH");
    assert_eq!(
        rt.block_on(level_now(&rig.moto, &rig.api_id)).as_deref(),
        Some("INFO")
    );
    let audit = std::fs::read_to_string(rig.moto.home().join("audit.log")).unwrap_or_default();
    assert!(
        audit.contains("UpdateStage") && audit.contains("\"done\""),
        "{audit}"
    );

    // Applied again: nothing to do, nothing sent.
    rig.proxy.clear_log();
    let again = logs(&rig, &yes);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(json(&again)["plan"], Value::Array(vec![]));
    assert!(rig.proxy.mutating().is_empty());
}

#[test]
fn without_a_cloudwatch_role_enable_is_refused_with_the_fix_and_nothing_is_sent() {
    let rig = rig_with(false);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let o = logs(
        &rig,
        &[
            "--api",
            "orders-api",
            "--stage",
            "prod",
            "--enable",
            "--yes",
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    stderr_line(&o, 1, "no CloudWatch Logs role in us-east-1");
    assert!(
        out.contains(
            "aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn"
        ),
        "{out}"
    );
    assert!(
        out.contains("AmazonAPIGatewayPushToCloudWatchLogs"),
        "{out}"
    );
    assert!(rig.proxy.mutating().is_empty(), "nothing sent");
    assert_eq!(
        rt.block_on(level_now(&rig.moto, &rig.api_id)).as_deref(),
        Some("ERROR")
    );
    let j = logs(
        &rig,
        &[
            "--api",
            "orders-api",
            "--stage",
            "prod",
            "--enable",
            "--yes",
            "--json",
        ],
    );
    assert_eq!(j.status.code(), Some(1));
    let v = json(&j);
    assert_eq!(v["cloudwatch_role"], Value::Null);
    assert!(
        v["refused"]
            .as_str()
            .unwrap_or_default()
            .contains("CloudWatch"),
        "{v}"
    );
    assert!(v["fix"].as_array().is_some_and(|f| f.len() >= 2), "{v}");
}

#[test]
fn read_only_refuses_enable_before_any_request_and_still_shows() {
    let rig = rig_with(true);
    let o = rig
        .apigw()
        .args([
            "--read-only",
            "logs",
            "--api",
            "orders-api",
            "--stage",
            "prod",
            "--enable",
            "--yes",
        ])
        .output()
        .unwrap();
    stderr_line(&o, 2, "read-only");
    assert_eq!(rig.proxy.count(), 0, "refused before any request");
    let o = rig
        .apigw()
        .args([
            "--read-only",
            "logs",
            "--api",
            "orders-api",
            "--stage",
            "prod",
        ])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(rig.proxy.mutating().is_empty());
}

#[test]
fn an_unknown_api_or_stage_is_bad_usage_naming_the_nearest() {
    let rig = rig_with(true);
    let o = logs(&rig, &["--api", "orders-apj", "--stage", "prod"]);
    stderr_line(&o, 2, "nearest: orders-api");
    let o = logs(
        &rig,
        &["--api", "orders-api", "--stage", "prd", "--enable", "--yes"],
    );
    stderr_line(&o, 2, "nearest: prod");
    assert!(rig.proxy.mutating().is_empty());
}
