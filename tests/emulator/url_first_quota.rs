//! `apigw match` reads only what its URL needs (issue #11), against moto seeded like a large
//! account (40 REST APIs, 10 HTTP APIs, 5 custom domains) behind the quota proxy (API
//! Gateway's 10 requests/s, burst 40, GetResources 5 per 2 s, 60 ms a request), paced like
//! AWS: one URL costs at most 15 requests and draws no 429; a whole snapshot of the same
//! account costs more than ten times as many. A custom-domain URL resolves through a REST
//! base path mapping made with the v1 API. `--stdin` reads each API once, when a line first
//! needs it. (Times are printed for the README, not asserted.)

use std::time::{Duration, Instant};

use crate::harness::pty::Pty;
use crate::harness::quota_proxy::QuotaProxy;
use crate::harness::seed::{Auth, Seed};
use crate::harness::{GapFiller, Moto};

const REST: usize = 40;
const HTTP: usize = 10;

struct Rig {
    moto: Moto,
    _gap: GapFiller,
    quota: QuotaProxy,
    /// REST API ids, in seeding order.
    rest: Vec<String>,
}

async fn seed(moto: &Moto) -> Vec<String> {
    let (mut rest, mut http) = (Vec::new(), Vec::new());
    for i in 0..REST {
        let api = Seed::rest(&format!("svc-{i:02}"))
            .resource("/items/{id}")
            .method("GET", Auth::None)
            .deploy("prod")
            .create(moto)
            .await;
        rest.push(api.id);
    }
    for i in 0..HTTP {
        let api = Seed::http(&format!("http-{i:02}"))
            .route("GET /things")
            .auto_deploy_stage("$default")
            .create(moto)
            .await;
        http.push(api.id);
    }
    // Three domains made through the v1 API (REST base path mappings), two through v2
    // (API mappings of HTTP APIs: moto maps only those through v2).
    for d in 0..3 {
        Seed::domain(&format!("api{d}.example.com"))
            .base_path("orders", &rest[d], "prod")
            .base_path("billing", &rest[d + 10], "prod")
            .create(moto)
            .await;
    }
    for (d, id) in http.iter().enumerate().skip(3).take(2) {
        Seed::domain_v2(&format!("api{d}.example.com"))
            .api_mapping("v1/orders", id, "$default")
            .create(moto)
            .await;
    }
    rest
}

impl Rig {
    fn start() -> Rig {
        let moto = Moto::start();
        let rt = tokio::runtime::Runtime::new().expect("a runtime");
        let rest = rt.block_on(seed(&moto));
        let gap = moto.gap_filler();
        let quota = QuotaProxy::start(&gap.endpoint);
        quota.add_latency(Duration::from_millis(60));
        Rig {
            moto,
            _gap: gap,
            quota,
            rest,
        }
    }

    /// `apigw <args>` through the quota proxy, paced like AWS; its stdout, the requests it
    /// sent and how long it took.
    fn run(&self, args: &[&str], stdin: Option<String>) -> (String, usize, Duration) {
        let before = self.quota.requests();
        let mut cmd = self.moto.apigw_via(&self.quota.endpoint);
        for k in ["APIGW_MAX_RPS", "APIGW_BURST", "APIGW_CONCURRENCY"] {
            cmd.env_remove(k);
        }
        cmd.env("APIGW_PACE", "aws").arg("--no-cache").args(args);
        if let Some(input) = stdin {
            cmd.write_stdin(input);
        }
        let t = Instant::now();
        let out = cmd.output().expect("apigw runs");
        let took = t.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "apigw {args:?} failed: {stderr}"
        );
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        (stdout, self.quota.requests() - before, took)
    }

    fn url(&self, i: usize, path: &str) -> String {
        format!(
            "https://{}.execute-api.us-east-1.amazonaws.com/prod{path}",
            self.rest[i]
        )
    }
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

