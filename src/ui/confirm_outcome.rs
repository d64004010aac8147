//! The end of the confirm dialog: each step's status while and after the plan runs, then
//! the outcome with what was read back from AWS (the stage's deployment, its staleness,
//! any disagreement) and what to do next.

use ratatui::text::Line;

use super::Ctx;
use crate::app::confirm::Dialog;
use crate::app::Outcome;
use crate::domain::plan::{ExecutionReport, StepStatus};
use crate::domain::staleness::Staleness;

/// One line per step that started: `… op` while it runs, then `✓ op`, `✗ op: why` or
/// `– op: skipped`.
pub fn step_lines<'a>(cx: &Ctx, d: &Dialog) -> Vec<Line<'a>> {
    let Some(plan) = &d.executed else {
        return Vec::new();
    };
    let label = |i: usize| {
        plan.steps
            .get(i)
            .map(|s| s.mutation.label())
            .unwrap_or_else(|| format!("step {}", i + 1))
    };
    d.steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.as_ref().map(|s| (label(i), s)))
        .map(|(op, status)| {
            let text = match status {
                StepStatus::Running => format!("… {op}"),
                StepStatus::Done(d) if d.is_empty() => format!("✓ {op}"),
                StepStatus::Done(d) => format!("✓ {op}: {d}"),
                StepStatus::Failed(e) => format!("✗ {op}: {e}"),
                StepStatus::Skipped => format!("– {op}: skipped"),
            };
            Line::styled(text, cx.theme.text)
        })
        .collect()
}

/// How it ended, and the read-back.
pub fn outcome_lines<'a>(cx: &Ctx, d: &Dialog, o: &Outcome) -> Vec<Line<'a>> {
    let t = cx.theme;
    let mut out = match o {
        Outcome::Refused(why) => vec![Line::styled(format!("✗ {why}"), t.error)],
        Outcome::NothingToDo => vec![Line::styled("✓ nothing to do: already in place", t.ok)],
        Outcome::NotSent(e) => vec![Line::styled(format!("✗ {e}"), t.error)],
        Outcome::Executed(r) => report_lines(cx, r),
    };
    if let Some(h) = &d.after {
        out.push(Line::styled(super::hint::text(h, cx.keymap), t.warn));
    }
    out
}

fn report_lines<'a>(cx: &Ctx, r: &ExecutionReport) -> Vec<Line<'a>> {
    let t = cx.theme;
    let rb = &r.readback;
    let mut out = Vec::new();
    if let Some(f) = r.failure() {
        out.push(Line::styled(format!("✗ {f}"), t.error));
    } else if rb.problems.is_empty() {
        out.push(Line::styled("✓ applied and verified by reading back", t.ok));
    } else {
        out.push(Line::styled(
            "✗ sent, but the read-back disagrees:",
            t.error,
        ));
    }
    for p in &rb.problems {
        out.push(Line::styled(format!("  ! {p}"), t.error));
    }
    if let Some(id) = &rb.deployment_id {
        let new = rb.deployment.as_ref().is_some_and(|d| &d.id == id);
        let what = if new {
            "the new deployment"
        } else {
            "deployment"
        };
        out.push(Line::styled(
            format!("  read back: the stage now serves {what} {id}"),
            t.text,
        ));
    }
    if let Some(s) = rb.staleness {
        let words = match s {
            Staleness::Current => "current: the stage serves the working tree",
            Staleness::Stale => "still stale: the working tree has changes the stage lacks",
            Staleness::Unknown => "staleness unknown (the deployed state could not be read)",
            Staleness::AutoDeploy => "auto-deploy: every change goes live",
        };
        out.push(Line::styled(format!("  read back: {words}"), t.text));
    }
    out
}
