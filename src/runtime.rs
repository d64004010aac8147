//! Runs Effects on tokio and feeds results back as Actions; never blocks the draw loop.
//! (to be written)

use std::path::PathBuf;

use crate::config::Source;

/// How the TUI was started.
#[derive(Debug, Clone)]
pub struct TuiOptions {
    pub source: Source,
    pub read_only: bool,
    pub no_cache: bool,
    /// A user keymap file merged over the defaults.
    pub keymap: Option<PathBuf>,
}

/// Runs the TUI until the user quits.
pub fn run_tui(_rt: &tokio::runtime::Runtime, _opts: TuiOptions) -> anyhow::Result<()> {
    anyhow::bail!("the TUI is not implemented yet")
}
