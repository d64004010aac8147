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
    let t = cx.theme;
    let focused = cx.state.focus() == Pane::Url;
    let section = if focused {
        Section::Input
    } else {
        Section::Normal
    };
    let key = |c| cx.keymap.label(section, c);
    let label = Span::styled("probe  ", t.label);
    let a = match &p.phase {
        ProbePhase::Confirm => {
            let text = format!(
                "{} may change something behind the API: {} sends it, {} cancels",
                p.method,
                key(C::Probe),
                key(C::Back)
            );
            return vec![Line::from(vec![label, Span::styled(text, t.warn)])];
        }
        ProbePhase::Running => {
            let signed = p
                .signed_in
                .as_ref()
                .map(|r| format!(" (SigV4-signed for execute-api in {r})"))
                .unwrap_or_default();
            let text = format!(
                "{} sending{signed} …",
                super::common::spinner(cx.state.tick())
            );
            return vec![Line::from(vec![label, Span::styled(text, t.info)])];
        }
        ProbePhase::Done(Err(e)) => {
            let text = format!("✗ nothing came back: {}", crate::redact::for_terminal(e));
            return vec![Line::from(vec![label, Span::styled(text, t.error)])];
        }
        ProbePhase::Done(Ok(a)) => a,
    };
    let agrees = p.comparison().is_some_and(|c| c.agrees());
    let rid = a
        .request_id
        .as_deref()
        .map(|r| format!("  id {}", crate::redact::for_terminal(r)))
        .unwrap_or_default();
    let mut out = vec![Line::from(vec![
        label,
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
    if focused {
        let request = format!("{} {}", p.method, crate::redact::text(&p.url));
        for line in advice(&p.predicted, a, &request) {
            out.push(Line::styled(format!("       · {line}"), t.warn));
        }
    }
    out
}
