//! `apigw match`: predict what API Gateway answers to a request, and why (CLI.md).
//! One request from the arguments, or one per line from stdin (JSON Lines with `--json`).

use std::io::{IsTerminal, Write};

use anyhow::Context;

use super::{CliContext, MatchArgs};
use crate::aws::{Mode, Session};
use crate::config::Source;
use crate::domain::model::Inventory;
use crate::domain::routing::{
    parse_input, CallerContext, MatchContext, Reason, Request, Router, Verdict,
};

pub mod access_log;
mod batch;
mod lazy;
pub mod stdin;
mod stdin_line;
pub mod summary;
mod summary_table;

/// What a prediction rests on: live, an on-demand loader that reads what each verdict
/// needs (and keeps it for the next: the request as typed, then as signed); offline, the
/// whole inventory and its router.
pub struct Predictor {
    kind: Kind,
}

enum Kind {
    Offline(Box<(Inventory, Router)>),
    Live(Box<Session>),
}

impl Predictor {
    pub fn new(inv: Inventory) -> Self {
        let router = Router::new(&inv);
        Self {
            kind: Kind::Offline(Box::new((inv, router))),
        }
    }

    /// What API Gateway would answer to `req` (the `apigw match` verdict). Live, only the
    /// parts this verdict needs are read (ROUTING.md section 8).
    pub async fn verdict(&mut self, req: &Request, ctx: &MatchContext<'_>) -> Verdict {
        match &mut self.kind {
            Kind::Offline(o) => o.1.evaluate(&o.0, req, ctx),
            Kind::Live(s) => {
                let v = s.decide(req, ctx).await;
                tracing::info!(requests = s.requests(), "read only what the URL needs");
                v
            }
        }
    }

    /// What has been read so far.
    pub fn inventory(&self) -> &Inventory {
        match &self.kind {
            Kind::Offline(o) => &o.0,
            Kind::Live(s) => &s.inventory,
        }
    }
}

/// Where `match` and `probe` read what predictions need: live, an on-demand loader (the
/// API a host names, or the domain with its mappings and the mapped API); offline, the
/// whole file.
pub async fn predictor(ctx: &CliContext) -> anyhow::Result<Predictor> {
    Ok(match &ctx.source {
        Source::Live(t) => Predictor {
            kind: Kind::Live(Box::new(Session::open(t, Mode::OnDemand))),
        },
        _ => Predictor::new(ctx.load_inventory().await?),
    })
}

/// The verdict for one request: [`predictor`], then [`Predictor::verdict`].
pub async fn predict(ctx: &CliContext, req: &Request) -> anyhow::Result<Verdict> {
    Ok(predictor(ctx)
        .await?
        .verdict(req, &MatchContext::default())
        .await)
}

/// The request described on the command line: a URL (or a whole `curl`/`awscurl` command),
/// `-X` (when not the default GET) and `-H` headers.
pub fn build_request(method: &str, url: &str, headers: &[String]) -> anyhow::Result<Request> {
    let headers = parse_headers(headers)?;
    let mut req =
        if url.trim_start().starts_with("curl ") || url.trim_start().starts_with("awscurl ") {
            parse_input(url).map_err(|e| anyhow::anyhow!("{e}"))?
        } else {
            Request::new(method, url.trim())
        };
    if !method.eq_ignore_ascii_case("GET") {
        req.method = method.to_ascii_uppercase();
    }
    validate_method(&req.method)?;
    req.headers.extend(headers);
    Ok(req)
}

