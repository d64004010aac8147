//! A path trie over REST resources or HTTP route paths, built once per API (and per
//! deployment) in `Router::new`, walked with backtracking per request (ROUTING.md 2.3).

use super::url::Seg;
use crate::domain::model::AuthorizationType;

/// Where a method entry comes from in the inventory (indices into the API's vectors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// REST: (resource index, method index) in the working tree.
    Rest(u32, u32),
    /// HTTP: route index.
    Route(u32),
    /// Only in a deployed summary: no working-tree details.
    Deployed,
}

#[derive(Debug, Clone)]
pub struct MethodEntry {
    pub method: Box<str>,
    pub auth: AuthorizationType,
    pub api_key_required: bool,
    pub source: Source,
}

#[derive(Debug, Clone, Default)]
pub struct Node {
    /// Sorted by name for binary search.
    statics: Vec<(Box<str>, u32)>,
    params: Vec<(Box<str>, u32)>,
    greedy: Vec<(Box<str>, u32)>,
    /// The resource path (`/orders/{orderId}`) when a resource (or route path) ends here.
    pub path: Option<Box<str>>,
    pub methods: Vec<MethodEntry>,
}

impl Node {
    /// Static children (name, node), sorted by name.
    pub fn static_children(&self) -> impl Iterator<Item = (&str, u32)> {
        self.statics.iter().map(|(k, id)| (&**k, *id))
    }

    /// `{param}` then greedy children: (path part, node, edge).
    pub fn var_children(&self) -> impl Iterator<Item = (&str, u32, Edge)> {
        self.params
            .iter()
            .map(|(k, id)| (&**k, *id, Edge::Param))
            .chain(self.greedy.iter().map(|(k, id)| (&**k, *id, Edge::Greedy)))
    }
}

/// Which kind of edge led into a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Static,
    Param,
    Greedy,
}

/// One step of a match: the node reached, the kind of edge and the segments it consumed.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    pub node: u32,
    pub edge: Edge,
    pub first_seg: u32,
    pub last_seg: u32,
}

/// The state of one walk.
struct WalkCx<'a, F> {
    path: &'a str,
    segs: &'a [Seg],
    greedy: bool,
    steps: &'a mut Vec<Step>,
    visit: &'a mut F,
    w: Walk,
}

#[derive(Debug, Clone)]
pub struct Trie {
    nodes: Vec<Node>,
}

impl Default for Trie {
    fn default() -> Self {
        Self {
            nodes: vec![Node::default()],
        }
    }
}

/// Result of walking a path: the deepest segment count any branch consumed (for the URL
/// bar) and whether the visitor stopped the walk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Walk {
    pub deepest: usize,
    /// The first node (in preference order) that reached `deepest`.
    pub deepest_node: u32,
    pub stopped: bool,
}

impl Trie {
    pub fn node(&self, id: u32) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    /// Inserts a path (`/a/{b}/{c+}`) and returns its node; `/` is the root.
    pub fn insert(&mut self, path: &str) -> u32 {
        let mut cur = 0u32;
        for part in path.split('/').filter(|p| !p.is_empty()) {
            cur = self.child(cur, part);
        }
        if let Some(n) = self.nodes.get_mut(cur as usize) {
            if n.path.is_none() {
                n.path = Some(normalise(path).into());
            }
        }
        cur
    }

    pub fn add_method(&mut self, node: u32, entry: MethodEntry) {
        if let Some(n) = self.nodes.get_mut(node as usize) {
            if !n.methods.iter().any(|m| m.method == entry.method) {
                n.methods.push(entry);
            }
        }
    }

    fn child(&mut self, parent: u32, part: &str) -> u32 {
        let next = self.nodes.len() as u32;
        let kind = edge_of(part);
        let Some(p) = self.nodes.get_mut(parent as usize) else {
            return 0;
        };
        let found = match kind {
            Edge::Static => match p.statics.binary_search_by(|(k, _)| (**k).cmp(part)) {
                Ok(i) => Some(p.statics[i].1),
                Err(i) => {
                    p.statics.insert(i, (part.into(), next));
                    None
                }
            },
            Edge::Param | Edge::Greedy => {
                let list = if kind == Edge::Param {
                    &mut p.params
                } else {
                    &mut p.greedy
                };
                match list.iter().find(|(k, _)| **k == *part) {
                    Some((_, id)) => Some(*id),
                    None => {
                        list.push((part.into(), next));
                        None
                    }
                }
            }
        };
        match found {
            Some(id) => id,
            None => {
                self.nodes.push(Node::default());
                next
            }
        }
    }

