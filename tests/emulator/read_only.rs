//! Read-only mode (issue #8): with `--read-only` or `read_only = true` in the config,
//! `apigw deploy --yes` and `apigw cors --yes` are refused with a clear message and exit 2,
//! and not one mutating request (POST/PUT/PATCH/DELETE) leaves the process: counted at the
//! fault proxy between apigw and moto. A control run without read-only shows the proxy does
//! see the mutation when one is sent. The same in the TUI (in a pty): `D`/`C` and confirming
//! are refused in read-only mode, and a confirmed deploy is sent once even when Enter is
//! pressed repeatedly.

use crate::harness::pty;

use crate::harness::fault_proxy::rig::Rig;

const DEPLOY: &[&str] = &["deploy", "--api", "orders-api", "--stage", "prod", "--yes"];
const CORS: &[&str] = &["cors", "--api", "orders-api", "--path", "/orders", "--yes"];

fn assert_refused(what: &str, out: &std::process::Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{what}: {err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{what}: one line: {err}");
    assert!(lines[0].contains("read-only"), "{what}: says why: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
}

#[test]
fn read_only_flag_refuses_deploy_and_cors_without_sending_a_mutation() {
    let rig = Rig::start();
    for (what, args) in [("deploy", DEPLOY), ("cors", CORS)] {
        for json in [false, true] {
            let mut cmd = rig.apigw();
            cmd.arg("--read-only").args(args);
            if json {
                cmd.arg("--json");
            }
            let out = cmd.output().unwrap();
            assert_refused(what, &out);
        }
        // The flag is global: after the subcommand too.
        let out = rig.apigw().args(args).arg("--read-only").output().unwrap();
        assert_refused(what, &out);
    }
    assert_eq!(
        rig.proxy.mutating(),
        vec![],
        "no mutating request in read-only mode"
    );
}

#[test]
fn read_only_config_option_refuses_too() {
    let rig = Rig::start();
    let config = rig.moto.home().join("ro.toml");
    std::fs::write(&config, "read_only = true\n").unwrap();
    for (what, args) in [("deploy", DEPLOY), ("cors", CORS)] {
        let out = rig
            .apigw()
            .env("APIGW_CONFIG", &config)
            .args(args)
            .output()
            .unwrap();
        assert_refused(what, &out);
    }
    assert_eq!(rig.proxy.mutating(), vec![]);
}

#[test]
fn the_proxy_sees_mutations_when_they_are_allowed() {
    let rig = Rig::start();
    let audit = rig.moto.home().join("audit.log");
    // Without --yes: the plan only, nothing sent.
    rig.apigw()
        .args(&DEPLOY[..DEPLOY.len() - 1])
        .assert()
        .success();
    assert_eq!(rig.proxy.mutating(), vec![], "a plan sends nothing");
    // With --yes: exactly one CreateDeployment.
    rig.apigw()
        .env("APIGW_AUDIT_LOG", &audit)
        .args(DEPLOY)
        .assert()
        .success();
    let sent = rig.proxy.mutating();
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(sent[0].method, "POST");
    assert_eq!(
        sent[0].path(),
        format!("/restapis/{}/deployments", rig.api_id)
    );
}

/// Waits for the account, selects orders-api (the top row) and waits for its stage.
fn select_orders_prod(p: &pty::Pty) {
    p.wait_screen("orders-api");
    p.press_until("g", "Resources · orders-api");
    p.wait_screen("prod");
}

/// Tries the deploy dialog (`D`) and the CORS dialog (`C`) of the selected API until each
/// is refused, and presses Enter on each several times.
fn try_to_mutate(p: &pty::Pty) {
    for (dialog, refusal) in [
        ("D", "refusing to deploy"),
        ("C", "refusing to change CORS"),
    ] {
        p.press_until(dialog, refusal);
        p.keys(&["Enter", "Enter", "Enter"]);
        p.escape();
        p.wait_until("the refusal to be dismissed", |s| !s.contains(refusal));
    }
}

#[test]
fn the_tui_in_read_only_mode_sends_no_mutation() {
    let rig = Rig::start();
    let p = pty::start_live(&rig, "--read-only");
    select_orders_prod(&p);
    p.press_until("D", "refusing to deploy");
    try_to_mutate(&p);
    p.keys(&["q"]);
    p.wait_done("apigw to quit");
    assert_eq!(
        rig.proxy.mutating(),
        vec![],
        "no mutating request from the read-only TUI"
    );
    assert!(rig.proxy.count() > 0, "the TUI did load through the proxy");
}

#[test]
fn the_tui_sends_a_confirmed_deploy_once_however_often_enter_is_pressed() {
    let rig = Rig::start();
    let p = pty::start_live(&rig, "");
    select_orders_prod(&p);
    p.keys(&["D"]);
    p.wait_screen("Confirm");
    p.keys(&["Enter", "Enter", "Enter", "Enter"]);
    pty::wait_for("the deployment to be sent", pty::WAIT, || {
        !rig.proxy.mutating().is_empty()
    });
    // Enter is ignored while the deployment runs; once its result shows, Enter closes.
    p.wait_screen("[ Close ]");
    p.keys(&["Enter", "Enter"]);
    p.escape();
    p.keys(&["q"]);
    p.wait_done("apigw to quit");
    let sent = rig.proxy.mutating();
    assert_eq!(
        sent.len(),
        1,
        "one confirmation, one CreateDeployment: {sent:#?}"
    );
    assert_eq!(
        sent[0].path(),
        format!("/restapis/{}/deployments", rig.api_id)
    );
}

#[test]
fn a_mutation_is_not_sent_when_the_audit_log_cannot_be_written() {
    let rig = Rig::start();
    // A directory where the audit file should be: it cannot be appended to.
    let audit = rig.moto.home().to_path_buf();
    let out = rig
        .apigw()
        .env("APIGW_AUDIT_LOG", &audit)
        .args(DEPLOY)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains(&audit.display().to_string()),
        "names the audit log: {err}"
    );
    assert_eq!(
        rig.proxy.mutating(),
        vec![],
        "nothing sent without an audit record"
    );
}

#[test]
fn an_unusable_cache_directory_never_fails_a_command() {
    let rig = Rig::start();
    // A regular file where the cache directory should be.
    let not_a_dir = rig.moto.home().join("cache-file");
    std::fs::write(&not_a_dir, "x").unwrap();
    let out = rig
        .apigw()
        .env("XDG_CACHE_HOME", &not_a_dir)
        .arg("snapshot")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    apigw::snapshot::parse("stdout", &out.stdout).expect("the snapshot is complete");
}

#[test]
fn the_tui_does_not_resend_a_deploy_whose_answer_was_lost() {
    use crate::harness::fault_proxy::{Fault, Outcome, Rule, Schedule};
    let rig = Rig::start();
    let path = format!("/restapis/{}/deployments", rig.api_id);
    // CreateDeployment reaches moto, but the TUI only sees the connection reset.
    rig.proxy.add(
        Rule::new(Fault::DropAnswer, Schedule::FirstN(1))
            .on_method("POST")
            .on_path(&path),
    );
    let p = pty::start_live(&rig, "");
    select_orders_prod(&p);
    p.keys(&["D"]);
    p.wait_screen("Confirm");
    p.keys(&["Enter"]);
    p.wait_screen("✗");
    // What an impatient person does next: Enter again, r, Enter.
    p.keys(&["Enter", "r", "Enter", "r"]);
    p.wait_screen("inventory loaded");
    p.escape();
    p.keys(&["q"]);
    p.wait_done("apigw to quit");
    let sent = rig.proxy.mutating();
    assert_eq!(
        sent.len(),
        1,
        "sent again without a new confirmation: {sent:#?}"
    );
    assert_eq!(sent[0].outcome, Outcome::AnswerDropped(201));
}
