//! The URL bar: method selector, the typed URL with the matching part of its path coloured
//! and the first failing segment marked, the headers field, and the verdict.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::common::block;
use super::Ctx;
use crate::app::url_bar::UrlField;
use crate::app::{Hint, Pane, PaneStatus};
use crate::domain::routing::{Reason, Verdict};
use crate::keymap::Section;

/// Rows the URL bar wants (borders included), given the room on screen.
pub fn height(cx: &Ctx, screen_height: u16, width: u16) -> u16 {
    let s = cx.state;
    let focused = s.focus() == Pane::Url;
    let mut h = 3;
    if focused || !s.url().headers.is_empty() {
        h += 1;
    }
    if focused || !s.url().caller.is_empty() {
        h += 1;
    }
    let w = width.saturating_sub(2).max(1) as usize;
    h += super::probe::lines(cx)
        .iter()
        .map(|l| l.width().div_ceil(w).max(1) as u16)
        .sum::<u16>();
    match &s.url().outcome {
        Some(Ok(v)) => {
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

/// The typed text with the matched part of the path and the failing segment styled.
fn input_spans<'a>(cx: &Ctx) -> Vec<Span<'a>> {
    let s = cx.state;
    let t = cx.theme;
    let text = s.url().text.as_str();
    let (Some(v), Some(p0)) = (s.url().verdict(), s.url().path_at) else {
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
        Reason::ApiKeyUnknown => "the x-api-key value is no API key of this account",
        Reason::ApiKeyDisabled => "the API key is disabled",
        Reason::ApiKeyNotInPlan => "the API key is in no usage plan for this stage",
        Reason::PolicyDenied => "the resource policy denies this caller",
        Reason::PolicyNotAllowed => "the resource policy does not allow this caller",
        Reason::IdentityMissing => "authorizer identity source missing",
        Reason::AuthorizerDeny => "the authorizer denies",
        Reason::RequestInvalid => "request validation fails",
        Reason::CorsPreflight => "CORS preflight answered by API Gateway",
        Reason::Pending => "reading what the verdict needs",
        Reason::Unknown => "unknown: a part it needs could not be read",
    }
}

/// `403 {"message":…}  api / stage METHOD /path via domain (mapping)`.
fn status_line<'a>(cx: &Ctx, v: &Verdict) -> Line<'a> {
    let t = cx.theme;
    let status = match (v.status, &v.message) {
        _ if v.reason == Reason::Pending => {
            format!(
                "{} not decided yet",
                super::common::spinner(cx.state.tick())
            )
        }
        _ if v.reason == Reason::Unknown => "? cannot tell".to_string(),
        (Some(s), Some(m)) => format!("{s} {{\"message\":\"{m}\"}}"),
        (Some(s), None) => s.to_string(),
        (None, _) if v.preflight_ok == Some(false) => {
            "✗ preflight answered, but the browser will block it".to_string()
        }
        (None, _) => "✓ passes API Gateway".to_string(),
    };
    let style = match v.preflight_ok {
        _ if matches!(v.reason, Reason::Pending | Reason::Unknown) => t.warn,
        Some(false) if v.status.is_none() => t.status(Some(403)),
        _ => t.status(v.status),
    };
    let mut spans = vec![Span::styled(status, style)];
    if let Some(api) = &v.api {
        let mut at = format!("  {}", api.name);
        if let Some(region) = foreign_region(cx, &api.id) {
            at.push_str(&format!(" (read in {region})"));
        }
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
            at.push_str(&format!(" via {} ({})", d.name, d.label()));
        }
        spans.push(Span::styled(at, t.dim));
    }
    Line::from(spans)
}

/// The region an API was read in when it is not the inventory's (the URL named another).
fn foreign_region<'s>(cx: &Ctx<'s>, id: &str) -> Option<&'s str> {
    let inv = cx.state.inventory();
    let region = match inv.rest_api(id) {
        Some(a) => a.region.as_deref(),
        None => inv.http_api(id).and_then(|a| a.region.as_deref()),
    };
    region.filter(|r| Some(*r) != inv.region.as_deref())
}

/// The reason in plain words, with the key that fixes it when there is one.
fn reason_line<'a>(cx: &Ctx, v: &Verdict, focused: bool) -> Line<'a> {
    let t = cx.theme;
    let bold = t.text.add_modifier(ratatui::style::Modifier::BOLD);
    let words = match (v.reason, &v.reading, v.unread.first()) {
        (Reason::Pending, Some(reading), _) => reading.clone(),
        (Reason::Unknown, _, Some(u)) => format!(
            "unknown: {} could not be read ({})",
            u.label, u.error.message
        ),
        _ => reason_words(v.reason).to_string(),
    };
    let mut spans = vec![Span::styled(words, bold)];
    let mut fix = |h: Hint| {
        let text = super::hint::text(&h, cx.keymap);
        spans.push(Span::styled(format!("  → {text}"), t.url_hit));
    };
    if v.deploy_would_fix {
        let stage = v.stage.as_deref().unwrap_or("the stage").to_string();
        fix(Hint::Deploy {
            stage,
            leave: focused,
        });
    }
    let rest = v
        .api
        .as_ref()
        .is_some_and(|a| a.kind == crate::domain::model::ApiKind::Rest);
    if rest && v.reason == Reason::NoMethod && v.method == "OPTIONS" {
        fix(Hint::AddCorsMock { leave: focused });
    }
    if v.reason == Reason::Unknown {
        fix(Hint::ReadAgain { leave: focused });
    }
    if v.confidence == crate::domain::routing::Confidence::Likely
        && !matches!(v.reason, Reason::Pending | Reason::Unknown)
    {
        spans.push(Span::styled("  (likely)", t.dim));
    }
    Line::from(spans)
}

