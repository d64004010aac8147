//! Profile names from the AWS config files, for the `:` palette.
//! `~/.aws/config` (`[default]`, `[profile NAME]`; `[sso-session X]` and `[services X]` are
//! not profiles) and `~/.aws/credentials` (`[NAME]`); `AWS_CONFIG_FILE` and
//! `AWS_SHARED_CREDENTIALS_FILE` override the paths.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn config_path() -> Option<PathBuf> {
    std::env::var_os("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .or_else(|| dirs::home_dir().map(|h| h.join(".aws").join("config")))
}

fn credentials_path() -> Option<PathBuf> {
    std::env::var_os("AWS_SHARED_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .or_else(|| dirs::home_dir().map(|h| h.join(".aws").join("credentials")))
}

/// Section names of an INI text.
fn sections(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|l| {
        let l = l.trim();
        l.strip_prefix('[')?.strip_suffix(']').map(str::trim)
    })
}

/// Profile names in a config file's text.
pub fn from_config(text: &str) -> BTreeSet<String> {
    sections(text)
        .filter_map(|s| {
            if s == "default" {
                Some(s.to_string())
            } else {
                s.strip_prefix("profile ").map(|p| p.trim().to_string())
            }
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Profile names in a credentials file's text.
pub fn from_credentials(text: &str) -> BTreeSet<String> {
    sections(text)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// All profile names, sorted, `default` first when present. Unreadable files count as
/// empty.
pub fn list_profiles() -> Vec<String> {
    let read = |p: Option<PathBuf>| {
        p.and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default()
    };
    let mut all = from_config(&read(config_path()));
    all.extend(from_credentials(&read(credentials_path())));
    let mut out: Vec<String> = Vec::with_capacity(all.len());
    if all.remove("default") {
        out.push("default".into());
    }
    out.extend(all);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_sections_that_are_profiles() {
        let text = "[default]\nregion=eu-west-1\n[profile prod]\nsso_session=x\n[sso-session x]\n[services s]\n[profile  dev ]\n";
        let p: Vec<_> = from_config(text).into_iter().collect();
        assert_eq!(p, vec!["default", "dev", "prod"]);
    }

    #[test]
    fn credentials_sections_are_profiles() {
        let p: Vec<_> = from_credentials("[ci]\naws_access_key_id=x\n\n[default]\n")
            .into_iter()
            .collect();
        assert_eq!(p, vec!["ci", "default"]);
    }
}
