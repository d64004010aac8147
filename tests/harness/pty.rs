//! A real pty for every test that drives the TUI through a terminal.
//!
//! tmux (its own server socket per [`Pty`]) gives a terminal of a chosen size and takes
//! keys; inside it `script` (util-linux) records every byte the program writes
//! ([`Pty::raw`]); when the program has exited, `EXIT=<status>` and `stty -a` run in the
//! same pty, so [`assert_restored`] can check the escape sequences and the tty mode.
//!
//! - Every tmux command's exit status is checked: a failure panics with tmux's message,
//!   whether the program has exited, and the end of what it wrote.
//! - Tests wait for what they expect on screen ([`Pty::wait_screen`], [`Pty::wait_until`]
//!   poll `capture-pane -p [-e]`) within one generous timeout ([`WAIT`]); a failure shows
//!   the last screen. No fixed sleeps.
//! - [`Pty::escape`] sends Escape as `CSI 27 u`, which crossterm reads as Esc even when the
//!   next key follows at once (a bare ESC followed by `q` reads as Alt+q).
//! - Dropping the `Pty` kills its tmux server, and the program with it.

mod checks;

pub use checks::*;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// How long any wait lasts before the test fails (generous: 2 cores shared by many builds).
pub const WAIT: Duration = Duration::from_secs(120);
const POLL: Duration = Duration::from_millis(50);
/// The one tmux session of a `Pty`.
const TARGET: &str = "t";

/// One tmux server (own socket) running a command under `script` in a temp dir.
pub struct Pty {
    dir: tempfile::TempDir,
    socket: String,
}

/// `'text'` for sh.
fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn require_tools() {
    for tool in ["tmux", "script", "stty"] {
        let ok = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            ok,
            "{tool} is needed for the pty tests (Debian: tmux, util-linux, coreutils); \
             ./scripts/test installs tmux"
        );
    }
}

impl Pty {
    /// Starts `apigw <args>` in a `w`×`h` terminal with extra environment.
    pub fn start(w: u16, h: u16, args: &str, env: &[(&str, &str)]) -> Pty {
        let bin = env!("CARGO_BIN_EXE_apigw");
        Self::start_command(w, h, &format!("{} {args}", sh_quote(bin)), env)
    }

    /// Re-runs the current test binary in a `w`×`h` terminal, running only `test` (a name
    /// from [`test_path`]): for tests whose child half must be the process in the pty.
    pub fn start_self(w: u16, h: u16, test: &str, env: &[(&str, &str)]) -> Pty {
        let exe = std::env::current_exe()
            .unwrap_or_else(|e| panic!("pty: cannot find this test binary: {e}"));
        let exe = sh_quote(&exe.display().to_string());
        let cmd = format!("{exe} --exact {test} --nocapture --test-threads 1");
        Self::start_command(w, h, &cmd, env)
    }