pub async fn run(ctx: &CliContext, args: &MatchArgs) -> anyhow::Result<i32> {
    if args.summary && !args.stdin {
        anyhow::bail!("--summary summarises many requests: use it with --stdin");
    }
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mctx = MatchContext {
        caller: caller(args)?,
        ..MatchContext::default()
    };
    if args.stdin {
        let headers = parse_headers(&args.request.headers)?;
        return stdin_cli(ctx, &headers, &mctx.caller, args, colour).await;
    }
    let url = args.url.as_deref().context("give a URL (or --stdin)")?;
    let req = build_request(&args.request.method, url, &args.request.headers)?;
    let mut p = predictor(ctx).await?;
    let mut v = p.verdict(&req, &mctx).await;
    warn_unread(&v);
    let out = if args.markdown {
        let md = crate::report::markdown_for(&req, &mctx.caller, &v, p.inventory());
        crate::redact::for_terminal(&md)
    } else if args.json {
        scrub(&mut v, true);
        serde_json::to_string_pretty(&v)?
    } else {
        scrub(&mut v, false);
        human(&v, colour)
    };
    let mut so = std::io::stdout().lock();
    writeln!(so, "{out}").context("cannot write to stdout")?;
    Ok(v.exit_code())
}

/// `--stdin`: live, the account is read lazily (each API or domain once, when a line
/// first needs it); offline, the whole file is there.
async fn stdin_cli(
    ctx: &CliContext,
    headers: &[(String, String)],
    caller: &CallerContext,
    args: &MatchArgs,
    colour: bool,
) -> anyhow::Result<i32> {
    let (json, summary) = (args.json, args.summary);
    if let Source::Live(t) = &ctx.source {
        let judge = lazy::Lazy::open(t).await;
        let region = judge.region();
        let env = stdin::Env {
            judge: &judge,
            region: region.as_deref(),
            headers,
            caller,
        };
        // The workers are threads that wait on the loader: off the async executor.
        return tokio::task::block_in_place(|| stdin::from_cli(&env, json, summary, colour));
    }
    let inv = ctx.load_inventory().await?;
    let router = Router::new(&inv);
    let fixed = stdin::Fixed {
        inv: &inv,
        router: &router,
    };
    let env = stdin::Env {
        judge: &fixed,
        region: inv.region.as_deref(),
        headers,
        caller,
    };
    stdin::from_cli(&env, json, summary, colour)
}

/// One line on stderr for each part the verdict rests on that could not be read.
fn warn_unread(v: &Verdict) {
    for u in &v.unread {
        let what = if v.reason == Reason::Unknown {
            "error"
        } else {
            "warning"
        };
        eprintln!(
            "apigw: {what}: could not read {}: {}",
            u.label,
            crate::redact::for_terminal(&u.error.to_string())
        );
    }
}

/// The caller context from `--source-ip` / `--vpce`; a bad value is one clear line.
fn caller(args: &MatchArgs) -> anyhow::Result<CallerContext> {
    let source_ip = match args.source_ip.as_deref().map(str::trim) {
        None => None,
        Some(s) => Some(s.parse::<std::net::IpAddr>().map_err(|_| {
            anyhow::anyhow!(
                "--source-ip: `{}` is not an IP address (e.g. 203.0.113.7 or 2001:db8::1)",
                crate::redact::for_terminal(s)
            )
        })?),
    };
    let vpce = match args.vpce.as_deref().map(str::trim) {
        None => None,
        Some(v) if crate::domain::routing::is_aws_id(v, "vpce-") => Some(v.to_string()),
        Some(v) => anyhow::bail!(
            "--vpce: `{}` is not a VPC endpoint id (e.g. vpce-0a1b2c3d4e5f67890)",
            crate::redact::for_terminal(v)
        ),
    };
    Ok(CallerContext {
        source_ip,
        vpce,
        vpc: None,
    })
}

fn validate_method(m: &str) -> anyhow::Result<()> {
    if m.is_empty() || !m.bytes().all(|b| b.is_ascii_alphabetic()) {
        anyhow::bail!("`{m}` is not an HTTP method (e.g. GET, POST, OPTIONS)");
    }
    Ok(())
}

/// `Name: value` → (name, value).
fn parse_headers(raw: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    raw.iter()
        .map(|h| match h.split_once(':') {
            Some((n, v)) if !n.trim().is_empty() => {
                Ok((n.trim().to_string(), v.trim().to_string()))
            }
            _ => {
                // No separator: the value cannot be told from the name, so show only the
                // first word (it may be a secret otherwise).
                let first = h.split([':', ' ']).next().unwrap_or("");
                anyhow::bail!(
                    "bad header `{}…`: expected -H 'Name: value'",
                    crate::redact::for_terminal(first)
                )
            }
        })
        .collect()
}

