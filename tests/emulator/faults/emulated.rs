//! apigw against moto with the fault proxy in between:
//! `apigw → FaultProxy → GapFiller → moto`.

use std::path::Path;
use std::time::Duration;

use apigw::domain::load::PartKind;

use crate::harness::fault_proxy::rig::Rig;
use crate::harness::fault_proxy::{DieMode, Fault, Outcome, Rule, Schedule};

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_one_clean_line(stderr: &str) {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line on stderr, got: {stderr}");
    assert!(lines[0].starts_with("apigw: error: "), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn throttling_is_retried_with_backoff_until_the_load_completes() {
    let rig = Rig::start();
    // The first six requests (the whole first wave and some of its retries) are throttled.
    rig.proxy
        .add(Rule::new(Fault::Throttle, Schedule::FirstN(6)));
    // And the first two reads of the REST API's resources, later in the load.
    rig.proxy
        .add(Rule::new(Fault::Throttle, Schedule::FirstN(2)).on_path("/resources"));
    let file = rig.moto.home().join("inv.json");
    rig.apigw()
        .args(["snapshot", "-o"])
        .arg(&file)
        .assert()
        .success();
    let snap = apigw::snapshot::read(&file).unwrap();
    let orders = snap
        .inventory
        .rest_api(&rig.api_id)
        .expect("orders-api loaded");
    assert!(orders.resource_by_path("/orders").is_some());
    assert_eq!(snap.inventory.http_apis.len(), 1);
    let log = rig.proxy.requests();
    assert_eq!(rig.proxy.count_outcome(&Outcome::Throttled), 8, "{log:#?}");
    // Every throttled request was sent again and then answered.
    for (i, r) in log
        .iter()
        .enumerate()
        .filter(|(_, r)| r.outcome == Outcome::Throttled)
    {
        let retried = log[i + 1..].iter().any(|l| {
            l.target == r.target && l.method == r.method && l.outcome == Outcome::Forwarded(200)
        });
        assert!(
            retried,
            "{} {} was throttled and never retried",
            r.method, r.target
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persistent_5xx_on_one_part_names_that_part_and_keeps_the_others() {
    let rig = tokio::task::block_in_place(Rig::start);
    rig.moto.set_process_env();
    let stages = format!("/restapis/{}/stages", rig.api_id);
    rig.proxy
        .add(Rule::new(Fault::ServerError(500), Schedule::Always).on_path(&stages));
    let report = apigw::aws::load_report(&rig.target()).await;
    let failed: Vec<PartKind> = report.failed.iter().map(|(k, _)| k.kind).collect();
    assert_eq!(failed, vec![PartKind::Stages], "{:?}", report.failed);
    assert_eq!(report.inventory.issues.len(), 1);
    assert_eq!(
        report.inventory.issues[0].part,
        format!("orders-api ({}): stages", rig.api_id)
    );
    let orders = report
        .inventory
        .rest_api(&rig.api_id)
        .expect("the API list is kept");
    assert!(
        orders.resource_by_path("/orders").is_some(),
        "resources are kept"
    );
    assert!(!orders.deployments.is_empty(), "deployments are kept");
    assert_eq!(report.inventory.http_apis.len(), 1, "the HTTP API is kept");
    // The SDK retried the 5xx before giving up.
    let hits = rig
        .proxy
        .requests()
        .iter()
        .filter(|r| r.path() == stages)
        .count();
    assert!(hits > 1, "5xx was not retried ({hits} request)");

    // The CLI says the same in one line and exits 2.
    let out = tokio::task::block_in_place(|| rig.apigw().arg("snapshot").output()).unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert_one_clean_line(&err);
    assert!(
        err.contains("orders-api") && err.contains("stages"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "no partial snapshot on stdout");
}

#[test]
fn an_endpoint_that_dies_mid_load_never_replaces_a_good_snapshot() {
    let rig = Rig::start();
    let file = rig.moto.home().join("inv.json");
    rig.apigw()
        .args(["snapshot", "-o"])
        .arg(&file)
        .assert()
        .success();
    let good = std::fs::read(&file).unwrap();
    let full = rig.proxy.count();
    assert!(full >= 6, "a whole load takes several requests ({full})");
    let before = files_in(rig.moto.home());

    for mode in [DieMode::Close, DieMode::Hang] {
        rig.proxy.clear_log();
        rig.proxy.die_after(full / 2, mode);
        // Short timeouts: the default ones are exercised by the black-hole test below.
        let out = rig
            .apigw()
            .env("APIGW_ATTEMPT_TIMEOUT_MS", "2000")
            .env("APIGW_OPERATION_TIMEOUT_MS", "6000")
            .args(["snapshot", "-o"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{mode:?}: {}", stderr_of(&out));
        assert_one_clean_line(&stderr_of(&out));
        assert_eq!(
            std::fs::read(&file).unwrap(),
            good,
            "{mode:?}: the good file was replaced"
        );
        assert_eq!(
            files_in(rig.moto.home()),
            before,
            "{mode:?}: temp files left behind"
        );
        rig.proxy.clear();
    }
}

#[test]
fn a_black_hole_endpoint_ends_with_a_timeout_error() {
    let rig = Rig::start();
    rig.proxy.die_after(0, DieMode::Hang);
    let out = rig.apigw().arg("snapshot").output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_one_clean_line(&err);
    assert!(err.contains("timed out"), "{err}");
    assert!(rig.proxy.count_outcome(&Outcome::Hung) > 0);
}

#[test]
fn connection_resets_and_a_slow_endpoint_are_survived() {
    let rig = Rig::start();
    rig.proxy
        .add(Rule::new(Fault::Reset, Schedule::EveryNth(5)));
    rig.proxy.add(Rule::new(
        Fault::Delay(Duration::from_millis(300)),
        Schedule::Always,
    ));
    rig.proxy
        .add(Rule::new(Fault::ServerError(503), Schedule::FirstN(2)).on_path("/v2/apis"));
    let out = rig.apigw().arg("snapshot").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let snap = apigw::snapshot::parse("stdout", &out.stdout).unwrap();
    assert!(snap.inventory.rest_api(&rig.api_id).is_some());
    assert_eq!(snap.inventory.http_apis.len(), 1);
    assert!(rig.proxy.count_outcome(&Outcome::Reset) >= 1);
    assert_eq!(rig.proxy.count_outcome(&Outcome::ServerError(503)), 2);
}

#[test]
fn a_deploy_whose_answer_is_lost_is_not_sent_twice() {
    let rig = Rig::start();
    let path = format!("/restapis/{}/deployments", rig.api_id);
    // CreateDeployment reaches moto (a deployment is made), but apigw only sees a reset.
    rig.proxy.add(
        Rule::new(Fault::DropAnswer, Schedule::FirstN(1))
            .on_method("POST")
            .on_path(&path),
    );
    let audit = rig.moto.home().join("audit.log");
    let out = rig
        .apigw()
        .env("APIGW_AUDIT_LOG", &audit)
        .args(["deploy", "--api", "orders-api", "--stage", "prod", "--yes"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{:?} {err}",
        out.status
    );
    let posts = rig.proxy.mutating();
    assert_eq!(
        posts.len(),
        1,
        "CreateDeployment was sent again after its answer was lost (a retry must re-read \
         first): {posts:#?}"
    );
    assert_eq!(posts[0].outcome, Outcome::AnswerDropped(201));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let deployments = rt.block_on(async {
        let r = rig
            .moto
            .rest_client()
            .get_deployments()
            .rest_api_id(&rig.api_id)
            .send()
            .await;
        r.unwrap().items().len()
    });
    assert_eq!(
        deployments, 2,
        "the seeded deployment and exactly one new one"
    );
    let audit_text = std::fs::read_to_string(&audit).unwrap_or_default();
    assert!(
        audit_text.contains("CreateDeployment"),
        "the attempt is audited: {audit_text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_answers_fail_their_part_and_nothing_panics() {
    let rig = tokio::task::block_in_place(Rig::start);
    rig.moto.set_process_env();
    let id = &rig.api_id;
    let body = |s: &str| Fault::Body(200, s.to_string());
    // HTML where JSON was expected, truncated JSON, and JSON of the wrong shape.
    rig.proxy.add(
        Rule::new(
            body("<html><body>502 Bad Gateway</body></html>"),
            Schedule::Always,
        )
        .on_path("/v2/apis"),
    );
    rig.proxy.add(
        Rule::new(
            body("{\"item\": [{\"id\": \"r1\", \"path\": \"/"),
            Schedule::Always,
        )
        .on_path("/resources"),
    );
    rig.proxy.add(
        Rule::new(body("{\"item\": {\"stageName\": 42}}"), Schedule::Always)
            .on_path(&format!("/restapis/{id}/stages")),
    );
    let report = apigw::aws::load_report(&rig.target()).await;
    let mut failed: Vec<PartKind> = report.failed.iter().map(|(k, _)| k.kind).collect();
    failed.sort();
    failed.dedup();
    assert!(failed.contains(&PartKind::HttpApis), "{:?}", report.failed);
    assert!(failed.contains(&PartKind::Resources), "{:?}", report.failed);
    assert!(failed.contains(&PartKind::Stages), "{:?}", report.failed);
    assert!(
        report.inventory.rest_api(id).is_some(),
        "the REST API list is kept"
    );
    for (_, e) in &report.failed {
        assert!(
            !e.message.is_empty() && !e.message.contains('\n'),
            "one line: {e:?}"
        );
    }
    let out = tokio::task::block_in_place(|| rig.apigw().arg("snapshot").output()).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_clean_line(&stderr_of(&out));
}

/// `apigw stages --json` staleness of orders-api/prod, with this fault on the read of the
/// deployed state (GetDeployment `embed=apisummary`).
fn staleness_with(fault: Option<Fault>) -> String {
    let rig = Rig::start();
    if let Some(f) = fault {
        rig.proxy
            .add(Rule::new(f, Schedule::Always).on_path("embed=apisummary"));
    }
    let out = rig.apigw().args(["stages", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let prod = v
        .as_array()
        .and_then(|a| a.iter().find(|s| s["stage"] == "prod"))
        .unwrap_or_else(|| panic!("no prod stage in {v}"));
    assert!(rig.proxy.count_outcome(&Outcome::Forwarded(200)) > 0);
    prod["staleness"].as_str().unwrap_or_default().to_string()
}

#[test]
fn staleness_is_unknown_never_current_when_the_deployed_state_cannot_be_read() {
    // Control: a deployed state equal to the working tree reads as current.
    let same = r#"{"id":"d1","apiSummary":{"/orders":{"GET":{"authorizationType":"NONE","apiKeyRequired":false}}}}"#;
    assert_eq!(
        staleness_with(Some(Fault::Body(200, same.into()))),
        "current"
    );
    for (what, fault) in [
        ("5xx", Fault::ServerError(500)),
        ("throttled", Fault::Throttle),
        ("no summary", Fault::Body(200, r#"{"id":"d1"}"#.into())),
        ("garbage", Fault::Body(200, "<html>".into())),
    ] {
        assert_eq!(staleness_with(Some(fault)), "unknown", "{what}");
    }
}
