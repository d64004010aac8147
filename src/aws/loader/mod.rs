//! The loader: every read of the inventory goes through it — the TUI's progressive load,
//! `apigw match` reading only what its URL needs, the reads before a mutation and the
//! read-back after it. One queue of part jobs with bounded concurrency, one rate limiter,
//! the SDK's retries, and `aws/convert.rs` behind every part.
//!
//! ```text
//! spawn(target, mode, tx) ──► LoaderMsg::Ready { region }           (clients built)
//!                         ├─► LoaderMsg::Queued(keys)               (now being read)
//!                         ├─► LoaderMsg::Part(LoadEvent)            (one per part)
//!                         └─► LoaderMsg::Done(LoadSummary)          (each time the queue drains)
//! handle.want(keys) / handle.prioritize(api) / handle.retry(key) / handle.cancel()
//! ```
//! [`Mode::Crawl`] reads the whole account (the API lists, then every API's and domain's
//! parts); [`Mode::OnDemand`] reads only what is wanted (plus what a wanted part depends
//! on: a deployments part waits for its API's stages). Wanted parts go to the front of the
//! queue; nothing already sent is cancelled or sent twice. The task lives while a
//! [`LoadHandle`] exists and stops when the receiver is dropped or on `cancel()`.

use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

use super::client::{self, Clients};
use super::ratelimit::LoadLimits;
use crate::config::LiveTarget;
use crate::domain::load::{LoadError, LoadPart, PartKey, PartKind};
use crate::domain::model::{ApiRef, Inventory};

mod deployed;
mod engine;

/// One part arrived (or failed).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadEvent {
    pub key: PartKey,
    pub result: Result<LoadPart, LoadError>,
}

/// What the loader sends.
#[derive(Debug, Clone, PartialEq)]
pub enum LoaderMsg {
    /// The clients are built; the region the inventory is read in.
    Ready {
        region: Option<String>,
    },
    /// These parts are now queued or in flight.
    Queued(Vec<PartKey>),
    Part(LoadEvent),
    /// Nothing left to load (sent again each time the queue drains).
    Done(LoadSummary),
}

/// Totals at the moment the queue drained.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadSummary {
    /// Parts whose last attempt failed.
    pub failed: Vec<PartKey>,
    /// Requests sent so far by this load (first attempts).
    pub requests: u64,
    /// The region the clients resolved (None when they could not be built).
    pub region: Option<String>,
}

/// How much a loader reads by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The whole account: the lists, then every API's and domain's parts (the TUI).
    Crawl,
    /// Only the parts asked for with [`LoadHandle::want`] (the CLI, mutations).
    OnDemand,
}

#[derive(Debug)]
enum Control {
    Want(Vec<PartKey>),
    Prioritize(ApiRef),
    Retry(PartKey),
}

/// Steers a running load. Cheap to clone.
#[derive(Debug, Clone)]
pub struct LoadHandle {
    ctl: UnboundedSender<Control>,
    abort: tokio::task::AbortHandle,
}

impl LoadHandle {
    /// Reads these parts next (those not read yet and not already on their way).
    pub fn want(&self, keys: Vec<PartKey>) {
        if !keys.is_empty() {
            let _ = self.ctl.send(Control::Want(keys));
        }
    }

    /// Moves this API's parts to the front of the queue (and keeps its later ones there).
    pub fn prioritize(&self, api: ApiRef) {
        let _ = self.ctl.send(Control::Prioritize(api));
    }

    /// Reads this part again (ignored while it is queued or in flight).
    pub fn retry(&self, key: PartKey) {
        let _ = self.ctl.send(Control::Retry(key));
    }

    /// Stops the load now; in-flight requests are dropped and no `Done` is sent.
    pub fn cancel(&self) {
        self.abort.abort();
    }
}

/// Starts a loader for a live account (call inside a tokio runtime), waiting on the
/// limiter the clients share (paced by endpoint, see ratelimit.rs). `previous` (e.g. the cached inventory) lends its deployed
/// summaries: a deployment never changes, so its summary is not read again. A client that
/// cannot be built fails the account lists with the reason, then sends `Done`.
pub fn spawn(
    target: LiveTarget,
    mode: Mode,
    previous: &Inventory,
    tx: UnboundedSender<LoaderMsg>,
) -> LoadHandle {
    let known = deployed::known_summaries(previous);
    let (ctl_tx, ctl_rx) = unbounded_channel();
    let task = tokio::spawn(async move {
        match client::build(&target).await {
            Ok(clients) => {
                let limits = clients.limiter.limits();
                let mut l = engine::Loader::new(clients, limits, mode, tx);
                l.target = Some(target);
                l.known = known;
                l.run(ctl_rx).await
            }
            Err(e) => fail_all(&tx, ctl_rx, e).await,
        }
    });
    LoadHandle {
        ctl: ctl_tx,
        abort: task.abort_handle(),
    }
}

/// A whole-account load (the TUI's): [`spawn`] in [`Mode::Crawl`].
pub fn spawn_load(target: LiveTarget, tx: UnboundedSender<LoaderMsg>) -> LoadHandle {
    spawn(target, Mode::Crawl, &Inventory::default(), tx)
}

/// Like [`spawn`] with clients given (tests, benchmarks): `limits` sets the concurrency;
/// requests wait on the clients' limiter (the one their interceptor reports throttles to:
/// for other rates use `Clients::with_limiter` or `client::build_with`). APIs in other
/// regions cannot be read (there is no target to build their clients from).
pub fn spawn_with(
    clients: Clients,
    limits: LoadLimits,
    mode: Mode,
    tx: UnboundedSender<LoaderMsg>,
) -> LoadHandle {
    let (ctl_tx, ctl_rx) = unbounded_channel();
    let task = tokio::spawn(engine::Loader::new(clients, limits, mode, tx).run(ctl_rx));
    LoadHandle {
        ctl: ctl_tx,
        abort: task.abort_handle(),
    }
}

/// A whole-account load with clients given: [`spawn_with`] in [`Mode::Crawl`].
pub fn spawn_load_with(
    clients: Clients,
    limits: LoadLimits,
    tx: UnboundedSender<LoaderMsg>,
) -> LoadHandle {
    spawn_with(clients, limits, Mode::Crawl, tx)
}

/// No clients: every part asked for fails with the reason (the account lists at once), so
/// whoever waits is told why instead of waiting forever.
async fn fail_all(
    tx: &UnboundedSender<LoaderMsg>,
    mut ctl: tokio::sync::mpsc::UnboundedReceiver<Control>,
    e: LoadError,
) {
    let lists = [PartKind::RestApis, PartKind::HttpApis, PartKind::Domains].map(PartKey::account);
    let fail = |keys: Vec<PartKey>| {
        for key in keys {
            let ev = LoadEvent {
                key,
                result: Err(e.clone()),
            };
            if tx.send(LoaderMsg::Part(ev)).is_err() {
                return false;
            }
        }
        let done = LoadSummary {
            failed: lists.to_vec(),
            requests: 0,
            region: None,
        };
        tx.send(LoaderMsg::Done(done)).is_ok()
    };
    if !fail(lists.to_vec()) {
        return;
    }
    while let Some(c) = ctl.recv().await {
        let keys = match c {
            Control::Want(keys) => keys,
            Control::Retry(key) => vec![key],
            Control::Prioritize(_) => continue,
        };
        if !fail(keys) {
            return;
        }
    }
}
