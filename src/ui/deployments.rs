//! Deployment history of the selected API (shown when there is room): id, date, age,
//! description, and which stages point at each.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::common::{age, block, status_body};
use super::Ctx;
use crate::app::PaneStatus;
use crate::domain::load::{PartKey, PartKind};
use crate::domain::model::{ApiKind, Deployment, Stage};

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let s = cx.state;
    let t = cx.theme;
    let status = match &s.api {
        Some(api) => {
            PaneStatus::combine([s.part(&PartKey::of(api.clone(), PartKind::Deployments))])
        }
        None => PaneStatus::Ready,
    };
    let b = block(t, "Deployments", false, &status, s.tick, None);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let inv = &s.inventory;
    let (deps, stages): (Vec<Deployment>, Vec<Stage>) = match &s.api {
        Some(api) if api.kind == ApiKind::Rest => inv
            .rest_api(&api.id)
            .map(|a| (a.deployments.clone(), a.stages.clone()))
            .unwrap_or_default(),
        Some(api) => inv
            .http_api(&api.id)
            .map(|a| (a.deployments.clone(), a.stages.clone()))
            .unwrap_or_default(),
        None => Default::default(),
    };
    if status_body(frame, inner, t, &status, deps.is_empty(), "no deployments") {
        return;
    }
    let mut deps = deps;
    deps.sort_by_key(|d| std::cmp::Reverse(d.created_date));
    let lines: Vec<Line> = deps
        .iter()
        .map(|d| {
            let live: Vec<&str> = stages
                .iter()
                .filter(|st| st.deployment_id.as_deref() == Some(d.id.as_str()))
                .map(|st| st.name.as_str())
                .collect();
            let when = d
                .created_date
                .map(|c| format!("{} {:>4}", c.format("%Y-%m-%d"), age(s.now, c)))
                .unwrap_or_default();
            let mut spans = vec![
                Span::styled(format!("{:<7} ", d.id), t.text),
                Span::styled(format!("{when:<17} "), t.label),
                Span::styled(d.description.clone().unwrap_or_default(), t.dim),
            ];
            if !live.is_empty() {
                spans.push(Span::styled(format!("  ← {}", live.join(", ")), t.ok));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
