//! The loader's queue: part jobs with bounded concurrency under one limiter, wanted parts
//! first, prerequisites (stages before deployments) respected, each part sent as soon as
//! it arrives. A failed part never stops the others.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use futures::stream::{FuturesUnordered, StreamExt};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use super::deployed::{self, Known};
use super::{Control, LoadEvent, LoadSummary, LoaderMsg, Mode};
use crate::aws::client::{self, Clients};
use crate::aws::parts::{fetch, JobInput};
use crate::aws::ratelimit::LoadLimits;
use crate::config::LiveTarget;
use crate::domain::load::{LoadError, LoadErrorKind, LoadPart, PartKey, PartKind, Subject};
use crate::domain::model::{ApiKind, ApiRef, Inventory};

type JobFuture = Pin<Box<dyn Future<Output = (PartKey, Result<LoadPart, LoadError>)> + Send>>;

/// Clients of other regions, built when a part there is first read.
type Regional = Arc<tokio::sync::Mutex<HashMap<String, Clients>>>;

pub(super) struct Loader {
    clients: Clients,
    regional: Regional,
    /// What regional clients are built from (`None`: clients were given, e.g. mocks).
    pub target: Option<LiveTarget>,
    /// What the home clients' shared limiter had let through before this load started.
    sent_before: u64,
    concurrency: usize,
    mode: Mode,
    tx: UnboundedSender<LoaderMsg>,
    queue: VecDeque<PartKey>,
    /// Queued or in flight.
    busy: HashSet<PartKey>,
    /// Deployments parts waiting for their API's stages.
    parked: Vec<PartKey>,
    read: HashSet<PartKey>,
    failed: BTreeSet<PartKey>,
    inventory: Inventory,
    /// The API asked for last: its parts go first, also those queued later.
    priority: Option<ApiRef>,
    /// Deployed summaries already read (deployments are immutable: never read twice).
    pub known: Known,
}

impl Loader {
    pub fn new(
        clients: Clients,
        limits: LoadLimits,
        mode: Mode,
        tx: UnboundedSender<LoaderMsg>,
    ) -> Self {
        let sent_before = clients.limiter.sent();
        let mut l = Self {
            inventory: Inventory {
                region: clients.cx.region.clone(),
                ..Inventory::default()
            },
            clients,
            regional: Regional::default(),
            target: None,
            sent_before,
            concurrency: limits.concurrency.max(1),
            mode,
            tx,
            queue: VecDeque::new(),
            busy: HashSet::new(),
            parked: Vec::new(),
            read: HashSet::new(),
            failed: BTreeSet::new(),
            priority: None,
            known: Known::new(),
        };
        if mode == Mode::Crawl {
            // Announced when the loop starts (nothing is sent before `run`).
            let lists = [
                PartKind::RestApis,
                PartKind::HttpApis,
                PartKind::Domains,
                PartKind::Account,
                PartKind::UsagePlans,
                PartKind::ApiKeys,
            ];
            for k in lists.map(PartKey::account) {
                l.busy.insert(k.clone());
                l.queue.push_back(k);
            }
        }
        l
    }

    fn send(&self, msg: LoaderMsg) -> bool {
        self.tx.send(msg).is_ok()
    }

    pub async fn run(mut self, mut ctl: UnboundedReceiver<Control>) {
        let region = self.clients.cx.region.clone();
        if !self.send(LoaderMsg::Ready { region }) {
            return;
        }
        if !self.queue.is_empty()
            && !self.send(LoaderMsg::Queued(self.queue.iter().cloned().collect()))
        {
            return;
        }
        let mut inflight: FuturesUnordered<JobFuture> = FuturesUnordered::new();
        let mut ctl_open = true;
        let mut done_sent = false;
        loop {
            while inflight.len() < self.concurrency {
                let Some(key) = self.next_job() else { break };
                inflight.push(self.start(key));
                done_sent = false;
            }
            if inflight.is_empty() && !done_sent {
                if !self.send(LoaderMsg::Done(self.summary())) {
                    return;
                }
                done_sent = true;
            }
            if inflight.is_empty() && !ctl_open {
                return;
            }
            tokio::select! {
                Some((key, result)) = inflight.next(), if !inflight.is_empty() => {
                    if !self.finish(key, result) {
                        return;
                    }
                }
                msg = ctl.recv(), if ctl_open => match msg {
                    None => ctl_open = false,
                    Some(Control::Want(keys)) => self.want(keys, false),
                    Some(Control::Retry(key)) => self.want(vec![key], true),
                    Some(Control::Prioritize(api)) => self.prioritize(&api),
                },
                else => return,
            }
        }
    }

