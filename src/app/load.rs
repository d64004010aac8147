//! Inventory arrival: whole inventories (demo, snapshot, cache) and progressive live parts.
//! Replies carry the id of the load that asked for them; older ones are dropped.

use super::effect::Effect;
use super::hint::Hint;
use super::matching::Matcher;
use super::remote::{Failure, Remote};
use super::state::State;
use super::view;
use crate::config::Source;
use crate::domain::load::{LoadError, LoadPart, PartKey, PartKind};
use crate::domain::model::{ApiKind, ApiRef, Inventory, Timestamp};

/// Starts (or restarts) loading the inventory; what is shown stays until replaced.
pub fn reload(state: &mut State) -> Vec<Effect> {
    let req = state.request_id();
    state.load_req = req;
    state.load = Remote::Loading;
    state.parts.clear();
    let target = match &state.source {
        Source::Live(t) => {
            for kind in [PartKind::RestApis, PartKind::HttpApis, PartKind::Domains] {
                state.parts.insert(PartKey::account(kind), Remote::Loading);
            }
            Some(t.clone())
        }
        _ => None,
    };
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
            mark_api_parts(state, &part);
            state.inventory.apply(*part);
            state.parts.insert(key.clone(), Remote::Ready(()));
            inventory_changed(state, Changed::Part(&key))
        }
        Err(e) => {
            state.parts.insert(key, Remote::Failed(Failure::from(&e)));
            Vec::new()
        }
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
    for r in state.parts.values_mut() {
        if r.is_loading() {
            *r = Remote::Failed(Failure::new("no answer"));
        }
    }
    let failed = failed.max(
        state
            .parts
            .values()
            .filter(|r| r.failure().is_some())
            .count(),
    );
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
    let failed: Vec<PartKey> = state
        .parts
        .iter()
        .filter(|(_, r)| r.failure().is_some())
        .map(|(k, _)| k.clone())
        .collect();
    let live = matches!(state.source, Source::Live(_));
    let whole_failed = state.load.failure().is_some() && state.inventory.rest_apis.is_empty();
    if !live || failed.is_empty() || whole_failed {
        return reload(state);
    }
    for k in &failed {
        state.parts.insert(k.clone(), Remote::Loading);
    }
    state.load = Remote::Loading;
    state.info(format!("retrying {} part(s)", failed.len()));
    vec![Effect::Retry(failed)]
}

/// When an API list arrives, each API's own parts become "loading".
fn mark_api_parts(state: &mut State, part: &LoadPart) {
    let (kind, ids, kinds): (ApiKind, Vec<String>, &[PartKind]) = match part {
        LoadPart::RestApis(a) => (
            ApiKind::Rest,
            a.iter().map(|x| x.id.clone()).collect(),
            &[
                PartKind::Resources,
                PartKind::Stages,
                PartKind::Deployments,
                PartKind::Authorizers,
            ],
        ),
        LoadPart::HttpApis(a) => (
            ApiKind::Http,
            a.iter().map(|x| x.id.clone()).collect(),
            &[PartKind::Routes, PartKind::Stages, PartKind::Authorizers],
        ),
        _ => return,
    };
    for id in ids {
        for k in kinds {
            let key = PartKey::of(
                ApiRef {
                    kind,
                    id: id.clone(),
                },
                *k,
            );
            state.parts.entry(key).or_insert(Remote::Loading);
        }
    }
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
    state.view.set_matcher(Matcher::new(&state.inventory));
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
