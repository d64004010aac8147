//! The bundled demo account: `assets/demo.json`, compiled into the binary so `--demo` works
//! anywhere with no files, network or credentials.

use crate::domain::model::Inventory;
use crate::snapshot::{self, Snapshot};

/// The demo snapshot's text.
pub const DEMO_JSON: &str = include_str!("../assets/demo.json");

/// The demo account as a snapshot.
pub fn snapshot() -> Snapshot {
    // The file is validated by a test (tests/demo.rs), so a parse failure here is a build
    // defect; still, never panic at run time: fall back to an empty inventory.
    snapshot::parse("assets/demo.json", DEMO_JSON.as_bytes())
        .unwrap_or_else(|_| Snapshot::new("demo (failed to parse)", Inventory::default()))
}

/// The demo account.
pub fn inventory() -> Inventory {
    snapshot().inventory
}
