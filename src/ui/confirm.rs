//! The confirm dialog: the plan as `aws` CLI lines, what changes, warnings, the editable
//! field, the checkbox, buttons, and progress or the result.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::common::{block, spinner};
use super::Ctx;
use crate::app::confirm::{history, Dialog, DialogFocus, DialogKind, Phase};
use crate::app::{Command as C, PaneStatus};
use crate::domain::plan::Plan;
use crate::domain::staleness::HistoryEntry;
use crate::keymap::Section;

fn plan_lines<'a>(cx: &Ctx, plan: &Plan, out: &mut Vec<Line<'a>>) {
    let t = cx.theme;
    if !plan.diff.is_empty() {
        out.push(Line::styled("What goes live:", t.label));
        for c in &plan.diff {
            out.push(Line::from(vec![
                Span::styled(format!("  {} ", c.change.sign()), t.warn),
                Span::styled(format!("{:<7}", c.method), t.method(&c.method)),
                Span::raw(c.path.clone()),
                Span::styled(format!("  {}", c.detail), t.dim),
            ]));
        }
    }
    out.push(Line::styled(
        "Plan (the equivalent aws CLI calls):",
        t.label,
    ));
    if plan.steps.is_empty() {
        out.push(Line::styled("  nothing to do: already in place", t.ok));
    }
    for (step, cli) in plan.steps.iter().zip(plan.cli_lines()) {
        out.push(Line::styled(format!("  # {}", step.description), t.dim));
        out.push(Line::styled(format!("  $ {cli}"), t.info));
    }
    for w in &plan.warnings {
        out.push(Line::styled(format!("! {w}"), t.warn));
    }
    for n in &plan.notes {
        out.push(Line::styled(format!("· {n}"), t.text));
    }
}

/// The plan part (may be clipped on a small screen).
pub fn top_lines<'a>(cx: &Ctx, d: &Dialog) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    if let DialogKind::Rollback { api, stage } = &d.kind {
        history_lines(cx, d, &history(cx.state.inventory(), api, stage), &mut out);
    }
    // Once confirmed, the plan that ran (the re-read inventory would plan nothing).
    let plan = match &d.executed {
        Some(p) if d.phase != Phase::Editing => Ok(p.clone()),
        _ => d.plan(cx.state.inventory()),
    };
    match plan {
        Ok(plan) => plan_lines(cx, &plan, &mut out),
        Err(e) => out.push(Line::styled(
            format!("cannot plan this: {e}"),
            cx.theme.error,
        )),
    }
    for x in &d.extra {
        let style = if x.starts_with("fix:") {
            cx.theme.warn
        } else {
            cx.theme.info
        };
        out.push(Line::styled(x.clone(), style));
    }
    out
}

/// The controls and the outcome (always visible).
pub fn lines<'a>(cx: &Ctx, d: &Dialog) -> Vec<Line<'a>> {
    let t = cx.theme;
    let mut out = vec![Line::raw(""), field_line(cx, d)];
    if let Some((label, on)) = d.checkbox {
        let tick = if on { "[x]" } else { "[ ]" };
        // Like the field: once confirmed it is a record of the choice, not a control.
        let line = if d.phase == Phase::Editing {
            let focus = if d.focus == DialogFocus::Checkbox {
                t.selected
            } else {
                t.text
            };
            let mark = mark_of(d, DialogFocus::Checkbox);
            Line::styled(format!("{mark}{tick} {label}  (Space toggles)"), focus)
        } else {
            Line::styled(format!("  {tick} {label}"), t.text)
        };
        out.push(line);
    }
    if let Phase::Done(_) = d.phase {
        let keys = format!(
            "   {} or {} closes",
            input_key(cx, C::Submit),
            input_key(cx, C::Back)
        );
        out.push(Line::from(vec![
            Span::raw("› "),
            Span::styled("[ Close ]", t.selected),
            Span::styled(keys, t.dim),
        ]));
    } else {
        out.push(buttons(cx, d));
    }
    if let Some(b) = &d.blocked {
        out.push(Line::styled(format!("offline: {b}"), t.warn));
    }
    out.extend(super::confirm_outcome::step_lines(cx, d));
    match &d.phase {
        Phase::Editing => {}
        Phase::Running => out.push(Line::styled(
            format!(
                "{} applying… (a second {} does nothing)",
                spinner(cx.state.tick()),
                input_key(cx, C::Submit)
            ),
            t.info,
        )),
        Phase::Done(o) => out.extend(super::confirm_outcome::outcome_lines(cx, d, o)),
    }
    out
}

