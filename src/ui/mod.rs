//! Drawing: one file per pane; panes only read the state. `draw` lays them out for the
//! terminal's size (usable at 80×24, three columns from 140 wide, no panic when tiny).

pub mod apis;
pub mod common;
pub mod confirm;
pub mod confirm_outcome;
pub mod deployments;
pub mod details;
pub mod details_policy;
pub mod details_stage;
pub mod details_tree;
pub mod domains;
pub mod help;
pub mod hint;
pub mod palette;
pub mod probe;
pub mod stages;
pub mod status;
pub mod theme;
pub mod tree;
pub mod url_bar;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::State;
use crate::keymap::Keymap;
pub use theme::Theme;

/// What every pane is drawn from.
pub struct Ctx<'a> {
    pub state: &'a State,
    pub keymap: &'a Keymap,
    pub theme: &'a Theme,
}

/// Smallest size that shows panes; below it a one-line notice is drawn.
const MIN_W: u16 = 40;
const MIN_H: u16 = 10;

pub fn draw(frame: &mut Frame, cx: &Ctx) {
    let area = frame.area();
    if area.width < MIN_W || area.height < MIN_H {
        let msg = format!(
            "apigw: terminal {}×{} is too small (need {MIN_W}×{MIN_H}); q quits",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let url_h = url_bar::height(cx, area.height, area.width);
    let [url, body, status] = Layout::vertical([
        Constraint::Length(url_h),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    url_bar::draw(frame, url, cx);
    body_panes(frame, body, cx);
    status::draw(frame, status, cx);
    overlays(frame, area, cx);
}

fn body_panes(frame: &mut Frame, body: Rect, cx: &Ctx) {
    let s = cx.state;
    let rows = |n: usize| u16::try_from(n).unwrap_or(u16::MAX).saturating_add(2);
    let apis_h = rows(s.view().apis().len()).max(4).min(body.height / 3);
    let stages_h = rows(s.view().stage_rows().len())
        .max(3)
        .min(body.height / 4);
    let wide = body.width >= 140;
    let left_w = if wide {
        body.width * 30 / 100
    } else {
        (body.width * 40 / 100).max(30)
    };
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(0)]).areas(body);
    let [a, st, d] = Layout::vertical([
        Constraint::Length(apis_h),
        Constraint::Length(stages_h),
        Constraint::Min(0),
    ])
    .areas(left);
    apis::draw(frame, a, cx);
    stages::draw(frame, st, cx);
    domains::draw(frame, d, cx);
    let (tree_area, details_area) = if wide {
        let [t, de] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(right);
        (t, de)
    } else {
        let [t, de] =
            Layout::vertical([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(right);
        (t, de)
    };
    tree::draw(frame, tree_area, cx);
    if wide && details_area.height >= 30 {
        let [de, hist] = Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)])
            .areas(details_area);
        details::draw(frame, de, cx);
        deployments::draw(frame, hist, cx);
    } else {
        details::draw(frame, details_area, cx);
    }
}

/// A box centred in `area`, `pw`% × `ph`% of it (at least 20×5, at most all of it). The
/// percentages are taken in `u32`: `width * pw` overflows `u16` from 729 columns at 90%.
pub fn centered(area: Rect, pw: u16, ph: u16) -> Rect {
    let pct = |len: u16, p: u16, min: u16| {
        let v = u32::from(len) * u32::from(p.min(100)) / 100;
        u16::try_from(v).unwrap_or(len).max(min).min(len)
    };
    let (w, h) = (pct(area.width, pw, 20), pct(area.height, ph, 5));
    Rect::new(
        area.x.saturating_add((area.width - w) / 2),
        area.y.saturating_add((area.height - h) / 2),
        w,
        h,
    )
}

fn overlays(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let s = cx.state;
    if s.help() {
        // Narrow terminals get nearly the whole width so descriptions are not cut.
        let pw = if area.width < 120 { 96 } else { 70 };
        help::draw(frame, centered(area, pw, 85), cx);
    }
    if s.palette().is_some() {
        let r = centered(area, 60, 60);
        palette::draw(frame, Rect::new(r.x, area.y + 2, r.width, r.height), cx);
    }
    if s.dialog().is_some() {
        let pw = if area.width < 100 { 98 } else { 90 };
        confirm::draw(frame, centered(area, pw, 80), cx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centered_dialogs_fit_at_800_and_65535_columns() {
        for width in [800u16, 65535] {
            let area = Rect::new(0, 0, width, 40);
            let r = centered(area, 90, 80);
            let expected = (u32::from(width) * 90 / 100) as u16;
            assert_eq!((r.width, r.height), (expected, 32), "at {width} columns");
            assert_eq!(r.x, (width - expected) / 2);
            assert!(r.right() <= area.right() && r.bottom() <= area.bottom());
        }
    }

    #[test]
    fn centered_keeps_its_minimum_and_never_leaves_the_area() {
        let r = centered(Rect::new(3, 2, 10, 3), 50, 50);
        assert_eq!(r, Rect::new(3, 2, 10, 3));
        let r = centered(Rect::new(65530, 0, 5, 100), 90, 200);
        assert_eq!((r.width, r.height), (5, 100));
    }
}
