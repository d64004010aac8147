//! `apigw match` on the bundled demo: the CLI.md JSON shape, exit codes and --stdin.

use assert_cmd::Command;
use serde_json::Value;

fn apigw() -> Command {
    let mut c = Command::cargo_bin("apigw").expect("the apigw binary is built by cargo test");
    c.env("NO_COLOR", "1").env_remove("AWS_PROFILE");
    c
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

const KEYS: &[&str] = &[
    "url",
    "method",
    "status",
    "message",
    "error_type",
    "reason",
    "confidence",
    "api",
    "stage",
    "domain",
    "resource",
    "route_key",
    "matched_method",
    "path_params",
    "authorization",
    "explanation",
    "suggestions",
];

#[test]
fn match_json_has_exactly_the_cli_md_keys_and_exit_0_when_matched() {
    let out = apigw()
        .args([
            "--demo",
            "match",
            "https://api.example.com/orders/orders/42/items",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&out.stdout);
    let obj = v.as_object().expect("an object");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut want = KEYS.to_vec();
    want.sort_unstable();
    assert_eq!(keys, want);
    assert_eq!(v["reason"], "matched");
    assert_eq!(v["status"], Value::Null);
    assert_eq!(v["api"]["protocol"], "REST");
    assert_eq!(v["domain"]["mapping"], "orders");
    assert_eq!(v["path_params"]["orderId"], "42");
    assert_eq!(v["authorization"]["type"], "NONE");
}

#[test]
fn match_exits_1_when_the_gateway_rejects_with_method_and_headers() {
    let out = apigw()
        .args([
            "--demo",
            "match",
            "-X",
            "DELETE",
            "-H",
            "Authorization: Bearer x",
            "https://api.example.com/orders/orders/42",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out.stdout);
    assert_eq!(v["method"], "DELETE");
    assert_eq!(v["reason"], "iam_unsigned");
    assert_eq!(v["status"], 403);
    assert_eq!(v["authorization"]["type"], "AWS_IAM");
}

#[test]
fn match_unsigned_iam_without_headers_is_missing_authentication_token() {
    let out = apigw()
        .args([
            "--demo",
            "match",
            "--request",
            "DELETE",
            "https://api.example.com/orders/orders/42",
            "--json",
        ])
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    assert_eq!(v["message"], "Missing Authentication Token");
    assert_eq!(v["error_type"], "MissingAuthenticationTokenException");
}

#[test]
fn match_bad_usage_exits_2_with_one_line_on_stderr() {
    let out = apigw()
        .args([
            "--demo",
            "match",
            "-H",
            "no-colon",
            "https://api.example.com/",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("bad header"));
    let out = apigw()
        .args(["--snapshot", "/nonexistent/x.json", "match", "https://a/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn match_human_output_names_status_reason_and_fix() {
    let out = apigw()
        .args([
            "--demo",
            "match",
            "-X",
            "POST",
            "https://api.example.com/orders/orders/42/refunds",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("403 Missing Authentication Token"), "{text}");
    assert!(text.contains("not_deployed"));
    assert!(text.contains("create-deployment"));
    assert!(
        !text.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn match_stdin_streams_json_lines_and_exits_2_on_a_malformed_line() {
    let input = "GET https://api.example.com/pay/payments\nPOST https://api.example.com/orders/orders/1/refunds\n\nnot a url at all\nhttps://api.example.com/pay/nope\n";
    let out = apigw()
        .args(["--demo", "match", "--stdin", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| json_of(l.as_bytes()))
        .collect();
    assert_eq!(lines.len(), 4, "one object per non-empty line");
    assert_eq!(lines[0]["reason"], "matched");
    assert_eq!(lines[1]["reason"], "not_deployed");
    assert!(lines[2]["error"].is_string());
    assert!(lines[2].get("reason").is_none());
    assert_eq!(lines[3]["route_key"], "$default");
}

#[test]
fn match_stdin_exits_0_when_every_line_parses_even_if_rejected() {
    let input = "GET https://api.example.com/nope\nhttps://api.example.com/orders/orders/1/items\n";
    let out = apigw()
        .args(["--demo", "match", "--stdin", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
}
