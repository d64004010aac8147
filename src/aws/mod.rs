//! The only place that touches the AWS SDK.

use crate::config::LiveTarget;
use crate::domain::model::Inventory;

/// Loads the whole inventory of a live account (to be written: loader.rs).
pub async fn load_inventory(target: &LiveTarget) -> anyhow::Result<Inventory> {
    anyhow::bail!(
        "live AWS loading is not implemented yet ({})",
        target.label()
    )
}
