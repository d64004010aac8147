//! Execution and access logging of a stage (ROUTING.md section 11): what is on, where the
//! lines go, how to follow them, and the plan turning execution logs on (`update-stage`
//! patch operations on `/*/*/logging/…`), refused up front when it cannot work.

use serde::Serialize;

use super::{Mutation, PatchOp, Plan, PlanError, PlanStep};
use crate::domain::model::{
    AccountSettings, ApiKind, ApiRef, Inventory, LogLevel, MethodLogging, Stage,
};

/// The managed policy a CloudWatch role for API Gateway needs.
pub const PUSH_POLICY: &str =
    "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs";

/// What the account's CloudWatch role is, as far as it could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", content = "detail", rename_all = "snake_case")]
pub enum RoleState {
    Set(String),
    NotSet,
    /// Not read (offline inventory) or the read failed (the reason).
    Unknown(String),
}

impl RoleState {
    pub fn from_read(r: Result<AccountSettings, String>) -> Self {
        match r {
            Ok(a) => a.cloudwatch_role_arn.map_or(Self::NotSet, Self::Set),
            Err(e) => Self::Unknown(e),
        }
    }

    pub fn arn(&self) -> Option<&str> {
        match self {
            Self::Set(a) => Some(a),
            _ => None,
        }
    }
}

/// What `apigw logs` shows for one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoggingView {
    pub api: ApiRef,
    pub api_name: String,
    pub stage: Stage,
    pub region: Option<String>,
    pub account_id: Option<String>,
    pub role: RoleState,
}

/// The execution log group of a REST stage.
pub fn log_group(api_id: &str, stage: &str) -> String {
    format!("API-Gateway-Execution-Logs_{api_id}/{stage}")
}

/// The log group named by an access log destination ARN
/// (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]`); `None` for Firehose and others.
pub fn access_log_group(destination: &str) -> Option<&str> {
    let (_, rest) = destination.split_once(":log-group:")?;
    Some(rest.strip_suffix(":*").unwrap_or(rest)).filter(|g| !g.is_empty())
}

impl LoggingView {
    pub fn is_rest(&self) -> bool {
        self.api.kind == ApiKind::Rest
    }

    /// REST: the execution log group; HTTP APIs have none.
    pub fn log_group(&self) -> Option<String> {
        self.is_rest()
            .then(|| log_group(&self.api.id, &self.stage.name))
    }

    /// `aws logs tail GROUP --follow …`: the execution logs (REST), else the access log
    /// group when access logs go to CloudWatch.
    pub fn tail(&self, profile: Option<&str>) -> Option<String> {
        let group = self.log_group().or_else(|| {
            let d = self.stage.access_log_destination.as_deref()?;
            access_log_group(d).map(str::to_string)
        })?;
        let mut line = format!("aws logs tail {} --follow", super::shell_quote(&group));
        if let Some(r) = &self.region {
            line.push_str(&format!(" --region {}", super::shell_quote(r)));
        }
        if let Some(p) = profile {
            line.push_str(&format!(" --profile {}", super::shell_quote(p)));
        }
        Some(line)
    }

    /// Per-method overrides that keep methods quieter than `level`.
    pub fn quieter_overrides(&self, level: LogLevel) -> Vec<(&str, &MethodLogging)> {
        let rank = |l: LogLevel| match l {
            LogLevel::Off => 0,
            LogLevel::Error => 1,
            LogLevel::Info => 2,
        };
        self.stage
            .method_logging
            .iter()
            .filter(|(_, m)| m.level.is_some_and(|l| rank(l) < rank(level)))
            .map(|(k, m)| (k.as_str(), m))
            .collect()
    }
}

/// The stage `stage` of `api`: unknown is bad usage naming the nearest stages.
pub fn logging_view(
    inv: &Inventory,
    api: &ApiRef,
    stage: &str,
    role: RoleState,
) -> Result<LoggingView, PlanError> {
    let v = super::deploy::view(inv, api)?;
    let Some(st) = v.stage(stage) else {
        return Err(super::deploy::no_such_stage(v, stage));
    };
    Ok(LoggingView {
        api: api.clone(),
        api_name: v.name().to_string(),
        stage: st.clone(),
        region: inv.region.clone(),
        account_id: inv.account_id.clone(),
        role,
    })
}

/// The patch operations that set the stage-wide level (and data trace, when given).
pub fn logging_patch(level: LogLevel, data_trace: Option<bool>) -> Vec<PatchOp> {
    let mut ops = vec![PatchOp::new(
        "replace",
        "/*/*/logging/loglevel",
        Some(level.as_aws().to_string()),
    )];
    if let Some(d) = data_trace {
        ops.push(PatchOp::new(
            "replace",
            "/*/*/logging/dataTrace",
            Some(d.to_string()),
        ));
    }
    ops
}