    fn summary(&self) -> LoadSummary {
        LoadSummary {
            failed: self.failed.iter().cloned().collect(),
            requests: self.clients.limiter.sent() - self.sent_before,
            region: self.clients.cx.region.clone(),
        }
    }

    /// The next job to start: the queue's first, else a parked job whose prerequisite is
    /// no longer on its way (normally `unpark` releases them when it arrives).
    fn next_job(&mut self) -> Option<PartKey> {
        if let Some(k) = self.queue.pop_front() {
            return Some(k);
        }
        let free = self.parked.iter().position(|k| {
            self.prerequisite(k)
                .is_none_or(|pre| !self.busy.contains(&pre))
        })?;
        Some(self.parked.remove(free))
    }

    /// Queues keys (at the front when wanted now); announces the new ones.
    fn enqueue(&mut self, keys: Vec<PartKey>, front: bool) {
        let mut new = Vec::new();
        for key in keys {
            if self.busy.insert(key.clone()) {
                new.push(key);
            } else if front {
                // Already queued: move it up (in flight: nothing to do).
                if let Some(i) = self.queue.iter().position(|k| *k == key) {
                    if let Some(k) = self.queue.remove(i) {
                        self.queue.push_front(k);
                    }
                }
            }
        }
        if new.is_empty() {
            return;
        }
        if front {
            for k in new.iter().rev() {
                self.queue.push_front(k.clone());
            }
        } else {
            self.queue.extend(new.iter().cloned());
        }
        let _ = self.tx.send(LoaderMsg::Queued(new));
    }

    /// Parts asked for (`force`: read again even when read).
    fn want(&mut self, keys: Vec<PartKey>, force: bool) {
        let mut now = Vec::new();
        for key in keys {
            if !force && self.read.contains(&key) {
                continue;
            }
            if force {
                self.read.remove(&key);
            }
            match self.prerequisite(&key) {
                Some(pre) => {
                    now.push(pre);
                    if self.busy.insert(key.clone()) {
                        self.parked.push(key.clone());
                        let _ = self.tx.send(LoaderMsg::Queued(vec![key]));
                    }
                }
                None => now.push(key),
            }
        }
        self.enqueue(now, true);
    }

    /// What must be read before `key`: a deployments part reads the deployments its
    /// API's stages serve.
    fn prerequisite(&self, key: &PartKey) -> Option<PartKey> {
        let api = key.api()?;
        let stages = PartKey::of(api.clone(), PartKind::Stages);
        (key.kind == PartKind::Deployments
            && !self.read.contains(&stages)
            && !self.failed.contains(&stages))
        .then_some(stages)
    }

    fn prioritize(&mut self, api: &ApiRef) {
        self.priority = Some(api.clone());
        let parts = api
            .kind
            .parts()
            .iter()
            .filter(|k| **k != PartKind::Deployments);
        let keys: Vec<PartKey> = parts.map(|k| PartKey::of(api.clone(), *k)).collect();
        self.want(keys, false);
    }

    fn start(&self, key: PartKey) -> JobFuture {
        let input = self.input_for(&key);
        let region = self.region_of(&key);
        let (clients, regional, target) = (
            self.clients.clone(),
            self.regional.clone(),
            self.target.clone(),
        );
        Box::pin(async move {
            let c = match clients_for(&clients, &regional, target.as_ref(), region).await {
                Ok(c) => c,
                Err(e) => return (key, Err(e)),
            };
            let r = fetch(&c, &c.limiter, &key, &input).await;
            (key, r)
        })
    }

    fn input_for(&self, key: &PartKey) -> JobInput {
        let mut input = JobInput::default();
        match &key.subject {
            Subject::Api(api) if key.kind == PartKind::Deployments => {
                input.deployed = deployed::to_read(&self.inventory, &self.known, api);
            }
            Subject::Domain(name) => {
                input.domain = self
                    .inventory
                    .domains
                    .iter()
                    .find(|d| &d.name == name)
                    .cloned();
            }
            _ => {}
        }
        input
    }

