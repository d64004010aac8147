//! The TUI in a real pty (tmux + `script`, `tests/harness/pty.rs`): the terminal is
//! restored on every exit path, tiny terminals and resizes, garbage typed into the URL bar,
//! and the TUI against the emulator behind the fault proxy.

#[path = "../harness/mod.rs"]
mod harness;

mod terminal_restore;
mod tui_exit;
