//! Everything that can happen to the app: key commands (bindable in the keymap), typed
//! text, and replies from slow work (tagged with the request id that asked for them).

use super::outcome::NotSent;
use crate::domain::load::{LoadError, LoadPart, PartKey};
use crate::domain::model::{AccountSettings, Inventory, Timestamp};
use crate::domain::plan::{ExecutionReport, StepStatus};
use crate::domain::probe::Answer;

/// A command a key can be bound to. The snake_case name is what the keymap file uses;
/// [`Command::description`] is what `?` help shows.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum Command {
    Quit,
    NextPane,
    PrevPane,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Toggle,
    Filter,
    Help,
    CopyUrl,
    FocusUrl,
    Refresh,
    Palette,
    Deploy,
    Rollback,
    Cors,
    EnableLogs,
    Probe,
    CopyReport,
    Back,
    // text-input modes (URL bar, filter, palette, dialogs)
    Submit,
    NextField,
    PrevField,
    CycleMethod,
    ClearField,
}

impl Command {
    /// Every command, in the order help lists them (declaration order).
    pub const ALL: &'static [Command] = <Self as strum::VariantArray>::VARIANTS;

    /// The name used in keymap files.
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn from_name(name: &str) -> Option<Self> {
        name.parse().ok()
    }

    /// What the command does while typing (URL bar, filter, palette, dialogs), where some
    /// keys mean something else than while browsing.
    pub fn input_description(self) -> &'static str {
        match self {
            Self::Left => "move the cursor left (URL bar)",
            Self::Right => "move the cursor right (URL bar)",
            Self::Top => "cursor to the start (URL bar)",
            Self::Bottom => "cursor to the end (URL bar)",
            Self::Up => "previous entry (palette, rollback deployment)",
            Self::Down => "next entry (palette, rollback deployment)",
            Self::Back => "leave the URL bar / clear the filter / cancel",
            other => other.description(),
        }
    }

    /// What the command does, for `?` help.
    pub fn description(self) -> &'static str {
        match self {
            Self::Quit => "quit apigw",
            Self::NextPane => "focus the next pane",
            Self::PrevPane => "focus the previous pane",
            Self::Up => "move up",
            Self::Down => "move down",
            Self::Left => "collapse / go to parent",
            Self::Right => "expand / go to child",
            Self::PageUp => "page up",
            Self::PageDown => "page down",
            Self::Top => "go to the first row",
            Self::Bottom => "go to the last row",
            Self::Toggle => "expand or collapse the selected node",
            Self::Filter => "fuzzy-filter the focused pane",
            Self::Help => "show this help",
            Self::CopyUrl => "copy the invoke URL of the selection (OSC 52)",
            Self::FocusUrl => "type or paste a URL / curl command to match",
            Self::Refresh => "retry what failed / reload the inventory",
            Self::Palette => "command palette: switch profile or region",
            Self::Deploy => "deploy the selected stage (shows the plan first)",
            Self::Rollback => "point the selected stage at an earlier deployment (rollback)",
            Self::Cors => "add a CORS OPTIONS mock to the selected resource",
            Self::EnableLogs => {
                "turn on INFO execution logs for the selected stage (shows the plan first)"
            }
            Self::Probe => "send the URL bar's request for real and compare with the verdict",
            Self::CopyReport => "copy the verdict as a Markdown report (OSC 52, secrets redacted)",
            Self::Back => "clear the filter / close",
            Self::Submit => "accept (filter, palette entry, dialog)",
            Self::NextField => "next field (URL → headers → caller, dialog fields)",
            Self::PrevField => "previous field",
            Self::CycleMethod => "cycle the URL bar's HTTP method",
            Self::ClearField => "clear the field being typed in",
        }
    }
}

/// One step of the app's life.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A bound key.
    Command(Command),
    /// A character typed into the focused text field.
    Input(char),
    Backspace,
    /// Bracketed paste.
    Paste(String),
    /// Spinner tick; carries the wall clock so ages are computed without I/O in update.
    Tick(Timestamp),
    /// A whole inventory arrived (demo, snapshot, cache or a finished load).
    InventoryLoaded {
        req: u64,
        result: Result<Box<Inventory>, LoadError>,
        /// When the inventory was cached, if it came from the cache.
        cached_at: Option<Timestamp>,
    },
    /// One part of a progressive live load.
    PartLoaded {
        req: u64,
        key: PartKey,
        result: Result<Box<LoadPart>, LoadError>,
    },
    /// The live loader's clients are built: the region it reads in.
    LoaderReady {
        req: u64,
        region: Option<String>,
    },
    /// The live loader queued these parts (they are being read).
    PartsQueued {
        req: u64,
        keys: Vec<PartKey>,
    },
    /// A live load drained its queue (sent again after retries).
    LoadFinished {
        req: u64,
        /// The region the clients resolved.
        region: Option<String>,
        /// How many parts failed.
        failed: usize,
    },
    /// Profiles read from the AWS config files, for the palette.
    Profiles(Vec<String>),
    /// Step `step` (an index into the plan's steps) of a running plan started or ended.
    PlanProgress {
        req: u64,
        step: usize,
        status: StepStatus,
    },
    /// A mutation plan finished executing: each step's status and what was read back, or
    /// why nothing was sent.
    PlanFinished {
        req: u64,
        result: Result<Box<ExecutionReport>, NotSent>,
    },
    /// The account settings (CloudWatch role) read for turning execution logs on.
    AccountRead {
        req: u64,
        result: Result<AccountSettings, String>,
    },
    /// A probe came back (or why nothing could be sent).
    ProbeFinished {
        req: u64,
        result: Result<Answer, String>,
    },
}
