//! Inventory arrival: whole inventories (demo, snapshot, cache) and progressive live parts.
//! Replies carry the id of the load that asked for them; older ones are dropped.

use super::effect::Effect;
use super::hint::Hint;
use super::matching::Matcher;
use super::remote::{Failure, Remote};
use super::state::State;
use super::view;
use crate::config::Source;
use crate::domain::load::{
    Coverage, LoadError, LoadErrorKind, LoadPart, PartKey, PartKind, PartState,
};
use crate::domain::model::{Inventory, Timestamp};

/// Starts (or restarts) loading the inventory; what is shown stays until replaced.
pub fn reload(state: &mut State) -> Vec<Effect> {
    let req = state.request_id();
    state.load_req = req;
    state.load = Remote::Loading;
    state.wanted.clear();
    let target = match &state.source {
        Source::Live(t) => {
            // Nothing counts as read until the live parts arrive (a cached inventory is
            // shown, but verdicts wait for what they rest on).
            state.coverage = Coverage::partial();
            for kind in [PartKind::RestApis, PartKind::HttpApis, PartKind::Domains] {
                state.coverage.asked(PartKey::account(kind));
            }
            Some(t.clone())
        }
        _ => None,
    };
    super::url_bar::reevaluate(state);
    vec![Effect::Load { req, target }]
}

pub fn inventory_loaded(
    state: &mut State,
    req: u64,
    result: Result<Box<Inventory>, LoadError>,
    cached_at: Option<Timestamp>,
) -> Vec<Effect> {
    if req != state.load_req {
        tracing::debug!(
            req,
            current = state.load_req,
            "dropping a stale inventory reply"
        );
        return Vec::new();
    }
    match result {
        Ok(inv) => {
            state.inventory = *inv;
            state.cached_at = cached_at;
            if cached_at.is_none() {
                // The demo or a snapshot: wholly read, but for the parts it says failed.
                state.coverage = Coverage::of_inventory(&state.inventory);
                state.load = Remote::Ready(());
            }
            inventory_changed(state, Changed::Whole)
        }
        Err(e) => {
            state.load = Remote::Failed(Failure::from(&e));
            Vec::new()
        }
    }
}

pub fn part_loaded(
    state: &mut State,
    req: u64,
    key: PartKey,
    result: Result<Box<LoadPart>, LoadError>,
) -> Vec<Effect> {
    if req != state.load_req {
        tracing::debug!(req, current = state.load_req, "dropping a stale part");
        return Vec::new();
    }
    match result {
        Ok(part) => {
            state.inventory.apply(*part);
            state.coverage.set(key.clone(), PartState::Read);
            inventory_changed(state, Changed::Part(&key))
        }
        Err(e) => {
            state.coverage.set(key, PartState::Failed(e));
            // A verdict resting on it becomes unknown on that point.
            super::url_bar::reevaluate(state);
            Vec::new()
        }
    }
}

/// The loader's clients are built: the region is known before any part arrives (the
/// invoke URLs `y` copies need it).
pub fn loader_ready(state: &mut State, req: u64, region: Option<String>) -> Vec<Effect> {
    if req != state.load_req || region.is_none() || state.inventory.region == region {
        return Vec::new();
    }
    state.inventory.region = region;
    inventory_changed(state, Changed::Whole)
}

/// The loader queued these parts (a crawl's next parts, or what a URL asked for).
pub fn parts_queued(state: &mut State, req: u64, keys: Vec<PartKey>) {
    if req != state.load_req {
        return;
    }
    for k in keys {
        state.coverage.asked(k);
    }
}

pub fn load_finished(
    state: &mut State,
    req: u64,
    region: Option<String>,
    failed: usize,
) -> Vec<Effect> {
    if req != state.load_req {
        return Vec::new();
    }
    state.load = Remote::Ready(());
    let mut effects = Vec::new();
    if state.inventory.region.is_none() && region.is_some() {
        state.inventory.region = region;
        effects = inventory_changed(state, Changed::Whole);
    }
    // Parts that never answered are unknown, not loading forever (the pane says how to
    // retry them).
    let silent: Vec<PartKey> = state.coverage.reading().cloned().collect();
    for k in silent {
        let e = LoadError::new(LoadErrorKind::Other, "no answer");
        state.coverage.set(k, PartState::Failed(e));
    }
    let failed = failed.max(state.coverage.failed().count());
    super::url_bar::reevaluate(state);
    if failed > 0 {
        state.error_with(
            format!("{failed} part(s) failed to load: shown inline"),
            Hint::Retry,
        );
        return effects;
    }
    state.cached_at = None;
    state.info("inventory loaded");
    effects.push(Effect::SaveCache(Box::new(state.inventory.clone())));
    effects
}

/// `r`: retry the parts that failed (live), else reload everything.
pub fn refresh(state: &mut State) -> Vec<Effect> {
    let failed: Vec<PartKey> = state.coverage.failed().map(|(k, _)| k.clone()).collect();
    let live = matches!(state.source, Source::Live(_));
    let whole_failed = state.load.failure().is_some() && state.inventory.rest_apis.is_empty();
    if !live || failed.is_empty() || whole_failed {
        return reload(state);
    }
    for k in &failed {
        state.coverage.asked(k.clone());
    }
    super::url_bar::reevaluate(state);
    state.load = Remote::Loading;
    state.info(format!("retrying {} part(s)", failed.len()));
    vec![Effect::Retry(failed)]
}

/// What changed in the inventory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed<'a> {
    /// A whole inventory arrived (or was dropped).
    Whole,
    /// One part of a progressive load was applied.
    Part(&'a PartKey),
}

/// After any change of the inventory: a new revision (the view model rebuilds what
/// depends on it), the router rebuilt, selections kept valid, the URL bar re-evaluated.
/// The one place the router is built.
pub fn inventory_changed(state: &mut State, changed: Changed) -> Vec<Effect> {
    state.inventory_rev += 1;
    tracing::trace!(rev = state.inventory_rev, ?changed, "inventory changed");
    match changed {
        Changed::Part(key) => state.view.update_matcher(&state.inventory, key),
        Changed::Whole => state.view.set_matcher(Matcher::new(&state.inventory)),
    }
    let apis = view::synced(state);
    let apis = apis.apis();
    let mut effects = Vec::new();
    let kept = apis.iter().any(|r| Some(&r.api) == state.api.as_ref());
    let first = apis.first().map(|r| r.api.clone());
    // Until the user picks one, follow the first row (lists arrive in any order).
    if !kept || (!state.api_chosen && first != state.api) {
        state.api = first;
        state.tree = Default::default();
        effects.extend(super::nav::api_selected(state));
    }
    super::nav::ensure_stage(state);
    let view = view::synced(state);
    let domains = view.domains();
    if !domains
        .iter()
        .any(|r| Some(&r.key) == state.domain_row.as_ref())
    {
        state.domain_row = domains.first().map(|r| r.key.clone());
    }
    super::url_bar::reevaluate(state);
    effects
}