    /// The region a part is read in: an API's own (read by id elsewhere), or the one its
    /// key names; `None` for the loader's own.
    fn region_of(&self, key: &PartKey) -> Option<String> {
        match &key.subject {
            Subject::ApiId { region, .. } => region.clone(),
            Subject::Api(api) => self
                .inventory
                .api(api)
                .and_then(|a| a.own_region())
                .map(str::to_string),
            _ => None,
        }
    }

    /// Records a finished job, queues what follows from it and sends the event. `false`
    /// when nobody listens any more.
    fn finish(&mut self, key: PartKey, result: Result<LoadPart, LoadError>) -> bool {
        self.busy.remove(&key);
        let result = result.map(|p| deployed::reuse_known(&mut self.known, p));
        match &result {
            Ok(part) => {
                self.failed.remove(&key);
                self.read.insert(key.clone());
                self.inventory.apply(part.clone());
                self.follow_up(&key, part);
            }
            Err(e) => {
                tracing::warn!(part = ?key, error = %e, "part failed");
                self.failed.insert(key.clone());
                self.unpark(&key);
            }
        }
        self.send(LoaderMsg::Part(LoadEvent { key, result }))
    }

    /// Stages arrived or failed: the deployments part waiting for them may go (with no
    /// summaries to read when the stages failed).
    fn unpark(&mut self, key: &PartKey) {
        let (Some(api), PartKind::Stages) = (key.api(), key.kind) else {
            return;
        };
        let deps = PartKey::of(api.clone(), PartKind::Deployments);
        if let Some(i) = self.parked.iter().position(|k| *k == deps) {
            let k = self.parked.remove(i);
            self.queue.push_front(k);
        } else if self.mode == Mode::Crawl && !self.busy.contains(&deps) {
            self.enqueue(vec![deps], true);
        }
    }

    fn follow_up(&mut self, key: &PartKey, part: &LoadPart) {
        self.unpark(key);
        if self.mode != Mode::Crawl {
            return;
        }
        let keys: Vec<PartKey> = match part {
            LoadPart::RestApis(list) => {
                api_parts(list.iter().map(|a| (&a.name, &a.id)), ApiKind::Rest)
            }
            LoadPart::HttpApis(list) => {
                api_parts(list.iter().map(|a| (&a.name, &a.id)), ApiKind::Http)
            }
            LoadPart::ApiRecord { .. } => match self
                .inventory
                .apis()
                .find(|a| Some(a.id()) == record_id(key))
            {
                Some(a) => api_parts([(&a.name().to_string(), &a.id().to_string())], a.kind()),
                None => return,
            },
            LoadPart::Domains(list) => list.iter().map(|d| PartKey::domain(&d.name)).collect(),
            _ => return,
        };
        self.enqueue(keys, false);
        if let Some(p) = self.priority.clone() {
            self.prioritize(&p);
        }
    }
}

fn record_id(key: &PartKey) -> Option<&str> {
    match &key.subject {
        Subject::ApiId { id, .. } => Some(id),
        _ => None,
    }
}

/// Every part of each API (deployments follow the stages), APIs by name.
fn api_parts<'a>(
    apis: impl IntoIterator<Item = (&'a String, &'a String)>,
    kind: ApiKind,
) -> Vec<PartKey> {
    let mut v: Vec<(&String, &String)> = apis.into_iter().collect();
    v.sort();
    let parts = kind.parts().iter().filter(|k| **k != PartKind::Deployments);
    let parts: Vec<PartKind> = parts.copied().collect();
    v.into_iter()
        .flat_map(|(_, id)| {
            let api = ApiRef {
                kind,
                id: id.clone(),
            };
            parts.iter().map(move |k| PartKey::of(api.clone(), *k))
        })
        .collect()
}

/// The clients for a region: the loader's own, or built once per other region.
async fn clients_for(
    own: &Clients,
    regional: &Regional,
    target: Option<&LiveTarget>,
    region: Option<String>,
) -> Result<Clients, LoadError> {
    let Some(region) = region.filter(|r| Some(r) != own.cx.region.as_ref()) else {
        return Ok(own.clone());
    };
    let mut map = regional.lock().await;
    if let Some(c) = map.get(&region) {
        return Ok(c.clone());
    }
    let Some(target) = target else {
        return Err(LoadError::new(
            LoadErrorKind::Other,
            format!("cannot read region {region}: no account target to build its clients from"),
        ));
    };
    let t = LiveTarget {
        region: Some(region.clone()),
        ..target.clone()
    };
    let c = client::build(&t).await?;
    map.insert(region, c.clone());
    Ok(c)
}
