//! A fault-injecting HTTP/1.1 proxy on loopback, in front of an upstream such as moto.
//!
//! `FaultProxy::start(&moto.endpoint)` listens on `127.0.0.1:0` and forwards each request
//! (keep-alive, `Content-Length` or chunked bodies) to the upstream on a fresh connection.
//! Faults are configured at run time through [`FaultHandle`] (the proxy derefs to it):
//! rules `(fault, schedule, optional method/path filter)` plus `die_after(n, mode)`.
//! Schedules are counters or a seeded RNG: the same test sees the same faults every run.
//! Every request is logged (method, target, whether it mutates, what happened).
//!
//! The proxy runs on its own thread and runtime; dropping it stops that runtime, which
//! ends every connection (including hung ones). Sizes and waits are bounded.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

mod http;

use http::HttpRequest;

/// What the proxy does to a request instead of (or before) forwarding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 429 `TooManyRequestsException`, as API Gateway's control plane throttles.
    Throttle,
    /// This 5xx status with an AWS-style error body.
    ServerError(u16),
    /// Close the connection with a TCP reset, no answer.
    Reset,
    /// Wait this long, then go on (delays add up; later rules still apply).
    Delay(Duration),
    /// Never answer (the connection stays open until the proxy is dropped).
    Hang,
}

/// When a rule fires, counted over the requests its filter matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    Always,
    /// The first n matching requests.
    FirstN(u32),
    /// The n-th, 2n-th, … matching request.
    EveryNth(u32),
    /// Every matching request after the first n.
    AfterN(u32),
    /// With this chance in 1000, drawn from the proxy's seeded RNG.
    PerMille(u32),
}

/// A fault, when it fires, and which requests it applies to.
#[derive(Debug, Clone)]
pub struct Rule {
    pub fault: Fault,
    pub schedule: Schedule,
    /// Only requests whose target (path + query) contains this.
    pub path_contains: Option<String>,
    /// Only requests with this method.
    pub method: Option<String>,
    seen: u32,
}

impl Rule {
    pub fn new(fault: Fault, schedule: Schedule) -> Self {
        Self {
            fault,
            schedule,
            path_contains: None,
            method: None,
            seen: 0,
        }
    }

    pub fn on_path(mut self, part: &str) -> Self {
        self.path_contains = Some(part.to_string());
        self
    }

    pub fn on_method(mut self, method: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    fn matches(&self, method: &str, target: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method)
            && self.path_contains.as_deref().is_none_or(|p| target.contains(p))
    }

    fn fires(&mut self, rng: &mut u64) -> bool {
        self.seen += 1;
        match self.schedule {
            Schedule::Always => true,
            Schedule::FirstN(n) => self.seen <= n,
            Schedule::EveryNth(n) => n > 0 && self.seen % n == 0,
            Schedule::AfterN(n) => self.seen > n,
            Schedule::PerMille(p) => (splitmix(rng) % 1000) < u64::from(p),
        }
    }
}

/// How the proxy behaves once `die_after` is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DieMode {
    /// Accept and read requests but never answer (a black hole: tests timeouts).
    Hang,
    /// Close every connection without an answer.
    Close,
}

/// What happened to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Forwarded; the upstream's status.
    Forwarded(u16),
    /// The upstream could not be reached or answered garbage (502 sent).
    UpstreamFailed,
    Throttled,
    ServerError(u16),
    Reset,
    Hung,
    Closed,
}

/// One request as the proxy saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    pub method: String,
    /// Path and query as sent.
    pub target: String,
    /// POST, PUT, PATCH or DELETE.
    pub mutating: bool,
    pub outcome: Outcome,
}

impl LoggedRequest {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

#[derive(Debug, Default)]
struct State {
    rules: Vec<Rule>,
    die_after: Option<(usize, DieMode)>,
    rng: u64,
    log: Vec<LoggedRequest>,
}

/// What to do with one request.
struct Decision {
    delay: Duration,
    fault: Option<Fault>,
    die: Option<DieMode>,
}

/// Shared, cloneable control of a running proxy.
#[derive(Debug, Clone, Default)]
pub struct FaultHandle {
    state: Arc<Mutex<State>>,
}

impl FaultHandle {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds a rule (rules are tried in order; the first non-delay fault that fires wins).
    pub fn add(&self, rule: Rule) {
        self.lock().rules.push(rule);
    }

