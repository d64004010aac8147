//! The URL bar: method selector, the typed URL with the matching part of its path coloured
//! and the first failing segment marked, the headers field, and the verdict.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::common::block;
use super::Ctx;
use crate::app::url_bar::UrlField;
use crate::app::{Pane, PaneStatus};
use crate::domain::routing::{Reason, Verdict};
use crate::keymap::Section;

/// Rows the URL bar wants (borders included), given the room on screen.
pub fn height(cx: &Ctx, screen_height: u16, width: u16) -> u16 {
    let s = cx.state;
    let focused = s.focus == Pane::Url;
    let mut h = 3;
    if focused || !s.url.headers.is_empty() {
        h += 1;
    }
    match &s.url.outcome {
        Some(Ok(v)) => {
            let w = width.saturating_sub(2).max(1) as usize;
            h += verdict_lines(cx, v)
                .iter()
                .map(|l| l.width().div_ceil(w).max(1) as u16)
                .sum::<u16>();
        }
        Some(Err(_)) => h += 1,
        None => {}
    }
    let room = if focused {
        screen_height / 2
    } else {
        screen_height / 3
    };
    h.min(room).max(3)
}

/// Byte offset of the URL's path within the typed text.
fn path_start(text: &str, url: &str) -> Option<usize> {
    let at = text.find(url)?;
    let rel = match url.find("://") {
        Some(i) => url[i + 3..]
            .find('/')
            .map(|j| i + 3 + j)
            .unwrap_or(url.len()),
        None if url.starts_with('/') => 0,
        None => url.find('/').unwrap_or(url.len()),
    };
    Some(at + rel)
}

/// The typed text with the matched part of the path and the failing segment styled.
fn input_spans<'a>(cx: &Ctx) -> Vec<Span<'a>> {
    let s = cx.state;
    let t = cx.theme;
    let text = s.url.text.as_str();
    let (Some(v), Some(req)) = (s.url.verdict(), s.url.request.as_ref()) else {
        return vec![Span::styled(text.to_string(), t.text)];
    };
    let Some(p0) = path_start(text, &req.url) else {
        return vec![Span::styled(text.to_string(), t.text)];
    };
    let ok_end = p0 + v.progress.matched_len;
    let (bad0, bad1) = v
        .progress
        .failed
        .map(|(a, b)| (p0 + a, p0 + b))
        .unwrap_or((usize::MAX, usize::MAX));
    let mut cuts = vec![
        0,
        p0,
        ok_end.min(text.len()),
        bad0.min(text.len()),
        bad1.min(text.len()),
        text.len(),
    ];
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some(piece) = text.get(a..b) else {
            return vec![Span::styled(text.to_string(), t.text)];
        };
        let style = if a >= bad0 && b <= bad1 {
            t.path_bad
        } else if a >= p0 && b <= ok_end {
            t.path_ok
        } else {
            t.text
        };
        out.push(Span::styled(piece.to_string(), style));
    }
    out
}

/// The reason in plain words.
pub fn reason_words(r: Reason) -> &'static str {
    match r {
        Reason::Matched => "reaches the integration",
        Reason::UnknownHost => "unknown host: no API or custom domain in this inventory",
        Reason::ExecuteApiDisabled => "the execute-api endpoint is disabled",
        Reason::StageNotFound => "no such stage",
        Reason::NoMapping => "no base path mapping matches",
        Reason::NoResource => "no such route: no resource matches this path",
        Reason::NoMethod => "no such route: the resource has no such method",
        Reason::NoRoute => "no route matches",
        Reason::NotDeployed => "not deployed: exists in the working tree only",
        Reason::IamUnsigned => "unsigned: the method needs a SigV4-signed request (AWS_IAM)",
        Reason::ApiKeyMissing => "API key missing (x-api-key header)",
        Reason::IdentityMissing => "authorizer identity source missing",
        Reason::AuthorizerDeny => "the authorizer denies",
        Reason::RequestInvalid => "request validation fails",
        Reason::CorsPreflight => "CORS preflight answered by API Gateway",
    }
}

