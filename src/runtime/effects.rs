//! Performs Effects: loads (offline, cached, progressive live), clipboard, profile lists,
//! mutations. Nothing here blocks the event loop: file reads and writes (snapshot, cache)
//! run on tokio's blocking pool, network work on tasks, and each answers with an Action
//! carrying its request id.

use std::io::Write;
use std::sync::Arc;

use tokio::runtime::Handle;
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

use super::Msg;
use crate::app::probe::ProbeRequest;
use crate::app::{Action, Effect, NotSent};
use crate::aws::loader::{self, LoadHandle, LoaderMsg};
use crate::aws::probe::{Outgoing, Signing, Timeouts};
use crate::config::{LiveTarget, Source};
use crate::domain::load::PartKey;
use crate::domain::model::{ApiRef, Inventory};
use crate::domain::plan::{ExecutionReport, Plan, StepStatus};

/// What the runner's own background work tells it (never seen by `update`).
#[derive(Debug)]
pub enum RunnerMsg {
    /// The live loader for load `req` started (after the cache was read).
    LiveStarted { req: u64, handle: LoadHandle },
}

pub struct Runner {
    rt: Handle,
    tx: UnboundedSender<Msg>,
    /// The demo or snapshot inventory read at start (shared with the blocking pool).
    offline: Option<Arc<Inventory>>,
    /// The first offline load uses `offline` as read at start; later ones re-read the file.
    reread: bool,
    no_cache: bool,
    /// The live target of the last load asked for (mutations and the cache use it).
    target: Option<LiveTarget>,
    /// Id of the last live load asked for; a loader started for an older one is cancelled.
    live_req: u64,
    /// The live load in progress.
    live: Option<LoadHandle>,
    /// An API to put first once the loader is running.
    pending_priority: Option<ApiRef>,
    /// Parts the URL bar wants first, once the loader is running.
    pending_wants: Vec<PartKey>,
    source: Source,
}

impl Runner {
    pub fn new(
        rt: Handle,
        tx: UnboundedSender<Msg>,
        offline: Option<Inventory>,
        no_cache: bool,
        source: Source,
    ) -> Self {
        Self {
            rt,
            tx,
            offline: offline.map(Arc::new),
            reread: false,
            no_cache,
            target: None,
            live_req: 0,
            live: None,
            pending_priority: None,
            pending_wants: Vec::new(),
            source,
        }
    }

    fn send(&self, a: Action) {
        let _ = self.tx.send(Msg::Action(a));
    }

    pub fn run(&mut self, effect: Effect, terminal: &mut crate::tui::Term) {
        match effect {
            Effect::Quit => {}
            Effect::Copy(text) => copy(terminal, &text),
            Effect::Load { req, target } => self.load(req, target),
            Effect::Prioritize(api) => match &self.live {
                Some(h) => h.prioritize(api),
                None => self.pending_priority = Some(api),
            },
            Effect::Want(keys) => match &self.live {
                Some(h) => h.want(keys),
                None => self.pending_wants.extend(keys),
            },
            Effect::Retry(keys) => {
                if let Some(h) = &self.live {
                    for k in keys {
                        h.retry(k);
                    }
                }
            }
            Effect::SaveCache(inv) => self.save_cache(*inv),
            Effect::ListProfiles => {
                let tx = self.tx.clone();
                self.rt.spawn(async move {
                    let p = crate::aws::profiles::list_profiles().await;
                    let _ = tx.send(Msg::Action(Action::Profiles(p)));
                });
            }
            Effect::Execute { req, plan } => self.execute(req, *plan),
            Effect::ReadAccount { req } => self.read_account(req),
            Effect::Probe { req, request } => self.probe(req, *request),
        }
    }

    /// Background work of the runner reporting back.
    pub fn on(&mut self, msg: RunnerMsg) {
        match msg {
            RunnerMsg::LiveStarted { req, handle } if req == self.live_req => {
                if let Some(api) = self.pending_priority.take() {
                    handle.prioritize(api);
                }
                handle.want(std::mem::take(&mut self.pending_wants));
                self.live = Some(handle);
            }
            RunnerMsg::LiveStarted { handle, .. } => handle.cancel(),
        }
    }

    fn load(&mut self, req: u64, target: Option<LiveTarget>) {
        if let Some(inv) = &self.offline {
            self.load_offline(req, Arc::clone(inv));
            return;
        }
        let Some(target) = target else {
            return;
        };
        self.pending_wants.clear();
        if let Some(old) = self.live.take() {
            old.cancel();
        }
        self.live_req = req;
        self.target = Some(target.clone());
        let (tx, rt, no_cache) = (self.tx.clone(), self.rt.clone(), self.no_cache);
        self.rt
            .spawn_blocking(move || start_live(req, target, no_cache, &rt, &tx));
    }

    /// The demo, or the snapshot (re-read on a reload: it may have been rewritten; if it
    /// cannot be read any more the one read at start is kept).
    fn load_offline(&mut self, req: u64, inv: Arc<Inventory>) {
        let path = match &self.source {
            Source::Snapshot(p) if self.reread => Some(p.clone()),
            _ => None,
        };
        self.reread = true;
        let tx = self.tx.clone();
        self.rt.spawn_blocking(move || {
            let inv = path
                .and_then(|p| crate::snapshot::read(&p).ok())
                .map(|s| s.inventory)
                .unwrap_or_else(|| Inventory::clone(&inv));
            let _ = tx.send(Msg::Action(Action::InventoryLoaded {
                req,
                result: Ok(Box::new(inv)),
                cached_at: None,
            }));
        });
    }

