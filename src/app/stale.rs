//! Is a stage serving what the API now contains? A thin view over
//! `domain::staleness` with the change count the Stages pane shows.

use crate::domain::model::{ApiRef, Inventory};
use crate::domain::staleness::{self as st, Change};

/// What the Stages pane shows for one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Staleness {
    Current,
    /// Methods added, removed or changed since the deployment: how many.
    Stale(usize),
    /// The deployed state could not be read: never shown as current.
    Unknown,
    AutoDeploy,
}

/// The staleness of `stage` of `api` and the changes a deployment would make.
pub fn stage_staleness(inv: &Inventory, api: &ApiRef, stage: &str) -> (Staleness, Vec<Change>) {
    let (s, changes) = match inv.api(api) {
        Some(v) => v.staleness(stage),
        None => (st::Staleness::Unknown, Vec::new()),
    };
    let view = match s {
        st::Staleness::Current => Staleness::Current,
        st::Staleness::Stale => Staleness::Stale(changes.len()),
        st::Staleness::Unknown => Staleness::Unknown,
        st::Staleness::AutoDeploy => Staleness::AutoDeploy,
    };
    (view, changes)
}
