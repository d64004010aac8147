//! N keystroke+frame iterations of a render scenario at 200×60, for instruction counts
//! under callgrind, which do not vary with the machine's load the way timings do:
//!
//! ```sh
//! cargo build --release --example frame_cost
//! for n in 0 100; do valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!   target/release/examples/frame_cost tree $n 2>&1 | grep Collected; done
//! ```
//!
//! (Collected(100) − Collected(0)) / 100 is one iteration. Scenarios: `tree` (Down/Up in
//! the demo's tree), `url` (a keystroke in the URL bar, verdict included), `large` (an idle
//! tick and frame of the large synthetic account).

#[path = "../benches/support/synth.rs"]
mod synth;
use apigw::app::{update, Action, Command, Effect, State};
use apigw::config::Source;
use apigw::keymap::Keymap;
use apigw::ui::{self, Ctx, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

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

fn main() {
    let mut args = std::env::args().skip(1);
    let scenario = args.next().unwrap_or_default();
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let keymap = Keymap::defaults();
    let theme = Theme::default();
    let Ok(mut term) = Terminal::new(TestBackend::new(200, 60));
    let large = scenario == "large";
    let mut state = loaded(if large {
        synth::large_account()
    } else {
        apigw::demo::inventory()
    });
    match scenario.as_str() {
        "url" => {
            update(&mut state, Action::Command(Command::FocusUrl));
            update(
                &mut state,
                Action::Paste("https://api.example.com/orders/orders/4".into()),
            );
        }
        _ => {
            update(&mut state, Action::Command(Command::NextPane));
            update(&mut state, Action::Command(Command::NextPane));
        }
    }
    let draw = |term: &mut Terminal<TestBackend>, state: &State| {
        let cx = Ctx {
            state,
            keymap: &keymap,
            theme: &theme,
        };
        if let Err(e) = term.draw(|f| ui::draw(f, &cx)) {
            eprintln!("frame_cost: {e}");
        }
    };
    draw(&mut term, &state);
    for i in 0..n {
        let a = match scenario.as_str() {
            "url" => {
                if i % 2 == 0 {
                    Action::Input('2')
                } else {
                    Action::Backspace
                }
            }
            "large" => Action::Tick(chrono::Utc::now()),
            _ => Action::Command(if i % 2 == 0 {
                Command::Down
            } else {
                Command::Up
            }),
        };
        update(&mut state, a);
        draw(&mut term, &state);
    }
}
