//! `apigw match --source-ip / --vpce / --markdown` on the bundled demo (CLI.md "Caller
//! context, Markdown"): the caller decides resource-policy conditions, bad values are one
//! line and exit 2, and the key / policy verdicts of the demo account.

use assert_cmd::Command;
use serde_json::Value;

fn apigw() -> Command {
    let mut c = Command::cargo_bin("apigw").expect("the apigw binary is built by cargo test");
    c.env("NO_COLOR", "1")
        .env_remove("AWS_PROFILE")
        .arg("--demo");
    c
}

fn json(args: &[&str]) -> (Value, Option<i32>) {
    let out = apigw()
        .args(["match", "--json"])
        .args(args)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (v, out.status.code())
}

const INVOICE: &str = "https://api.example.com/v1/billing/invoices/42";

#[test]
fn source_ip_decides_the_demo_policy_condition() {
    let (v, code) = json(&["--source-ip", "203.0.113.9", INVOICE]);
    assert_eq!(v["reason"], "policy_denied");
    assert_eq!(v["status"], 403);
    assert_eq!(v["error_type"], "AccessDeniedException");
    assert_eq!(code, Some(1));
    let (v, code) = json(&["--source-ip", "10.20.30.40", INVOICE]);
    assert_eq!(
        (v["reason"].as_str(), v["confidence"].as_str()),
        (Some("matched"), Some("certain"))
    );
    assert_eq!(code, Some(0));
    let (v, _) = json(&[INVOICE]);
    assert_eq!(v["confidence"], "likely");
    assert!(v["explanation"]
        .as_str()
        .unwrap_or("")
        .contains("--source-ip"));
}

#[test]
fn a_bad_source_ip_is_one_line_and_exit_2() {
    for bad in ["not-an-ip", "10.0.0.0/8", "", "999.1.1.1"] {
        let out = apigw()
            .args(["match", "--source-ip", bad, INVOICE])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{bad}: {err}");
        assert!(err.contains("--source-ip"), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_bad_vpce_is_one_line_and_exit_2() {
    let out = apigw()
        .args(["match", "--vpce", "vpce 1; rm", INVOICE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("--vpce"), "{err}");
}

#[test]
fn markdown_prints_the_report_with_the_fix_in_a_code_block() {
    let out = apigw()
        .args([
            "match",
            "--markdown",
            "-H",
            "x-api-key: demo-legacy-mobile-key-0002",
            "https://api.example.com/orders/orders",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let md = String::from_utf8_lossy(&out.stdout);
    for s in [
        "## apigw:",
        "### Chain",
        "| stage | `prod`",
        "`api_key_disabled`",
        "```sh\naws apigateway update-api-key --api-key k3y0tw0efg",
        "x-api-key: <redacted>",
    ] {
        assert!(md.contains(s), "{s}:\n{md}");
    }
    assert!(!md.contains("demo-legacy-mobile-key-0002"));
}

#[test]
fn markdown_and_json_cannot_be_combined() {
    let out = apigw()
        .args(["match", "--markdown", "--json", INVOICE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_demo_shows_each_key_verdict() {
    let url = "https://api.example.com/orders/orders";
    for (value, reason) in [
        ("demo-partner-web-key-0001", "matched"),
        ("demo-legacy-mobile-key-0002", "api_key_disabled"),
        ("demo-qa-sandbox-key-0003", "api_key_not_in_plan"),
        ("some-other-value", "api_key_unknown"),
    ] {
        let h = format!("x-api-key: {value}");
        let (v, _) = json(&["-H", &h, url]);
        assert_eq!(v["reason"], reason, "{value}: {}", v["explanation"]);
    }
    let (v, _) = json(&[
        "-H",
        "x-api-key: demo-qa-sandbox-key-0003",
        "https://internal.example.com/orders/1/items",
    ]);
    assert_ne!(v["reason"], "api_key_unknown");
}

#[test]
fn stdin_lines_use_the_caller_context_too() {
    let out = apigw()
        .args(["match", "--stdin", "--json", "--source-ip", "203.0.113.9"])
        .write_stdin(format!("GET {INVOICE}\nGET {INVOICE}\n"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.lines()
            .filter(|l| l.contains("\"policy_denied\""))
            .count(),
        2,
        "{text}"
    );
}
