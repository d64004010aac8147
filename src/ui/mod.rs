//! Drawing: one file per pane; panes only read the state. `draw` lays them out for the
//! terminal's size (usable at 80×24, three columns from 140 wide, no panic when tiny).

pub mod apis;
pub mod common;
pub mod confirm;
pub mod deployments;
pub mod details;
pub mod details_tree;
pub mod domains;
pub mod help;
pub mod palette;
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
    let api_rows = crate::app::rows::api_rows(s).len() as u16;
    let stage_rows = crate::app::rows::stage_rows(s).len() as u16;
    let apis_h = (api_rows + 2).max(4).min(body.height / 3);
    let stages_h = (stage_rows + 2).max(3).min(body.height / 4);
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

/// A box centred in `area`, `pw`% × `ph`% of it.
pub fn centered(area: Rect, pw: u16, ph: u16) -> Rect {
    let w = (area.width * pw / 100).max(20).min(area.width);
    let h = (area.height * ph / 100).max(5).min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn overlays(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let s = cx.state;
    if s.help {
        // Narrow terminals get nearly the whole width so descriptions are not cut.
        let pw = if area.width < 120 { 96 } else { 70 };
        help::draw(frame, centered(area, pw, 85), cx);
    }
    if s.palette.is_some() {
        let r = centered(area, 60, 60);
        palette::draw(frame, Rect::new(r.x, area.y + 2, r.width, r.height), cx);
    }
    if s.dialog.is_some() {
        let pw = if area.width < 100 { 98 } else { 90 };
        confirm::draw(frame, centered(area, pw, 80), cx);
    }
}
