//! The audit log of mutations: one JSON object a line, written before each call is sent
//! (`phase: "start"`) and after its answer (`"done"` or `"failed"`). It says what (the
//! operation and the equivalent `aws` CLI line), when, the profile, account, region and API,
//! and the result. Never credentials or tokens.
//!
//! Where: `$APIGW_AUDIT_LOG`, else `$XDG_STATE_HOME/apigw/audit.log` (absolute only), else
//! `~/.local/state/apigw/audit.log`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;

/// Environment variable naming the audit file.
pub const ENV: &str = "APIGW_AUDIT_LOG";

/// One line of the audit log.
#[derive(Debug, Clone, Serialize)]
pub struct Entry<'a> {
    /// RFC 3339, UTC.
    pub ts: String,
    /// `start`, `done` or `failed`.
    pub phase: &'a str,
    /// Plan title, e.g. `Deploy orders-api (a1b2c3d4e5) to stage prod`.
    pub plan: &'a str,
    /// API Gateway operation, e.g. `CreateDeployment`.
    pub operation: &'a str,
    /// The equivalent `aws` CLI line.
    pub command: &'a str,
    pub api_id: &'a str,
    pub profile: Option<&'a str>,
    pub account: Option<&'a str>,
    pub region: Option<&'a str>,
    pub endpoint: Option<&'a str>,
    /// `done`: what was created (e.g. a deployment id); `failed`: the error.
    pub result: Option<&'a str>,
}

impl<'a> Entry<'a> {
    /// Stamps the entry with the current time.
    pub fn now(mut self) -> Self {
        self.ts = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        self
    }
}

/// The audit file path (see the module docs); `None` when no home directory is known.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let state = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| dirs::home_dir().map(|h| h.join(".local").join("state")))?;
    Some(state.join("apigw").join("audit.log"))
}

/// Appends one entry. Fails (with the path and how to change it) when the file cannot be
/// written: mutations are not sent unaudited.
pub fn record(entry: &Entry<'_>) -> anyhow::Result<()> {
    let Some(path) = path() else {
        anyhow::bail!(
            "no place for the audit log (no home directory): set {ENV}=/path/to/audit.log"
        );
    };
    let hint = || {
        format!(
            "cannot write the audit log {}; set {ENV} to a writable file",
            path.display()
        )
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(hint)?;
    }
    let mut line = serde_json::to_string(entry).context("audit entry")?;
    line.push('\n');
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&path).with_context(hint)?;
    f.write_all(line.as_bytes()).with_context(hint)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The only test touching these variables (others in this crate do not read them).
    #[test]
    fn path_prefers_the_variable_then_absolute_xdg_state_then_home() {
        let saved = (std::env::var_os(ENV), std::env::var_os("XDG_STATE_HOME"));
        std::env::set_var(ENV, "/tmp/x/audit.jsonl");
        assert_eq!(path(), Some(PathBuf::from("/tmp/x/audit.jsonl")));
        std::env::remove_var(ENV);
        std::env::set_var("XDG_STATE_HOME", "/var/state");
        assert_eq!(path(), Some(PathBuf::from("/var/state/apigw/audit.log")));
        std::env::set_var("XDG_STATE_HOME", "relative/state");
        let p = path();
        if let Some(home) = dirs::home_dir() {
            assert_eq!(p, Some(home.join(".local/state/apigw/audit.log")));
        }
        match saved.0 {
            Some(v) => std::env::set_var(ENV, v),
            None => std::env::remove_var(ENV),
        }
        match saved.1 {
            Some(v) => std::env::set_var("XDG_STATE_HOME", v),
            None => std::env::remove_var("XDG_STATE_HOME"),
        }
    }
}
