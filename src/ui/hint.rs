//! Renders an [`app::Hint`](crate::app::Hint) with the keys of the live keymap: a user who
//! bound deploy to `ctrl-d` reads "ctrl-d deploys prod", never a key that does nothing.

use crate::app::{Command, Hint, HintPart};
use crate::keymap::{Keymap, Section};

/// The first key bound to `cmd` in `section`, as help shows it; a command with no key is
/// named instead (`[deploy]`), so the hint stays true.
pub fn key(keymap: &Keymap, section: Section, cmd: Command) -> String {
    keymap
        .keys(section, cmd)
        .first()
        .map(|k| k.label())
        .unwrap_or_else(|| format!("[{}]", cmd.name()))
}

/// The hint as one line of text.
pub fn text(hint: &Hint, keymap: &Keymap) -> String {
    hint.parts()
        .into_iter()
        .map(|p| match p {
            HintPart::Text(t) => t.to_string(),
            HintPart::Key(c) => key(keymap, Section::Normal, c),
            HintPart::InputKey(c) => key(keymap, Section::Input, c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hint_shows_the_key_the_user_bound() {
        let km = Keymap::parse(
            "user",
            "[normal]\ndeploy = [\"ctrl-d\"]\n[input]\nback = [\"f10\"]\n",
        )
        .map_err(|e| e.to_string());
        let Ok(km) = km else {
            panic!("{km:?}");
        };
        let h = Hint::Deploy {
            stage: "prod".into(),
            leave: true,
        };
        assert_eq!(text(&h, &km), "F10, then C-d deploys prod");
        assert_eq!(text(&Hint::Retry, &km), "press [refresh] to retry");
    }

    #[test]
    fn default_keys_read_as_before() {
        let km = Keymap::defaults();
        let h = Hint::DeployToServe {
            stages: vec!["v1".into(), "prod".into()],
        };
        assert_eq!(
            text(&h, &km),
            "Not live until deployed: Esc, then D on a stage (v1, prod)"
        );
        assert_eq!(text(&Hint::Retry, &km), "press r to retry");
    }
}
