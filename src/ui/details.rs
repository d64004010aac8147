//! Details of the selection in the pane last focused (API, stage, resource/method, domain).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::common::{age, block};
use super::Ctx;
use crate::app::rows::{rule_conditions, DomainItem, StageView};
use crate::app::stale::Staleness;
use crate::app::{Hint, Pane, PaneStatus};
use crate::domain::model::{ApiKind, HttpApi, RestApi, Stage, Timestamp};

/// `label: value` line.
pub fn kv<'a>(cx: &Ctx, label: &str, value: impl Into<String>) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<14} "), cx.theme.label),
        Span::styled(value.into(), cx.theme.text),
    ])
}

pub fn date(cx: &Ctx, d: Option<Timestamp>) -> String {
    match d {
        Some(d) => format!(
            "{} ({} ago)",
            d.format("%Y-%m-%d %H:%M"),
            age(cx.state.now(), d)
        ),
        None => "—".to_string(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let s = cx.state;
    let focused = s.focus() == Pane::Details;
    let lines = match s.detail_of() {
        Pane::Apis => api_lines(cx),
        Pane::Stages => stage_lines(cx),
        Pane::Domains => domain_lines(cx),
        _ => super::details_tree::lines(cx),
    };
    let what = match (s.detail_of(), s.api()) {
        (Pane::Tree, Some(a)) if a.kind == ApiKind::Http => "Routes",
        (p, _) => p.title(),
    };
    let title = format!("Details · {what}");
    let b = block(
        cx.theme,
        &title,
        focused,
        &PaneStatus::Ready,
        s.tick(),
        None,
    );
    let p = Paragraph::new(lines)
        .block(b)
        .wrap(Wrap { trim: false })
        .scroll((s.details_scroll(), 0));
    frame.render_widget(p, area);
}

fn api_lines<'a>(cx: &Ctx) -> Vec<Line<'a>> {
    let s = cx.state;
    let Some(api) = s.api() else {
        return vec![Line::styled("no API selected", cx.theme.dim)];
    };
    match api.kind {
        ApiKind::Rest => s
            .inventory()
            .rest_api(&api.id)
            .map(|a| rest_api_lines(cx, a))
            .unwrap_or_default(),
        ApiKind::Http => s
            .inventory()
            .http_api(&api.id)
            .map(|a| http_api_lines(cx, a))
            .unwrap_or_default(),
    }
}

fn rest_api_lines<'a>(cx: &Ctx, a: &RestApi) -> Vec<Line<'a>> {
    let mut out = vec![Line::styled(a.name.clone(), cx.theme.rest_tag)];
    out.push(kv(cx, "id", a.id.clone()));
    let kind = format!("REST · {:?}", a.endpoint_type).to_uppercase();
    out.push(kv(cx, "type", kind));
    if let Some(d) = &a.description {
        out.push(kv(cx, "description", d.clone()));
    }
    out.push(kv(cx, "created", date(cx, a.created_date)));
    out.push(kv(cx, "resources", a.resources.len().to_string()));
    let stages: Vec<&str> = a.stages.iter().map(|s| s.name.as_str()).collect();
    out.push(kv(cx, "stages", stages.join(", ")));
    let source = format!("{:?}", a.api_key_source).to_uppercase();
    out.push(kv(cx, "api key source", source));
    if a.disable_execute_api_endpoint {
        out.push(Line::styled("execute-api endpoint disabled", cx.theme.warn));
    }
    if !a.gateway_responses.is_empty() {
        let g: Vec<String> = a
            .gateway_responses
            .iter()
            .map(|g| {
                let code = g.status_code.as_deref().unwrap_or("default");
                format!("{}→{code}", g.response_type)
            })
            .collect();
        out.push(kv(cx, "gateway resp.", g.join(", ")));
    }
    out.extend(super::details_policy::lines(cx));
    out
}

fn http_api_lines<'a>(cx: &Ctx, a: &HttpApi) -> Vec<Line<'a>> {
    let mut out = vec![Line::styled(a.name.clone(), cx.theme.http_tag)];
    out.push(kv(cx, "id", a.id.clone()));
    let kind = format!("HTTP · {:?}", a.protocol).to_uppercase();
    out.push(kv(cx, "type", kind));
    if let Some(e) = &a.api_endpoint {
        out.push(kv(cx, "endpoint", e.clone()));
    }
    out.push(kv(cx, "created", date(cx, a.created_date)));
    out.push(kv(cx, "routes", a.routes.len().to_string()));
    if let Some(c) = &a.cors {
        out.push(kv(cx, "CORS origins", c.allow_origins.join(", ")));
        out.push(kv(cx, "CORS methods", c.allow_methods.join(", ")));
        out.push(kv(cx, "CORS headers", c.allow_headers.join(", ")));
    }
    out
}

fn stage_lines<'a>(cx: &Ctx) -> Vec<Line<'a>> {
    let s = cx.state;
    let (Some(api), Some(name)) = (s.api(), s.stage()) else {
        return vec![Line::styled("no stage selected", cx.theme.dim)];
    };
    let Some(view) = s.view().stage(name) else {
        return Vec::new();
    };
    let mut out = stage_props(cx, &view.stage);
    out.push(Line::raw(""));
    out.extend(staleness_lines(cx, view));
    out.extend(super::details_stage::lines(cx, api, &view.stage));
    out
}

fn stage_props<'a>(cx: &Ctx, st: &Stage) -> Vec<Line<'a>> {
    let yes_no = |b: bool, y: &'static str, n: &'static str| if b { y } else { n };
    let mut out = vec![Line::styled(
        format!("stage {}", st.name),
        cx.theme.title_focused,
    )];
    let dep = st.deployment_id.clone().unwrap_or_else(|| "—".into());
    out.push(kv(cx, "deployment", dep));
    out.push(kv(cx, "updated", date(cx, st.last_updated_date)));
    out.push(kv(cx, "auto deploy", yes_no(st.auto_deploy, "yes", "no")));
    out.push(kv(cx, "tracing", yes_no(st.tracing_enabled, "on", "off")));
    if let Some(c) = &st.canary {
        let to = c.deployment_id.as_deref().unwrap_or("—");
        out.push(kv(cx, "canary", format!("{}% → {to}", c.percent_traffic)));
    }
    for (k, v) in &st.variables {
        out.push(kv(cx, "variable", format!("{k} = {v}")));
    }
    out
}

fn staleness_lines<'a>(cx: &Ctx, view: &StageView) -> Vec<Line<'a>> {
    use crate::domain::staleness::ChangeKind;
    let t = cx.theme;
    let deploy = Hint::Deploy {
        stage: view.stage.name.clone(),
        leave: false,
    };
    let mut out = vec![match &view.staleness {
        Staleness::Current => Line::styled("✓ serves the current working tree", t.ok),
        Staleness::AutoDeploy => Line::styled("⟳ auto-deploy: every change goes live", t.info),
        Staleness::Unknown => Line::styled("? deployed state unknown (not \"up to date\")", t.dim),
        Staleness::Stale(n) => Line::styled(
            format!(
                "● stale: {n} change(s) not live yet — {}",
                super::hint::text(&deploy, cx.keymap)
            ),
            t.warn,
        ),
    }];
    for c in view.changes.iter().cloned() {
        let style = match c.change {
            ChangeKind::Added => t.ok,
            ChangeKind::Removed => t.error,
            ChangeKind::Changed => t.warn,
        };
        let kind = format!("  {} {:<8}", c.change.sign(), c.change.label());
        out.push(Line::from(vec![
            Span::styled(kind, style),
            Span::styled(format!("{:<7}", c.method), t.method(&c.method)),
            Span::raw(c.path),
            Span::styled(format!("  {}", c.detail), t.dim),
        ]));
    }
    out
}

fn domain_lines<'a>(cx: &Ctx) -> Vec<Line<'a>> {
    let s = cx.state;
    let Some(key) = s.domain_row() else {
        return vec![Line::styled("no domain selected", cx.theme.dim)];
    };
    let Some(d) = s.inventory().domains.iter().find(|d| d.name == key.domain) else {
        return Vec::new();
    };
    let mut out = vec![Line::styled(d.name.clone(), cx.theme.title_focused)];
    out.push(kv(
        cx,
        "endpoint",
        format!("{:?}", d.endpoint_type).to_uppercase(),
    ));
    out.push(kv(cx, "routing mode", format!("{:?}", d.routing_mode)));
    if let Some(tg) = &d.target_domain_name {
        out.push(kv(cx, "DNS target", tg.clone()));
    }
    if let Some(p) = &d.security_policy {
        out.push(kv(cx, "TLS policy", p.clone()));
    }
    for (i, r) in d.routing_rules.iter().enumerate() {
        let api = s.inventory().api_name(&r.action.api_id);
        let strip = if r.action.strip_base_path {
            " (strip base path)"
        } else {
            ""
        };
        let sel = key.item == DomainItem::Rule(i);
        let line = format!(
            "rule {}: {} → {api}/{}{strip}",
            r.priority,
            rule_conditions(r),
            r.action.stage
        );
        out.push(Line::styled(
            line,
            if sel { cx.theme.url_hit } else { cx.theme.warn },
        ));
    }
    for m in &d.mappings {
        let api = s.inventory().api_name(&m.api_id);
        let sel = key.item == DomainItem::Mapping(m.key.clone());
        let line = format!("{:<12} → {api} / {}", m.display_key(), m.stage);
        out.push(Line::styled(
            line,
            if sel { cx.theme.url_hit } else { cx.theme.text },
        ));
    }
    out
}
