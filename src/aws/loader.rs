//! The progressive inventory loader: API lists first, then every part of every API in
//! priority order, with bounded concurrency and a client-side rate limit. Each part is sent
//! as soon as it arrives; a failed part never stops the others.
//!
//! ```text
//! spawn_load(target, tx) ──► LoaderMsg::Part(LoadEvent { key, result })  (one per part)
//!                        └─► LoaderMsg::Done(LoadSummary)  (each time the queue drains)
//! handle.prioritize(api) / handle.retry(key) / handle.cancel()
//! ```
//! The task lives while a [`LoadHandle`] exists (so `retry` works after `Done`), and stops
//! when the receiver is dropped, on `cancel()`, or when every handle is dropped and the
//! queue is empty.

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use futures::stream::{FuturesUnordered, StreamExt};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

use super::client::{self, Clients};
use super::parts::{api_parts, fetch, Deployed};
use super::ratelimit::{Limiter, LoadLimits};
use crate::config::LiveTarget;
use crate::domain::load::{LoadError, LoadPart, PartKey, PartKind};
use crate::domain::model::{ApiKind, ApiRef, Inventory};

use deployed::Known;

mod deployed;

/// One part arrived (or failed).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadEvent {
    pub key: PartKey,
    pub result: Result<LoadPart, LoadError>,
}

/// What the loader sends.
#[derive(Debug, Clone, PartialEq)]
pub enum LoaderMsg {
    Part(LoadEvent),
    /// Nothing left to load (sent again after each retry drains).
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

enum Control {
    Prioritize(ApiRef),
    Retry(PartKey),
}

/// Steers a running load. Cheap to clone.
#[derive(Debug, Clone)]
pub struct LoadHandle {
    ctl: UnboundedSender<Control>,
    abort: tokio::task::AbortHandle,
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Prioritize(a) => write!(f, "Prioritize({a:?})"),
            Self::Retry(k) => write!(f, "Retry({k:?})"),
        }
    }
}

impl LoadHandle {
    /// Moves this API's pending parts to the front of the queue.
    pub fn prioritize(&self, api: ApiRef) {
        let _ = self.ctl.send(Control::Prioritize(api));
    }

    /// Loads this part again (ignored while it is queued or in flight).
    pub fn retry(&self, key: PartKey) {
        let _ = self.ctl.send(Control::Retry(key));
    }

    /// Stops the load now; in-flight requests are dropped and no `Done` is sent.
    pub fn cancel(&self) {
        self.abort.abort();
    }
}

/// Starts loading a live account in the background (call inside a tokio runtime), waiting
/// on the limiter the clients share (paced by endpoint, see ratelimit.rs). A client that
/// cannot be built (no region) fails the three account parts with the reason, then sends
/// `Done`.
pub fn spawn_load(target: LiveTarget, tx: UnboundedSender<LoaderMsg>) -> LoadHandle {
    spawn_load_reusing(target, &Inventory::default(), tx)
}

/// Like [`spawn_load`], reusing the deployed summaries `previous` (e.g. the cached
/// inventory) already holds: a deployment never changes, so its summary is not read again.
pub fn spawn_load_reusing(
    target: LiveTarget,
    previous: &Inventory,
    tx: UnboundedSender<LoaderMsg>,
) -> LoadHandle {
    let known = deployed::known_summaries(previous);
    let (ctl_tx, ctl_rx) = unbounded_channel();
    let task = tokio::spawn(async move {
        match client::build(&target).await {
            Ok(clients) => {
                let limits = clients.limiter.limits();
                let mut loader = Loader::new(clients, limits, tx);
                loader.known = known;
                loader.run(ctl_rx).await
            }
            Err(e) => fail_all(&tx, e),
        }
    });
    LoadHandle {
        ctl: ctl_tx,
        abort: task.abort_handle(),
    }
}

