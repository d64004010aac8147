//! The last inventory per profile + region (+ endpoint), cached on disk so the next start
//! shows it at once ("cached 12 min ago") while a fresh load runs behind it.
//! Location: `$XDG_CACHE_HOME/apigw/` (absolute only), else `~/.cache/apigw/`. Files are
//! snapshot files (versioned schema) written atomically. Callers honour `--no-cache`.

use std::path::{Path, PathBuf};

use chrono::Utc;

use crate::config::LiveTarget;
use crate::domain::model::{Inventory, Timestamp};
use crate::snapshot::{self, Snapshot, SnapshotError};

/// A cached inventory and when it was saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Cached {
    pub inventory: Inventory,
    pub saved: Timestamp,
    pub path: PathBuf,
}

impl Cached {
    /// `cached 12 min ago` (relative to `now`).
    pub fn age_label(&self, now: Timestamp) -> String {
        format!("cached {}", age(now - self.saved))
    }
}

/// A duration in the words of a status bar: `just now`, `12 min ago`, `3 h ago`, `2 days ago`.
pub fn age(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    match s {
        0..=59 => "just now".to_string(),
        60..=3599 => format!("{} min ago", s / 60),
        3600..=86_399 => format!("{} h ago", s / 3600),
        _ => {
            let days = s / 86_400;
            format!("{days} day{} ago", if days == 1 { "" } else { "s" })
        }
    }
}

/// The cache directory.
pub fn cache_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = xdg.or_else(|| dirs::home_dir().map(|h| h.join(".cache")))?;
    Some(base.join("apigw"))
}

fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The region a target will use before aws-config resolves it (flag, then env).
fn region_of(t: &LiveTarget) -> String {
    t.region
        .clone()
        .or_else(|| std::env::var("AWS_REGION").ok())
        .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok())
        .unwrap_or_else(|| "default-region".to_string())
}

/// File name for a target: `inventory-<profile>-<region>[-<endpoint>].json`.
pub fn file_name(t: &LiveTarget) -> String {
    let profile = t
        .profile
        .clone()
        .or_else(|| std::env::var("AWS_PROFILE").ok())
        .unwrap_or_else(|| "default".to_string());
    let endpoint = t
        .endpoint_url
        .clone()
        .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok())
        .map(|e| format!("-{}", sanitize(&e)))
        .unwrap_or_default();
    format!(
        "inventory-{}-{}{endpoint}.json",
        sanitize(&profile),
        sanitize(&region_of(t))
    )
}

pub fn cache_path(t: &LiveTarget) -> Option<PathBuf> {
    Some(cache_dir()?.join(file_name(t)))
}

/// The cached inventory for a target; `None` when there is none or it is unreadable
/// (a bad cache file is ignored, never an error).
pub fn load(t: &LiveTarget) -> Option<Cached> {
    load_in(&cache_dir()?, t)
}

/// [`load`] from a given cache directory.
pub fn load_in(dir: &Path, t: &LiveTarget) -> Option<Cached> {
    let path = dir.join(file_name(t));
    if !path.exists() {
        return None;
    }
    match snapshot::read(&path) {
        Ok(s) => Some(Cached {
            inventory: s.inventory,
            saved: s.created,
            path,
        }),
        Err(e) => {
            tracing::warn!(error = %e, "ignoring unreadable cache file");
            None
        }
    }
}

/// Saves a complete inventory for a target (atomic write). Partial inventories (with
/// issues) are not cached, so a good cache is never replaced by a worse one.
pub fn store(t: &LiveTarget, inventory: &Inventory) -> Result<Option<PathBuf>, SnapshotError> {
    match cache_dir() {
        Some(dir) => store_in(&dir, t, inventory),
        None => Ok(None),
    }
}

/// [`store`] into a given cache directory.
pub fn store_in(
    dir: &Path,
    t: &LiveTarget,
    inventory: &Inventory,
) -> Result<Option<PathBuf>, SnapshotError> {
    if !inventory.issues.is_empty() {
        return Ok(None);
    }
    let path = dir.join(file_name(t));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| SnapshotError::Write {
            path: dir.display().to_string(),
            detail: e.to_string(),
        })?;
    }
    let mut snap = Snapshot::new(t.label(), inventory.clone());
    snap.created = Utc::now();
    snapshot::write(&path, &snap)?;
    Ok(Some(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_like_a_status_bar() {
        let m = chrono::Duration::minutes;
        assert_eq!(age(chrono::Duration::seconds(5)), "just now");
        assert_eq!(age(m(12)), "12 min ago");
        assert_eq!(age(m(180)), "3 h ago");
        assert_eq!(age(m(60 * 24)), "1 day ago");
        assert_eq!(age(m(60 * 49)), "2 days ago");
    }

    #[test]
    fn stores_complete_inventories_and_reads_them_back_with_their_age() {
        let dir = tempfile::tempdir().unwrap();
        let t = LiveTarget {
            profile: Some("prod".into()),
            region: Some("eu-west-1".into()),
            endpoint_url: None,
        };
        assert_eq!(load_in(dir.path(), &t), None);
        let mut inv = Inventory {
            region: Some("eu-west-1".into()),
            ..Inventory::default()
        };
        let path = store_in(dir.path(), &t, &inv).unwrap().expect("stored");
        let back = load_in(dir.path(), &t).expect("cached");
        assert_eq!(back.inventory, inv);
        assert_eq!(back.path, path);
        let later = back.saved + chrono::Duration::minutes(12);
        assert_eq!(back.age_label(later), "cached 12 min ago");
        // a partial inventory never replaces the cache
        inv.issues.push(crate::domain::model::LoadIssue {
            part: "REST APIs".into(),
            message: "x".into(),
            key: None,
        });
        assert_eq!(store_in(dir.path(), &t, &inv).unwrap(), None);
        assert!(load_in(dir.path(), &t).unwrap().inventory.issues.is_empty());
        // a corrupt cache file is ignored
        std::fs::write(&path, "{not json").unwrap();
        assert_eq!(load_in(dir.path(), &t), None);
    }

    #[test]
    fn file_names_separate_profiles_regions_and_endpoints() {
        let t = |p: &str, r: &str, e: Option<&str>| LiveTarget {
            profile: Some(p.into()),
            region: Some(r.into()),
            endpoint_url: e.map(Into::into),
        };
        assert_eq!(
            file_name(&t("prod", "eu-west-1", None)),
            "inventory-prod-eu-west-1.json"
        );
        assert_ne!(
            file_name(&t("prod", "eu-west-1", None)),
            file_name(&t("prod", "us-east-1", None))
        );
        assert_eq!(
            file_name(&t("a/b", "r", Some("http://127.0.0.1:5000"))),
            "inventory-a_b-r-http___127_0_0_1_5000.json"
        );
    }
}
