//! Inventory ⇄ JSON file: a versioned schema, written atomically.
//!
//! The bundled demo account (`assets/demo.json`) is a snapshot file too.

use std::io::Write;
use std::path::Path;

use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::domain::model::{Inventory, Timestamp};

/// The value of the `schema` field that marks an apigw snapshot.
pub const SCHEMA: &str = "apigw-snapshot";
/// The newest schema version this build reads and the one it writes.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub schema: String,
    pub version: u32,
    pub created: Timestamp,
    /// Where it came from, e.g. `profile prod, eu-west-1` or `demo`.
    pub source: String,
    pub inventory: Inventory,
}

impl Snapshot {
    pub fn new(source: impl Into<String>, inventory: Inventory) -> Self {
        Self {
            schema: SCHEMA.to_string(),
            version: VERSION,
            created: Utc::now(),
            source: source.into(),
            inventory,
        }
    }
}

/// Why a snapshot could not be read: one line, naming the problem.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("cannot read {path}: {err}")]
    Io { path: String, err: std::io::Error },
    #[error("{path} is empty")]
    Empty { path: String },
    #[error("{path} is not an apigw snapshot (not JSON text)")]
    NotText { path: String },
    #[error("{path} is not an apigw snapshot (expected \"schema\": \"{SCHEMA}\")")]
    WrongSchema { path: String },
    #[error(
        "{path} was written by a newer apigw (snapshot version {found}, this build reads up to {VERSION}); upgrade apigw"
    )]
    FutureVersion { path: String, found: u32 },
    #[error("{path} is not a valid apigw snapshot: {detail}")]
    Invalid { path: String, detail: String },
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
}

/// Parses snapshot text; `name` is used in error messages.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Snapshot, SnapshotError> {
    let path = name.to_string();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(SnapshotError::Empty { path });
    }
    let text =
        std::str::from_utf8(bytes).map_err(|_| SnapshotError::NotText { path: path.clone() })?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            SnapshotError::Invalid {
                path: path.clone(),
                detail: format!("truncated ({e})"),
            }
        } else if text.trim_start().starts_with(['{', '[']) {
            SnapshotError::Invalid {
                path: path.clone(),
                detail: e.to_string(),
            }
        } else {
            SnapshotError::NotText { path: path.clone() }
        }
    })?;
    if value.get("schema").and_then(|s| s.as_str()) != Some(SCHEMA) {
        return Err(SnapshotError::WrongSchema { path });
    }
    let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
    if version > u64::from(VERSION) {
        return Err(SnapshotError::FutureVersion {
            path,
            found: u32::try_from(version).unwrap_or(u32::MAX),
        });
    }
    if version == 0 {
        return Err(SnapshotError::Invalid {
            path,
            detail: "missing or bad \"version\"".into(),
        });
    }
    serde_json::from_value(value).map_err(|e| SnapshotError::Invalid {
        path,
        detail: e.to_string(),
    })
}

/// Reads a snapshot file.
pub fn read(path: &Path) -> Result<Snapshot, SnapshotError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|err| SnapshotError::Io {
        path: name.clone(),
        err,
    })?;
    parse(&name, &bytes)
}

/// Serialises a snapshot (pretty JSON, trailing newline).
pub fn to_json(snapshot: &Snapshot) -> String {
    // Serialising plain data to a String cannot fail (no maps with non-string keys).
    let mut s = serde_json::to_string_pretty(snapshot).unwrap_or_default();
    s.push('\n');
    s
}

/// Writes `contents` to `path` atomically: a temporary file in the same directory, synced,
/// then renamed over the target. A reader never sees a half-written file, and a failure
/// leaves any previous file untouched.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), SnapshotError> {
    let name = path.display().to_string();
    let err = |detail: String| SnapshotError::Write {
        path: name.clone(),
        detail,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| err(e.to_string()))?;
    tmp.write_all(contents).map_err(|e| err(e.to_string()))?;
    tmp.as_file().sync_all().map_err(|e| err(e.to_string()))?;
    tmp.persist(path).map_err(|e| err(e.error.to_string()))?;
    Ok(())
}

/// Writes a snapshot file atomically.
pub fn write(path: &Path, snapshot: &Snapshot) -> Result<(), SnapshotError> {
    write_atomic(path, to_json(snapshot).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let snap = Snapshot::new("test", Inventory::default());
        let back = parse("x", to_json(&snap).as_bytes()).unwrap();
        assert_eq!(back, snap);
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let msg = |b: &[u8]| parse("f.json", b).unwrap_err().to_string();
        assert_eq!(msg(b""), "f.json is empty");
        assert!(msg(b"{\"schema\": \"apigw-snap").contains("truncated"));
        assert!(msg(b"\x00\xff\xfe").contains("not JSON text"));
        assert!(msg(b"{\"a\": 1}").contains("expected \"schema\""));
        let future = format!("{{\"schema\":\"{SCHEMA}\",\"version\":99}}");
        assert!(msg(future.as_bytes()).contains("newer apigw"));
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.json");
        write_atomic(&p, b"old").unwrap();
        write_atomic(&p, b"new contents").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new contents");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp files left"
        );
    }
}
