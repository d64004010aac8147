//! `apigw logs --api NAME|ID --stage S [--enable [--level INFO|ERROR] [--data-trace]]
//! [--yes] [--json]`: shows a stage's execution and access logging (level, data trace,
//! metrics, per-method overrides, log group, the account's CloudWatch role, the
//! `aws logs tail` line). `--enable` plans `update-stage` and, like `deploy`, changes
//! nothing without `--yes`, refuses under `--read-only`, and reads the stage back.

use serde_json::{json, Map, Value};

use super::deploy_cmd::{api_json, apply, load, print_out, render_plan, Target};
use super::{CliContext, LogLevelArg, LogsArgs};
use crate::aws::mutate;
use crate::config::Source;
use crate::domain::model::{ApiKind, LogLevel, Stage};
use crate::domain::plan::logs::logging_view;
use crate::domain::plan::{
    plan_enable_logging, ExecutionReport, LoggingView, LogsRefusal, Plan, RoleState,
};

pub async fn run(ctx: &CliContext, args: &LogsArgs) -> anyhow::Result<i32> {
    if args.enable && (ctx.read_only || args.plan.yes) {
        ctx.ensure_writable("turn on execution logs")?;
    }
    let t = load(ctx, &args.target.api).await?;
    let role = match (&t.clients, t.api.kind) {
        (Some(c), ApiKind::Rest) => RoleState::from_read(mutate::account_settings(c).await),
        (Some(_), ApiKind::Http) => RoleState::Unknown("not used by HTTP APIs".into()),
        (None, _) => RoleState::Unknown(format!("not in the {}", ctx.source.label())),
    };
    let view = logging_view(&t.inv, &t.api, &args.target.stage, role)
        .map_err(|e| anyhow::anyhow!("--stage {}: {e}", args.target.stage))?;
    let profile = match &ctx.source {
        Source::Live(l) => l.profile.clone(),
        _ => None,
    };
    let profile = profile.as_deref();
    if !args.enable {
        let out = if args.plan.json {
            json_text(&json_view(&t, &view, profile, &view.stage))?
        } else {
            crate::redact::for_terminal(&render_view(&view, profile))
        };
        print_out(&out)?;
        return Ok(0);
    }
    let level = match args.level {
        LogLevelArg::Info => LogLevel::Info,
        LogLevelArg::Error => LogLevel::Error,
    };
    match plan_enable_logging(&view, level, args.data_trace) {
        Ok(plan) => enable(&t, &view, &plan, args, profile).await,
        Err(refusal) => refused(&t, &view, &refusal, args.plan.json, profile),
    }
}

fn json_text(v: &Value) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(v)?;
    s.push('\n');
    Ok(s)
}

/// Prints the plan; with `--yes`, applies it and prints what was read back.
async fn enable(
    t: &Target,
    view: &LoggingView,
    plan: &Plan,
    args: &LogsArgs,
    profile: Option<&str>,
) -> anyhow::Result<i32> {
    let apply_now = args.plan.yes && !plan.is_empty();
    if !args.plan.json {
        let mut s = render_view(view, profile);
        s.push('\n');
        s.push_str(&render_plan(plan));
        if plan.is_empty() {
            s.push_str("\nNothing to do.\n");
        } else if !apply_now {
            s.push_str("\nDry run: nothing was changed. Add --yes to apply.\n");
        }
        print_out(&crate::redact::for_terminal(&s))?;
    }
    let report = match (&t.clients, apply_now) {
        (Some(c), true) => Some(apply(c, plan, args.plan.json).await?),
        (None, true) => anyhow::bail!("cannot apply a plan to an offline inventory"),
        _ => None,
    };
    let code = match &report {
        Some(r) if !r.applied || !r.readback.problems.is_empty() => 1,
        _ => 0,
    };
    if args.plan.json {
        let now = report
            .as_ref()
            .and_then(|r| r.readback.stage.as_ref())
            .unwrap_or(&view.stage);
        let mut v = json_view(t, view, profile, now);
        v["plan"] = json!(plan.cli_lines());
        v["warnings"] = json!(plan.warnings);
        v["notes"] = json!(plan.notes);
        if let Some(r) = &report {
            v["applied"] = json!(r.applied);
            v["results"] = json!(r.steps);
            v["problems"] = json!(r.readback.problems);
        }
        print_out(&json_text(&v)?)?;
    } else if let Some(r) = &report {
        print_out(&crate::redact::for_terminal(&render_report(r)))?;
    }
    Ok(code)
}

