//! `apigw cors` (to be written).

use super::{CliContext, CorsArgs};

pub async fn run(_ctx: &CliContext, _args: &CorsArgs) -> anyhow::Result<i32> {
    anyhow::bail!("`apigw cors` is not implemented yet")
}
