//! `apigw cors --api X --path /r [--origin O] [--gateway-responses] [--yes] [--json]`:
//! plans the console's "Enable CORS" for a REST resource (only what differs from what
//! exists; never touching a non-MOCK OPTIONS), or sets an HTTP API's CORS configuration.
//! The plan comes from the same request step as the TUI's `C` (same defaults: what is
//! configured wins over `*`). Without `--yes` prints the plan and changes nothing.

use super::deploy_cmd::{load, plan_and_finish};
use super::{CliContext, CorsArgs};
use crate::domain::plan::PlanRequest;

pub async fn run(ctx: &CliContext, args: &CorsArgs) -> anyhow::Result<i32> {
    if ctx.read_only || args.plan.yes {
        ctx.ensure_writable("change CORS")?;
    }
    let t = load(ctx, &args.api).await?;
    let req = PlanRequest::Cors {
        api: t.api.id.clone(),
        path: Some(args.path.clone()),
        origin: args.origin.clone(),
        // The flag can only ask for them; without it, what is configured decides.
        gateway_responses: args.gateway_responses.then_some(true),
    };
    plan_and_finish(&t, &req, args.plan.yes, args.plan.json).await
}
