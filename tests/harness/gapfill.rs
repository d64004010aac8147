//! A loopback HTTP proxy in front of moto that fills moto's read gaps and counts requests.
//!
//! moto 5.2.5 answers `GET /v2/apis/{id}/authorizers` with 500 and
//! `GET /v2/apis/{id}/deployments` / `GET /v2/domainnames/{d}/routingrules` with 404 (not
//! implemented). Behind this proxy they answer `{"items": []}` (an API with none), so a
//! whole-account load of an emulated account can complete. Everything else is passed
//! through unchanged. Each request is counted (for the load benchmark).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct GapFiller {
    /// e.g. `http://127.0.0.1:41235`.
    pub endpoint: String,
    requests: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    port: u16,
}

impl GapFiller {
    /// Starts the proxy in front of `upstream_port` (a moto server on 127.0.0.1).
    pub fn start(upstream_port: u16) -> GapFiller {
        let listener = TcpListener::bind("127.0.0.1:0").expect("cannot bind a loopback port");
        let port = listener.local_addr().expect("no local addr").port();
        let requests = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (r, s) = (requests.clone(), stop.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let r = r.clone();
                std::thread::spawn(move || {
                    let _ = serve(conn, upstream_port, &r);
                });
            }
        });
        GapFiller {
            endpoint: format!("http://127.0.0.1:{port}"),
            requests,
            stop,
            port,
        }
    }

    /// Requests seen so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn reset_count(&self) {
        self.requests.store(0, Ordering::Relaxed);
    }
}

impl Drop for GapFiller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// True for the reads moto cannot answer.
fn is_gap(method: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or("");
    let seg: Vec<&str> = path.trim_matches('/').split('/').collect();
    method == "GET"
        && matches!(
            seg.as_slice(),
            ["v2", "apis", _, "authorizers"]
                | ["v2", "apis", _, "deployments"]
                | ["v2", "domainnames", _, "routingrules"]
        )
}

/// Serves requests of one client connection (keep-alive) until it closes.
fn serve(conn: TcpStream, upstream: u16, count: &AtomicU64) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut out = conn;
    loop {
        let mut head = Vec::new();
        let mut content_length = 0usize;
        let mut first = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            if first.is_empty() {
                first = line.clone();
            }
            let lower = line.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                content_length = v.trim().parse().unwrap_or(0);
            }
            if lower.starts_with("connection:") {
                continue; // we add our own
            }
            let end = line == "\r\n" || line == "\n";
            if end {
                head.extend_from_slice(b"Connection: close\r\n\r\n");
                break;
            }
            head.extend_from_slice(line.as_bytes());
        }
        let mut body = vec![0u8; content_length];
        reader.read_exact(&mut body)?;
        count.fetch_add(1, Ordering::Relaxed);
        let mut parts = first.split_whitespace();
        let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let response = if is_gap(method, path) {
            let body = "{\"items\": []}";
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes()
        } else {
            forward(upstream, &head, &body)?
        };
        if out.write_all(&response).and_then(|_| out.flush()).is_err() {
            let _ = out.shutdown(Shutdown::Both);
            return Ok(());
        }
    }
}

/// Sends one request upstream and returns the whole response with an exact
/// Content-Length (moto closes the connection after each answer).
fn forward(upstream: u16, head: &[u8], body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut up = TcpStream::connect(("127.0.0.1", upstream))?;
    up.write_all(head)?;
    up.write_all(body)?;
    let mut raw = Vec::new();
    up.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4)
        .unwrap_or(raw.len());
    let (h, b) = raw.split_at(split);
    let h = String::from_utf8_lossy(h);
    let mut new_head = String::new();
    for line in h.split("\r\n").filter(|l| !l.is_empty()) {
        let l = line.to_ascii_lowercase();
        if l.starts_with("content-length:")
            || l.starts_with("connection:")
            || l.starts_with("transfer-encoding:")
        {
            continue;
        }
        new_head.push_str(line);
        new_head.push_str("\r\n");
    }
    new_head.push_str(&format!("Content-Length: {}\r\n\r\n", b.len()));
    let mut resp = new_head.into_bytes();
    resp.extend_from_slice(b);
    Ok(resp)
}
