pub async fn run(_ctx: &super::CliContext, _a: &super::LogsArgs) -> anyhow::Result<i32> { Ok(0) }
