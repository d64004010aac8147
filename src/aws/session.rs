//! A loader seen from one caller that waits for what it asked: the CLI (`match` reads only
//! what its URL needs, `snapshot` everything), the reads before a mutation and the
//! read-back after it. It keeps the inventory and the state of each part as they arrive.

use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

use super::client::Clients;
use super::loader::{self, LoadHandle, LoaderMsg, Mode};
use super::ratelimit::LoadLimits;
use crate::config::LiveTarget;
use crate::domain::load::{Coverage, LoadError, PartKey, PartState};
use crate::domain::model::{Inventory, LoadIssue};
use crate::domain::routing::{evaluate, MatchContext, Request, Verdict};

/// An open loader and what it has read so far.
pub struct Session {
    handle: LoadHandle,
    rx: UnboundedReceiver<LoaderMsg>,
    pub inventory: Inventory,
    pub coverage: Coverage,
    requests: u64,
    closed: bool,
}

impl Session {
    /// A loader for a live account (inside a tokio runtime).
    pub fn open(target: &LiveTarget, mode: Mode) -> Self {
        let (tx, rx) = unbounded_channel();
        let handle = loader::spawn(target.clone(), mode, &Inventory::default(), tx);
        Self::new(handle, rx)
    }

    /// A loader over given clients (tests, benchmarks).
    pub fn with_clients(clients: Clients, limits: LoadLimits, mode: Mode) -> Self {
        let (tx, rx) = unbounded_channel();
        let handle = loader::spawn_with(clients, limits, mode, tx);
        Self::new(handle, rx)
    }

    /// A session over a loader started elsewhere (its messages go to `rx`).
    pub fn new(handle: LoadHandle, rx: UnboundedReceiver<LoaderMsg>) -> Self {
        Self {
            handle,
            rx,
            inventory: Inventory::default(),
            coverage: Coverage::partial(),
            requests: 0,
            closed: false,
        }
    }

    /// Requests sent so far (first attempts), as of the last time the queue drained.
    pub fn requests(&self) -> u64 {
        self.requests
    }

    /// Reads the parts not read yet and waits until each has arrived or failed.
    pub async fn read(&mut self, keys: impl IntoIterator<Item = PartKey>) {
        let keys: Vec<PartKey> = keys
            .into_iter()
            .filter(|k| !self.coverage.get(k).is_read())
            .collect();
        if keys.is_empty() {
            return;
        }
        for k in &keys {
            self.coverage.asked(k.clone());
        }
        self.handle.want(keys.clone());
        while !self.closed && keys.iter().any(|k| self.coverage.get(k).is_pending()) {
            self.next().await;
        }
    }

    /// The verdict for `req`, reading what it waits for until it is decided (ROUTING.md
    /// section 8): only the parts its URL needs are read. A part that could not be read
    /// leaves the verdict unknown on that point.
    pub async fn decide(&mut self, req: &Request, ctx: &MatchContext<'_>) -> Verdict {
        loop {
            let cx = MatchContext {
                coverage: Some(&self.coverage),
                ..ctx.clone()
            };
            let v = evaluate(&self.inventory, req, &cx);
            if !v.is_pending() {
                return v;
            }
            let wanted = v.pending.clone();
            self.read(wanted.clone()).await;
            if self.closed || wanted.iter().all(|k| self.coverage.get(k).is_pending()) {
                return v;
            }
        }
    }

    /// Waits until the loader's clients are built (the region is then known).
    pub async fn until_ready(&mut self) {
        while !self.closed {
            if let Some(LoaderMsg::Ready { .. }) = self.next().await {
                return;
            }
        }
    }

    /// Waits until the loader's queue drains (a crawl: the whole account).
    pub async fn until_done(&mut self) {
        while !self.closed {
            if let Some(LoaderMsg::Done(_)) = self.next().await {
                return;
            }
        }
    }

    /// Takes one message in; `None` when the loader is gone.
    async fn next(&mut self) -> Option<LoaderMsg> {
        let Some(msg) = self.rx.recv().await else {
            self.closed = true;
            return None;
        };
        self.absorb(&msg);
        Some(msg)
    }

    fn absorb(&mut self, msg: &LoaderMsg) {
        match msg {
            LoaderMsg::Ready { region } => {
                if self.inventory.region.is_none() {
                    self.inventory.region = region.clone();
                }
            }
            LoaderMsg::Queued(keys) => keys.iter().for_each(|k| self.coverage.asked(k.clone())),
            LoaderMsg::Part(ev) => match &ev.result {
                Ok(part) => {
                    self.inventory.apply(part.clone());
                    self.coverage.set(ev.key.clone(), PartState::Read);
                }
                Err(e) => self
                    .coverage
                    .set(ev.key.clone(), PartState::Failed(e.clone())),
            },
            LoaderMsg::Done(s) => {
                self.requests = s.requests;
                if self.inventory.region.is_none() {
                    self.inventory.region = s.region.clone();
                }
            }
        }
    }

    /// Parts that failed, with their errors.
    pub fn failures(&self) -> Vec<(PartKey, LoadError)> {
        let failed = self.coverage.failed();
        failed.map(|(k, e)| (k.clone(), e.clone())).collect()
    }

    /// The inventory with each failed part named in `issues`.
    pub fn into_inventory(mut self) -> Inventory {
        for (key, e) in self.failures() {
            self.inventory.issues.push(LoadIssue {
                part: key.label(&self.inventory),
                message: e.to_string(),
                key: Some(key),
            });
        }
        self.handle.cancel();
        self.inventory
    }
}
