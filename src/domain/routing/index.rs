//! The precomputed index behind `Router`: APIs and domains by host key, one trie per API's
//! working tree and per deployment summary, domain rules sorted by priority, compiled
//! TOKEN authorizer expressions.

use std::collections::HashMap;

use regex::Regex;

use super::trie::{MethodEntry, Source, Trie};
use crate::domain::load::{PartKey, Subject};
use crate::domain::model::{ApiKind, DeployedSummary, DomainName, HttpApi, Inventory, RestApi};

#[derive(Debug, Clone, Default)]
pub struct RestIndex {
    pub working: Trie,
    /// Deployment id → what it serves (only deployments whose summary is known).
    pub deployed: HashMap<String, Trie>,
    /// TOKEN authorizer id → its validation expression, anchored (None: none or invalid).
    pub token_regex: HashMap<String, Option<Regex>>,
}

#[derive(Debug, Clone, Default)]
pub struct HttpIndex {
    pub working: Trie,
    /// Index of the `$default` route.
    pub default_route: Option<u32>,
    pub deployed: HashMap<String, DeployedHttp>,
}

#[derive(Debug, Clone, Default)]
pub struct DeployedHttp {
    pub trie: Trie,
    pub has_default: bool,
}

#[derive(Debug, Clone, Default)]
pub struct DomainIndex {
    /// Rule indices by ascending priority.
    pub rules: Vec<usize>,
    /// Mapping indices, longest key (in segments) first.
    pub mappings: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Index {
    pub rest_by_id: HashMap<String, usize>,
    pub http_by_id: HashMap<String, usize>,
    pub domain_by_name: HashMap<String, usize>,
    /// `*.example.com` domains: (suffix `.example.com`, index).
    pub wildcard_domains: Vec<(String, usize)>,
    pub rest: Vec<RestIndex>,
    pub http: Vec<HttpIndex>,
    pub domains: Vec<DomainIndex>,
    /// Every host the inventory answers on (for unknown-host explanations).
    pub known_hosts: Vec<String>,
    /// (REST, HTTP, domains) counts the index was built for.
    pub shape: (usize, usize, usize),
}

impl Index {
    pub fn build(inv: &Inventory) -> Self {
        let mut ix = Index {
            shape: shape(inv),
            ..Index::default()
        };
        for (i, api) in inv.rest_apis.iter().enumerate() {
            ix.rest_by_id
                .entry(api.id.to_ascii_lowercase())
                .or_insert(i);
            ix.rest.push(rest_index(api));
        }
        for (i, api) in inv.http_apis.iter().enumerate() {
            ix.http_by_id
                .entry(api.id.to_ascii_lowercase())
                .or_insert(i);
            ix.http.push(http_index(api));
        }
        for (i, d) in inv.domains.iter().enumerate() {
            let name = d.name.to_ascii_lowercase();
            match name.strip_prefix('*') {
                Some(suffix) => ix.wildcard_domains.push((suffix.to_string(), i)),
                None => {
                    ix.domain_by_name.entry(name).or_insert(i);
                }
            }
            ix.domains.push(domain_index(d));
        }
        ix.wildcard_domains
            .sort_by_key(|w| std::cmp::Reverse(w.0.len()));
        ix.known_hosts = super::suggest::known_hosts(inv);
        ix
    }

    /// Rebuilds what one arrived part changes: that API's tries, or that domain's rules
    /// and mappings; anything that may move APIs or domains around (a list, a record read
    /// by id) rebuilds the whole index.
    pub fn update(&mut self, inv: &Inventory, key: &PartKey) {
        if self.shape != shape(inv) {
            *self = Index::build(inv);
            return;
        }
        match &key.subject {
            Subject::Api(api) => {
                let id = api.id.to_ascii_lowercase();
                let slot = match api.kind {
                    ApiKind::Rest => self
                        .rest_by_id
                        .get(&id)
                        .copied()
                        .and_then(|i| {
                            Some((self.rest.get_mut(i)?, inv.rest_apis.get(i).map(rest_index)?))
                        })
                        .map(|(s, new)| *s = new),
                    ApiKind::Http => self
                        .http_by_id
                        .get(&id)
                        .copied()
                        .and_then(|i| {
                            Some((self.http.get_mut(i)?, inv.http_apis.get(i).map(http_index)?))
                        })
                        .map(|(s, new)| *s = new),
                };
                if slot.is_none() {
                    *self = Index::build(inv);
                }
            }
            Subject::Domain(name) => {
                let i = inv.domains.iter().position(|d| &d.name == name);
                match i.and_then(|i| Some((self.domains.get_mut(i)?, inv.domains.get(i)?))) {
                    Some((slot, d)) => *slot = domain_index(d),
                    None => *self = Index::build(inv),
                }
            }
            _ => *self = Index::build(inv),
        }
    }

