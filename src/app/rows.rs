//! The rows each list pane shows, derived from the state (filters applied). Update uses
//! them to move selections; panes use them to draw, so both always agree.

use super::filter;
use super::focus::Pane;
use super::stale::{stage_staleness, Staleness};
use super::state::State;
use super::tree::{ApiTree, TreeRow};
use crate::domain::model::{ApiKind, ApiRef, Stage};

#[derive(Debug, Clone, PartialEq)]
pub struct ApiRow {
    pub api: ApiRef,
    pub name: String,
    pub hl: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StageRow {
    pub stage: Stage,
    pub staleness: Staleness,
    pub hl: Vec<usize>,
}

/// A row of the Domains pane: a domain, one of its mappings, or one of its rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DomainKey {
    pub domain: String,
    pub item: DomainItem,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DomainItem {
    Domain,
    /// A mapping by key (`""` for `(none)`).
    Mapping(String),
    /// A routing rule by position.
    Rule(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct DomainRow {
    pub key: DomainKey,
    pub text: String,
    /// The API + stage the row points at (mappings and rules).
    pub target: Option<(ApiRef, String)>,
    pub hl: Vec<usize>,
}

pub fn api_rows(state: &State) -> Vec<ApiRow> {
    let inv = &state.inventory;
    let all = inv
        .rest_apis
        .iter()
        .map(|a| (ApiKind::Rest, &a.id, &a.name))
        .chain(
            inv.http_apis
                .iter()
                .map(|a| (ApiKind::Http, &a.id, &a.name)),
        )
        .map(|(kind, id, name)| ApiRow {
            api: ApiRef {
                kind,
                id: id.clone(),
            },
            name: name.clone(),
            hl: Vec::new(),
        });
    filter::apply(state.filter(Pane::Apis), all, |r| r.name.clone())
        .into_iter()
        .map(|(mut r, hl)| {
            r.hl = hl;
            r
        })
        .collect()
}

/// Stages of the selected API.
pub fn stage_rows(state: &State) -> Vec<StageRow> {
    let Some(api) = &state.api else {
        return Vec::new();
    };
    let stages: &[Stage] = match api.kind {
        ApiKind::Rest => state
            .inventory
            .rest_api(&api.id)
            .map(|a| a.stages.as_slice()),
        ApiKind::Http => state
            .inventory
            .http_api(&api.id)
            .map(|a| a.stages.as_slice()),
    }
    .unwrap_or(&[]);
    filter::apply(state.filter(Pane::Stages), stages.iter(), |s| {
        s.name.clone()
    })
    .into_iter()
    .map(|(s, hl)| StageRow {
        staleness: stage_staleness(&state.inventory, api, &s.name).0,
        stage: s.clone(),
        hl,
    })
    .collect()
}

pub fn domain_rows(state: &State) -> Vec<DomainRow> {
    let inv = &state.inventory;
    let mut out = Vec::new();
    for d in &inv.domains {
        let key = |item| DomainKey {
            domain: d.name.clone(),
            item,
        };
        out.push(DomainRow {
            key: key(DomainItem::Domain),
            text: d.name.clone(),
            target: None,
            hl: Vec::new(),
        });
        for (i, r) in d.routing_rules.iter().enumerate() {
            let api = inv.api_name(&r.action.api_id);
            out.push(DomainRow {
                key: key(DomainItem::Rule(i)),
                text: format!(
                    "rule {}: {} → {api}/{}",
                    r.priority,
                    rule_conditions(r),
                    r.action.stage
                ),
                target: api_ref(state, &r.action.api_id).map(|a| (a, r.action.stage.clone())),
                hl: Vec::new(),
            });
        }
        for m in &d.mappings {
            let api = inv.api_name(&m.api_id);
            out.push(DomainRow {
                key: key(DomainItem::Mapping(m.key.clone())),
                text: format!("{} → {api}/{}", m.display_key(), m.stage),
                target: api_ref(state, &m.api_id).map(|a| (a, m.stage.clone())),
                hl: Vec::new(),
            });
        }
    }
    let pattern = state.filter(Pane::Domains);
    if pattern.is_empty() {
        return out;
    }
    filter::apply(pattern, out, |r| r.text.clone())
        .into_iter()
        .map(|(mut r, hl)| {
            r.hl = hl;
            r
        })
        .collect()
}

fn api_ref(state: &State, id: &str) -> Option<ApiRef> {
    state.inventory.api_kind(id).map(|kind| ApiRef {
        kind,
        id: id.to_string(),
    })
}

/// A routing rule's conditions in one short line.
pub fn rule_conditions(r: &crate::domain::model::RoutingRule) -> String {
    use crate::domain::model::RuleCondition;
    let parts: Vec<String> = r
        .conditions
        .iter()
        .map(|c| match c {
            RuleCondition::Headers { any_of } => any_of
                .iter()
                .map(|h| format!("{}: {}", h.header, h.value_glob))
                .collect::<Vec<_>>()
                .join(" | "),
            RuleCondition::BasePaths { any_of } => format!("path {}", any_of.join(" | ")),
        })
        .collect();
    if parts.is_empty() {
        "always".to_string()
    } else {
        parts.join(" & ")
    }
}

/// The tree of the selected API.
pub fn api_tree(state: &State) -> Option<ApiTree> {
    let api = state.api.as_ref()?;
    match api.kind {
        ApiKind::Rest => state.inventory.rest_api(&api.id).map(ApiTree::from_rest),
        ApiKind::Http => state.inventory.http_api(&api.id).map(ApiTree::from_http),
    }
}

/// Visible tree rows with highlighted chars. Filtered rows are searched in every node
/// (collapsed or not) by `path METHOD`.
pub fn tree_rows(state: &State, tree: &ApiTree) -> Vec<(TreeRow, Vec<usize>)> {
    let pattern = state.filter(Pane::Tree);
    if pattern.is_empty() {
        return tree
            .rows(&state.tree)
            .into_iter()
            .map(|r| (r, Vec::new()))
            .collect();
    }
    filter::apply(pattern, tree.all_rows(), |r| tree_label(tree, r))
}

/// The text a filtered tree row shows and is matched on.
pub fn tree_label(tree: &ApiTree, r: &TreeRow) -> String {
    let n = &tree.nodes[r.node];
    match r.method.and_then(|m| n.methods.get(m)) {
        Some(m) => format!("{} {}", m.method, n.path),
        None => n.path.clone(),
    }
}