/// `description: [deployed with apigw▏]`, marked while it has the keyboard.
fn field_line<'a>(cx: &Ctx, d: &Dialog) -> Line<'a> {
    let t = cx.theme;
    let choose = match d.kind {
        DialogKind::Rollback { .. } if d.phase == Phase::Editing => format!(
            " ({}/{} choose)",
            input_key(cx, C::Up),
            input_key(cx, C::Down)
        ),
        _ => String::new(),
    };
    // Once confirmed the field is no longer editable: no focus mark, no cursor.
    let (mark, field, style) = if d.phase == Phase::Editing {
        let style = if d.focus == DialogFocus::Field {
            t.selected
        } else {
            t.text
        };
        (
            mark_of(d, DialogFocus::Field),
            format!("[{}▏]", d.field),
            style,
        )
    } else {
        ("  ", format!("[{}]", d.field), t.text)
    };
    Line::from(vec![
        Span::styled(format!("{mark}{}{choose}: ", d.field_label), t.label),
        Span::styled(field, style),
    ])
}

/// The key bound to `cmd` while typing, as hints show it.
fn input_key(cx: &Ctx, cmd: C) -> String {
    super::hint::key(cx.keymap, Section::Input, cmd)
}

fn history_lines<'a>(cx: &Ctx, d: &Dialog, hist: &[HistoryEntry], out: &mut Vec<Line<'a>>) {
    let t = cx.theme;
    out.push(Line::styled("Deployments (newest first):", t.label));
    for h in hist {
        let chosen = h.id == d.field.trim();
        let when = h
            .created_date
            .map(|c| {
                format!(
                    "{} {:>4}",
                    c.format("%Y-%m-%d"),
                    super::common::age(cx.state.now(), c)
                )
            })
            .unwrap_or_default();
        let mut spans = vec![
            Span::styled(if chosen { "› " } else { "  " }, t.url_hit),
            Span::styled(
                format!("{:<11}", h.id),
                if chosen { t.selected } else { t.text },
            ),
            Span::styled(format!("{when:<17} "), t.label),
            Span::styled(h.description.clone().unwrap_or_default(), t.dim),
        ];
        if !h.stages.is_empty() {
            spans.push(Span::styled(format!("  ← {}", h.stages.join(", ")), t.ok));
        }
        if h.current {
            spans.push(Span::styled("  (serving now)", t.warn));
        }
        out.push(Line::from(spans));
    }
}

/// `[ Confirm ]  [ Cancel ]` with the focused one marked.
fn buttons<'a>(cx: &Ctx, d: &Dialog) -> Line<'a> {
    let t = cx.theme;
    let focus = |f: DialogFocus| if d.focus == f { t.selected } else { t.text };
    let mark = |f: DialogFocus| mark_of(d, f);
    Line::from(vec![
        Span::raw(mark(DialogFocus::Confirm)),
        Span::styled("[ Confirm ]", focus(DialogFocus::Confirm)),
        Span::raw("  "),
        Span::raw(mark(DialogFocus::Cancel).trim_end().to_string()),
        Span::styled("[ Cancel ]", focus(DialogFocus::Cancel)),
        Span::styled(
            format!(
                "   {} confirms · {} cancels · {} moves",
                input_key(cx, C::Submit),
                input_key(cx, C::Back),
                input_key(cx, C::NextField)
            ),
            t.dim,
        ),
    ])
}

fn mark_of(d: &Dialog, f: DialogFocus) -> &'static str {
    if d.focus == f {
        "› "
    } else {
        "  "
    }
}

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let Some(d) = cx.state.dialog() else {
        return;
    };
    let b = block(cx.theme, &d.title, true, &PaneStatus::Ready, 0, None);
    let top = top_lines(cx, d);
    let bottom = lines(cx, d);
    // As tall as the wrapped content, centred, never taller than the screen; the controls
    // always show, the plan is clipped first.
    // Counted as the paragraph wraps them (word wrap breaks earlier than width / w).
    let w = area.width.saturating_sub(2).max(1);
    let rows = |ls: &[Line]| -> u16 {
        let n = Paragraph::new(ls.to_vec())
            .wrap(Wrap { trim: false })
            .line_count(w);
        u16::try_from(n).unwrap_or(u16::MAX)
    };
    let (top_h, bottom_h) = (rows(&top), rows(&bottom));
    let h = top_h
        .saturating_add(bottom_h)
        .saturating_add(2)
        .min(area.height);
    let area = Rect::new(area.x, area.y + (area.height - h) / 2, area.width, h);
    frame.render_widget(Clear, area);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let bottom_h = bottom_h.min(inner.height);
    let [t_area, b_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(bottom_h)]).areas(inner);
    if top_h > t_area.height && t_area.height > 1 {
        // Say the plan is clipped rather than hide it silently.
        let [shown, more] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(t_area);
        frame.render_widget(Paragraph::new(top).wrap(Wrap { trim: false }), shown);
        let note = Line::styled(
            "… more calls: enlarge the terminal to see the whole plan",
            cx.theme.warn,
        );
        frame.render_widget(Paragraph::new(note), more);
    } else {
        frame.render_widget(Paragraph::new(top).wrap(Wrap { trim: false }), t_area);
    }
    frame.render_widget(Paragraph::new(bottom).wrap(Wrap { trim: false }), b_area);
}