    /// Removes every rule and `die_after`: the proxy forwards faithfully again.
    pub fn clear(&self) {
        let mut s = self.lock();
        s.rules.clear();
        s.die_after = None;
    }

    /// Seeds the RNG used by [`Schedule::PerMille`].
    pub fn seed(&self, seed: u64) {
        self.lock().rng = seed;
    }

    /// After `n` requests have been logged, stop answering.
    pub fn die_after(&self, n: usize, mode: DieMode) {
        self.lock().die_after = Some((n, mode));
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.lock().log.clone()
    }

    pub fn count(&self) -> usize {
        self.lock().log.len()
    }

    /// Requests with a mutating method (POST, PUT, PATCH, DELETE).
    pub fn mutating(&self) -> Vec<LoggedRequest> {
        self.lock().log.iter().filter(|r| r.mutating).cloned().collect()
    }

    /// Requests that got this outcome.
    pub fn count_outcome(&self, outcome: &Outcome) -> usize {
        self.lock().log.iter().filter(|r| &r.outcome == outcome).count()
    }

    pub fn clear_log(&self) {
        self.lock().log.clear();
    }

    fn decide(&self, method: &str, target: &str) -> Decision {
        let mut s = self.lock();
        let State { rules, die_after, rng, log } = &mut *s;
        if let Some((n, mode)) = *die_after {
            if log.len() >= n {
                return Decision { delay: Duration::ZERO, fault: None, die: Some(mode) };
            }
        }
        let mut delay = Duration::ZERO;
        for rule in rules.iter_mut().filter(|r| r.matches(method, target)) {
            if !rule.fires(rng) {
                continue;
            }
            match &rule.fault {
                Fault::Delay(d) => delay += *d,
                other => return Decision { delay, fault: Some(other.clone()), die: None },
            }
        }
        Decision { delay, fault: None, die: None }
    }

