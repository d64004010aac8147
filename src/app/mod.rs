//! Application state machine: `update(&mut State, Action) -> Vec<Effect>`. No I/O: slow
//! work is an [`Effect`] the runtime performs, and its answer comes back as an [`Action`].
//! This file only dispatches; each concern lives in its own module.

pub mod action;
pub mod caller;
pub mod confirm;
pub mod cors_defaults;
pub mod effect;
pub mod filter;
pub mod focus;
pub mod hint;
pub mod load;
pub mod logs;
pub mod matching;
pub mod nav;
pub mod outcome;
pub mod palette;
pub mod policy_view;
pub mod probe;
mod read;
pub mod remote;
pub mod report;
pub mod rows;
pub mod stale;
pub mod state;
pub mod tree;
pub mod url_bar;
pub mod view;
pub mod yank;

pub use action::{Action, Command};
pub use effect::Effect;
pub use focus::Pane;
pub use hint::{Hint, HintPart};
pub use outcome::{NotSent, Outcome};
pub use remote::{Failure, PaneStatus, Remote};
pub use state::{Message, State};
pub use view::ViewModel;

/// What keys mean right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Typing a filter for the focused pane.
    Filter,
    Url,
    Palette,
    Dialog,
    Help,
}

impl Mode {
    /// Modes where printable keys are text, not commands.
    pub fn is_text(self) -> bool {
        !matches!(self, Self::Normal | Self::Help)
    }
}

pub fn mode(state: &State) -> Mode {
    if state.dialog.is_some() {
        Mode::Dialog
    } else if state.palette.is_some() {
        Mode::Palette
    } else if state.help {
        Mode::Help
    } else if state.focus == Pane::Url {
        Mode::Url
    } else if state.editing_filter {
        Mode::Filter
    } else {
        Mode::Normal
    }
}

/// The one place state changes. Afterwards the view model is brought up to date with
/// whatever the action changed; a tick only moves the clock and the spinner.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    if let Action::Tick(now) = action {
        state.now = now;
        state.tick = state.tick.wrapping_add(1);
        return Vec::new();
    }
    let mut effects = dispatch(state, action);
    effects.extend(url_bar::wants(state));
    view::sync(state);
    policy_view::sync(state);
    effects
}

fn dispatch(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Tick(_) => Vec::new(),
        Action::InventoryLoaded {
            req,
            result,
            cached_at,
        } => load::inventory_loaded(state, req, result, cached_at),
        Action::PartLoaded { req, key, result } => load::part_loaded(state, req, key, result),
        Action::LoaderReady { req, region } => load::loader_ready(state, req, region),
        Action::PartsQueued { req, keys } => {
            load::parts_queued(state, req, keys);
            Vec::new()
        }
        Action::LoadFinished {
            req,
            region,
            failed,
        } => load::load_finished(state, req, region, failed),
        Action::Profiles(p) => {
            state.profiles = p;
            Vec::new()
        }
        Action::PlanFinished { req, result } => outcome::finished(state, req, result),
        Action::PlanProgress { req, step, status } => {
            outcome::progress(state, req, step, status);
            Vec::new()
        }
        Action::AccountRead { req, result } => logs::account_read(state, req, result),
        Action::ProbeFinished { req, result } => {
            probe::finished(state, req, result);
            Vec::new()
        }
        Action::Command(c) => command(state, c),
        Action::Input(c) => {
            text_edit(state, |s| s.push(c), Some(c));
            Vec::new()
        }
        Action::Backspace => {
            text_edit(
                state,
                |s| {
                    s.pop();
                },
                None,
            );
            Vec::new()
        }
        Action::Paste(text) => {
            paste(state, &text);
            Vec::new()
        }
    }
}

fn command(state: &mut State, c: Command) -> Vec<Effect> {
    if c == Command::Quit && !matches!(mode(state), Mode::Help) {
        return vec![Effect::Quit];
    }
    if c == Command::ClearField {
        clear_field(state);
        return Vec::new();
    }
    match mode(state) {
        Mode::Dialog => dialog_command(state, c),
        Mode::Palette => palette_command(state, c),
        Mode::Help => {
            help_command(state, c);
            Vec::new()
        }
        Mode::Url => url_command(state, c),
        Mode::Filter => filter_command(state, c),
        Mode::Normal => normal_command(state, c),
    }
}

fn normal_command(state: &mut State, c: Command) -> Vec<Effect> {
    match c {
        Command::NextPane => focus(state, state.focus.next()),
        Command::PrevPane => focus(state, state.focus.prev()),
        Command::Filter if state.focus.filterable() => {
            state.editing_filter = true;
            state.filters.entry(state.focus).or_default();
        }
        Command::Help => {
            state.help = true;
            state.help_scroll = 0;
        }
        Command::CopyUrl => return yank::copy_url(state),
        Command::FocusUrl => focus(state, Pane::Url),
        Command::Refresh => return load::refresh(state),
        Command::Palette => return palette::open(state),
        Command::Deploy => return confirm::open_deploy(state),
        Command::Rollback => return confirm::open_rollback(state),
        Command::Cors => return confirm::open_cors(state),
        Command::EnableLogs => return logs::open_enable_logs(state),
        Command::Probe => return probe::probe(state),
        Command::CopyReport => return report::copy_report(state),
        Command::Back if probe::cancel(state) => {}
        Command::Back => {
            state.filters.remove(&state.focus);
            state.message = None;
        }
        _ => return nav::navigate(state, c),
    }
    Vec::new()
}