/// Like [`spawn_load`] with clients given (tests, benchmarks): `limits` sets the
/// concurrency; requests wait on the clients' limiter (the one their interceptor reports
/// throttles to: for other rates use `Clients::with_limiter` or `client::build_with`).
pub fn spawn_load_with(
    clients: Clients,
    limits: LoadLimits,
    tx: UnboundedSender<LoaderMsg>,
) -> LoadHandle {
    let (ctl_tx, ctl_rx) = unbounded_channel();
    let task = tokio::spawn(Loader::new(clients, limits, tx).run(ctl_rx));
    LoadHandle {
        ctl: ctl_tx,
        abort: task.abort_handle(),
    }
}

fn fail_all(tx: &UnboundedSender<LoaderMsg>, e: LoadError) {
    let kinds = [PartKind::RestApis, PartKind::HttpApis, PartKind::Domains];
    for kind in kinds {
        let _ = tx.send(LoaderMsg::Part(LoadEvent {
            key: PartKey::account(kind),
            result: Err(e.clone()),
        }));
    }
    let failed = kinds.into_iter().map(PartKey::account).collect();
    let _ = tx.send(LoaderMsg::Done(LoadSummary {
        failed,
        requests: 0,
        region: None,
    }));
}

/// A queued unit of work: one part, plus (for deployments) the deployed state to read.
#[derive(Debug, Clone)]
struct Job {
    key: PartKey,
    deployed: Deployed,
}

impl Job {
    fn new(key: PartKey) -> Self {
        Self {
            key,
            deployed: Deployed::default(),
        }
    }
}

type JobFuture = Pin<Box<dyn Future<Output = (Job, Result<LoadPart, LoadError>)> + Send>>;

struct Loader {
    clients: Clients,
    limiter: Arc<Limiter>,
    /// What the shared limiter had let through before this load started.
    sent_before: u64,
    concurrency: usize,
    tx: UnboundedSender<LoaderMsg>,
    queue: VecDeque<Job>,
    busy: HashSet<PartKey>,
    failed: BTreeSet<PartKey>,
    inventory: Inventory,
    /// The API asked for last: its parts go first, also those queued later.
    priority: Option<ApiRef>,
    /// Deployed summaries already read (deployments are immutable: never read twice).
    known: Known,
}

impl Loader {
    fn new(clients: Clients, limits: LoadLimits, tx: UnboundedSender<LoaderMsg>) -> Self {
        let (limiter, sent_before) = (clients.limiter.clone(), clients.limiter.sent());
        let mut l = Self {
            clients,
            limiter,
            sent_before,
            concurrency: limits.concurrency.max(1),
            tx,
            queue: VecDeque::new(),
            busy: HashSet::new(),
            failed: BTreeSet::new(),
            inventory: Inventory::default(),
            priority: None,
            known: Known::new(),
        };
        for kind in [PartKind::RestApis, PartKind::HttpApis, PartKind::Domains] {
            l.enqueue(Job::new(PartKey::account(kind)), false);
        }
        l
    }

    fn enqueue(&mut self, job: Job, front: bool) {
        if self.busy.insert(job.key.clone()) {
            if front {
                self.queue.push_front(job);
            } else {
                self.queue.push_back(job);
            }
        }
    }

    async fn run(mut self, mut ctl: UnboundedReceiver<Control>) {
        let mut inflight: FuturesUnordered<JobFuture> = FuturesUnordered::new();
        let mut ctl_open = true;
        let mut done_sent = false;
        loop {
            while inflight.len() < self.concurrency {
                let Some(job) = self.queue.pop_front() else {
                    break;
                };
                inflight.push(self.start(job));
                done_sent = false;
            }
            if inflight.is_empty() && !done_sent {
                let summary = LoadSummary {
                    failed: self.failed.iter().cloned().collect(),
                    requests: self.limiter.sent() - self.sent_before,
                    region: self.clients.cx.region.clone(),
                };
                if self.tx.send(LoaderMsg::Done(summary)).is_err() {
                    return;
                }
                done_sent = true;
            }
            if inflight.is_empty() && !ctl_open {
                return;
            }
            tokio::select! {
                Some((job, result)) = inflight.next(), if !inflight.is_empty() => {
                    if !self.finish(job, result) {
                        return;
                    }
                }
                msg = ctl.recv(), if ctl_open => match msg {
                    None => ctl_open = false,
                    Some(Control::Prioritize(api)) => self.prioritize(&api),
                    Some(Control::Retry(key)) => self.retry(key),
                },
                else => return,
            }
        }
    }

