//! `apigw probe` against a local fake of API Gateway (tests/harness/fake_gateway.rs),
//! reached with `--connect-to`; the prediction comes from `--demo` (or a snapshot of it).
//! Agreeing and disagreeing answers, SigV4 for AWS_IAM methods (verified by the fake),
//! `--yes` for methods that may change something, `--read-only`, and every way nothing can
//! be sent (exit 2, one line).

use std::process::Output;

use crate::harness::fake_gateway::{
    creds_env, Route, SigCheck, ACCESS_KEY, SECRET_KEY, SESSION_TOKEN,
};
use crate::harness::FakeGateway;
use serde_json::Value;

const BASE: &str = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com";
const HOST: &str = "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com";

/// The demo's orders-api as the fake serves it: /prod/health, IAM /prod/admin/*, IAM
/// DELETE /prod/orders/* (not /prod/orders/{id}/items: the disagreeing case).
fn gateway() -> FakeGateway {
    FakeGateway::start(vec![
        Route::ok("GET", "/prod/health"),
        Route::ok("ANY", "/prod/admin/*").iam(),
        Route::ok("DELETE", "/prod/orders/*").iam(),
    ])
}

/// `apigw` with an isolated HOME/AWS config and the fake gateway's credentials.
fn apigw(home: &tempfile::TempDir) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("apigw").expect("apigw binary");
    for k in [
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "APIGW_CONFIG",
        "APIGW_PROBE_TIMEOUT_MS",
    ] {
        c.env_remove(k);
    }
    let p = |s: &str| home.path().join(s).display().to_string();
    c.env("HOME", home.path())
        .env("AWS_CONFIG_FILE", p("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", p("aws-credentials"))
        .env("XDG_CONFIG_HOME", p("config"))
        .env("XDG_CACHE_HOME", p("cache"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .envs(creds_env())
        .timeout(std::time::Duration::from_secs(120));
    c
}

fn probe(home: &tempfile::TempDir, gw: &FakeGateway, args: &[&str]) -> Output {
    apigw(home)
        .arg("--demo")
        .arg("probe")
        .args(args)
        .args(["--connect-to", &gw.endpoint])
        .output()
        .expect("apigw runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", text(o)))
}

/// Exit 2 and exactly one line on stderr.
fn assert_one_line_exit_2(o: &Output, says: &str) {
    let (out, err) = text(o);
    assert_eq!(o.status.code(), Some(2), "stdout {out} stderr {err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {err}");
    assert!(lines[0].contains(says), "says `{says}`: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_served_path_agrees_with_a_prediction_that_it_reaches_the_integration() {
    let (home, gw) = (tempfile::tempdir().unwrap(), gateway());
    let key = "x-api-key: probe-key-value-0123456789";
    let o = probe(&home, &gw, &["-H", key, &format!("{BASE}/prod/health")]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(!out.contains("probe-key-value") && !err.contains("probe-key-value"));
    assert!(out.contains("reaches the integration"), "{out}");
    assert!(out.contains("200"), "{out}");
    assert!(out.contains("fake-req-1"), "request id shown: {out}");
    assert!(out.contains("agrees"), "{out}");
    let seen = gw.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, "/prod/health");
    assert_eq!(seen[0].header("host"), Some(HOST), "the URL's Host is kept");
    assert_eq!(
        seen[0].signature,
        SigCheck::Unsigned,
        "a NONE method is not signed"
    );
    assert_eq!(
        seen[0].header("x-api-key"),
        Some("probe-key-value-0123456789"),
        "-H headers are sent"
    );
}

#[test]
fn an_unknown_path_answers_missing_authentication_token_as_predicted_in_the_cli_md_json() {
    let (home, gw) = (tempfile::tempdir().unwrap(), gateway());
    let o = probe(&home, &gw, &[&format!("{BASE}/prod/nowhere?x=1"), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let v = json(&o);
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["actual", "agrees", "predicted"]);
    let a = &v["actual"];
    let mut akeys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
    akeys.sort_unstable();
    assert_eq!(
        akeys,
        [
            "elapsed_ms",
            "error_type",
            "message",
            "request_id",
            "status"
        ]
    );
    assert_eq!(a["status"], 403);
    assert_eq!(a["error_type"], "MissingAuthenticationTokenException");
    assert_eq!(a["message"], "Missing Authentication Token");
    assert_eq!(a["request_id"], "fake-req-1");
    assert!(a["elapsed_ms"].is_u64());
    assert_eq!(v["predicted"]["reason"], "no_resource");
    assert_eq!(v["predicted"]["status"], 403);
    assert_eq!(v["agrees"], true);
    assert_eq!(gw.requests()[0].target, "/prod/nowhere?x=1");
}

#[test]
fn a_head_probe_agrees_on_status_and_error_type_without_a_body() {
    let (home, gw) = (tempfile::tempdir().unwrap(), gateway());
    let o = probe(
        &home,
        &gw,
        &["-X", "HEAD", &format!("{BASE}/prod/nowhere"), "--json"],
    );
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let v = json(&o);
    assert_eq!(v["actual"]["message"], Value::Null, "no body for HEAD");
    assert_eq!(v["agrees"], true);
    assert_eq!(gw.requests()[0].method, "HEAD");
}

#[test]
fn a_route_the_gateway_does_not_serve_differs_loudly_with_what_to_do() {
    let (home, gw) = (tempfile::tempdir().unwrap(), gateway());
    let url = format!("{BASE}/prod/orders/42/items");
    let o = probe(&home, &gw, &[&url]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
    assert!(out.contains("DIFFERS"), "{out}");
    assert!(
        out.contains("✗ differs"),
        "the differing rows are marked: {out}"
    );
    assert!(
        out.contains(&format!("apigw match -X GET {url}")),
        "refresh first: {out}"
    );
    assert!(
        out.contains("report it") && out.contains("fake-req-1"),
        "evidence: {out}"
    );
    let j = probe(&home, &gw, &[&url, "--json"]);
    assert_eq!(j.status.code(), Some(1));
    let v = json(&j);
    assert_eq!(v["agrees"], false);
    assert_eq!(v["predicted"]["reason"], "matched");
    assert_eq!(v["actual"]["status"], 403);
}

#[test]
fn an_iam_method_is_signed_for_execute_api_with_the_urls_host_and_no_secret_is_printed() {
    let (home, gw) = (tempfile::tempdir().unwrap(), gateway());
    for json_flag in [false, true] {
        let mut args = vec![format!("{BASE}/prod/admin/users")];
        if json_flag {
            args.push("--json".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = probe(&home, &gw, &args);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
        for secret in [SECRET_KEY, SESSION_TOKEN, ACCESS_KEY, "Signature="] {
            assert!(
                !out.contains(secret) && !err.contains(secret),
                "{secret} leaked"
            );
        }
    }
    let seen = gw.requests();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s.signature, SigCheck::Valid, "{s:?}");
        assert_eq!(s.header("host"), Some(HOST));
        let auth = s.header("authorization").unwrap_or_default();
        assert!(
            auth.contains("/eu-west-1/execute-api/aws4_request"),
            "credential scope: {auth}"
        );
        assert_eq!(s.header("x-amz-security-token"), Some(SESSION_TOKEN));
    }
}

#[test]
fn a_signature_that_does_not_verify_is_refused_and_shown_as_a_difference() {
    let (home, gw) = (tempfile::tempdir().unwrap(), gateway());
    // The person's own (forged) signature: apigw does not re-sign it.
    let forged = format!("Authorization: AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/20260101/eu-west-1/execute-api/aws4_request, SignedHeaders=host, Signature=00");
    let o = probe(
        &home,
        &gw,
        &["-H", &forged, &format!("{BASE}/prod/admin/users"), "--json"],
    );
    assert_eq!(o.status.code(), Some(1), "{:?}", text(&o));
    let v = json(&o);
    assert_eq!(v["actual"]["error_type"], "InvalidSignatureException");
    assert!(matches!(gw.requests()[0].signature, SigCheck::Invalid(_)));
}

#[test]
fn methods_that_may_change_something_are_sent_only_with_yes() {
    let (home, gw) = (tempfile::tempdir().unwrap(), gateway());
    let url = format!("{BASE}/prod/orders/42");
    let o = probe(&home, &gw, &["-X", "DELETE", &url]);
    assert_one_line_exit_2(&o, "--yes");
    assert!(gw.requests().is_empty(), "nothing sent without --yes");
    let o = probe(&home, &gw, &["-X", "DELETE", &url, "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let seen = gw.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "DELETE");
    assert_eq!(
        seen[0].signature,
        SigCheck::Valid,
        "DELETE /orders/{{id}} is AWS_IAM"
    );
}

#[test]
fn read_only_refuses_methods_that_may_change_something_but_not_get() {
    let (home, gw) = (tempfile::tempdir().unwrap(), gateway());
    let url = format!("{BASE}/prod/orders/42");
    let o = apigw(&home)
        .args([
            "--demo",
            "--read-only",
            "probe",
            "-X",
            "POST",
            &url,
            "--yes",
        ])
        .args(["--connect-to", &gw.endpoint])
        .output()
        .unwrap();
    assert_one_line_exit_2(&o, "read-only");
    assert!(gw.requests().is_empty());
    let o = apigw(&home)
        .args([
            "--demo",
            "--read-only",
            "probe",
            &format!("{BASE}/prod/health"),
        ])
        .args(["--connect-to", &gw.endpoint])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    assert_eq!(gw.requests().len(), 1);
}

#[test]
fn a_probe_that_cannot_connect_exits_2_with_one_line() {
    let home = tempfile::tempdir().unwrap();
    let port = crate::harness::emulator::free_port();
    let o = apigw(&home)
        .args(["--demo", "probe", &format!("{BASE}/prod/health")])
        .args(["--connect-to", &format!("http://127.0.0.1:{port}")])
        .output()
        .unwrap();
    assert_one_line_exit_2(&o, "cannot reach 127.0.0.1");
    assert!(o.stdout.is_empty());
}

#[test]
fn a_gateway_that_never_answers_times_out_with_one_line() {
    let (home, gw) = (tempfile::tempdir().unwrap(), FakeGateway::black_hole());
    let o = apigw(&home)
        .env("APIGW_PROBE_TIMEOUT_MS", "400")
        .args(["--demo", "probe", &format!("{BASE}/prod/health")])
        .args(["--connect-to", &gw.endpoint])
        .output()
        .unwrap();
    assert_one_line_exit_2(&o, "timed out");
    assert_eq!(
        gw.requests().len(),
        1,
        "the request did reach the black hole"
    );
}

#[test]
fn bad_urls_and_plain_http_with_credentials_are_refused_before_anything_is_sent() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        apigw(&home)
            .args(["--demo", "probe"])
            .args(args)
            .output()
            .unwrap()
    };
    assert_one_line_exit_2(&run(&["/prod/health"]), "full URL");
    assert_one_line_exit_2(
        &run(&[
            &format!("{BASE}/prod/health"),
            "--connect-to",
            "http://127.0.0.1:1/x",
        ]),
        "--connect-to",
    );
    let plain = format!("http://{HOST}/prod/admin/users");
    assert_one_line_exit_2(&run(&[&plain]), "plain HTTP");
}

#[test]
fn signing_without_credentials_exits_2_saying_so() {
    let (home, gw) = (tempfile::tempdir().unwrap(), gateway());
    let o = apigw(&home)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .args(["--demo", "probe", &format!("{BASE}/prod/admin/users")])
        .args(["--connect-to", &gw.endpoint])
        .output()
        .unwrap();
    assert_one_line_exit_2(&o, "credentials");
    assert!(gw.requests().is_empty());
}

#[test]
fn the_prediction_can_come_from_a_snapshot() {
    let (home, gw) = (tempfile::tempdir().unwrap(), gateway());
    let file = home.path().join("demo-snapshot.json");
    let o = apigw(&home)
        .args(["--demo", "snapshot", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let o = apigw(&home)
        .arg("--snapshot")
        .arg(&file)
        .args(["probe", &format!("{BASE}/prod/admin/users"), "--json"])
        .args(["--connect-to", &gw.endpoint])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    assert_eq!(json(&o)["agrees"], true);
    assert_eq!(gw.requests()[0].signature, SigCheck::Valid);
}
