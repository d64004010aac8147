//! How one `match --stdin` line is written: a verdict (JSON Lines with `--json`, else one
//! line for people) or an error object for a line that is not a request.

use std::io::Write;

use super::access_log::Logged;
use super::Paint;
use crate::domain::routing::Verdict;

/// One line per request (for `--stdin` without `--json`).
pub fn one_line(v: &Verdict, colour: bool) -> String {
    let p = Paint(colour);
    let status = v.status.map_or("-".to_string(), |s| s.to_string());
    let code = if v.exit_code() == 0 { "32" } else { "31" };
    let route = v
        .route_key
        .clone()
        .or_else(|| v.resource.clone())
        .unwrap_or_default();
    let api = v.api.as_ref().map_or("-", |a| a.name.as_str());
    format!(
        "{} {} {} {}  {api}/{} {route}",
        p.c(code, &status),
        v.reason.code(),
        v.method,
        v.url,
        v.stage.as_deref().unwrap_or("-")
    )
}

/// A rendered verdict (`line`: a JSON object or a [`one_line`]) and what the access log
/// said about the request: with `--json` as a `"logged"` member
/// (`{"status": 403, "request_id": "…"}`), for people as `(logged 403)`.
pub fn verdict(out: &mut Vec<u8>, json: bool, line: &[u8], logged: &Logged) {
    if logged.status.is_none() && logged.request_id.is_none() {
        out.extend_from_slice(line);
        out.push(b'\n');
        return;
    }
    if json {
        match line.strip_suffix(b"}") {
            Some(open) => {
                out.extend_from_slice(open);
                let member = serde_json::json!({
                    "status": logged.status,
                    "request_id": logged.request_id.as_deref().map(crate::redact::text),
                });
                let _ = write!(out, ",\"logged\":{member}}}");
            }
            None => out.extend_from_slice(line),
        }
    } else {
        out.extend_from_slice(line);
        if let Some(s) = logged.status {
            let _ = write!(out, "  (logged {s})");
        }
    }
    out.push(b'\n');
}

/// A line that could not be read as a request: `{"line", "input", "error"}` with `--json`,
/// else `line N: error: …`. Secrets in the echoed input are redacted.
pub fn error(out: &mut Vec<u8>, json: bool, line_no: usize, input: &str, msg: &str) {
    let msg = crate::redact::text(msg);
    if json {
        let shown = crate::redact::text(input);
        let obj = serde_json::json!({"line": line_no, "input": shown, "error": msg});
        let _ = writeln!(out, "{obj}");
    } else {
        let text = crate::redact::for_terminal(&format!("line {line_no}: error: {msg}"));
        let _ = writeln!(out, "{text}");
    }
}
