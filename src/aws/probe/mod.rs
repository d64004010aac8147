//! `apigw probe`, the edge: sends one request for real — to the URL's host or to the
//! `--connect-to` address with the URL's `Host` and path — SigV4-signed for `AWS_IAM`
//! methods, within a connect and a whole-request timeout, and reads what came back into a
//! [`crate::domain::probe::Answer`].
//!
//! - `target`: URL and `--connect-to` → address, `Host`, path, TLS or not
//! - `sign`: credentials (default chain, `--profile`) and the SigV4 headers
//! - `conn`: TCP, TLS (system roots), one HTTP/1.1 exchange, the body capped

use std::time::{Duration, Instant};

use http_body_util::Empty;
use hyper::body::Bytes;

use crate::domain::probe::Answer;

mod conn;
pub mod sign;
pub mod target;

pub use target::{resolve, Target};

/// One request to send.
#[derive(Debug, Clone, Default)]
pub struct Outgoing {
    /// Upper-case method.
    pub method: String,
    /// The full URL (`https://host/stage/path?query`).
    pub url: String,
    /// Headers as given (`Host` among them replaces the URL's).
    pub headers: Vec<(String, String)>,
    /// Another address to connect to (`scheme://host[:port]`), as curl's `--connect-to`.
    pub connect_to: Option<String>,
    /// Sign with SigV4 (`execute-api`) with the default credentials.
    pub sign: Option<Signing>,
}

/// How to sign: the region of the credential scope and the profile of the credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signing {
    pub region: String,
    pub profile: Option<String>,
}

/// Connect and whole-request limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub total: Duration,
}

/// Default limit for the whole request (connect, TLS, answer).
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(30);

fn env_ms(name: &str) -> Option<Duration> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map(Duration::from_millis)
}

impl Timeouts {
    /// `APIGW_CONNECT_TIMEOUT_MS` (default 5 s) and `APIGW_PROBE_TIMEOUT_MS` (default 30 s).
    pub fn from_env() -> Self {
        Self {
            connect: env_ms("APIGW_CONNECT_TIMEOUT_MS")
                .unwrap_or(crate::aws::client::CONNECT_TIMEOUT),
            total: env_ms("APIGW_PROBE_TIMEOUT_MS").unwrap_or(TOTAL_TIMEOUT),
        }
    }
}

/// Why nothing (or no answer) came back. Each is one line a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProbeError {
    #[error("{0}")]
    BadUrl(String),
    #[error("bad header `{0}`: not a valid HTTP header")]
    BadHeader(String),
    #[error("refusing to send a SigV4-signed request (with your credentials' session token) over plain HTTP to {0}: use https, or --connect-to a loopback address")]
    PlainHttpCredentials(String),
    #[error("cannot sign the request: {0}")]
    Credentials(String),
    #[error("cannot sign the request: {0}")]
    Signing(String),
    #[error("cannot reach {address}: {reason}")]
    Unreachable { address: String, reason: String },
    #[error("TLS failed {0}")]
    Tls(String),
    #[error("timed out {what} (after {} ms): nothing came back; check the address, the network/VPN, or raise APIGW_PROBE_TIMEOUT_MS", after.as_millis())]
    Timeout { what: String, after: Duration },
    #[error("the answer is not HTTP/1.1 ({0}); is the scheme of the URL or --connect-to right?")]
    Protocol(String),
}

/// Checks the URL, `--connect-to` and headers without sending anything.
pub fn prepare(out: &Outgoing) -> Result<Target, ProbeError> {
    let t = resolve(&out.url, out.connect_to.as_deref())?;
    if out.sign.is_some() && !t.tls && !t.is_loopback() {
        return Err(ProbeError::PlainHttpCredentials(t.address()));
    }
    Ok(t)
}

/// The request as it goes on the wire, signing headers included.
async fn build(out: &Outgoing, t: &Target) -> Result<hyper::Request<Empty<Bytes>>, ProbeError> {
    let mut headers: Vec<(String, String)> = Vec::with_capacity(out.headers.len() + 4);
    let host = out
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| t.host_header.clone());
    headers.push(("host".into(), host.clone()));
    headers.extend(
        out.headers
            .iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("host"))
            .cloned(),
    );
    if let Some(s) = &out.sign {
        let url = format!("{}://{host}{}", t.scheme, t.path_and_query);
        let added =
            sign::signing_headers(&out.method, &url, &headers, &s.region, s.profile.as_deref())
                .await?;
        headers.extend(added);
    }
    let method = hyper::Method::from_bytes(out.method.as_bytes())
        .map_err(|_| ProbeError::BadHeader(format!("method {}", out.method)))?;
    let mut b = hyper::Request::builder()
        .method(method)
        .uri(t.path_and_query.as_str());
    for (n, v) in &headers {
        let name = hyper::header::HeaderName::from_bytes(n.as_bytes())
            .map_err(|_| ProbeError::BadHeader(crate::redact::for_terminal(n)))?;
        let value = hyper::header::HeaderValue::from_str(v)
            .map_err(|_| ProbeError::BadHeader(crate::redact::for_terminal(n)))?;
        b = b.header(name, value);
    }
    b.body(Empty::new())
        .map_err(|e| ProbeError::BadUrl(format!("cannot build the request: {e}")))
}

/// Sends the request once and reads the answer.
pub async fn send(out: &Outgoing, timeouts: Timeouts) -> Result<Answer, ProbeError> {
    let t = prepare(out)?;
    let req = build(out, &t).await?;
    tracing::info!(method = %out.method, address = %t.address(), signed = out.sign.is_some(), "probe");
    let started = Instant::now();
    let raw = tokio::time::timeout(
        timeouts.total,
        conn::exchange(&t, req, timeouts.connect.min(timeouts.total)),
    )
    .await
    .map_err(|_| ProbeError::Timeout {
        what: format!("waiting for {} to answer", t.address()),
        after: timeouts.total,
    })??;
    let elapsed = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Ok(Answer::from_response(
        raw.status,
        &raw.headers,
        &raw.body,
        elapsed,
    ))
}
