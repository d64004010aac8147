//! Mutations as data: a [`Plan`] is what apigw will change, shown (and printable as the
//! equivalent `aws` CLI lines) before anything is sent, then executed step by step by
//! `crate::aws::mutate` and verified by reading back.
//!
//! - `deploy`: create-deployment and rollback plans, for REST and HTTP APIs
//! - `logs`: a stage's logging as shown by `apigw logs`, and the plan turning it on
//! - `verify`: does the read-back show each step's effect?
//! - `render`: each step as a pasteable `aws apigateway …` / `aws apigatewayv2 …` line
//! - `request`: what the TUI and the CLI ask for → a plan, with the defaults decided once
//! - CORS plans live in `super::cors`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{
    ApiRef, AuthorizationType, CorsConfiguration, GatewayResponse, IntegrationType, LogLevel,
    Resource, Stage,
};
use super::staleness::{Change, Staleness};

mod deploy;
mod error;
pub mod logs;
pub mod readback;
mod render;
pub mod request;
pub mod verify;

pub use deploy::{plan_deploy, plan_rollback};
pub use error::PlanError;
pub use logs::{plan_enable_logging, LoggingView, LogsRefusal, RoleState};
pub use render::shell_quote;
pub use request::{plan_request, PlanRequest};

/// What apigw is about to change, for one API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// One line, e.g. `Deploy orders-api (a1b2c3d4e5) to stage prod`.
    pub title: String,
    pub api: ApiRef,
    /// What goes live for callers (deploy/rollback); empty when unknown or nothing.
    pub diff: Vec<Change>,
    /// The calls to make, in order. Empty when there is nothing to do.
    pub steps: Vec<PlanStep>,
    /// Things the person must know before confirming.
    pub warnings: Vec<String>,
    /// Things worth knowing (e.g. "a deployment is needed for callers to see this").
    pub notes: Vec<String>,
    /// Region of the inventory (added to the CLI lines when known).
    #[serde(default)]
    pub region: Option<String>,
    /// Account id of the inventory, when known (for the audit log).
    #[serde(default)]
    pub account_id: Option<String>,
}

impl Plan {
    /// A plan with no steps yet.
    pub fn new(title: impl Into<String>, api: ApiRef) -> Self {
        Self {
            title: title.into(),
            api,
            diff: Vec::new(),
            steps: Vec::new(),
            warnings: Vec::new(),
            notes: Vec::new(),
            region: None,
            account_id: None,
        }
    }

    /// Nothing to send.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Every step as an `aws` CLI line (with `--region` when the plan knows it).
    pub fn cli_lines(&self) -> Vec<String> {
        self.steps
            .iter()
            .map(|s| s.cli_in(self.region.as_deref()))
            .collect()
    }

    /// True when any step creates a deployment (callers see the change right away).
    pub fn deploys(&self) -> bool {
        self.steps.iter().any(|s| {
            matches!(
                s.mutation,
                Mutation::CreateDeployment { .. }
                    | Mutation::CreateHttpDeployment { .. }
                    | Mutation::UpdateStageDeployment { .. }
            )
        })
    }
}

/// One call of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanStep {
    /// What it does, in words, e.g. `Add OPTIONS method to /orders (no auth, no API key)`.
    pub description: String,
    pub mutation: Mutation,
}

impl PlanStep {
    pub fn new(description: impl Into<String>, mutation: Mutation) -> Self {
        Self {
            description: description.into(),
            mutation,
        }
    }

    /// The equivalent `aws apigateway …` / `aws apigatewayv2 …` line, shell-quoted so a
    /// person can paste it.
    pub fn cli(&self) -> String {
        render::cli(&self.mutation, None)
    }

    /// As [`PlanStep::cli`], with `--region R` appended when given.
    pub fn cli_in(&self, region: Option<&str>) -> String {
        render::cli(&self.mutation, region)
    }
}

/// The method a REST mutation applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodTarget {
    pub rest_api_id: String,
    pub resource_id: String,
    /// For people (the calls use `resource_id`).
    pub resource_path: String,
    pub http_method: String,
}

/// A JSON-patch-like operation as API Gateway's `update-*` calls take them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatchOp {
    /// `add`, `replace` or `remove`.
    pub op: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl PatchOp {
    pub fn new(op: &str, path: impl Into<String>, value: Option<String>) -> Self {
        Self {
            op: op.to_string(),
            path: path.into(),
            value,
        }
    }
}

