//! One part of the inventory: which calls fill it (the loader decides when).

use std::collections::BTreeSet;

use super::client::Clients;
use super::ratelimit::Limiter;
use super::{domains, http_v2, mutate, rest_v1};
use crate::domain::load::{LoadError, LoadErrorKind, LoadPart, PartKey, PartKind};
use crate::domain::model::{ApiKind, Deployment};

/// What a Deployments part reads besides the list: the deployed state of the deployments
/// the stages serve (the loader fills this in once the stages are known).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deployed {
    /// REST: deployment ids (stages, canaries) read again with GetDeployment
    /// `embed=apisummary`.
    pub summary_ids: BTreeSet<String>,
    /// HTTP: `(stage, deployment id)` of stages without autoDeploy, read with ExportApi
    /// (an autoDeploy stage serves the working tree, so it needs no read).
    pub export_stages: Vec<(String, String)>,
}

/// Parts of one API in the order they are loaded (deployments follow stages, so they are
/// not listed here).
pub fn api_parts(kind: ApiKind) -> &'static [PartKind] {
    match kind {
        ApiKind::Rest => &[
            PartKind::Resources,
            PartKind::Stages,
            PartKind::Authorizers,
            PartKind::GatewayResponses,
            PartKind::RequestValidators,
        ],
        ApiKind::Http => &[
            PartKind::Routes,
            PartKind::Stages,
            PartKind::Authorizers,
            PartKind::Integrations,
        ],
    }
}

/// Runs one job against AWS.
pub async fn fetch(
    c: &Clients,
    lim: &Limiter,
    key: &PartKey,
    deployed: &Deployed,
) -> Result<LoadPart, LoadError> {
    let Some(api) = &key.api else {
        return match key.kind {
            PartKind::RestApis => rest_v1::rest_apis(c, lim).await.map(LoadPart::RestApis),
            PartKind::HttpApis => http_v2::http_apis(c, lim).await.map(LoadPart::HttpApis),
            PartKind::Domains => domains::domains(c, lim).await.map(LoadPart::Domains),
            other => Err(not_a_part(other)),
        };
    };
    let api_id = api.id.clone();
    let id = api.id.as_str();
    match (api.kind, key.kind) {
        (ApiKind::Rest, PartKind::Resources) => rest_v1::resources(c, lim, id)
            .await
            .map(|resources| LoadPart::Resources { api_id, resources }),
        (ApiKind::Rest, PartKind::Stages) => rest_v1::stages(c, lim, id)
            .await
            .map(|stages| LoadPart::RestStages { api_id, stages }),
        (ApiKind::Rest, PartKind::Deployments) => {
            rest_v1::deployments(c, lim, id, &deployed.summary_ids)
                .await
                .map(|deployments| LoadPart::RestDeployments {
                    api_id,
                    deployments,
                })
        }
        (ApiKind::Rest, PartKind::Authorizers) => {
            rest_v1::authorizers(c, lim, id)
                .await
                .map(|authorizers| LoadPart::RestAuthorizers {
                    api_id,
                    authorizers,
                })
        }
        (ApiKind::Rest, PartKind::GatewayResponses) => rest_v1::gateway_responses(c, lim, id)
            .await
            .map(|responses| LoadPart::GatewayResponses { api_id, responses }),
        (ApiKind::Rest, PartKind::RequestValidators) => rest_v1::request_validators(c, lim, id)
            .await
            .map(|validators| LoadPart::RequestValidators { api_id, validators }),
        (ApiKind::Http, PartKind::Routes) => http_v2::routes(c, lim, id)
            .await
            .map(|routes| LoadPart::Routes { api_id, routes }),
        (ApiKind::Http, PartKind::Stages) => http_v2::stages(c, lim, id)
            .await
            .map(|stages| LoadPart::HttpStages { api_id, stages }),
        (ApiKind::Http, PartKind::Deployments) => {
            let mut deployments = http_v2::deployments(c, lim, id).await?;
            attach_exports(c, lim, id, &deployed.export_stages, &mut deployments).await;
            Ok(LoadPart::HttpDeployments {
                api_id,
                deployments,
            })
        }
        (ApiKind::Http, PartKind::Authorizers) => {
            http_v2::authorizers(c, lim, id)
                .await
                .map(|authorizers| LoadPart::HttpAuthorizers {
                    api_id,
                    authorizers,
                })
        }
        (ApiKind::Http, PartKind::Integrations) => {
            http_v2::integrations(c, lim, id)
                .await
                .map(|integrations| LoadPart::Integrations {
                    api_id,
                    integrations,
                })
        }
        (_, other) => Err(not_a_part(other)),
    }
}

/// Fills the summary of each listed deployment a non-autoDeploy stage serves from the
/// stage's OpenAPI export. A failed export (no permission, an emulator without ExportApi)
/// leaves that deployment's state unknown; it never fails the part.
async fn attach_exports(
    c: &Clients,
    lim: &Limiter,
    api: &str,
    stages: &[(String, String)],
    deployments: &mut [Deployment],
) {
    let mut done = BTreeSet::new();
    for (stage, dep) in stages {
        let Some(d) = deployments.iter_mut().find(|d| &d.id == dep) else {
            continue;
        };
        if d.summary.is_some() || !done.insert(dep.clone()) {
            continue;
        }
        match mutate::http_stage_summary(c, lim, api, stage).await {
            Ok(summary) => d.summary = summary,
            Err(e) => {
                tracing::warn!(api, stage = %stage, error = %e, "ExportApi failed; deployed state unknown")
            }
        }
    }
}

fn not_a_part(kind: PartKind) -> LoadError {
    LoadError::new(
        LoadErrorKind::Other,
        format!("{} is not a part of this kind of API", kind.label()),
    )
}
