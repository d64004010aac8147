//! The deploy dialog after a confirmed deployment succeeded and the inventory was re-read:
//! it keeps showing what went live (not a re-plan of the now-current stage, which said
//! "already serves the working tree" and offered `[ Confirm ]` again) and offers Close.
//! Found driving the TUI in tmux against MiniStack (a session like
//! docs/walkthrough-stale-stage.md). Pure: no network.

use apigw::app::confirm::Phase;
use apigw::app::{update, Action, Command, Effect, State};
use apigw::config::{LiveTarget, Source};
use apigw::domain::model::Inventory;
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
    let (keymap, theme) = (Keymap::defaults(), Theme::default());
    let mut t = Terminal::new(TestBackend::new(160, 45)).expect("test terminal");
    t.draw(|f| {
        ui::draw(
            f,
            &Ctx {
                state,
                keymap: &keymap,
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
    let mut s = State::new(Source::Demo, false);
    let first = apigw::app::load::reload(&mut s);
    loaded(&mut s, &first, apigw::demo::inventory());
    s.source = Source::Live(LiveTarget::default());
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
            result: Ok("applied and verified".into()),
        },
    );
    loaded(&mut s, &reread, all_current());
    assert!(matches!(
        s.dialog.as_ref().map(|d| &d.phase),
        Some(Phase::Done(Ok(_)))
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
    assert!(s.dialog.is_none());
}
