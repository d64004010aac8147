//! API keys and usage plans (REST only; ROUTING.md section 9).
//!
//! A key's value is a secret: it is held as a [`KeyValue`], whose `Debug` and `Display`
//! never show it and which is never serialised (snapshots and caches do not store it; the
//! demo file may still provide one). Values are compared, never printed.

use super::*;

/// An API key's value. Compare with [`KeyValue::matches`]; it prints as `<redacted>`.
#[derive(Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(transparent)]
pub struct KeyValue(String);

impl KeyValue {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// True when `candidate` (e.g. an `x-api-key` header) is this value.
    pub fn matches(&self, candidate: &str) -> bool {
        !self.0.is_empty() && self.0 == candidate
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for KeyValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyValue(<redacted>)")
    }
}

impl std::fmt::Display for KeyValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// One API key of the account (`GetApiKeys?includeValues=true`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    /// `create-api-key` makes a disabled key unless `--enabled` is given.
    pub enabled: bool,
    pub created_date: Option<Timestamp>,
    /// Only present when read with `includeValues=true`; never written anywhere.
    #[serde(skip_serializing)]
    pub value: Option<KeyValue>,
}

impl ApiKey {
    /// The name, or the id when the key has no name.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

/// A rate limit: steady requests per second and burst.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Throttle {
    pub burst_limit: Option<i32>,
    pub rate_limit: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum QuotaPeriod {
    Day,
    Week,
    Month,
    #[default]
    #[serde(other)]
    Unknown,
}

impl QuotaPeriod {
    pub fn from_aws(s: &str) -> Self {
        match s {
            "DAY" => Self::Day,
            "WEEK" => Self::Week,
            "MONTH" => Self::Month,
            _ => Self::Unknown,
        }
    }

    pub fn as_words(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Unknown => "period",
        }
    }
}

/// Requests allowed per period.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Quota {
    pub limit: Option<i32>,
    pub period: QuotaPeriod,
    pub offset: Option<i32>,
}

/// One API stage a usage plan covers, with per-method throttle overrides
/// (`/path/METHOD` → throttle, as AWS keys them).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanStage {
    pub api_id: String,
    pub stage: String,
    pub throttle: BTreeMap<String, Throttle>,
}

/// A usage plan (`GetUsagePlans`) with the ids of its keys (`GetUsagePlanKeys`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UsagePlan {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub api_stages: Vec<PlanStage>,
    pub throttle: Option<Throttle>,
    pub quota: Option<Quota>,
    /// Ids of the API keys in the plan (type `API_KEY`).
    pub key_ids: Vec<String>,
}

impl UsagePlan {
    /// True when the plan covers this API's stage.
    pub fn covers(&self, api_id: &str, stage: &str) -> bool {
        self.api_stages
            .iter()
            .any(|s| s.api_id == api_id && s.stage == stage)
    }

    pub fn has_key(&self, key_id: &str) -> bool {
        self.key_ids.iter().any(|k| k == key_id)
    }

    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

impl Inventory {
    /// The key whose value is `candidate`, if any key with a value matches.
    pub fn api_key_by_value(&self, candidate: &str) -> Option<&ApiKey> {
        self.api_keys
            .iter()
            .find(|k| k.value.as_ref().is_some_and(|v| v.matches(candidate)))
    }

    /// The usage plans that hold this key.
    pub fn plans_with_key(&self, key_id: &str) -> Vec<&UsagePlan> {
        self.usage_plans
            .iter()
            .filter(|p| p.has_key(key_id))
            .collect()
    }

    /// The usage plans that cover this API's stage.
    pub fn plans_for_stage(&self, api_id: &str, stage: &str) -> Vec<&UsagePlan> {
        self.usage_plans
            .iter()
            .filter(|p| p.covers(api_id, stage))
            .collect()
    }
}
