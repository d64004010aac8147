//! The only place that touches the AWS SDK. SDK types never leave this module: everything
//! is converted to `crate::domain` types at the edge.
//!
//! - `client`: aws-config (profile, region, endpoint), retries and timeouts
//! - `rest_v1` / `http_v2` / `domains`: the reads, paging to the end
//! - `keys`: API keys and usage plans (reads; the loader wires them in as parts)
//! - `convert` / `convert_v2` / `convert_keys`: SDK shapes → domain types
//! - `loader`: progressive, bounded, rate-limited load (what the TUI uses); `parts`: the
//!   calls behind each part; `paging`, `ratelimit`: both pagination styles, the limiter
//! - `error`: SDK errors → `LoadError` with a hint; `profiles`: profile names

pub mod client;
pub mod convert;
pub mod convert_keys;
pub mod convert_v2;
pub mod domains;
pub mod error;
pub mod http_v2;
pub mod keys;
pub mod loader;
pub mod mutate;
pub mod paging;
pub mod parts;
pub mod profiles;
pub mod ratelimit;
pub mod rest_v1;

pub use loader::{spawn_load, LoadEvent, LoadHandle, LoadSummary, LoaderMsg};

use crate::config::LiveTarget;
use crate::domain::load::{LoadError, PartKey};
use crate::domain::model::{Inventory, LoadIssue};

/// A whole load: the inventory (with `issues` naming failed parts) and what it cost.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    pub inventory: Inventory,
    pub failed: Vec<(PartKey, LoadError)>,
    /// Requests sent (first attempts).
    pub requests: u64,
}

impl LoadReport {
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty()
    }
}

/// Loads everything, keeping what arrived when parts fail (each failure is an entry of
/// `inventory.issues`). Never fails as a whole: a client that cannot be built fails the
/// account parts.
pub async fn load_report(target: &LiveTarget) -> LoadReport {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let handle = spawn_load(target.clone(), tx);
    collect(handle, rx).await
}

/// Drains a load started with [`spawn_load`] or [`loader::spawn_load_with`] until `Done`.
pub async fn collect(
    handle: LoadHandle,
    mut rx: tokio::sync::mpsc::UnboundedReceiver<LoaderMsg>,
) -> LoadReport {
    let mut report = LoadReport::default();
    let mut errors: std::collections::BTreeMap<PartKey, LoadError> = Default::default();
    while let Some(msg) = rx.recv().await {
        match msg {
            LoaderMsg::Part(ev) => match ev.result {
                Ok(part) => {
                    errors.remove(&ev.key);
                    report.inventory.apply(part);
                }
                Err(e) => {
                    errors.insert(ev.key, e);
                }
            },
            LoaderMsg::Done(s) => {
                report.requests = s.requests;
                report.inventory.region = s.region;
                break;
            }
        }
    }
    drop(handle);
    for (key, e) in errors {
        report.inventory.issues.push(LoadIssue {
            part: part_label(&report.inventory, &key),
            message: e.to_string(),
        });
        report.failed.push((key, e));
    }
    report
}

/// `orders-api (a1b2c3d4e5): stages`, or `REST APIs` for an account part.
pub fn part_label(inv: &Inventory, key: &PartKey) -> String {
    match &key.api {
        Some(api) => format!(
            "{} ({}): {}",
            inv.api_name(&api.id),
            api.id,
            key.kind.label()
        ),
        None => key.kind.label().to_string(),
    }
}

/// Loads the whole inventory of a live account for the CLI. Fails (one line naming the
/// part) when an account-wide list (REST APIs, HTTP APIs, domains) could not be read; a
/// failed part of one API is kept in `inventory.issues` and reported as one warning line on
/// stderr, so one unreadable API does not stop a diagnosis of the others.
pub async fn load_inventory(target: &LiveTarget) -> anyhow::Result<Inventory> {
    let report = load_report(target).await;
    if let Some((key, e)) = report.failed.iter().find(|(k, _)| k.api.is_none()) {
        anyhow::bail!(
            "could not load {} from {}: {e}",
            key.kind.label(),
            target.label()
        );
    }
    if let Some(first) = report.inventory.issues.first() {
        eprintln!(
            "apigw: warning: {} part(s) could not be loaded, results may be incomplete (first: {}: {})",
            report.inventory.issues.len(),
            first.part,
            first.message
        );
    }
    Ok(report.inventory)
}
