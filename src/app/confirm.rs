//! Confirm dialogs for mutations (deploy a stage, add a CORS OPTIONS mock): the plan as
//! `aws` CLI lines and what changes, an editable field, an optional checkbox, confirm or
//! cancel. A confirmed plan is sent once; a second confirm while it runs does nothing.

use super::effect::{Effect, Mutation};
use super::stale::stage_staleness;
use super::state::State;
use crate::domain::model::{ApiKind, ApiRef};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogFocus {
    Field,
    Checkbox,
    Confirm,
    Cancel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Editing,
    Running,
    Done(Result<String, String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    pub title: String,
    pub mutation: Mutation,
    /// What goes live / changes, one line each.
    pub diff: Vec<String>,
    pub warnings: Vec<String>,
    pub field_label: &'static str,
    pub field: String,
    pub checkbox: Option<(&'static str, bool)>,
    pub focus: DialogFocus,
    pub phase: Phase,
    /// Id of the execution in flight (replies with another id are dropped).
    pub req: u64,
    /// Why confirming cannot apply (offline source); the plan is still shown.
    pub blocked: Option<String>,
}

impl Dialog {
    /// The mutation with the edited field and checkbox applied.
    pub fn current(&self) -> Mutation {
        let mut m = self.mutation.clone();
        match &mut m {
            Mutation::Deploy { description, .. } => description.clone_from(&self.field),
            Mutation::Cors {
                origin,
                gateway_responses,
                ..
            } => {
                origin.clone_from(&self.field);
                *gateway_responses = self.checkbox.is_some_and(|c| c.1);
            }
        }
        m
    }

    /// The plan as `aws` CLI lines.
    pub fn plan(&self, region: Option<&str>) -> Vec<String> {
        super::plan_lines::lines(&self.current(), region)
    }
}

fn refuse_read_only(state: &mut State, what: &str) -> bool {
    if state.read_only {
        state.error(format!(
            "read-only mode: refusing to {what} (started with --read-only or read_only = true)"
        ));
    }
    state.read_only
}

fn blocked(state: &State) -> Option<String> {
    state.source.is_offline().then(|| {
        format!(
            "{} is read-only; run against an account (or moto) to apply",
            state.source.label()
        )
    })
}

/// `D`: deploy the selected stage.
pub fn open_deploy(state: &mut State) -> Vec<Effect> {
    if refuse_read_only(state, "deploy") {
        return Vec::new();
    }
    let (Some(api), Some(stage)) = (state.api.clone(), state.stage.clone()) else {
        state.error("select an API and a stage to deploy");
        return Vec::new();
    };
    let (_, changes) = stage_staleness(&state.inventory, &api, &stage);
    let mut diff: Vec<String> = changes
        .iter()
        .map(|c| format!("{:<8} {:<7} {}", c.change, c.method, c.path))
        .collect();
    if diff.is_empty() {
        diff.push("no method changes known: the stage already serves the working tree".into());
    }
    let name = state.inventory.api_name(&api.id).to_string();
    state.dialog = Some(Dialog {
        title: format!("Deploy {name} → {stage}"),
        mutation: Mutation::Deploy {
            api,
            stage,
            description: String::new(),
        },
        diff,
        warnings: vec!["callers of this stage see the new deployment at once".into()],
        field_label: "description",
        field: "deployed with apigw".into(),
        checkbox: None,
        focus: DialogFocus::Field,
        phase: Phase::Editing,
        req: 0,
        blocked: blocked(state),
    });
    Vec::new()
}

/// `C`: add a CORS OPTIONS mock to the selected REST resource.
pub fn open_cors(state: &mut State) -> Vec<Effect> {
    if refuse_read_only(state, "add a CORS OPTIONS mock") {
        return Vec::new();
    }
    let Some(api) = state.api.clone().filter(|a| a.kind == ApiKind::Rest) else {
        state.error("CORS mocks are for REST resources: select a resource of a REST API");
        return Vec::new();
    };
    let Some(path) = state.tree.selected.as_ref().map(|k| k.path.clone()) else {
        state.error("select a resource in the Resources pane first");
        return Vec::new();
    };
    state.dialog = Some(cors_dialog(state, &api, &path));
    Vec::new()
}

fn cors_dialog(state: &State, api: &ApiRef, path: &str) -> Dialog {
    let rest = state.inventory.rest_api(&api.id);
    let res = rest.and_then(|a| a.resource_by_path(path));
    let methods: Vec<String> = res
        .map(|r| r.methods.iter().map(|m| m.http_method.clone()).collect())
        .unwrap_or_default();
    let mut warnings = Vec::new();
    let options = res.and_then(|r| r.methods.iter().find(|m| m.http_method == "OPTIONS"));
    if let Some(o) = options {
        let t = o.integration.as_ref().map(|i| i.integration_type.as_aws());
        warnings.push(format!(
            "{path} already has OPTIONS ({}): only what differs is updated",
            t.unwrap_or("no integration")
        ));
    }
    let proxied = res.is_some_and(|r| {
        r.methods
            .iter()
            .any(|m| m.integration.as_ref().is_some_and(|i| i.integration_type.is_proxy()))
    });
    if proxied {
        warnings.push("proxy integrations must still return Access-Control-Allow-Origin from the backend".into());
    }
    warnings.push("nothing changes for callers until the stage is deployed (D)".into());
    let mut allow: Vec<String> = methods.clone();
    if !allow.iter().any(|m| m == "OPTIONS") {
        allow.push("OPTIONS".into());
    }
    Dialog {
        title: format!("Add CORS OPTIONS mock to {path}"),
        mutation: Mutation::Cors {
            api_id: api.id.clone(),
            path: path.to_string(),
            origin: String::new(),
            gateway_responses: false,
        },
        diff: vec![
            format!("+ OPTIONS {path} (MOCK, no auth)"),
            format!("  Access-Control-Allow-Methods: '{}'", allow.join(",")),
        ],
        warnings,
        field_label: "allowed origin",
        field: "*".into(),
        checkbox: Some(("also add CORS headers to DEFAULT_4XX/5XX gateway responses", false)),
        focus: DialogFocus::Field,
        phase: Phase::Editing,
        req: 0,
        blocked: blocked(state),
    }
}

/// Enter in a dialog.
pub fn confirm(state: &mut State) -> Vec<Effect> {
    let Some(d) = state.dialog.as_mut() else {
        return Vec::new();
    };
    match (&d.phase, d.focus) {
        (Phase::Running, _) => return Vec::new(),
        (Phase::Done(_), _) | (_, DialogFocus::Cancel) => {
            state.dialog = None;
            return Vec::new();
        }
        (Phase::Editing, DialogFocus::Checkbox) => {
            toggle_checkbox(state);
            return Vec::new();
        }
        _ => {}
    }
    if let Some(why) = d.blocked.clone() {
        d.phase = Phase::Done(Err(why));
        return Vec::new();
    }
    let mutation = d.current();
    let req = state.request_id();
    if let Some(d) = state.dialog.as_mut() {
        d.phase = Phase::Running;
        d.req = req;
    }
    vec![Effect::Execute { req, mutation }]
}

pub fn toggle_checkbox(state: &mut State) {
    if let Some(d) = state.dialog.as_mut() {
        if let Some(c) = d.checkbox.as_mut() {
            c.1 = !c.1;
        }
    }
}

pub fn cancel(state: &mut State) {
    let running = state
        .dialog
        .as_ref()
        .is_some_and(|d| d.phase == Phase::Running);
    if running {
        state.info("the change is in flight; the dialog closes when AWS answers");
    } else {
        state.dialog = None;
    }
}

pub fn next_focus(state: &mut State, back: bool) {
    let Some(d) = state.dialog.as_mut() else {
        return;
    };
    let mut order = vec![DialogFocus::Field];
    if d.checkbox.is_some() {
        order.push(DialogFocus::Checkbox);
    }
    order.extend([DialogFocus::Confirm, DialogFocus::Cancel]);
    let i = order.iter().position(|f| *f == d.focus).unwrap_or(0);
    let n = order.len();
    d.focus = order[if back { (i + n - 1) % n } else { (i + 1) % n }];
}

/// Typing into the dialog's field (space toggles the checkbox when it is focused).
pub fn input(state: &mut State, c: char) {
    let Some(d) = state.dialog.as_mut() else {
        return;
    };
    if d.phase != Phase::Editing {
        return;
    }
    match d.focus {
        DialogFocus::Field => d.field.push(c),
        DialogFocus::Checkbox if c == ' ' => toggle_checkbox(state),
        _ => {}
    }
}

pub fn backspace(state: &mut State) {
    if let Some(d) = state.dialog.as_mut() {
        if d.phase == Phase::Editing && d.focus == DialogFocus::Field {
            d.field.pop();
        }
    }
}

/// The answer to an execution: shown in the dialog, then the inventory is re-read to
/// verify the effect.
pub fn finished(state: &mut State, req: u64, result: Result<String, String>) -> Vec<Effect> {
    let Some(d) = state.dialog.as_mut().filter(|d| d.req == req) else {
        tracing::debug!(req, "dropping a reply for a closed dialog");
        return Vec::new();
    };
    let ok = result.is_ok();
    d.phase = Phase::Done(result);
    if ok {
        return super::load::reload(state);
    }
    Vec::new()
}
