//! `?` help, generated from the live keymap with each command's description.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use super::common::block;
use super::Ctx;
use crate::app::PaneStatus;
use crate::keymap::Section;

pub fn lines<'a>(cx: &Ctx) -> Vec<Line<'a>> {
    let t = cx.theme;
    let mut out = Vec::new();
    for (section, title) in [
        (Section::Normal, "Browsing"),
        (Section::Input, "Typing (URL bar, filter, palette, dialogs)"),
    ] {
        out.push(Line::styled(title, t.title_focused));
        for (cmd, keys) in cx.keymap.section(section) {
            out.push(Line::from(vec![
                Span::styled(format!("  {keys:<16}"), t.info),
                Span::styled(
                    match section {
                        Section::Normal => cmd.description(),
                        Section::Input => cmd.input_description(),
                    },
                    t.text,
                ),
            ]));
        }
        out.push(Line::raw(""));
    }
    out.push(Line::styled(
        "Paste a URL or a curl/awscurl/http command anywhere to match it.",
        t.dim,
    ));
    out.push(Line::styled(
        "Rebind keys: keymap = \"FILE\" in ~/.config/apigw/config.toml (or $APIGW_CONFIG);",
        t.dim,
    ));
    out.push(Line::styled(
        "FILE uses the [normal] / [input] tables of assets/keymap.default.toml.",
        t.dim,
    ));
    out
}

pub fn draw(frame: &mut Frame, area: Rect, cx: &Ctx) {
    let b = block(cx.theme, "Help", true, &PaneStatus::Ready, 0, None);
    frame.render_widget(Clear, area);
    let p = Paragraph::new(lines(cx))
        .block(b)
        .scroll((cx.state.help_scroll(), 0));
    frame.render_widget(p, area);
}