/// Why execution logs cannot be turned on; each says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogsRefusal {
    #[error("{api} is an HTTP API: HTTP APIs have no execution logs, only access logs")]
    HttpApi { api: String },
    #[error("the account has no CloudWatch Logs role in {region}: API Gateway refuses to turn execution logs on without one (\"CloudWatch Logs role ARN must be set in account settings to enable logging\"); nothing was sent")]
    NoCloudWatchRole { region: String },
}

impl LogsRefusal {
    /// The fix, as steps a person can paste.
    pub fn fix(&self, view: &LoggingView) -> Vec<String> {
        let region = view.region.as_deref().unwrap_or("REGION");
        match self {
            Self::HttpApi { .. } if view.stage.access_log_destination.is_some() => vec![format!(
                "its access logs are already on: follow them with {}",
                view.tail(None).unwrap_or_else(|| "the access log destination".into())
            )],
            Self::HttpApi { .. } => vec![format!(
                "turn on access logs instead: aws apigatewayv2 update-stage --api-id {} --stage-name {} --access-log-settings '{}' --region {region}",
                view.api.id,
                super::shell_quote(&view.stage.name),
                r#"{"DestinationArn":"arn:aws:logs:REGION:ACCOUNT:log-group:NAME","Format":"$context.requestId $context.httpMethod $context.path $context.status $context.error.message"}"#
            )],
            Self::NoCloudWatchRole { .. } => {
                let account = view.account_id.as_deref().unwrap_or("ACCOUNT");
                vec![
                    "create a role API Gateway can assume, with the managed policy AmazonAPIGatewayPushToCloudWatchLogs (once per account): aws iam create-role --role-name APIGatewayCloudWatchLogs --assume-role-policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}' && aws iam attach-role-policy --role-name APIGatewayCloudWatchLogs --policy-arn ".to_string() + PUSH_POLICY,
                    format!("make it the account's CloudWatch role in {region} (once per region): aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=arn:aws:iam::{account}:role/APIGatewayCloudWatchLogs --region {region}"),
                    "then run this command again".to_string(),
                ]
            }
        }
    }
}

/// Plans turning execution logging on at `level` for every method of the stage (and data
/// trace when `data_trace`). Nothing to do when it already is. Refused for HTTP APIs and
/// when the account is known to have no CloudWatch role in its region.
pub fn plan_enable_logging(
    view: &LoggingView,
    level: LogLevel,
    data_trace: bool,
) -> Result<Plan, LogsRefusal> {
    let who = format!("{} ({})", view.api_name, view.api.id);
    if !view.is_rest() {
        return Err(LogsRefusal::HttpApi { api: who });
    }
    if view.role == RoleState::NotSet {
        return Err(LogsRefusal::NoCloudWatchRole {
            region: view.region.clone().unwrap_or_else(|| "this region".into()),
        });
    }
    let st = &view.stage;
    let title = format!(
        "Turn on {} execution logs for {who} stage {}",
        level.as_aws(),
        st.name
    );
    let mut plan = Plan::new(title, view.api.clone());
    plan.region = view.region.clone();
    plan.account_id = view.account_id.clone();
    let trace = (data_trace && !st.data_trace_enabled).then_some(true);
    if st.log_level() != level || trace.is_some() {
        plan.steps.push(PlanStep::new(
            format!(
                "Set the execution log level of every method of stage {} to {}{} (now {})",
                st.name,
                level.as_aws(),
                if trace.is_some() {
                    ", with data trace"
                } else {
                    ""
                },
                st.log_level().as_aws()
            ),
            Mutation::UpdateStageLogging {
                rest_api_id: view.api.id.clone(),
                stage_name: st.name.clone(),
                level,
                data_trace: trace,
            },
        ));
    } else {
        plan.notes.push(format!(
            "stage {} already logs at {}{}",
            st.name,
            level.as_aws(),
            if data_trace { " with data trace" } else { "" }
        ));
    }
    notes(view, level, data_trace, &mut plan);
    Ok(plan)
}

fn notes(view: &LoggingView, level: LogLevel, data_trace: bool, plan: &mut Plan) {
    if let RoleState::Unknown(why) = &view.role {
        plan.warnings.push(format!(
            "the account's CloudWatch role could not be read ({why}): without one AWS refuses the change"
        ));
    }
    for (key, m) in view.quieter_overrides(level) {
        let l = m.level.unwrap_or_default().as_aws();
        plan.warnings.push(format!(
            "method settings {key} override the stage at {l}: that method stays at {l}"
        ));
    }
    if data_trace {
        plan.warnings.push("data trace logs full requests and responses, which may include tokens and personal data: do not leave it on in production".to_string());
    }
    plan.notes.push(format!(
        "no redeployment is needed; lines appear in {} within a minute",
        log_group(&view.api.id, &view.stage.name)
    ));
}

#[cfg(test)]
#[path = "logs_tests.rs"]
mod tests;
