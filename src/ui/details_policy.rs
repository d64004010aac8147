//! Details: the REST API's resource policy, each statement pretty-printed and marked by
//! whether it applies to the selected method (for the caller typed in the URL bar), and
//! for `AWS_IAM` methods the method's ARN and the IAM statement a signer needs.

use ratatui::text::{Line, Span};

use super::details::kv;
use super::Ctx;
use crate::app::policy_view::StatementMark;
use crate::domain::policy::{Effect, Tri};

fn mark<'a>(cx: &Ctx, m: &StatementMark) -> Line<'a> {
    let t = cx.theme;
    let (text, style) = match m.applies {
        Some(Tri::Yes) => ("✓ applies".to_string(), t.url_hit),
        Some(Tri::Depends) => (format!("? depends on {}", m.depends_on.join(", ")), t.warn),
        Some(Tri::No) => ("· does not apply".to_string(), t.dim),
        None => ("·".to_string(), t.dim),
    };
    let effect = match m.effect {
        Effect::Allow => t.ok,
        Effect::Deny => t.error,
    };
    Line::from(vec![
        Span::styled(format!("  {text}  "), style),
        Span::styled(format!("{:?} ", m.effect), effect),
        Span::styled(m.label.clone(), t.text),
    ])
}

/// The IAM part (AWS_IAM methods) and the policy part (REST APIs with a policy).
pub fn lines<'a>(cx: &Ctx) -> Vec<Line<'a>> {
    let t = cx.theme;
    let Some(p) = cx.state.policy() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let (Some(arn), Some(stmt)) = (&p.arn, &p.iam_statement) {
        out.push(Line::raw(""));
        out.push(kv(cx, "request ARN", arn.clone()));
        out.push(Line::styled(
            "AWS_IAM: the signer's IAM policy needs (or the resource policy must allow it):",
            t.label,
        ));
        out.push(Line::styled(format!("  {stmt}"), t.info));
    }
    let statements = match &p.statements {
        Ok(s) if s.is_empty() => return out,
        Ok(s) => s,
        Err(e) => {
            out.push(Line::raw(""));
            out.push(Line::styled(format!("resource policy: {e}"), t.error));
            return out;
        }
    };
    out.push(Line::raw(""));
    let head = match &p.against {
        Some(a) => format!("resource policy · marked for {a}"),
        None => "resource policy · select a method to see which statements apply".to_string(),
    };
    out.push(Line::styled(head, t.title_focused));
    if p.against.is_some() && cx.state.url().caller.trim().is_empty() {
        out.push(Line::styled(
            "  (caller unknown: type a source IP or vpce-… in the URL bar's caller field)",
            t.dim,
        ));
    }
    for m in statements {
        out.push(mark(cx, m));
        for l in m.text.lines() {
            out.push(Line::styled(format!("      {l}"), t.dim));
        }
    }
    out
}
