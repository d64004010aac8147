//! `apigw probe`, the pure part: what came back from a real request (status, the gateway's
//! error type and message, the request id), whether it agrees with the prediction, and
//! what to do when it does not. The request itself is sent by `crate::aws::probe`.

use serde::{Deserialize, Serialize};

use super::routing::Verdict;

/// Methods sent without `--yes`: they change nothing.
pub const SAFE_METHODS: &[&str] = &["GET", "HEAD", "OPTIONS"];

/// True for GET, HEAD and OPTIONS (any case).
pub fn is_safe_method(method: &str) -> bool {
    SAFE_METHODS.iter().any(|m| m.eq_ignore_ascii_case(method))
}

/// Bodies are read up to this many bytes (a gateway message is a few dozen).
pub const BODY_CAP: usize = 64 * 1024;

/// What came back: the `actual` object of `apigw probe --json` (CLI.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub status: u16,
    /// `x-amzn-ErrorType` (without the `:namespace` suffix AWS sometimes adds).
    pub error_type: Option<String>,
    /// The JSON body's `message` (or `Message`, as in an access-denied answer).
    pub message: Option<String>,
    /// `x-amzn-RequestId` (REST), else `apigw-requestid` (HTTP APIs).
    pub request_id: Option<String>,
    pub elapsed_ms: u64,
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

impl Answer {
    /// Reads an answer from its status, headers and (possibly cut-short) body.
    pub fn from_response(
        status: u16,
        headers: &[(String, String)],
        body: &[u8],
        elapsed_ms: u64,
    ) -> Self {
        let error_type = header(headers, "x-amzn-ErrorType")
            .map(|t| t.split(':').next().unwrap_or(t).trim().to_string())
            .filter(|t| !t.is_empty());
        let request_id = header(headers, "x-amzn-RequestId")
            .or_else(|| header(headers, "apigw-requestid"))
            .map(str::to_string);
        Self {
            status,
            error_type,
            message: body_message(body),
            request_id,
            elapsed_ms,
        }
    }
}

/// The `message` (or `Message`) string of a JSON object body; `None` for anything else.
pub fn body_message(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let o = v.as_object()?;
    o.get("message")
        .or_else(|| o.get("Message"))?
        .as_str()
        .map(str::to_string)
}

/// Messages API Gateway itself sends for HTTP APIs, which carry no `x-amzn-ErrorType`.
const GATEWAY_MESSAGES: &[&str] = &[
    "Not Found",
    "Forbidden",
    "Unauthorized",
    "Missing Authentication Token",
    "Too Many Requests",
    "Limit Exceeded",
];

/// True when the answer is API Gateway refusing the request (a 4xx with its error type, or
/// an HTTP API's bare gateway message), as opposed to an answer of the integration.
/// A backend that itself answers `404 {"message":"Not Found"}` cannot be told apart.
pub fn gateway_refused(a: &Answer) -> bool {
    (400..500).contains(&a.status)
        && (a.error_type.is_some()
            || a.message
                .as_deref()
                .is_some_and(|m| GATEWAY_MESSAGES.contains(&m) || m.contains("not authorized")))
}

/// How the prediction and the answer compare, field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    pub status_agrees: bool,
    pub message_agrees: bool,
}

impl Comparison {
    /// `agrees` of the JSON: status and message both as predicted.
    pub fn agrees(self) -> bool {
        self.status_agrees && self.message_agrees
    }
}

/// Compares status and message. A prediction that the request reaches the integration
/// (no status) agrees with any answer that is not the gateway refusing it. A HEAD answer
/// has no body: its error type stands in for the message.
pub fn compare(predicted: &Verdict, actual: &Answer) -> Comparison {
    let head = predicted.method.eq_ignore_ascii_case("HEAD");
    match predicted.status {
        Some(s) if head => Comparison {
            status_agrees: s == actual.status,
            message_agrees: predicted.error_type.is_none()
                || predicted.error_type == actual.error_type,
        },
        Some(s) => Comparison {
            status_agrees: s == actual.status,
            message_agrees: predicted.message == actual.message,
        },
        None => {
            let passed = !gateway_refused(actual);
            Comparison {
                status_agrees: passed,
                message_agrees: passed,
            }
        }
    }
}

