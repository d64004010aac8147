//! Pieces every pane uses: the bordered block with a spinner or error mark in its title,
//! the inline loading/error body, highlighted text, ages.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use super::Ctx;
use crate::app::{Pane, PaneStatus};
use crate::domain::model::Timestamp;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn spinner(tick: u64) -> &'static str {
    SPINNER[(tick % SPINNER.len() as u64) as usize]
}

/// A pane's frame: title, focus colour, and its load state in the title.
pub fn block<'a>(
    theme: &Theme,
    title: &str,
    focused: bool,
    status: &PaneStatus,
    tick: u64,
    extra: Option<Span<'a>>,
) -> Block<'a> {
    let (bs, ts) = if focused {
        (theme.border_focused, theme.title_focused)
    } else {
        (theme.border, theme.title)
    };
    let mut spans = vec![Span::styled(format!(" {title} "), ts)];
    match status {
        PaneStatus::Loading => spans.push(Span::styled(format!("{} ", spinner(tick)), theme.info)),
        PaneStatus::Failed(_) => spans.push(Span::styled("✗ ", theme.error)),
        PaneStatus::Ready => {}
    }
    if let Some(e) = extra {
        spans.push(e);
    }
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(bs)
        .title(Line::from(spans))
}

/// Draws the failure (with its hint and how to retry, in the user's keys) or a loading
/// line when a pane has no rows; returns true when it drew something.
pub fn status_body(
    frame: &mut Frame,
    area: Rect,
    cx: &Ctx,
    status: &PaneStatus,
    empty: bool,
    empty_text: &str,
) -> bool {
    let theme = cx.theme;
    let lines: Vec<Line> = match status {
        PaneStatus::Failed(f) => {
            let mut l = vec![Line::styled(f.message.clone(), theme.error)];
            if let Some(h) = &f.hint {
                l.push(Line::styled(h.clone(), theme.warn));
            }
            let retry = super::hint::text(&crate::app::Hint::Retry, cx.keymap);
            l.push(Line::styled(retry, theme.dim));
            l
        }
        PaneStatus::Loading if empty => vec![Line::styled("loading…", theme.info)],
        _ if empty => vec![Line::styled(empty_text.to_string(), theme.dim)],
        _ => return false,
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
    true
}

/// The rows of a one-line-per-row list that fit in `height` rows with `selected` visible,
/// scrolled as ratatui's `List` scrolls from the top: `(first row, selected within the
/// window)`. Panes build items only for these rows (a tree has thousands).
pub fn window(
    len: usize,
    selected: Option<usize>,
    height: u16,
) -> (std::ops::Range<usize>, Option<usize>) {
    let h = usize::from(height).max(1);
    let sel = selected.filter(|&i| i < len);
    let start = match sel {
        Some(i) if i >= h => i + 1 - h,
        _ => 0,
    };
    let end = (start + h).min(len);
    (start..end, sel.map(|i| i - start))
}

/// `text` with the chars at `hl` (char indices) in `hl_style`.
pub fn highlighted<'a>(text: &str, hl: &[usize], base: Style, hl_style: Style) -> Vec<Span<'a>> {
    if hl.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_hl = false;
    for (i, ch) in text.chars().enumerate() {
        let h = hl.contains(&i);
        if h != cur_hl && !cur.is_empty() {
            out.push(Span::styled(
                std::mem::take(&mut cur),
                if cur_hl { base.patch(hl_style) } else { base },
            ));
        }
        cur_hl = h;
        cur.push(ch);
    }
    if !cur.is_empty() {
        out.push(Span::styled(
            cur,
            if cur_hl { base.patch(hl_style) } else { base },
        ));
    }
    out
}

/// `5m`, `3h`, `40d`: how long ago.
pub fn age(now: Timestamp, then: Timestamp) -> String {
    let secs = (now - then).num_seconds().max(0);
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s if s < 86_400 * 365 => format!("{}d", s / 86_400),
        s => format!("{}y", s / (86_400 * 365)),
    }
}

/// The filter shown in a title: `/text` (with a cursor while typing).
pub fn filter_span<'a>(theme: &Theme, text: &str, editing: bool) -> Option<Span<'a>> {
    if text.is_empty() && !editing {
        return None;
    }
    let cursor = if editing { "▏" } else { "" };
    Some(Span::styled(format!("/{text}{cursor} "), theme.matched))
}

/// Truncates to `width` chars with an ellipsis.
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A list pane's frame: the block titled `title` with the pane's status and filter,
/// drawn into `area`; returns the area inside it.
pub fn list_block(
    frame: &mut Frame,
    area: Rect,
    cx: &Ctx,
    pane: Pane,
    title: &str,
    status: &PaneStatus,
) -> Rect {
    let s = cx.state;
    let focused = s.focus() == pane;
    let extra = filter_span(cx.theme, s.filter(pane), focused && s.editing_filter());
    let b = block(cx.theme, title, focused, status, s.tick(), extra);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    inner
}

/// Draws a pane's rows with the selected one highlighted (dimmer when the pane does not
/// have the keyboard).
pub fn selection_list(
    frame: &mut Frame,
    inner: Rect,
    cx: &Ctx,
    pane: Pane,
    items: Vec<ListItem>,
    selected: Option<usize>,
) {
    let t = cx.theme;
    let hl = if cx.state.focus() == pane {
        t.selected
    } else {
        t.selected_unfocused
    };
    let mut st = ListState::default().with_selected(selected);
    frame.render_stateful_widget(List::new(items).highlight_style(hl), inner, &mut st);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_scrolls_like_a_list_does_from_the_top() {
        assert_eq!(window(100, None, 10), (0..10, None));
        assert_eq!(window(100, Some(3), 10), (0..10, Some(3)));
        assert_eq!(window(100, Some(10), 10), (1..11, Some(9)));
        assert_eq!(window(100, Some(99), 10), (90..100, Some(9)));
        assert_eq!(window(5, Some(4), 10), (0..5, Some(4)));
        assert_eq!(window(5, Some(7), 10), (0..5, None));
        assert_eq!(window(0, None, 0), (0..0, None));
    }
}
