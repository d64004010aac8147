//! `apigw snapshot` (to be written).

use super::{CliContext, SnapshotArgs};

pub async fn run(_ctx: &CliContext, _args: &SnapshotArgs) -> anyhow::Result<i32> {
    anyhow::bail!("`apigw snapshot` is not implemented yet")
}
