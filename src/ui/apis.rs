//! APIs pane: every REST and HTTP API, marked by kind.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;
use ratatui::Frame;

use super::common::{highlighted, list_block, selection_list, status_body, window};
use super::Ctx;
use crate::app::{Pane, PaneStatus};
use crate::domain::load::{PartKey, PartKind};
use crate::domain::model::ApiKind;

pub fn status(cx: &Ctx) -> PaneStatus {
    let s = cx.state;
    if let Some(f) = s.load().failure() {
        return PaneStatus::Failed(f.clone());
    }
    let parts = [
        s.part(&PartKey::account(PartKind::RestApis)),
        s.part(&PartKey::account(PartKind::HttpApis)),
    ];
    match PaneStatus::combine(parts) {
        PaneStatus::Ready if s.load().is_loading() && s.inventory().rest_apis.is_empty() => {
            PaneStatus::Loading
        }
        other => other,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let s = cx.state;
    let t = cx.theme;
    let rows = s.view().apis();
    let status = status(cx);
    let title = format!("APIs ({})", rows.len());
    let inner = list_block(frame, area, cx, Pane::Apis, &title, &status);
    if status_body(
        frame,
        inner,
        cx,
        &status,
        rows.is_empty(),
        "no APIs in this account/region",
    ) {
        return;
    }
    let id_room = inner.width as usize > 34;
    let selected = rows.iter().position(|r| Some(&r.api) == s.api());
    let (shown, selected) = window(rows.len(), selected, inner.height);
    let items: Vec<ListItem> = rows[shown]
        .iter()
        .map(|r| {
            let (tag, style) = match r.api.kind {
                ApiKind::Rest => ("REST", t.rest_tag),
                ApiKind::Http => ("HTTP", t.http_tag),
            };
            let mut spans = vec![Span::styled(format!("{tag} "), style)];
            spans.extend(highlighted(&r.name, &r.hl, t.text, t.matched));
            if let Some(region) = &r.region {
                spans.push(Span::styled(format!(" ({region})"), t.warn));
            }
            if id_room {
                spans.push(Span::styled(format!("  {}", r.api.id), t.dim));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    selection_list(frame, inner, cx, Pane::Apis, items, selected);
}
