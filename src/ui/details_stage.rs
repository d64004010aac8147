//! Details of a stage, the diagnosis part: execution and access logging (level, data
//! trace, metrics, per-method overrides, the log group and the `aws logs tail` line, the
//! key that turns logs on) and the usage plans attached to the stage (throttle, quota,
//! number of keys).

use ratatui::text::{Line, Span};

use super::details::kv;
use super::Ctx;
use crate::app::Command as C;
use crate::config::Source;
use crate::domain::model::{ApiKind, ApiRef, LogLevel, Stage, Throttle, UsagePlan};
use crate::domain::plan::logs::{logging_view, LoggingView};
use crate::domain::plan::RoleState;
use crate::keymap::Section;

fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}

/// The logging and usage-plan lines for `st` of `api`.
pub fn lines<'a>(cx: &Ctx, api: &ApiRef, st: &Stage) -> Vec<Line<'a>> {
    let Ok(view) = logging_view(
        cx.state.inventory(),
        api,
        &st.name,
        RoleState::Unknown(String::new()),
    ) else {
        return Vec::new();
    };
    let mut out = vec![
        Line::raw(""),
        Line::styled("logging", cx.theme.title_focused),
    ];
    out.extend(logging_lines(cx, &view));
    if api.kind == ApiKind::Rest {
        out.push(Line::raw(""));
        out.extend(plan_lines(cx, &api.id, &st.name));
    }
    out
}

fn logging_lines<'a>(cx: &Ctx, view: &LoggingView) -> Vec<Line<'a>> {
    let t = cx.theme;
    let st = &view.stage;
    let mut out = Vec::new();
    if view.is_rest() {
        let level = st.log_level();
        let style = if level == LogLevel::Off { t.warn } else { t.ok };
        out.push(Line::from(vec![
            Span::styled(format!("{:<14} ", "execution log"), t.label),
            Span::styled(level.as_aws(), style),
            Span::styled(
                format!(
                    " · data trace {} · metrics {}",
                    on_off(st.data_trace_enabled),
                    on_off(st.metrics_enabled)
                ),
                t.text,
            ),
        ]));
        for (key, m) in &st.method_logging {
            let l = m.level.map_or("(stage's)", LogLevel::as_aws);
            out.push(kv(cx, "  override", format!("{key} at {l}")));
        }
    } else {
        out.push(kv(
            cx,
            "execution log",
            "none (HTTP APIs have access logs only)",
        ));
    }
    let access = match st.access_log_destination.as_deref() {
        Some(d) => match crate::domain::plan::logs::access_log_group(d) {
            Some(g) => format!("on → {g}"),
            None => format!("on → {d}"),
        },
        None => "off".to_string(),
    };
    out.push(kv(cx, "access log", access));
    if let Some(g) = view.log_group() {
        out.push(kv(cx, "log group", g));
    }
    let profile = match cx.state.source() {
        Source::Live(l) => l.profile.as_deref(),
        _ => None,
    };
    if let Some(tail) = view.tail(profile) {
        out.push(kv(cx, "follow", tail));
    }
    if view.is_rest() && st.log_level() != LogLevel::Info {
        let key = cx.keymap.label(Section::Normal, C::EnableLogs);
        out.push(Line::styled(
            format!("  {key} turns INFO execution logs on (shows the plan first)"),
            t.url_hit,
        ));
    }
    out
}

fn throttle_text(t: &Throttle) -> String {
    let rate = t
        .rate_limit
        .map_or("—".to_string(), |r| format!("{r} req/s"));
    let burst = t.burst_limit.map_or("—".to_string(), |b| b.to_string());
    format!("{rate} burst {burst}")
}

fn plan_line<'a>(cx: &Ctx, p: &UsagePlan) -> Line<'a> {
    let t = cx.theme;
    let throttle = p
        .throttle
        .as_ref()
        .map_or("no throttle".to_string(), throttle_text);
    let quota = match &p.quota {
        Some(q) => match q.limit {
            Some(l) => format!("{l} per {}", q.period.as_words()),
            None => "no quota".to_string(),
        },
        None => "no quota".to_string(),
    };
    let keys = match p.key_ids.len() {
        1 => "1 key".to_string(),
        n => format!("{n} keys"),
    };
    Line::from(vec![
        Span::styled(format!("  {:<12} ", p.label()), t.text),
        Span::styled(format!("{throttle} · {quota} · {keys}"), t.info),
    ])
}

fn plan_lines<'a>(cx: &Ctx, api_id: &str, stage: &str) -> Vec<Line<'a>> {
    let t = cx.theme;
    let plans = cx.state.inventory().plans_for_stage(api_id, stage);
    let mut out = vec![Line::styled("usage plans", t.title_focused)];
    if plans.is_empty() {
        out.push(Line::styled(
            "  none: methods that require an API key answer 403 Forbidden on this stage",
            t.dim,
        ));
        return out;
    }
    for p in plans {
        out.push(plan_line(cx, p));
        let per_method = p
            .api_stages
            .iter()
            .filter(|s| s.api_id == api_id && s.stage == stage)
            .flat_map(|s| s.throttle.iter());
        for (m, th) in per_method {
            out.push(Line::styled(
                format!("      {m}: {}", throttle_text(th)),
                t.dim,
            ));
        }
    }
    out
}
