//! A local fake of API Gateway's data plane for `apigw probe` tests: a tiny HTTP/1.1 server
//! (tokio, its own thread) on a free loopback port that answers like API Gateway does.
//!
//! - A request matching a [`Route`] (method or `ANY`, exact path or a `/*` prefix; the
//!   path includes the stage) gets the route's status and body.
//! - Anything else: `403 {"message":"Missing Authentication Token"}` with
//!   `x-amzn-ErrorType: MissingAuthenticationTokenException`.
//! - An `iam` route checks SigV4: no `Authorization` → Missing Authentication Token; a
//!   signature that is not for `execute-api`, not by [`ACCESS_KEY`], or that does not verify
//!   (recomputed here with aws-sigv4 from the request as received: its `Host`, path and
//!   `X-Amz-Date`) → `403 InvalidSignatureException`.
//! - Every answer carries `x-amzn-RequestId: fake-req-N`. Every request is logged
//!   ([`FakeGateway::requests`]).
//! - [`FakeGateway::black_hole`] accepts connections and never answers (timeouts).
//!
//! Point apigw at it with `--connect-to` and give the apigw process [`creds_env`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The credentials apigw is given (and the fake verifies signatures with).
pub const ACCESS_KEY: &str = "AKIDPROBEFAKE0000001";
pub const SECRET_KEY: &str = "fake-gateway-secret-key-0123456789abcdef";
pub const SESSION_TOKEN: &str = "fake-gateway-session-token-0123456789abcdef";

/// Environment giving the apigw process exactly these credentials.
pub fn creds_env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_SESSION_TOKEN", SESSION_TOKEN),
    ]
}

/// One path the fake gateway serves.
#[derive(Debug, Clone)]
pub struct Route {
    /// `GET`, … or `ANY`.
    pub method: &'static str,
    /// `/prod/health`, or `/prod/orders/*` for everything below.
    pub path: &'static str,
    /// Requires a valid SigV4 signature for execute-api.
    pub iam: bool,
    pub status: u16,
    pub body: &'static str,
}

impl Route {
    pub fn ok(method: &'static str, path: &'static str) -> Self {
        Self {
            method,
            path,
            iam: false,
            status: 200,
            body: r#"{"ok":true}"#,
        }
    }

    pub fn iam(mut self) -> Self {
        self.iam = true;
        self
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        let m = self.method == "ANY" || self.method.eq_ignore_ascii_case(method);
        let p = match self.path.strip_suffix("/*") {
            Some(prefix) => path.starts_with(&format!("{prefix}/")),
            None => path == self.path,
        };
        m && p
    }
}

/// How the SigV4 signature of a request looked to the fake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigCheck {
    Unsigned,
    Valid,
    Invalid(String),
}

/// A request as the fake received it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// Path and query as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub signature: SigCheck,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct FakeGateway {
    /// `http://127.0.0.1:PORT`, for `--connect-to`.
    pub endpoint: String,
    log: Arc<Mutex<Vec<Seen>>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl FakeGateway {
    /// Serves `routes` (see the module docs).
    pub fn start(routes: Vec<Route>) -> FakeGateway {
        Self::spawn(Some(routes))
    }

    /// Accepts connections, reads the request, never answers.
    pub fn black_hole() -> FakeGateway {
        Self::spawn(None)
    }

    fn spawn(routes: Option<Vec<Route>>) -> FakeGateway {
        let std_listener =
            std::net::TcpListener::bind("127.0.0.1:0").expect("cannot bind a loopback port");
        std_listener
            .set_nonblocking(true)
            .expect("nonblocking listener");
        let port = std_listener.local_addr().expect("no local addr").port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let log2 = log.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("fake gateway runtime");
            rt.block_on(serve(std_listener, routes.map(Arc::new), log2, rx));
        });
        FakeGateway {
            endpoint: format!("http://127.0.0.1:{port}"),
            log,
            stop: Some(tx),
        }
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Seen> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for FakeGateway {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

async fn serve(
    std_listener: std::net::TcpListener,
    routes: Option<Arc<Vec<Route>>>,
    log: Arc<Mutex<Vec<Seen>>>,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    let listener = TcpListener::from_std(std_listener).expect("tokio listener");
    let counter = Arc::new(AtomicU64::new(0));
    loop {
        tokio::select! {
            _ = &mut stop => break,
            conn = listener.accept() => {
                let Ok((stream, _)) = conn else { continue };
                let (routes, log, counter) = (routes.clone(), log.clone(), counter.clone());
                tokio::spawn(async move {
                    let _ = handle(stream, routes, log, counter).await;
                });
            }
        }
    }
}

struct Parsed {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

async fn read_request(stream: &mut TcpStream) -> Option<Parsed> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > 64 * 1024 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_string(), first.next()?.to_string());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let len = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Parsed {
        method,
        target,
        headers,
        body,
    })
}

