//! The probe's answer in the URL bar, beside the prediction: status, error type, message,
//! request id and time; a disagreement in bold red with what to do about it.

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::Ctx;
use crate::app::probe::{Probe, ProbePhase};
use crate::app::{Command as C, Pane};
use crate::domain::probe::{advice, Answer};
use crate::keymap::Section;

/// The probe of the request the URL bar shows now, if any.
pub fn current<'s>(cx: &Ctx<'s>) -> Option<&'s Probe> {
    let u = cx.state.url();
    let p = u.probe.as_ref()?;
    let req = u.request.as_ref()?;
    (p.method == req.method && p.url == req.url).then_some(p)
}

fn predicted_text(p: &Probe) -> String {
    let v = &p.predicted;
    match (v.status, &v.message) {
        (Some(s), Some(m)) => format!("{s} \"{m}\""),
        (Some(s), None) => s.to_string(),
        (None, _) => "reaches the integration".to_string(),
    }
}

fn actual_text(a: &Answer) -> String {
    let t = crate::redact::for_terminal;
    let mut s = a.status.to_string();
    if let Some(e) = &a.error_type {
        s.push_str(&format!(" {}", t(e)));
    }
    if let Some(m) = &a.message {
        s.push_str(&format!(" \"{}\"", t(m)));
    }
    s
}

/// The lines (none when the URL bar's request is not the one probed).
pub fn lines<'a>(cx: &Ctx) -> Vec<Line<'a>> {
    let Some(p) = current(cx) else {
        return Vec::new();
    };
    match &p.phase {
        ProbePhase::Done(Ok(a)) => answer_lines(cx, p, a),
        _ => vec![waiting_line(cx, p)],
    }
}

/// The keys as bound where the keyboard is (typing in the URL bar or browsing).
fn key_label(cx: &Ctx, c: C) -> String {
    let section = if cx.state.focus() == Pane::Url {
        Section::Input
    } else {
        Section::Normal
    };
    cx.keymap.label(section, c)
}

/// Before an answer: asking to confirm, sending, or why nothing came back.
fn waiting_line<'a>(cx: &Ctx, p: &Probe) -> Line<'a> {
    let t = cx.theme;
    let (text, style) = match &p.phase {
        ProbePhase::Confirm => (
            format!(
                "{} may change something behind the API: {} sends it, {} cancels",
                p.method,
                key_label(cx, C::Probe),
                key_label(cx, C::Back)
            ),
            t.warn,
        ),
        ProbePhase::Done(Err(e)) => (
            format!("✗ nothing came back: {}", crate::redact::for_terminal(e)),
            t.error,
        ),
        _ => {
            let signed = p
                .signed_in
                .as_ref()
                .map(|r| format!(" (SigV4-signed for execute-api in {r})"))
                .unwrap_or_default();
            let spin = super::common::spinner(cx.state.tick());
            (format!("{spin} sending{signed} …"), t.info)
        }
    };
    Line::from(vec![
        Span::styled("probe  ", t.label),
        Span::styled(text, style),
    ])
}

/// The answer beside the prediction; a disagreement loudly, with what to do.
fn answer_lines<'a>(cx: &Ctx, p: &Probe, a: &Answer) -> Vec<Line<'a>> {
    let t = cx.theme;
    let agrees = p.comparison().is_some_and(|c| c.agrees());
    let rid = a
        .request_id
        .as_deref()
        .map(|r| format!("  id {}", crate::redact::for_terminal(r)))
        .unwrap_or_default();
    let mut out = vec![Line::from(vec![
        Span::styled("probe  ", t.label),
        Span::styled(
            format!("AWS answered {}", actual_text(a)),
            t.status(Some(a.status)),
        ),
        Span::styled(format!("{rid}  {} ms", a.elapsed_ms), t.dim),
    ])];
    if agrees {
        out.push(Line::styled(
            format!("       ✓ as predicted ({})", predicted_text(p)),
            t.ok,
        ));
        return out;
    }
    let bold = t.error.add_modifier(Modifier::BOLD);
    out.push(Line::styled(
        format!(
            "       ✗ DIFFERS from the prediction: predicted {}",
            predicted_text(p)
        ),
        bold,
    ));
    if cx.state.focus() == Pane::Url {
        let request = format!("{} {}", p.method, crate::redact::text(&p.url));
        for line in advice(&p.predicted, a, &request) {
            out.push(Line::styled(format!("       · {line}"), t.warn));
        }
    }
    out
}
