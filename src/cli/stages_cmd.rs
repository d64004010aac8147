//! `apigw stages` (to be written).

use super::{CliContext, StagesArgs};

pub async fn run(_ctx: &CliContext, _args: &StagesArgs) -> anyhow::Result<i32> {
    anyhow::bail!("`apigw stages` is not implemented yet")
}
