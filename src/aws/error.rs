//! SDK errors → [`LoadError`] with a hint a person can act on.

// The smithy types are the same for both SDK crates; reach them through one re-export.
use aws_sdk_apigateway::config::http::HttpResponse;
use aws_sdk_apigateway::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::domain::load::{LoadError, LoadErrorKind};

/// What the error hints need to know about the account.
#[derive(Debug, Clone, Default)]
pub struct ErrorContext {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint: Option<String>,
}

impl ErrorContext {
    fn profile_arg(&self) -> String {
        match &self.profile {
            Some(p) => format!(" --profile {p}"),
            None => String::new(),
        }
    }
}

/// Maps an SDK error of operation `op` (e.g. `GetResources`) to a [`LoadError`].
pub fn from_sdk<E>(op: &str, err: &SdkError<E, HttpResponse>, cx: &ErrorContext) -> LoadError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let text = format!("{}", DisplayErrorContext(err));
    match err {
        SdkError::ServiceError(se) => {
            let status = se.raw().status().as_u16();
            let code = se.err().code().unwrap_or("");
            let msg = se.err().message().unwrap_or("");
            from_service(op, status, code, msg, cx)
        }
        SdkError::TimeoutError(_) => timeout(op),
        SdkError::ResponseError(_) => LoadError::new(
            LoadErrorKind::BadResponse,
            format!("{op}: unreadable answer from AWS"),
        )
        .with_hint("try again; if it persists, check --endpoint-url"),
        _ => from_text(op, &text, cx),
    }
}

fn timeout(op: &str) -> LoadError {
    LoadError::new(LoadErrorKind::Timeout, format!("{op}: timed out"))
        .with_hint("the network or AWS is slow; try again")
}

/// Classifies an answer AWS gave (status, error code, message).
pub fn from_service(op: &str, status: u16, code: &str, msg: &str, cx: &ErrorContext) -> LoadError {
    let first = msg.lines().next().unwrap_or("").trim();
    let detail = if first.is_empty() {
        String::new()
    } else {
        format!(": {first}")
    };
    let lc = code.to_ascii_lowercase();
    let p = cx.profile_arg();
    if lc.contains("expiredtoken") || lc.contains("expired") {
        return LoadError::new(
            LoadErrorKind::ExpiredCredentials,
            format!("{op}: the AWS credentials have expired{detail}"),
        )
        .with_hint(format!("refresh them, e.g. aws sso login{p}"));
    }
    if lc.contains("unrecognizedclient")
        || lc.contains("invalidsignature")
        || lc.contains("invalidclienttoken")
    {
        return LoadError::new(
            LoadErrorKind::NoCredentials,
            format!("{op}: AWS does not accept these credentials ({code})"),
        )
        .with_hint(format!("check the profile's keys, or run aws sso login{p}"));
    }
    if lc.contains("throttl") || lc.contains("toomanyrequests") || status == 429 {
        return LoadError::new(
            LoadErrorKind::Throttled,
            format!("{op}: throttled by API Gateway (still after retries)"),
        )
        .with_hint("try again in a moment, or lower APIGW_MAX_RPS");
    }
    if lc.contains("accessdenied") || lc.contains("unauthorized") || status == 403 {
        return LoadError::new(LoadErrorKind::AccessDenied, format!("{op}: access denied{detail}"))
            .with_hint("the identity needs the IAM permission apigateway:GET (e.g. on arn:aws:apigateway:*::/*)");
    }
    if lc.contains("notfound") || status == 404 {
        return LoadError::new(LoadErrorKind::NotFound, format!("{op}: not found{detail}"))
            .with_hint("it may have just been deleted; reload");
    }
    if status >= 500 {
        return LoadError::new(
            LoadErrorKind::ServerError,
            format!(
                "{op}: AWS answered {status}{}",
                if code.is_empty() {
                    String::new()
                } else {
                    format!(" {code}")
                }
            ),
        )
        .with_hint("a fault on the AWS side; try again");
    }
    LoadError::new(
        LoadErrorKind::Other,
        format!("{op}: AWS answered {status} {code}{detail}"),
    )
}

