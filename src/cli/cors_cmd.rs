//! `apigw cors --api X --path /r [--origin O] [--gateway-responses] [--yes] [--json]`:
//! plans the console's "Enable CORS" for a REST resource (only what differs from what
//! exists; never touching a non-MOCK OPTIONS), or sets an HTTP API's CORS configuration.
//! Without `--yes` prints the plan and changes nothing.

use std::io::Write;

use serde_json::json;

use super::deploy_cmd::{api_json, finish, load};
use super::{CliContext, CorsArgs};
use crate::domain::cors::{plan_cors, plan_http_cors, CorsError, ALLOW_HEADERS};
use crate::domain::model::{ApiKind, CorsConfiguration};
use crate::domain::plan::Plan;

pub async fn run(ctx: &CliContext, args: &CorsArgs) -> anyhow::Result<i32> {
    if ctx.read_only || args.yes {
        ctx.ensure_writable("change CORS")?;
    }
    let t = load(ctx, &args.api).await?;
    let planned: Result<Plan, CorsError> = match t.api.kind {
        ApiKind::Rest => match t.inv.rest_api(&t.api.id) {
            Some(a) => plan_cors(a, &args.path, &args.origin, args.gateway_responses),
            None => anyhow::bail!("API {} is not loaded", t.api.id),
        },
        ApiKind::Http => match t.inv.http_api(&t.api.id) {
            Some(a) => {
                let mut p = plan_http_cors(a, http_config(a.cors.clone(), &args.origin));
                if let Ok(p) = p.as_mut() {
                    p.notes.push(format!(
                        "an HTTP API has one CORS configuration for every route: --path {} is not used",
                        args.path
                    ));
                }
                p
            }
            None => anyhow::bail!("API {} is not loaded", t.api.id),
        },
    };
    match planned {
        Ok(plan) => finish(&t, &plan, args.yes, args.json).await,
        Err(e) => {
            if args.json {
                let v = json!({"api": api_json(&t.inv, &t.api), "error": e.to_string(), "plan": [], "applied": false});
                let mut so = std::io::stdout().lock();
                // A closed stdout (`| head`) is not an error worth a panic.
                let _ = writeln!(so, "{}", serde_json::to_string_pretty(&v)?);
            }
            eprintln!("apigw: {}", crate::redact::for_terminal(&e.to_string()));
            Ok(1)
        }
    }
}

/// The HTTP API's configuration with `origin` allowed (methods `*` and the console's
/// headers when none are set yet).
fn http_config(existing: Option<CorsConfiguration>, origin: &str) -> CorsConfiguration {
    let mut c = existing.unwrap_or_default();
    let origin = origin.trim().trim_matches('\'').to_string();
    c.allow_origins = vec![origin];
    if c.allow_methods.is_empty() {
        c.allow_methods = vec!["*".to_string()];
    }
    if c.allow_headers.is_empty() {
        c.allow_headers = ALLOW_HEADERS
            .split(',')
            .map(|h| h.to_ascii_lowercase())
            .collect();
    }
    c
}
