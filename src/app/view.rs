//! The view model: everything the panes show that is derived from the inventory (rows of
//! each pane, the API tree, staleness per stage, what the selected stage serves, the
//! deployment history, the router). It is rebuilt in `update()` when one of its inputs
//! changed (the inventory revision, the selection, a filter, the collapsed paths), never in
//! a draw or on a tick; panes only read it.
//!
//! Each part is kept behind an `Arc` with the inputs it was built from, so `sync` rebuilds
//! only the parts whose inputs moved, and a part can be handed around without a copy.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::focus::Pane;
use super::matching::Matcher;
use super::rows::{self, ApiRow, DeploymentRow, DomainRow, StageRow, StageView};
use super::state::State;
use super::tree::{ApiTree, TreeRow};
use crate::domain::load::PartKey;
use crate::domain::model::{ApiRef, DeployedSummary, Inventory};

/// How many times each part was built (tests and benches check that a tick builds nothing).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Builds {
    pub matcher: u64,
    /// Incremental router updates (one part re-indexed).
    pub matcher_updates: u64,
    pub apis: u64,
    /// Stages with their staleness, the tree, the deployed summary and the history.
    pub selected_api: u64,
    pub stage_rows: u64,
    pub tree_rows: u64,
    /// What the selected stage serves.
    pub deployed: u64,
    pub domains: u64,
}

/// The inputs the parts were built from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Inputs {
    rev: u64,
    api: Option<ApiRef>,
    stage: Option<String>,
    filters: [String; 4],
    collapsed: BTreeSet<String>,
}

const FILTERED: [Pane; 4] = [Pane::Apis, Pane::Stages, Pane::Tree, Pane::Domains];

/// What the panes draw from.
#[derive(Debug, Clone, Default)]
pub struct ViewModel {
    /// `None` until the first sync.
    built: Option<Inputs>,
    builds: Builds,
    matcher: Option<Arc<Matcher>>,
    apis: Arc<Vec<ApiRow>>,
    stages: Arc<Vec<StageView>>,
    stage_rows: Arc<Vec<StageRow>>,
    tree: Option<Arc<ApiTree>>,
    tree_rows: Arc<Vec<(TreeRow, Vec<usize>)>>,
    deployed: Option<Arc<DeployedSummary>>,
    deployments: Arc<Vec<DeploymentRow>>,
    domains: Arc<Vec<DomainRow>>,
}

impl ViewModel {
    /// The routing engine for the current inventory.
    pub fn matcher(&self) -> Option<&Arc<Matcher>> {
        self.matcher.as_ref()
    }

    /// Rows of the APIs pane (its filter applied).
    pub fn apis(&self) -> &[ApiRow] {
        &self.apis
    }

    /// Every stage of the selected API with its staleness and pending changes.
    pub fn stages(&self) -> &[StageView] {
        &self.stages
    }

    /// One stage of the selected API.
    pub fn stage(&self, name: &str) -> Option<&StageView> {
        self.stages.iter().find(|s| s.stage.name == name)
    }

    /// Rows of the Stages pane (its filter applied).
    pub fn stage_rows(&self) -> &[StageRow] {
        &self.stage_rows
    }

    /// The resource (REST) or route (HTTP) tree of the selected API.
    pub fn tree(&self) -> Option<&ApiTree> {
        self.tree.as_deref()
    }

    /// Visible tree rows with the characters the filter matched.
    pub fn tree_rows(&self) -> &[(TreeRow, Vec<usize>)] {
        &self.tree_rows
    }

    /// What the selected stage serves (to mark methods that are not deployed there);
    /// `None` when unknown or when the stage deploys automatically.
    pub fn deployed(&self) -> Option<&DeployedSummary> {
        self.deployed.as_deref()
    }

    /// The selected API's deployments, newest first.
    pub fn deployments(&self) -> &[DeploymentRow] {
        &self.deployments
    }

    /// Rows of the Domains pane (its filter applied).
    pub fn domains(&self) -> &[DomainRow] {
        &self.domains
    }

    pub fn builds(&self) -> Builds {
        self.builds
    }