fn focus(state: &mut State, pane: Pane) {
    if pane == Pane::Url && state.focus != Pane::Url {
        state.url.return_to = Some(state.focus);
    }
    state.focus = pane;
    state.editing_filter = false;
    if matches!(pane, Pane::Apis | Pane::Stages | Pane::Tree | Pane::Domains) {
        state.detail_of = pane;
        state.details_scroll = 0;
    }
}

fn url_command(state: &mut State, c: Command) -> Vec<Effect> {
    match c {
        Command::Back if probe::cancel(state) => {}
        Command::Back | Command::Submit => {
            let back = state.url.return_to.take().unwrap_or(Pane::Tree);
            // Leaving with a match: show it in the tree, where D/C/y act on it.
            let reached = state
                .url
                .verdict()
                .is_some_and(|v| v.resource.is_some() || v.route_key.is_some());
            focus(state, if reached { Pane::Tree } else { back });
        }
        Command::CycleMethod => url_bar::cycle_method(state),
        Command::Left => url_bar::move_cursor(state, -1),
        Command::Right => url_bar::move_cursor(state, 1),
        Command::Top => url_bar::move_cursor(state, isize::MIN / 2),
        Command::Bottom => state.url.cursor = None,
        Command::NextField => url_bar::next_field(state, false),
        Command::PrevField => url_bar::next_field(state, true),
        Command::Probe => return probe::probe(state),
        Command::CopyReport => return report::copy_report(state),
        _ => {}
    }
    Vec::new()
}

fn filter_command(state: &mut State, c: Command) -> Vec<Effect> {
    match c {
        Command::Submit => state.editing_filter = false,
        Command::Back => {
            state.editing_filter = false;
            state.filters.remove(&state.focus);
        }
        Command::Up | Command::Down | Command::PageUp | Command::PageDown => {
            return nav::navigate(state, c)
        }
        _ => {}
    }
    Vec::new()
}

fn palette_command(state: &mut State, c: Command) -> Vec<Effect> {
    match c {
        Command::Up => palette::move_selection(state, -1),
        Command::Down => palette::move_selection(state, 1),
        Command::Submit => return palette::submit(state),
        Command::Back => state.palette = None,
        _ => {}
    }
    Vec::new()
}

fn dialog_command(state: &mut State, c: Command) -> Vec<Effect> {
    match c {
        Command::Submit => return confirm::confirm(state),
        Command::Back => confirm::cancel(state),
        Command::NextField => confirm::next_focus(state, false),
        Command::PrevField => confirm::next_focus(state, true),
        Command::Up => confirm::cycle_choice(state, -1),
        Command::Down => confirm::cycle_choice(state, 1),
        _ => {}
    }
    Vec::new()
}

fn help_command(state: &mut State, c: Command) {
    match c {
        Command::Down => state.help_scroll = state.help_scroll.saturating_add(1),
        Command::Up => state.help_scroll = state.help_scroll.saturating_sub(1),
        Command::PageDown => state.help_scroll = state.help_scroll.saturating_add(10),
        Command::PageUp => state.help_scroll = state.help_scroll.saturating_sub(10),
        _ => state.help = false,
    }
}

/// Applies an edit to whichever text field has the keyboard.
fn text_edit(state: &mut State, edit: impl FnOnce(&mut String), typed: Option<char>) {
    match mode(state) {
        Mode::Dialog => match typed {
            Some(ch) => confirm::input(state, ch),
            None => confirm::backspace(state),
        },
        Mode::Palette => palette::edit(state, edit),
        Mode::Url => match typed {
            Some(ch) => url_bar::input(state, ch),
            None => url_bar::backspace(state),
        },
        Mode::Filter => {
            let f = state.filters.entry(state.focus).or_default();
            edit(&mut f.text);
            reselect_after_filter(state);
        }
        Mode::Normal | Mode::Help => {}
    }
}

/// Empties whichever text field has the keyboard.
fn clear_field(state: &mut State) {
    match mode(state) {
        Mode::Url => url_bar::clear_field(state),
        Mode::Dialog => {
            if let Some(d) = state.dialog.as_mut() {
                if d.phase == confirm::Phase::Editing {
                    d.field.clear();
                }
            }
        }
        Mode::Palette => palette::edit(state, String::clear),
        Mode::Filter => {
            state.filters.entry(state.focus).or_default().text.clear();
            reselect_after_filter(state);
        }
        Mode::Normal | Mode::Help => {}
    }
}

fn paste(state: &mut State, text: &str) {
    match mode(state) {
        Mode::Url => url_bar::paste(state, text),
        Mode::Normal => {
            // Pasting anywhere means "match this": focus the URL bar with it.
            focus(state, Pane::Url);
            state.url.text.clear();
            state.url.field = url_bar::UrlField::Url;
            state.url.cursor = None;
            url_bar::paste(state, text);
        }
        _ => {
            for ch in text.chars().filter(|c| !c.is_control()) {
                text_edit(state, |s| s.push(ch), Some(ch));
            }
        }
    }
}

/// Keeps the selection on a visible row while the filter narrows the list.
fn reselect_after_filter(state: &mut State) {
    let pane = state.focus;
    match pane {
        Pane::Tree | Pane::Domains | Pane::Stages => {
            nav::navigate(state, Command::Down);
            nav::navigate(state, Command::Up);
        }
        Pane::Apis => {
            let view = view::synced(state);
            let rows = view.apis();
            if !rows.iter().any(|r| Some(&r.api) == state.api.as_ref()) {
                if let Some(first) = rows.first() {
                    state.api = Some(first.api.clone());
                    nav::api_selected(state);
                }
            }
        }
        _ => {}
    }
}
