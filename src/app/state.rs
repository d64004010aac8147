//! The whole state of the screen. Only `update` changes it; panes only read it.

use std::collections::BTreeMap;

use chrono::Utc;

use super::confirm::Dialog;
use super::filter::Filter;
use super::focus::Pane;
use super::palette::Palette;
use super::remote::Remote;
use super::tree::TreeState;
use super::url_bar::UrlBar;
use crate::config::Source;
use crate::domain::load::PartKey;
use crate::domain::model::{ApiRef, Inventory, Timestamp};

/// A one-line message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub error: bool,
    pub text: String,
}

/// Everything the screen shows.
#[derive(Debug, Clone)]
pub struct State {
    pub source: Source,
    pub read_only: bool,
    /// Wall clock as of the last tick (ages are computed from it; tests fix it).
    pub now: Timestamp,
    pub inventory: Inventory,
    /// The inventory as a whole (the API lists).
    pub load: Remote<()>,
    /// Parts of a progressive load.
    pub parts: BTreeMap<PartKey, Remote<()>>,
    /// Set when the inventory shown came from the on-disk cache.
    pub cached_at: Option<Timestamp>,
    /// Id of the load whose replies are current; older replies are dropped.
    pub load_req: u64,
    pub next_req: u64,
    pub focus: Pane,
    /// The pane Details describes (the last list pane focused).
    pub detail_of: Pane,
    pub api: Option<ApiRef>,
    /// True once the user (or the URL bar) chose an API: until then the selection follows
    /// the first row as API lists arrive.
    pub api_chosen: bool,
    pub stage: Option<String>,
    /// Selected row of the Domains pane.
    pub domain_row: Option<super::rows::DomainKey>,
    pub tree: TreeState,
    pub filters: BTreeMap<Pane, Filter>,
    /// True while typing into the focused pane's filter.
    pub editing_filter: bool,
    pub url: UrlBar,
    pub help: bool,
    pub help_scroll: u16,
    pub details_scroll: u16,
    pub palette: Option<Palette>,
    pub dialog: Option<Dialog>,
    pub message: Option<Message>,
    /// Spinner frame counter.
    pub tick: u64,
    /// Profile names for the palette (live mode).
    pub profiles: Vec<String>,
    /// The routing engine for the current inventory (rebuilt when it changes).
    pub matcher: Option<std::sync::Arc<super::matching::Matcher>>,
}

impl State {
    pub fn new(source: Source, read_only: bool) -> Self {
        Self {
            source,
            read_only,
            now: Utc::now(),
            inventory: Inventory::default(),
            load: Remote::Idle,
            parts: BTreeMap::new(),
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
            message: None,
            tick: 0,
            profiles: Vec::new(),
            matcher: None,
        }
    }

    /// A fresh request id.
    pub fn request_id(&mut self) -> u64 {
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

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            error: false,
            text: text.into(),
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            error: true,
            text: text.into(),
        });
    }

    /// The state of one part of the load (Ready when not loading progressively).
    pub fn part(&self, key: &PartKey) -> &Remote<()> {
        static READY: Remote<()> = Remote::Ready(());
        self.parts.get(key).unwrap_or(&READY)
    }
}