#[test]
fn one_url_costs_at_most_15_requests_and_a_tenth_of_a_snapshot_without_a_429() {
    let rig = Rig::start();
    let mut figures = Vec::new();
    let mut most = 0;
    let cases = [
        (rig.url(17, "/items/42"), "matched", "svc-17"),
        (rig.url(17, "/nope"), "no_resource", "svc-17"),
        (
            rig.url(23, "/items/1").replace("/prod/", "/prd/"),
            "stage_not_found",
            "svc-23",
        ),
        (
            "https://api1.example.com/billing/items/9".to_string(),
            "matched",
            "svc-11",
        ),
        (
            "https://api4.example.com/v1/orders/things".to_string(),
            "matched",
            "http-04",
        ),
    ];
    for (url, reason, api) in &cases {
        let (out, requests, took) = rig.run(&["match", "--json", url], None);
        let v = json(&out);
        assert_eq!(v["reason"], *reason, "{url}: {v:#}");
        assert_eq!(v["api"]["name"], *api, "{url}: {v:#}");
        assert!(requests <= 15, "{url}: {requests} requests");
        most = most.max(requests);
        figures.push(format!("match {url}: {requests} requests, {took:.2?}"));
    }
    assert_eq!(rig.quota.throttled(), 0, "a URL drew a 429");
    let (out, snapshot, took) = rig.run(&["snapshot"], None);
    let inv = &json(&out)["inventory"];
    assert_eq!(inv["rest_apis"].as_array().map(Vec::len), Some(REST));
    assert!(
        snapshot >= 10 * most,
        "a snapshot of the account costs {snapshot} requests: not ten times one URL's {most}"
    );
    figures.push(format!("snapshot: {snapshot} requests, {took:.2?}"));
    eprintln!("{}", figures.join("\n"));
}

#[test]
fn stdin_reads_each_api_once_when_a_line_first_needs_it() {
    let rig = Rig::start();
    let apis = [3usize, 8, 31];
    let mut lines = String::new();
    for n in 0..60 {
        let i = apis[n % apis.len()];
        lines.push_str(&rig.url(i, &format!("/items/{n}")));
        lines.push('\n');
    }
    let start = rig.quota.proxy.requests().len();
    let (out, requests, _) = rig.run(&["match", "--stdin", "--json"], Some(lines));
    let verdicts: Vec<serde_json::Value> = out.lines().map(json).collect();
    assert_eq!(verdicts.len(), 60);
    assert!(verdicts.iter().all(|v| v["reason"] == "matched"), "{out}");
    let log = &rig.quota.proxy.requests()[start..];
    for i in apis {
        let id = &rig.rest[i];
        for part in [format!("/restapis/{id}"), format!("/restapis/{id}/stages")] {
            let reads = log
                .iter()
                .filter(|r| r.target.split('?').next() == Some(&*part))
                .count();
            assert_eq!(reads, 1, "{part} read {reads} times: {log:#?}");
        }
    }
    assert!(requests <= 3 * 15, "{requests} requests for three APIs");
    assert_eq!(rig.quota.throttled(), 0);
}

#[test]
fn the_tui_answers_a_url_pasted_at_start_long_before_the_account_is_read() {
    let rig = Rig::start();
    let mut env: Vec<(&str, String)> = rig
        .moto
        .env_vars()
        .into_iter()
        .filter(|(k, _)| k.starts_with("AWS_") && *k != "AWS_ENDPOINT_URL")
        .collect();
    env.push(("AWS_ENDPOINT_URL", rig.quota.endpoint.clone()));
    env.push(("APIGW_PACE", "aws".into()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = Pty::start(150, 40, "--no-cache", &env);
    p.wait_screen("APIs");
    p.keys(&["u"]);
    p.paste(&rig.url(37, "/items/7"));
    let screen = p.wait_screen("passes API Gateway");
    let sent = rig.quota.requests();
    assert!(screen.contains("svc-37 / prod GET /items/{id}"), "{screen}");
    // The crawl of the other 49 APIs goes on behind the answer (about 360 requests).
    assert!(screen.contains("loading"), "{screen}");
    assert!(
        sent < 150,
        "{sent} requests were sent before the verdict showed"
    );
    assert_eq!(rig.quota.throttled(), 0);
}
