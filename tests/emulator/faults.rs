//! Faults between apigw and AWS (issue #8): the fault proxy itself (against a tiny fake
//! upstream), then apigw's loader and `apigw snapshot` through it in front of moto:
//! throttling, persistent 5xx on one part, an endpoint that dies mid-load, one that never
//! answers, connection resets.

mod emulated;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use crate::harness::fault_proxy::{DieMode, Fault, FaultProxy, Outcome, Rule, Schedule};

/// A fake upstream like moto: one answer per connection, then close; the body echoes
/// `METHOD TARGET BODY`. Targets containing `chunked` get a chunked answer.
fn fake_upstream() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            std::thread::spawn(move || answer_once(conn));
        }
    });
    format!("http://127.0.0.1:{port}")
}

fn answer_once(conn: TcpStream) {
    let mut r = BufReader::new(conn.try_clone().unwrap());
    let (mut first, mut len) = (String::new(), 0usize);
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if first.is_empty() {
            first = line.trim().to_string();
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0; len];
    let _ = r.read_exact(&mut body);
    let mut parts = first.split_whitespace();
    let (m, t) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let echo = format!("{m} {t} {}", String::from_utf8_lossy(&body));
    let mut out = conn;
    let resp = if t.contains("chunked") {
        let (a, b) = echo.split_at(echo.len() / 2);
        format!(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
            a.len(),
            b.len()
        )
    } else {
        format!("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n{echo}")
    };
    let _ = out.write_all(resp.as_bytes());
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one keep-alive request on `conn` and reads one Content-Length-framed answer.
fn send(
    conn: &mut BufReader<TcpStream>,
    method: &str,
    target: &str,
    body: &str,
) -> std::io::Result<Answer> {
    let req = format!(
        "{method} {target} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    conn.get_mut().write_all(req.as_bytes())?;
    let mut status_line = String::new();
    if conn.read_line(&mut status_line)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "closed without an answer",
        ));
    }
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        conn.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    let a = Answer {
        status,
        headers,
        body: String::new(),
    };
    let len: usize = a
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    conn.read_exact(&mut body)?;
    Ok(Answer {
        body: String::from_utf8_lossy(&body).into_owned(),
        ..a
    })
}

