//! Terminal setup and restore. The terminal is restored on every exit path: normal return
//! and errors (the guard's `Drop`), and panics (a hook that restores first, then calls the
//! previous hook so the message is readable).

use std::io::{self, IsTerminal, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

/// True between `init` and `restore`: a panic then ends the process after restoring.
static ACTIVE: AtomicBool = AtomicBool::new(false);

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped.
pub struct TerminalGuard {
    pub terminal: Term,
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = restore();
    }
}

/// Puts the terminal in raw mode on the alternate screen with bracketed paste.
pub fn init() -> anyhow::Result<TerminalGuard> {
    if !io::stdout().is_terminal() {
        anyhow::bail!(
            "the TUI needs a terminal on stdout; for scripts use a subcommand, e.g. `apigw match URL --json`"
        );
    }
    install_panic_hook();
    enable_raw_mode().map_err(|e| anyhow::anyhow!("cannot enter raw mode: {e}"))?;
    let mut out = io::stdout();
    if let Err(e) = execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    ) {
        let _ = restore();
        anyhow::bail!("cannot set up the terminal: {e}");
    }
    let terminal = Terminal::new(CrosstermBackend::new(out)).map_err(|e| {
        let _ = restore();
        anyhow::anyhow!("cannot set up the terminal: {e}")
    })?;
    ACTIVE.store(true, Ordering::SeqCst);
    Ok(TerminalGuard { terminal })
}

/// Leaves raw mode and the alternate screen; safe to call more than once.
pub fn restore() -> io::Result<()> {
    ACTIVE.store(false, Ordering::SeqCst);
    let r = disable_raw_mode();
    let mut out = io::stdout();
    execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    )?;
    r
}

/// Installs (once) a panic hook that restores the terminal, then runs the previous hook.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let was_active = ACTIVE.load(Ordering::SeqCst);
            let _ = restore();
            previous(info);
            // Once the screen is restored the TUI cannot go on: a panic in a background
            // task would otherwise keep drawing over the message in cooked mode.
            if was_active {
                std::process::exit(101);
            }
        }));
    });
}
