//! `apigw match --stdin` at log scale: output order under parallel workers, the verdict
//! cache never changing an answer, API Gateway access-log lines, `--summary`, and an
//! interactive stdin answered line by line.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command as Process, Stdio};

use apigw::cli::match_cmd::stdin::{run, Env, Fixed, Mode, Options, Outcome};
use apigw::domain::routing::Router;
use assert_cmd::Command;
use proptest::prelude::*;
use serde_json::Value;

const EXEC: &str = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com";

/// Lines covering every kind of input: hits, misses, unique ids, curl commands, access
/// logs (plain, CloudWatch-prefixed), malformed and empty lines.
fn pool() -> Vec<String> {
    let mut v: Vec<String> = [
        "GET https://api.example.com/pay/payments",
        "POST https://api.example.com/orders/orders/1/refunds",
        "https://api.example.com/orders/orders/1/items",
        "GET https://api.example.com/nope",
        "DELETE https://p4y8h3t6x1.execute-api.eu-west-1.amazonaws.com/payments/7",
        "GET https://unknown.example.net/x",
        "curl -H 'x-api-key: k' https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders",
        "OPTIONS https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders",
        r#"{"requestId":"r-1","httpMethod":"GET","apiId":"a1b2c3d4e5","stage":"prod","path":"/prod/health","status":"200"}"#,
        r#"2026-11-02T10:00:00.000Z {"httpMethod":"POST","domainName":"api.example.com","path":"/orders/orders","status":403}"#,
        "GET a b c",
        "{not json",
        "",
        "   ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Requests that differ only in headers or signing: a cache key missing either would
    // hand one the other's verdict.
    v.push(format!("GET {EXEC}/prod/orders"));
    v.push(format!("awscurl -X DELETE {EXEC}/prod/orders/5"));
    v.push(format!("DELETE {EXEC}/prod/orders/5"));
    v.push(format!("GET {EXEC}/prd/orders"));
    v
}

/// A large input: the pool repeated in a shuffled order, plus unique paths.
fn large_input(lines: usize) -> String {
    let pool = pool();
    let mut out = String::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for n in 0..lines {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let line = match x % 5 {
            0 => format!("GET https://api.example.com/orders/orders/{n}"),
            1 => format!("GET {EXEC}/prod/miss-{n}"),
            _ => pool[(x as usize / 5) % pool.len()].clone(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Input handed out a few bytes at a time: many small chunks, as from a slow pipe.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn mode(json: bool, summary: bool, cache: bool) -> Mode {
    Mode {
        json,
        colour: false,
        summary,
        cache,
    }
}

fn answer(input: impl Read + Send, mode: Mode, workers: usize) -> (String, Outcome) {
    let inv = apigw::demo::inventory();
    let router = Router::new(&inv);
    let fixed = Fixed {
        inv: &inv,
        router: &router,
    };
    let env = Env {
        judge: &fixed,
        region: inv.region.as_deref(),
        headers: &[],
        caller: &Default::default(),
    };
    let mut out = Vec::new();
    let outcome = run(input, &mut out, &env, Options { mode, workers }).unwrap();
    (String::from_utf8(out).unwrap(), outcome)
}

/// One worker, no cache: each line evaluated on its own, in order.
fn sequential(input: &str, json: bool) -> String {
    answer(input.as_bytes(), mode(json, false, false), 1).0
}

#[test]
fn parallel_workers_write_every_verdict_in_input_order() {
    let input = large_input(6_000);
    let expected = sequential(&input, true);
    let (got, outcome) = answer(input.as_bytes(), mode(true, false, true), 4);
    assert!(outcome.failed, "the input has malformed lines");
    let (e, g): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), got.lines().collect());
    assert_eq!(e.len(), g.len());
    for (i, (a, b)) in e.iter().zip(&g).enumerate() {
        assert_eq!(a, b, "output line {i} differs");
    }
    // And each output line answers its own input line.
    let requests: Vec<&str> = input.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(requests.len(), g.len());
    for (req, out) in requests.iter().zip(&g) {
        let v: Value = serde_json::from_str(out).unwrap();
        if let Some(url) = v["url"].as_str().filter(|u| u.contains("/miss-")) {
            assert!(
                req.ends_with(&url[url.rfind('/').unwrap()..]),
                "{req} → {url}"
            );
        }
    }
}

#[test]
fn the_verdict_cache_never_changes_an_answer() {
    // Eight chunks: a request seen in one chunk is cached in a later one and then reused
    // (one worker sees them all; two share them).
    let input = large_input(8 * 1024);
    for (json, workers) in [(true, 1), (false, 1), (true, 2)] {
        let (uncached, none) = answer(input.as_bytes(), mode(json, false, false), workers);
        let (cached, used) = answer(input.as_bytes(), mode(json, false, true), workers);
        assert_eq!(none.cached_lines, 0);
        assert!(
            used.cached_lines > 1_000,
            "the cache was used: {}",
            used.cached_lines
        );
        assert!(
            uncached == cached,
            "json={json} workers={workers}: cached output differs"
        );
    }
    let (_, uncached) = answer(input.as_bytes(), mode(true, true, false), 1);
    let (_, cached) = answer(input.as_bytes(), mode(true, true, true), 1);
    assert!(cached.cached_lines > 1_000);
    assert_eq!(uncached.summary, cached.summary);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_mix_of_lines_in_any_pieces_comes_out_as_the_sequential_answer(
        picks in prop::collection::vec(0usize..64, 1..300),
        step in 1usize..200,
        workers in 1usize..4,
    ) {
        let pool = pool();
        let input: String = picks
            .iter()
            .map(|&i| match pool.get(i) {
                Some(l) => format!("{l}\n"),
                None => format!("GET {EXEC}/prod/orders/{i}\n"),
            })
            .collect();
        let expected = sequential(&input, true);
        let trickle = Trickle { data: input.as_bytes(), step };
        let (got, _) = answer(trickle, mode(true, false, true), workers);
        prop_assert_eq!(expected, got);
    }
}

/// `--summary --json` of a known input (10 lines: 1 malformed, 3 with a logged status).
fn known_summary() -> Value {
    let input = [
        "GET https://api.example.com/pay/payments",
        "GET https://api.example.com/pay/payments",
        "GET https://api.example.com/nope",
        "GET https://api.example.com/nope",
        "GET https://api.example.com/nope",
        "GET https://unknown.example.net/x",
        "GET a b c",
        r#"{"httpMethod":"GET","apiId":"a1b2c3d4e5","stage":"prod","path":"/prod/health","status":"200"}"#,
        r#"{"httpMethod":"GET","apiId":"a1b2c3d4e5","stage":"prod","path":"/prod/nope","status":"200"}"#,
        r#"{"httpMethod":"GET","apiId":"a1b2c3d4e5","stage":"prod","path":"/prod/nope","status":"403"}"#,
    ]
    .join("\n");
    let (out, outcome) = answer(input.as_bytes(), mode(true, true, true), 2);
    assert!(
        out.is_empty(),
        "--summary writes no line per request: {out}"
    );
    assert!(outcome.failed);
    serde_json::to_value(outcome.summary.unwrap()).unwrap()
}

/// The count of the row of `list` whose `key` is `val`.
fn count(r: &Value, list: &str, key: &str, val: Value) -> Option<u64> {
    r[list]
        .as_array()?
        .iter()
        .find(|x| x[key] == val)
        .and_then(|x| x["count"].as_u64())
}

#[test]
fn summary_counts_a_known_input_by_status_reason_and_route() {
    let r = known_summary();
    let totals = ["lines", "requests", "malformed"].map(|k| r[k].as_u64());
    assert_eq!(totals, [Some(10), Some(9), Some(1)]);
    assert_eq!(r["errors"][0]["line"], 7);
    assert_eq!(count(&r, "by_reason", "reason", "matched".into()), Some(3));
    assert_eq!(
        count(&r, "by_reason", "reason", "no_mapping".into()),
        Some(3)
    );
    assert_eq!(
        count(&r, "by_reason", "reason", "no_resource".into()),
        Some(2)
    );
    assert_eq!(
        count(&r, "by_reason", "reason", "unknown_host".into()),
        Some(1)
    );
    let integration = count(&r, "by_status", "reaches_integration", true.into());
    assert_eq!(integration, Some(3));
    assert_eq!(count(&r, "by_status", "status", 403.into()), Some(5));
    let unknown = r["by_status"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["status"].is_null() && x["reaches_integration"] == false);
    let unknown = unknown.and_then(|x| x["count"].as_u64());
    assert_eq!(unknown, Some(1), "the unknown host: no answer");
    assert_eq!(
        count(&r, "by_route", "route", "GET /payments".into()),
        Some(2)
    );
    assert_eq!(
        count(&r, "by_route", "route", "GET /health".into()),
        Some(1)
    );
}

#[test]
fn summary_lists_unmatched_paths_and_where_the_log_disagrees() {
    let r = known_summary();
    assert_eq!(r["top_unmatched"][0]["path"], "api.example.com/nope");
    assert_eq!(r["top_unmatched"][0]["count"], 3);
    let exec_nope = format!("{}/prod/nope", &EXEC["https://".len()..]);
    assert_eq!(
        count(&r, "top_unmatched", "path", exec_nope.into()),
        Some(2)
    );
    let logged = &r["logged"];
    let totals = ["lines", "agree", "disagree"].map(|k| logged[k].as_u64());
    assert_eq!(totals, [Some(3), Some(2), Some(1)]);
    let d = &logged["disagreements"][0];
    let statuses = ["predicted_status", "logged_status"].map(|k| d[k].as_u64());
    assert_eq!(statuses, [Some(403), Some(200)]);
    assert_eq!(d["reason"], "no_resource");
    assert_eq!(d["example"], format!("GET {EXEC}/prod/nope"));
}

fn apigw() -> Command {
    let mut c = Command::cargo_bin("apigw").expect("the apigw binary is built by cargo test");
    c.env("NO_COLOR", "1").env_remove("AWS_PROFILE");
    c
}

#[test]
fn summary_prints_aligned_tables_or_one_json_object() {
    let input = "GET https://api.example.com/nope\nGET https://api.example.com/pay/payments\nGET https://api.example.com/nope\n";
    let out = apigw()
        .args(["--demo", "match", "--stdin", "--summary"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("3 lines: 3 requests, 0 malformed"),
        "{text}"
    );
    let row = text
        .lines()
        .find(|l| l.starts_with("api.example.com/nope"))
        .unwrap_or_else(|| panic!("{text}"));
    let header = text
        .lines()
        .find(|l| l.starts_with("TOP UNMATCHED"))
        .unwrap();
    assert_eq!(
        row.find("no_mapping"),
        header.find("REASON"),
        "columns align:\n{text}"
    );
    assert!(row.ends_with(" 2"), "{row}");
    let out = apigw()
        .args(["--demo", "match", "--stdin", "--summary", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["requests"], 3);
    assert_eq!(
        v["by_reason"][0],
        serde_json::json!({"reason": "no_mapping", "count": 2})
    );
    assert!(v["logged"].is_null(), "no line carried a logged status");
    let out = apigw()
        .args([
            "--demo",
            "match",
            "--summary",
            "https://api.example.com/nope",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--summary needs --stdin");
}

fn stdin_json(input: &str) -> (Option<i32>, Vec<Value>) {
    let out = apigw()
        .args(["--demo", "match", "--stdin", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    let lines = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    (out.status.code(), lines)
}

#[test]
fn rest_access_log_lines_on_the_execute_api_host_and_a_custom_domain_are_matched() {
    let input = [
        r#"{"requestId":"r-1","httpMethod":"GET","domainName":"a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com","apiId":"a1b2c3d4e5","stage":"prod","path":"/prod/orders/7/items","status":"200"}"#,
        r#"{"requestId":"r-2","httpMethod":"POST","domainName":"api.example.com","apiId":"a1b2c3d4e5","stage":"prod","path":"/orders/orders/7/refunds","status":403}"#,
    ]
    .join("\n");
    let (code, v) = stdin_json(&input);
    assert_eq!(code, Some(0));
    assert_eq!(v[0]["url"], format!("{EXEC}/prod/orders/7/items"));
    assert_eq!(
        (v[0]["api"]["name"].as_str(), v[0]["stage"].as_str()),
        (Some("orders-api"), Some("prod"))
    );
    assert_eq!(v[0]["resource"], "/orders/{orderId}/items");
    assert_eq!(
        v[0]["logged"],
        serde_json::json!({"status": 200, "request_id": "r-1"})
    );
    assert_eq!(
        v[1]["url"],
        "https://api.example.com/orders/orders/7/refunds"
    );
    assert_eq!(v[1]["domain"]["mapping"], "orders");
    assert_eq!(v[1]["reason"], "not_deployed");
    assert_eq!(v[1]["logged"]["status"], 403);
}

#[test]
fn http_api_access_log_lines_are_matched_to_their_route() {
    let input = r#"{"requestId":"h-1","httpMethod":"GET","apiId":"p4y8h3t6x1","stage":"$default","routeKey":"GET /payments/{id}","path":"/payments/9","status":"200"}"#;
    let (code, v) = stdin_json(input);
    assert_eq!(code, Some(0));
    assert_eq!(v[0]["route_key"], "GET /payments/{id}");
    assert_eq!(v[0]["path_params"]["id"], "9");
    assert_eq!(v[0]["reason"], "matched");
}

#[test]
fn malformed_access_log_lines_yield_error_objects_and_exit_2() {
    let input = "{\"httpMethod\":\"GET\",\"path\":\"/x\"}\n{\"httpMethod\":\"GET\"\nGET https://api.example.com/pay/payments\n";
    let (code, v) = stdin_json(input);
    assert_eq!(code, Some(2));
    assert_eq!(v.len(), 3);
    assert_eq!(v[0]["line"], 1);
    assert!(
        v[0]["error"]
            .as_str()
            .unwrap()
            .contains("neither domainName nor apiId"),
        "{}",
        v[0]
    );
    assert!(
        v[1]["error"]
            .as_str()
            .unwrap()
            .contains("not a JSON access-log line"),
        "{}",
        v[1]
    );
    assert_eq!(v[2]["reason"], "matched");
}

/// An interactive stdin (a person typing, `tail -f`): a line's verdict is written before
/// the next line exists, let alone EOF.
#[test]
fn a_verdict_is_written_before_stdin_ends() {
    let mut child = Process::new(env!("CARGO_BIN_EXE_apigw"))
        .args(["--demo", "match", "--stdin", "--json"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    for path in ["pay/payments", "nope"] {
        writeln!(stdin, "GET https://api.example.com/{path}").unwrap();
        stdin.flush().unwrap();
        // Not a timing assertion: a generous bound so a regression fails instead of hanging.
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("no verdict while stdin is still open: output is not streamed");
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["url"], format!("https://api.example.com/{path}"));
    }
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
}