    /// Walks every full match of `segs` in preference order (static, then `{param}`, then
    /// greedy at the first segment where they differ), calling `visit` with the node and the
    /// steps taken; `visit` returns true to stop. `greedy` false skips greedy edges (HTTP
    /// APIs try them in a second pass).
    pub fn walk<F>(
        &self,
        path: &str,
        segs: &[Seg],
        greedy: bool,
        steps: &mut Vec<Step>,
        visit: &mut F,
    ) -> Walk
    where
        F: FnMut(u32, &[Step]) -> bool,
    {
        steps.clear();
        let mut cx = WalkCx {
            path,
            segs,
            greedy,
            steps,
            visit,
            w: Walk::default(),
        };
        self.walk_from(0, 0, &mut cx);
        cx.w
    }

    fn walk_from<F>(&self, node: u32, i: usize, cx: &mut WalkCx<'_, F>)
    where
        F: FnMut(u32, &[Step]) -> bool,
    {
        let Some(n) = self.nodes.get(node as usize) else {
            return;
        };
        if i > cx.w.deepest {
            cx.w.deepest = i;
            cx.w.deepest_node = node;
        }
        let Some(seg) = cx.segs.get(i) else {
            if n.path.is_some() && (cx.visit)(node, cx.steps) {
                cx.w.stopped = true;
            }
            return;
        };
        let text = seg.text(cx.path);
        if let Ok(k) = n.statics.binary_search_by(|(k, _)| (**k).cmp(text)) {
            self.descend(n.statics[k].1, Edge::Static, i, cx);
            if cx.w.stopped {
                return;
            }
        }
        if !text.is_empty() {
            for &(_, child) in &n.params {
                self.descend(child, Edge::Param, i, cx);
                if cx.w.stopped {
                    return;
                }
            }
        }
        if cx.greedy {
            for &(_, child) in &n.greedy {
                self.greedy_to_end(child, i, cx);
                if cx.w.stopped {
                    return;
                }
            }
        }
    }

    fn descend<F>(&self, child: u32, edge: Edge, i: usize, cx: &mut WalkCx<'_, F>)
    where
        F: FnMut(u32, &[Step]) -> bool,
    {
        cx.steps.push(Step {
            node: child,
            edge,
            first_seg: i as u32,
            last_seg: i as u32,
        });
        self.walk_from(child, i + 1, cx);
        cx.steps.pop();
    }

    /// A greedy variable takes segments `i..` (one or more; its children are ignored).
    fn greedy_to_end<F>(&self, child: u32, i: usize, cx: &mut WalkCx<'_, F>)
    where
        F: FnMut(u32, &[Step]) -> bool,
    {
        let len = cx.segs.len();
        if len > cx.w.deepest {
            cx.w.deepest = len;
            cx.w.deepest_node = child;
        }
        cx.steps.push(Step {
            node: child,
            edge: Edge::Greedy,
            first_seg: i as u32,
            last_seg: len.saturating_sub(1) as u32,
        });
        let has_path = self
            .nodes
            .get(child as usize)
            .is_some_and(|c| c.path.is_some());
        if has_path && (cx.visit)(child, cx.steps) {
            cx.w.stopped = true;
        }
        cx.steps.pop();
    }

    /// The name of the variable an edge into `node` carries (`orderId`, `proxy`).
    pub fn var_name(&self, parent: u32, node: u32) -> Option<&str> {
        let p = self.nodes.get(parent as usize)?;
        p.params
            .iter()
            .chain(p.greedy.iter())
            .find(|(_, id)| *id == node)
            .map(|(k, _)| var_of(k))
    }
}

/// `{orderId}` → `orderId`; `{proxy+}` → `proxy`.
pub fn var_of(part: &str) -> &str {
    part.trim_start_matches('{')
        .trim_end_matches('}')
        .trim_end_matches('+')
}

pub fn edge_of(part: &str) -> Edge {
    if part.starts_with('{') && part.ends_with('}') && part.len() > 2 {
        if part.ends_with("+}") {
            Edge::Greedy
        } else {
            Edge::Param
        }
    } else {
        Edge::Static
    }
}

fn normalise(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    format!("/{}", parts.join("/"))
}
