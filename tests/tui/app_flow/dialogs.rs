//! Deploy, rollback and CORS dialogs, read-only refusals, the palette and the keymap.

use super::*;

/// What the runtime reports after a deployment that AWS accepted and the read-back
/// confirmed: the stage serves the new deployment `id`.
fn deployed_report(id: &str) -> apigw::domain::plan::ExecutionReport {
    use apigw::domain::plan::{ExecutionReport, Readback, StepStatus};
    ExecutionReport {
        steps: vec![StepStatus::Done(id.into())],
        applied: true,
        readback: Readback {
            deployment_id: Some(id.into()),
            staleness: Some(apigw::domain::staleness::Staleness::Current),
            ..Readback::default()
        },
    }
}

#[test]
fn read_only_refuses_deploy_and_cors_with_a_message() {
    let mut s = crate::app_builder::demo_read_only();
    assert!(cmd(&mut s, Command::Deploy).is_empty());
    assert!(s.dialog().is_none());
    let m = s.message().cloned().expect("a refusal message");
    assert!(m.error && m.text.contains("read-only"), "{m:?}");
    select_tree(&mut s, TreeKey::node("/orders"));
    assert!(cmd(&mut s, Command::Cors).is_empty());
    assert!(s.dialog().is_none());
}

#[test]
fn demo_deploy_shows_the_plan_but_never_executes() {
    let mut s = demo();
    cmd(&mut s, Command::Deploy);
    let d = s.dialog().cloned().expect("the deploy dialog opens");
    let plan = d.plan(s.inventory()).expect("a deploy plan");
    let cli = plan.cli_lines().join("\n");
    assert!(
        cli.contains("aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod"),
        "{cli}"
    );
    assert!(
        plan.diff
            .iter()
            .any(|c| c.path == "/orders/{orderId}/refunds"),
        "{:?}",
        plan.diff
    );
    let effects = cmd(&mut s, Command::Submit);
    assert!(
        effects.is_empty(),
        "offline sources never execute: {effects:?}"
    );
    let d = s.dialog().cloned().expect("dialog stays to show why");
    assert!(
        matches!(&d.phase, apigw::app::confirm::Phase::Done(apigw::app::Outcome::Refused(e)) if e.contains("read-only; run against an account"))
    );
}

#[test]
fn live_confirm_sends_once_and_a_second_enter_does_nothing() {
    let mut s = crate::app_builder::live_demo();
    cmd(&mut s, Command::Deploy);
    typed(&mut s, " v2");
    let first = cmd(&mut s, Command::Submit);
    let [Effect::Execute { req, plan }] = first.as_slice() else {
        panic!("one execution: {first:?}");
    };
    assert!(
        plan.cli_lines()
            .join(" ")
            .contains("deployed with apigw v2"),
        "{:?}",
        plan.cli_lines()
    );
    assert!(
        cmd(&mut s, Command::Submit).is_empty(),
        "second confirm while running"
    );
    // A reply for another request is ignored; the right one finishes and re-reads.
    update(
        &mut s,
        Action::PlanFinished {
            req: req + 100,
            result: Ok(Box::new(deployed_report("x"))),
        },
    );
    assert!(matches!(
        s.dialog().map(|d| &d.phase),
        Some(apigw::app::confirm::Phase::Running)
    ));
    let after = update(
        &mut s,
        Action::PlanFinished {
            req: *req,
            result: Ok(Box::new(deployed_report("d3p10y"))),
        },
    );
    assert!(
        matches!(after.first(), Some(Effect::Load { .. })),
        "verifies by re-reading: {after:?}"
    );
}

