//! Moving around: selections in each list pane, expanding and collapsing the tree.

use super::action::Command;
use super::effect::Effect;
use super::focus::{step, Pane};
use super::rows::DomainItem;
use super::state::State;
use super::tree::{ApiTree, TreeKey};
use super::view;
use crate::config::Source;

const PAGE: isize = 10;

/// How far a movement command moves, or `None` when it is not a movement.
fn delta(cmd: Command) -> Option<isize> {
    Some(match cmd {
        Command::Up => -1,
        Command::Down => 1,
        Command::PageUp => -PAGE,
        Command::PageDown => PAGE,
        Command::Top => isize::MIN / 2,
        Command::Bottom => isize::MAX / 2,
        _ => return None,
    })
}

/// A movement or tree command in the focused pane.
pub fn navigate(state: &mut State, cmd: Command) -> Vec<Effect> {
    state.message = None;
    match state.focus {
        Pane::Apis => apis(state, cmd),
        Pane::Stages => {
            stages(state, cmd);
            Vec::new()
        }
        Pane::Tree => {
            tree(state, cmd);
            Vec::new()
        }
        Pane::Details => {
            if let Some(d) = delta(cmd) {
                let d = d.clamp(-1000, 1000);
                state.details_scroll = (state.details_scroll as isize + d).clamp(0, 1000) as u16;
            }
            Vec::new()
        }
        Pane::Domains => domains(state, cmd),
        Pane::Url => Vec::new(),
    }
}

fn apis(state: &mut State, cmd: Command) -> Vec<Effect> {
    if matches!(cmd, Command::Right | Command::Toggle) {
        state.focus = Pane::Tree;
        state.detail_of = Pane::Tree;
        return Vec::new();
    }
    let Some(d) = delta(cmd) else {
        return Vec::new();
    };
    let view = view::synced(state);
    let keys: Vec<_> = view.apis().iter().map(|r| r.api.clone()).collect();
    let next = step(&keys, state.api.as_ref(), d);
    if next.is_some() && next != state.api {
        state.api = next;
        state.api_chosen = true;
        return api_selected(state);
    }
    Vec::new()
}

/// After the selected API changed: reset the tree, pick a stage, tell the loader.
pub fn api_selected(state: &mut State) -> Vec<Effect> {
    state.tree = Default::default();
    state.tree.selected = Some(super::tree::TreeKey::node("/"));
    state.stage = None;
    state.details_scroll = 0;
    ensure_stage(state);
    super::url_bar::evaluate_if_bare(state);
    match (&state.source, &state.api) {
        (Source::Live(_), Some(api)) => vec![Effect::Prioritize(api.clone())],
        _ => Vec::new(),
    }
}

/// Keeps the stage selection on an existing stage of the selected API.
pub fn ensure_stage(state: &mut State) {
    let names = stage_names(state);
    if state.stage.as_ref().is_none_or(|s| !names.contains(s)) {
        state.stage = names.into_iter().next();
    }
}

/// Names of the Stages pane's rows.
fn stage_names(state: &mut State) -> Vec<String> {
    let view = view::synced(state);
    view.stage_rows()
        .iter()
        .map(|r| r.stage.name.clone())
        .collect()
}

fn stages(state: &mut State, cmd: Command) {
    let Some(d) = delta(cmd) else {
        return;
    };
    let names = stage_names(state);
    state.stage = step(&names, state.stage.as_ref(), d).or(state.stage.take());
    super::url_bar::evaluate_if_bare(state);
}

fn tree(state: &mut State, cmd: Command) {
    let view = view::synced(state);
    let Some(t) = view.tree() else {
        return;
    };
    let filtered = !state.filter(Pane::Tree).is_empty();
    let visible: Vec<TreeKey> = view
        .tree_rows()
        .iter()
        .map(|(r, _)| r.key.clone())
        .collect();
    if let Some(d) = delta(cmd) {
        state.tree.selected = step(&visible, state.tree.selected.as_ref(), d);
        return;
    }
    let Some(sel) = state
        .tree
        .selected
        .clone()
        .or_else(|| visible.first().cloned())
    else {
        return;
    };
    if filtered && matches!(cmd, Command::Toggle | Command::Right) {
        // Leave the filter at the chosen row, revealed in the full tree.
        let api = state.api.clone();
        if let Some(api) = api {
            super::url_bar::reveal(state, &api, &sel.path, sel.method.clone());
        }
        return;
    }
    let collapsed = state.tree.collapsed.contains(&sel.path);
    let has_kids = t
        .find(&sel.path)
        .is_some_and(|i| !t.nodes[i].children.is_empty() || !t.nodes[i].methods.is_empty());
    match cmd {
        Command::Toggle if sel.method.is_none() && has_kids => {
            toggle(&mut state.tree.collapsed, &sel.path)
        }
        Command::Left if sel.method.is_none() && has_kids && !collapsed => {
            state.tree.collapsed.insert(sel.path.clone());
        }
        Command::Left => state.tree.selected = Some(parent_key(&sel)),
        Command::Right if collapsed => {
            state.tree.collapsed.remove(&sel.path);
        }
        Command::Right => state.tree.selected = step(&visible, Some(&sel), 1),
        _ => {}
    }
}

/// The row above `key` in the hierarchy: a method's path, or a path's parent.
fn parent_key(key: &TreeKey) -> TreeKey {
    if key.method.is_some() {
        return TreeKey::node(&key.path);
    }
    let anc = ApiTree::ancestors(&key.path);
    let parent = if anc.len() >= 2 {
        anc[anc.len() - 2].clone()
    } else {
        "/".to_string()
    };
    TreeKey::node(&parent)
}

fn domains(state: &mut State, cmd: Command) -> Vec<Effect> {
    let view = view::synced(state);
    let rows = view.domains();
    if let Some(d) = delta(cmd) {
        let keys: Vec<_> = rows.iter().map(|r| r.key.clone()).collect();
        state.domain_row = step(&keys, state.domain_row.as_ref(), d);
        return Vec::new();
    }
    if !matches!(cmd, Command::Toggle | Command::Right) {
        return Vec::new();
    }
    let Some(row) = rows
        .iter()
        .find(|r| Some(&r.key) == state.domain_row.as_ref())
    else {
        return Vec::new();
    };
    let Some((api, stage)) = row.target.clone() else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    if state.api.as_ref() != Some(&api) {
        state.api = Some(api);
        state.api_chosen = true;
        effects = api_selected(state);
    }
    state.stage = Some(stage);
    if !matches!(row.key.item, DomainItem::Domain) {
        state.focus = Pane::Tree;
        state.detail_of = Pane::Tree;
    }
    effects
}

fn toggle(set: &mut std::collections::BTreeSet<String>, path: &str) {
    if !set.remove(path) {
        set.insert(path.to_string());
    }
}
