//! Performs Effects: loads (offline, cached, progressive live), clipboard, profile lists,
//! mutations. Each runs on tokio (or at once when trivial) and answers with an Action
//! carrying its request id.

use std::io::Write;

use tokio::runtime::Handle;
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

use super::Msg;
use crate::app::{Action, Effect};
use crate::aws::loader::{self, LoadHandle, LoaderMsg};
use crate::config::{LiveTarget, Source};
use crate::domain::model::Inventory;
use crate::domain::plan::{Plan, StepStatus};

pub struct Runner {
    rt: Handle,
    tx: UnboundedSender<Msg>,
    offline: Option<Inventory>,
    no_cache: bool,
    /// The live load in progress (and its target, for the cache).
    live: Option<(LoadHandle, LiveTarget)>,
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
            offline,
            no_cache,
            live: None,
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
            Effect::Prioritize(api) => {
                if let Some((h, _)) = &self.live {
                    h.prioritize(api);
                }
            }
            Effect::Retry(keys) => {
                if let Some((h, _)) = &self.live {
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
        }
    }

    fn load(&mut self, req: u64, target: Option<LiveTarget>) {
        if let Some(inv) = &self.offline {
            let inv = match &self.source {
                // A reload re-reads the snapshot file (it may have been rewritten).
                Source::Snapshot(p) => crate::snapshot::read(p)
                    .map(|s| s.inventory)
                    .unwrap_or_else(|_| inv.clone()),
                _ => inv.clone(),
            };
            self.send(Action::InventoryLoaded {
                req,
                result: Ok(Box::new(inv)),
                cached_at: None,
            });
            return;
        }
        let Some(target) = target else {
            return;
        };
        if let Some((old, _)) = self.live.take() {
            old.cancel();
        }
        let cached = if self.no_cache {
            None
        } else {
            crate::cache::load(&target)
        };
        if let Some(c) = &cached {
            self.send(Action::InventoryLoaded {
                req,
                result: Ok(Box::new(c.inventory.clone())),
                cached_at: Some(c.saved),
            });
        }
        // A deployment never changes: summaries already in the cache are not read again.
        let previous = cached.map(|c| c.inventory).unwrap_or_default();
        let (ltx, lrx) = unbounded_channel();
        let handle = {
            let _enter = self.rt.enter();
            loader::spawn(target.clone(), loader::Mode::Crawl, &previous, ltx)
        };
        self.live = Some((handle, target));
        self.rt.spawn(forward_loader(lrx, req, self.tx.clone()));
    }

    fn save_cache(&self, inv: Inventory) {
        if self.no_cache {
            return;
        }
        let Some((_, target)) = &self.live else {
            return;
        };
        let target = target.clone();
        self.rt.spawn_blocking(move || {
            if let Err(e) = crate::cache::store(&target, &inv) {
                tracing::warn!(error = %e, "could not write the inventory cache");
            }
        });
    }

    fn execute(&mut self, req: u64, plan: Plan) {
        tracing::info!(title = %plan.title, "mutation confirmed");
        let Some((_, target)) = &self.live else {
            self.send(Action::PlanFinished {
                req,
                result: Err("no live account is loaded: nothing was sent".into()),
            });
            return;
        };
        let target = target.clone();
        let tx = self.tx.clone();
        self.rt.spawn(async move {
            let result = run_plan(&target, &plan, req, &tx).await;
            let _ = tx.send(Msg::Action(Action::PlanFinished { req, result }));
        });
    }
}

/// Turns the loader's messages into Actions tagged with the load's request id.
async fn forward_loader(
    mut lrx: tokio::sync::mpsc::UnboundedReceiver<LoaderMsg>,
    req: u64,
    tx: UnboundedSender<Msg>,
) {
    while let Some(m) = lrx.recv().await {
        let action = match m {
            LoaderMsg::Ready { .. } | LoaderMsg::Queued(_) => continue,
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

/// Sends the plan once, reporting each step, and turns the report into the dialog's
/// last line.
async fn run_plan(
    target: &LiveTarget,
    plan: &Plan,
    req: u64,
    tx: &UnboundedSender<Msg>,
) -> Result<String, String> {
    let clients = crate::aws::client::build(target)
        .await
        .map_err(|e| format!("nothing was sent: {e}"))?;
    let progress = |i: usize, status: StepStatus| {
        let op = plan
            .steps
            .get(i)
            .map(|s| s.mutation.label())
            .unwrap_or_else(|| "step".to_string());
        let line = match status {
            StepStatus::Running => format!("… {op}"),
            StepStatus::Done(d) if d.is_empty() => format!("✓ {op}"),
            StepStatus::Done(d) => format!("✓ {op}: {d}"),
            StepStatus::Failed(e) => format!("✗ {op}: {e}"),
            StepStatus::Skipped => format!("– {op}: skipped"),
        };
        let _ = tx.send(Msg::Action(Action::PlanProgress { req, line }));
    };
    let report = crate::aws::mutate::execute(&clients, plan, progress)
        .await
        .map_err(|e| format!("{e:#}"))?;
    if let Some(f) = report.failure() {
        return Err(f.to_string());
    }
    if !report.readback.problems.is_empty() {
        return Err(format!(
            "sent, but the read-back disagrees: {}",
            report.readback.problems.join("; ")
        ));
    }
    let mut msg = "applied and verified by reading back".to_string();
    if let Some(d) = &report.readback.deployment_id {
        msg.push_str(&format!(": the stage now serves deployment {d}"));
    }
    if let Some(s) = report.readback.staleness {
        msg.push_str(&format!(" ({})", s.label()));
    }
    Ok(msg)
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
