//! Why a plan cannot be made, and whether that is bad usage (an unknown name: exit 2 in
//! the CLI) or a refusal on the merits (exit 1).

use crate::domain::cors::CorsError;
use crate::domain::model::FindApiError;
use crate::domain::nearest::clause;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// No API (or several) answer to the name given.
    #[error("API {name}: {error}")]
    UnknownApi { name: String, error: FindApiError },
    #[error("API {0} is not in the inventory")]
    NoSuchApi(String),
    #[error("stage {stage} does not exist on {api}{}", clause(.nearest))]
    NoSuchStage {
        api: String,
        stage: String,
        /// The closest existing stage names.
        nearest: Vec<String>,
    },
    #[error("deployment {deployment} does not exist on {api}")]
    NoSuchDeployment { api: String, deployment: String },
    #[error("stage {stage} already serves deployment {deployment}")]
    AlreadyServing { stage: String, deployment: String },
    #[error("CORS on a REST API is set per resource: give the resource path (e.g. /orders)")]
    NoResourcePath,
    #[error(transparent)]
    Cors(#[from] CorsError),
}

impl PlanError {
    /// True when the request names something that does not exist or is malformed (bad
    /// usage); false for a refusal on the merits (e.g. an OPTIONS that is not a MOCK).
    pub fn is_usage(&self) -> bool {
        match self {
            Self::UnknownApi { .. }
            | Self::NoSuchApi(_)
            | Self::NoSuchStage { .. }
            | Self::NoSuchDeployment { .. }
            | Self::NoResourcePath => true,
            Self::AlreadyServing { .. } => false,
            Self::Cors(e) => matches!(
                e,
                CorsError::NoSuchResource { .. } | CorsError::BadOrigin(_)
            ),
        }
    }
}
