//! The only place that touches the AWS SDK. SDK types never leave this module: everything
//! is converted to `crate::domain` types at the edge.
//!
//! - `client`: aws-config (profile, region, endpoint), retries and timeouts
//! - `rest_v1` / `http_v2` / `domains`: the reads, paging to the end
//! - `keys`: API keys and usage plans (reads; loaded as account parts)
//! - `convert` / `convert_v2` / `convert_keys`: SDK shapes → domain types
//! - `loader`: every read, as part jobs (bounded, rate-limited, wanted parts first);
//!   `session`: a loader a caller waits on (CLI, mutations); `parts`: the calls behind
//!   each part; `paging`, `ratelimit`: both pagination styles, the limiter
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
pub mod probe;
pub mod profiles;
pub mod ratelimit;
pub mod rest_v1;
pub mod session;

pub use loader::{spawn_load, LoadEvent, LoadHandle, LoadSummary, LoaderMsg, Mode};
pub use session::Session;

use crate::config::LiveTarget;
use crate::domain::load::{LoadError, PartKey};
use crate::domain::model::Inventory;

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
    report_of(Session::open(target, Mode::Crawl)).await
}

/// Drains a whole-account session until its queue is empty.
pub async fn report_of(mut session: Session) -> LoadReport {
    session.until_done().await;
    let failed = session.failures();
    let requests = session.requests();
    LoadReport {
        inventory: session.into_inventory(),
        failed,
        requests,
    }
}

/// Drains a load started with [`loader::spawn_load_with`] (or any loader) until `Done`.
pub async fn collect(
    handle: LoadHandle,
    rx: tokio::sync::mpsc::UnboundedReceiver<LoaderMsg>,
) -> LoadReport {
    report_of(Session::new(handle, rx)).await
}

/// `orders-api (a1b2c3d4e5): stages`, or `REST APIs` for an account part.
pub fn part_label(inv: &Inventory, key: &PartKey) -> String {
    key.label(inv)
}

/// Loads the whole inventory of a live account for the CLI. Fails (one line naming the
/// part) when an account-wide list (REST APIs, HTTP APIs, domains) could not be read; a
/// failed part of one API is kept in `inventory.issues` and reported as one warning line on
/// stderr, so one unreadable API does not stop a diagnosis of the others.
pub async fn load_inventory(target: &LiveTarget) -> anyhow::Result<Inventory> {
    let report = load_report(target).await;
    if let Some((key, e)) = report.failed.iter().find(|(k, _)| k.kind.is_list()) {
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
