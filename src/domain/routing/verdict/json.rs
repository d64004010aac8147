//! The `apigw match --json` shape (CLI.md), built through its own serialisation structs so
//! the verdict's fields stay typed: `protocol` is `REST`/`HTTP`, a domain hit's `mapping` is
//! the console's key or `rule:<priority>`. Parts the verdict waits for or could not read
//! appear only when there are some (`pending`, `unread`), so the usual object keeps exactly
//! the contract's keys.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use super::{AuthSummary, Confidence, Reason, Verdict};

#[derive(Serialize)]
struct ApiJson<'a> {
    id: &'a str,
    name: &'a str,
    protocol: &'static str,
}

#[derive(Serialize)]
struct DomainJson<'a> {
    name: &'a str,
    mapping: String,
}

#[derive(Serialize)]
struct UnreadJson<'a> {
    part: &'a str,
    error: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct VerdictJson<'a> {
    url: &'a str,
    method: &'a str,
    status: Option<u16>,
    message: Option<&'a str>,
    error_type: Option<&'a str>,
    reason: Reason,
    confidence: Confidence,
    api: Option<ApiJson<'a>>,
    stage: Option<&'a str>,
    domain: Option<DomainJson<'a>>,
    resource: Option<&'a str>,
    route_key: Option<&'a str>,
    matched_method: Option<&'a str>,
    path_params: &'a BTreeMap<String, String>,
    authorization: Option<&'a AuthSummary>,
    explanation: &'a str,
    suggestions: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pending: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unread: Vec<UnreadJson<'a>>,
}

impl Serialize for Verdict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        VerdictJson {
            url: &self.url,
            method: &self.method,
            status: self.status,
            message: self.message.as_deref(),
            error_type: self.error_type.as_deref(),
            reason: self.reason,
            confidence: self.confidence,
            api: self.api.as_ref().map(|a| ApiJson {
                id: &a.id,
                name: &a.name,
                protocol: a.kind.protocol(),
            }),
            stage: self.stage.as_deref(),
            domain: self.domain.as_ref().map(|d| DomainJson {
                name: &d.name,
                mapping: d.label(),
            }),
            resource: self.resource.as_deref(),
            route_key: self.route_key.as_deref(),
            matched_method: self.matched_method.as_deref(),
            path_params: &self.path_params,
            authorization: self.authorization.as_ref(),
            explanation: &self.explanation,
            suggestions: &self.suggestions,
            pending: self.reading.as_deref(),
            unread: self
                .unread
                .iter()
                .map(|u| UnreadJson {
                    part: &u.label,
                    error: &u.error.message,
                    hint: u.error.hint.as_deref(),
                })
                .collect(),
        }
        .serialize(s)
    }
}
