//! `apigw probe [-X METHOD] [-H 'Name: value']... URL [--connect-to URL] [--yes] [--json]`:
//! predicts the answer (the `match` engine), sends the request for real (SigV4-signed when
//! the matched method uses `AWS_IAM`) and shows both side by side. Exit 0 when they agree,
//! 1 when they differ, 2 when nothing could be sent.

use std::io::{IsTerminal, Write};

use anyhow::Context;
use serde_json::json;

use super::match_cmd::{build_request, predictor, scrub, Paint};
use super::{CliContext, ProbeArgs};
use crate::aws::probe::{self, Outgoing, Signing, Target, Timeouts};
use crate::config::Source;
use crate::domain::model::{AuthorizationType, Inventory};
use crate::domain::probe::{
    advice, compare, execute_api_region, is_safe_method, Answer, Comparison,
};
use crate::domain::routing::{Confidence, MatchContext, Request, Verdict};

pub async fn run(ctx: &CliContext, args: &ProbeArgs) -> anyhow::Result<i32> {
    let req = build_request(&args.request.method, &args.url, &args.request.headers)?;
    guard(ctx, &req.method, args.yes)?;
    let mut out = Outgoing {
        method: req.method.clone(),
        url: req.url.clone(),
        headers: req.headers.clone(),
        connect_to: args.connect_to.clone(),
        sign: None,
    };
    // A bad URL or --connect-to is reported before anything is read or sent.
    let target = probe::prepare(&out)?;
    let mut p = predictor(ctx).await?;
    let mut predicted = p.verdict(&req, &MatchContext::default()).await;
    if needs_signing(&predicted, &req) {
        let region = signing_region(&target, p.inventory(), ctx)?;
        out.sign = Some(Signing {
            region,
            profile: profile(ctx),
        });
        probe::prepare(&out)?;
        let mut signed = req.clone();
        signed.signed = true;
        predicted = p.verdict(&signed, &MatchContext::default()).await;
    }
    let mut actual = probe::send(&out, Timeouts::from_env()).await?;
    let agrees = compare(&predicted, &actual).agrees();
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    actual.message = actual.message.as_deref().map(crate::redact::text);
    scrub(&mut predicted, args.json);
    let text = if args.json {
        let v = json!({"predicted": predicted, "actual": actual, "agrees": agrees});
        serde_json::to_string_pretty(&v)?
    } else {
        human(&predicted, &actual, &out, &target, colour)
    };
    let mut so = std::io::stdout().lock();
    writeln!(so, "{text}").context("cannot write to stdout")?;
    Ok(if agrees { 0 } else { 1 })
}

/// Only GET, HEAD and OPTIONS go out without `--yes`, and only they under `--read-only`.
fn guard(ctx: &CliContext, method: &str, yes: bool) -> anyhow::Result<()> {
    if is_safe_method(method) {
        return Ok(());
    }
    if ctx.read_only {
        anyhow::bail!("refusing to send {method}: apigw is in read-only mode (--read-only or read_only = true in the config); only GET, HEAD and OPTIONS probes are sent");
    }
    if !yes {
        anyhow::bail!("refusing to send {method} without --yes: it may change something behind the API (GET, HEAD and OPTIONS are sent at once)");
    }
    Ok(())
}

/// An `AWS_IAM` method, and the request carries no signature of its own.
fn needs_signing(v: &Verdict, req: &Request) -> bool {
    let iam = v
        .authorization
        .as_ref()
        .is_some_and(|a| a.kind == AuthorizationType::AwsIam);
    let presigned = req.url.contains("X-Amz-Signature=");
    iam && req.header("authorization").is_none() && !presigned
}

/// The execute-api host's region, else the inventory's, else `--region`.
fn signing_region(t: &Target, inv: &Inventory, ctx: &CliContext) -> anyhow::Result<String> {
    let from_flag = match &ctx.source {
        Source::Live(l) => l.region.clone(),
        _ => None,
    };
    execute_api_region(&t.host)
        .or_else(|| inv.region.clone())
        .or(from_flag)
        .context("cannot tell which region to sign for (the host is not an execute-api host): pass --region")
}

fn profile(ctx: &CliContext) -> Option<String> {
    match &ctx.source {
        Source::Live(l) => l.profile.clone(),
        _ => None,
    }
}

fn status_text(v: &Verdict) -> String {
    match v.status {
        Some(s) => s.to_string(),
        None => "reaches the integration".to_string(),
    }
}

