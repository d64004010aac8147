//! Stages pane: the selected API's stages with deployment, age, staleness, log level.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;
use ratatui::Frame;

use super::common::{age, highlighted, list_block, selection_list, status_body, window};
use super::Ctx;
use crate::app::rows::StageRow;
use crate::app::stale::Staleness;
use crate::app::{Pane, PaneStatus};
use crate::domain::load::{PartKey, PartKind};

pub fn status(cx: &Ctx) -> PaneStatus {
    let s = cx.state;
    let Some(api) = s.api() else {
        return super::apis::status(cx);
    };
    let parts =
        [PartKind::Stages, PartKind::Deployments].map(|k| s.part(&PartKey::of(api.clone(), k)));
    PaneStatus::combine(parts)
}

fn row_line<'a>(cx: &Ctx, r: &StageRow, width: u16) -> Line<'a> {
    let wide = width > 44;
    let t = cx.theme;
    let st = &r.stage;
    let mut spans = highlighted(&format!("{:<9}", st.name), &r.hl, t.text, t.matched);
    let stale = match r.staleness {
        Staleness::Current => Span::styled("✓ current", t.ok),
        Staleness::Stale(n) => Span::styled(format!("● stale {n}"), t.warn),
        Staleness::Unknown => Span::styled("? unknown", t.dim),
        Staleness::AutoDeploy => Span::styled("⟳ auto-deploy", t.info),
    };
    let dep = st.deployment_id.as_deref().unwrap_or("—");
    let created = st
        .deployment_id
        .as_deref()
        .and_then(|d| deployment_date(cx, d))
        .or(st.last_updated_date);
    let when = created.map(|c| age(cx.state.now(), c)).unwrap_or_default();
    if width >= 36 {
        spans.push(Span::styled(format!(" {dep:<7}"), t.dim));
    }
    spans.push(Span::styled(format!(" {when:>4} "), t.label));
    spans.push(stale);
    if wide {
        if let Some(l) = &st.execution_log_level {
            spans.push(Span::styled(format!("  log {l}"), t.dim));
        }
        if st.canary.is_some() {
            spans.push(Span::styled("  canary", t.warn));
        }
    }
    Line::from(spans)
}

fn deployment_date(cx: &Ctx, dep: &str) -> Option<crate::domain::model::Timestamp> {
    let d = cx.state.view().deployments().iter().find(|d| d.id == dep)?;
    d.created_date
}

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let s = cx.state;
    let rows = s.view().stage_rows();
    let status = status(cx);
    let inner = list_block(frame, area, cx, Pane::Stages, "Stages", &status);
    let empty = if s.api().is_none() {
        "select an API"
    } else {
        "no stages: nothing is deployed"
    };
    if status_body(frame, inner, cx, &status, rows.is_empty(), empty) {
        return;
    }
    let selected = rows
        .iter()
        .position(|r| Some(r.stage.name.as_str()) == s.stage());
    let (shown, selected) = window(rows.len(), selected, inner.height);
    let items: Vec<ListItem> = rows[shown]
        .iter()
        .map(|r| ListItem::new(row_line(cx, r, inner.width)))
        .collect();
    selection_list(frame, inner, cx, Pane::Stages, items, selected);
}
