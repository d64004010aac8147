//! Is a stage serving what the API now contains? The deployed snapshot of a stage compared
//! with the working tree: each method added, removed or changed (authorization type, API
//! key flag). A deployed state that could not be read is `Unknown`, never `Current`.
//!
//! Also the deployment history of a stage (past deployments and which stages use them).

use serde::{Deserialize, Serialize};

mod openapi;

pub use openapi::summary_from_openapi;

use super::model::{
    ApiView, AuthorizationType, DeployedSummary, Deployment, HttpApi, MethodSummary, RestApi,
    Stage, Timestamp,
};

/// Whether a stage serves the working tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Staleness {
    /// The deployment serves exactly the working tree's methods.
    Current,
    /// Methods were added, removed or changed since the deployment.
    Stale,
    /// The deployed state could not be read (never reported as current).
    Unknown,
    /// HTTP API stage deploying automatically on every change.
    AutoDeploy,
}

impl Staleness {
    /// How the CLI and the Stages pane name it (as `--json` does).
    pub fn label(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        self.into()
    }

    /// `+`, `-` or `~` for diff views.
    pub fn sign(self) -> char {
        match self {
            Self::Added => '+',
            Self::Removed => '-',
            Self::Changed => '~',
        }
    }
}

/// One method a new deployment would put live (or take down, or change).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Change {
    pub change: ChangeKind,
    pub method: String,
    /// Resource path (REST) or route path (HTTP; `$default` for the default route).
    pub path: String,
    /// e.g. `CUSTOM authorizer`, or `authorization NONE → AWS_IAM`.
    pub detail: String,
}

impl ApiView<'_> {
    /// Whether `stage` serves what the API now contains, and what a deployment would
    /// change.
    pub fn staleness(self, stage: &str) -> (Staleness, Vec<Change>) {
        match self {
            ApiView::Rest(a) => rest_stage_staleness(a, stage),
            ApiView::Http(a) => http_stage_staleness(a, stage),
        }
    }

    /// The deployments `stage` could point at, newest first.
    pub fn history(self, stage: &str) -> Vec<HistoryEntry> {
        deployment_history(self.deployments(), self.stages(), stage)
    }
}

/// Staleness of a REST stage: its deployment's summary against the working tree. A stage
/// without deployment, or a deployment whose summary is unknown, is `Unknown`.
pub fn rest_stage_staleness(api: &RestApi, stage: &str) -> (Staleness, Vec<Change>) {
    match api.deployed_summary(stage) {
        Some(deployed) => compare(deployed, &api.working_summary()),
        None => (Staleness::Unknown, Vec::new()),
    }
}

/// Staleness of an HTTP API stage. `autoDeploy` stages are `AutoDeploy`. Otherwise the
/// stage's deployment summary (when one was read, e.g. from an export of the stage) is
/// compared with the routes; AWS gives HTTP deployments no summary, so without one the
/// answer is `Unknown`.
pub fn http_stage_staleness(api: &HttpApi, stage: &str) -> (Staleness, Vec<Change>) {
    let Some(s) = api.stage(stage) else {
        return (Staleness::Unknown, Vec::new());
    };
    if s.auto_deploy {
        return (Staleness::AutoDeploy, Vec::new());
    }
    let summary = s
        .deployment_id
        .as_deref()
        .and_then(|d| api.deployment(d))
        .and_then(|d| d.summary.as_ref());
    match summary {
        Some(deployed) => compare(deployed, &api.working_summary()),
        None => (Staleness::Unknown, Vec::new()),
    }
}

/// Compares a deployed summary with the working tree. Changes are sorted by path, then
/// method, then kind, so output is stable.
pub fn compare(deployed: &DeployedSummary, working: &DeployedSummary) -> (Staleness, Vec<Change>) {
    let mut changes = Vec::new();
    for (path, methods) in working {
        for (method, now) in methods {
            match deployed.get(path).and_then(|d| d.get(method)) {
                None => changes.push(Change {
                    change: ChangeKind::Added,
                    method: method.clone(),
                    path: path.clone(),
                    detail: describe(now),
                }),
                Some(before) if before != now => changes.push(Change {
                    change: ChangeKind::Changed,
                    method: method.clone(),
                    path: path.clone(),
                    detail: describe_change(before, now),
                }),
                Some(_) => {}
            }
        }
    }
    for (path, methods) in deployed {
        for (method, before) in methods {
            if working.get(path).and_then(|w| w.get(method)).is_none() {
                changes.push(Change {
                    change: ChangeKind::Removed,
                    method: method.clone(),
                    path: path.clone(),
                    detail: describe(before),
                });
            }
        }
    }
    changes.sort_by(|a, b| {
        (a.path.as_str(), a.method.as_str(), a.change).cmp(&(
            b.path.as_str(),
            b.method.as_str(),
            b.change,
        ))
    });
    if changes.is_empty() {
        (Staleness::Current, changes)
    } else {
        (Staleness::Stale, changes)
    }
}

/// How a method is protected, in a few words: `no authorization`, `AWS_IAM`,
/// `CUSTOM authorizer`, `… + API key`.
pub fn describe(m: &MethodSummary) -> String {
    let auth = match m.authorization_type {
        AuthorizationType::None => "no authorization".to_string(),
        AuthorizationType::AwsIam => "AWS_IAM".to_string(),
        other => format!("{} authorizer", other.as_aws()),
    };
    if m.api_key_required {
        format!("{auth} + API key")
    } else {
        auth
    }
}

fn describe_change(before: &MethodSummary, now: &MethodSummary) -> String {
    let mut parts = Vec::new();
    if before.authorization_type != now.authorization_type {
        parts.push(format!(
            "authorization {} → {}",
            before.authorization_type.as_aws(),
            now.authorization_type.as_aws()
        ));
    }
    if before.api_key_required != now.api_key_required {
        let word = |b: bool| if b { "required" } else { "not required" };
        parts.push(format!(
            "API key {} → {}",
            word(before.api_key_required),
            word(now.api_key_required)
        ));
    }
    parts.join(", ")
}

/// One past deployment of an API, as the history view lists it for a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: String,
    pub created_date: Option<Timestamp>,
    pub description: Option<String>,
    /// Stages whose deployment (or canary deployment) this is.
    pub stages: Vec<String>,
    /// The stage being looked at currently serves this deployment.
    pub current: bool,
}

/// The deployments a stage could be rolled back (or forward) to, newest first; `current`
/// marks the one the stage serves and `stages` names every stage pointing at each.
pub fn deployment_history(
    deployments: &[Deployment],
    stages: &[Stage],
    stage: &str,
) -> Vec<HistoryEntry> {
    let serving = stages
        .iter()
        .find(|s| s.name == stage)
        .and_then(|s| s.deployment_id.as_deref());
    let mut out: Vec<HistoryEntry> = deployments
        .iter()
        .map(|d| {
            let mut users: Vec<String> = stages
                .iter()
                .filter(|s| {
                    s.deployment_id.as_deref() == Some(d.id.as_str())
                        || s.canary.as_ref().and_then(|c| c.deployment_id.as_deref())
                            == Some(d.id.as_str())
                })
                .map(|s| s.name.clone())
                .collect();
            users.sort();
            users.dedup();
            HistoryEntry {
                id: d.id.clone(),
                created_date: d.created_date,
                description: d.description.clone(),
                stages: users,
                current: serving == Some(d.id.as_str()),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.created_date
            .cmp(&a.created_date)
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}
