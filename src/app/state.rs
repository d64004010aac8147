//! The whole state of the screen. Only `update` changes it; panes only read it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;

use super::confirm::Dialog;
use super::filter::Filter;
use super::focus::Pane;
use super::hint::Hint;
use super::palette::Palette;
use super::remote::Remote;
use super::tree::TreeState;
use super::url_bar::UrlBar;
use super::view::ViewModel;
use crate::config::Source;
use crate::domain::load::{Coverage, PartKey, Readiness};
use crate::domain::model::{ApiRef, Inventory, Timestamp};

/// A one-line message in the status bar, with what to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub error: bool,
    pub text: String,
    /// Rendered after the text with the user's keys.
    pub hint: Option<Hint>,
}

/// Everything the screen shows. The fields are private to `crate::app`: panes read them
/// through the accessors below, and only `update` changes them.
#[derive(Debug, Clone)]
pub struct State {
    pub(in crate::app) source: Source,
    pub(in crate::app) read_only: bool,
    /// Wall clock as of the last tick (ages are computed from it; tests fix it).
    pub(in crate::app) now: Timestamp,
    pub(in crate::app) inventory: Inventory,
    /// The inventory as a whole (the API lists).
    pub(in crate::app) load: Remote<()>,
    /// Which parts of the inventory have been read (a live load: part by part; offline:
    /// everything but the parts the inventory names as failed). Verdicts rest on it.
    pub(in crate::app) coverage: Coverage,
    /// Parts the URL bar asked the loader for (each asked once per load).
    pub(in crate::app) wanted: BTreeSet<PartKey>,
    /// Set when the inventory shown came from the on-disk cache.
    pub(in crate::app) cached_at: Option<Timestamp>,
    /// Id of the load whose replies are current; older replies are dropped.
    pub(in crate::app) load_req: u64,
    pub(in crate::app) next_req: u64,
    pub(in crate::app) focus: Pane,
    /// The pane Details describes (the last list pane focused).
    pub(in crate::app) detail_of: Pane,
    pub(in crate::app) api: Option<ApiRef>,
    /// True once the user (or the URL bar) chose an API: until then the selection follows
    /// the first row as API lists arrive.
    pub(in crate::app) api_chosen: bool,
    pub(in crate::app) stage: Option<String>,
    /// Selected row of the Domains pane.
    pub(in crate::app) domain_row: Option<super::rows::DomainKey>,
    pub(in crate::app) tree: TreeState,
    pub(in crate::app) filters: BTreeMap<Pane, Filter>,
    /// True while typing into the focused pane's filter.
    pub(in crate::app) editing_filter: bool,
    pub(in crate::app) url: UrlBar,
    pub(in crate::app) help: bool,
    pub(in crate::app) help_scroll: u16,
    pub(in crate::app) details_scroll: u16,
    pub(in crate::app) palette: Option<Palette>,
    pub(in crate::app) dialog: Option<Dialog>,
    /// The account read asked for by the enable-logs key: its id, the API and stage.
    pub(in crate::app) logs_req: Option<(u64, ApiRef, String)>,
    pub(in crate::app) message: Option<Message>,
    /// Spinner frame counter.
    pub(in crate::app) tick: u64,
    /// Profile names for the palette (live mode).
    pub(in crate::app) profiles: Vec<String>,
    /// Bumped by `load::inventory_changed` whenever the inventory changes (a part applied,
    /// a whole inventory arrived or was dropped): the view model's main input.
    pub(in crate::app) inventory_rev: u64,
    /// What the panes draw, derived from the fields above (rebuilt in `update`).
    pub(in crate::app) view: ViewModel,
    /// The resource policy and IAM needs of the selection, with the inputs it was built from.
    pub(in crate::app) policy: (
        super::policy_view::Inputs,
        Option<std::sync::Arc<super::policy_view::PolicyView>>,
    ),
}

impl State {
    pub fn new(source: Source, read_only: bool) -> Self {
        Self {
            source,
            read_only,
            now: Utc::now(),
            inventory: Inventory::default(),
            load: Remote::Idle,
            coverage: Coverage::complete(),
            wanted: BTreeSet::new(),
            cached_at: None,
            load_req: 0,
            next_req: 1,
            focus: Pane::Apis,
            api_chosen: false,
            detail_of: Pane::Apis,
            api: None,
            stage: None,
            domain_row: None,
            tree: TreeState::default(),
            filters: BTreeMap::new(),
            editing_filter: false,
            url: UrlBar::default(),
            help: false,
            help_scroll: 0,
            details_scroll: 0,
            palette: None,
            dialog: None,
            logs_req: None,
            message: None,
            tick: 0,
            profiles: Vec::new(),
            inventory_rev: 0,
            view: ViewModel::default(),
            policy: Default::default(),
        }
    }

    /// A fresh request id.
    pub(in crate::app) fn request_id(&mut self) -> u64 {
        let id = self.next_req;
        self.next_req += 1;
        id
    }

    pub fn filter(&self, pane: Pane) -> &str {
        self.filters
            .get(&pane)
            .map(|f| f.text.as_str())
            .unwrap_or("")
    }

    pub(in crate::app) fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            error: false,
            text: text.into(),
            hint: None,
        });
    }

    pub(in crate::app) fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            error: true,
            text: text.into(),
            hint: None,
        });
    }

    pub(in crate::app) fn error_with(&mut self, text: impl Into<String>, hint: Hint) {
        self.message = Some(Message {
            error: true,
            text: text.into(),
            hint: Some(hint),
        });
    }

    /// The state of one part of the load, for the pane drawn from it (Ready offline). A
    /// part nobody asked for yet shows as loading while the load runs.
    pub fn part(&self, key: &PartKey) -> Remote<()> {
        match self.coverage.get(key) {
            Readiness::Read => Remote::Ready(()),
            Readiness::Reading => Remote::Loading,
            Readiness::NotRead if self.load.is_loading() => Remote::Loading,
            Readiness::NotRead => Remote::Idle,
            Readiness::Failed(e) => Remote::Failed(e.into()),
        }
    }
}
