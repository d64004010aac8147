//! Status bar: source, read-only state, cache age, then a message or key hints pruned to
//! fit the width.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::Ctx;
use crate::app::{mode, Command, Mode, Remote};
use crate::keymap::Section;

/// Hints for the current mode, most important first.
fn hints(m: Mode) -> (Section, &'static [(Command, &'static str)]) {
    use Command as C;
    match m {
        Mode::Normal => (
            Section::Normal,
            &[
                (C::Quit, "quit"),
                (C::Help, "help"),
                (C::FocusUrl, "URL"),
                (C::NextPane, "pane"),
                (C::Filter, "filter"),
                (C::Toggle, "expand"),
                (C::CopyUrl, "copy URL"),
                (C::Deploy, "deploy"),
                (C::Rollback, "rollback"),
                (C::Cors, "CORS"),
                (C::Palette, "palette"),
                (C::Refresh, "reload"),
            ],
        ),
        Mode::Url => (
            Section::Input,
            &[
                (C::Back, "leave"),
                (C::CycleMethod, "method"),
                (C::NextField, "headers"),
            ],
        ),
        Mode::Filter => (
            Section::Input,
            &[(C::Submit, "keep"), (C::Back, "clear"), (C::Down, "next")],
        ),
        Mode::Palette => (
            Section::Input,
            &[(C::Submit, "run"), (C::Back, "close"), (C::Down, "next")],
        ),
        Mode::Dialog => (
            Section::Input,
            &[
                (C::Submit, "confirm"),
                (C::Back, "cancel"),
                (C::NextField, "field"),
            ],
        ),
        Mode::Help => (Section::Normal, &[(C::Help, "close"), (C::Down, "scroll")]),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let s = cx.state;
    let t = cx.theme;
    let mut spans = vec![Span::styled(
        format!(" {} ", s.source().label()),
        t.badge_source,
    )];
    if s.read_only() {
        spans.push(Span::styled(" READ-ONLY ", t.badge_read_only));
    }
    if let Some(c) = s.cached_at() {
        spans.push(Span::styled(
            format!(" cached {} ", crate::cache::age(s.now() - c)),
            t.warn,
        ));
    }
    if let Remote::Loading = s.load() {
        spans.push(Span::styled(
            format!(" {} loading ", super::common::spinner(s.tick())),
            t.info,
        ));
    }
    spans.push(Span::raw(" "));
    let used: usize = spans.iter().map(|x| x.width()).sum();
    let room = (area.width as usize).saturating_sub(used);
    if let Some(m) = s.message() {
        let style = if m.error { t.error } else { t.ok };
        let text = match &m.hint {
            Some(h) => format!("{}; {}", m.text, super::hint::text(h, cx.keymap)),
            None => m.text.clone(),
        };
        spans.push(Span::styled(super::common::fit(&text, room), style));
    } else {
        spans.extend(hint_spans(cx, room));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(t.status_bar), area);
}

fn hint_spans<'a>(cx: &Ctx, room: usize) -> Vec<Span<'a>> {
    let (section, list) = hints(mode(cx.state));
    let mut out = Vec::new();
    let mut used = 0;
    for (cmd, what) in list {
        let Some(k) = cx.keymap.keys(section, *cmd).first() else {
            continue;
        };
        let key = format!(" {} ", k.label());
        let text = format!(" {what}  ");
        let w = key.chars().count() + text.chars().count();
        if used + w > room {
            break;
        }
        used += w;
        out.push(Span::styled(key, cx.theme.key));
        out.push(Span::styled(text, cx.theme.label));
    }
    out
}
