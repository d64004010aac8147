//! `:` command palette: switch profile or region (live mode), reload.

use super::effect::Effect;
use super::filter;
use super::state::State;
use crate::config::{LiveTarget, Source};

/// Regions offered by the palette (any other can be typed as `region NAME`).
pub const REGIONS: [&str; 12] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "eu-west-2",
    "eu-central-1",
    "eu-north-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Profile(String),
    Region(String),
    Reload,
}

impl Entry {
    pub fn label(&self) -> String {
        match self {
            Self::Profile(p) => format!("profile {p}"),
            Self::Region(r) => format!("region {r}"),
            Self::Reload => "reload inventory".to_string(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Palette {
    pub text: String,
    pub selected: usize,
}

/// The entries matching what is typed, with highlighted chars. A typed `region X` or
/// `profile X` that is not listed is offered as is.
pub fn entries(state: &State, palette: &Palette) -> Vec<(Entry, Vec<usize>)> {
    let mut all = vec![Entry::Reload];
    all.extend(state.profiles.iter().cloned().map(Entry::Profile));
    all.extend(REGIONS.iter().map(|r| Entry::Region(r.to_string())));
    let mut out = filter::apply(&palette.text, all, |e| e.label());
    let typed = palette.text.trim();
    let free = if let Some(r) = typed.strip_prefix("region ") {
        Some(Entry::Region(r.trim().to_string()))
    } else {
        typed
            .strip_prefix("profile ")
            .map(|p| Entry::Profile(p.trim().to_string()))
    };
    if let Some(e) = free.filter(|e| !e.label().ends_with(' ')) {
        if !out.iter().any(|(x, _)| *x == e) {
            out.insert(0, (e, Vec::new()));
        }
    }
    out
}

pub fn open(state: &mut State) -> Vec<Effect> {
    state.palette = Some(Palette::default());
    if matches!(state.source, Source::Live(_)) {
        vec![Effect::ListProfiles]
    } else {
        Vec::new()
    }
}

pub fn move_selection(state: &mut State, delta: isize) {
    let Some(p) = state.palette.clone() else {
        return;
    };
    let n = entries(state, &p).len();
    if let Some(p) = state.palette.as_mut() {
        let last = n.saturating_sub(1) as isize;
        p.selected = (p.selected as isize + delta).clamp(0, last) as usize;
    }
}

pub fn edit(state: &mut State, f: impl FnOnce(&mut String)) {
    if let Some(p) = state.palette.as_mut() {
        f(&mut p.text);
        p.selected = 0;
    }
}

/// Runs the selected entry.
pub fn submit(state: &mut State) -> Vec<Effect> {
    let Some(p) = state.palette.take() else {
        return Vec::new();
    };
    let Some((entry, _)) = entries(state, &p).into_iter().nth(p.selected) else {
        return Vec::new();
    };
    let Source::Live(target) = &state.source else {
        if entry == Entry::Reload {
            return super::load::reload(state);
        }
        state.error(format!(
            "{} is offline: profiles and regions apply to a live account (run apigw without --demo/--snapshot)",
            state.source.label()
        ));
        return Vec::new();
    };
    let mut target: LiveTarget = target.clone();
    match entry {
        Entry::Profile(p) => target.profile = Some(p),
        Entry::Region(r) => target.region = Some(r),
        Entry::Reload => {}
    }
    let mut effects = Vec::new();
    if Source::Live(target.clone()) != state.source {
        // Another account or region: nothing of the old one may linger on screen.
        state.inventory = Default::default();
        state.cached_at = None;
        state.api = None;
        state.stage = None;
        state.url.outcome = None;
        effects = super::load::inventory_changed(state, super::load::Changed::Whole);
    }
    state.source = Source::Live(target);
    effects.extend(super::load::reload(state));
    effects
}
