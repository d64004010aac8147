//! Custom domain names: the list (v2 GetDomainNames, joined with v1's for domains only v1
//! knows, e.g. edge-optimized ones), and per domain its mappings and routing rules.
//!
//! A domain's mappings are one set in AWS, visible through both APIs (v1
//! `GetBasePathMappings`, v2 `GetApiMappings`); emulators keep two stores and an IAM policy
//! may allow one path and not the other, so both are read and merged by key
//! (ROUTING.md 4.2). Only when both fail is the domain's part failed.

use super::client::Clients;
use super::ratelimit::Limiter;
use super::{http_v2, rest_v1};
use crate::domain::load::{LoadError, LoadErrorKind};
use crate::domain::model::{DomainName, Mapping, RoutingMode};

/// Every custom domain name (mappings and rules not read yet).
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
    let mut out = v2;
    for d in v1 {
        if !out.iter().any(|k| k.name == d.name) {
            out.push(d);
        }
    }
    for d in &mut out {
        d.name = d.name.to_ascii_lowercase();
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// One domain with its mappings (both APIs, merged by key) and, when its routing mode uses
/// them, its routing rules. `None` when the domain no longer exists.
pub async fn with_mappings(
    c: &Clients,
    lim: &Limiter,
    mut d: DomainName,
) -> Result<Option<DomainName>, LoadError> {
    let (v2, v1) = futures::join!(
        http_v2::api_mappings(c, lim, &d.name),
        rest_v1::base_path_mappings(c, lim, &d.name)
    );
    d.mappings = match merge(v2, v1) {
        Ok(Some(m)) => m,
        Ok(None) => return Ok(None),
        Err(e) => return Err(e),
    };
    if !matches!(d.routing_mode, RoutingMode::ApiMappingOnly) {
        match http_v2::routing_rules(c, lim, &d.name).await {
            Ok(rules) => d.routing_rules = rules,
            Err(e) if e.kind == LoadErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(Some(d))
}

type Read = Result<Vec<Mapping>, LoadError>;

/// v2 API mappings and v1 base path mappings as one set, keyed by mapping key (the v2
/// entry wins a clash: it carries multi-level keys and the mapping id). `None` when both
/// say the domain does not exist.
pub fn merge(v2: Read, v1: Read) -> Result<Option<Vec<Mapping>>, LoadError> {
    let gone = |r: &Read| matches!(r, Err(e) if e.kind == LoadErrorKind::NotFound);
    if gone(&v2) && gone(&v1) {
        return Ok(None);
    }
    let (a, b) = match (v2, v1) {
        (Err(e), Err(_)) => return Err(e),
        (Ok(a), Err(e)) | (Err(e), Ok(a)) if e.kind == LoadErrorKind::NotFound => (a, vec![]),
        (Ok(a), Err(e)) => {
            tracing::warn!(error = %e, "GetBasePathMappings failed; using the API mappings only");
            (a, vec![])
        }
        (Err(e), Ok(b)) => {
            tracing::warn!(error = %e, "GetApiMappings failed; using the base path mappings only");
            (vec![], b)
        }
        (Ok(a), Ok(b)) => (a, b),
    };
    let mut out = a;
    for m in b {
        if !out.iter().any(|x| x.key == m.key) {
            out.push(m);
        }
    }
    out.sort_by(|x, y| x.key.cmp(&y.key));
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(key: &str, api: &str) -> Mapping {
        Mapping {
            key: key.into(),
            api_id: api.into(),
            stage: "prod".into(),
            ..Default::default()
        }
    }

    #[test]
    fn mappings_from_both_apis_are_one_set_by_key() {
        let v2 = Ok(vec![m("v1/orders", "a"), m("pay", "h")]);
        let v1 = Ok(vec![m("pay", "x"), m("billing", "b")]);
        let got = merge(v2, v1).unwrap().unwrap();
        let keys: Vec<(&str, &str)> = got
            .iter()
            .map(|x| (x.key.as_str(), x.api_id.as_str()))
            .collect();
        assert_eq!(keys, [("billing", "b"), ("pay", "h"), ("v1/orders", "a")]);
    }

    #[test]
    fn one_api_refusing_still_gives_the_other_ones_mappings() {
        let denied = Err(LoadError::new(LoadErrorKind::AccessDenied, "denied"));
        let got = merge(denied, Ok(vec![m("billing", "b")])).unwrap().unwrap();
        assert_eq!(got.len(), 1);
        let nf = || Err(LoadError::new(LoadErrorKind::NotFound, "no such domain"));
        assert_eq!(merge(nf(), nf()).unwrap(), None);
        let both = merge(
            Err(LoadError::new(LoadErrorKind::AccessDenied, "denied")),
            Err(LoadError::new(LoadErrorKind::Throttled, "slow down")),
        );
        assert_eq!(both.unwrap_err().kind, LoadErrorKind::AccessDenied);
    }
}