#[test]
fn cors_dialog_edits_origin_and_checkbox_into_the_plan() {
    let mut s = demo();
    cmd(&mut s, Command::Down); // legacy-billing
    select_tree(&mut s, TreeKey::node("/invoices"));
    cmd(&mut s, Command::Cors);
    let d = s.dialog().cloned().expect("cors dialog");
    assert!(d.title.contains("/invoices"));
    for _ in 0..1 {
        update(&mut s, Action::Backspace);
    }
    typed(&mut s, "https://app.example.com");
    cmd(&mut s, Command::NextField);
    update(&mut s, Action::Input(' '));
    let plan = s
        .dialog()
        .and_then(|d| d.plan(s.inventory()).ok())
        .map(|p| p.cli_lines().join("\n"))
        .unwrap_or_default();
    assert!(plan.contains("https://app.example.com"), "{plan}");
    assert!(plan.contains("DEFAULT_4XX"), "{plan}");
    cmd(&mut s, Command::Back);
    assert!(s.dialog().is_none());
}

#[test]
fn palette_on_demo_explains_that_profiles_need_a_live_account() {
    let mut s = demo();
    cmd(&mut s, Command::Palette);
    assert_eq!(apigw::app::mode(&s), Mode::Palette);
    typed(&mut s, "region us-east-1");
    let effects = cmd(&mut s, Command::Submit);
    assert!(effects.is_empty());
    assert!(s
        .message()
        .is_some_and(|m| m.error && m.text.contains("offline")));
}

#[test]
fn palette_switches_region_in_live_mode_and_reloads() {
    let mut s = State::new(Source::Live(LiveTarget::default()), false);
    let effects = cmd(&mut s, Command::Palette);
    assert_eq!(effects, vec![Effect::ListProfiles]);
    update(&mut s, Action::Profiles(vec!["prod".into(), "dev".into()]));
    typed(&mut s, "profile dev");
    let effects = cmd(&mut s, Command::Submit);
    let Some(Effect::Load {
        target: Some(t), ..
    }) = effects.first()
    else {
        panic!("{effects:?}");
    };
    assert_eq!(t.profile.as_deref(), Some("dev"));
}

#[test]
fn keymap_user_file_overrides_and_bad_keys_name_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("keys.toml");
    std::fs::write(&good, "[normal]\nquit = [\"x\"]\n").expect("write");
    let km = apigw::keymap::Keymap::load(Some(&good)).expect("valid user keymap");
    let x = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('x'));
    assert_eq!(
        km.action(Mode::Normal, &x),
        Some(Action::Command(Command::Quit))
    );
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[normal]\nquit = [\"ctrl-nope\"]\n").expect("write");
    let err = apigw::keymap::Keymap::load(Some(&bad))
        .expect_err("bad key")
        .to_string();
    assert!(
        err.contains("bad.toml") && err.contains("ctrl-nope"),
        "{err}"
    );
    std::fs::write(&bad, "[normal]\nlaunch = [\"x\"]\n").expect("write");
    let err = apigw::keymap::Keymap::load(Some(&bad))
        .expect_err("unknown command")
        .to_string();
    assert!(err.contains("bad.toml") && err.contains("launch"), "{err}");
}

#[test]
fn rollback_defaults_to_the_previous_deployment_and_arrows_choose_another() {
    let mut s = crate::app_builder::live_demo();
    cmd(&mut s, Command::Rollback);
    let d = s.dialog().cloned().expect("rollback dialog");
    assert_eq!(
        d.field, "q1w2e3",
        "prod serves x7y8z9; the one before it is offered"
    );
    cmd(&mut s, Command::Up);
    assert_eq!(s.dialog().map(|d| d.field.as_str()), Some("x7y8z9"));
    cmd(&mut s, Command::Down);
    let d = s.dialog().cloned().expect("dialog");
    let plan = d.plan(s.inventory()).expect("rollback plan");
    let cli = plan.cli_lines().join("\n");
    assert!(
        cli.contains("update-stage") && cli.contains("q1w2e3"),
        "{cli}"
    );
    let effects = cmd(&mut s, Command::Submit);
    assert!(
        matches!(effects.as_slice(), [Effect::Execute { .. }]),
        "{effects:?}"
    );
}

#[test]
fn read_only_refuses_rollback() {
    let mut s = crate::app_builder::demo_read_only();
    assert!(cmd(&mut s, Command::Rollback).is_empty());
    assert!(s.dialog().is_none());
    assert!(s
        .message()
        .is_some_and(|m| m.error && m.text.contains("read-only")));
}
