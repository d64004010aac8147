//! How a confirmed plan ended, as data the dialog renders: refused before sending, not sent
//! at all, or executed with each step's status and what was read back from AWS.

use super::confirm::Phase;
use super::effect::Effect;
use super::hint::Hint;
use super::state::State;
use crate::domain::plan::{ExecutionReport, StepStatus};

/// Why a confirmed plan was not sent at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotSent {
    /// The source is not a live account.
    NoLiveAccount,
    /// The AWS clients could not be built (configuration, credentials).
    Clients(String),
    /// The audit log could not be written before the first call.
    Audit(String),
}

impl std::fmt::Display for NotSent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoLiveAccount => f.write_str("no live account is loaded: nothing was sent"),
            Self::Clients(e) => write!(f, "nothing was sent: {e}"),
            Self::Audit(e) => f.write_str(e),
        }
    }
}

/// The end of a dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Not sent: the source is offline, or no plan could be made (why).
    Refused(String),
    /// The plan had no steps: what it would do is already in place.
    NothingToDo,
    NotSent(NotSent),
    /// Sent: each step's status and the read-back.
    Executed(Box<ExecutionReport>),
}

impl Outcome {
    /// Every step was accepted and the read-back shows their effect.
    pub fn verified(&self) -> bool {
        match self {
            Self::Executed(r) => r.failure().is_none() && r.readback.problems.is_empty(),
            Self::NothingToDo => true,
            Self::Refused(_) | Self::NotSent(_) => false,
        }
    }
}

/// A step of the running plan started or ended.
pub fn progress(state: &mut State, req: u64, step: usize, status: StepStatus) {
    let Some(d) = state.dialog.as_mut().filter(|d| d.req == req) else {
        return;
    };
    if d.steps.len() <= step {
        d.steps.resize(step + 1, None);
    }
    d.steps[step] = Some(status);
}

/// The answer to an execution: shown in the dialog; when anything was applied the
/// inventory is re-read so the screen shows what AWS now has.
pub fn finished(
    state: &mut State,
    req: u64,
    result: Result<Box<ExecutionReport>, NotSent>,
) -> Vec<Effect> {
    let Some(kind) = state
        .dialog
        .as_ref()
        .filter(|d| d.req == req)
        .map(|d| d.kind.clone())
    else {
        tracing::debug!(req, "dropping a reply for a closed dialog");
        return Vec::new();
    };
    let outcome = match result {
        Ok(report) => Outcome::Executed(report),
        Err(e) => Outcome::NotSent(e),
    };
    let applied = matches!(&outcome, Outcome::Executed(r)
        if r.steps.iter().any(|s| matches!(s, StepStatus::Done(_))));
    let after = if outcome.verified() {
        super::cors_defaults::stages_to_deploy(&state.inventory, &kind)
            .map(|stages| Hint::DeployToServe { stages })
    } else {
        None
    };
    if let Some(d) = state.dialog.as_mut() {
        if let Outcome::Executed(r) = &outcome {
            // The final statuses win over progress events that may still be queued.
            d.steps = r.steps.iter().cloned().map(Some).collect();
        }
        d.after = after;
        d.phase = Phase::Done(outcome);
    }
    if applied {
        return super::load::reload(state);
    }
    Vec::new()
}
