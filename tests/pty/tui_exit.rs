//! Terminal setup refuses a non-terminal stdout (exit 2, one line, no escape codes), and
//! the panic hook restores the terminal first, then runs the previous hook (in a real pty;
//! restoring on quit and other exits is covered by terminal_restore.rs).

use std::process::{Command, Stdio};

use crate::harness::pty::{self, tail, Pty, ENTER_ALT, LEAVE_ALT, SHOW_CURSOR};

const BIN: &str = env!("CARGO_BIN_EXE_apigw");

#[test]
fn a_non_terminal_stdout_is_refused_with_one_line_and_exit_2() {
    let out = Command::new(BIN)
        .arg("--demo")
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(out.stdout.is_empty(), "no escape codes written to a pipe");
}

/// Set in the copy of this test binary that runs inside the pty.
const CHILD: &str = "APIGW_TEST_HOOK_CHILD";
/// What the hook installed before apigw's writes (in place of the standard message).
const PREVIOUS_HOOK: &str = "PREVIOUS-HOOK-RAN";

/// In a real pty: a previous hook, then apigw's (`install_panic_hook`), the TUI set up, and
/// a panic. The terminal must be restored (alternate screen left, cursor shown, the pty in
/// canonical mode with echo, as `stty -a` shows after the process) before the previous
/// hook prints, and the process must fail.
#[test]
fn the_panic_hook_restores_then_runs_the_previous_hook() {
    if std::env::var_os(CHILD).is_some() {
        std::panic::set_hook(Box::new(|_| eprintln!("{PREVIOUS_HOOK}")));
        apigw::tui::install_panic_hook();
        let mut guard = apigw::tui::init().expect("a terminal in the pty");
        let up = ratatui::widgets::Paragraph::new("TUI-UP");
        guard
            .terminal
            .draw(|f| f.render_widget(up, f.area()))
            .expect("draw");
        panic!("forced panic with the TUI up");
    }
    let test = pty::test_path(
        module_path!(),
        "the_panic_hook_restores_then_runs_the_previous_hook",
    );
    let p = Pty::start_self(80, 24, &test, &[(CHILD, "1")]);
    p.wait_done("the child to panic and exit");
    let raw = p.raw();
    assert!(
        raw.contains("TUI-UP"),
        "the TUI was drawn: {:?}",
        tail(&raw)
    );
    let code = pty::assert_restored(&raw);
    assert_ne!(code, 0, "a panic fails the process");
    let hook_at = raw
        .rfind(PREVIOUS_HOOK)
        .unwrap_or_else(|| panic!("the previous hook did not run: {:?}", tail(&raw)));
    let entered = raw.rfind(ENTER_ALT).unwrap_or(0);
    for (what, seq) in [
        ("alternate screen left", LEAVE_ALT),
        ("cursor shown", SHOW_CURSOR),
    ] {
        let at = raw[entered..].find(seq).map(|i| entered + i);
        assert!(
            at.is_some_and(|at| at < hook_at),
            "{what} before the previous hook ran: {:?}",
            tail(&raw)
        );
    }
}
