//! After a plan ran: which parts of the API to read again, and the [`Readback`] built from
//! what was read. The reads themselves are loader jobs like every other read
//! (src/aws/mutate/read.rs); this is the pure half.

use super::{Mutation, Plan, Readback};
use crate::domain::load::PartKind;
use crate::domain::model::{ApiKind, ApiView, Inventory};
use crate::domain::staleness::Staleness;

/// The stage a deploy/rollback plan changes.
pub fn stage_of(plan: &Plan) -> Option<&str> {
    plan.steps.iter().find_map(|s| match &s.mutation {
        Mutation::CreateDeployment { stage_name, .. }
        | Mutation::CreateHttpDeployment { stage_name, .. }
        | Mutation::UpdateStageDeployment { stage_name, .. } => Some(stage_name.as_str()),
        _ => None,
    })
}

/// The stage whose logging a plan changes.
pub fn logging_stage_of(plan: &Plan) -> Option<&str> {
    plan.steps.iter().find_map(|s| match &s.mutation {
        Mutation::UpdateStageLogging { stage_name, .. } => Some(stage_name.as_str()),
        _ => None,
    })
}

/// The parts of the plan's API to read back (its own record is read first, always: an
/// HTTP API's CORS configuration is part of it).
pub fn parts_to_read(plan: &Plan) -> Vec<PartKind> {
    let mut parts = Vec::new();
    let tree = plan.api.kind.tree_part();
    if stage_of(plan).is_some() {
        parts.extend([PartKind::Stages, PartKind::Deployments, tree]);
    } else if logging_stage_of(plan).is_some() {
        // GetStages carries each stage's method settings and access log settings.
        parts.push(PartKind::Stages);
    }
    for s in &plan.steps {
        let kind = match &s.mutation {
            Mutation::PutGatewayResponse { .. } => PartKind::GatewayResponses,
            m if m.target().is_some() => PartKind::Resources,
            _ => continue,
        };
        if !parts.contains(&kind) {
            parts.push(kind);
        }
    }
    parts
}

/// What was read back, from the inventory the reads filled. `created` is the deployment the
/// plan just made from the working tree, if any: a stage serving it is current even when
/// AWS gave no summary to compare.
pub fn from_inventory(inv: &Inventory, plan: &Plan, created: Option<&str>) -> Readback {
    let mut rb = Readback::default();
    let Some(api) = inv.api(&plan.api) else {
        rb.problems
            .push(format!("could not re-read API {}", plan.api.id));
        return rb;
    };
    if let Some(stage) = stage_of(plan) {
        stage_back(&mut rb, api, stage, created);
    } else if let Some(stage) = logging_stage_of(plan) {
        rb.stage = api.stage(stage).cloned();
        if rb.stage.is_none() {
            rb.problems
                .push(format!("stage {stage} is not there when read back"));
        }
    }
    if let ApiView::Rest(a) = api {
        let target = plan.steps.iter().find_map(|s| s.mutation.target());
        if let Some(t) = target {
            rb.resource = a.resources.iter().find(|r| r.id == t.resource_id).cloned();
            if rb.resource.is_none() {
                rb.problems
                    .push(format!("{} is not there when read back", t.resource_path));
            }
        }
        for s in &plan.steps {
            if let Mutation::PutGatewayResponse { response_type, .. } = &s.mutation {
                match a
                    .gateway_responses
                    .iter()
                    .find(|g| &g.response_type == response_type)
                {
                    Some(g) => rb.gateway_responses.push(g.clone()),
                    None => rb.problems.push(format!(
                        "gateway response {response_type} is not there when read back"
                    )),
                }
            }
        }
    }
    if let ApiView::Http(a) = api {
        if plan
            .steps
            .iter()
            .any(|s| matches!(s.mutation, Mutation::UpdateHttpApiCors { .. }))
        {
            rb.http_cors = a.cors.clone();
        }
    }
    rb
}

fn stage_back(rb: &mut Readback, api: ApiView, stage: &str, created: Option<&str>) {
    let Some(st) = api.stage(stage) else {
        rb.problems
            .push(format!("stage {stage} is not there when read back"));
        return;
    };
    rb.stage = Some(st.clone());
    rb.deployment_id = st.deployment_id.clone();
    let dep = st.deployment_id.as_deref();
    rb.deployment = dep.and_then(|d| api.deployment(d)).cloned();
    let (computed, _) = api.staleness(stage);
    rb.staleness = Some(match computed {
        Staleness::Unknown if created.is_some() && dep == created => Staleness::Current,
        // HTTP deployments have no summary of their own: a stage serving the one just made
        // from the routes is current.
        s if api.kind() == ApiKind::Http
            && created.is_some()
            && dep == created
            && s != Staleness::AutoDeploy =>
        {
            Staleness::Current
        }
        s => s,
    });
}