/// A refusal on the merits: the view, why, and the fix; exit 1. Nothing was sent.
fn refused(
    t: &Target,
    view: &LoggingView,
    refusal: &LogsRefusal,
    as_json: bool,
    profile: Option<&str>,
) -> anyhow::Result<i32> {
    let fix = refusal.fix(view);
    if as_json {
        let mut v = json_view(t, view, profile, &view.stage);
        v["refused"] = json!(refusal.to_string());
        v["fix"] = json!(fix);
        print_out(&json_text(&v)?)?;
    } else {
        let mut s = render_view(view, profile);
        s.push_str(&format!("\nRefused: {refusal}.\nFix:\n"));
        for (i, f) in fix.iter().enumerate() {
            s.push_str(&format!("  {}. {f}\n", i + 1));
        }
        print_out(&crate::redact::for_terminal(&s))?;
    }
    eprintln!(
        "apigw: refused: {}",
        crate::redact::for_terminal(&refusal.to_string())
    );
    Ok(1)
}

/// The CLI.md object (`api`, `stage`, `level`, `data_trace`, `metrics`, `log_group`,
/// `cloudwatch_role`, `access_log_destination`, `tail`, `plan`, `applied`) and details.
/// `st` is the stage to describe: as loaded, or as read back after a change.
fn json_view(t: &Target, view: &LoggingView, profile: Option<&str>, st: &Stage) -> Value {
    let rest = view.is_rest();
    let overrides: Map<String, Value> = st
        .method_logging
        .iter()
        .map(|(k, m)| {
            let level = m.level.map(|l| l.as_aws());
            let o = json!({"level": level, "data_trace": m.data_trace, "metrics": m.metrics});
            (k.clone(), o)
        })
        .collect();
    json!({
        "api": api_json(&t.inv, &t.api),
        "stage": st.name,
        "level": rest.then(|| st.log_level().as_aws()),
        "data_trace": rest.then_some(st.data_trace_enabled),
        "metrics": rest.then_some(st.metrics_enabled),
        "method_overrides": overrides,
        "log_group": view.log_group(),
        "cloudwatch_role": view.role.arn(),
        "access_log_destination": st.access_log_destination,
        "access_log_format": st.access_log_format,
        "tail": view.tail(profile),
        "plan": [],
        "applied": false,
    })
}

fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}

/// The stage's logging as a person reads it.
fn render_view(v: &LoggingView, profile: Option<&str>) -> String {
    let st = &v.stage;
    let kind = if v.is_rest() { "REST" } else { "HTTP" };
    let mut s = format!(
        "Logging of {} ({}, {kind}) stage {}\n\n",
        v.api_name, v.api.id, st.name
    );
    if v.is_rest() {
        s.push_str(&format!(
            "Execution logs   {}  (data trace {}, metrics {})\n",
            st.log_level().as_aws(),
            on_off(st.data_trace_enabled),
            on_off(st.metrics_enabled)
        ));
        for (key, m) in &st.method_logging {
            let level = m.level.map_or("(stage's)", |l| l.as_aws());
            s.push_str(&format!(
                "  override       {key}: {level}  (data trace {}, metrics {})\n",
                on_off(m.data_trace),
                on_off(m.metrics)
            ));
        }
        if let Some(g) = v.log_group() {
            s.push_str(&format!("  log group      {g}\n"));
        }
        s.push_str(&format!("  account role   {}\n", role_text(v)));
    } else {
        s.push_str("Execution logs   none: HTTP APIs have access logs only\n");
    }
    match &st.access_log_destination {
        Some(d) => {
            s.push_str(&format!("Access logs      {d}\n"));
            if let Some(f) = &st.access_log_format {
                s.push_str(&format!("  format         {f}\n"));
            }
        }
        None => s.push_str("Access logs      off\n"),
    }
    match v.tail(profile) {
        Some(t) => s.push_str(&format!("Follow           {t}\n")),
        None => s.push_str("Follow           nothing to follow: no log group\n"),
    }
    s
}

fn role_text(v: &LoggingView) -> String {
    let region = v.region.as_deref().unwrap_or("this region");
    match &v.role {
        RoleState::Set(arn) => format!("{arn} (the CloudWatch Logs role, {region})"),
        RoleState::NotSet => format!(
            "no CloudWatch Logs role in {region}: execution logs cannot be turned on until one is set (see --enable)"
        ),
        RoleState::Unknown(why) => format!("CloudWatch Logs role unknown ({why})"),
    }
}

fn render_report(r: &ExecutionReport) -> String {
    let mut s = String::from("\n");
    match r.failure() {
        Some(e) => s.push_str(&format!("Failed: {e}\n")),
        None => s.push_str("Applied.\n"),
    }
    if let Some(st) = &r.readback.stage {
        s.push_str(&format!(
            "Read back: stage {} logs at {} (data trace {}, metrics {}).\n",
            st.name,
            st.log_level().as_aws(),
            on_off(st.data_trace_enabled),
            on_off(st.metrics_enabled)
        ));
    }
    for p in &r.readback.problems {
        s.push_str(&format!("  ! {p}\n"));
    }
    if r.applied && r.readback.problems.is_empty() {
        s.push_str("Verified.\n");
    }
    s
}
