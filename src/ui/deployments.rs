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

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let s = cx.state;
    let t = cx.theme;
    let status = match s.api() {
        Some(api) => {
            PaneStatus::combine([s.part(&PartKey::of(api.clone(), PartKind::Deployments))])
        }
        None => PaneStatus::Ready,
    };
    let b = block(t, "Deployments", false, &status, s.tick(), None);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let deps = s.view().deployments();
    if status_body(frame, inner, cx, &status, deps.is_empty(), "no deployments") {
        return;
    }
    let lines: Vec<Line> = deps
        .iter()
        .take(usize::from(inner.height))
        .map(|d| {
            let when = d
                .created_date
                .map(|c| format!("{} {:>4}", c.format("%Y-%m-%d"), age(s.now(), c)))
                .unwrap_or_default();
            let mut spans = vec![
                Span::styled(format!("{:<7} ", d.id), t.text),
                Span::styled(format!("{when:<17} "), t.label),
                Span::styled(d.description.clone().unwrap_or_default(), t.dim),
            ];
            if !d.stages.is_empty() {
                spans.push(Span::styled(format!("  ← {}", d.stages.join(", ")), t.ok));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
