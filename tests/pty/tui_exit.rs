//! Terminal setup refuses a non-terminal stdout (exit 2, one line, no escape codes), and
//! the panic hook restores first, then runs the previous hook. (Restoring in a real pty on
//! quit is covered by tests/terminal_restore.rs.)

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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

#[test]
fn the_panic_hook_restores_then_runs_the_previous_hook() {
    let called = Arc::new(AtomicBool::new(false));
    let flag = called.clone();
    std::panic::set_hook(Box::new(move |_| flag.store(true, Ordering::SeqCst)));
    apigw::tui::install_panic_hook();
    let r = std::panic::catch_unwind(|| panic!("boom"));
    let _ = std::panic::take_hook();
    assert!(r.is_err());
    assert!(
        called.load(Ordering::SeqCst),
        "the previous hook still runs (message shown)"
    );
}
