//! `apigw deploy --api X --stage S [--description D] [--yes] [--json]`: plans a new
//! deployment (what goes live + the `aws` CLI line); with `--yes` sends it once, then reads
//! the stage back. Also the plan printing/applying shared with `apigw cors`.

use std::io::Write;

use anyhow::Context;
use serde_json::{json, Value};

use super::{CliContext, DeployArgs};
use crate::aws::client::{self, Clients};
use crate::aws::mutate;
use crate::config::Source;
use crate::domain::model::{ApiRef, Inventory};
use crate::domain::plan::{plan_request, ExecutionReport, Plan, PlanRequest, StepStatus};

pub async fn run(ctx: &CliContext, args: &DeployArgs) -> anyhow::Result<i32> {
    if ctx.read_only || args.plan.yes {
        ctx.ensure_writable("deploy")?;
    }
    let t = load(ctx, &args.target.api).await?;
    let req = PlanRequest::Deploy {
        api: t.api.id.clone(),
        stage: args.target.stage.clone(),
        description: args.description.clone(),
    };
    plan_and_finish(&t, &req, args.plan.yes, args.plan.json).await
}

/// Plans `req` (the step the TUI uses too) and prints or applies it. An unknown name is bad
/// usage (`Err`: one line, exit 2); a refusal on the merits is exit 1, with the JSON
/// object when asked for.
pub(super) async fn plan_and_finish(
    t: &Target,
    req: &PlanRequest,
    yes: bool,
    as_json: bool,
) -> anyhow::Result<i32> {
    match plan_request(&t.inv, req) {
        Ok(plan) => finish(t, &plan, yes, as_json).await,
        Err(e) if e.is_usage() => Err(e.into()),
        Err(e) => {
            if as_json {
                let v = json!({"api": api_json(&t.inv, &t.api), "error": e.to_string(), "plan": [], "applied": false});
                // A closed stdout (`| head`) is not an error worth a panic.
                let _ = print_out(&format!("{}\n", serde_json::to_string_pretty(&v)?));
            }
            eprintln!("apigw: {}", crate::redact::for_terminal(&e.to_string()));
            Ok(1)
        }
    }
}

/// The API a mutating command works on, and clients when the source is live.
pub(super) struct Target {
    pub inv: Inventory,
    pub api: ApiRef,
    pub clients: Option<Clients>,
}

/// Loads the API named on the command line: live, only that API; demo/snapshot, the
/// whole file (plans can be shown offline, never applied).
pub(super) async fn load(ctx: &CliContext, name_or_id: &str) -> anyhow::Result<Target> {
    if let Source::Live(t) = &ctx.source {
        let clients = client::build(t).await.map_err(anyhow::Error::msg)?;
        let (inv, api) = mutate::load_api(&clients, name_or_id).await?;
        return Ok(Target {
            inv,
            api,
            clients: Some(clients),
        });
    }
    let inv = ctx.load_inventory().await?;
    let api = mutate::find_api(&inv, name_or_id)?;
    Ok(Target {
        inv,
        api,
        clients: None,
    })
}

/// `{"id", "name", "protocol"}` as in every JSON output.
pub(super) fn api_json(inv: &Inventory, api: &ApiRef) -> Value {
    json!({"id": api.id, "name": inv.api_name(&api.id), "protocol": api.kind.protocol()})
}

/// Prints the plan; with `yes`, applies it and prints what was read back. Exit status: 0
/// when shown, or applied and verified; 1 when AWS refused a step or the read-back
/// disagrees.
pub(super) async fn finish(
    t: &Target,
    plan: &Plan,
    yes: bool,
    as_json: bool,
) -> anyhow::Result<i32> {
    let mut plan = plan.clone();
    plan.region = plan.region.or_else(|| t.inv.region.clone());
    plan.account_id = plan.account_id.or_else(|| t.inv.account_id.clone());
    let plan = &plan;
    let apply_now = yes && !plan.is_empty();
    if apply_now && t.clients.is_none() {
        anyhow::bail!("cannot apply a plan to an offline inventory");
    }
    if !as_json {
        // The plan first, so a person sees what is about to happen before it happens.
        let mut s = render_plan(plan);
        if plan.is_empty() {
            s.push_str("\nNothing to do.\n");
        } else if !apply_now {
            s.push_str("\nDry run: nothing was changed. Add --yes to apply.\n");
        }
        print_out(&s)?;
    }
    let report = match (&t.clients, apply_now) {
        (Some(c), true) => Some(apply(c, plan, as_json).await?),
        _ => None,
    };
    let code = match &report {
        Some(r) if !r.applied || !r.readback.problems.is_empty() => 1,
        _ => 0,
    };
    if as_json {
        let mut s = serde_json::to_string_pretty(&plan_json(t, plan, report.as_ref()))?;
        s.push('\n');
        print_out(&s)?;
    } else if let Some(r) = &report {
        print_out(&render_report(plan, r))?;
    }
    Ok(code)
}

