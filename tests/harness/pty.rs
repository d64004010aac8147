//! A real pty for TUI tests: tmux (own socket) gives a terminal of a chosen size and takes
//! keys; `script` records every byte apigw writes; `stty -a` runs after apigw in the same
//! pty. Shared by tests/terminal_restore.rs and tests/read_only.rs.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub const ENTER_ALT: &str = "\x1b[?1049h";
pub const LEAVE_ALT: &str = "\x1b[?1049l";
pub const SHOW_CURSOR: &str = "\x1b[?25h";

/// One tmux server (own socket) running apigw under `script` in a temp dir.
pub struct Pty {
    dir: tempfile::TempDir,
    socket: String,
}

impl Pty {
    /// Starts `apigw <args>` in a `w`×`h` terminal with extra environment.
    pub fn start(w: u16, h: u16, args: &str, env: &[(&str, &str)]) -> Pty {
        let bin = env!("CARGO_BIN_EXE_apigw");
        Self::start_command(w, h, &format!("'{bin}' {args}"), env)
    }

    /// Starts a shell command line in a `w`×`h` terminal with extra environment.
    pub fn start_command(w: u16, h: u16, command: &str, env: &[(&str, &str)]) -> Pty {
        for tool in ["tmux", "script", "stty"] {
            let ok = Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .is_ok_and(|o| o.status.success());
            assert!(
                ok,
                "{tool} is needed for the pty tests (Debian: tmux, util-linux, coreutils)"
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        std::fs::write(
            d.join("run.sh"),
            format!("{command}\necho \"EXIT=$?\"\nstty -a\n"),
        )
        .unwrap();
        let mut outer = format!(
            "cd '{}'\nunset APIGW_CONFIG RUST_BACKTRACE\nexport HOME='{0}' XDG_CONFIG_HOME='{0}/config' XDG_CACHE_HOME='{0}/cache'\n",
            d.display()
        );
        for (k, v) in env {
            outer.push_str(&format!("export {k}='{v}'\n"));
        }
        outer.push_str("script -qefc 'sh ./run.sh' raw.log\ntouch done\n");
        std::fs::write(d.join("outer.sh"), outer).unwrap();
        let socket = format!(
            "apigw-test-{}-{}",
            std::process::id(),
            d.file_name().unwrap().to_string_lossy()
        );
        let pty = Pty { dir, socket };
        let st = pty
            .tmux(&[
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
            ])
            .arg(format!("sh '{}'", d.join("outer.sh").display()))
            .status()
            .unwrap();
        assert!(st.success(), "tmux new-session failed");
        pty
    }

    pub fn tmux(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]).args(args);
        c
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn screen(&self) -> String {
        let out = self
            .tmux(&["capture-pane", "-p", "-t", "t"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        let _ = self.tmux(&["send-keys", "-t", "t"]).args(keys).output();
    }

    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&std::fs::read(self.path("raw.log")).unwrap_or_default())
            .into_owned()
    }

    pub fn finished(&self) -> bool {
        self.path("done").exists()
    }

    /// Presses Escape alone: a key sent right after it would read as Alt+key.
    pub fn escape(&self) {
        self.keys(&["Escape"]);
        std::thread::sleep(Duration::from_millis(400));
    }

    /// Presses `key` until the screen shows `needle` (for transient status messages that a
    /// later status may replace); fails showing the screen.
    pub fn press_until(&self, key: &str, needle: &str, limit: Duration) {
        let start = Instant::now();
        loop {
            self.keys(&[key]);
            for _ in 0..10 {
                if self.screen().contains(needle) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            if start.elapsed() > limit || self.finished() {
                panic!(
                    "gave up pressing {key:?} for {needle:?}:\n{}",
                    self.screen()
                );
            }
        }
    }

    /// Waits (bounded) until the screen shows `needle`; fails showing the screen.
    pub fn wait_screen(&self, needle: &str, limit: Duration) {
        let start = Instant::now();
        while !self.screen().contains(needle) {
            if start.elapsed() > limit || self.finished() {
                panic!(
                    "gave up waiting for {needle:?} on screen:\n{}\n{:?}",
                    self.screen(),
                    tail(&self.raw())
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits (bounded) until apigw and the `stty` after it have finished.
    pub fn wait_done(&self, what: &str) {
        wait_for(what, Duration::from_secs(60), || self.finished());
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]).output();
    }
}

/// Polls `cond` until true; fails the test saying what did not happen.
pub fn wait_for(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < limit, "gave up waiting: {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The terminal was set up, then restored, and the pty is back in cooked mode.
pub fn assert_restored(raw: &str) -> i32 {
    let entered = raw
        .rfind(ENTER_ALT)
        .unwrap_or_else(|| panic!("the TUI never entered the alternate screen: {raw:?}"));
    let after = &raw[entered..];
    assert!(
        after.contains(LEAVE_ALT),
        "alternate screen not left: {:?}",
        tail(raw)
    );
    assert!(
        after.contains(SHOW_CURSOR),
        "cursor not shown again: {:?}",
        tail(raw)
    );
    let exit = raw
        .rfind("EXIT=")
        .unwrap_or_else(|| panic!("no exit status recorded: {:?}", tail(raw)));
    let stty: Vec<&str> = raw[exit..].split_whitespace().collect();
    assert!(
        stty.contains(&"icanon") && stty.contains(&"echo"),
        "pty left in raw mode: {stty:?}"
    );
    raw[exit + 5..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .parse()
        .unwrap_or(-1)
}

pub fn tail(s: &str) -> String {
    s.chars()
        .rev()
        .take(600)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

pub fn assert_no_panic(raw: &str) {
    assert!(!raw.contains("panicked"), "apigw panicked: {:?}", tail(raw));
}

/// The environment that points apigw at the rig's proxy (HOME/XDG come from the Pty).
pub fn live_env(rig: &crate::harness::fault_proxy::rig::Rig) -> Vec<(&'static str, String)> {
    let mut env: Vec<(&'static str, String)> = rig
        .moto
        .env_vars()
        .into_iter()
        .filter(|(k, _)| k.starts_with("AWS_"))
        .collect();
    env.retain(|(k, _)| *k != "AWS_ENDPOINT_URL");
    env.push(("AWS_ENDPOINT_URL", rig.proxy.endpoint.clone()));
    env
}

/// The TUI against the rig's proxy (no cache), with extra arguments.
pub fn start_live(rig: &crate::harness::fault_proxy::rig::Rig, args: &str) -> Pty {
    let env = live_env(rig);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Pty::start(120, 32, &format!("--no-cache {args}"), &env)
}
