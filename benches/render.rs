//! Time to handle one keystroke and draw one frame of the demo at 200×60 (TestBackend, so
//! the terminal's own speed is not measured).

#[path = "support/synth.rs"]
mod synth;

use std::hint::black_box;

use apigw::app::{update, Action, Command, Effect, State};
use apigw::config::Source;
use apigw::keymap::Keymap;
use apigw::ui::{self, Ctx, Theme};
use criterion::{criterion_group, criterion_main, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn demo() -> State {
    loaded(apigw::demo::inventory())
}

fn loaded(inv: apigw::domain::model::Inventory) -> State {
    let mut s = State::new(Source::Demo, false);
    let effects = apigw::app::load::reload(&mut s);
    if let Some(Effect::Load { req, .. }) = effects.first().cloned() {
        update(
            &mut s,
            Action::InventoryLoaded {
                req,
                result: Ok(Box::new(inv)),
                cached_at: None,
            },
        );
    }
    s
}

fn keystroke_and_frame(c: &mut Criterion) {
    let keymap = Keymap::defaults();
    let theme = Theme::default();
    let mut state = demo();
    // Apis → Stages → Resources
    update(&mut state, Action::Command(Command::NextPane));
    update(&mut state, Action::Command(Command::NextPane));
    let mut term = match Terminal::new(TestBackend::new(200, 60)) {
        Ok(t) => t,
        Err(e) => panic!("test backend: {e}"),
    };
    let mut down = true;
    c.bench_function("keystroke_and_frame_200x60", |b| {
        b.iter(|| {
            let cmd = if down { Command::Down } else { Command::Up };
            down = !down;
            black_box(update(&mut state, Action::Command(cmd)));
            let r = term.draw(|f| {
                ui::draw(
                    f,
                    &Ctx {
                        state: &state,
                        keymap: &keymap,
                        theme: &theme,
                    },
                )
            });
            black_box(r.is_ok());
        })
    });
    let mut state = demo();
    update(&mut state, Action::Command(Command::FocusUrl));
    update(
        &mut state,
        Action::Paste("https://api.example.com/orders/orders/4".into()),
    );
    let mut typed = false;
    c.bench_function("url_keystroke_and_frame_200x60", |b| {
        b.iter(|| {
            // Alternately types `2` and deletes it: one evaluated keystroke per frame.
            let key = if typed {
                Action::Backspace
            } else {
                Action::Input('2')
            };
            typed = !typed;
            black_box(update(&mut state, key));
            let r = term.draw(|f| {
                ui::draw(
                    f,
                    &Ctx {
                        state: &state,
                        keymap: &keymap,
                        theme: &theme,
                    },
                )
            });
            black_box(r.is_ok());
        })
    });
}

/// What an idle TUI pays when the clock moves: one frame of the large synthetic account
/// (50 REST APIs × ~300 resources) at 200×60, tree focused, nothing re-derived.
fn idle_frame_large_account(c: &mut Criterion) {
    let keymap = Keymap::defaults();
    let theme = Theme::default();
    let mut state = loaded(synth::large_account());
    update(&mut state, Action::Command(Command::NextPane));
    update(&mut state, Action::Command(Command::NextPane));
    let mut term = match Terminal::new(TestBackend::new(200, 60)) {
        Ok(t) => t,
        Err(e) => panic!("test backend: {e}"),
    };
    c.bench_function("idle_frame_large_account_200x60", |b| {
        b.iter(|| {
            black_box(update(&mut state, Action::Tick(chrono::Utc::now())));
            let r = term.draw(|f| {
                ui::draw(
                    f,
                    &Ctx {
                        state: &state,
                        keymap: &keymap,
                        theme: &theme,
                    },
                )
            });
            black_box(r.is_ok());
        })
    });
}

criterion_group!(benches, keystroke_and_frame, idle_frame_large_account);
criterion_main!(benches);
