//! The diagnosis as a Markdown report for an incident channel (`apigw match --markdown`):
//! the request, the chain domain → mapping → API → stage → resource → method →
//! authorization (each link with what was found), the verdict, the evidence it rests on,
//! and the fix as `aws` CLI lines in a fenced code block. Every secret is redacted
//! (`crate::redact`); API key values are never in a verdict to begin with.

use crate::domain::model::{EndpointType, Inventory, RestApi};
use crate::domain::routing::{CallerContext, Confidence, Request, Verdict};

mod evidence;

/// The whole report. `inv` is the inventory the verdict was computed from.
pub fn markdown(v: &Verdict, inv: &Inventory) -> String {
    render(v, inv, &[], &CallerContext::default())
}

/// [`markdown`] that also lists the request's headers (sensitive values redacted) and the
/// caller context the verdict was computed with (`--source-ip`, `--vpce`).
pub fn markdown_for(req: &Request, caller: &CallerContext, v: &Verdict, inv: &Inventory) -> String {
    render(v, inv, &crate::redact::headers(&req.headers), caller)
}

fn caller_line(c: &CallerContext) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(ip) = c.source_ip {
        parts.push(format!("source IP `{ip}`"));
    }
    if let Some(v) = &c.vpce {
        parts.push(format!("VPC endpoint `{}`", code(v)));
    }
    if let Some(v) = &c.vpc {
        parts.push(format!("VPC `{}`", code(v)));
    }
    (!parts.is_empty()).then(|| format!("**Caller:** {}\n\n", parts.join(", ")))
}

fn render(
    v: &Verdict,
    inv: &Inventory,
    headers: &[(String, String)],
    caller: &CallerContext,
) -> String {
    let mut v = v.clone();
    crate::redact::verdict(&mut v);
    let mut out = String::new();
    let answer = match (v.status, v.message.as_deref()) {
        (Some(s), Some(m)) => format!("{s} {m}"),
        (Some(s), None) => s.to_string(),
        (None, _) => "reaches the integration".to_string(),
    };
    out.push_str(&format!(
        "## apigw: `{} {}` → {}\n\n",
        v.method,
        code(&v.url),
        inline(&answer)
    ));
    out.push_str(&format!("**Request:** `{} {}`\n\n", v.method, code(&v.url)));
    if !headers.is_empty() {
        out.push_str("```http\n");
        for (n, val) in headers {
            let line = crate::redact::text(&format!("{n}: {val}"));
            out.push_str(&line.replace("```", "'''").replace(['\n', '\r'], " "));
            out.push('\n');
        }
        out.push_str("```\n\n");
    }
    out.extend(caller_line(caller));
    chain(&mut out, &v, inv);
    verdict(&mut out, &v);
    out.push_str("### Why\n\n");
    out.push_str(&inline(&v.explanation));
    out.push_str("\n\n### Evidence\n\n");
    for line in evidence::lines(&v, inv) {
        out.push_str(&format!("- {}\n", inline(&line)));
    }
    fix(&mut out, &v);
    out
}

/// Text inside backticks: no backticks or newlines of its own.
fn code(s: &str) -> String {
    s.replace('`', "'").replace(['\n', '\r'], " ")
}

/// Text on one Markdown line (and safe in a table cell).
fn inline(s: &str) -> String {
    s.replace(['\n', '\r'], " ").replace('|', "\\|")
}

const NOT_REACHED: &str = "— (not reached)";

fn chain(out: &mut String, v: &Verdict, inv: &Inventory) {
    let rest = v.api.as_ref().and_then(|a| inv.rest_api(&a.id));
    let mut rows: Vec<(&str, String)> = Vec::new();
    rows.push(match &v.domain {
        Some(d) => ("domain", format!("`{}`", code(&d.name))),
        None => ("domain", "— (execute-api host or bare path)".into()),
    });
    rows.push(match &v.domain {
        Some(d) => ("mapping", format!("`{}`", code(&d.label()))),
        None => ("mapping", "—".into()),
    });
    rows.push(("API", api_cell(v, rest)));
    rows.push(("stage", stage_cell(v, rest)));
    let resource = match (&v.resource, &v.route_key) {
        (_, Some(k)) => format!("route `{}`", code(k)),
        (Some(r), None) => {
            let params: Vec<String> = v
                .path_params
                .iter()
                .map(|(k, x)| format!("{k}={x}"))
                .collect();
            let p = if params.is_empty() {
                String::new()
            } else {
                format!(" ({})", params.join(", "))
            };
            format!("`{}`{}", code(r), inline(&p))
        }
        (None, None) => NOT_REACHED.into(),
    };
    rows.push(("resource", resource));
    rows.push((
        "method",
        v.matched_method
            .as_deref()
            .map_or(NOT_REACHED.to_string(), |m| format!("`{}`", code(m))),
    ));
    rows.push(("authorization", auth_cell(v)));
    out.push_str("### Chain\n\n| link | found |\n|---|---|\n");
    for (k, val) in rows {
        out.push_str(&format!("| {k} | {} |\n", inline(&val)));
    }
    out.push('\n');
}