    fn record(&self, req: &HttpRequest, outcome: Outcome) {
        let method = req.method.clone();
        let mutating = matches!(method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE");
        self.lock().log.push(LoggedRequest {
            method,
            target: req.target.clone(),
            mutating,
            outcome,
        });
    }
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A running proxy; stops when dropped. Derefs to its [`FaultHandle`].
pub struct FaultProxy {
    /// e.g. `http://127.0.0.1:40123`: use as `AWS_ENDPOINT_URL`.
    pub endpoint: String,
    pub port: u16,
    handle: FaultHandle,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::ops::Deref for FaultProxy {
    type Target = FaultHandle;
    fn deref(&self) -> &FaultHandle {
        &self.handle
    }
}

/// Connections served at once (more wait in the accept queue).
const MAX_CONNECTIONS: usize = 128;
/// Longest wait for the upstream's whole answer.
const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(30);

impl FaultProxy {
    /// Starts a proxy in front of `upstream` (`http://host:port`). Panics saying why.
    pub fn start(upstream: &str) -> FaultProxy {
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap_or_else(|e| panic!("fault proxy: cannot bind loopback: {e}"));
        let port = std_listener.local_addr().map(|a| a.port()).unwrap_or_else(|e| panic!("fault proxy: {e}"));
        std_listener
            .set_nonblocking(true)
            .unwrap_or_else(|e| panic!("fault proxy: {e}"));
        let handle = FaultHandle::default();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel();
        let h = handle.clone();
        let thread = std::thread::Builder::new()
            .name(format!("fault-proxy-{port}"))
            .spawn(move || serve_thread(std_listener, upstream, h, stop_rx))
            .unwrap_or_else(|e| panic!("fault proxy: cannot spawn its thread: {e}"));
        FaultProxy {
            endpoint: format!("http://127.0.0.1:{port}"),
            port,
            handle,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// A handle that outlives borrows of the proxy (e.g. moved into a task).
    pub fn handle(&self) -> FaultHandle {
        self.handle.clone()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve_thread(
    listener: std::net::TcpListener,
    upstream: String,
    handle: FaultHandle,
    stop: tokio::sync::oneshot::Receiver<()>,
) {
    let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
        eprintln!("fault proxy: cannot build a runtime");
        return;
    };
    rt.block_on(async move {
        let Ok(listener) = TcpListener::from_std(listener) else {
            eprintln!("fault proxy: cannot register the listener");
            return;
        };
        let limit = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
        let upstream = Arc::new(upstream);
        let accept = async {
            loop {
                let Ok(permit) = limit.clone().acquire_owned().await else { return };
                let Ok((conn, _)) = listener.accept().await else { continue };
                let (h, up) = (handle.clone(), upstream.clone());
                tokio::spawn(async move {
                    serve_conn(conn, &up, &h).await;
                    drop(permit);
                });
            }
        };
        tokio::select! {
            _ = accept => {}
            _ = stop => {}
        }
    });
    // Dropping the runtime here cancels every connection task, hung ones included.
}

async fn serve_conn(conn: TcpStream, upstream: &str, handle: &FaultHandle) {
    let (read, mut write) = conn.into_split();
    let mut reader = BufReader::new(read);
    loop {
        let req = match http::read_request(&mut reader).await {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(e) => {
                let _ = write.write_all(&http::plain(400, &e)).await;
                return;
            }
        };
        let d = handle.decide(&req.method, &req.target);
        if !d.delay.is_zero() {
            tokio::time::sleep(d.delay).await;
        }
        let keep = req.keep_alive;
        let answer = match (d.die, d.fault) {
            (Some(DieMode::Hang), _) | (None, Some(Fault::Hang)) => {
                handle.record(&req, Outcome::Hung);
                std::future::pending::<()>().await;
                return;
            }
            (Some(DieMode::Close), _) => {
                handle.record(&req, Outcome::Closed);
                return;
            }
            (None, Some(Fault::Reset)) => {
                handle.record(&req, Outcome::Reset);
                if let Ok(conn) = reader.into_inner().reunite(write) {
                    let _ = conn.set_zero_linger();
                }
                return;
            }
            (None, Some(Fault::Throttle)) => {
                handle.record(&req, Outcome::Throttled);
                http::throttled(keep)
            }
            (None, Some(Fault::ServerError(s))) => {
                handle.record(&req, Outcome::ServerError(s));
                http::server_error(s, keep)
            }
            (None, Some(Fault::Delay(_)) | None) => {
                let framed = forward(upstream, &req)
                    .await
                    .and_then(|(status, raw)| Ok((status, http::reframe(&req, &raw, keep)?)));
                match framed {
                    Ok((status, bytes)) => {
                        handle.record(&req, Outcome::Forwarded(status));
                        bytes
                    }
                    Err(e) => {
                        handle.record(&req, Outcome::UpstreamFailed);
                        let _ = write.write_all(&http::plain(502, &e)).await;
                        return;
                    }
                }
            }
        };
        if write.write_all(&answer).await.is_err() || !keep {
            return;
        }
    }
}

/// Sends the request upstream on a fresh connection (`Connection: close`) and reads the
/// whole answer: (status, raw bytes).
async fn forward(upstream: &str, req: &HttpRequest) -> Result<(u16, Vec<u8>), String> {
    let io = async {
        let mut up = TcpStream::connect(upstream)
            .await
            .map_err(|e| format!("upstream {upstream}: {e}"))?;
        up.write_all(&req.to_upstream_bytes())
            .await
            .map_err(|e| format!("upstream write: {e}"))?;
        let mut buf = Vec::new();
        up.take(http::MAX_BODY as u64)
            .read_to_end(&mut buf)
            .await
            .map_err(|e| format!("upstream read: {e}"))?;
        Ok::<_, String>(buf)
    };
    let buf = tokio::time::timeout(UPSTREAM_TIMEOUT, io)
        .await
        .map_err(|_| "upstream timed out".to_string())??;
    let status = http::status_of(&buf).ok_or("upstream answered no HTTP status line")?;
    Ok((status, buf))
}
