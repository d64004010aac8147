//! Custom domain names: base path / API mappings and routing rules.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum RoutingMode {
    #[default]
    ApiMappingOnly,
    RoutingRuleThenApiMapping,
    RoutingRuleOnly,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DomainName {
    /// e.g. `api.example.com` (lowercase).
    pub name: String,
    pub endpoint_type: EndpointType,
    pub routing_mode: RoutingMode,
    /// The CloudFront or regional target a DNS record must point at.
    pub target_domain_name: Option<String>,
    pub certificate_arn: Option<String>,
    pub security_policy: Option<String>,
    pub mappings: Vec<Mapping>,
    pub routing_rules: Vec<RoutingRule>,
}

/// A base path mapping (v1) or API mapping (v2). `key` is `""` for the `(none)` mapping and
/// may have several levels (`v1/billing`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Mapping {
    pub id: Option<String>,
    pub key: String,
    pub api_id: String,
    pub stage: String,
}

impl Mapping {
    /// How the console shows the key: `(none)` for the empty key.
    pub fn display_key(&self) -> &str {
        if self.key.is_empty() {
            "(none)"
        } else {
            &self.key
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RoutingRule {
    pub id: Option<String>,
    /// Lower runs first.
    pub priority: i32,
    /// All must hold.
    pub conditions: Vec<RuleCondition>,
    pub action: RuleAction,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleCondition {
    /// Holds when any of the headers matches (name case-insensitive, value glob with `*`).
    Headers { any_of: Vec<HeaderMatch> },
    /// Holds when the path starts with any of the base paths (whole segments,
    /// case-sensitive).
    BasePaths { any_of: Vec<String> },
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HeaderMatch {
    pub header: String,
    pub value_glob: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleAction {
    pub api_id: String,
    pub stage: String,
    pub strip_base_path: bool,
}

impl DomainName {
    /// The mapping with exactly this key (`""` for `(none)`).
    pub fn mapping(&self, key: &str) -> Option<&Mapping> {
        self.mappings.iter().find(|m| m.key == key)
    }
}
