//! Authorization judged from the request's headers (ROUTING.md 2.8, 2.9 and 3.4): IAM
//! signatures, API keys, authorizer identity sources, request validators.

use std::collections::HashMap;

use regex::Regex;

use super::url::query_has;
use super::verdict::Request;
use crate::domain::model::{
    ApiKeySource, AuthorizationType, Authorizer, AuthorizerType, Method, RequestValidator, RestApi,
};

/// How the request is signed, as far as its headers tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    SigV4,
    Unsigned,
    /// An `Authorization` header that is not SigV4 (e.g. `Bearer x`).
    Other(String),
}

pub fn signature(req: &Request, query: &str) -> Signature {
    if req.signed || query_has(query, "X-Amz-Signature") {
        return Signature::SigV4;
    }
    match req.header("authorization") {
        Some(v) if v.trim().is_empty() => Signature::Unsigned,
        Some(v) if v.trim_start().starts_with("AWS4-") => Signature::SigV4,
        Some(v) => Signature::Other(v.to_string()),
        None => Signature::Unsigned,
    }
}

/// The message AWS answers when it tries to read a non-SigV4 `Authorization` header as a
/// signature. Long tokens are shortened so a secret is never repeated in full.
pub fn incomplete_signature_message(value: &str) -> String {
    let shown = mask(value);
    let mut words = value.split([' ', ',']).filter(|w| !w.is_empty());
    let _scheme = words.next();
    match words.find(|w| !w.contains('=')) {
        Some(bad) => format!(
            "'{}' not a valid key=value pair (missing equal-sign) in Authorization header: '{shown}'.",
            mask(bad)
        ),
        None => format!(
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization={shown}"
        ),
    }
}

/// Keeps short values; long ones (tokens) keep their first characters only.
pub fn mask(v: &str) -> String {
    let n = v.chars().count();
    if n <= 16 {
        v.to_string()
    } else {
        let head: String = v.chars().take(10).collect();
        format!("{head}…")
    }
}

/// Why a matched request is refused before the integration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denial {
    IamUnsigned,
    BadSignature(String),
    ApiKeyMissing,
    /// The identity source that is missing or invalid, in words.
    IdentityMissing(String),
    RequestInvalid(Vec<String>),
    /// Resource policy or API key refusals (ROUTING.md sections 9 and 10): access.rs.
    Access(Box<super::access::AccessDenial>),
}

/// The checks that need more than the request's headers — the resource policy and the
/// API key against the loaded keys and usage plans — called by [`rest`] where AWS makes
/// them in the request flow (routing/access.rs implements them).
pub trait Gates {
    /// Before a Lambda authorizer runs: an explicit Deny in the resource policy stops the
    /// request here.
    fn policy_before_authorizer(&mut self) -> Result<(), Denial>;
    /// After authentication (signature, Cognito token or authorizer identity).
    fn policy(&mut self) -> Result<(), Denial>;
    /// The `x-api-key` value (apiKeySource HEADER), after the policy and authorizer.
    fn api_key(&mut self, value: &str) -> Result<(), Denial>;
}

/// A request that passes: with a caveat when the outcome depends on something only a
/// real call can tell.
pub type Passed = Option<String>;

/// One identity source as a thing to look for in the request.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ident<'s> {
    Header(&'s str),
    Query(&'s str),
    /// Context or stage variables: not visible in the request.
    Other,
}

fn idents(sources: &[String]) -> Vec<Ident<'_>> {
    sources
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let s = s.trim_start_matches('$');
            let s = s
                .strip_prefix("method.request.")
                .or_else(|| s.strip_prefix("request."))
                .unwrap_or(s);
            if let Some(h) = s
                .strip_prefix("header.")
                .or_else(|| s.strip_prefix("multivalueheader."))
            {
                Ident::Header(h)
            } else if let Some(q) = s
                .strip_prefix("querystring.")
                .or_else(|| s.strip_prefix("multivaluequerystring."))
            {
                Ident::Query(q)
            } else {
                Ident::Other
            }
        })
        .collect()
}

/// The first identity source the request lacks, in words (`header Authorization`).
fn missing_ident(req: &Request, query: &str, sources: &[String]) -> Option<String> {
    idents(sources).into_iter().find_map(|i| match i {
        Ident::Header(h) if req.header(h).is_none_or(|v| v.trim().is_empty()) => {
            Some(format!("header `{h}`"))
        }
        Ident::Query(q) if !query_has(query, q) => Some(format!("query string parameter `{q}`")),
        _ => None,
    })
}

fn default_sources(a: &Authorizer, rest: bool) -> Vec<String> {
    if a.identity_sources.is_empty()
        && matches!(
            a.authorizer_type,
            AuthorizerType::CognitoUserPools | AuthorizerType::Token | AuthorizerType::Jwt
        )
    {
        let h = if rest {
            "method.request.header.Authorization"
        } else {
            "$request.header.Authorization"
        };
        vec![h.to_string()]
    } else {
        a.identity_sources.clone()
    }
}

