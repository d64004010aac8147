//! `apigw deploy` (to be written).

use super::{CliContext, DeployArgs};

pub async fn run(_ctx: &CliContext, _args: &DeployArgs) -> anyhow::Result<i32> {
    anyhow::bail!("`apigw deploy` is not implemented yet")
}
