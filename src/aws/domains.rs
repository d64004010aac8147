//! Custom domain names with their mappings: v2 GetDomainNames + GetApiMappings (multi-level
//! keys) + ListRoutingRules where the routing mode uses rules; domains only v1 knows (edge-
//! optimized) via GetBasePathMappings.

use futures::stream::{self, StreamExt, TryStreamExt};

use super::client::Clients;
use super::ratelimit::Limiter;
use super::{http_v2, rest_v1};
use crate::domain::load::{LoadError, LoadErrorKind};
use crate::domain::model::{DomainName, RoutingMode};

/// Domains whose mappings are read at the same time.
const PARALLEL: usize = 4;

pub async fn domains(c: &Clients, lim: &Limiter) -> Result<Vec<DomainName>, LoadError> {
    let (v2, v1) = futures::join!(http_v2::domain_names(c, lim), rest_v1::domain_names(c, lim));
    let (v2, v1) = match (v2, v1) {
        (Err(e), Err(_)) => return Err(e),
        (Ok(a), Err(e)) => {
            tracing::warn!(error = %e, "v1 GetDomainNames failed; using v2 only");
            (a, vec![])
        }
        (Err(e), Ok(b)) => {
            tracing::warn!(error = %e, "v2 GetDomainNames failed; using v1 only");
            (vec![], b)
        }
        (Ok(a), Ok(b)) => (a, b),
    };
    let mut jobs: Vec<(DomainName, bool)> = v2.into_iter().map(|d| (d, true)).collect();
    for d in v1 {
        if !jobs.iter().any(|(k, _)| k.name == d.name) {
            jobs.push((d, false));
        }
    }
    let mut out: Vec<DomainName> = stream::iter(jobs)
        .map(|(d, from_v2)| fill(c, lim, d, from_v2))
        .buffered(PARALLEL)
        .try_filter_map(|d| async move { Ok(d) })
        .try_collect()
        .await?;
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Reads one domain's mappings (and rules); `None` when it vanished meanwhile.
async fn fill(
    c: &Clients,
    lim: &Limiter,
    mut d: DomainName,
    from_v2: bool,
) -> Result<Option<DomainName>, LoadError> {
    let mappings = if from_v2 {
        http_v2::api_mappings(c, lim, &d.name).await
    } else {
        rest_v1::base_path_mappings(c, lim, &d.name).await
    };
    match mappings {
        Ok(mut m) => {
            m.sort_by(|a, b| a.key.cmp(&b.key));
            d.mappings = m;
        }
        Err(e) if e.kind == LoadErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    }
    if from_v2 && d.routing_mode != RoutingMode::ApiMappingOnly {
        d.routing_rules = http_v2::routing_rules(c, lim, &d.name).await?;
    }
    Ok(Some(d))
}