/// One call to API Gateway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mutation {
    /// REST: `create-deployment` (creates the stage when it does not exist).
    CreateDeployment {
        rest_api_id: String,
        stage_name: String,
        description: Option<String>,
    },
    /// HTTP: `apigatewayv2 create-deployment`.
    CreateHttpDeployment {
        api_id: String,
        stage_name: String,
        description: Option<String>,
    },
    /// Points a stage at an existing deployment (rollback). REST: `update-stage` patch
    /// `replace /deploymentId`; HTTP: `update-stage --deployment-id`.
    UpdateStageDeployment {
        api: ApiRef,
        stage_name: String,
        deployment_id: String,
    },
    /// REST `put-method` (the method must not exist yet).
    PutMethod {
        target: MethodTarget,
        authorization_type: AuthorizationType,
        api_key_required: bool,
    },
    /// REST `update-method` (an existing method).
    UpdateMethod {
        target: MethodTarget,
        patch: Vec<PatchOp>,
    },
    /// REST `put-integration` (creates or replaces the integration).
    PutIntegration {
        target: MethodTarget,
        integration_type: IntegrationType,
        /// Content type → template.
        request_templates: BTreeMap<String, String>,
    },
    /// REST `put-method-response` (the response must not exist yet).
    PutMethodResponse {
        target: MethodTarget,
        status_code: String,
        /// `method.response.header.X` → required.
        response_parameters: BTreeMap<String, bool>,
    },
    /// REST `update-method-response` (an existing response).
    UpdateMethodResponse {
        target: MethodTarget,
        status_code: String,
        patch: Vec<PatchOp>,
    },
    /// REST `put-integration-response` (creates or replaces).
    PutIntegrationResponse {
        target: MethodTarget,
        status_code: String,
        /// `method.response.header.X` → mapping expression, e.g. `'*'`.
        response_parameters: BTreeMap<String, String>,
        response_templates: BTreeMap<String, String>,
    },
    /// REST `put-gateway-response` (creates or replaces).
    PutGatewayResponse {
        rest_api_id: String,
        response_type: String,
        status_code: Option<String>,
        response_parameters: BTreeMap<String, String>,
        response_templates: BTreeMap<String, String>,
    },
    /// HTTP `update-api --cors-configuration …`.
    UpdateHttpApiCors {
        api_id: String,
        cors: CorsConfiguration,
    },
    /// REST `update-stage` setting the execution log level of every method (`*/*`), and
    /// data trace when `Some` (patch operations: [`logs::logging_patch`]).
    UpdateStageLogging {
        rest_api_id: String,
        stage_name: String,
        level: LogLevel,
        data_trace: Option<bool>,
    },
}

impl Mutation {
    /// The API Gateway operation name, e.g. `CreateDeployment` (for logs and the audit).
    /// The REST method a step changes, if it changes one.
    pub fn target(&self) -> Option<&MethodTarget> {
        match self {
            Self::PutMethod { target, .. }
            | Self::UpdateMethod { target, .. }
            | Self::PutIntegration { target, .. }
            | Self::PutMethodResponse { target, .. }
            | Self::UpdateMethodResponse { target, .. }
            | Self::PutIntegrationResponse { target, .. } => Some(target),
            _ => None,
        }
    }

    pub fn operation(&self) -> &'static str {
        match self {
            Self::CreateDeployment { .. } | Self::CreateHttpDeployment { .. } => "CreateDeployment",
            Self::UpdateStageDeployment { .. } | Self::UpdateStageLogging { .. } => "UpdateStage",
            Self::PutMethod { .. } => "PutMethod",
            Self::UpdateMethod { .. } => "UpdateMethod",
            Self::PutIntegration { .. } => "PutIntegration",
            Self::PutMethodResponse { .. } => "PutMethodResponse",
            Self::UpdateMethodResponse { .. } => "UpdateMethodResponse",
            Self::PutIntegrationResponse { .. } => "PutIntegrationResponse",
            Self::PutGatewayResponse { .. } => "PutGatewayResponse",
            Self::UpdateHttpApiCors { .. } => "UpdateApi",
        }
    }

    /// The operation with what tells two calls of it apart in progress lines
    /// (`PutGatewayResponse DEFAULT_4XX`).
    pub fn label(&self) -> String {
        match self {
            Self::PutGatewayResponse { response_type, .. } => {
                format!("PutGatewayResponse {response_type}")
            }
            other => other.operation().to_string(),
        }
    }
}

/// How a step is doing while a plan executes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", content = "detail", rename_all = "snake_case")]
pub enum StepStatus {
    Running,
    /// Sent and accepted; the detail names what was created (e.g. a deployment id).
    Done(String),
    /// Refused or failed; the detail says why and what to do. Later steps are not sent.
    Failed(String),
    /// Not sent because an earlier step failed.
    Skipped,
}

/// What was read back from AWS after executing a plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Readback {
    /// The stage as re-read (deploy/rollback).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// The deployment created by the plan, as re-read (with its summary when AWS gave one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<crate::domain::model::Deployment>,
    /// The stage's deployment id as re-read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_id: Option<String>,
    /// Staleness recomputed from what was re-read (deploy/rollback).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staleness: Option<Staleness>,
    /// The resource as re-read with its methods (CORS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Resource>,
    /// The gateway responses touched by the plan, as re-read (CORS).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateway_responses: Vec<GatewayResponse>,
    /// The HTTP API's CORS configuration as re-read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_cors: Option<CorsConfiguration>,
    /// Problems found while verifying (the plan ran but the effect is not as expected, or
    /// could not be read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// The outcome of executing a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExecutionReport {
    /// One status per plan step, in order.
    pub steps: Vec<StepStatus>,
    /// Every step was accepted.
    pub applied: bool,
    pub readback: Readback,
}

impl ExecutionReport {
    /// The first failure's message, if any.
    pub fn failure(&self) -> Option<&str> {
        self.steps.iter().find_map(|s| match s {
            StepStatus::Failed(m) => Some(m.as_str()),
            _ => None,
        })
    }
}
