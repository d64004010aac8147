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

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

mod http;
pub mod rig;
mod rules;

use http::HttpRequest;
pub use rules::*;

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
        let port = std_listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("fault proxy: {e}"));
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
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
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
                let Ok(permit) = limit.clone().acquire_owned().await else {
                    return;
                };
                let Ok((conn, _)) = listener.accept().await else {
                    continue;
                };
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
        let received = Instant::now();
        let d = handle.decide(&req.method, &req.target);
        if !d.delay.is_zero() {
            tokio::time::sleep(d.delay).await;
        }
        match answer(upstream, handle, &req, d, received).await {
            Answer::Send(bytes) => {
                if write.write_all(&bytes).await.is_err() || !req.keep_alive {
                    return;
                }
            }
            Answer::SendAndClose(bytes) => {
                let _ = write.write_all(&bytes).await;
                return;
            }
            Answer::Close => return,
            Answer::Reset => {
                if let Ok(conn) = reader.into_inner().reunite(write) {
                    let _ = conn.set_zero_linger();
                }
                return;
            }
            Answer::Hang => std::future::pending::<()>().await,
        }
    }
}

/// What to do on the connection after a request.
enum Answer {
    Send(Vec<u8>),
    SendAndClose(Vec<u8>),
    Close,
    Reset,
    Hang,
}

/// Applies the decision to one request (forwarding it when no fault replaces the answer)
/// and logs the outcome, with the delay applied and how long the request was held since
/// `received`.
async fn answer(
    upstream: &str,
    handle: &FaultHandle,
    req: &HttpRequest,
    d: Decision,
    received: Instant,
) -> Answer {
    let keep = req.keep_alive;
    let delay = d.delay;
    let (outcome, answer) = match (d.die, d.fault) {
        (Some(DieMode::Hang), _) | (None, Some(Fault::Hang)) => (Outcome::Hung, Answer::Hang),
        (Some(DieMode::Close), _) => (Outcome::Closed, Answer::Close),
        (None, Some(Fault::Reset)) => (Outcome::Reset, Answer::Reset),
        (None, Some(Fault::Throttle)) if http::is_sts(req) => {
            (Outcome::Throttled, Answer::Send(http::sts_throttled(keep)))
        }
        (None, Some(Fault::Throttle)) => (Outcome::Throttled, Answer::Send(http::throttled(keep))),
        (None, Some(Fault::SignatureMismatch)) => (
            Outcome::SignatureMismatch,
            Answer::Send(http::signature_mismatch(req, keep)),
        ),
        (None, Some(Fault::ServerError(s))) => (
            Outcome::ServerError(s),
            Answer::Send(http::server_error(s, keep)),
        ),
        (None, Some(Fault::Body(status, body))) => (
            Outcome::Body(status),
            Answer::Send(http::body(status, &body, keep)),
        ),
        (None, Some(Fault::DropAnswer)) => match forward(upstream, req).await {
            Ok(resp) => (Outcome::AnswerDropped(resp.status), Answer::Reset),
            Err(_) => (Outcome::UpstreamFailed, Answer::Reset),
        },
        (None, Some(Fault::Delay(_)) | None) => match forward(upstream, req).await {
            Ok(resp) => (
                Outcome::Forwarded(resp.status),
                Answer::Send(resp.to_client_bytes(&req.method, keep)),
            ),
            Err(e) => (
                Outcome::UpstreamFailed,
                Answer::SendAndClose(http::plain(502, &e)),
            ),
        },
    };
    handle.record(req, outcome, delay, received.elapsed());
    answer
}

/// Sends the request upstream on a fresh connection (`Connection: close`) and reads one
/// answer.
async fn forward(upstream: &str, req: &HttpRequest) -> Result<http::HttpResponse, String> {
    let io = async {
        let mut up = TcpStream::connect(upstream)
            .await
            .map_err(|e| format!("upstream {upstream}: {e}"))?;
        up.write_all(&req.to_upstream_bytes())
            .await
            .map_err(|e| format!("upstream write: {e}"))?;
        http::read_response(&mut BufReader::new(up), &req.method).await
    };
    tokio::time::timeout(UPSTREAM_TIMEOUT, io)
        .await
        .map_err(|_| "upstream timed out".to_string())?
}
