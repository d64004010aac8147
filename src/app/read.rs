//! Read access to [`State`] for the panes, the runtime and tests. Nothing here changes
//! the state: that is `update`'s job alone.

use super::confirm::Dialog;
use super::focus::Pane;
use super::palette::Palette;
use super::remote::Remote;
use super::rows::DomainKey;
use super::state::{Message, State};
use super::tree::TreeState;
use super::url_bar::UrlBar;
use super::view::ViewModel;
use crate::config::Source;
use crate::domain::load::Coverage;
use crate::domain::model::{ApiRef, Inventory, Timestamp};

impl State {
    pub fn source(&self) -> &Source {
        &self.source
    }

    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// Wall clock as of the last tick (ages are computed from it; tests fix it).
    pub fn now(&self) -> Timestamp {
        self.now
    }

    pub fn inventory(&self) -> &Inventory {
        &self.inventory
    }

    /// The inventory as a whole (the API lists).
    pub fn load(&self) -> &Remote<()> {
        &self.load
    }

    /// Which parts of the inventory have been read, are being read or failed.
    pub fn coverage(&self) -> &Coverage {
        &self.coverage
    }

    /// When the inventory shown was cached, if it came from the on-disk cache.
    pub fn cached_at(&self) -> Option<Timestamp> {
        self.cached_at
    }

    /// Id of the load whose replies are current.
    pub fn load_req(&self) -> u64 {
        self.load_req
    }

    pub fn focus(&self) -> Pane {
        self.focus
    }

    /// The pane Details describes (the last list pane focused).
    pub fn detail_of(&self) -> Pane {
        self.detail_of
    }

    pub fn api(&self) -> Option<&ApiRef> {
        self.api.as_ref()
    }

    pub fn stage(&self) -> Option<&str> {
        self.stage.as_deref()
    }

    /// Selected row of the Domains pane.
    pub fn domain_row(&self) -> Option<&DomainKey> {
        self.domain_row.as_ref()
    }

    /// Collapsed paths and the selected row of the tree.
    pub fn tree(&self) -> &TreeState {
        &self.tree
    }

    /// True while typing into the focused pane's filter.
    pub fn editing_filter(&self) -> bool {
        self.editing_filter
    }

    pub fn url(&self) -> &UrlBar {
        &self.url
    }

    pub fn help(&self) -> bool {
        self.help
    }

    pub fn help_scroll(&self) -> u16 {
        self.help_scroll
    }

    pub fn details_scroll(&self) -> u16 {
        self.details_scroll
    }

    pub fn palette(&self) -> Option<&Palette> {
        self.palette.as_ref()
    }

    pub fn dialog(&self) -> Option<&Dialog> {
        self.dialog.as_ref()
    }

    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    /// Spinner frame counter.
    pub fn tick(&self) -> u64 {
        self.tick
    }

    /// Profile names for the palette (live mode).
    pub fn profiles(&self) -> &[String] {
        &self.profiles
    }

    /// Bumped each time the inventory changes.
    pub fn inventory_rev(&self) -> u64 {
        self.inventory_rev
    }

    /// What the panes draw (rows, tree, staleness, router), rebuilt by `update`.
    pub fn view(&self) -> &ViewModel {
        &self.view
    }

    /// The selected REST API's resource policy marked for the selected method, and what
    /// an `AWS_IAM` method needs; rebuilt by `update`.
    pub fn policy(&self) -> Option<&super::policy_view::PolicyView> {
        self.policy.1.as_deref()
    }

    /// True while something on screen animates (a spinner): only then does a tick need a
    /// new frame.
    pub fn animating(&self) -> bool {
        self.load.is_loading()
            || self
                .url
                .probe
                .as_ref()
                .is_some_and(|p| p.phase == super::probe::ProbePhase::Running)
            || self.coverage.reading().next().is_some()
            || self
                .dialog
                .as_ref()
                .is_some_and(|d| d.phase == super::confirm::Phase::Running)
    }
}
