//! The confirm dialog: the plan as `aws` CLI lines, what changes, warnings, the editable
//! field, the checkbox, buttons, and progress or the result.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::common::{block, spinner};
use super::Ctx;
use crate::app::confirm::{Dialog, DialogFocus, Phase};
use crate::app::PaneStatus;

pub fn lines<'a>(cx: &Ctx, d: &Dialog) -> Vec<Line<'a>> {
    let t = cx.theme;
    let mut out = vec![Line::styled("Plan (equivalent aws CLI):", t.label)];
    for l in d.plan(cx.state.inventory.region.as_deref()) {
        out.push(Line::styled(format!("  $ {l}"), t.info));
    }
    out.push(Line::styled("What changes:", t.label));
    for l in &d.diff {
        out.push(Line::raw(format!("  {l}")));
    }
    for w in &d.warnings {
        out.push(Line::styled(format!("! {w}"), t.warn));
    }
    out.push(Line::raw(""));
    let focus = |f: DialogFocus| if d.focus == f { t.selected } else { t.text };
    out.push(Line::from(vec![
        Span::styled(format!("{}: ", d.field_label), t.label),
        Span::styled(format!("[{}▏]", d.field), focus(DialogFocus::Field)),
    ]));
    if let Some((label, on)) = d.checkbox {
        let mark = if on { "[x]" } else { "[ ]" };
        out.push(Line::styled(format!("{mark} {label}"), focus(DialogFocus::Checkbox)));
    }
    out.push(Line::from(vec![
        Span::styled("[ Confirm ]", focus(DialogFocus::Confirm)),
        Span::raw("  "),
        Span::styled("[ Cancel ]", focus(DialogFocus::Cancel)),
        Span::styled("   Enter confirms · Esc cancels · Tab moves", t.dim),
    ]));
    if let Some(b) = &d.blocked {
        out.push(Line::styled(format!("offline: {b}"), t.warn));
    }
    match &d.phase {
        Phase::Editing => {}
        Phase::Running => out.push(Line::styled(format!("{} applying… (a second Enter does nothing)", spinner(cx.state.tick)), t.info)),
        Phase::Done(Ok(m)) => out.push(Line::styled(format!("✓ {m}"), t.ok)),
        Phase::Done(Err(e)) => out.push(Line::styled(format!("✗ {e}"), t.error)),
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let Some(d) = &cx.state.dialog else {
        return;
    };
    frame.render_widget(Clear, area);
    let b = block(cx.theme, &d.title, true, &PaneStatus::Ready, 0, None);
    let p = Paragraph::new(lines(cx, d)).block(b).wrap(Wrap { trim: false });
    frame.render_widget(p, area);
}
