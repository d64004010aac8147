//! Deploy and rollback plans: what goes live (the staleness diff) and the one call that
//! does it.

use super::{Mutation, Plan, PlanError, PlanStep};
use crate::domain::model::{ApiKind, ApiRef, ApiView, Inventory};
use crate::domain::staleness::{compare, Staleness};

/// The API `api` names, or the error saying it is not in the inventory.
pub(super) fn view<'a>(inv: &'a Inventory, api: &ApiRef) -> Result<ApiView<'a>, PlanError> {
    inv.api(api)
        .ok_or_else(|| PlanError::NoSuchApi(api.id.clone()))
}

/// The stage is not on the API: name the closest ones.
pub(super) fn no_such_stage(v: ApiView, stage: &str) -> PlanError {
    let names = v
        .stages()
        .iter()
        .map(|s| (s.name.clone(), [s.name.as_str()]));
    PlanError::NoSuchStage {
        api: format!("{} ({})", v.name(), v.id()),
        stage: stage.to_string(),
        nearest: crate::domain::nearest::nearest(stage, names),
    }
}

/// `Ok` when `stage` exists on `api`; else the error naming the closest stages.
pub(super) fn existing_stage(inv: &Inventory, api: &ApiRef, stage: &str) -> Result<(), PlanError> {
    let v = view(inv, api)?;
    match v.stage(stage) {
        Some(_) => Ok(()),
        None => Err(no_such_stage(v, stage)),
    }
}

fn new_plan(inv: &Inventory, title: String, api: &ApiRef) -> Plan {
    let mut p = Plan::new(title, api.clone());
    p.region = inv.region.clone();
    p.account_id = inv.account_id.clone();
    p
}

/// Plans a new deployment of `api` to `stage` (created when it does not exist yet). The
/// diff is what goes live; an unknown deployed state is a warning, never "nothing".
pub fn plan_deploy(
    inv: &Inventory,
    api: &ApiRef,
    stage: &str,
    description: Option<&str>,
) -> Result<Plan, PlanError> {
    let v = view(inv, api)?;
    let title = format!("Deploy {} ({}) to stage {stage}", v.name(), api.id);
    let mut plan = new_plan(inv, title, api);
    let description = description
        .filter(|d| !d.trim().is_empty())
        .map(str::to_string);
    let existing = v.stage(stage);
    let mutation = match api.kind {
        ApiKind::Rest => Mutation::CreateDeployment {
            rest_api_id: api.id.clone(),
            stage_name: stage.to_string(),
            description,
        },
        ApiKind::Http => Mutation::CreateHttpDeployment {
            api_id: api.id.clone(),
            stage_name: stage.to_string(),
            description,
        },
    };
    plan.steps.push(PlanStep::new(
        format!(
            "Create a deployment of the current {} and point stage {stage} at it",
            what(api)
        ),
        mutation,
    ));
    if existing.is_none() {
        plan.notes.push(format!(
            "stage {stage} does not exist yet: the deployment creates it"
        ));
        plan.diff = compare(&Default::default(), &v.working_summary()).1;
        return Ok(plan);
    }
    let (state, changes) = v.staleness(stage);
    match state {
        Staleness::Stale => plan.diff = changes,
        Staleness::Current => plan.notes.push(format!(
            "stage {stage} already serves the working tree: callers see no route change"
        )),
        Staleness::Unknown => plan.warnings.push(format!(
            "the deployed state of stage {stage} could not be read: what goes live is unknown"
        )),
        Staleness::AutoDeploy => plan.warnings.push(format!(
            "stage {stage} deploys automatically (autoDeploy): AWS refuses manual deployments to it"
        )),
    }
    plan.notes.push(
        "CreateDeployment is limited to about one call every 5 seconds per account".to_string(),
    );
    Ok(plan)
}

fn what(api: &ApiRef) -> &'static str {
    match api.kind {
        ApiKind::Rest => "resources and methods",
        ApiKind::Http => "routes",
    }
}

/// Plans pointing `stage` at an existing deployment (rollback or roll forward). The diff is
/// what changes for callers: the target deployment's summary against the stage's current
/// one, when both are known.
pub fn plan_rollback(
    inv: &Inventory,
    api: &ApiRef,
    stage: &str,
    deployment_id: &str,
) -> Result<Plan, PlanError> {
    let v = view(inv, api)?;
    let Some(s) = v.stage(stage) else {
        return Err(no_such_stage(v, stage));
    };
    if s.deployment_id.as_deref() == Some(deployment_id) {
        return Err(PlanError::AlreadyServing {
            stage: stage.to_string(),
            deployment: deployment_id.to_string(),
        });
    }
    let deployments = v.deployments();
    let Some(target) = v.deployment(deployment_id) else {
        return Err(PlanError::NoSuchDeployment {
            api: api.id.clone(),
            deployment: deployment_id.to_string(),
        });
    };
    let title = format!(
        "Roll stage {stage} of {} ({}) to deployment {deployment_id}",
        v.name(),
        api.id
    );
    let mut plan = new_plan(inv, title, api);
    let from = s.deployment_id.as_deref().unwrap_or("(none)");
    plan.steps.push(PlanStep::new(
        format!("Point stage {stage} at deployment {deployment_id} (now {from})"),
        Mutation::UpdateStageDeployment {
            api: api.clone(),
            stage_name: stage.to_string(),
            deployment_id: deployment_id.to_string(),
        },
    ));
    let current = s
        .deployment_id
        .as_deref()
        .and_then(|d| deployments.iter().find(|x| x.id == d))
        .and_then(|d| d.summary.as_ref());
    match (current, target.summary.as_ref()) {
        (Some(now), Some(then)) => plan.diff = compare(now, then).1,
        _ => plan.warnings.push(
            "the routes of one of the two deployments are unknown: what changes for callers cannot be shown"
                .to_string(),
        ),
    }
    if s.auto_deploy {
        plan.warnings.push(format!(
            "stage {stage} deploys automatically: the next change to the API replaces this rollback"
        ));
    }
    Ok(plan)
}