fn endpoint(t: &EndpointType) -> &'static str {
    match t {
        EndpointType::Regional => "REGIONAL",
        EndpointType::Edge => "EDGE",
        EndpointType::Private => "PRIVATE",
        EndpointType::Unknown => "unknown endpoint type",
    }
}

fn api_cell(v: &Verdict, rest: Option<&RestApi>) -> String {
    let Some(a) = &v.api else {
        return NOT_REACHED.into();
    };
    match rest {
        Some(r) => format!(
            "{} (`{}`, REST, {})",
            a.name,
            a.id,
            endpoint(&r.endpoint_type)
        ),
        None => format!("{} (`{}`, {})", a.name, a.id, a.kind.protocol()),
    }
}

fn stage_cell(v: &Verdict, rest: Option<&RestApi>) -> String {
    let Some(s) = &v.stage else {
        return NOT_REACHED.into();
    };
    let dep = rest
        .and_then(|r| r.stage(s))
        .and_then(|st| st.deployment_id.clone());
    match dep {
        Some(d) => {
            let when = rest
                .and_then(|r| r.deployment(&d))
                .and_then(|x| x.created_date)
                .map(|t| format!(", deployed {}", t.format("%Y-%m-%d %H:%M UTC")))
                .unwrap_or_default();
            format!("`{s}` → deployment `{d}`{when}")
        }
        None => format!("`{s}`"),
    }
}

fn auth_cell(v: &Verdict) -> String {
    let Some(a) = &v.authorization else {
        return NOT_REACHED.into();
    };
    let mut s = format!("`{}`", a.kind.as_aws());
    if let Some(n) = &a.authorizer {
        s.push_str(&format!(" (authorizer `{}`)", code(n)));
    }
    if a.api_key_required {
        s.push_str(" + API key required");
    }
    s
}

fn verdict(out: &mut String, v: &Verdict) {
    let or_dash = |o: Option<String>| o.unwrap_or_else(|| "—".into());
    out.push_str("### Verdict\n\n");
    out.push_str(&format!(
        "- **status:** {}\n",
        or_dash(v.status.map(|s| s.to_string()))
    ));
    out.push_str(&format!(
        "- **message:** {}\n",
        or_dash(v.message.as_deref().map(|m| format!("`{}`", code(m))))
    ));
    out.push_str(&format!(
        "- **error type:** {}\n",
        or_dash(v.error_type.as_deref().map(|m| format!("`{}`", code(m))))
    ));
    out.push_str(&format!("- **reason:** `{}`\n", v.reason.code()));
    let conf = match v.confidence {
        Confidence::Certain => "certain",
        Confidence::Likely => "likely (see Why)",
    };
    out.push_str(&format!("- **confidence:** {conf}\n\n"));
}

fn fix(out: &mut String, v: &Verdict) {
    let (cli, other): (Vec<&String>, Vec<&String>) = v
        .suggestions
        .iter()
        .partition(|s| s.starts_with("aws ") || s.starts_with("apigw "));
    out.push_str("\n### Fix\n\n");
    if cli.is_empty() && other.is_empty() {
        out.push_str("Nothing to fix at the gateway: the request reaches the integration.\n");
        return;
    }
    if !cli.is_empty() {
        out.push_str("```sh\n");
        for c in cli {
            out.push_str(&code(c));
            out.push('\n');
        }
        out.push_str("```\n");
    }
    for o in other {
        out.push_str(&format!("- try: `{}`\n", code(o)));
    }
}
