//! Finding the resource (or route path) and method for a request in one trie.

use std::collections::BTreeMap;

use super::trie::{Edge, MethodEntry, Node, Step, Trie};
use super::url::Seg;

/// What one trie says about a path and method.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A resource with the method (exact, or `ANY`).
    Found {
        node: u32,
        entry: usize,
        steps: Vec<Step>,
    },
    /// Resources match the whole path, none has the method: the best one.
    NoMethod { node: u32 },
    /// Nothing matches the whole path; `deepest` segments could be walked.
    NoResource { deepest: usize, deepest_node: u32 },
}

impl Outcome {
    pub fn is_found(&self) -> bool {
        matches!(self, Outcome::Found { .. })
    }
}

/// The method entry of a node for a request method: exact beats `ANY`; `HEAD` is not `GET`.
pub fn pick_method(node: &Node, method: &str) -> Option<usize> {
    node.methods
        .iter()
        .position(|m| m.method.eq_ignore_ascii_case(method))
        .or_else(|| node.methods.iter().position(|m| &*m.method == "ANY"))
}

/// The best whole-path match that has the method, with backtracking (ROUTING.md 2.3/2.4).
/// `greedy` false leaves greedy variables out (the first pass of HTTP route selection).
pub fn find(trie: &Trie, path: &str, segs: &[Seg], method: &str, greedy: bool) -> Outcome {
    let mut steps = Vec::with_capacity(segs.len() + 1);
    let mut first_full: Option<u32> = None;
    let mut found: Option<(u32, usize, Vec<Step>)> = None;
    let w = trie.walk(path, segs, greedy, &mut steps, &mut |node, st| {
        let Some(n) = trie.node(node) else {
            return false;
        };
        if first_full.is_none() {
            first_full = Some(node);
        }
        match pick_method(n, method) {
            Some(entry) => {
                found = Some((node, entry, st.to_vec()));
                true
            }
            None => false,
        }
    });
    match (found, first_full) {
        (Some((node, entry, steps)), _) => Outcome::Found { node, entry, steps },
        (None, Some(node)) => Outcome::NoMethod { node },
        (None, None) => Outcome::NoResource {
            deepest: w.deepest,
            deepest_node: w.deepest_node,
        },
    }
}

/// Path parameters of a match: `{orderId}` → the segment as typed (still percent-encoded);
/// a greedy variable → the rest of the path (inner `//` kept, the ignored trailing slash
/// left out).
pub fn path_params(
    trie: &Trie,
    path: &str,
    segs: &[Seg],
    steps: &[Step],
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut parent = 0u32;
    for st in steps {
        if st.edge != Edge::Static {
            if let (Some(name), Some(a), Some(b)) = (
                trie.var_name(parent, st.node),
                segs.get(st.first_seg as usize),
                segs.get(st.last_seg as usize),
            ) {
                out.insert(
                    name.to_string(),
                    path.get(a.start..b.end).unwrap_or("").to_string(),
                );
            }
        }
        parent = st.node;
    }
    out
}

pub fn entry(trie: &Trie, node: u32, entry: usize) -> Option<&MethodEntry> {
    trie.node(node)?.methods.get(entry)
}

pub fn node_path(trie: &Trie, node: u32) -> String {
    trie.node(node)
        .and_then(|n| n.path.as_deref())
        .unwrap_or("/")
        .to_string()
}

/// The methods a node has, for explanations: `GET, DELETE`.
pub fn method_list(trie: &Trie, node: u32) -> String {
    let ms: Vec<&str> = trie
        .node(node)
        .map(|n| n.methods.iter().map(|m| &*m.method).collect())
        .unwrap_or_default();
    if ms.is_empty() {
        "no methods".to_string()
    } else {
        ms.join(", ")
    }
}
