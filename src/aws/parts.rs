//! One part of the inventory: which calls fill it (the loader decides when and with which
//! region's clients).

use std::collections::BTreeSet;

use super::client::Clients;
use super::ratelimit::Limiter;
use super::{domains, http_v2, keys, mutate, rest_v1};
use crate::domain::load::{
    FoundApi, LoadError, LoadErrorKind, LoadPart, PartKey, PartKind, Subject,
};
use crate::domain::model::{ApiKind, ApiRef, Deployment, DomainName};

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

/// What a job needs besides its key.
#[derive(Debug, Clone, Default)]
pub struct JobInput {
    pub deployed: Deployed,
    /// For a domain's mappings: the domain as listed (routing mode decides whether rules
    /// are read). `None` when the list has not been read: the domain is read as if it had
    /// mappings only... then its rules too, to be safe.
    pub domain: Option<DomainName>,
}

/// Runs one job against AWS.
pub async fn fetch(
    c: &Clients,
    lim: &Limiter,
    key: &PartKey,
    input: &JobInput,
) -> Result<LoadPart, LoadError> {
    match &key.subject {
        Subject::Account => account(c, lim, key.kind).await,
        Subject::ApiId { id, region } => by_id(c, lim, id, region.as_deref()).await,
        Subject::Domain(name) => {
            let d = input.domain.clone().unwrap_or_else(|| DomainName {
                name: name.clone(),
                routing_mode: crate::domain::model::RoutingMode::RoutingRuleThenApiMapping,
                ..Default::default()
            });
            let domain = domains::with_mappings(c, lim, d).await?.map(Box::new);
            Ok(LoadPart::DomainMappings {
                name: name.clone(),
                domain,
            })
        }
        Subject::Api(api) if key.kind == PartKind::ApiRecord => api_record(c, lim, api).await,
        Subject::Api(api) => match api.kind {
            ApiKind::Rest => {
                let with_summary = &input.deployed.summary_ids;
                rest_part(c, lim, &api.id, key.kind, with_summary).await
            }
            ApiKind::Http => {
                let exports = &input.deployed.export_stages;
                http_part(c, lim, &api.id, key.kind, exports).await
            }
        },
    }
}

async fn account(c: &Clients, lim: &Limiter, kind: PartKind) -> Result<LoadPart, LoadError> {
    match kind {
        PartKind::RestApis => rest_v1::rest_apis(c, lim).await.map(LoadPart::RestApis),
        PartKind::HttpApis => http_v2::http_apis(c, lim).await.map(LoadPart::HttpApis),
        PartKind::Domains => domains::domains(c, lim).await.map(LoadPart::Domains),
        PartKind::ApiKeys => keys::api_keys(c, lim).await.map(LoadPart::ApiKeys),
        PartKind::UsagePlans => keys::usage_plans(c, lim).await.map(LoadPart::UsagePlans),
        PartKind::Account => Ok(LoadPart::Account {
            account_id: account_id(c, lim).await,
        }),
        other => Err(not_a_part(other)),
    }
}

/// The account the credentials belong to (STS GetCallerIdentity). An account id only
/// sharpens ARNs and messages: when STS cannot tell (no permission, an emulator without
/// STS, mocked clients) it is unknown, never a failed load.
async fn account_id(c: &Clients, lim: &Limiter) -> Option<String> {
    let sts = c.sts.as_ref()?;
    lim.acquire(super::ratelimit::Call::Normal).await;
    match sts.get_caller_identity().send().await {
        Ok(out) => out.account().map(str::to_string),
        Err(e) => {
            tracing::warn!(error = %aws_sdk_sts::error::DisplayErrorContext(&e), "GetCallerIdentity failed; account id unknown");
            None
        }
    }
}

/// GetRestApi, else GetApi: an execute-api host does not say which kind of API it is.
async fn by_id(
    c: &Clients,
    lim: &Limiter,
    id: &str,
    region: Option<&str>,
) -> Result<LoadPart, LoadError> {
    let region = region.map(str::to_string);
    let api = match rest_v1::rest_api(c, lim, id).await? {
        Some(mut a) => Some(FoundApi::Rest({
            a.region = region;
            Box::new(a)
        })),
        None => http_v2::api(c, lim, id).await?.map(|mut a| {
            a.region = region;
            FoundApi::Http(Box::new(a))
        }),
    };
    Ok(LoadPart::ApiRecord {
        id: id.to_string(),
        api,
    })
}

