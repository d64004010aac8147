//! Unknown names are bad usage (CLI.md): exit 2 and one line naming the nearest existing
//! ones; a refusal on the merits stays exit 1.

use super::*;

/// Runs `apigw --snapshot <configured()> args…`: (exit status, stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("inv.json");
    let snap = apigw::snapshot::Snapshot::new("test", configured());
    apigw::snapshot::write(&file, &snap).unwrap();
    let out = apigw(home.path())
        .arg("--snapshot")
        .arg(&file)
        .args(args)
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// Exit 2 with exactly one stderr line containing each of `names`.
fn bad_usage(args: &[&str], names: &[&str]) {
    let (code, out, err) = run(args);
    assert_eq!(code, Some(2), "{args:?}: {out}{err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{args:?}: one line: {err}");
    for n in names {
        assert!(lines[0].contains(n), "{args:?}: names {n}: {err}");
    }
}

#[test]
fn deploy_to_an_unknown_stage_is_exit_2_naming_the_nearest_stages() {
    bad_usage(
        &["deploy", "--api", "orders-api", "--stage", "prdo"],
        &["stage prdo", "nearest: prod, staging"],
    );
    bad_usage(
        &["deploy", "--api", "orders-api", "--stage", "prdo", "--json"],
        &["prod"],
    );
}

#[test]
fn an_unknown_api_is_exit_2_naming_the_nearest_apis_in_every_subcommand() {
    let near = "nearest: orders-api (a1b2c3d4e5)";
    bad_usage(
        &["deploy", "--api", "order-api", "--stage", "prod"],
        &[near],
    );
    bad_usage(
        &["cors", "--api", "order-api", "--path", "/orders"],
        &[near],
    );
    bad_usage(&["stages", "--api", "order-api"], &[near]);
    bad_usage(&["stages", "--api", "order-api", "--json"], &[near]);
}

#[test]
fn cors_on_an_unknown_path_is_exit_2_naming_the_nearest_resources() {
    bad_usage(
        &["cors", "--api", "orders-api", "--path", "/order", "--json"],
        &["no resource /order", "nearest: /orders"],
    );
}

#[test]
fn a_non_mock_options_stays_a_refusal_with_exit_1() {
    let (code, out, err) = run(&[
        "cors",
        "--api",
        "orders-api",
        "--path",
        "/orders/{orderId}",
        "--json",
    ]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(err.contains("not MOCK"), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["applied"], false);
    assert_eq!(v["plan"], serde_json::json!([]));
}