/// Secrets out of everything that is printed; for a terminal also control characters
/// (escaped), so echoed input cannot clear the screen. JSON escapes them itself.
pub fn scrub(v: &mut Verdict, json: bool) {
    crate::redact::verdict(v);
    if !json {
        let t = crate::redact::for_terminal;
        v.url = t(&v.url);
        v.explanation = t(&v.explanation);
        v.message = v.message.as_deref().map(t);
        v.resource = v.resource.as_deref().map(t);
        v.suggestions.iter_mut().for_each(|s| *s = t(s));
        v.path_params.values_mut().for_each(|p| *p = t(p));
    }
}

/// ANSI colour when `.0` (a terminal without `NO_COLOR`), plain text otherwise.
pub(super) struct Paint(pub bool);

impl Paint {
    pub(super) fn c(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn headline(v: &Verdict, p: &Paint) -> String {
    let (text, code) = match (v.status, &v.message) {
        (Some(s), Some(m)) => (format!("{s} {m}"), if s >= 400 { "1;31" } else { "1;32" }),
        (Some(s), None) => (s.to_string(), if s >= 400 { "1;31" } else { "1;32" }),
        (None, _) if v.preflight_ok == Some(false) => (
            "preflight answered, but the browser will block it".to_string(),
            "1;31",
        ),
        (None, _) if v.exit_code() == 0 => ("reaches the integration".to_string(), "1;32"),
        (None, _) if v.reason == Reason::Unknown => (
            "unknown: what it depends on could not be read".to_string(),
            "1;33",
        ),
        (None, _) => ("no answer from API Gateway".to_string(), "1;33"),
    };
    let conf = match v.confidence {
        crate::domain::routing::Confidence::Certain => p.c("2", "certain"),
        crate::domain::routing::Confidence::Likely => p.c("33", "likely"),
    };
    format!("{}  ({}, {conf})", p.c(code, &text), v.reason.code())
}

fn target(v: &Verdict) -> String {
    let mut parts = Vec::new();
    if let Some(a) = &v.api {
        parts.push(format!("{} ({}, {})", a.name, a.id, a.kind.protocol()));
    }
    if let Some(s) = &v.stage {
        parts.push(format!("stage {s}"));
    }
    if let Some(d) = &v.domain {
        parts.push(format!("via {} mapping {}", d.name, d.label()));
    }
    parts.join("  ")
}

/// The multi-line human answer for one request.
pub fn human(v: &Verdict, colour: bool) -> String {
    let p = Paint(colour);
    let mut out = vec![format!("{} {}", v.method, v.url), headline(v, &p)];
    let t = target(v);
    if !t.is_empty() {
        out.push(format!("  {}  {t}", p.c("1", "API     ")));
    }
    let route = v.route_key.clone().or_else(|| {
        v.resource
            .as_ref()
            .map(|r| format!("{} {r}", v.matched_method.as_deref().unwrap_or("")))
    });
    if let Some(r) = route {
        let params: Vec<String> = v
            .path_params
            .iter()
            .map(|(k, x)| format!("{k}={x}"))
            .collect();
        let params = if params.is_empty() {
            String::new()
        } else {
            format!("  ({})", params.join(", "))
        };
        out.push(format!("  {}  {}{params}", p.c("1", "Route   "), r.trim()));
    }
    if let Some(a) = &v.authorization {
        let mut s = a.kind.as_aws().to_string();
        if let Some(n) = &a.authorizer {
            s.push_str(&format!(" ({n})"));
        }
        if a.api_key_required {
            s.push_str(" + API key");
        }
        out.push(format!("  {}  {s}", p.c("1", "Auth    ")));
    }
    out.push(format!("  {}  {}", p.c("1", "Why     "), v.explanation));
    if !v.suggestions.is_empty() {
        out.push(format!(
            "  {}  {}",
            p.c("1", "Try     "),
            v.suggestions.join(" | ")
        ));
    }
    out.join("\n")
}