/// The record of an API whose kind is known (GetRestApi or GetApi).
async fn api_record(c: &Clients, lim: &Limiter, api: &ApiRef) -> Result<LoadPart, LoadError> {
    let found = match api.kind {
        ApiKind::Rest => rest_v1::rest_api(c, lim, &api.id)
            .await?
            .map(|a| FoundApi::Rest(Box::new(a))),
        ApiKind::Http => http_v2::api(c, lim, &api.id)
            .await?
            .map(|a| FoundApi::Http(Box::new(a))),
    };
    Ok(LoadPart::ApiRecord {
        id: api.id.clone(),
        api: found,
    })
}

/// A REST API's part; the deployments in `with_summary` are read with their summary.
async fn rest_part(
    c: &Clients,
    lim: &Limiter,
    id: &str,
    kind: PartKind,
    with_summary: &BTreeSet<String>,
) -> Result<LoadPart, LoadError> {
    let api_id = id.to_string();
    Ok(match kind {
        PartKind::Resources => LoadPart::Resources {
            api_id,
            resources: rest_v1::resources(c, lim, id).await?,
        },
        PartKind::Stages => LoadPart::RestStages {
            api_id,
            stages: rest_v1::stages(c, lim, id).await?,
        },
        PartKind::Deployments => LoadPart::RestDeployments {
            api_id,
            deployments: rest_v1::deployments(c, lim, id, with_summary).await?,
        },
        PartKind::Authorizers => LoadPart::RestAuthorizers {
            api_id,
            authorizers: rest_v1::authorizers(c, lim, id).await?,
        },
        PartKind::GatewayResponses => LoadPart::GatewayResponses {
            api_id,
            responses: rest_v1::gateway_responses(c, lim, id).await?,
        },
        PartKind::RequestValidators => LoadPart::RequestValidators {
            api_id,
            validators: rest_v1::request_validators(c, lim, id).await?,
        },
        other => return Err(not_a_part(other)),
    })
}

/// An HTTP API's part; the deployments `exports` names (stage, deployment) get their
/// summary from the stage's export.
async fn http_part(
    c: &Clients,
    lim: &Limiter,
    id: &str,
    kind: PartKind,
    exports: &[(String, String)],
) -> Result<LoadPart, LoadError> {
    let api_id = id.to_string();
    Ok(match kind {
        PartKind::Routes => LoadPart::Routes {
            api_id,
            routes: http_v2::routes(c, lim, id).await?,
        },
        PartKind::Stages => LoadPart::HttpStages {
            api_id,
            stages: http_v2::stages(c, lim, id).await?,
        },
        PartKind::Deployments => {
            let mut deployments = http_v2::deployments(c, lim, id).await?;
            attach_exports(c, lim, id, exports, &mut deployments).await;
            LoadPart::HttpDeployments {
                api_id,
                deployments,
            }
        }
        PartKind::Authorizers => LoadPart::HttpAuthorizers {
            api_id,
            authorizers: http_v2::authorizers(c, lim, id).await?,
        },
        PartKind::Integrations => LoadPart::Integrations {
            api_id,
            integrations: http_v2::integrations(c, lim, id).await?,
        },
        other => return Err(not_a_part(other)),
    })
}

/// Fills the summary of each listed deployment a non-autoDeploy stage serves from the
/// stage's OpenAPI export. A failed export (no permission, an emulator without ExportApi)
/// leaves that deployment's state unknown; it never fails the part.
async fn attach_exports(
    c: &Clients,
    lim: &Limiter,
    api: &str,
    stages: &[(String, String)],
    deployments: &mut Vec<Deployment>,
) {
    let mut done = BTreeSet::new();
    for (stage, dep) in stages {
        if !done.insert(dep.clone()) {
            continue;
        }
        if deployments.iter().all(|d| &d.id != dep) {
            // GetDeployments may not list it (emulators): the export still says what it
            // serves.
            deployments.push(Deployment {
                id: dep.clone(),
                ..Default::default()
            });
        }
        let Some(d) = deployments.iter_mut().find(|d| &d.id == dep) else {
            continue;
        };
        if d.summary.is_some() {
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
        format!("{} is not a part of this kind of subject", kind.label()),
    )
}
