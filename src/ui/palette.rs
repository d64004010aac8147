//! `:` command palette overlay.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use super::common::{block, highlighted};
use super::Ctx;
use crate::app::palette::entries;
use crate::app::PaneStatus;

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let Some(p) = cx.state.palette() else {
        return;
    };
    let t = cx.theme;
    frame.render_widget(Clear, area);
    let b = block(
        t,
        "Command",
        true,
        &PaneStatus::Ready,
        0,
        Some(Span::styled("profile / region / reload ", t.dim)),
    );
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let [input, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let line = Line::from(vec![
        Span::styled(":", t.info),
        Span::raw(p.text.clone()),
        Span::styled("▏", t.info),
    ]);
    frame.render_widget(Paragraph::new(line), input);
    let es = entries(cx.state, p);
    if es.is_empty() {
        frame.render_widget(Paragraph::new(Line::styled("no match", t.dim)), list);
        return;
    }
    let items: Vec<ListItem> = es
        .iter()
        .map(|(e, hl)| ListItem::new(Line::from(highlighted(&e.label(), hl, t.text, t.matched))))
        .collect();
    let mut st = ListState::default().with_selected(Some(p.selected));
    frame.render_stateful_widget(List::new(items).highlight_style(t.selected), list, &mut st);
}
