//! Loads just what a mutation needs: one API (found by name or id) with its working tree,
//! stages, deployments (with the deployed summary of those stages use) and gateway
//! responses. Faster than a whole-account load and indifferent to other APIs' failures.

use std::collections::BTreeSet;

use anyhow::Context;

use crate::aws::client::Clients;
use crate::aws::ratelimit::Limiter;
use crate::aws::{http_v2, rest_v1};
use crate::domain::model::{ApiKind, ApiRef, Inventory};

/// The inventory holding only the API named `name_or_id` (fully loaded) and its ref.
pub async fn load_api(c: &Clients, name_or_id: &str) -> anyhow::Result<(Inventory, ApiRef)> {
    let lim = c.limiter.clone();
    let mut inv = Inventory {
        region: c.cx.region.clone(),
        ..Inventory::default()
    };
    inv.rest_apis = rest_v1::rest_apis(c, &lim)
        .await
        .map_err(anyhow::Error::msg)?;
    inv.http_apis = http_v2::http_apis(c, &lim)
        .await
        .map_err(anyhow::Error::msg)?;
    let api = inv
        .find_api(name_or_id)
        .map_err(|e| anyhow::anyhow!("--api {name_or_id}: {e}"))?;
    inv.rest_apis
        .retain(|a| api.kind == ApiKind::Rest && a.id == api.id);
    inv.http_apis
        .retain(|a| api.kind == ApiKind::Http && a.id == api.id);
    let what = format!("{} ({})", inv.api_name(&api.id), api.id);
    fill(c, &lim, &mut inv, &api)
        .await
        .with_context(|| format!("loading {what}"))?;
    Ok((inv, api))
}

async fn fill(c: &Clients, lim: &Limiter, inv: &mut Inventory, api: &ApiRef) -> anyhow::Result<()> {
    let id = api.id.as_str();
    if let Some(a) = inv.rest_api_mut(id) {
        a.resources = rest_v1::resources(c, lim, id)
            .await
            .map_err(anyhow::Error::msg)?;
        a.stages = rest_v1::stages(c, lim, id)
            .await
            .map_err(anyhow::Error::msg)?;
        let used: BTreeSet<String> = a
            .stages
            .iter()
            .flat_map(|s| {
                let canary = s.canary.as_ref().and_then(|c| c.deployment_id.clone());
                s.deployment_id.clone().into_iter().chain(canary)
            })
            .collect();
        a.deployments = rest_v1::deployments(c, lim, id, &used)
            .await
            .map_err(anyhow::Error::msg)?;
        a.gateway_responses = rest_v1::gateway_responses(c, lim, id)
            .await
            .map_err(anyhow::Error::msg)?;
    } else if let Some(a) = inv.http_api_mut(id) {
        a.routes = http_v2::routes(c, lim, id)
            .await
            .map_err(anyhow::Error::msg)?;
        a.stages = http_v2::stages(c, lim, id)
            .await
            .map_err(anyhow::Error::msg)?;
        // Deployments only feed the history; a failure to list them does not block.
        match http_v2::deployments(c, lim, id).await {
            Ok(d) => a.deployments = d,
            Err(e) => tracing::warn!("GetDeployments of {id}: {e}"),
        }
        attach_http_summaries(c, lim, a).await;
    }
    Ok(())
}

/// Reads what each non-autoDeploy stage serves (its OpenAPI export) into the summary of
/// the stage's deployment. A failed export leaves the state unknown (never current).
async fn attach_http_summaries(c: &Clients, lim: &Limiter, a: &mut crate::domain::model::HttpApi) {
    let wanted: Vec<(String, String)> = a
        .stages
        .iter()
        .filter(|s| !s.auto_deploy)
        .filter_map(|s| Some((s.name.clone(), s.deployment_id.clone()?)))
        .collect();
    for (stage, dep) in wanted {
        match super::export::http_stage_summary(c, lim, &a.id, &stage).await {
            Ok(summary) => {
                if a.deployment(&dep).is_none() {
                    a.deployments.push(crate::domain::model::Deployment {
                        id: dep.clone(),
                        ..Default::default()
                    });
                }
                if let Some(d) = a.deployments.iter_mut().find(|d| d.id == dep) {
                    d.summary = summary;
                }
            }
            Err(e) => tracing::warn!("ExportApi of {} stage {stage}: {e}", a.id),
        }
    }
}