/// The region of an execute-api host (`{id}.execute-api.{region}.amazonaws.com`, the
/// `{id}-{vpce}` and `vpce-….execute-api.{region}.vpce.amazonaws.com` forms too).
pub fn execute_api_region(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let i = labels.iter().position(|l| *l == "execute-api")?;
    let region = *labels.get(i + 1)?;
    let looks_like_region = region.contains('-')
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let aws = labels.get(i + 2..)?.contains(&"amazonaws");
    (looks_like_region && aws).then(|| region.to_string())
}

/// What to do when the answer differs from the prediction: refresh first, then specific
/// hints, then the evidence to report. `request` is the request as a person would type it
/// (`GET https://…`), already free of secrets.
pub fn advice(predicted: &Verdict, actual: &Answer, request: &str) -> Vec<String> {
    let mut out = vec![format!(
        "Read the account again and re-check: the API may have changed since apigw read it (a deployment, a new route, a policy or key change) — run `apigw match {request}` (or press r in the TUI), then probe again."
    )];
    let iam_passed = predicted.status.is_none()
        && predicted
            .authorization
            .as_ref()
            .is_some_and(|a| a.kind == super::model::AuthorizationType::AwsIam);
    if iam_passed && actual.status == 403 {
        out.push("The call was signed with your credentials: a 403 here usually means IAM (or the API's resource policy) does not allow execute-api:Invoke for them, or the clock is off — check the message above.".to_string());
    }
    if predicted.status.is_none() && actual.status >= 500 {
        out.push("A 5xx is usually the integration (Lambda error, backend timeout) rather than routing: see the execution logs (`apigw logs`).".to_string());
    }
    let id = actual
        .request_id
        .as_deref()
        .map(|id| format!(" and the request id {id}"))
        .unwrap_or_default();
    out.push(format!(
        "If it still differs, report it with this evidence: the request ({request}), both answers above (status, error type, message, reason {}){id}.",
        predicted.reason.code()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Inventory;
    use crate::domain::routing::{evaluate, MatchContext, Reason, Request};

    /// A verdict from the engine (so new fields need no change here), then reshaped.
    fn verdict(status: Option<u16>, message: Option<&str>) -> Verdict {
        let req = Request::new(
            "GET",
            "https://x.execute-api.eu-west-1.amazonaws.com/prod/a",
        );
        let mut v = evaluate(&Inventory::default(), &req, &MatchContext::default());
        v.status = status;
        v.message = message.map(str::to_string);
        v.reason = if status.is_some() {
            Reason::NoResource
        } else {
            Reason::Matched
        };
        v
    }

    fn answer(status: u16, error_type: Option<&str>, body: &str) -> Answer {
        let mut h = vec![("X-Amzn-RequestId".to_string(), "rid-1".to_string())];
        if let Some(t) = error_type {
            h.push(("x-amzn-errortype".into(), t.into()));
        }
        Answer::from_response(status, &h, body.as_bytes(), 5)
    }

    #[test]
    fn an_answer_reads_error_type_message_and_request_id_whatever_the_header_case() {
        let a = answer(
            403,
            Some("MissingAuthenticationTokenException:http://internal.amazon.com/coral/"),
            r#"{"message":"Missing Authentication Token"}"#,
        );
        assert_eq!(
            a.error_type.as_deref(),
            Some("MissingAuthenticationTokenException")
        );
        assert_eq!(a.message.as_deref(), Some("Missing Authentication Token"));
        assert_eq!(a.request_id.as_deref(), Some("rid-1"));
        let denied = answer(
            403,
            Some("AccessDeniedException"),
            r#"{"Message":"User: x"}"#,
        );
        assert_eq!(denied.message.as_deref(), Some("User: x"));
        let html = answer(502, None, "<html>bad gateway</html>");
        assert_eq!(html.message, None);
    }

    #[test]
    fn http_api_request_ids_come_from_apigw_requestid() {
        let h = vec![("apigw-requestid".to_string(), "Ab12".to_string())];
        let a = Answer::from_response(404, &h, br#"{"message":"Not Found"}"#, 1);
        assert_eq!(a.request_id.as_deref(), Some("Ab12"));
    }

    #[test]
    fn same_status_and_message_agree_and_either_one_different_does_not() {
        let v = verdict(Some(403), Some("Missing Authentication Token"));
        let mat = r#"{"message":"Missing Authentication Token"}"#;
        assert!(compare(&v, &answer(403, Some("X"), mat)).agrees());
        let c = compare(&v, &answer(404, Some("X"), mat));
        assert!(!c.agrees() && !c.status_agrees && c.message_agrees);
        let c = compare(&v, &answer(403, Some("X"), r#"{"message":"Forbidden"}"#));
        assert!(!c.agrees() && c.status_agrees && !c.message_agrees);
    }

    #[test]
    fn a_head_answer_has_no_body_so_its_error_type_stands_in_for_the_message() {
        let mut v = verdict(Some(403), Some("Missing Authentication Token"));
        v.method = "HEAD".into();
        v.error_type = Some("MissingAuthenticationTokenException".into());
        let a = answer(403, Some("MissingAuthenticationTokenException"), "");
        assert!(compare(&v, &a).agrees());
        let a = answer(403, Some("ForbiddenException"), "");
        assert!(!compare(&v, &a).agrees());
    }

    #[test]
    fn reaching_the_integration_agrees_with_any_answer_but_a_gateway_refusal() {
        let v = verdict(None, None);
        assert!(compare(&v, &answer(200, None, "ok")).agrees());
        assert!(compare(&v, &answer(404, None, r#"{"error":"no order 42"}"#)).agrees());
        assert!(compare(&v, &answer(502, Some("InternalServerErrorException"), "")).agrees());
        let mat = r#"{"message":"Missing Authentication Token"}"#;
        assert!(!compare(
            &v,
            &answer(403, Some("MissingAuthenticationTokenException"), mat)
        )
        .agrees());
        assert!(!compare(&v, &answer(404, None, r#"{"message":"Not Found"}"#)).agrees());
    }

    #[test]
    fn execute_api_hosts_name_their_region_and_others_do_not() {
        let r = execute_api_region;
        assert_eq!(
            r("a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com").as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(
            r("A1B2-vpce-0abc.execute-api.us-east-2.amazonaws.com.").as_deref(),
            Some("us-east-2")
        );
        assert_eq!(
            r("vpce-0abc-xyz.execute-api.ap-south-1.vpce.amazonaws.com").as_deref(),
            Some("ap-south-1")
        );
        assert_eq!(r("api.example.com"), None);
        assert_eq!(r("x.execute-api.localhost"), None);
    }

    #[test]
    fn only_get_head_and_options_are_safe() {
        for m in ["GET", "head", "Options"] {
            assert!(is_safe_method(m), "{m}");
        }
        for m in ["POST", "PUT", "PATCH", "DELETE", "ANY"] {
            assert!(!is_safe_method(m), "{m}");
        }
    }

    #[test]
    fn advice_says_refresh_first_and_names_the_request_id_to_report() {
        let v = verdict(Some(403), Some("Missing Authentication Token"));
        let a = answer(200, None, "ok");
        let lines = advice(&v, &a, "GET https://x/prod/a");
        assert!(
            lines[0].contains("apigw match GET https://x/prod/a"),
            "{lines:?}"
        );
        let last = lines.last().unwrap();
        assert!(
            last.contains("rid-1") && last.contains("no_resource"),
            "{last}"
        );
    }
}
