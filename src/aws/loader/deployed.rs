//! The deployed state a deployments part reads once the stages are known, and the deployed
//! summaries already read (a deployment never changes, so its summary is read only once).

use std::collections::HashMap;

use crate::aws::parts::Deployed;
use crate::domain::load::LoadPart;
use crate::domain::model::{ApiKind, ApiRef, DeployedSummary, Deployment, Inventory};

/// Deployed summaries by (API id, deployment id).
pub(super) type Known = HashMap<(String, String), DeployedSummary>;

/// The summaries an inventory (e.g. the cached one) already holds.
pub(super) fn known_summaries(inv: &Inventory) -> Known {
    let rest = inv.rest_apis.iter().map(|a| (&a.id, &a.deployments));
    let http = inv.http_apis.iter().map(|a| (&a.id, &a.deployments));
    rest.chain(http)
        .flat_map(|(api, deps)| {
            deps.iter().filter_map(move |d| {
                let s = d.summary.clone()?;
                Some(((api.clone(), d.id.clone()), s))
            })
        })
        .collect()
}

/// What is still to read for an API whose stages are in `inv`: REST — the deployments its
/// stages (and canaries) point at; HTTP — its stages without autoDeploy (an autoDeploy
/// stage serves the working tree). Summaries in `known` are left out.
pub(super) fn to_read(inv: &Inventory, known: &Known, api: &ApiRef) -> Deployed {
    let unknown = |dep: &String| !known.contains_key(&(api.id.clone(), dep.clone()));
    let mut out = Deployed::default();
    match api.kind {
        ApiKind::Rest => {
            if let Some(a) = inv.rest_api(&api.id) {
                out.summary_ids = a
                    .stages
                    .iter()
                    .flat_map(|s| {
                        let canary = s.canary.as_ref().and_then(|c| c.deployment_id.clone());
                        s.deployment_id.clone().into_iter().chain(canary)
                    })
                    .filter(unknown)
                    .collect();
            }
        }
        ApiKind::Http => {
            if let Some(a) = inv.http_api(&api.id) {
                out.export_stages = a
                    .stages
                    .iter()
                    .filter(|s| !s.auto_deploy)
                    .filter_map(|s| Some((s.name.clone(), s.deployment_id.clone()?)))
                    .filter(|(_, dep)| unknown(dep))
                    .collect();
            }
        }
    }
    out
}

/// Fills summaries read before into a deployments part and remembers those it brings.
pub(super) fn reuse_known(known: &mut Known, part: LoadPart) -> LoadPart {
    match part {
        LoadPart::RestDeployments {
            api_id,
            deployments,
        } => LoadPart::RestDeployments {
            deployments: merge(known, &api_id, deployments),
            api_id,
        },
        LoadPart::HttpDeployments {
            api_id,
            deployments,
        } => LoadPart::HttpDeployments {
            deployments: merge(known, &api_id, deployments),
            api_id,
        },
        other => other,
    }
}

fn merge(known: &mut Known, api_id: &str, mut deps: Vec<Deployment>) -> Vec<Deployment> {
    for d in &mut deps {
        let key = (api_id.to_string(), d.id.clone());
        match &d.summary {
            Some(s) => {
                known.insert(key, s.clone());
            }
            None => d.summary = known.get(&key).cloned(),
        }
    }
    deps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{HttpApi, Stage};

    fn stage(name: &str, dep: &str, auto_deploy: bool) -> Stage {
        Stage {
            name: name.into(),
            deployment_id: Some(dep.into()),
            auto_deploy,
            ..Default::default()
        }
    }

    #[test]
    fn http_exports_only_stages_without_auto_deploy_and_unknown_deployments() {
        let mut inv = Inventory::default();
        inv.http_apis.push(HttpApi {
            id: "h1".into(),
            stages: vec![
                stage("$default", "d0", true),
                stage("prod", "d1", false),
                stage("old", "d2", false),
            ],
            ..Default::default()
        });
        let mut known = Known::new();
        known.insert(("h1".into(), "d2".into()), DeployedSummary::new());
        let api = ApiRef {
            kind: ApiKind::Http,
            id: "h1".into(),
        };
        let want = to_read(&inv, &known, &api);
        assert_eq!(want.export_stages, vec![("prod".into(), "d1".into())]);
        assert!(want.summary_ids.is_empty());
    }

    #[test]
    fn a_known_summary_is_filled_in_and_a_new_one_remembered() {
        let mut known = Known::new();
        known.insert(("a1".into(), "d1".into()), DeployedSummary::new());
        let deployments = vec![
            Deployment {
                id: "d1".into(),
                ..Default::default()
            },
            Deployment {
                id: "d2".into(),
                summary: Some(DeployedSummary::new()),
                ..Default::default()
            },
        ];
        let part = reuse_known(
            &mut known,
            LoadPart::RestDeployments {
                api_id: "a1".into(),
                deployments,
            },
        );
        let LoadPart::RestDeployments { deployments, .. } = part else {
            panic!("kind kept");
        };
        assert!(deployments[0].summary.is_some(), "d1 from known");
        assert!(known.contains_key(&("a1".to_string(), "d2".to_string())));
    }
}