    fn prioritize(&mut self, api: &ApiRef) {
        self.priority = Some(api.clone());
        let (mine, rest): (VecDeque<Job>, VecDeque<Job>) = self
            .queue
            .drain(..)
            .partition(|j| j.key.api.as_ref() == Some(api));
        self.queue = mine;
        self.queue.extend(rest);
    }

    fn retry(&mut self, key: PartKey) {
        let mut job = Job::new(key);
        if let (Some(api), PartKind::Deployments) = (&job.key.api, job.key.kind) {
            job.deployed = deployed::to_read(&self.inventory, &self.known, api);
        }
        self.enqueue(job, true);
    }

    fn start(&self, job: Job) -> JobFuture {
        let clients = self.clients.clone();
        let lim = self.limiter.clone();
        Box::pin(async move {
            let r = fetch(&clients, &lim, &job.key, &job.deployed).await;
            (job, r)
        })
    }

    /// Records a finished job, queues what follows from it and sends the event. `false`
    /// when nobody listens any more.
    fn finish(&mut self, job: Job, result: Result<LoadPart, LoadError>) -> bool {
        self.busy.remove(&job.key);
        let result = result.map(|p| deployed::reuse_known(&mut self.known, p));
        match &result {
            Ok(part) => {
                self.failed.remove(&job.key);
                self.inventory.apply(part.clone());
                self.follow_up(part);
            }
            Err(e) => {
                tracing::warn!(part = ?job.key, error = %e, "part failed");
                self.failed.insert(job.key.clone());
                if let (Some(api), PartKind::Stages) = (&job.key.api, job.key.kind) {
                    // Deployments are still listed; their summaries stay unknown.
                    let key = PartKey::of(api.clone(), PartKind::Deployments);
                    self.enqueue(Job::new(key), true);
                }
            }
        }
        let event = LoadEvent {
            key: job.key,
            result,
        };
        self.tx.send(LoaderMsg::Part(event)).is_ok()
    }

    fn follow_up(&mut self, part: &LoadPart) {
        let apis: Vec<ApiRef> = match part {
            LoadPart::RestApis(list) => {
                let mut v: Vec<_> = list
                    .iter()
                    .map(|a| (a.name.clone(), a.id.clone()))
                    .collect();
                v.sort();
                v.into_iter()
                    .map(|(_, id)| ApiRef {
                        kind: ApiKind::Rest,
                        id,
                    })
                    .collect()
            }
            LoadPart::HttpApis(list) => {
                let mut v: Vec<_> = list
                    .iter()
                    .map(|a| (a.name.clone(), a.id.clone()))
                    .collect();
                v.sort();
                v.into_iter()
                    .map(|(_, id)| ApiRef {
                        kind: ApiKind::Http,
                        id,
                    })
                    .collect()
            }
            LoadPart::RestStages { api_id, .. } | LoadPart::HttpStages { api_id, .. } => {
                let kind = match part {
                    LoadPart::RestStages { .. } => ApiKind::Rest,
                    _ => ApiKind::Http,
                };
                let api = ApiRef {
                    kind,
                    id: api_id.clone(),
                };
                let mut job = Job::new(PartKey::of(api.clone(), PartKind::Deployments));
                job.deployed = deployed::to_read(&self.inventory, &self.known, &api);
                self.enqueue(job, true);
                return;
            }
            _ => return,
        };
        for api in apis {
            for kind in api_parts(api.kind) {
                self.enqueue(Job::new(PartKey::of(api.clone(), *kind)), false);
            }
        }
        if let Some(p) = self.priority.clone() {
            self.prioritize(&p);
        }
    }
}
