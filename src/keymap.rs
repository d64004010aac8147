//! Keys as data: `assets/keymap.default.toml` (compiled in) merged with the user's file.
//! Bad key strings and unknown commands are errors naming the file. Help and the status
//! bar's hints are generated from the live map.

use std::collections::BTreeMap;
use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{Action, Command, Mode};

/// The bundled defaults.
pub const DEFAULT_KEYMAP: &str = include_str!("../assets/keymap.default.toml");

/// Which table of the keymap applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// Browsing the panes.
    Normal,
    /// Typing into a field: printable keys are text.
    Input,
}

impl Section {
    pub fn name(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Input => "input",
        }
    }
}

/// A key with its modifiers, normalised (shift is part of a character's case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn from_event(ev: &KeyEvent) -> Self {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(ev.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        Self {
            code: ev.code,
            mods,
        }
    }

    /// Parses `q`, `ctrl-c`, `shift-tab`, `pagedown`, `f1`, `G`, `?`.
    pub fn parse(s: &str) -> Option<Self> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if rest.len() == len {
                break; // "-" after a modifier is the key itself
            }
            mods |= m;
            rest = &rest[len..];
        }
        let code = parse_code(rest)?;
        let code = match code {
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            c => c,
        };
        let mut key = Self { code, mods };
        if matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab) {
            if let (KeyCode::Char(c), true) = (key.code, mods.contains(KeyModifiers::SHIFT)) {
                key.code = KeyCode::Char(c.to_ascii_uppercase());
            }
            key.mods.remove(KeyModifiers::SHIFT);
        }
        Some(key)
    }

    /// How help and hints show the key.
    pub fn label(&self) -> String {
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("C-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("M-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("S-");
        }
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        out.push_str(&name);
        out
    }
}

fn parse_code(s: &str) -> Option<KeyCode> {
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(KeyCode::Char(c));
    }
    let lower = s.to_ascii_lowercase();
    Some(match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        f if f.starts_with('f') => {
            KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
        }
        _ => return None,
    })
}

/// The live key bindings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<(Section, Command), Vec<Key>>,
}

type RawMap = BTreeMap<String, BTreeMap<String, Vec<String>>>;

impl Keymap {
    /// The defaults merged with `user` (if given): a command listed in the user file
    /// replaces its default keys in that section.
    pub fn load(user: Option<&Path>) -> anyhow::Result<Self> {
        let mut map = Self::parse("assets/keymap.default.toml", DEFAULT_KEYMAP)?;
        if let Some(path) = user {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read keymap {}: {e}", path.display()))?;
            let user = Self::parse(&path.display().to_string(), &text)?;
            map.bindings.extend(user.bindings);
        }
        Ok(map)
    }

    /// The bundled defaults (tested to parse).
    pub fn defaults() -> Self {
        Self::parse("defaults", DEFAULT_KEYMAP).unwrap_or(Self {
            bindings: BTreeMap::new(),
        })
    }

    /// Parses one keymap file; errors name `file`.
    pub fn parse(file: &str, text: &str) -> anyhow::Result<Self> {
        let raw: RawMap = toml::from_str(text).map_err(|e| {
            let first = e.to_string().lines().next().unwrap_or("").to_string();
            anyhow::anyhow!("keymap {file} is invalid: {}", first.trim())
        })?;
        let mut bindings = BTreeMap::new();
        for (section_name, table) in raw {
            let section = match section_name.as_str() {
                "normal" => Section::Normal,
                "input" => Section::Input,
                other => anyhow::bail!(
                    "keymap {file}: unknown section [{other}] (use [normal] or [input])"
                ),
            };
            for (cmd_name, keys) in table {
                let cmd = Command::from_name(&cmd_name).ok_or_else(|| {
                    anyhow::anyhow!(
                        "keymap {file}: unknown command `{cmd_name}` in [{section_name}]"
                    )
                })?;
                let keys = keys
                    .iter()
                    .map(|k| {
                        Key::parse(k).ok_or_else(|| {
                            anyhow::anyhow!(
                                "keymap {file}: bad key \"{k}\" for `{cmd_name}` (e.g. \"q\", \"ctrl-c\", \"pagedown\")"
                            )
                        })
                    })
                    .collect::<anyhow::Result<Vec<_>>>()?;
                bindings.insert((section, cmd), keys);
            }
        }
        Ok(Self { bindings })
    }

    pub fn lookup(&self, section: Section, key: Key) -> Option<Command> {
        self.bindings
            .iter()
            .find(|((s, _), keys)| *s == section && keys.contains(&key))
            .map(|((_, c), _)| *c)
    }

    /// Keys bound to `cmd` in `section`.
    pub fn keys(&self, section: Section, cmd: Command) -> &[Key] {
        self.bindings
            .get(&(section, cmd))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// `"q C-c"`: the keys of a command as help shows them.
    pub fn label(&self, section: Section, cmd: Command) -> String {
        self.keys(section, cmd)
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Every binding of a section in help order.
    pub fn section(&self, section: Section) -> Vec<(Command, String)> {
        Command::ALL
            .iter()
            .copied()
            .filter(|c| !self.keys(section, *c).is_empty())
            .map(|c| (c, self.label(section, c)))
            .collect()
    }

    /// What a key press means in the current mode.
    pub fn action(&self, mode: Mode, ev: &KeyEvent) -> Option<Action> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        let key = Key::from_event(ev);
        if mode.is_text() {
            if let Some(c) = self.lookup(Section::Input, key) {
                return Some(Action::Command(c));
            }
            return match ev.code {
                KeyCode::Backspace => Some(Action::Backspace),
                KeyCode::Char(c)
                    if !key
                        .mods
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                {
                    Some(Action::Input(c))
                }
                _ => None,
            };
        }
        self.lookup(Section::Normal, key).map(Action::Command)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_defaults_parse() {
        let k = Keymap::parse("defaults", DEFAULT_KEYMAP).map_err(|e| e.to_string());
        assert!(k.is_ok(), "{k:?}");
    }

    #[test]
    fn parses_modifiers_and_names() {
        let k = Key::parse("ctrl-c").map(|k| (k.code, k.mods));
        assert_eq!(k, Some((KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert_eq!(
            Key::parse("shift-tab").map(|k| k.code),
            Some(KeyCode::BackTab)
        );
        assert_eq!(Key::parse("G").map(|k| k.code), Some(KeyCode::Char('G')));
        assert_eq!(Key::parse("f13"), None);
        assert_eq!(Key::parse("ctrl-"), None);
    }
}
