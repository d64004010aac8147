//! `apigw match` (to be written).

use super::{CliContext, MatchArgs};

pub async fn run(_ctx: &CliContext, _args: &MatchArgs) -> anyhow::Result<i32> {
    anyhow::bail!("`apigw match` is not implemented yet")
}
