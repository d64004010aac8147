//! The rows each list pane shows, built from the inventory and the selection (filters
//! applied). Only the view model (`super::view`) calls these, when their inputs change;
//! update moves selections over the built rows and panes draw them, so both always agree.

use super::filter;
use super::stale::{stage_staleness, Staleness};
use super::tree::{ApiTree, TreeRow, TreeState};
use crate::domain::model::{
    ApiKind, ApiRef, ApiView, DeployedSummary, Inventory, Stage, Timestamp,
};
use crate::domain::staleness::Change;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiRow {
    pub api: ApiRef,
    pub name: String,
    /// The region it was read in, when not the inventory's (a URL named it).
    pub region: Option<String>,
    pub hl: Vec<usize>,
}

/// A stage of the selected API with what a deployment would change.
#[derive(Debug, Clone, PartialEq)]
pub struct StageView {
    pub stage: Stage,
    pub staleness: Staleness,
    pub changes: Vec<Change>,
}

/// A deployment of the selected API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeploymentRow {
    pub id: String,
    pub created_date: Option<Timestamp>,
    pub description: Option<String>,
    /// Stages serving it now.
    pub stages: Vec<String>,
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

pub fn api_rows(inv: &Inventory, pattern: &str) -> Vec<ApiRow> {
    let all = inv
        .rest_apis
        .iter()
        .map(|a| (ApiKind::Rest, &a.id, &a.name, &a.region))
        .chain(
            inv.http_apis
                .iter()
                .map(|a| (ApiKind::Http, &a.id, &a.name, &a.region)),
        )
        .map(|(kind, id, name, region)| ApiRow {
            api: ApiRef {
                kind,
                id: id.clone(),
            },
            name: name.clone(),
            region: region.clone(),
            hl: Vec::new(),
        });
    filter::apply(pattern, all, |r| r.name.clone())
        .into_iter()
        .map(|(mut r, hl)| {
            r.hl = hl;
            r
        })
        .collect()
}

fn stages_of<'a>(inv: &'a Inventory, api: &ApiRef) -> &'a [Stage] {
    inv.api(api).map(ApiView::stages).unwrap_or(&[])
}

/// Every stage of the selected API with its staleness (one diff per stage).
pub fn stage_views(inv: &Inventory, api: Option<&ApiRef>) -> Vec<StageView> {
    let Some(api) = api else {
        return Vec::new();
    };
    stages_of(inv, api)
        .iter()
        .map(|s| {
            let (staleness, changes) = stage_staleness(inv, api, &s.name);
            StageView {
                stage: s.clone(),
                staleness,
                changes,
            }
        })
        .collect()
}

/// The Stages pane's rows: the stages matching its filter.
pub fn stage_rows(stages: &[StageView], pattern: &str) -> Vec<StageRow> {
    filter::apply(pattern, stages.iter(), |s| s.stage.name.clone())
        .into_iter()
        .map(|(s, hl)| StageRow {
            stage: s.stage.clone(),
            staleness: s.staleness.clone(),
            hl,
        })
        .collect()
}

pub fn domain_rows(inv: &Inventory, pattern: &str) -> Vec<DomainRow> {
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
                target: api_ref(inv, &r.action.api_id).map(|a| (a, r.action.stage.clone())),
                hl: Vec::new(),
            });
        }
        for m in &d.mappings {
            let api = inv.api_name(&m.api_id);
            out.push(DomainRow {
                key: key(DomainItem::Mapping(m.key.clone())),
                text: format!("{} → {api}/{}", m.display_key(), m.stage),
                target: api_ref(inv, &m.api_id).map(|a| (a, m.stage.clone())),
                hl: Vec::new(),
            });
        }
    }
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

fn api_ref(inv: &Inventory, id: &str) -> Option<ApiRef> {
    inv.api_kind(id).map(|kind| ApiRef {
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
pub fn api_tree(inv: &Inventory, api: Option<&ApiRef>) -> Option<ApiTree> {
    let api = api?;
    match api.kind {
        ApiKind::Rest => inv.rest_api(&api.id).map(ApiTree::from_rest),
        ApiKind::Http => inv.http_api(&api.id).map(ApiTree::from_http),
    }
}

/// Visible tree rows with highlighted chars. Filtered rows are searched in every node
/// (collapsed or not) by `path METHOD`.
pub fn tree_rows(tree: &ApiTree, state: &TreeState, pattern: &str) -> Vec<(TreeRow, Vec<usize>)> {
    if pattern.is_empty() {
        return tree
            .rows(state)
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

/// What `stage` of `api` serves, when known (`None` for an HTTP stage that deploys
/// automatically: it serves the working tree).
pub fn deployed(
    inv: &Inventory,
    api: Option<&ApiRef>,
    stage: Option<&str>,
) -> Option<DeployedSummary> {
    let (view, stage) = (inv.api(api?)?, stage?);
    if view.kind() == ApiKind::Http && view.stage(stage)?.auto_deploy {
        return None;
    }
    view.deployed_summary(stage)
}

/// The deployments of the selected API, newest first, with the stages serving each.
pub fn deployment_rows(inv: &Inventory, api: Option<&ApiRef>) -> Vec<DeploymentRow> {
    let Some(api) = api else {
        return Vec::new();
    };
    let deployments = inv.api(api).map(ApiView::deployments).unwrap_or(&[]);
    let stages = stages_of(inv, api);
    let mut out: Vec<DeploymentRow> = deployments
        .iter()
        .map(|d| DeploymentRow {
            id: d.id.clone(),
            created_date: d.created_date,
            description: d.description.clone(),
            stages: stages
                .iter()
                .filter(|st| st.deployment_id.as_deref() == Some(d.id.as_str()))
                .map(|st| st.name.clone())
                .collect(),
        })
        .collect();
    out.sort_by_key(|d| std::cmp::Reverse(d.created_date));
    out
}
