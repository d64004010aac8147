//! The terminal is restored on every exit path (issue #8), checked in a real pty: tmux
//! gives a terminal of a chosen size and takes keys; `script` (util-linux) records every
//! byte apigw writes, and after apigw exits `stty -a` runs in the same pty to show its mode.
//! Restored means: after the last "enter alternate screen" (`ESC[?1049h`) come "leave
//! alternate screen" (`ESC[?1049l`) and "show cursor" (`ESC[?25h`), and the pty is back in
//! canonical mode with echo. Also: a 20×5 terminal, resizes while running, and a stdout
//! that is not a terminal never panic; and live (moto behind the fault proxy): `q` quits
//! while the load hangs, and a failed part is shown inline with the rest kept, then `r`
//! retries it.

use std::time::Duration;

use crate::harness::pty::*;

#[test]
fn quitting_restores_the_terminal() {
    let pty = Pty::start(100, 30, "--demo", &[]);
    pty.wait_screen("orders-api");
    pty.keys(&["q"]);
    pty.wait_done("apigw to quit on q");
    let raw = pty.raw();
    assert_no_panic(&raw);
    assert_eq!(assert_restored(&raw), 0);
}

#[test]
fn a_tiny_terminal_and_resizes_never_panic() {
    let pty = Pty::start(20, 5, "--demo", &[]);
    pty.wait_raw("a first frame", |raw| raw.contains(ENTER_ALT));
    for (w, h) in [(1, 1), (200, 60), (3, 2), (80, 24), (20, 5)] {
        let before = pty.raw().len();
        pty.resize(w, h);
        pty.keys(&["j", "Tab", "?"]);
        pty.escape();
        pty.wait_raw(&format!("a frame drawn at {w}x{h}"), |raw| {
            raw.len() > before
        });
        assert!(
            !pty.finished(),
            "apigw exited at {w}x{h}: {:?}",
            tail(&pty.raw())
        );
    }
    pty.keys(&["q"]);
    pty.wait_done("apigw to quit on q");
    let raw = pty.raw();
    assert_no_panic(&raw);
    assert_eq!(assert_restored(&raw), 0);
}

#[test]
fn a_panic_restores_the_terminal_and_prints_the_message() {
    let pty = Pty::start(100, 30, "--demo", &[("APIGW_TEST_PANIC", "1")]);
    wait_for("the forced panic to end apigw", WAIT, || {
        let done = pty.finished();
        if !done && pty.raw().contains("orders-api") {
            pty.keys(&["q"]); // drew normally: the trigger is missing; end it, fail below
        }
        done
    });
    let raw = pty.raw();
    assert!(
        raw.contains("panicked"),
        "APIGW_TEST_PANIC=1 did not make apigw panic (the forced panic in src/runtime.rs)"
    );
    let code = assert_restored(&raw);
    assert_ne!(code, 0, "a panic exits non-zero");
    // The hook leaves the alternate screen before printing; the guard's Drop may leave it
    // again afterwards, harmlessly.
    let entered = raw.rfind(ENTER_ALT).unwrap_or(0);
    let restored_at = raw[entered..]
        .find(LEAVE_ALT)
        .map_or(usize::MAX, |i| entered + i);
    let message_at = raw.rfind("panicked").unwrap_or(0);
    assert!(
        message_at > restored_at,
        "the panic message is printed on the normal screen, after restoring"
    );
}

#[test]
fn a_stdout_that_is_not_a_terminal_is_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("apigw")
        .unwrap()
        .env_remove("APIGW_CONFIG")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .arg("--demo")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("terminal"), "{err}");
    assert!(!err.contains("panicked"));
    assert!(out.stdout.is_empty(), "nothing drawn on a pipe");
}

#[test]
fn q_quits_while_the_live_load_hangs() {
    use crate::harness::fault_proxy::DieMode;
    let rig = crate::harness::fault_proxy::rig::Rig::start();
    rig.proxy.die_after(0, DieMode::Hang);
    let pty = start_live(&rig, "");
    wait_for("the load to reach the (hung) endpoint", WAIT, || {
        rig.proxy.count() > 0
    });
    pty.wait_raw("a first frame", |raw| raw.contains(ENTER_ALT));
    // Resizes (down to 1×1) while the load is in flight.
    for (w, h) in [(20, 5), (1, 1), (200, 60), (120, 32)] {
        pty.resize(w, h);
        pty.keys(&["j", "Tab"]);
    }
    pty.keys(&["q"]);
    // The SDK would give up on the hung calls only after its 60 s operation timeout; the UI
    // must not wait for that.
    wait_for(
        "q to quit while the load hangs",
        Duration::from_secs(30),
        || pty.finished(),
    );
    let raw = pty.raw();
    assert_no_panic(&raw);
    assert_eq!(assert_restored(&raw), 0);
}

