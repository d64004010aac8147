//! The deploy dialog after a confirmed deployment succeeded and the inventory was re-read:
//! it keeps showing what went live (not a re-plan of the now-current stage, which said
//! "already serves the working tree" and offered `[ Confirm ]` again) and offers Close.
//! Found driving the TUI in tmux against MiniStack (a session like
//! docs/walkthrough-stale-stage.md). Pure: no network.

use apigw::app::confirm::Phase;
use apigw::app::{update, Action, Command, Effect, Outcome, State};
use apigw::domain::model::Inventory;
use apigw::domain::plan::{ExecutionReport, Readback, StepStatus};
use apigw::domain::staleness::Staleness;
use apigw::keymap::Keymap;
use apigw::ui::{self, Ctx, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn loaded(s: &mut State, effects: &[Effect], inv: Inventory) {
    let Some(Effect::Load { req, .. }) = effects.first().cloned() else {
        panic!("expected a load effect, got {effects:?}");
    };
    update(
        s,
        Action::InventoryLoaded {
            req,
            result: Ok(Box::new(inv)),
            cached_at: None,
        },
    );
}

fn text(state: &State) -> String {
    text_with(state, &Keymap::defaults())
}

fn text_with(state: &State, keymap: &Keymap) -> String {
    let theme = Theme::default();
    let mut t = Terminal::new(TestBackend::new(160, 45)).expect("test terminal");
    t.draw(|f| {
        ui::draw(
            f,
            &Ctx {
                state,
                keymap,
                theme: &theme,
            },
        )
    })
    .expect("draw");
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The demo inventory with every REST deployment serving the working tree (what the
/// re-read after a deployment shows).
fn all_current() -> Inventory {
    let mut inv = apigw::demo::inventory();
    for api in &mut inv.rest_apis {
        let working = api.working_summary();
        for d in &mut api.deployments {
            d.summary = Some(working.clone());
        }
    }
    inv
}

#[test]
fn done_dialog_shows_what_went_live_and_offers_close() {
    let mut s = crate::app_builder::live_demo();
    update(&mut s, Action::Command(Command::Deploy));
    let before = text(&s);
    assert!(
        before.contains("What goes live:"),
        "demo stage is stale:\n{before}"
    );
    assert!(before.contains("[ Confirm ]"), "{before}");

    let sent = update(&mut s, Action::Command(Command::Submit));
    let [Effect::Execute { req, .. }] = sent.as_slice() else {
        panic!("one execution: {sent:?}");
    };
    let reread = update(
        &mut s,
        Action::PlanFinished {
            req: *req,
            result: Ok(Box::new(ExecutionReport {
                steps: vec![StepStatus::Done("d3p10y".into())],
                applied: true,
                readback: Readback {
                    deployment_id: Some("d3p10y".into()),
                    staleness: Some(Staleness::Current),
                    ..Readback::default()
                },
            })),
        },
    );
    loaded(&mut s, &reread, all_current());
    assert!(matches!(
        s.dialog().map(|d| &d.phase),
        Some(Phase::Done(Outcome::Executed(_)))
    ));

    let after = text(&s);
    assert!(
        after.contains("What goes live:"),
        "the executed plan stays:\n{after}"
    );
    assert!(after.contains("✓ applied and verified"), "{after}");
    assert!(after.contains("[ Close ]"), "{after}");
    assert!(
        after.contains("  description: [deployed with apigw]"),
        "the field is no longer editable (no cursor, no focus mark):\n{after}"
    );
    assert!(
        !after.contains("[ Confirm ]"),
        "no second confirm offered:\n{after}"
    );
    assert!(
        !after.contains("already serves the working tree"),
        "no re-plan of the now-current stage:\n{after}"
    );
    // Enter closes without sending anything.
    assert!(update(&mut s, Action::Command(Command::Submit)).is_empty());
    assert!(s.dialog().is_none());
}

/// Confirms the dialog that is open; returns the execution's request id.
fn confirm(s: &mut State) -> u64 {
    let sent = update(s, Action::Command(Command::Submit));
    let [Effect::Execute { req, .. }] = sent.as_slice() else {
        panic!("one execution: {sent:?}");
    };
    *req
}

fn progress(s: &mut State, req: u64, status: StepStatus) {
    update(
        s,
        Action::PlanProgress {
            req,
            step: 0,
            status,
        },
    );
}

#[test]
fn the_dialog_shows_each_step_then_the_typed_read_back() {
    let mut s = crate::app_builder::live_demo();
    update(&mut s, Action::Command(Command::Deploy));
    let req = confirm(&mut s);
    progress(&mut s, req, StepStatus::Running);
    let running = text(&s);
    assert!(running.contains("… CreateDeployment"), "{running}");
    assert!(
        running.contains("applying… (a second Enter does nothing)"),
        "{running}"
    );
    progress(&mut s, req, StepStatus::Done("d3p10y".into()));
    let sent = text(&s);
    assert!(sent.contains("✓ CreateDeployment: d3p10y"), "{sent}");
    assert!(
        !sent.contains("… CreateDeployment"),
        "the running line is replaced:\n{sent}"
    );
    let created = apigw::domain::model::Deployment {
        id: "d3p10y".into(),
        ..Default::default()
    };
    update(
        &mut s,
        Action::PlanFinished {
            req,
            result: Ok(Box::new(ExecutionReport {
                steps: vec![StepStatus::Done("d3p10y".into())],
                applied: true,
                readback: Readback {
                    deployment: Some(created),
                    deployment_id: Some("d3p10y".into()),
                    staleness: Some(Staleness::Current),
                    ..Readback::default()
                },
            })),
        },
    );
    let done = text(&s);
    assert!(
        done.contains("✓ applied and verified by reading back"),
        "{done}"
    );
    assert!(
        done.contains("read back: the stage now serves the new deployment d3p10y"),
        "{done}"
    );
    assert!(
        done.contains("read back: current: the stage serves the working tree"),
        "{done}"
    );
}

#[test]
fn a_read_back_that_disagrees_is_shown_with_each_problem_and_a_refusal_with_its_reason() {
    let mut s = crate::app_builder::live_demo();
    update(&mut s, Action::Command(Command::Deploy));
    let req = confirm(&mut s);
    let problem = "the stage serves x7y8z9 after the deployment, not the new deployment d3p10y";
    let reread = update(
        &mut s,
        Action::PlanFinished {
            req,
            result: Ok(Box::new(ExecutionReport {
                steps: vec![StepStatus::Done("d3p10y".into())],
                applied: true,
                readback: Readback {
                    deployment_id: Some("x7y8z9".into()),
                    staleness: Some(Staleness::Stale),
                    problems: vec![problem.into()],
                    ..Readback::default()
                },
            })),
        },
    );
    assert!(
        matches!(reread.first(), Some(Effect::Load { .. })),
        "something was applied: the inventory is re-read"
    );
    let done = text(&s);
    assert!(
        done.contains("✗ sent, but the read-back disagrees:"),
        "{done}"
    );
    assert!(done.contains(&format!("! {problem}")), "{done}");
    assert!(
        done.contains("read back: the stage now serves deployment x7y8z9"),
        "{done}"
    );
    assert!(done.contains("read back: still stale"), "{done}");

    update(&mut s, Action::Command(Command::Back));
    update(&mut s, Action::Command(Command::Deploy));
    let req = confirm(&mut s);
    let refused = "AccessDeniedException: not authorized to perform apigateway:POST";
    let nothing = update(
        &mut s,
        Action::PlanFinished {
            req,
            result: Ok(Box::new(ExecutionReport {
                steps: vec![StepStatus::Failed(refused.into())],
                applied: false,
                readback: Readback::default(),
            })),
        },
    );
    assert!(
        nothing.is_empty(),
        "nothing applied, nothing to re-read: {nothing:?}"
    );
    let done = text(&s);
    assert!(
        done.contains(&format!("✗ CreateDeployment: {refused}")),
        "{done}"
    );
    assert!(done.contains(&format!("✗ {refused}")), "{done}");
    assert!(!done.contains("read back:"), "{done}");
}

#[test]
fn after_a_cors_change_the_dialog_names_the_stages_to_deploy_with_the_users_keys() {
    let mut s = crate::app_builder::live_demo();
    crate::app_builder::select_api(&mut s, "k7lm2n9p4q");
    crate::app_builder::select_tree(&mut s, apigw::app::tree::TreeKey::node("/invoices"));
    update(&mut s, Action::Command(Command::Cors));
    let req = confirm(&mut s);
    let steps = s
        .dialog()
        .and_then(|d| d.executed.as_ref())
        .map_or(0, |p| p.steps.len());
    update(
        &mut s,
        Action::PlanFinished {
            req,
            result: Ok(Box::new(ExecutionReport {
                steps: vec![StepStatus::Done(String::new()); steps],
                applied: true,
                readback: Readback::default(),
            })),
        },
    );
    let done = text(&s);
    assert!(
        done.contains("Not live until deployed: Esc, then D on a stage (v1)"),
        "{done}"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("keys.toml");
    std::fs::write(
        &file,
        "[normal]\ndeploy = [\"ctrl-d\"]\n[input]\nback = [\"f10\"]\n",
    )
    .expect("write keymap");
    let km = Keymap::load(Some(&file)).expect("valid keymap");
    let done = text_with(&s, &km);
    assert!(
        done.contains("Not live until deployed: F10, then C-d on a stage (v1)"),
        "{done}"
    );
    assert!(done.contains("F10 closes"), "{done}");
}