    fn save_cache(&self, inv: Inventory) {
        if self.no_cache {
            return;
        }
        let Some(target) = self.target.clone() else {
            return;
        };
        self.rt.spawn_blocking(move || {
            if let Err(e) = crate::cache::store(&target, &inv) {
                tracing::warn!(error = %e, "could not write the inventory cache");
            }
        });
    }

    fn execute(&mut self, req: u64, plan: Plan) {
        tracing::info!(title = %plan.title, "mutation confirmed");
        let Some(target) = self.target.clone() else {
            self.send(Action::PlanFinished {
                req,
                result: Err(NotSent::NoLiveAccount),
            });
            return;
        };
        let tx = self.tx.clone();
        self.rt.spawn(async move {
            let result = run_plan(&target, &plan, req, &tx).await;
            let _ = tx.send(Msg::Action(Action::PlanFinished { req, result }));
        });
    }
}

impl Runner {
    /// `GetAccount` in the live target's region (the CloudWatch role).
    fn read_account(&self, req: u64) {
        let target = self.target.clone();
        let tx = self.tx.clone();
        self.rt.spawn(async move {
            let result = match target {
                Some(t) => match crate::aws::client::build(&t).await {
                    Ok(c) => crate::aws::mutate::account_settings(&c).await,
                    Err(e) => Err(e.to_string()),
                },
                None => Err("no live account is loaded".to_string()),
            };
            let _ = tx.send(Msg::Action(Action::AccountRead { req, result }));
        });
    }

    /// Sends one request with `aws::probe` (signed with the live target's profile).
    fn probe(&self, req: u64, p: ProbeRequest) {
        let profile = self.target.as_ref().and_then(|t| t.profile.clone());
        let out = Outgoing {
            method: p.method,
            url: p.url,
            headers: p.headers,
            connect_to: None,
            sign: p.sign_region.map(|region| Signing { region, profile }),
        };
        let tx = self.tx.clone();
        self.rt.spawn(async move {
            let result = crate::aws::probe::send(&out, Timeouts::from_env())
                .await
                .map_err(|e| e.to_string());
            let _ = tx.send(Msg::Action(Action::ProbeFinished { req, result }));
        });
    }
}

/// On the blocking pool: shows the cached inventory at once (if any), then starts the live
/// loader, which reuses the cached deployment summaries (a deployment never changes).
fn start_live(
    req: u64,
    target: LiveTarget,
    no_cache: bool,
    rt: &Handle,
    tx: &UnboundedSender<Msg>,
) {
    let cached = if no_cache {
        None
    } else {
        crate::cache::load(&target)
    };
    let previous = match cached {
        Some(c) => {
            let inv = c.inventory.clone();
            let _ = tx.send(Msg::Action(Action::InventoryLoaded {
                req,
                result: Ok(Box::new(c.inventory)),
                cached_at: Some(c.saved),
            }));
            inv
        }
        None => Inventory::default(),
    };
    let (ltx, lrx) = unbounded_channel();
    let handle = {
        let _enter = rt.enter();
        loader::spawn(target, loader::Mode::Crawl, &previous, ltx)
    };
    rt.spawn(forward_loader(lrx, req, tx.clone()));
    let _ = tx.send(Msg::Runner(RunnerMsg::LiveStarted { req, handle }));
}

/// Turns the loader's messages into Actions tagged with the load's request id.
async fn forward_loader(
    mut lrx: tokio::sync::mpsc::UnboundedReceiver<LoaderMsg>,
    req: u64,
    tx: UnboundedSender<Msg>,
) {
    while let Some(m) = lrx.recv().await {
        let action = match m {
            LoaderMsg::Ready { region } => Action::LoaderReady { req, region },
            LoaderMsg::Queued(keys) => Action::PartsQueued { req, keys },
            LoaderMsg::Part(ev) => Action::PartLoaded {
                req,
                key: ev.key,
                result: ev.result.map(Box::new),
            },
            LoaderMsg::Done(sum) => Action::LoadFinished {
                req,
                region: sum.region,
                failed: sum.failed.len(),
            },
        };
        if tx.send(Msg::Action(action)).is_err() {
            return;
        }
    }
}

/// Sends the plan once, reporting each step as it starts and ends; the report (with the
/// read-back) goes to the dialog as it is.
async fn run_plan(
    target: &LiveTarget,
    plan: &Plan,
    req: u64,
    tx: &UnboundedSender<Msg>,
) -> Result<Box<ExecutionReport>, NotSent> {
    let clients = crate::aws::client::build(target)
        .await
        .map_err(|e| NotSent::Clients(e.to_string()))?;
    let progress = |step: usize, status: StepStatus| {
        let _ = tx.send(Msg::Action(Action::PlanProgress { req, step, status }));
    };
    crate::aws::mutate::execute(&clients, plan, progress)
        .await
        .map(Box::new)
        .map_err(|e| NotSent::Audit(format!("{e:#}")))
}

/// OSC 52: the terminal puts the text on the clipboard (works over SSH and in tmux with
/// `set-clipboard on`).
fn copy(terminal: &mut crate::tui::Term, text: &str) {
    let out = terminal.backend_mut();
    if let Err(e) = crossterm::execute!(
        out,
        crossterm::clipboard::CopyToClipboard::to_clipboard_from(text.as_bytes())
    ) {
        tracing::warn!("clipboard copy failed: {e}");
    }
    let _ = out.flush();
}
