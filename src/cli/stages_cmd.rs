//! `apigw stages [--api X] [--json]`: every stage with its deployment and staleness (what
//! a new deployment would put live). JSON shape: shared/CLI.md.

use std::io::Write;

use anyhow::Context;
use serde_json::{json, Value};

use super::deploy_cmd::api_json;
use super::{CliContext, StagesArgs};
use crate::aws::{client, mutate};
use crate::config::Source;
use crate::domain::model::{ApiKind, ApiRef, Deployment, Inventory, Stage};
use crate::domain::staleness::{http_stage_staleness, rest_stage_staleness, Change, Staleness};

/// One stage as listed.
struct Row<'a> {
    api: ApiRef,
    stage: &'a Stage,
    deployment: Option<&'a Deployment>,
    staleness: Staleness,
    changes: Vec<Change>,
}

pub async fn run(ctx: &CliContext, args: &StagesArgs) -> anyhow::Result<i32> {
    let inv = load(ctx, args.api.as_deref()).await?;
    let only = match args.api.as_deref() {
        Some(a) => Some(
            inv.find_api(a)
                .map_err(|e| anyhow::anyhow!("--api {a}: {e}"))?,
        ),
        None => None,
    };
    let rows = rows(&inv, only.as_ref());
    let text = if args.json {
        let v: Vec<Value> = rows.iter().map(|r| row_json(&inv, r)).collect();
        let mut s = serde_json::to_string_pretty(&v)?;
        s.push('\n');
        s
    } else {
        render(&inv, &rows)
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .context("cannot write to stdout")?;
    Ok(0)
}

async fn load(ctx: &CliContext, api: Option<&str>) -> anyhow::Result<Inventory> {
    match (&ctx.source, api) {
        (Source::Live(t), Some(a)) => {
            let clients = client::build(t).await.map_err(anyhow::Error::msg)?;
            Ok(mutate::load_api(&clients, a).await?.0)
        }
        _ => ctx.load_inventory().await,
    }
}

fn rows<'a>(inv: &'a Inventory, only: Option<&ApiRef>) -> Vec<Row<'a>> {
    let wanted = |kind: ApiKind, id: &str| only.is_none_or(|o| o.kind == kind && o.id == id);
    let mut out = Vec::new();
    let mut rest: Vec<_> = inv
        .rest_apis
        .iter()
        .filter(|a| wanted(ApiKind::Rest, &a.id))
        .collect();
    rest.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    for a in rest {
        for s in &a.stages {
            let (staleness, changes) = rest_stage_staleness(a, &s.name);
            out.push(Row {
                api: ApiRef {
                    kind: ApiKind::Rest,
                    id: a.id.clone(),
                },
                stage: s,
                deployment: s.deployment_id.as_deref().and_then(|d| a.deployment(d)),
                staleness,
                changes,
            });
        }
    }
    let mut http: Vec<_> = inv
        .http_apis
        .iter()
        .filter(|a| wanted(ApiKind::Http, &a.id))
        .collect();
    http.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    for a in http {
        for s in &a.stages {
            let (staleness, changes) = http_stage_staleness(a, &s.name);
            out.push(Row {
                api: ApiRef {
                    kind: ApiKind::Http,
                    id: a.id.clone(),
                },
                stage: s,
                deployment: s.deployment_id.as_deref().and_then(|d| a.deployment(d)),
                staleness,
                changes,
            });
        }
    }
    out
}

fn row_json(inv: &Inventory, r: &Row<'_>) -> Value {
    json!({
        "api": api_json(inv, &r.api),
        "stage": r.stage.name,
        "deployment_id": r.stage.deployment_id,
        "deployed_at": r.deployment.and_then(|d| d.created_date),
        "auto_deploy": r.stage.auto_deploy,
        "staleness": r.staleness,
        "changes": if r.staleness == Staleness::Stale { r.changes.as_slice() } else { &[] },
    })
}

fn state_text(r: &Row<'_>) -> String {
    match r.staleness {
        Staleness::Stale => {
            let n = r.changes.len();
            format!("stale ({n} change{})", if n == 1 { "" } else { "s" })
        }
        Staleness::Unknown => "unknown (deployed state not readable)".to_string(),
        Staleness::AutoDeploy => "auto-deploy".to_string(),
        Staleness::Current => "current".to_string(),
    }
}

/// The width of each column but the last (the widest cell or heading).
fn widths(head: &[&str; 5], cells: &[[String; 5]]) -> [usize; 4] {
    std::array::from_fn(|i| {
        cells
            .iter()
            .map(|c| c[i].chars().count())
            .chain([head[i].len()])
            .max()
            .unwrap_or(0)
    })
}

fn render(inv: &Inventory, rows: &[Row<'_>]) -> String {
    if rows.is_empty() {
        return "No stages.\n".to_string();
    }
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                format!("{} ({})", inv.api_name(&r.api.id), r.api.id),
                r.stage.name.clone(),
                r.stage.deployment_id.clone().unwrap_or_else(|| "-".into()),
                r.deployment
                    .and_then(|d| d.created_date)
                    .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_else(|| "-".into()),
                state_text(r),
            ]
        })
        .collect();
    let head = ["API", "STAGE", "DEPLOYMENT", "DEPLOYED (UTC)", "STATE"];
    let w = widths(&head, &cells);
    let line = |c: [&str; 5]| {
        format!(
            "{:<a$}  {:<b$}  {:<d$}  {:<e$}  {}\n",
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            a = w[0],
            b = w[1],
            d = w[2],
            e = w[3]
        )
    };
    let mut s = line(head);
    for (r, c) in rows.iter().zip(&cells) {
        s.push_str(&line([&c[0], &c[1], &c[2], &c[3], &c[4]]));
        if r.staleness == Staleness::Stale {
            for ch in &r.changes {
                s.push_str(&format!(
                    "    {} {} {}  {}\n",
                    ch.change.sign(),
                    ch.method,
                    ch.path,
                    ch.detail
                ));
            }
        }
    }
    s
}
