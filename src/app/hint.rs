//! What the person can do next, as a fact. The TUI renders a [`Hint`] with whatever key the
//! user's keymap binds to the command (`src/ui/hint.rs`), so no key name is written into a
//! message, and none of it can reach the command line's output.

use super::action::Command;

/// A next step the TUI suggests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// Retry what failed (`press r to retry`).
    Retry,
    /// Read again what a verdict could not rest on (`Esc, then r reads it again`).
    ReadAgain { leave: bool },
    /// Deploy `stage` (`D deploys prod`); `leave` first when typing in the URL bar
    /// (`Esc, then D deploys prod`).
    Deploy { stage: String, leave: bool },
    /// Add a CORS OPTIONS mock to the resource (`C adds a CORS OPTIONS mock`).
    AddCorsMock { leave: bool },
    /// A change is applied but callers only see it after a deployment of one of these
    /// stages (`Not live until deployed: Esc, then D on a stage (v1, prod)`).
    DeployToServe { stages: Vec<String> },
}

/// One piece of a rendered hint: words, or the key bound to a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HintPart<'a> {
    Text(&'a str),
    /// The key bound to the command while browsing the panes.
    Key(Command),
    /// The key bound to the command while typing (URL bar, dialogs).
    InputKey(Command),
}

impl Hint {
    /// The hint as words and keys, in reading order (the stage names are text too).
    pub fn parts(&self) -> Vec<HintPart<'_>> {
        use HintPart::{InputKey, Key, Text};
        let leave = |yes: bool| {
            if yes {
                vec![InputKey(Command::Back), Text(", then ")]
            } else {
                Vec::new()
            }
        };
        match self {
            Self::Retry => vec![Text("press "), Key(Command::Refresh), Text(" to retry")],
            Self::ReadAgain { leave: l } => {
                let mut p = leave(*l);
                p.extend([Key(Command::Refresh), Text(" reads it again")]);
                p
            }
            Self::Deploy { stage, leave: l } => {
                let mut p = leave(*l);
                p.extend([Key(Command::Deploy), Text(" deploys "), Text(stage)]);
                p
            }
            Self::AddCorsMock { leave: l } => {
                let mut p = leave(*l);
                p.extend([Key(Command::Cors), Text(" adds a CORS OPTIONS mock")]);
                p
            }
            Self::DeployToServe { stages } => {
                let mut p = vec![Text("Not live until deployed: ")];
                p.extend(leave(true));
                p.extend([Key(Command::Deploy), Text(" on a stage")]);
                for (i, s) in stages.iter().enumerate() {
                    p.push(Text(if i == 0 { " (" } else { ", " }));
                    p.push(Text(s));
                }
                if !stages.is_empty() {
                    p.push(Text(")"));
                }
                p
            }
        }
    }
}
