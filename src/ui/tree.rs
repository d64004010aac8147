//! Resources (REST) / Routes (HTTP) of the selected API: a collapsible tree with coloured
//! methods, authorization badges, undeployed marks and the URL bar's match highlighted.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;
use ratatui::Frame;

use super::common::{highlighted, list_block, selection_list, status_body, window};
use super::Ctx;
use crate::app::rows::tree_label;
use crate::app::tree::{ApiTree, MethodInfo, TreeKey, TreeRow};
use crate::app::{Pane, PaneStatus};
use crate::domain::load::{PartKey, PartKind};
use crate::domain::model::{ApiKind, DeployedSummary};

pub fn status(cx: &Ctx) -> PaneStatus {
    let s = cx.state;
    let Some(api) = s.api() else {
        return super::apis::status(cx);
    };
    let kind = match api.kind {
        ApiKind::Rest => PartKind::Resources,
        ApiKind::Http => PartKind::Routes,
    };
    PaneStatus::combine([s.part(&PartKey::of(api.clone(), kind))])
}

/// The tree row the URL bar's verdict reached.
fn url_hit(cx: &Ctx) -> Option<TreeKey> {
    let v = cx.state.url().verdict()?;
    if v.api.as_ref().map(|a| a.api_ref()).as_ref() != cx.state.api() {
        return None;
    }
    let path = match (&v.route_key, &v.resource) {
        (Some(rk), _) if rk == "$default" => "$default".to_string(),
        (_, Some(p)) => p.clone(),
        _ => return None,
    };
    Some(TreeKey {
        path,
        method: v.matched_method.clone(),
    })
}

fn method_spans<'a>(cx: &Ctx, m: &MethodInfo, undeployed: bool) -> Vec<Span<'a>> {
    let t = cx.theme;
    let mut spans = vec![Span::styled(
        format!("{:<7}", m.method),
        t.method(&m.method),
    )];
    let badge = m.auth.badge();
    if !badge.is_empty() {
        spans.push(Span::styled(format!(" {badge}"), t.badge(badge)));
    }
    if m.api_key {
        spans.push(Span::styled(" KEY", t.badge("KEY")));
    }
    if undeployed {
        spans.push(Span::styled("  not deployed", t.warn));
    }
    spans
}

fn row_line<'a>(
    cx: &Ctx,
    tree: &ApiTree,
    r: &TreeRow,
    hl: &[usize],
    flat: bool,
    dep: Option<&DeployedSummary>,
) -> Line<'a> {
    let t = cx.theme;
    let n = &tree.nodes[r.node];
    if flat {
        // Filtered: full `METHOD /path` with matched chars highlighted.
        return Line::from(highlighted(&tree_label(tree, r), hl, t.text, t.matched));
    }
    let indent = "  ".repeat(r.depth);
    match r.method.and_then(|i| n.methods.get(i)) {
        Some(m) => {
            let undeployed =
                dep.is_some_and(|d| d.get(&n.path).and_then(|ms| ms.get(&m.method)).is_none());
            let mut spans = vec![Span::raw(format!("{indent}  "))];
            spans.extend(method_spans(cx, m, undeployed));
            Line::from(spans)
        }
        None => {
            let marker = match (r.has_children, r.expanded) {
                (false, _) => "  ",
                (true, true) => "▾ ",
                (true, false) => "▸ ",
            };
            let name = if r.depth == 0 {
                n.name.clone()
            } else {
                format!("/{}", n.name)
            };
            let name = if n.path == "$default" {
                "$default".to_string()
            } else {
                name
            };
            Line::from(vec![
                Span::styled(format!("{indent}{marker}"), t.dim),
                Span::styled(name, t.text),
            ])
        }
    }
}

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let s = cx.state;
    let t = cx.theme;
    let status = status(cx);
    let title = match s.api() {
        Some(api) => {
            let what = if api.kind == ApiKind::Rest {
                "Resources"
            } else {
                "Routes"
            };
            format!("{what} · {}", s.inventory().api_name(&api.id))
        }
        None => "Resources".to_string(),
    };
    let tree = s.view().tree().filter(|_| s.api().is_some());
    let inner = list_block(frame, area, cx, Pane::Tree, &title, &status);
    let has_content = tree.is_some_and(|tr| tr.nodes.len() > 1 || !tr.nodes[0].methods.is_empty());
    if status_body(frame, inner, cx, &status, !has_content, "no resources") {
        return;
    }
    let Some(tree) = tree else {
        return;
    };
    let rows = s.view().tree_rows();
    let selected = rows
        .iter()
        .position(|(r, _)| Some(&r.key) == s.tree().selected.as_ref());
    let (shown, selected) = window(rows.len(), selected, inner.height);
    let flat = !s.filter(Pane::Tree).is_empty();
    let dep = s.view().deployed();
    let hit = url_hit(cx);
    let items: Vec<ListItem> = rows[shown]
        .iter()
        .map(|(r, hl)| {
            let mut line = row_line(cx, tree, r, hl, flat, dep);
            if hit.as_ref() == Some(&r.key) {
                line.spans.push(Span::styled("  ◀ URL", t.url_hit));
            }
            ListItem::new(line)
        })
        .collect();
    selection_list(frame, inner, cx, Pane::Tree, items, selected);
}