    /// Brings the router up to date after one part arrived (only what the part changed is
    /// re-indexed); called only by `load::inventory_changed`.
    pub(super) fn update_matcher(&mut self, inv: &Inventory, key: &PartKey) {
        match self.matcher.as_mut().and_then(Arc::get_mut) {
            Some(m) => {
                m.update(inv, key);
                self.builds.matcher_updates += 1;
            }
            None => self.set_matcher(Matcher::new(inv)),
        }
    }

    /// Replaces the router; called only by `load::inventory_changed`.
    pub(super) fn set_matcher(&mut self, m: Matcher) {
        self.matcher = Some(Arc::new(m));
        self.builds.matcher += 1;
    }
}

/// The view model brought up to date, as a cheap copy (its parts are shared) that update
/// code can read while it changes the state.
pub fn synced(state: &mut State) -> ViewModel {
    sync(state);
    state.view.clone()
}

/// Rebuilds the parts whose inputs changed since they were built. Cheap when nothing did:
/// `update` calls it after every action and before reading rows it just invalidated.
pub fn sync(state: &mut State) {
    let mut v = std::mem::take(&mut state.view);
    let old = v.built.take();
    let same = |f: &dyn Fn(&Inputs) -> bool| old.as_ref().is_some_and(f);
    let rev = same(&|o| o.rev == state.inventory_rev);
    let api = rev && same(&|o| o.api == state.api);
    let filter = |i: usize| same(&|o| o.filters[i] == state.filter(FILTERED[i]));
    let inv = &state.inventory;
    let sel = state.api.as_ref();
    if !(rev && filter(0)) {
        v.apis = Arc::new(rows::api_rows(inv, state.filter(Pane::Apis)));
        v.builds.apis += 1;
    }
    if !api {
        v.stages = Arc::new(rows::stage_views(inv, sel));
        v.tree = rows::api_tree(inv, sel).map(Arc::new);
        v.deployments = Arc::new(rows::deployment_rows(inv, sel));
        v.builds.selected_api += 1;
    }
    if !(api && filter(1)) {
        v.stage_rows = Arc::new(rows::stage_rows(&v.stages, state.filter(Pane::Stages)));
        v.builds.stage_rows += 1;
    }
    if !(api && filter(2) && same(&|o| o.collapsed == state.tree.collapsed)) {
        let pattern = state.filter(Pane::Tree);
        let rows = v
            .tree
            .as_deref()
            .map(|t| rows::tree_rows(t, &state.tree, pattern));
        v.tree_rows = Arc::new(rows.unwrap_or_default());
        v.builds.tree_rows += 1;
    }
    if !(api && same(&|o| o.stage == state.stage)) {
        v.deployed = rows::deployed(inv, sel, state.stage.as_deref()).map(Arc::new);
        v.builds.deployed += 1;
    }
    if !(rev && filter(3)) {
        v.domains = Arc::new(rows::domain_rows(inv, state.filter(Pane::Domains)));
        v.builds.domains += 1;
    }
    v.built = Some(match old {
        Some(mut o) => {
            if o.collapsed != state.tree.collapsed {
                o.collapsed.clone_from(&state.tree.collapsed);
            }
            refresh_inputs(&mut o, state);
            o
        }
        None => Inputs {
            collapsed: state.tree.collapsed.clone(),
            ..refresh(state)
        },
    });
    state.view = v;
}

/// The inputs as they are now, but for the collapsed set.
fn refresh(state: &State) -> Inputs {
    let mut i = Inputs::default();
    refresh_inputs(&mut i, state);
    i
}

fn refresh_inputs(i: &mut Inputs, state: &State) {
    i.rev = state.inventory_rev;
    if i.api != state.api {
        i.api.clone_from(&state.api);
    }
    if i.stage != state.stage {
        i.stage.clone_from(&state.stage);
    }
    for (k, pane) in FILTERED.iter().enumerate() {
        if i.filters[k] != state.filter(*pane) {
            i.filters[k] = state.filter(*pane).to_string();
        }
    }
}