    pub fn domain_for(&self, host: &str) -> Option<usize> {
        if let Some(i) = self.domain_by_name.get(host) {
            return Some(*i);
        }
        self.wildcard_domains
            .iter()
            .find(|(suffix, _)| host.ends_with(suffix.as_str()) && host.len() > suffix.len())
            .map(|(_, i)| *i)
    }
}

pub fn shape(inv: &Inventory) -> (usize, usize, usize) {
    (inv.rest_apis.len(), inv.http_apis.len(), inv.domains.len())
}

fn rest_index(api: &RestApi) -> RestIndex {
    let mut working = Trie::default();
    for (ri, r) in api.resources.iter().enumerate() {
        let node = working.insert(&r.path);
        for (mi, m) in r.methods.iter().enumerate() {
            working.add_method(
                node,
                MethodEntry {
                    method: m.http_method.to_ascii_uppercase().into(),
                    auth: m.authorization_type,
                    api_key_required: m.api_key_required,
                    source: Source::Rest(ri as u32, mi as u32),
                },
            );
        }
    }
    let by_path: HashMap<&str, usize> = api
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.path.as_str(), i))
        .collect();
    let mut deployed = HashMap::new();
    for d in &api.deployments {
        if let Some(summary) = &d.summary {
            deployed.insert(
                d.id.clone(),
                summary_trie(summary, |path, method| {
                    let ri = *by_path.get(path)?;
                    let mi = api.resources[ri]
                        .methods
                        .iter()
                        .position(|m| m.http_method.eq_ignore_ascii_case(method))?;
                    Some(Source::Rest(ri as u32, mi as u32))
                }),
            );
        }
    }
    let token_regex = api
        .authorizers
        .iter()
        .map(|a| {
            let re = a
                .identity_validation_expression
                .as_deref()
                .filter(|e| !e.is_empty())
                .and_then(|e| Regex::new(&format!("^(?:{e})$")).ok());
            (a.id.clone(), re)
        })
        .collect();
    RestIndex {
        working,
        deployed,
        token_regex,
    }
}

fn summary_trie<F>(summary: &DeployedSummary, source: F) -> Trie
where
    F: Fn(&str, &str) -> Option<Source>,
{
    let mut t = Trie::default();
    for (path, methods) in summary {
        if path == "$default" {
            continue;
        }
        let node = t.insert(path);
        for (m, s) in methods {
            t.add_method(
                node,
                MethodEntry {
                    method: m.to_ascii_uppercase().into(),
                    auth: s.authorization_type,
                    api_key_required: s.api_key_required,
                    source: source(path, m).unwrap_or(Source::Deployed),
                },
            );
        }
    }
    t
}

fn http_index(api: &HttpApi) -> HttpIndex {
    let mut working = Trie::default();
    let mut default_route = None;
    for (i, r) in api.routes.iter().enumerate() {
        match r.method_and_path() {
            Some((m, p)) => {
                let node = working.insert(p);
                working.add_method(
                    node,
                    MethodEntry {
                        method: m.to_ascii_uppercase().into(),
                        auth: r.authorization_type,
                        api_key_required: r.api_key_required,
                        source: Source::Route(i as u32),
                    },
                );
            }
            None if r.route_key == "$default" => default_route = Some(i as u32),
            None => {}
        }
    }
    let mut deployed = HashMap::new();
    for d in &api.deployments {
        if let Some(summary) = &d.summary {
            let trie = summary_trie(summary, |path, method| {
                let key = format!("{} {path}", method.to_ascii_uppercase());
                api.routes
                    .iter()
                    .position(|r| r.route_key == key)
                    .map(|i| Source::Route(i as u32))
            });
            let has_default = summary.contains_key("$default");
            deployed.insert(d.id.clone(), DeployedHttp { trie, has_default });
        }
    }
    HttpIndex {
        working,
        default_route,
        deployed,
    }
}

fn domain_index(d: &DomainName) -> DomainIndex {
    let mut rules: Vec<usize> = (0..d.routing_rules.len()).collect();
    rules.sort_by_key(|&i| d.routing_rules[i].priority);
    let mut mappings: Vec<usize> = (0..d.mappings.len()).collect();
    let depth = |k: &str| k.split('/').filter(|s| !s.is_empty()).count();
    mappings.sort_by(|&a, &b| depth(&d.mappings[b].key).cmp(&depth(&d.mappings[a].key)));
    DomainIndex { rules, mappings }
}