fn connect(proxy: &FaultProxy) -> BufReader<TcpStream> {
    let s = TcpStream::connect(("127.0.0.1", proxy.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    BufReader::new(s)
}

#[test]
fn proxy_forwards_faithfully_over_keep_alive_and_logs_each_request() {
    let proxy = FaultProxy::start(&fake_upstream());
    let mut c = connect(&proxy);
    let a = send(&mut c, "GET", "/restapis?limit=500", "").unwrap();
    assert_eq!(
        (a.status, a.body.as_str()),
        (200, "GET /restapis?limit=500 ")
    );
    let a = send(
        &mut c,
        "POST",
        "/restapis/abc/deployments",
        "{\"stageName\":\"prod\"}",
    )
    .unwrap();
    assert_eq!(
        a.body,
        "POST /restapis/abc/deployments {\"stageName\":\"prod\"}"
    );
    let a = send(&mut c, "GET", "/chunked/answer", "").unwrap();
    assert_eq!((a.status, a.body.as_str()), (200, "GET /chunked/answer "));
    let log = proxy.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(log[0].path(), "/restapis");
    assert_eq!(proxy.mutating().len(), 1);
    assert_eq!(proxy.count_outcome(&Outcome::Forwarded(200)), 3);
}

#[test]
fn throttle_answers_like_api_gateway_then_lets_requests_through() {
    let proxy = FaultProxy::start(&fake_upstream());
    proxy.add(Rule::new(Fault::Throttle, Schedule::FirstN(2)));
    let mut c = connect(&proxy);
    for _ in 0..2 {
        let a = send(&mut c, "GET", "/restapis", "").unwrap();
        assert_eq!(a.status, 429);
        assert!(a
            .header("x-amzn-ErrorType")
            .unwrap_or("")
            .starts_with("TooManyRequestsException"));
        assert_eq!(a.body, "{\"message\":\"Too Many Requests\"}");
    }
    assert_eq!(send(&mut c, "GET", "/restapis", "").unwrap().status, 200);
    assert_eq!(proxy.count_outcome(&Outcome::Throttled), 2);
}

#[test]
fn server_errors_can_target_one_path_and_method() {
    let proxy = FaultProxy::start(&fake_upstream());
    proxy.add(
        Rule::new(Fault::ServerError(503), Schedule::Always)
            .on_path("/resources")
            .on_method("get"),
    );
    let mut c = connect(&proxy);
    let a = send(&mut c, "GET", "/restapis/a/resources?embed=methods", "").unwrap();
    assert_eq!(a.status, 503);
    assert_eq!(
        a.header("x-amzn-ErrorType"),
        Some("ServiceUnavailableException")
    );
    assert_eq!(
        send(&mut c, "GET", "/restapis/a/stages", "")
            .unwrap()
            .status,
        200
    );
    assert_eq!(
        send(&mut c, "PUT", "/restapis/a/resources", "")
            .unwrap()
            .status,
        200
    );
}

#[test]
fn every_nth_and_seeded_chance_are_deterministic() {
    let run = |seed: u64| {
        let proxy = FaultProxy::start(&fake_upstream());
        proxy.seed(seed);
        proxy.add(Rule::new(Fault::ServerError(500), Schedule::EveryNth(3)));
        proxy.add(Rule::new(Fault::Throttle, Schedule::PerMille(400)));
        let mut c = connect(&proxy);
        (0..30)
            .map(|_| send(&mut c, "GET", "/x", "").unwrap().status)
            .collect::<Vec<_>>()
    };
    let a = run(7);
    assert_eq!(a, run(7), "same seed, same faults");
    assert!(a.iter().skip(2).step_by(3).all(|s| *s == 500), "{a:?}");
    let throttled = a.iter().filter(|s| **s == 429).count();
    assert!((2..=18).contains(&throttled), "about 40% of 20: {a:?}");
    assert_ne!(a, run(8), "another seed, other faults");
}

#[test]
fn reset_drops_the_connection_without_an_answer() {
    let proxy = FaultProxy::start(&fake_upstream());
    proxy.add(Rule::new(Fault::Reset, Schedule::FirstN(1)));
    let mut c = connect(&proxy);
    assert!(send(&mut c, "GET", "/x", "").is_err());
    assert_eq!(proxy.count_outcome(&Outcome::Reset), 1);
    let mut c = connect(&proxy);
    assert_eq!(send(&mut c, "GET", "/x", "").unwrap().status, 200);
}

#[test]
fn die_after_n_closes_or_hangs_and_drop_ends_hung_connections() {
    let proxy = FaultProxy::start(&fake_upstream());
    proxy.die_after(2, DieMode::Close);
    let mut c = connect(&proxy);
    assert_eq!(send(&mut c, "GET", "/1", "").unwrap().status, 200);
    assert_eq!(send(&mut c, "GET", "/2", "").unwrap().status, 200);
    assert!(send(&mut c, "GET", "/3", "").is_err());
    assert!(send(&mut connect(&proxy), "GET", "/4", "").is_err());
    assert_eq!(proxy.count_outcome(&Outcome::Closed), 2);

    let proxy = FaultProxy::start(&fake_upstream());
    proxy.die_after(0, DieMode::Hang);
    let mut c = connect(&proxy);
    c.get_mut()
        .write_all(b"GET /h HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    // Wait until the proxy has the request, then drop it: the hung connection must end.
    while proxy.count() == 0 {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(proxy.count_outcome(&Outcome::Hung), 1);
    drop(proxy);
    let mut buf = [0u8; 16];
    match c.read(&mut buf) {
        Ok(n) => assert_eq!(n, 0, "no answer, just the end of the connection"),
        Err(e) => assert!(
            !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
            "the hung connection outlived the proxy"
        ),
    }
}

/// Two delay rules fire on one request: the proxy holds it for their sum (its log says
/// which delay applied and how long it held the request; the client waited at least that
/// long: lower bounds only, never an upper one), then forwards it.
#[test]
fn delays_add_up_and_the_request_still_goes_through() {
    let proxy = FaultProxy::start(&fake_upstream());
    let (first, second) = (Duration::from_millis(40), Duration::from_millis(70));
    proxy.add(Rule::new(Fault::Delay(first), Schedule::Always));
    proxy.add(Rule::new(Fault::Delay(second), Schedule::Always));
    let mut c = connect(&proxy);
    let sent = Instant::now();
    let a = send(&mut c, "GET", "/slow", "").unwrap();
    let waited = sent.elapsed();
    assert_eq!((a.status, a.body.as_str()), (200, "GET /slow "));
    let log = proxy.requests();
    assert_eq!(log.len(), 1, "{log:#?}");
    assert_eq!(log[0].outcome, Outcome::Forwarded(200));
    assert_eq!(log[0].delay, first + second, "both delays apply, added");
    assert!(
        log[0].held >= first + second,
        "the proxy held the request for the delays: {:?}",
        log[0].held
    );
    assert!(
        waited >= first + second,
        "the client waited for the delays: {waited:?}"
    );
    proxy.clear();
    proxy.add(Rule::new(Fault::Throttle, Schedule::AfterN(1)));
    assert_eq!(send(&mut c, "GET", "/a", "").unwrap().status, 200);
    assert_eq!(send(&mut c, "GET", "/b", "").unwrap().status, 429);
    assert_eq!(
        proxy.requests()[1].delay,
        Duration::ZERO,
        "cleared rules delay nothing"
    );
}

#[test]
fn body_faults_answer_what_they_are_told() {
    let proxy = FaultProxy::start(&fake_upstream());
    proxy
        .add(Rule::new(Fault::Body(200, "{\"items\": [".into()), Schedule::Always).on_path("/cut"));
    let mut c = connect(&proxy);
    let a = send(&mut c, "GET", "/cut", "").unwrap();
    assert_eq!((a.status, a.body.as_str()), (200, "{\"items\": ["));
    assert_eq!(send(&mut c, "GET", "/x", "").unwrap().body, "GET /x ");
    assert_eq!(proxy.count_outcome(&Outcome::Body(200)), 1);
}
