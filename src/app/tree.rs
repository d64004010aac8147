//! The resource tree (REST) or route tree (HTTP) of the selected API, flattened into rows.
//! Opened/selected state is kept by path so it survives reloads.

use std::collections::BTreeSet;

use crate::domain::model::{AuthorizationType, HttpApi, RestApi};

/// One method (REST) or route (HTTP) under a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodInfo {
    pub method: String,
    pub auth: AuthorizationType,
    pub api_key: bool,
    pub authorizer_id: Option<String>,
}

/// A path in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Full path (`/orders/{orderId}`), or `$default` for the HTTP default route.
    pub path: String,
    /// The last segment as shown (`{orderId}`, `/` for the root).
    pub name: String,
    pub depth: usize,
    pub children: Vec<usize>,
    pub methods: Vec<MethodInfo>,
}

/// The tree of one API; node 0 is the root `/`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApiTree {
    pub nodes: Vec<Node>,
}

/// Identifies a row: a path, and a method under it (`None` for the path itself).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TreeKey {
    pub path: String,
    pub method: Option<String>,
}

impl TreeKey {
    pub fn node(path: &str) -> Self {
        Self {
            path: path.to_string(),
            method: None,
        }
    }
}

/// A visible row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRow {
    pub key: TreeKey,
    pub node: usize,
    pub depth: usize,
    /// For method rows: index into the node's methods.
    pub method: Option<usize>,
    pub has_children: bool,
    pub expanded: bool,
}

/// Which paths are collapsed, and which row is selected.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TreeState {
    pub collapsed: BTreeSet<String>,
    pub selected: Option<TreeKey>,
}

impl ApiTree {
    pub fn from_rest(api: &RestApi) -> Self {
        let mut t = Self::with_root();
        let mut resources: Vec<_> = api.resources.iter().collect();
        resources.sort_by(|a, b| a.path.cmp(&b.path));
        for r in resources {
            let i = t.insert_path(&r.path);
            t.nodes[i].methods = r
                .methods
                .iter()
                .map(|m| MethodInfo {
                    method: m.http_method.clone(),
                    auth: m.authorization_type,
                    api_key: m.api_key_required,
                    authorizer_id: m.authorizer_id.clone(),
                })
                .collect();
            t.nodes[i].methods.sort_by_key(|m| method_rank(&m.method));
        }
        t
    }

    pub fn from_http(api: &HttpApi) -> Self {
        let mut t = Self::with_root();
        let mut routes: Vec<_> = api.routes.iter().collect();
        routes.sort_by(|a, b| a.route_key.cmp(&b.route_key));
        for r in routes {
            let (method, path) = match r.method_and_path() {
                Some((m, p)) => (m.to_string(), p.to_string()),
                None => ("ANY".to_string(), r.route_key.clone()),
            };
            let i = if path == "$default" {
                t.add_child(0, "$default", "$default")
            } else {
                t.insert_path(&path)
            };
            t.nodes[i].methods.push(MethodInfo {
                method,
                auth: r.authorization_type,
                api_key: r.api_key_required,
                authorizer_id: r.authorizer_id.clone(),
            });
            t.nodes[i].methods.sort_by_key(|m| method_rank(&m.method));
        }
        t
    }

    fn with_root() -> Self {
        Self {
            nodes: vec![Node {
                path: "/".to_string(),
                name: "/".to_string(),
                depth: 0,
                children: Vec::new(),
                methods: Vec::new(),
            }],
        }
    }

    fn add_child(&mut self, parent: usize, path: &str, name: &str) -> usize {
        if let Some(&c) = self.nodes[parent]
            .children
            .iter()
            .find(|&&c| self.nodes[c].path == path)
        {
            return c;
        }
        let depth = self.nodes[parent].depth + 1;
        self.nodes.push(Node {
            path: path.to_string(),
            name: name.to_string(),
            depth,
            children: Vec::new(),
            methods: Vec::new(),
        });
        let i = self.nodes.len() - 1;
        self.nodes[parent].children.push(i);
        i
    }

    /// The node for `path`, creating it and its ancestors as needed.
    fn insert_path(&mut self, path: &str) -> usize {
        let mut cur = 0;
        let mut full = String::new();
        for seg in path.split('/').filter(|s| !s.is_empty()) {
            full.push('/');
            full.push_str(seg);
            cur = self.add_child(cur, &full, seg);
        }
        cur
    }

    pub fn find(&self, path: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.path == path)
    }

    /// The visible rows given which paths are collapsed.
    pub fn rows(&self, state: &TreeState) -> Vec<TreeRow> {
        let mut out = Vec::new();
        if !self.nodes.is_empty() {
            self.push_rows(0, state, &mut out);
        }
        out
    }

    fn push_rows(&self, i: usize, state: &TreeState, out: &mut Vec<TreeRow>) {
        let n = &self.nodes[i];
        let has_children = !n.children.is_empty() || !n.methods.is_empty();
        let expanded = !state.collapsed.contains(&n.path);
        out.push(TreeRow {
            key: TreeKey::node(&n.path),
            node: i,
            depth: n.depth,
            method: None,
            has_children,
            expanded,
        });
        if !expanded {
            return;
        }
        for (mi, m) in n.methods.iter().enumerate() {
            out.push(TreeRow {
                key: TreeKey {
                    path: n.path.clone(),
                    method: Some(m.method.clone()),
                },
                node: i,
                depth: n.depth + 1,
                method: Some(mi),
                has_children: false,
                expanded: false,
            });
        }
        for &c in &n.children {
            self.push_rows(c, state, out);
        }
    }

    /// Every row regardless of collapsed state (what a filter searches).
    pub fn all_rows(&self) -> Vec<TreeRow> {
        self.rows(&TreeState::default())
    }

    /// Paths of `path` and all its ancestors (to reveal a node).
    pub fn ancestors(path: &str) -> Vec<String> {
        let mut out = vec!["/".to_string()];
        if !path.starts_with('/') {
            out.push(path.to_string());
            return out;
        }
        let mut full = String::new();
        for seg in path.split('/').filter(|s| !s.is_empty()) {
            full.push('/');
            full.push_str(seg);
            out.push(full.clone());
        }
        out
    }
}

/// Methods sort in the order people read them.
fn method_rank(m: &str) -> (usize, String) {
    let order = [
        "ANY", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
    ];
    let i = order.iter().position(|o| *o == m).unwrap_or(order.len());
    (i, m.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_of_nested_path_start_at_root() {
        assert_eq!(
            ApiTree::ancestors("/a/{b}"),
            vec!["/".to_string(), "/a".to_string(), "/a/{b}".to_string()]
        );
    }
}
