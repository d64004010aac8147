//! The inventory of an API Gateway account as plain data.
//!
//! Everything the explorer knows about an account lives here: REST APIs (apigateway v1),
//! HTTP APIs (apigatewayv2), their stages, deployments and authorizers, and custom domain
//! names with their mappings and routing rules. SDK shapes are converted into these types at
//! the edge (`src/aws/convert.rs`); the demo account and snapshot files are these types as
//! JSON. No I/O, no async, no SDK types.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A point in time, always UTC, serialised as RFC 3339.
pub type Timestamp = DateTime<Utc>;

/// Everything loaded from one account and region (or the demo, or a snapshot).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Inventory {
    /// Region the inventory was read from, e.g. `eu-west-1`.
    pub region: Option<String>,
    /// Account id when known (from STS or an ARN).
    pub account_id: Option<String>,
    pub rest_apis: Vec<RestApi>,
    pub http_apis: Vec<HttpApi>,
    pub domains: Vec<DomainName>,
    /// API keys of the account (REST; values only when read with `includeValues`).
    pub api_keys: Vec<ApiKey>,
    /// Usage plans of the account with their stages and key ids.
    pub usage_plans: Vec<UsagePlan>,
    /// Parts that could not be read, kept so a partial inventory says what it is missing.
    pub issues: Vec<LoadIssue>,
}

/// One part of the inventory that failed to load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadIssue {
    /// What was being read, e.g. `orders-api (a1b2c3d4e5): stages`.
    pub part: String,
    pub message: String,
    /// Which part, so a verdict resting on it says "unknown" (absent in older snapshots).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<crate::domain::load::PartKey>,
}

/// Which kind of API an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApiKind {
    Rest,
    Http,
}

impl ApiKind {
    /// How AWS and the CLI name the kind: `REST` or `HTTP`.
    pub fn protocol(self) -> &'static str {
        match self {
            Self::Rest => "REST",
            Self::Http => "HTTP",
        }
    }
}

/// A reference to one API of the inventory.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ApiRef {
    pub kind: ApiKind,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum EndpointType {
    #[default]
    Regional,
    Edge,
    Private,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApiKeySource {
    #[default]
    Header,
    Authorizer,
}

/// How a method or route is protected. The serde and strum names are AWS's spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthorizationType {
    #[default]
    None,
    AwsIam,
    CognitoUserPools,
    /// A Lambda (TOKEN or REQUEST) authorizer on a REST API, or a Lambda authorizer on an
    /// HTTP API.
    Custom,
    Jwt,
}

impl AuthorizationType {
    /// The AWS spelling, e.g. `AWS_IAM`.
    pub fn as_aws(self) -> &'static str {
        self.into()
    }

    /// Parses the AWS spelling; anything unknown is `None` (the caller keeps the raw text).
    pub fn from_aws(s: &str) -> Option<Self> {
        s.parse().ok()
    }

    /// The short badge shown in the tree (`""` for NONE).
    pub fn badge(self) -> &'static str {
        match self {
            Self::None => "",
            Self::AwsIam => "IAM",
            Self::CognitoUserPools => "COGNITO",
            Self::Custom => "LAMBDA",
            Self::Jwt => "JWT",
        }
    }
}

mod domain_name;
mod http;
mod keys;
mod lookup;
mod rest;
mod stage;
mod view;

pub use domain_name::*;
pub use http::*;
pub use keys::*;
pub use lookup::*;
pub use rest::*;
pub use stage::*;
pub use view::*;
