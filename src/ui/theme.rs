//! Every colour and text style of the screen, in one place.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone)]
pub struct Theme {
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub title_focused: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    /// Characters matched by a filter.
    pub matched: Style,
    pub dim: Style,
    pub text: Style,
    pub label: Style,
    pub error: Style,
    pub warn: Style,
    pub ok: Style,
    pub info: Style,
    pub rest_tag: Style,
    pub http_tag: Style,
    /// The tree row the URL reached.
    pub url_hit: Style,
    /// The part of the typed path that matches.
    pub path_ok: Style,
    /// The first segment that cannot match.
    pub path_bad: Style,
    pub key: Style,
    pub status_bar: Style,
    pub badge_source: Style,
    pub badge_read_only: Style,
}

impl Default for Theme {
    fn default() -> Self {
        let fg = |c| Style::default().fg(c);
        Self {
            border: fg(Color::DarkGray),
            border_focused: fg(Color::Cyan),
            title: fg(Color::Gray),
            title_focused: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: Style::default()
                .bg(Color::Rgb(40, 60, 90))
                .add_modifier(Modifier::BOLD),
            selected_unfocused: Style::default().bg(Color::Rgb(45, 45, 45)),
            matched: fg(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            dim: fg(Color::DarkGray),
            text: Style::default(),
            label: fg(Color::Gray),
            error: fg(Color::LightRed),
            warn: fg(Color::Yellow),
            ok: fg(Color::Green),
            info: fg(Color::Cyan),
            rest_tag: fg(Color::LightBlue).add_modifier(Modifier::BOLD),
            http_tag: fg(Color::LightMagenta).add_modifier(Modifier::BOLD),
            url_hit: fg(Color::LightGreen).add_modifier(Modifier::BOLD),
            path_ok: fg(Color::Green).add_modifier(Modifier::UNDERLINED),
            path_bad: fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD),
            key: fg(Color::Black).bg(Color::Gray),
            status_bar: Style::default().bg(Color::Rgb(30, 30, 30)),
            badge_source: fg(Color::Black).bg(Color::Cyan),
            badge_read_only: fg(Color::Black).bg(Color::Yellow),
        }
    }
}

impl Theme {
    /// HTTP methods are coloured as in most API tools.
    pub fn method(&self, m: &str) -> Style {
        let c = match m {
            "GET" => Color::Green,
            "POST" => Color::Yellow,
            "PUT" => Color::Blue,
            "PATCH" => Color::Magenta,
            "DELETE" => Color::Red,
            "ANY" => Color::Cyan,
            "HEAD" => Color::LightGreen,
            _ => Color::Gray,
        };
        Style::default().fg(c).add_modifier(Modifier::BOLD)
    }

    /// Authorization badges (`IAM`, `COGNITO`, `LAMBDA`, `JWT`, `KEY`).
    pub fn badge(&self, b: &str) -> Style {
        let c = match b {
            "IAM" => Color::LightRed,
            "COGNITO" => Color::LightBlue,
            "LAMBDA" => Color::LightYellow,
            "JWT" => Color::LightMagenta,
            "KEY" => Color::LightCyan,
            _ => Color::Gray,
        };
        Style::default().fg(c)
    }

    /// An HTTP status as the verdict line shows it.
    pub fn status(&self, status: Option<u16>) -> Style {
        match status {
            None => self.ok.add_modifier(Modifier::BOLD),
            Some(s) if s < 400 => self.ok.add_modifier(Modifier::BOLD),
            Some(s) if s < 500 => self.error.add_modifier(Modifier::BOLD),
            Some(_) => self.warn.add_modifier(Modifier::BOLD),
        }
    }
}
