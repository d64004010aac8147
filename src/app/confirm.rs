//! Confirm dialogs for mutations (deploy a stage, add CORS): the plan (domain::plan) as
//! `aws` CLI lines and what changes, an editable field, an optional checkbox, confirm or
//! cancel. A confirmed plan is sent once; a second confirm while it runs does nothing.

use super::effect::Effect;
use super::hint::Hint;
use super::outcome::Outcome;
use super::state::State;
use crate::domain::model::{ApiKind, ApiRef, Inventory};
use crate::domain::plan::request::{cors_defaults, DEFAULT_DESCRIPTION};
use crate::domain::plan::{plan_request, Plan, PlanRequest, RoleState, StepStatus};
use crate::domain::staleness::HistoryEntry;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogFocus {
    Field,
    Checkbox,
    Confirm,
    Cancel,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Editing,
    Running,
    Done(Outcome),
}

/// What the dialog plans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogKind {
    Deploy {
        api: ApiRef,
        stage: String,
    },
    /// Point a stage at an existing deployment (the field holds its id).
    Rollback {
        api: ApiRef,
        stage: String,
    },
    /// REST: an OPTIONS mock on one resource.
    RestCors {
        api_id: String,
        path: String,
    },
    /// HTTP: the API's corsConfiguration allowed origins.
    HttpCors {
        api_id: String,
    },
    /// REST: turn execution logs on for a stage (the field holds the level).
    EnableLogs {
        api: ApiRef,
        stage: String,
        role: RoleState,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    pub kind: DialogKind,
    pub title: String,
    pub field_label: &'static str,
    pub field: String,
    pub checkbox: Option<(&'static str, bool)>,
    pub focus: DialogFocus,
    pub phase: Phase,
    /// Id of the execution in flight (replies with another id are dropped).
    pub req: u64,
    /// Why confirming cannot apply (offline source); the plan is still shown.
    pub blocked: Option<String>,
    /// The status of each step of the executed plan (`None`: not reached yet).
    pub steps: Vec<Option<StepStatus>>,
    /// What to do next once it is done (e.g. deploy a stage so callers see a CORS change).
    pub after: Option<Hint>,
    /// The plan as it was confirmed: shown while it runs and after, when the re-read
    /// inventory would plan something else (usually nothing).
    pub executed: Option<Plan>,
    /// Lines shown under the plan (where the logs go, how to follow them, a fix).
    pub extra: Vec<String>,
}

impl Dialog {
    /// The plan for what the dialog shows now (field and checkbox applied): the request
    /// the CLI would make for the same thing, planned by the same step.
    pub fn plan(&self, inv: &Inventory) -> Result<Plan, String> {
        if let DialogKind::EnableLogs { api, stage, role } = &self.kind {
            let data_trace = self.checkbox.is_some_and(|c| c.1);
            return super::logs::plan(inv, api, stage, role, &self.field, data_trace);
        }
        let Some(req) = self.request() else {
            return Err("nothing to plan".to_string());
        };
        plan_request(inv, &req).map_err(|e| e.to_string())
    }

    /// What the dialog asks for, when the CLI's plan step plans it.
    pub fn request(&self) -> Option<PlanRequest> {
        Some(match &self.kind {
            DialogKind::Deploy { api, stage } => PlanRequest::Deploy {
                api: api.id.clone(),
                stage: stage.clone(),
                description: Some(self.field.clone()),
            },
            DialogKind::Rollback { api, stage } => PlanRequest::Rollback {
                api: api.id.clone(),
                stage: stage.clone(),
                deployment: self.field.trim().to_string(),
            },
            DialogKind::RestCors { api_id, path } => PlanRequest::Cors {
                api: api_id.clone(),
                path: Some(path.clone()),
                origin: Some(self.field.trim().to_string()),
                gateway_responses: self.checkbox.map(|c| c.1),
            },
            DialogKind::HttpCors { api_id } => PlanRequest::Cors {
                api: api_id.clone(),
                path: None,
                origin: Some(self.field.trim().to_string()),
                gateway_responses: None,
            },
            DialogKind::EnableLogs { .. } => return None,
        })
    }
}

pub(super) fn refuse_read_only(state: &mut State, what: &str) -> bool {
    if state.read_only {
        state.error(format!(
            "read-only mode: refusing to {what} (started with --read-only or read_only = true)"
        ));
    }
    state.read_only
}

pub(super) fn new_dialog(state: &State, kind: DialogKind, title: String) -> Dialog {
    let blocked = state.source.is_offline().then(|| {
        format!(
            "{} is read-only; run against an account (or moto) to apply",
            state.source.label()
        )
    });
    Dialog {
        kind,
        title,
        field_label: "description",
        field: String::new(),
        checkbox: None,
        focus: DialogFocus::Field,
        phase: Phase::Editing,
        req: 0,
        blocked,
        steps: Vec::new(),
        after: None,
        executed: None,
        extra: Vec::new(),
    }
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
    let name = state.inventory.api_name(&api.id).to_string();
    let mut d = new_dialog(
        state,
        DialogKind::Deploy {
            api,
            stage: stage.clone(),
        },
        format!("Deploy {name} → {stage}"),
    );
    d.field = DEFAULT_DESCRIPTION.into();
    state.dialog = Some(d);
    Vec::new()
}

/// The deployments `stage` of `api` could point at, newest first.
pub fn history(inv: &Inventory, api: &ApiRef, stage: &str) -> Vec<HistoryEntry> {
    inv.api(api).map(|v| v.history(stage)).unwrap_or_default()
}

/// `R`: point the selected stage at an earlier deployment (default: the one before the
/// deployment it serves). Up/Down in the dialog choose another.
pub fn open_rollback(state: &mut State) -> Vec<Effect> {
    if refuse_read_only(state, "roll back") {
        return Vec::new();
    }
    let (Some(api), Some(stage)) = (state.api.clone(), state.stage.clone()) else {
        state.error("select an API and a stage to roll back");
        return Vec::new();
    };
    let hist = history(&state.inventory, &api, &stage);
    let current = hist.iter().position(|h| h.current);
    let pick = current
        .and_then(|i| hist.get(i + 1))
        .or_else(|| hist.iter().find(|h| !h.current));
    let Some(pick) = pick.map(|h| h.id.clone()) else {
        state.error(format!(
            "stage {stage} has no other deployment to roll back to"
        ));
        return Vec::new();
    };
    let name = state.inventory.api_name(&api.id).to_string();
    let kind = DialogKind::Rollback {
        api,
        stage: stage.clone(),
    };
    let mut d = new_dialog(state, kind, format!("Roll back {name} / {stage}"));
    d.field_label = "deployment id";
    d.field = pick;
    state.dialog = Some(d);
    Vec::new()
}

/// Up/Down in a rollback dialog: the previous/next deployment of the history.
pub fn cycle_choice(state: &mut State, delta: isize) {
    let Some(d) = state.dialog.as_ref() else {
        return;
    };
    let DialogKind::Rollback { api, stage } = &d.kind else {
        return;
    };
    if d.phase != Phase::Editing {
        return;
    }
    let ids: Vec<String> = history(&state.inventory, api, stage)
        .into_iter()
        .map(|h| h.id)
        .collect();
    let next = super::focus::step(&ids, Some(&d.field.trim().to_string()), delta);
    if let (Some(next), Some(d)) = (next, state.dialog.as_mut()) {
        d.field = next;
    }
}

/// `C`: add a CORS OPTIONS mock to the selected REST resource, or edit an HTTP API's
/// allowed origins.
pub fn open_cors(state: &mut State) -> Vec<Effect> {
    if refuse_read_only(state, "change CORS") {
        return Vec::new();
    }
    let Some(api) = state.api.clone() else {
        state.error("select an API first");
        return Vec::new();
    };
    let name = state.inventory.api_name(&api.id).to_string();
    let mut d = match api.kind {
        ApiKind::Rest => {
            let Some(path) = state.tree.selected.as_ref().map(|k| k.path.clone()) else {
                state.error("select a resource in the Resources pane first");
                return Vec::new();
            };
            let kind = DialogKind::RestCors {
                api_id: api.id.clone(),
                path: path.clone(),
            };
            let mut d = new_dialog(
                state,
                kind,
                format!("Add CORS OPTIONS mock to {name} {path}"),
            );
            // Re-running keeps what is configured (origin, gateway responses) unless edited.
            let defaults = cors_defaults(&state.inventory, &api, Some(&path));
            d.checkbox = Some((
                "also add CORS headers to DEFAULT_4XX/5XX gateway responses",
                defaults.gateway_responses,
            ));
            d.field = defaults.origin;
            d
        }
        ApiKind::Http => {
            let kind = DialogKind::HttpCors {
                api_id: api.id.clone(),
            };
            let mut d = new_dialog(state, kind, format!("CORS configuration of {name}"));
            d.field = cors_defaults(&state.inventory, &api, None).origin;
            d
        }
    };
    d.field_label = "allowed origin(s)";
    state.dialog = Some(d);
    Vec::new()
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
        _ => {}
    }
    if let Some(why) = d.blocked.clone() {
        d.phase = Phase::Done(Outcome::Refused(why));
        return Vec::new();
    }
    let plan = match d.plan(&state.inventory) {
        Ok(p) if p.is_empty() => {
            d.phase = Phase::Done(Outcome::NothingToDo);
            return Vec::new();
        }
        Ok(p) => p,
        Err(e) => {
            d.phase = Phase::Done(Outcome::Refused(e));
            return Vec::new();
        }
    };
    let req = state.request_id();
    if let Some(d) = state.dialog.as_mut() {
        d.phase = Phase::Running;
        d.req = req;
        d.executed = Some(plan.clone());
    }
    vec![Effect::Execute {
        req,
        plan: Box::new(plan),
    }]
}

pub fn toggle_checkbox(state: &mut State) {
    if let Some(c) = state.dialog.as_mut().and_then(|d| d.checkbox.as_mut()) {
        c.1 = !c.1;
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
