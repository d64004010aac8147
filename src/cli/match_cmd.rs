//! `apigw match`: predict what API Gateway answers to a request, and why (CLI.md).
//! One request from the arguments, or one per line from stdin (JSON Lines with `--json`).

use std::io::{IsTerminal, Write};

use anyhow::Context;

use super::{CliContext, MatchArgs};
use crate::domain::routing::{parse_input, MatchContext, Request, Router, Verdict};

pub mod access_log;
mod batch;
pub mod stdin;
mod stdin_line;
pub mod summary;
mod summary_table;

pub async fn run(ctx: &CliContext, args: &MatchArgs) -> anyhow::Result<i32> {
    if args.summary && !args.stdin {
        anyhow::bail!("--summary summarises many requests: use it with --stdin");
    }
    let headers = parse_headers(&args.headers)?;
    let inv = ctx.load_inventory().await?;
    let router = Router::new(&inv);
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if args.stdin {
        let env = stdin::Env {
            inv: &inv,
            router: &router,
            headers: &headers,
        };
        return stdin::from_cli(&env, args.json, args.summary, colour);
    }
    let url = args.url.as_deref().context("give a URL (or --stdin)")?;
    let mut req =
        if url.trim_start().starts_with("curl ") || url.trim_start().starts_with("awscurl ") {
            parse_input(url).map_err(|e| anyhow::anyhow!("{e}"))?
        } else {
            Request::new(&args.method, url.trim())
        };
    if !args.method.eq_ignore_ascii_case("GET") {
        req.method = args.method.to_ascii_uppercase();
    }
    validate_method(&req.method)?;
    req.headers.extend(headers);
    let mut v = router.evaluate(&inv, &req, &MatchContext::default());
    scrub(&mut v, args.json);
    let out = if args.json {
        serde_json::to_string_pretty(&v)?
    } else {
        human(&v, colour)
    };
    let mut so = std::io::stdout().lock();
    writeln!(so, "{out}").context("cannot write to stdout")?;
    Ok(v.exit_code())
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
fn scrub(v: &mut Verdict, json: bool) {
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

struct Paint(bool);

impl Paint {
    fn c(&self, code: &str, s: &str) -> String {
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
        parts.push(format!("{} ({}, {})", a.name, a.id, a.protocol));
    }
    if let Some(s) = &v.stage {
        parts.push(format!("stage {s}"));
    }
    if let Some(d) = &v.domain {
        parts.push(format!("via {} mapping {}", d.name, d.mapping));
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
