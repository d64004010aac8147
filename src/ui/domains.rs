//! Domains pane: custom domain names with their mappings and routing rules.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;
use ratatui::Frame;

use super::common::{highlighted, list_block, selection_list, status_body, window};
use super::Ctx;
use crate::app::rows::DomainItem;
use crate::app::{Pane, PaneStatus};
use crate::domain::load::{PartKey, PartKind};

pub fn status(cx: &Ctx) -> PaneStatus {
    PaneStatus::combine([cx.state.part(&PartKey::account(PartKind::Domains))])
}

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let s = cx.state;
    let t = cx.theme;
    let rows = s.view().domains();
    let status = status(cx);
    let inner = list_block(frame, area, cx, Pane::Domains, "Domains", &status);
    if status_body(
        frame,
        inner,
        cx,
        &status,
        rows.is_empty(),
        "no custom domain names",
    ) {
        return;
    }
    let hit = s.url().verdict().and_then(|v| v.domain.as_ref());
    let selected = rows.iter().position(|r| Some(&r.key) == s.domain_row());
    let (shown, selected) = window(rows.len(), selected, inner.height);
    let items: Vec<ListItem> = rows[shown]
        .iter()
        .map(|r| {
            let (indent, style) = match r.key.item {
                DomainItem::Domain => ("", t.text.add_modifier(ratatui::style::Modifier::BOLD)),
                DomainItem::Rule(_) => ("  ", t.warn),
                DomainItem::Mapping(_) => ("  ", t.text),
            };
            let mut spans = vec![Span::raw(indent)];
            spans.extend(highlighted(&r.text, &r.hl, style, t.matched));
            let is_hit = hit.is_some_and(|h| {
                h.name == r.key.domain
                    && Some(&r.key) == s.domain_row()
                    && r.key.item != DomainItem::Domain
            });
            if is_hit {
                spans.push(Span::styled("  ◀ URL", t.url_hit));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    selection_list(frame, inner, cx, Pane::Domains, items, selected);
}