fn verdict_lines<'a>(cx: &Ctx, v: &Verdict) -> Vec<Line<'a>> {
    let t = cx.theme;
    let focused = cx.state.focus == Pane::Url;
    let status = match (v.status, &v.message) {
        (Some(s), Some(m)) => format!("{s} {{\"message\":\"{m}\"}}"),
        (Some(s), None) => s.to_string(),
        (None, _) => "✓ passes API Gateway".to_string(),
    };
    let mut first = vec![Span::styled(status, t.status(v.status))];
    if let Some(api) = &v.api {
        let mut at = format!("  {}", api.name);
        if let Some(st) = &v.stage {
            at.push_str(&format!(" / {st}"));
        }
        match (&v.route_key, &v.resource) {
            (Some(rk), _) => at.push_str(&format!(" {rk}")),
            (None, Some(r)) => {
                let m = v.matched_method.as_deref().unwrap_or("");
                at.push_str(&format!(" {m} {r}"));
            }
            _ => {}
        }
        if let Some(d) = &v.domain {
            at.push_str(&format!(" via {} ({})", d.name, d.mapping));
        }
        first.push(Span::styled(at, t.dim));
    }
    let mut second = vec![Span::styled(
        reason_words(v.reason).to_string(),
        t.text.add_modifier(ratatui::style::Modifier::BOLD),
    )];
    if v.deploy_would_fix {
        let stage = v.stage.as_deref().unwrap_or("the stage");
        second.push(Span::styled(
            format!("  → Esc, then D deploys {stage}"),
            t.url_hit,
        ));
    }
    if v.confidence == crate::domain::routing::Confidence::Likely {
        second.push(Span::styled("  (likely)", t.dim));
    }
    let mut out = vec![Line::from(first), Line::from(second)];
    if !v.path_params.is_empty() {
        let p: Vec<String> = v
            .path_params
            .iter()
            .map(|(k, val)| format!("{k}={val}"))
            .collect();
        out.push(Line::styled(format!("params: {}", p.join("  ")), t.info));
    }
    if !focused {
        // Browsing: the short form; the explanation shows while the URL bar is focused.
        return out;
    }
    if !v.explanation.is_empty() {
        out.push(Line::raw(v.explanation.clone()));
    }
    if !v.suggestions.is_empty() {
        out.push(Line::styled(
            format!("try: {}", v.suggestions.join(" · ")),
            t.warn,
        ));
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let s = cx.state;
    let t = cx.theme;
    let focused = s.focus == Pane::Url;
    let hint = if focused {
        let k = |c| cx.keymap.label(Section::Input, c);
        use crate::app::Command as C;
        format!(
            "{} method · {} headers · {} leave ",
            k(C::CycleMethod),
            k(C::NextField),
            k(C::Back)
        )
    } else {
        format!(
            "{} to type a URL, path or curl command ",
            cx.keymap
                .label(Section::Normal, crate::app::Command::FocusUrl)
        )
    };
    let b = block(
        t,
        "URL",
        focused,
        &PaneStatus::Ready,
        s.tick,
        Some(Span::styled(hint, t.dim)),
    );
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let method = s.url.shown_method().to_string();
    let cursor = |f: UrlField| {
        if focused && s.url.field == f {
            "▏"
        } else {
            ""
        }
    };
    let mut first = vec![Span::styled(format!("[{method:^7}] "), t.method(&method))];
    if s.url.text.is_empty() && !focused {
        first.push(Span::styled(
            "e.g. https://api.example.com/orders/orders/42",
            t.dim,
        ));
    }
    first.extend(input_spans(cx));
    first.push(Span::styled(cursor(UrlField::Url), t.info));
    let mut lines = vec![Line::from(first)];
    if focused || !s.url.headers.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("headers   ", t.label),
            Span::styled(s.url.headers.clone(), t.text),
            Span::styled(cursor(UrlField::Headers), t.info),
            Span::styled(
                if s.url.headers.is_empty() {
                    "(none)  e.g. Origin: https://app.example.com; x-api-key: …"
                } else {
                    ""
                },
                t.dim,
            ),
        ]));
    }
    match &s.url.outcome {
        Some(Ok(v)) => lines.extend(verdict_lines(cx, v)),
        Some(Err(e)) => lines.push(Line::styled(e.clone(), t.error)),
        None => {}
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