/// REST: IAM, resource policy, authorizer, API key, request validator — in the order AWS
/// applies them (ROUTING.md 2.8, 9, 10).
#[allow(clippy::too_many_arguments)]
pub fn rest(
    req: &Request,
    query: &str,
    api: &RestApi,
    auth: AuthorizationType,
    api_key_required: bool,
    method: Option<&Method>,
    token_regex: &HashMap<String, Option<Regex>>,
    gates: &mut dyn Gates,
) -> Result<Passed, Denial> {
    let mut caveat = None;
    match auth {
        AuthorizationType::AwsIam => match signature(req, query) {
            Signature::Unsigned => return Err(Denial::IamUnsigned),
            Signature::Other(v) => return Err(Denial::BadSignature(v)),
            Signature::SigV4 => {
                caveat = Some("The request is signed; whether the signer's IAM policy (and the resource policy) allow execute-api:Invoke is only knowable from a real call.".to_string())
            }
        },
        AuthorizationType::CognitoUserPools | AuthorizationType::Custom | AuthorizationType::Jwt => {
            if auth == AuthorizationType::Custom {
                gates.policy_before_authorizer()?;
            }
            let authorizer = method
                .and_then(|m| m.authorizer_id.as_deref())
                .and_then(|id| api.authorizer(id));
            caveat = Some(match authorizer {
                Some(a) => rest_authorizer(req, query, a, token_regex)?,
                None => "The method's authorizer is not in the loaded inventory, so its identity sources cannot be checked.".to_string(),
            });
        }
        AuthorizationType::None => {}
    }
    gates.policy()?;
    if api_key_required {
        match api.api_key_source {
            ApiKeySource::Header => match req.header("x-api-key").filter(|v| !v.is_empty()) {
                None => return Err(Denial::ApiKeyMissing),
                Some(value) => gates.api_key(value)?,
            },
            ApiKeySource::Authorizer => {
                caveat = Some("The API key comes from the Lambda authorizer (apiKeySource AUTHORIZER), not from x-api-key; whether it is valid for this stage's usage plan is only knowable with the keys loaded.".to_string())
            }
        }
    }
    if let Some(m) = method {
        let validator = m
            .request_validator_id
            .as_deref()
            .and_then(|id| api.request_validators.iter().find(|v| v.id == id));
        if let Some(v) = validator {
            validate(req, query, m, v)?;
        }
    }
    Ok(caveat)
}

fn rest_authorizer(
    req: &Request,
    query: &str,
    a: &Authorizer,
    token_regex: &HashMap<String, Option<Regex>>,
) -> Result<String, Denial> {
    let sources = default_sources(a, true);
    let name = &a.name;
    match a.authorizer_type {
        AuthorizerType::Request => {
            let ttl = a.result_ttl_seconds.unwrap_or(300);
            if ttl > 0 && !sources.is_empty() {
                if let Some(m) = missing_ident(req, query, &sources) {
                    return Err(Denial::IdentityMissing(m));
                }
            }
            if ttl <= 0 || sources.is_empty() {
                return Ok(format!("The REQUEST authorizer `{name}` has result caching off (TTL 0) or no identity sources, so it is always invoked and decides itself: its answer (Allow, Deny → 403, or 401) cannot be predicted."));
            }
            Ok(format!("The REQUEST authorizer `{name}` is invoked; an explicit Deny gives 403 (authorizer_deny), only knowable from a real call."))
        }
        _ => {
            if let Some(m) = missing_ident(req, query, &sources) {
                return Err(Denial::IdentityMissing(m));
            }
            if a.authorizer_type == AuthorizerType::Token {
                if let (Some(Some(re)), Some(Ident::Header(h))) =
                    (token_regex.get(&a.id), idents(&sources).first())
                {
                    let token = req.header(h).unwrap_or("");
                    if !re.is_match(token) {
                        return Err(Denial::IdentityMissing(format!(
                            "header `{h}` whose value does not match the authorizer's validation expression `{}`",
                            a.identity_validation_expression.as_deref().unwrap_or("")
                        )));
                    }
                }
                return Ok(format!("The token goes to the Lambda authorizer `{name}`; whether it allows the call (or denies it: 403 authorizer_deny) is only knowable from a real call."));
            }
            Ok(format!("The token is checked by `{name}` ({}); an invalid or expired token gives 401, only knowable from a real call.", if a.authorizer_type == AuthorizerType::CognitoUserPools { "Cognito user pool" } else { "authorizer" }))
        }
    }
}

/// Request validator with `validateRequestParameters`: required parameters, headers first,
/// then path, then query string.
fn validate(req: &Request, query: &str, m: &Method, v: &RequestValidator) -> Result<(), Denial> {
    if !v.validate_request_parameters {
        return Ok(());
    }
    let mut missing = Vec::new();
    for (kind, present) in [("header.", 0), ("path.", 1), ("querystring.", 2)] {
        for (k, required) in &m.request_parameters {
            let Some(name) = k
                .strip_prefix("method.request.")
                .and_then(|s| s.strip_prefix(kind))
            else {
                continue;
            };
            let ok = match present {
                0 => req.header(name).is_some(),
                1 => true,
                _ => query_has(query, name),
            };
            if *required && !ok {
                missing.push(name.to_string());
            }
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Denial::RequestInvalid(missing))
    }
}

/// HTTP APIs: JWT / Lambda identity sources, IAM.
pub fn http(
    req: &Request,
    query: &str,
    auth: AuthorizationType,
    authorizer: Option<&Authorizer>,
) -> Result<Passed, Denial> {
    match auth {
        AuthorizationType::None => Ok(None),
        AuthorizationType::AwsIam => match signature(req, query) {
            Signature::SigV4 => Ok(Some("The request is signed; whether IAM allows execute-api:Invoke is only knowable from a real call.".into())),
            Signature::Unsigned => Err(Denial::IamUnsigned),
            Signature::Other(v) => Err(Denial::BadSignature(v)),
        },
        _ => {
            let Some(a) = authorizer else {
                return Ok(Some("The route's authorizer is not in the loaded inventory, so its identity source cannot be checked.".into()));
            };
            let sources = default_sources(a, false);
            if let Some(m) = missing_ident(req, query, &sources) {
                return Err(Denial::IdentityMissing(m));
            }
            Ok(Some(format!(
                "The identity goes to the authorizer `{}`; an invalid token (or a Deny) is only knowable from a real call.",
                a.name
            )))
        }
    }
}
