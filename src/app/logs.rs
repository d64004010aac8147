//! `L`: turn INFO execution logs on for the selected stage — the same plan → confirm →
//! execute → read-back dialog as deploy, planned by the CLI's `plan_enable_logging`. On a
//! live account the account's CloudWatch role is read first (`Effect::ReadAccount`): with
//! none, the dialog opens refused, with the fix, and nothing can be sent.

use super::confirm::{new_dialog, refuse_read_only, DialogKind, Phase};
use super::effect::Effect;
use super::outcome::Outcome;
use super::state::State;
use crate::config::Source;
use crate::domain::model::{AccountSettings, ApiKind, ApiRef, Inventory, LogLevel};
use crate::domain::plan::logs::logging_view;
use crate::domain::plan::{plan_enable_logging, LoggingView, Plan, RoleState};

/// The level the dialog starts with.
pub const DEFAULT_LEVEL: &str = "INFO";

/// The plan for the dialog's level (the field) and data trace (the checkbox).
pub fn plan(
    inv: &Inventory,
    api: &ApiRef,
    stage: &str,
    role: &RoleState,
    level: &str,
    data_trace: bool,
) -> Result<Plan, String> {
    let level = LogLevel::from_aws(level)
        .filter(|l| *l != LogLevel::Off)
        .ok_or_else(|| format!("level `{}`: type INFO or ERROR", level.trim()))?;
    let view = logging_view(inv, api, stage, role.clone()).map_err(|e| e.to_string())?;
    plan_enable_logging(&view, level, data_trace).map_err(|e| e.to_string())
}

fn profile(state: &State) -> Option<String> {
    match &state.source {
        Source::Live(t) => t.profile.clone(),
        _ => None,
    }
}

/// Where the lines go and how to follow them, for a stage.
pub fn where_lines(view: &LoggingView, profile: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(g) = view.log_group() {
        out.push(format!("log group: {g}"));
    }
    if let Some(t) = view.tail(profile) {
        out.push(format!("follow: {t}"));
    }
    out
}

/// The key: refused in read-only mode; on a live account the role is read first.
pub fn open_enable_logs(state: &mut State) -> Vec<Effect> {
    if refuse_read_only(state, "turn on execution logs") {
        return Vec::new();
    }
    let (Some(api), Some(stage)) = (state.api.clone(), state.stage.clone()) else {
        state.error("select an API and a stage to turn its execution logs on");
        return Vec::new();
    };
    match (&state.source, api.kind) {
        (Source::Live(_), ApiKind::Rest) => {
            let req = state.request_id();
            state.logs_req = Some((req, api, stage));
            state.info("reading the account's CloudWatch Logs role …");
            vec![Effect::ReadAccount { req }]
        }
        (Source::Live(_), ApiKind::Http) => {
            open(
                state,
                api,
                stage,
                RoleState::Unknown("not used by HTTP APIs".into()),
            );
            Vec::new()
        }
        (src, _) => {
            let role = RoleState::Unknown(format!("not in the {}", src.label()));
            open(state, api, stage, role);
            Vec::new()
        }
    }
}

/// The role was read: the dialog opens (a reply for an older press is dropped).
pub fn account_read(
    state: &mut State,
    req: u64,
    result: Result<AccountSettings, String>,
) -> Vec<Effect> {
    match state.logs_req.take() {
        Some((r, api, stage)) if r == req => {
            state.message = None;
            open(state, api, stage, RoleState::from_read(result));
        }
        other => state.logs_req = other,
    }
    Vec::new()
}

fn open(state: &mut State, api: ApiRef, stage: String, role: RoleState) {
    let view = match logging_view(&state.inventory, &api, &stage, role.clone()) {
        Ok(v) => v,
        Err(e) => {
            state.error(e.to_string());
            return;
        }
    };
    let name = state.inventory.api_name(&api.id).to_string();
    let title = format!("Execution logs of {name} / {stage}");
    let kind = DialogKind::EnableLogs { api, stage, role };
    let mut d = new_dialog(state, kind, title);
    d.field_label = "level (INFO or ERROR)";
    d.field = DEFAULT_LEVEL.into();
    d.checkbox = Some(("also log full requests and responses (data trace)", false));
    d.extra = where_lines(&view, profile(state).as_deref());
    if let Err(refusal) = plan_enable_logging(&view, LogLevel::Info, false) {
        d.extra
            .extend(refusal.fix(&view).into_iter().map(|f| format!("fix: {f}")));
        d.phase = Phase::Done(Outcome::Refused(refusal.to_string()));
    }
    state.dialog = Some(d);
}