#[test]
fn a_failed_part_is_shown_inline_with_the_rest_and_r_retries_it() {
    use crate::harness::fault_proxy::{Fault, Rule, Schedule};
    let rig = crate::harness::fault_proxy::rig::Rig::start();
    rig.proxy.add(
        Rule::new(Fault::ServerError(500), Schedule::Always)
            .on_method("GET")
            .on_path("/v2/apis"),
    );
    let pty = start_live(&rig, "");
    let screen = pty.wait_screen("press r to retry");
    assert!(
        screen.contains("orders-api"),
        "the REST API that did load is still shown:\n{screen}"
    );
    assert!(
        screen.contains("GetApis"),
        "the failed part is named:\n{screen}"
    );
    rig.proxy.clear();
    pty.keys(&["r"]);
    let screen = pty.wait_screen("payments-http");
    assert!(screen.contains("orders-api"), "{screen}");
    pty.keys(&["q"]);
    pty.wait_done("apigw to quit on q");
    let raw = pty.raw();
    assert_no_panic(&raw);
    assert_eq!(assert_restored(&raw), 0);
}

#[test]
fn a_corrupt_cache_is_ignored_and_the_live_load_shown() {
    let rig = crate::harness::fault_proxy::rig::Rig::start();
    rig.apigw().arg("snapshot").assert().success();
    let cache = rig.moto.home().join("cache");
    let mut files = Vec::new();
    let mut dirs = vec![cache.clone()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p)
            } else {
                files.push(p)
            }
        }
    }
    assert!(
        !files.is_empty(),
        "apigw snapshot wrote the cache under {}",
        cache.display()
    );
    for (i, f) in files.iter().enumerate() {
        let old = std::fs::read(f).unwrap();
        let bad = if i % 2 == 0 {
            old[..old.len() / 2].to_vec()
        } else {
            vec![0xff, 0x00, 0x13]
        };
        std::fs::write(f, bad).unwrap();
    }
    let mut env = live_env(&rig);
    env.push(("XDG_CACHE_HOME", cache.display().to_string()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let pty = Pty::start(120, 32, "", &env);
    pty.wait_screen("orders-api");
    pty.keys(&["q"]);
    pty.wait_done("apigw to quit on q");
    let raw = pty.raw();
    assert_no_panic(&raw);
    assert_eq!(assert_restored(&raw), 0);
}

#[test]
fn garbage_typed_into_the_url_bar_never_panics() {
    let pty = Pty::start(100, 30, "--demo", &[]);
    pty.wait_screen("orders-api");
    let typed = [
        "::::",
        "%",
        "/prod/%E0%A4%A/%00",
        "curl -H 'Authorization: Bearer x' -X",
        "awscurl --service execute-api \"https://",
        "https://ápi.例え.jp/v1/заказы/🙂?#",
        "http://[::1/prod",
    ];
    for input in typed {
        pty.keys(&["u"]);
        pty.type_text(input);
        pty.keys(&["Enter", "C-t", "Tab", "BSpace", "Enter", "C-u"]);
        pty.escape();
        help_opens_and_closes(&pty);
        assert!(
            !pty.finished(),
            "apigw exited on {input:?}: {:?}",
            tail(&pty.raw())
        );
    }
    // A 100 KB URL and a multi-line curl command pasted (bracketed paste).
    let long = format!("https://api.example.com/{}", "%zz/".repeat(25_000));
    let curl = "curl -X POST \\\n  -H 'x-api-key: k' \\\n  'https://api.example.com/orders/orders/42'\n\u{1b}[2J";
    for paste in [long.as_str(), curl] {
        pty.keys(&["u"]);
        pty.paste(paste);
        pty.keys(&["Enter"]);
        pty.escape();
        help_opens_and_closes(&pty);
        assert!(
            !pty.finished(),
            "apigw exited on a paste: {:?}",
            tail(&pty.raw())
        );
    }
    pty.keys(&["q"]);
    pty.wait_done("apigw to quit on q");
    let raw = pty.raw();
    assert_no_panic(&raw);
    assert_eq!(assert_restored(&raw), 0);
}

/// Everything typed so far has been handled: `?` opens the help and Escape closes it.
fn help_opens_and_closes(pty: &Pty) {
    pty.keys(&["?"]);
    pty.wait_screen("Browsing");
    pty.escape();
    pty.wait_until("the help to close", |s| !s.contains("Browsing"));
}

/// Set in the copy of this test binary that runs inside the pty.
const CHILD: &str = "APIGW_TEST_PTY_CHILD";

/// apigw's own terminal setup (`apigw::tui::init`, which installs the panic hook) in a real
/// pty, then a panic while the TUI is up: this test binary runs itself inside the pty
/// (`CHILD` set) to be the process that panics; the parent checks the terminal.
#[test]
fn a_panic_inside_the_tui_restores_the_terminal() {
    if std::env::var_os(CHILD).is_some_and(|v| v == "main") {
        let mut guard = apigw::tui::init().expect("a terminal in the pty");
        guard
            .terminal
            .draw(|f| f.render_widget(ratatui::widgets::Paragraph::new("TUI-UP"), f.area()))
            .expect("draw");
        std::thread::sleep(Duration::from_millis(200));
        panic!("forced panic inside the TUI");
    }
    let test = test_path(
        module_path!(),
        "a_panic_inside_the_tui_restores_the_terminal",
    );
    let pty = Pty::start_self(80, 24, &test, &[(CHILD, "main")]);
    pty.wait_done("the child to panic and exit");
    let raw = pty.raw();
    assert!(
        raw.contains("TUI-UP"),
        "the TUI was drawn: {:?}",
        tail(&raw)
    );
    let message_at = raw
        .rfind("forced panic inside the TUI")
        .unwrap_or_else(|| panic!("no panic message: {:?}", tail(&raw)));
    let code = assert_restored(&raw);
    assert_ne!(code, 0, "a panic fails the process");
    // The hook leaves the alternate screen before the message (the guard's Drop may do it
    // again afterwards, harmlessly).
    let entered = raw.rfind(ENTER_ALT).unwrap_or(0);
    let restored_at = raw[entered..]
        .find(LEAVE_ALT)
        .map_or(usize::MAX, |i| entered + i);
    assert!(
        message_at > restored_at,
        "the panic message is printed after restoring, on the normal screen"
    );
}

/// A panic on another thread (a tokio worker running a load) while the TUI is up: either
/// the process ends (non-zero) or the TUI keeps the terminal; never a restored terminal
/// that the TUI goes on drawing over in cooked mode.
#[test]
fn a_panic_on_another_thread_never_leaves_a_half_restored_tui() {
    if std::env::var_os(CHILD).is_some_and(|v| v == "worker") {
        let mut guard = apigw::tui::init().expect("a terminal in the pty");
        let mut draw = |text: &'static str| {
            let p = ratatui::widgets::Paragraph::new(text);
            let _ = guard.terminal.draw(|f| f.render_widget(p, f.area()));
        };
        draw("TUI-UP");
        let _ = std::thread::spawn(|| panic!("forced panic on a worker thread")).join();
        std::thread::sleep(Duration::from_millis(300));
        draw("\n\nSTILL-DRAWING"); // on a blank row: drawn as one run of text
        std::thread::sleep(Duration::from_millis(300));
        return;
    }
    let test = test_path(
        module_path!(),
        "a_panic_on_another_thread_never_leaves_a_half_restored_tui",
    );
    let pty = Pty::start_self(80, 24, &test, &[(CHILD, "worker")]);
    pty.wait_done("the child to exit");
    let raw = pty.raw();
    assert!(
        raw.contains("TUI-UP"),
        "the TUI was drawn: {:?}",
        tail(&raw)
    );
    let entered = raw.rfind(ENTER_ALT).unwrap_or(0);
    let message_at = raw
        .find("forced panic on a worker thread")
        .unwrap_or_else(|| panic!("no panic message: {:?}", tail(&raw)));
    let left = raw[entered..message_at].contains(LEAVE_ALT);
    let drew_after = raw[message_at..].contains("STILL-DRAWING");
    assert!(
        !(left && drew_after),
        "the terminal was restored at the panic but the TUI went on drawing in cooked mode"
    );
    assert_restored(&raw);
}
