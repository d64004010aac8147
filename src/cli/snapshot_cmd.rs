//! `apigw snapshot [-o FILE]`: the whole inventory (incl. deployed state) as a versioned
//! JSON snapshot, to stdout (no `-o` or `-o -`) or atomically to a file. An incomplete live
//! inventory is an error (one line naming the failed part) and never replaces a file.

use std::io::Write;

use anyhow::Context;

use super::{CliContext, SnapshotArgs};
use crate::config::Source;
use crate::domain::model::Inventory;
use crate::snapshot::{self, Snapshot};

pub async fn run(ctx: &CliContext, args: &SnapshotArgs) -> anyhow::Result<i32> {
    let inventory = load_complete(ctx).await?;
    let snap = Snapshot::new(ctx.source.label(), inventory);
    let json = snapshot::to_json(&snap);
    match args.output.as_deref() {
        None => write_stdout(&json)?,
        Some(p) if p.as_os_str() == "-" => write_stdout(&json)?,
        Some(p) => {
            snapshot::write_atomic(p, json.as_bytes())?;
            eprintln!(
                "apigw: wrote {} ({} REST APIs, {} HTTP APIs, {} domains)",
                p.display(),
                snap.inventory.rest_apis.len(),
                snap.inventory.http_apis.len(),
                snap.inventory.domains.len()
            );
        }
    }
    Ok(0)
}

fn write_stdout(json: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(json.as_bytes())
        .and_then(|_| out.flush())
        .context("cannot write to stdout")
}

/// The inventory, or an error when any part is missing.
async fn load_complete(ctx: &CliContext) -> anyhow::Result<Inventory> {
    let Source::Live(target) = &ctx.source else {
        return ctx.load_inventory().await;
    };
    let report = crate::aws::load_report(target).await;
    if let Some(first) = report.inventory.issues.first() {
        let n = report.inventory.issues.len();
        anyhow::bail!(
            "inventory incomplete, nothing written: {n} part(s) failed, first {}: {}",
            first.part,
            first.message
        );
    }
    if !ctx.no_cache {
        if let Err(e) = crate::cache::store(target, &report.inventory) {
            tracing::warn!(error = %e, "could not update the cache");
        }
    }
    tracing::info!(requests = report.requests, "snapshot loaded");
    Ok(report.inventory)
}