/// Classifies a failure before any answer (credentials, DNS, connection) by its text.
pub fn from_text(op: &str, text: &str, cx: &ErrorContext) -> LoadError {
    let lc = text.to_ascii_lowercase();
    let p = cx.profile_arg();
    let where_ = cx.endpoint.clone().unwrap_or_else(|| {
        format!(
            "API Gateway in {}",
            cx.region.as_deref().unwrap_or("the region")
        )
    });
    if lc.contains("sso")
        && (lc.contains("expired") || lc.contains("token") || lc.contains("refresh"))
    {
        return LoadError::new(
            LoadErrorKind::ExpiredCredentials,
            format!("{op}: the SSO session has expired"),
        )
        .with_hint(format!("run: aws sso login{p}"));
    }
    if lc.contains("expired") {
        return LoadError::new(
            LoadErrorKind::ExpiredCredentials,
            format!("{op}: the AWS credentials have expired"),
        )
        .with_hint(format!("refresh them, e.g. aws sso login{p}"));
    }
    if lc.contains("credential") || lc.contains("no providers in chain") {
        return LoadError::new(
            LoadErrorKind::NoCredentials,
            format!("{op}: no AWS credentials found"),
        )
        .with_hint(
            "set AWS_PROFILE or --profile, run aws configure, or aws sso login --profile NAME",
        );
    }
    if lc.contains("timeout") || lc.contains("timed out") {
        return timeout(op);
    }
    if lc.contains("dns")
        || lc.contains("resolve")
        || lc.contains("connect")
        || lc.contains("connection")
        || lc.contains("io error")
    {
        return LoadError::new(
            LoadErrorKind::Unreachable,
            format!("{op}: cannot reach {where_}"),
        )
        .with_hint("check the network/VPN, the region and --endpoint-url; try again");
    }
    let first = text
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(200)
        .collect::<String>();
    LoadError::new(LoadErrorKind::Other, format!("{op}: {first}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> ErrorContext {
        ErrorContext {
            profile: Some("prod".into()),
            region: Some("eu-west-1".into()),
            endpoint: None,
        }
    }

    #[test]
    fn expired_sso_token_says_sso_login_with_the_profile() {
        let e = from_text(
            "GetRestApis",
            "failed to load credentials: the SSO token has expired and must be refreshed",
            &cx(),
        );
        assert_eq!(e.kind, LoadErrorKind::ExpiredCredentials);
        assert_eq!(e.hint.as_deref(), Some("run: aws sso login --profile prod"));
    }

    #[test]
    fn access_denied_names_the_permission() {
        let e = from_service(
            "GetResources",
            403,
            "AccessDeniedException",
            "User: x is not authorized",
            &cx(),
        );
        assert_eq!(e.kind, LoadErrorKind::AccessDenied);
        assert!(e.hint.unwrap_or_default().contains("apigateway:GET"));
        assert!(e.message.contains("GetResources"));
    }

    #[test]
    fn statuses_map_to_kinds() {
        let k = |s, c| from_service("Op", s, c, "", &cx()).kind;
        assert_eq!(k(429, "TooManyRequestsException"), LoadErrorKind::Throttled);
        assert_eq!(k(500, "InternalFailure"), LoadErrorKind::ServerError);
        assert_eq!(k(404, "NotFoundException"), LoadErrorKind::NotFound);
        assert_eq!(
            k(400, "ExpiredTokenException"),
            LoadErrorKind::ExpiredCredentials
        );
        assert_eq!(
            k(403, "UnrecognizedClientException"),
            LoadErrorKind::NoCredentials
        );
    }

    #[test]
    fn unreachable_and_missing_credentials() {
        let e = from_text(
            "GetApis",
            "dispatch failure: io error: dns error: failed to lookup address",
            &cx(),
        );
        assert_eq!(e.kind, LoadErrorKind::Unreachable);
        let e = from_text(
            "GetApis",
            "failed to construct request: no credentials in the credential provider chain",
            &cx(),
        );
        assert_eq!(e.kind, LoadErrorKind::NoCredentials);
    }
}
