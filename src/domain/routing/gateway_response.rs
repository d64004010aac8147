//! REST gateway responses decide the final status and body (ROUTING.md section 6).

use super::eval::Eval;
use super::needs::api_ref;
use super::verdict::Reason;
use crate::domain::load::PartKind;
use crate::domain::model::{ApiKind, RestApi};

/// A gateway response type and AWS's built-in answer for it.
#[derive(Debug, Clone, Copy)]
pub struct GwType {
    pub name: &'static str,
    pub status: u16,
    pub message: &'static str,
    pub error_type: &'static str,
}

pub const MISSING_AUTHENTICATION_TOKEN: GwType = GwType {
    name: "MISSING_AUTHENTICATION_TOKEN",
    status: 403,
    message: "Missing Authentication Token",
    error_type: "MissingAuthenticationTokenException",
};
pub const INVALID_API_KEY: GwType = GwType {
    name: "INVALID_API_KEY",
    status: 403,
    message: "Forbidden",
    error_type: "ForbiddenException",
};
/// A resource policy refusal; the body is `{"Message": …}` (capital M).
pub const ACCESS_DENIED: GwType = GwType {
    name: "ACCESS_DENIED",
    status: 403,
    message: "",
    error_type: "AccessDeniedException",
};
pub const UNAUTHORIZED: GwType = GwType {
    name: "UNAUTHORIZED",
    status: 401,
    message: "Unauthorized",
    error_type: "UnauthorizedException",
};
pub const BAD_REQUEST_PARAMETERS: GwType = GwType {
    name: "BAD_REQUEST_PARAMETERS",
    status: 400,
    message: "Missing required request parameters",
    error_type: "BadRequestException",
};
pub const INVALID_SIGNATURE: GwType = GwType {
    name: "INVALID_SIGNATURE",
    status: 403,
    message: "",
    error_type: "IncompleteSignatureException",
};

/// Sets the error of a gateway response type on the verdict, applying the API's
/// customisation of that type (or of `DEFAULT_4XX`). `message` overrides the built-in
/// message (e.g. the list of missing parameters).
pub fn answer(e: &mut Eval, api: &RestApi, reason: Reason, t: GwType, message: Option<String>) {
    e.refine_api(api_ref(ApiKind::Rest, &api.id), PartKind::GatewayResponses);
    let default_msg = message.unwrap_or_else(|| t.message.to_string());
    let custom = api
        .gateway_responses
        .iter()
        .find(|g| g.response_type == t.name && !g.default_response)
        .or_else(|| {
            api.gateway_responses
                .iter()
                .find(|g| g.response_type == "DEFAULT_4XX" && !g.default_response)
        });
    let Some(g) = custom else {
        e.fail(reason, t.status, &default_msg, Some(t.error_type));
        return;
    };
    let status = g
        .status_code
        .as_deref()
        .and_then(|s| s.trim().parse::<u16>().ok())
        .unwrap_or(t.status);
    let literal = g
        .response_templates
        .get("application/json")
        .or_else(|| g.response_templates.values().next())
        .and_then(|tpl| template_message(tpl));
    let msg = literal.unwrap_or(default_msg.clone());
    e.fail(reason, status, &msg, Some(t.error_type));
    if status == t.status && msg == default_msg {
        // Customised only in headers (e.g. CORS on DEFAULT_4XX): callers see the default.
        return;
    }
    e.note(format!(
        "This API customises the {} gateway response{}, so callers see {status} instead of {}; the cause is still {} (customisations reach callers only once deployed — low confidence).",
        g.response_type,
        if g.response_type != t.name {
            format!(" (which covers {})", t.name)
        } else {
            String::new()
        },
        t.status,
        reason.code()
    ));
}

/// The literal `message` a response template sets, if any (`None` when it uses
/// `$context.error.messageString` or sets no message).
pub fn template_message(tpl: &str) -> Option<String> {
    if let Ok(serde_json::Value::Object(m)) = serde_json::from_str::<serde_json::Value>(tpl) {
        return match m.get("message") {
            Some(serde_json::Value::String(s)) if !s.contains('$') => Some(s.clone()),
            _ => None,
        };
    }
    // Templates with unquoted VTL references are not JSON: scan for a quoted literal.
    let at = tpl.find("\"message\"")?;
    let after = tpl[at + 9..].trim_start().strip_prefix(':')?.trim_start();
    let body = after.strip_prefix('"')?;
    let end = body.find('"')?;
    let s = &body[..end];
    (!s.contains('$')).then(|| s.to_string())
}

/// Says whether `DEFAULT_4XX` is customised (it may or may not reshape the answers that
/// have no gateway response type of their own).
pub fn default_4xx_caveat(e: &mut Eval, api: &RestApi) {
    e.refine_api(api_ref(ApiKind::Rest, &api.id), PartKind::GatewayResponses);
    if api
        .gateway_responses
        .iter()
        .any(|g| g.response_type == "DEFAULT_4XX" && !g.default_response)
    {
        e.likely("This API customises DEFAULT_4XX; whether that also reshapes this answer is unknown (low confidence).");
    }
}

#[cfg(test)]
mod tests {
    use super::template_message;

    #[test]
    fn literal_messages_are_read_from_templates() {
        assert_eq!(
            template_message(r#"{"message": "Not Found"}"#).as_deref(),
            Some("Not Found")
        );
        assert_eq!(
            template_message(r#"{"message": $context.error.messageString}"#),
            None
        );
        assert_eq!(
            template_message(r#"{"message": "Gone", "id": "$context.requestId"}"#).as_deref(),
            Some("Gone")
        );
        assert_eq!(template_message(r#"{"error": "x"}"#), None);
    }
}
