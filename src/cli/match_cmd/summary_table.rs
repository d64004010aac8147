//! `match --stdin --summary` for people: the [`Report`] as aligned tables.

use super::summary::{Report, TOP};
use crate::domain::routing::Reason;

/// Columns padded to their widest cell; numeric columns right-aligned. Every cell is
/// shown through [`crate::redact::for_terminal`] (paths and examples echo the input).
fn table(head: &[&str], right: &[bool], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| crate::redact::for_terminal(c)).collect())
        .collect();
    let mut width: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let w = width.get(i).copied().unwrap_or(0);
            let pad = " ".repeat(w.saturating_sub(c.chars().count()));
            let last = i + 1 == cells.len();
            match (right.get(i).copied().unwrap_or(false), last) {
                (true, _) => s.push_str(&format!("{pad}{c}")),
                (false, true) => s.push_str(c),
                (false, false) => s.push_str(&format!("{c}{pad}")),
            }
            if !last {
                s.push_str("  ");
            }
        }
        s.trim_end().to_string()
    };
    let mut out = vec![line(head.to_vec())];
    out.extend(
        rows.iter()
            .map(|r| line(r.iter().map(String::as_str).collect())),
    );
    out.join("\n")
}

fn pct(n: u64, of: u64) -> String {
    if of == 0 {
        return "-".into();
    }
    format!("{:.1}%", n as f64 * 100.0 / of as f64)
}

fn status_text(s: Option<u16>, reaches_integration: bool) -> String {
    match s {
        Some(s) => s.to_string(),
        None if reaches_integration => "integration".into(),
        None => "-".into(),
    }
}

/// The whole summary as text.
pub fn render(r: &Report) -> String {
    let mut parts = vec![headline(r), statuses_and_reasons(r)];
    if !r.by_route.is_empty() {
        parts.push(routes(r));
    }
    if !r.top_unmatched.is_empty() {
        let rows: Vec<Vec<String>> = r
            .top_unmatched
            .iter()
            .map(|p| {
                vec![
                    p.path.clone(),
                    p.reason.code().to_string(),
                    p.count.to_string(),
                ]
            })
            .collect();
        let head = format!("TOP UNMATCHED (host/path, top {TOP})");
        parts.push(table(
            &[&head, "REASON", "COUNT"],
            &[false, false, true],
            &rows,
        ));
    }
    if let Some(l) = &r.logged {
        parts.push(logged(l));
    }
    parts.join("\n\n")
}

fn statuses_and_reasons(r: &Report) -> String {
    let row = |what: String, n: u64| vec![what, n.to_string(), pct(n, r.requests)];
    let statuses: Vec<Vec<String>> = r
        .by_status
        .iter()
        .map(|s| row(status_text(s.status, s.reaches_integration), s.count))
        .collect();
    let reasons: Vec<Vec<String>> = r
        .by_reason
        .iter()
        .map(|s| row(s.reason.code().to_string(), s.count))
        .collect();
    let right = [false, true, true];
    format!(
        "{}\n\n{}",
        table(&["STATUS", "COUNT", "SHARE"], &right, &statuses),
        table(&["REASON", "COUNT", "SHARE"], &right, &reasons)
    )
}

fn headline(r: &Report) -> String {
    let mut s = format!(
        "{} lines: {} requests, {} malformed",
        r.lines, r.requests, r.malformed
    );
    for e in &r.errors {
        s.push_str(&format!(
            "\n  line {}: {}",
            e.line,
            crate::redact::for_terminal(&e.error)
        ));
    }
    if r.malformed > r.errors.len() as u64 {
        s.push_str("\n  …");
    }
    s
}

fn routes(r: &Report) -> String {
    let shown = r.by_route.iter().take(TOP * 2);
    let rows: Vec<Vec<String>> = shown
        .map(|x| {
            vec![
                format!("{} ({})", x.route.api, x.route.api_id),
                x.route.stage.clone(),
                x.route.route.clone(),
                x.count.to_string(),
            ]
        })
        .collect();
    let mut t = table(
        &["API", "STAGE", "ROUTE", "COUNT"],
        &[false, false, false, true],
        &rows,
    );
    if r.by_route.len() > rows.len() {
        t.push_str(&format!(
            "\n… {} more routes (--json lists all)",
            r.by_route.len() - rows.len()
        ));
    }
    t
}

fn logged(l: &super::summary::LoggedReport) -> String {
    let mut s = format!(
        "LOGGED STATUS vs PREDICTION: {} lines carry the status returned: {} agree, {} disagree",
        l.lines, l.agree, l.disagree
    );
    if !l.disagreements.is_empty() {
        let rows: Vec<Vec<String>> = l
            .disagreements
            .iter()
            .map(|d| {
                vec![
                    format!(
                        "{} ({})",
                        status_text(d.predicted_status, d.reason == Reason::Matched),
                        d.reason.code()
                    ),
                    d.logged_status.to_string(),
                    d.count.to_string(),
                    d.example.clone(),
                ]
            })
            .collect();
        s.push('\n');
        s.push_str(&table(
            &["PREDICTED", "LOGGED", "COUNT", "EXAMPLE"],
            &[false, true, true, false],
            &rows,
        ));
    }
    s
}
