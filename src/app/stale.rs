//! Is a stage serving what the API now contains? A thin view over the deployed summary.

use crate::domain::model::{ApiKind, ApiRef, DeployedSummary, Inventory};

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

/// One method that a new deployment would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    pub method: String,
    pub path: String,
}

/// The staleness of `stage` of `api` and the changes a deployment would make.
pub fn stage_staleness(inv: &Inventory, api: &ApiRef, stage: &str) -> (Staleness, Vec<Change>) {
    match api.kind {
        ApiKind::Rest => {
            let Some(a) = inv.rest_api(&api.id) else {
                return (Staleness::Unknown, Vec::new());
            };
            match a.deployed_summary(stage) {
                Some(dep) => diff(dep, &a.working_summary()),
                None => (Staleness::Unknown, Vec::new()),
            }
        }
        ApiKind::Http => {
            let Some(a) = inv.http_api(&api.id) else {
                return (Staleness::Unknown, Vec::new());
            };
            let Some(s) = a.stage(stage) else {
                return (Staleness::Unknown, Vec::new());
            };
            if s.auto_deploy {
                return (Staleness::AutoDeploy, Vec::new());
            }
            let dep = s.deployment_id.as_deref().and_then(|d| a.deployment(d));
            match dep.and_then(|d| d.summary.as_ref()) {
                Some(sum) => diff(sum, &a.working_summary()),
                None => (Staleness::Unknown, Vec::new()),
            }
        }
    }
}

fn diff(deployed: &DeployedSummary, working: &DeployedSummary) -> (Staleness, Vec<Change>) {
    let mut changes = Vec::new();
    for (path, methods) in working {
        for (m, w) in methods {
            match deployed.get(path).and_then(|d| d.get(m)) {
                None => changes.push(change("added", m, path)),
                Some(d) if d != w => changes.push(change("changed", m, path)),
                Some(_) => {}
            }
        }
    }
    for (path, methods) in deployed {
        for m in methods.keys() {
            if working.get(path).and_then(|w| w.get(m)).is_none() {
                changes.push(change("removed", m, path));
            }
        }
    }
    if changes.is_empty() {
        (Staleness::Current, changes)
    } else {
        (Staleness::Stale(changes.len()), changes)
    }
}

fn change(change: &'static str, method: &str, path: &str) -> Change {
    Change {
        change,
        method: method.to_string(),
        path: path.to_string(),
    }
}