fn verdict_lines<'a>(cx: &Ctx, v: &Verdict) -> Vec<Line<'a>> {
    let t = cx.theme;
    let focused = cx.state.focus() == Pane::Url;
    let mut out = vec![status_line(cx, v), reason_line(cx, v, focused)];
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

/// Inserts the cursor glyph at byte offset `at` of the text the spans spell.
fn with_cursor<'a>(spans: Vec<Span<'a>>, at: usize, glyph: Span<'a>) -> Vec<Span<'a>> {
    let mut out = Vec::with_capacity(spans.len() + 2);
    let mut pos = 0;
    let mut glyph = Some(glyph);
    for sp in spans {
        let len = sp.content.len();
        if glyph.is_some() && at >= pos && at < pos + len {
            let cut = at - pos;
            let (a, b) = sp.content.split_at(cut);
            let (a, b) = (a.to_string(), b.to_string());
            if !a.is_empty() {
                out.push(Span::styled(a, sp.style));
            }
            out.extend(glyph.take());
            out.push(Span::styled(b, sp.style));
        } else {
            out.push(sp);
        }
        pos += len;
    }
    out.extend(glyph);
    out
}

fn title_hint(cx: &Ctx, focused: bool) -> String {
    use crate::app::Command as C;
    if focused {
        let k = |c| cx.keymap.label(Section::Input, c);
        format!(
            "{} method · {} headers/caller · {} probe · {} clear · {} leave ",
            k(C::CycleMethod),
            k(C::NextField),
            k(C::Probe),
            k(C::ClearField),
            k(C::Back)
        )
    } else {
        let k = cx.keymap.label(Section::Normal, C::FocusUrl);
        format!("{k} to type a URL, path or curl command ")
    }
}

fn headers_line<'a>(cx: &Ctx, focused: bool) -> Line<'a> {
    let t = cx.theme;
    let s = cx.state;
    let typed = vec![Span::styled(s.url().headers.clone(), t.text)];
    let text = if focused && s.url().field == UrlField::Headers {
        with_cursor(typed, s.url().cursor_at(), Span::styled("▏", t.info))
    } else {
        typed
    };
    let example = if s.url().headers.is_empty() {
        "(none)  e.g. Origin: https://app.example.com; x-api-key: …"
    } else {
        ""
    };
    let mut spans = vec![Span::styled("headers   ", t.label)];
    spans.extend(text);
    spans.push(Span::styled(example, t.dim));
    Line::from(spans)
}

fn caller_line<'a>(cx: &Ctx, focused: bool) -> Line<'a> {
    let t = cx.theme;
    let s = cx.state;
    let typed = vec![Span::styled(s.url().caller.clone(), t.text)];
    let text = if focused && s.url().field == UrlField::Caller {
        with_cursor(typed, s.url().cursor_at(), Span::styled("▏", t.info))
    } else {
        typed
    };
    let mut spans = vec![Span::styled("caller    ", t.label)];
    spans.extend(text);
    let (_, bad) = crate::app::caller::parse_caller(&s.url().caller);
    if s.url().caller.trim().is_empty() {
        spans.push(Span::styled(
            "(none)  e.g. 203.0.113.7 vpce-0a1b2c3d",
            t.dim,
        ));
    } else if !bad.is_empty() {
        spans.push(Span::styled(
            format!(
                "  ignored: {} (an IP, vpce-… or vpc-…)",
                crate::redact::for_terminal(&bad.join(" "))
            ),
            t.error,
        ));
    }
    Line::from(spans)
}

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let s = cx.state;
    let t = cx.theme;
    let focused = s.focus() == Pane::Url;
    let hint = Some(Span::styled(title_hint(cx, focused), t.dim));
    let b = block(t, "URL", focused, &PaneStatus::Ready, s.tick(), hint);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let method = s.url().shown_method().to_string();
    let mut first = vec![Span::styled(format!("[{method:^7}] "), t.method(&method))];
    if s.url().text.is_empty() && !focused {
        let example = "e.g. https://api.example.com/orders/orders/42";
        first.push(Span::styled(example, t.dim));
    }
    let typed = input_spans(cx);
    if focused && s.url().field == UrlField::Url {
        let glyph = Span::styled("▏", t.info);
        first.extend(with_cursor(typed, s.url().cursor_at(), glyph));
    } else {
        first.extend(typed);
    }
    let mut lines = vec![Line::from(first)];
    if focused || !s.url().headers.is_empty() {
        lines.push(headers_line(cx, focused));
    }
    if focused || !s.url().caller.is_empty() {
        lines.push(caller_line(cx, focused));
    }
    match &s.url().outcome {
        Some(Ok(v)) => {
            let mut v_lines = verdict_lines(cx, v);
            // The answer goes right under the prediction's status and reason.
            let at = v_lines.len().min(2);
            let probe = super::probe::lines(cx);
            v_lines.splice(at..at, probe);
            lines.extend(v_lines);
        }
        Some(Err(e)) => lines.push(Line::styled(e.clone(), t.error)),
        None => {}
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
