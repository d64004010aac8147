//! Executes a [`Plan`]: each step sent exactly once (no SDK retries for mutations), in
//! order, stopping at the first failure; every call audited before and after
//! (`crate::audit`); then everything touched is read back from AWS and each step's effect
//! is checked against what was read ([`verify::unmet`]).

use crate::audit;
use crate::aws::client::Clients;
use crate::aws::ratelimit::Call;
use crate::domain::plan::verify;
use crate::domain::plan::{ExecutionReport, Mutation, Plan, PlanStep, Readback, StepStatus};

mod account;
mod export;
mod read;
mod send;
mod target;

pub use account::account_settings;
pub use export::http_stage_summary;
pub use target::{find_api, load_api};

fn entry<'a>(c: &'a Clients, plan: &'a Plan, op: &'a str, cmd: &'a str) -> audit::Entry<'a> {
    audit::Entry {
        ts: String::new(),
        phase: "start",
        plan: &plan.title,
        operation: op,
        command: cmd,
        api_id: &plan.api.id,
        profile: c.cx.profile.as_deref(),
        account: plan.account_id.as_deref(),
        region: c.cx.region.as_deref().or(plan.region.as_deref()),
        endpoint: c.cx.endpoint.as_deref(),
        result: None,
    }
}

fn creates_deployment(m: &Mutation) -> bool {
    matches!(
        m,
        Mutation::CreateDeployment { .. } | Mutation::CreateHttpDeployment { .. }
    )
}

/// Runs the plan, calling `progress(step index, status)` as each step starts and ends.
/// Fails only when the audit log cannot be written before the first call (nothing is sent
/// then); AWS refusals are reported per step in the [`ExecutionReport`].
pub async fn execute(
    c: &Clients,
    plan: &Plan,
    mut progress: impl FnMut(usize, StepStatus),
) -> anyhow::Result<ExecutionReport> {
    let senders = send::Senders::new(c);
    let mut steps = Vec::with_capacity(plan.steps.len());
    let mut created: Option<String> = None;
    let mut failed = false;
    for (i, step) in plan.steps.iter().enumerate() {
        if failed {
            progress(i, StepStatus::Skipped);
            steps.push(StepStatus::Skipped);
            continue;
        }
        let sent = send_audited(c, &senders, plan, step, || progress(i, StepStatus::Running));
        let status = match sent.await {
            Err(e) if i == 0 => return Err(e.context("nothing was sent")),
            Err(e) => StepStatus::Failed(format!("not sent: {e:#}")),
            Ok(Ok(d)) => {
                if creates_deployment(&step.mutation) && !d.is_empty() {
                    created = Some(d.clone());
                }
                StepStatus::Done(d)
            }
            Ok(Err(e)) => {
                let op = step.mutation.operation();
                tracing::warn!(op, "mutation failed: {}", crate::redact::text(&e));
                StepStatus::Failed(e)
            }
        };
        failed = matches!(status, StepStatus::Failed(_));
        progress(i, status.clone());
        steps.push(status);
    }
    let readback = check(c, plan, &steps, created.as_deref()).await;
    let applied = !plan.steps.is_empty() && !failed;
    Ok(ExecutionReport {
        steps,
        applied,
        readback,
    })
}

/// Sends one step once, with an audit entry before (`Err`: it could not be written, nothing
/// was sent) and after; `sending` is called just before the call leaves.
async fn send_audited(
    c: &Clients,
    senders: &send::Senders,
    plan: &Plan,
    step: &PlanStep,
    sending: impl FnOnce(),
) -> anyhow::Result<Result<String, String>> {
    let op = step.mutation.operation();
    let cmd = step.cli_in(c.cx.region.as_deref().or(plan.region.as_deref()));
    audit::record(&entry(c, plan, op, &cmd).now())?;
    sending();
    tracing::info!(op, api = %plan.api.id, "sending mutation");
    c.limiter.acquire(Call::Normal).await;
    let result = send::send(senders, &step.mutation).await;
    let (phase, text) = match &result {
        Ok(d) if d.is_empty() => ("done", "ok".to_string()),
        Ok(d) => ("done", crate::redact::text(d)),
        // AWS error texts can echo request headers (signature errors): scrub them.
        Err(e) => ("failed", crate::redact::text(e)),
    };
    let after = audit::Entry {
        phase,
        result: Some(&text),
        ..entry(c, plan, op, &cmd)
    };
    if let Err(e) = audit::record(&after.now()) {
        tracing::warn!("audit log: {e:#}");
    }
    Ok(result)
}

/// Reads back what the done steps touched and lists each effect the read-back lacks.
async fn check(c: &Clients, plan: &Plan, steps: &[StepStatus], created: Option<&str>) -> Readback {
    let done = |s: &StepStatus| matches!(s, StepStatus::Done(_));
    if !steps.iter().any(done) {
        return Readback::default();
    }
    let mut readback = read::readback(c, plan, created).await;
    for (step, status) in plan.steps.iter().zip(steps) {
        if done(status) {
            if let Some(p) = verify::unmet(&step.mutation, &readback) {
                readback.problems.push(p);
            }
        }
    }
    if let Some(new) = created {
        if readback.deployment_id.as_deref() != Some(new) {
            readback.problems.push(format!(
                "the stage serves {} after the deployment, not the new deployment {new}",
                readback.deployment_id.as_deref().unwrap_or("nothing")
            ));
        }
    }
    readback
}
