//! How this run of apigw is configured: where the inventory comes from, read-only mode,
//! and the user's config file (`$APIGW_CONFIG` or `$XDG_CONFIG_HOME/apigw/config.toml`).

use std::path::PathBuf;

/// Where the inventory comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The bundled demo account (no network, no credentials).
    Demo,
    /// A file written by `apigw snapshot` (offline, read-only).
    Snapshot(PathBuf),
    /// Live AWS through the default credential chain.
    Live(LiveTarget),
}

impl Source {
    /// Short label for the status bar, e.g. `demo`, `snapshot inv.json`, `prod @ eu-west-1`.
    pub fn label(&self) -> String {
        match self {
            Self::Demo => "demo account".to_string(),
            Self::Snapshot(p) => format!("snapshot {}", p.display()),
            Self::Live(t) => t.label(),
        }
    }

    /// Snapshots and the demo cannot be changed.
    pub fn is_offline(&self) -> bool {
        !matches!(self, Self::Live(_))
    }
}

/// A live account: as the AWS CLI would resolve it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct LiveTarget {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

impl LiveTarget {
    pub fn label(&self) -> String {
        let profile = self.profile.as_deref().unwrap_or("default");
        match (&self.region, &self.endpoint_url) {
            (Some(r), Some(e)) => format!("{profile} @ {r} via {e}"),
            (Some(r), None) => format!("{profile} @ {r}"),
            (None, Some(e)) => format!("{profile} via {e}"),
            (None, None) => profile.to_string(),
        }
    }
}

/// The user's config file (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserConfig {
    /// Refuse every mutation, as `--read-only`.
    pub read_only: bool,
    /// A keymap file merged over `assets/keymap.default.toml`.
    pub keymap: Option<PathBuf>,
}

/// Where the config file is looked for: `$APIGW_CONFIG`, else
/// `$XDG_CONFIG_HOME/apigw/config.toml` (absolute only), else `~/.config/apigw/config.toml`.
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("APIGW_CONFIG") {
        return Some(PathBuf::from(p));
    }
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = xdg.or_else(|| dirs::home_dir().map(|h| h.join(".config")))?;
    Some(base.join("apigw").join("config.toml"))
}

/// Loads the config file; a missing file is the default, a bad one is a one-line error
/// naming the file.
pub fn load_user_config() -> anyhow::Result<UserConfig> {
    let Some(path) = config_path() else {
        return Ok(UserConfig::default());
    };
    let text = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(UserConfig::default()),
        Err(e) => anyhow::bail!("cannot read config {}: {e}", path.display()),
    };
    let text = String::from_utf8(text)
        .map_err(|_| anyhow::anyhow!("config {} is not UTF-8 text", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        let first = e.to_string().lines().next().unwrap_or("").to_string();
        anyhow::anyhow!("config {} is invalid: {}", path.display(), first.trim())
    })
}
