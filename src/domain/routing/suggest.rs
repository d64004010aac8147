//! Suggestions by edit distance (strsim), computed only when there is no match, and
//! bounded so a miss stays cheap on a large account.

use super::trie::Trie;
use crate::domain::model::Inventory;

/// At most this many candidates are compared.
const MAX_CANDIDATES: usize = 400;

/// The `n` candidates closest to `target` (Levenshtein; ties keep input order), skipping
/// ones whose length differs so much that they cannot be close.
pub fn closest<'c>(
    target: &str,
    candidates: impl Iterator<Item = &'c str>,
    n: usize,
) -> Vec<String> {
    let tl = target.chars().count();
    let mut scored: Vec<(usize, &str)> = candidates
        .take(MAX_CANDIDATES)
        .filter(|c| c.chars().count().abs_diff(tl) <= tl.max(4))
        .map(|c| (strsim::levenshtein(target, c), c))
        .collect();
    scored.sort_by_key(|(d, _)| *d);
    let mut out: Vec<String> = Vec::new();
    for (_, c) in scored {
        if !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
        if out.len() >= n {
            break;
        }
    }
    out
}

/// Hosts close to a mistyped one: those it is a prefix of (typing in progress), else by edit
/// distance of the first label (ids and sub-domains differ there; comparing whole host
/// names would cost more than the match itself).
pub fn hosts(host: &str, known: &[String], n: usize) -> Vec<String> {
    let prefixed: Vec<String> = known
        .iter()
        .filter(|k| k.starts_with(host))
        .take(n)
        .cloned()
        .collect();
    if !prefixed.is_empty() {
        return prefixed;
    }
    let first = first_label(host);
    let mut scored: Vec<(usize, &String)> = known
        .iter()
        .take(MAX_CANDIDATES)
        .map(|k| (strsim::levenshtein(first, first_label(k)), k))
        .collect();
    scored.sort_by_key(|(d, _)| *d);
    scored.into_iter().take(n).map(|(_, k)| k.clone()).collect()
}

fn first_label(h: &str) -> &str {
    h.split('.').next().unwrap_or("")
}

/// Every host the inventory answers on: custom domains, then execute-api hosts.
pub fn known_hosts(inv: &Inventory) -> Vec<String> {
    let region = inv.region.as_deref().unwrap_or("<region>");
    let mut out: Vec<String> = inv.domains.iter().map(|d| d.name.clone()).collect();
    for id in inv
        .rest_apis
        .iter()
        .map(|a| &a.id)
        .chain(inv.http_apis.iter().map(|a| &a.id))
    {
        out.push(format!("{id}.execute-api.{region}.amazonaws.com"));
    }
    out
}

/// Resources near a failed walk: the children of the deepest node reached, closest to the
/// segment that failed first, plus that node itself when it is a resource.
pub fn resources(trie: &Trie, deepest_node: u32, failed_segment: &str) -> Vec<String> {
    let Some(node) = trie.node(deepest_node) else {
        return Vec::new();
    };
    let names: Vec<&str> = node.static_children().map(|(k, _)| k).collect();
    let mut out = Vec::new();
    for name in closest(failed_segment, names.iter().copied(), 3) {
        if let Some(id) = node
            .static_children()
            .find(|(k, _)| *k == name)
            .map(|(_, id)| id)
        {
            if let Some(p) = first_resource_under(trie, id) {
                out.push(p);
            }
        }
    }
    for (_, id, _) in node.var_children() {
        if let Some(p) = first_resource_under(trie, id) {
            out.push(p);
        }
    }
    if let Some(p) = node.path.as_deref() {
        if !node.methods.is_empty() {
            out.push(p.to_string());
        }
    }
    out.truncate(4);
    out
}

/// The resource at `id`, or the first one below it (so an intermediate node suggests a
/// path that exists).
fn first_resource_under(trie: &Trie, id: u32) -> Option<String> {
    let mut cur = id;
    for _ in 0..32 {
        let n = trie.node(cur)?;
        if n.path.is_some() && !n.methods.is_empty() {
            return n.path.as_deref().map(str::to_string);
        }
        cur = match n.static_children().next() {
            Some((_, c)) => c,
            None => n.var_children().next().map(|(_, c, _)| c)?,
        };
    }
    None
}