/// One row: label, predicted value, actual value, and a mark when compared.
fn row(p: &Paint, label: &str, left: &str, right: &str, mark: Option<bool>, w: usize) -> String {
    let mark = match mark {
        Some(true) => p.c("32", "  ✓"),
        Some(false) => p.c("1;31", "  ✗ differs"),
        None => String::new(),
    };
    let left = if left.is_empty() { "—" } else { left };
    let right = if right.is_empty() { "—" } else { right };
    if left.chars().count() > w {
        let pad = " ".repeat(14 + w + 2);
        return format!("  {label:<12}{left}\n{pad}{right}{mark}");
    }
    format!("  {label:<12}{left:<w$}  {right}{mark}")
}

/// `no_resource (certain)  orders-api / prod  GET /orders/{id}`.
fn reason_line(v: &Verdict) -> String {
    let conf = match v.confidence {
        Confidence::Certain => "certain",
        Confidence::Likely => "likely",
    };
    let mut s = format!("{} ({conf})", v.reason.code());
    if let Some(api) = &v.api {
        s.push_str(&format!(
            "  {} / {}",
            api.name,
            v.stage.as_deref().unwrap_or("-")
        ));
    }
    let route = v.route_key.clone().or_else(|| {
        let r = v.resource.as_ref()?;
        Some(format!("{} {r}", v.matched_method.as_deref().unwrap_or("")))
    });
    if let Some(r) = route {
        s.push_str(&format!("  {}", r.trim()));
    }
    s
}

/// Prediction and answer side by side, then the verdict of the comparison.
fn human(v: &Verdict, a: &Answer, out: &Outgoing, t: &Target, colour: bool) -> String {
    let p = Paint(colour);
    let cmp = compare(v, a);
    let mut via = format!(
        "  sent to {} (Host {})",
        t.address(),
        crate::redact::for_terminal(&t.host_header)
    );
    if let Some(s) = &out.sign {
        via.push_str(&format!(", SigV4-signed for execute-api in {}", s.region));
    }
    let mut lines = vec![format!("{} {}", v.method, v.url), p.c("2", &via)];
    lines.push(String::new());
    lines.extend(side_by_side(&p, v, a, &cmp));
    lines.push(format!("  {:<12}{}", "reason", reason_line(v)));
    lines.push(String::new());
    if cmp.agrees() {
        lines.push(p.c(
            "1;32",
            "✓ agrees: API Gateway answered what apigw predicted.",
        ));
        return lines.join("\n");
    }
    lines.push(p.c(
        "1;31",
        "✗ DIFFERS: API Gateway did not answer what apigw predicted.",
    ));
    lines.push(format!("  Predicted because: {}", v.explanation));
    lines.push("  What to do:".to_string());
    let request = format!("-X {} {}", v.method, v.url);
    for (i, l) in advice(v, a, &request).iter().enumerate() {
        lines.push(format!("    {}. {}", i + 1, crate::redact::for_terminal(l)));
    }
    lines.join("\n")
}

/// The table: a heading, then status, error type, message, request id and elapsed time,
/// predicted on the left and actual on the right.
fn side_by_side(p: &Paint, v: &Verdict, a: &Answer, cmp: &Comparison) -> Vec<String> {
    let t_ = crate::redact::for_terminal;
    let msg_v = v.message.clone().unwrap_or_default();
    let msg_a = a.message.as_deref().map(t_).unwrap_or_default();
    let et_v = v.error_type.clone().unwrap_or_default();
    let et_a = a.error_type.as_deref().map(t_).unwrap_or_default();
    let status_v = status_text(v);
    let w = [status_v.len(), msg_v.chars().count(), et_v.len()]
        .into_iter()
        .max()
        .unwrap_or(0)
        .clamp(12, 44);
    let heading = format!("  {:<12}{:<w$}  {}", "", "predicted", "actual");
    let a_status = a.status.to_string();
    let rid = a.request_id.as_deref().map(t_).unwrap_or_default();
    let elapsed = format!("{} ms", a.elapsed_ms);
    vec![
        p.c("1", &heading),
        row(
            p,
            "status",
            &status_v,
            &a_status,
            Some(cmp.status_agrees),
            w,
        ),
        row(p, "error type", &et_v, &et_a, None, w),
        row(p, "message", &msg_v, &msg_a, Some(cmp.message_agrees), w),
        row(p, "request id", "", &rid, None, w),
        row(p, "elapsed", "", &elapsed, None, w),
    ]
}