pub(super) fn print_out(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .context("cannot write to stdout")
}

pub(super) async fn apply(
    c: &Clients,
    plan: &Plan,
    quiet: bool,
) -> anyhow::Result<ExecutionReport> {
    let n = plan.steps.len();
    mutate::execute(c, plan, |i, status| {
        if quiet {
            return;
        }
        let op = plan
            .steps
            .get(i)
            .map(|s| s.mutation.label())
            .unwrap_or_else(|| "?".to_string());
        match status {
            StepStatus::Running => eprintln!("[{}/{n}] {op} …", i + 1),
            StepStatus::Done(d) if d.is_empty() => eprintln!("[{}/{n}] {op} done", i + 1),
            StepStatus::Done(d) => eprintln!("[{}/{n}] {op} done ({d})", i + 1),
            StepStatus::Failed(e) => eprintln!("[{}/{n}] {op} failed: {e}", i + 1),
            StepStatus::Skipped => eprintln!("[{}/{n}] {op} not sent", i + 1),
        }
    })
    .await
}

fn plan_json(t: &Target, plan: &Plan, report: Option<&ExecutionReport>) -> Value {
    let steps: Vec<Value> = plan
        .steps
        .iter()
        .map(|s| json!({"description": s.description, "command": s.cli_in(plan.region.as_deref())}))
        .collect();
    let rb = report.map(|r| &r.readback);
    json!({
        "title": plan.title,
        "api": api_json(&t.inv, &t.api),
        "plan": plan.cli_lines(),
        "steps": steps,
        "diff": plan.diff,
        "warnings": plan.warnings,
        "notes": plan.notes,
        "applied": report.is_some_and(|r| r.applied),
        "results": report.map(|r| &r.steps),
        "readback": rb,
        "deployment_id": rb.and_then(|r| r.deployment_id.as_deref()),
        "staleness": rb.and_then(|r| r.staleness),
        "problems": rb.map(|r| r.problems.as_slice()).unwrap_or_default(),
    })
}

/// The plan as a person reads it: title, what goes live, warnings, notes, the calls.
pub(super) fn render_plan(plan: &Plan) -> String {
    let mut s = format!("{}\n", plan.title);
    if !plan.diff.is_empty() {
        s.push_str("\nWhat goes live:\n");
        let w = plan
            .diff
            .iter()
            .map(|c| c.method.len() + c.path.len())
            .max()
            .unwrap_or(0)
            + 1;
        for c in &plan.diff {
            let mp = format!("{} {}", c.method, c.path);
            s.push_str(&format!("  {} {mp:<w$}  {}\n", c.change.sign(), c.detail));
        }
    }
    for (head, items, mark) in [
        ("Warnings", &plan.warnings, '!'),
        ("Notes", &plan.notes, '-'),
    ] {
        if !items.is_empty() {
            s.push_str(&format!("\n{head}:\n"));
            for w in items {
                s.push_str(&format!("  {mark} {w}\n"));
            }
        }
    }
    if !plan.steps.is_empty() {
        let n = plan.steps.len();
        s.push_str(&format!(
            "\nPlan ({n} call{}):\n",
            if n == 1 { "" } else { "s" }
        ));
        for (i, step) in plan.steps.iter().enumerate() {
            s.push_str(&format!(
                "  {}. {}\n     {}\n",
                i + 1,
                step.description,
                step.cli_in(plan.region.as_deref())
            ));
        }
    }
    s
}

fn render_report(plan: &Plan, r: &ExecutionReport) -> String {
    let mut s = String::from("\n");
    if let Some(e) = r.failure() {
        s.push_str(&format!("Failed: {e}\n"));
    } else {
        s.push_str(&format!("Applied {} call(s).\n", plan.steps.len()));
    }
    let rb = &r.readback;
    if let Some(st) = &rb.stage {
        let dep = st.deployment_id.as_deref().unwrap_or("no deployment");
        let state = rb.staleness.map(|x| x.label()).unwrap_or("unknown");
        s.push_str(&format!(
            "Read back: stage {} serves deployment {dep} ({state}).\n",
            st.name
        ));
    }
    if let Some(res) = &rb.resource {
        let verbs: Vec<&str> = res.methods.iter().map(|m| m.http_method.as_str()).collect();
        s.push_str(&format!(
            "Read back: {} has methods {}.\n",
            res.path,
            verbs.join(", ")
        ));
    }
    for g in &rb.gateway_responses {
        s.push_str(&format!(
            "Read back: gateway response {} has {} header(s).\n",
            g.response_type,
            g.response_parameters.len()
        ));
    }
    if let Some(c) = &rb.http_cors {
        s.push_str(&format!(
            "Read back: CORS allows origins {}.\n",
            c.allow_origins.join(", ")
        ));
    }
    for p in &rb.problems {
        s.push_str(&format!("  ! {p}\n"));
    }
    if r.applied && rb.problems.is_empty() {
        s.push_str("Verified.\n");
    }
    s
}
