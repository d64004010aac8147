//! Runs Effects on tokio and feeds results back as Actions; never blocks the draw loop.
//! Terminal events are read on a blocking thread and sent over a channel; a ticker drives
//! spinners; every reply carries the request id it answers (stale ones are dropped by
//! `update`).

use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{self, Event};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

use crate::app::{self, Action, Effect, State};
use crate::config::Source;
use crate::domain::model::Inventory;
use crate::keymap::Keymap;
use crate::ui::{self, Ctx, Theme};

mod effects;

/// How the TUI was started.
#[derive(Debug, Clone)]
pub struct TuiOptions {
    pub source: Source,
    pub read_only: bool,
    pub no_cache: bool,
    /// A user keymap file merged over the defaults.
    pub keymap: Option<PathBuf>,
}

/// What the event loop receives.
#[derive(Debug)]
pub enum Msg {
    Term(Event),
    Action(Action),
    /// The effect runner's own background work (e.g. a live loader started).
    Runner(effects::RunnerMsg),
}

/// Runs the TUI until the user quits.
pub fn run_tui(rt: &tokio::runtime::Runtime, opts: TuiOptions) -> anyhow::Result<()> {
    // Everything that can fail with a clear message happens before the screen changes.
    let keymap = Keymap::load(opts.keymap.as_deref())?;
    let offline = offline_inventory(&opts.source)?;
    let mut guard = crate::tui::init()?;
    let (tx, rx) = unbounded_channel();
    spawn_input_thread(tx.clone());
    let mut state = State::new(opts.source.clone(), opts.read_only);
    let mut runner = effects::Runner::new(
        rt.handle().clone(),
        tx.clone(),
        offline,
        opts.no_cache,
        opts.source.clone(),
    );
    let result = rt.block_on(event_loop(
        &mut guard.terminal,
        &mut state,
        &keymap,
        &mut runner,
        rx,
        tx,
    ));
    drop(guard);
    result
}

/// The demo or snapshot inventory, read up front (a bad snapshot file exits with one line).
fn offline_inventory(source: &Source) -> anyhow::Result<Option<Inventory>> {
    Ok(match source {
        Source::Demo => Some(crate::demo::inventory()),
        Source::Snapshot(p) => Some(crate::snapshot::read(p)?.inventory),
        Source::Live(_) => None,
    })
}

/// Reads terminal events on a blocking thread; stops when the app is gone.
fn spawn_input_thread(tx: UnboundedSender<Msg>) {
    std::thread::spawn(move || loop {
        if tx.is_closed() {
            return;
        }
        match event::poll(Duration::from_millis(200)) {
            Ok(true) => match event::read() {
                Ok(ev) => {
                    if tx.send(Msg::Term(ev)).is_err() {
                        return;
                    }
                }
                Err(e) => {
                    tracing::warn!("terminal read failed: {e}");
                    return;
                }
            },
            Ok(false) => {}
            Err(e) => {
                tracing::warn!("terminal poll failed: {e}");
                return;
            }
        }
    });
}

/// Turns a terminal event into an action for the current mode.
pub fn event_action(state: &State, keymap: &Keymap, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) => keymap.action(app::mode(state), &k),
        Event::Paste(s) => Some(Action::Paste(s)),
        _ => None,
    }
}

async fn event_loop(
    terminal: &mut crate::tui::Term,
    state: &mut State,
    keymap: &Keymap,
    runner: &mut effects::Runner,
    mut rx: UnboundedReceiver<Msg>,
    tx: UnboundedSender<Msg>,
) -> anyhow::Result<()> {
    let theme = Theme::default();
    let mut pending = app::load::reload(state);
    let (fast_tx, fast) = tokio::sync::watch::channel(state.animating());
    let ticker = tokio::spawn(tick(tx, fast));
    // Test hook (tests/terminal_restore.rs): proves the panic hook restores the terminal.
    let forced_panic = std::env::var_os("APIGW_TEST_PANIC").is_some();
    let mut redraw = Redraw::default();
    loop {
        for effect in pending.drain(..) {
            if effect == Effect::Quit {
                ticker.abort();
                return Ok(());
            }
            runner.run(effect, terminal);
        }
        if redraw.due(state) {
            terminal.draw(|f| {
                if forced_panic {
                    panic!("APIGW_TEST_PANIC is set: forced panic in the first draw");
                }
                let cx = Ctx {
                    state,
                    keymap,
                    theme: &theme,
                };
                ui::draw(f, &cx);
            })?;
            redraw.done(state);
        }
        let Some(first) = rx.recv().await else {
            return Ok(());
        };
        // Drain what is queued so a burst of events costs one frame.
        let mut batch = vec![first];
        while let Ok(m) = rx.try_recv() {
            batch.push(m);
        }
        for msg in batch {
            pending.extend(handle(msg, state, keymap, runner, &mut redraw));
        }
        let animating = state.animating();
        fast_tx.send_if_modified(|fast| std::mem::replace(fast, animating) != animating);
    }
}

/// One message: a terminal event or an action goes through `update`; the runner's own
/// news goes to the runner.
fn handle(
    msg: Msg,
    state: &mut State,
    keymap: &Keymap,
    runner: &mut effects::Runner,
    redraw: &mut Redraw,
) -> Vec<Effect> {
    let action = match msg {
        Msg::Term(ev) => {
            // Keys, pastes and resizes all change what is on screen.
            redraw.changed = true;
            event_action(state, keymap, ev)
        }
        Msg::Action(a) => {
            redraw.changed |= !matches!(a, Action::Tick(_));
            Some(a)
        }
        Msg::Runner(m) => {
            runner.on(m);
            None
        }
    };
    action.map(|a| app::update(state, a)).unwrap_or_default()
}

/// Sends ticks: every 120 ms while something animates (`fast`), else once a second (the
/// clock of the ages shown). The loop draws for a tick only when the spinner turns or
/// the clock moved.
async fn tick(tx: UnboundedSender<Msg>, mut fast: tokio::sync::watch::Receiver<bool>) {
    loop {
        let period = if *fast.borrow_and_update() {
            Duration::from_millis(120)
        } else {
            Duration::from_secs(1)
        };
        tokio::select! {
            () = tokio::time::sleep(period) => {
                if tx.send(Msg::Action(Action::Tick(chrono::Utc::now()))).is_err() {
                    return;
                }
            }
            changed = fast.changed() => {
                if changed.is_err() {
                    return;
                }
            }
        }
    }
}

/// When the screen needs a new frame: after anything but a tick, and on a tick only while
/// a spinner turns or when the shortest age on screen (seconds) would read differently.
#[derive(Debug, Default)]
struct Redraw {
    changed: bool,
    drawn: bool,
    /// The clock (whole seconds) at the last frame.
    second: i64,
}

impl Redraw {
    fn due(&self, state: &State) -> bool {
        !self.drawn || self.changed || state.animating() || state.now().timestamp() != self.second
    }

    fn done(&mut self, state: &State) {
        self.drawn = true;
        self.changed = false;
        self.second = state.now().timestamp();
    }
}