async fn handle(
    mut stream: TcpStream,
    routes: Option<Arc<Vec<Route>>>,
    log: Arc<Mutex<Vec<Seen>>>,
    counter: Arc<AtomicU64>,
) -> std::io::Result<()> {
    let Some(req) = read_request(&mut stream).await else {
        return Ok(());
    };
    let signature = check_signature(&req);
    if let Ok(mut l) = log.lock() {
        l.push(Seen {
            method: req.method.clone(),
            target: req.target.clone(),
            headers: req.headers.clone(),
            signature: signature.clone(),
        });
    }
    let Some(routes) = routes else {
        // Black hole: keep the connection open, never answer.
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        return Ok(());
    };
    let path = req.target.split('?').next().unwrap_or("");
    let (status, error_type, body) = answer(&routes, &req.method, path, &signature);
    let n = counter.fetch_add(1, Ordering::Relaxed) + 1;
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-amzn-RequestId: fake-req-{n}\r\nconnection: close\r\n",
        reason(status),
        body.len()
    );
    if let Some(t) = error_type {
        head.push_str(&format!("x-amzn-ErrorType: {t}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    if !req.method.eq_ignore_ascii_case("HEAD") {
        stream.write_all(body.as_bytes()).await?;
    }
    stream.shutdown().await
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        403 => "Forbidden",
        404 => "Not Found",
        _ => "Status",
    }
}

const MAT: &str = r#"{"message":"Missing Authentication Token"}"#;

fn answer(
    routes: &[Route],
    method: &str,
    path: &str,
    sig: &SigCheck,
) -> (u16, Option<&'static str>, String) {
    let missing = (
        403,
        Some("MissingAuthenticationTokenException"),
        MAT.to_string(),
    );
    let Some(r) = routes.iter().find(|r| r.matches(method, path)) else {
        return missing;
    };
    if r.iam {
        match sig {
            SigCheck::Unsigned => return missing,
            SigCheck::Invalid(why) => {
                let body = serde_json::json!({ "message": format!("The request signature we calculated does not match the signature you provided. ({why})") });
                return (403, Some("InvalidSignatureException"), body.to_string());
            }
            SigCheck::Valid => {}
        }
    }
    (r.status, None, r.body.to_string())
}

fn header<'a>(req: &'a Parsed, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `Credential=AK/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex`.
fn auth_parts(auth: &str) -> Option<(Vec<String>, Vec<String>, String)> {
    let rest = auth.strip_prefix("AWS4-HMAC-SHA256 ")?;
    let mut cred = None;
    let mut signed = None;
    let mut sig = None;
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        match k {
            "Credential" => cred = Some(v.split('/').map(str::to_string).collect()),
            "SignedHeaders" => signed = Some(v.split(';').map(str::to_string).collect()),
            "Signature" => sig = Some(v.to_string()),
            _ => {}
        }
    }
    Some((cred?, signed?, sig?))
}

fn check_signature(req: &Parsed) -> SigCheck {
    let Some(auth) = header(req, "authorization") else {
        return SigCheck::Unsigned;
    };
    let Some((cred, signed, given)) = auth_parts(auth) else {
        return SigCheck::Invalid("not a SigV4 Authorization header".into());
    };
    let [key, _date, region, service, term] = cred.as_slice() else {
        return SigCheck::Invalid("bad credential scope".into());
    };
    if service != "execute-api" || term != "aws4_request" {
        return SigCheck::Invalid(format!("credential scope is for `{service}`"));
    }
    if key != ACCESS_KEY {
        return SigCheck::Invalid("unknown access key".into());
    }
    match recompute(req, region, &signed) {
        Some(expected) if expected == given => SigCheck::Valid,
        Some(_) => SigCheck::Invalid("signature mismatch".into()),
        None => SigCheck::Invalid("cannot recompute (no host or x-amz-date)".into()),
    }
}

fn recompute(req: &Parsed, region: &str, signed: &[String]) -> Option<String> {
    let date = header(req, "x-amz-date")?;
    let t = chrono::NaiveDateTime::parse_from_str(date, "%Y%m%dT%H%M%SZ").ok()?;
    let time = SystemTime::UNIX_EPOCH
        + std::time::Duration::from_secs(u64::try_from(t.and_utc().timestamp()).ok()?);
    let host = header(req, "host")?;
    let token = header(req, "x-amz-security-token").map(str::to_string);
    let creds = aws_credential_types::Credentials::new(ACCESS_KEY, SECRET_KEY, token, None, "fake");
    let identity = creds.into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name("execute-api")
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .ok()?
        .into();
    // The signer adds x-amz-date and the session token itself.
    let headers: Vec<(&str, &str)> = req
        .headers
        .iter()
        .filter(|(n, _)| {
            let n = n.to_ascii_lowercase();
            signed.contains(&n) && n != "x-amz-date" && n != "x-amz-security-token"
        })
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let url = format!("https://{host}{}", req.target);
    let signable = SignableRequest::new(
        &req.method,
        url,
        headers.into_iter(),
        SignableBody::Bytes(&req.body),
    )
    .ok()?;
    let (_, signature) = sign(signable, &params).ok()?.into_parts();
    Some(signature)
}