    /// Starts a shell command line in a `w`×`h` terminal with extra environment. HOME and
    /// the XDG config and cache directories point into the Pty's temp dir.
    pub fn start_command(w: u16, h: u16, command: &str, env: &[(&str, &str)]) -> Pty {
        require_tools();
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("pty: no temp dir: {e}"));
        let d = dir.path().to_path_buf();
        let write = |name: &str, text: String| {
            std::fs::write(d.join(name), text)
                .unwrap_or_else(|e| panic!("pty: cannot write {name}: {e}"))
        };
        write("run.sh", format!("{command}\necho \"EXIT=$?\"\nstty -a\n"));
        let home = sh_quote(&d.display().to_string());
        let mut outer = format!(
            "cd {home}\nunset APIGW_CONFIG RUST_BACKTRACE\n\
             export HOME={home}\nexport XDG_CONFIG_HOME={home}/config XDG_CACHE_HOME={home}/cache\n"
        );
        for (k, v) in env {
            outer.push_str(&format!("export {k}={}\n", sh_quote(v)));
        }
        outer.push_str("script -qefc 'sh ./run.sh' raw.log\ntouch done\n");
        write("outer.sh", outer);
        let name = d.file_name().map(|n| n.to_string_lossy().into_owned());
        let socket = format!(
            "apigw-test-{}-{}",
            std::process::id(),
            name.unwrap_or_default()
        );
        let pty = Pty { dir, socket };
        let (w, h) = (w.to_string(), h.to_string());
        let outer = format!("sh {}", sh_quote(&d.join("outer.sh").display().to_string()));
        pty.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            TARGET,
            "-x",
            &w,
            "-y",
            &h,
            &outer,
        ]);
        pty
    }

    /// Runs one tmux command on this Pty's server: its stdout, or why it failed.
    fn run(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .map_err(|e| format!("cannot run tmux: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            let err = String::from_utf8_lossy(&out.stderr);
            Err(format!("{} ({})", err.trim(), out.status))
        }
    }

    /// Runs one tmux command and fails the test when tmux does.
    pub fn tmux(&self, args: &[&str]) -> String {
        self.run(args).unwrap_or_else(|e| {
            panic!(
                "tmux {} failed: {e}\n{}",
                args.join(" "),
                self.whereabouts()
            )
        })
    }

    /// Whether the program has exited, and the end of what it wrote.
    fn whereabouts(&self) -> String {
        let state = if self.finished() {
            "has exited"
        } else {
            "is running"
        };
        format!(
            "the program {state}; its last output: {:?}",
            tail(&self.raw())
        )
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Presses keys (tmux key names: `q`, `Enter`, `C-t`, `BSpace`, …).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", TARGET];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Types `text` literally, character by character.
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", TARGET, "-l", text]);
    }

    /// Pastes `text` as the terminal does (bracketed paste).
    pub fn paste(&self, text: &str) {
        let file = self.path("paste.txt");
        std::fs::write(&file, text).unwrap_or_else(|e| panic!("pty: cannot write paste: {e}"));
        self.tmux(&["load-buffer", &file.display().to_string()]);
        self.tmux(&["paste-buffer", "-p", "-d", "-t", TARGET]);
    }

    /// Presses Escape as `CSI 27 u`: unlike a bare ESC it cannot merge with the next key
    /// into Alt+key.
    pub fn escape(&self) {
        self.tmux(&[
            "send-keys",
            "-t",
            TARGET,
            "-H",
            "1b",
            "5b",
            "32",
            "37",
            "75",
        ]);
    }

    /// Resizes the terminal.
    pub fn resize(&self, w: u16, h: u16) {
        let (w, h) = (w.to_string(), h.to_string());
        self.tmux(&["resize-window", "-t", TARGET, "-x", &w, "-y", &h]);
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", TARGET])
    }

    /// The screen with its colours and attributes as escape sequences.
    pub fn styled_screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-e", "-t", TARGET])
    }

    /// Every byte the program wrote so far (what `script` recorded).
    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&std::fs::read(self.path("raw.log")).unwrap_or_default())
            .into_owned()
    }

    /// The program has exited and `stty -a` has run after it.
    pub fn finished(&self) -> bool {
        self.path("done").exists()
    }

    /// Waits until the screen shows `needle`; returns that screen.
    pub fn wait_screen(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?} on screen"), |s| s.contains(needle))
    }

    /// Waits until the screen satisfies `ready` (`what` names it in the failure); returns
    /// that screen. Fails when the program exits first or after [`WAIT`], showing the
    /// last screen.
    pub fn wait_until(&self, what: &str, ready: impl FnMut(&str) -> bool) -> String {
        self.poll_screen(what, false, ready)
    }

    /// [`Pty::wait_until`] on the screen with its colours (`capture-pane -e`).
    pub fn wait_styled_until(&self, what: &str, ready: impl FnMut(&str) -> bool) -> String {
        self.poll_screen(what, true, ready)
    }

    fn poll_screen(&self, what: &str, styled: bool, mut ready: impl FnMut(&str) -> bool) -> String {
        let args: &[&str] = if styled {
            &["capture-pane", "-p", "-e", "-t", TARGET]
        } else {
            &["capture-pane", "-p", "-t", TARGET]
        };
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let exited = self.finished();
            match self.run(args) {
                Ok(screen) if ready(&screen) => return screen,
                Ok(screen) => last = screen,
                Err(e) if !exited && !self.finished() => {
                    panic!("tmux capture-pane failed waiting for {what}: {e}")
                }
                Err(_) => {}
            }
            if exited || start.elapsed() > WAIT {
                let why = if exited {
                    "the program exited".to_string()
                } else {
                    format!("gave up after {WAIT:?}")
                };
                panic!(
                    "{why} waiting for {what}; last screen:\n{last}\n{}",
                    self.whereabouts()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until what the program wrote satisfies `ready`; returns it.
    pub fn wait_raw(&self, what: &str, mut ready: impl FnMut(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let exited = self.finished();
            let raw = self.raw();
            if ready(&raw) {
                return raw;
            }
            assert!(
                !exited && start.elapsed() < WAIT,
                "{} waiting for {what}: {:?}",
                if exited {
                    "the program exited"
                } else {
                    "gave up"
                },
                tail(&raw)
            );
            std::thread::sleep(POLL);
        }
    }

    /// Presses `key` until the screen shows `needle` (for what an earlier key press may
    /// have come too soon for, e.g. a list still loading); returns that screen.
    pub fn press_until(&self, key: &str, needle: &str) -> String {
        let start = Instant::now();
        loop {
            self.keys(&[key]);
            let pressed = Instant::now();
            while pressed.elapsed() < Duration::from_secs(1) {
                match self.run(&["capture-pane", "-p", "-t", TARGET]) {
                    Ok(s) if s.contains(needle) => return s,
                    _ => {}
                }
                std::thread::sleep(POLL);
            }
            if start.elapsed() > WAIT || self.finished() {
                panic!(
                    "gave up pressing {key:?} for {needle:?}; last screen:\n{}\n{}",
                    self.run(&["capture-pane", "-p", "-t", TARGET])
                        .unwrap_or_default(),
                    self.whereabouts()
                );
            }
        }
    }

    /// Waits until the program and the `stty -a` after it have finished; a failure shows
    /// the last screen.
    pub fn wait_done(&self, what: &str) {
        let start = Instant::now();
        while !self.finished() {
            if start.elapsed() > WAIT {
                let screen = self.run(&["capture-pane", "-p", "-t", TARGET]);
                panic!(
                    "gave up after {WAIT:?} waiting for {what}; last screen:\n{}\n{}",
                    screen.unwrap_or_else(|e| e),
                    self.whereabouts()
                );
            }
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // Gone already when the program has exited (the session ended with it).
        let _ = self.run(&["kill-server"]);
    }
}

/// The libtest name of test `f` in the module `module` (pass `module_path!()`): the
/// module path without the crate name, as `--exact` wants it.
pub fn test_path(module: &str, f: &str) -> String {
    match module.split_once("::") {
        Some((_, m)) => format!("{m}::{f}"),
        None => f.to_string(),
    }
}

/// Polls `cond` until true; fails the test saying what did not happen within `limit`.
pub fn wait_for(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < limit,
            "gave up waiting ({limit:?}): {what}"
        );
        std::thread::sleep(POLL);
    }
}

/// The environment that points apigw at the rig's proxy (HOME/XDG come from the Pty).
pub fn live_env(rig: &super::fault_proxy::rig::Rig) -> Vec<(&'static str, String)> {
    let mut env: Vec<(&'static str, String)> = rig
        .moto
        .env_vars()
        .into_iter()
        .filter(|(k, _)| k.starts_with("AWS_") && *k != "AWS_ENDPOINT_URL")
        .collect();
    env.push(("AWS_ENDPOINT_URL", rig.proxy.endpoint.clone()));
    env
}

/// The TUI (120×32) against the rig's proxy (no cache), with extra arguments.
pub fn start_live(rig: &super::fault_proxy::rig::Rig, args: &str) -> Pty {
    let env = live_env(rig);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Pty::start(120, 32, &format!("--no-cache {args}"), &env)
}
