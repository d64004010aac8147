//! apigw's rate limiter against API Gateway's account quota, emulated by the quota proxy in
//! front of moto: `apigw → QuotaProxy → GapFiller → moto`. Paced like AWS a whole load
//! draws no 429; when another client eats the quota, the limiter slows down (every 429
//! reaches it, the SDK's retries included), the load completes, and afterwards the limiter
//! is back at full speed.

use crate::harness;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use apigw::aws::client::{self, retry_config, Clients, ReportToLimiter, Status429IsThrottling};
use apigw::aws::error::ErrorContext;
use apigw::aws::loader::spawn_load_with;
use apigw::aws::ratelimit::{Limiter, LoadLimits};
use apigw::aws::LoadReport;
use apigw::config::LiveTarget;
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use harness::quota_proxy::{is_get_resources, Quota, QuotaProxy};
use harness::{GapFiller, Moto};

/// The seeded account: REST APIs with a resource, a method and a deployed stage, and HTTP
/// APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Account {
    rest: usize,
    http: usize,
}

/// About 56 reads, more than AWS's burst of 40, 6 of them GetResources (burst 5).
const SMALL: Account = Account { rest: 6, http: 2 };
/// About 175 reads, 10 of them GetResources: even on a slow machine an unpaced load of it
/// goes faster than the quota.
const LARGE: Account = Account { rest: 10, http: 20 };

/// Variables of the developer's shell that would change the pacing under test.
const PACE_VARS: &[&str] = &[
    "APIGW_PACE",
    "APIGW_MAX_RPS",
    "APIGW_BURST",
    "APIGW_CONCURRENCY",
];

async fn seed(moto: &Moto, account: Account) {
    let v1 = moto.rest_client();
    for i in 0..account.rest {
        let api = v1
            .create_rest_api()
            .name(format!("rest-{i}"))
            .send()
            .await
            .unwrap();
        let id = api.id().unwrap().to_string();
        let root = v1.get_resources().rest_api_id(&id).send().await.unwrap();
        let root = root.items()[0].id().unwrap().to_string();
        let res = v1
            .create_resource()
            .rest_api_id(&id)
            .parent_id(&root)
            .path_part("items")
            .send()
            .await
            .unwrap();
        let rid = res.id().unwrap();
        v1.put_method()
            .rest_api_id(&id)
            .resource_id(rid)
            .http_method("GET")
            .authorization_type("NONE")
            .send()
            .await
            .unwrap();
        v1.put_integration()
            .rest_api_id(&id)
            .resource_id(rid)
            .http_method("GET")
            .r#type(aws_sdk_apigateway::types::IntegrationType::Mock)
            .send()
            .await
            .unwrap();
        v1.create_deployment()
            .rest_api_id(&id)
            .stage_name("prod")
            .send()
            .await
            .unwrap();
    }
    let v2 = moto.http_client();
    for i in 0..account.http {
        v2.create_api()
            .name(format!("http-{i}"))
            .protocol_type(aws_sdk_apigatewayv2::types::ProtocolType::Http)
            .send()
            .await
            .unwrap();
    }
}

/// moto seeded, the gap filler and the quota proxy in front of it.
struct Rig {
    moto: Moto,
    _gap: GapFiller,
    quota: QuotaProxy,
    account: Account,
}

impl Rig {
    fn start(account: Account) -> Rig {
        let moto = Moto::start();
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(seed(&moto, account));
        let gap = moto.gap_filler();
        let quota = QuotaProxy::start(&gap.endpoint);
        Rig {
            moto,
            _gap: gap,
            quota,
            account,
        }
    }

    fn target(&self) -> LiveTarget {
        LiveTarget {
            profile: None,
            region: Some("us-east-1".into()),
            endpoint_url: Some(self.quota.endpoint.clone()),
        }
    }

    /// `apigw --no-cache snapshot` through the quota proxy with `APIGW_PACE` set (or not);
    /// the inventory's REST and HTTP API counts.
    fn snapshot(&self, pace: Option<&str>) -> Account {
        let mut cmd = self.moto.apigw_via(&self.quota.endpoint);
        for k in PACE_VARS {
            cmd.env_remove(k);
        }
        if let Some(p) = pace {
            cmd.env("APIGW_PACE", p);
        }
        let out = cmd
            .args(["--no-cache", "snapshot"])
            .timeout(Duration::from_secs(180))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "apigw snapshot failed: {stderr}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let inv = &v["inventory"];
        let n = |k: &str| inv[k].as_array().map_or(0, Vec::len);
        Account {
            rest: n("rest_apis"),
            http: n("http_apis"),
        }
    }
}

/// A whole load on these clients (their limiter, their interceptor).
async fn load(c: &Clients) -> LoadReport {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let h = spawn_load_with(c.clone(), c.limiter.limits(), tx);
    apigw::aws::collect(h, rx).await
}

fn assert_complete(r: &LoadReport, account: Account) {
    assert!(r.is_complete(), "parts failed: {:?}", r.inventory.issues);
    let inv = &r.inventory;
    assert_eq!(
        (inv.rest_apis.len(), inv.http_apis.len()),
        (account.rest, account.http)
    );
    assert!(inv
        .rest_apis
        .iter()
        .all(|a| a.resource_by_path("/items").is_some()));
}

#[test]
fn the_quota_is_a_burst_of_40_then_10_per_second_and_get_resources_5_per_2_seconds() {
    let t0 = Instant::now();
    let s = |ms: u64| t0 + Duration::from_millis(ms);
    let q = Quota::aws_at(t0);
    assert_eq!((0..100).filter(|_| q.admit_at(t0, false)).count(), 40);
    assert!(!q.admit_at(s(50), false), "half a token is not a request");
    assert_eq!((0..100).filter(|_| q.admit_at(s(1000), false)).count(), 10);
    let q = Quota::aws_at(t0);
    assert_eq!((0..20).filter(|_| q.admit_at(t0, true)).count(), 5);
    assert!(!q.admit_at(s(300), true));
    assert_eq!((0..20).filter(|_| q.admit_at(s(2000), true)).count(), 5);
    // GetResources counts against the total too: refilled to 40, 5 of them are gone.
    assert_eq!((0..100).filter(|_| q.admit_at(s(2000), false)).count(), 35);
}

#[test]
fn a_drained_quota_throttles_until_it_refills() {
    let t0 = Instant::now();
    let q = Quota::aws_at(t0);
    q.drain_at(t0);
    assert!(!q.admit_at(t0 + Duration::from_millis(90), false));
    assert!(q.admit_at(t0 + Duration::from_millis(100), false));
    assert!(!q.admit_at(t0 + Duration::from_millis(390), true));
    assert!(q.admit_at(t0 + Duration::from_millis(400), true));
}

#[test]
fn get_resources_is_told_apart_by_method_and_path() {
    assert!(is_get_resources("GET", "/restapis/a1/resources"));
    assert!(is_get_resources(
        "GET",
        "/restapis/a1/resources?embed=methods&limit=500"
    ));
    assert!(!is_get_resources("POST", "/restapis/a1/resources"));
    assert!(!is_get_resources("GET", "/restapis/a1/resources/r1"));
    assert!(!is_get_resources("GET", "/restapis"));
}

#[test]
fn over_quota_the_proxy_answers_what_api_gateway_answers() {
    // Nothing listens upstream: a throttled request must not be forwarded.
    let q = QuotaProxy::start("http://127.0.0.1:9");
    q.drain();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", q.proxy.port)).unwrap();
    s.write_all(b"GET /restapis HTTP/1.1\r\nHost: apigateway\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 429 "), "{head}");
    assert!(
        head.lines()
            .any(|l| l.starts_with("x-amzn-ErrorType: TooManyRequestsException")),
        "{head}"
    );
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(v["message"], "Too Many Requests");
    assert_eq!((q.requests(), q.throttled()), (1, 1));
}

#[test]
fn a_full_load_paced_like_aws_draws_no_429_from_the_quota() {
    let rig = Rig::start(LARGE);
    assert_eq!(rig.snapshot(Some("aws")), rig.account);
    assert_eq!(
        rig.quota.throttled(),
        0,
        "{:#?}",
        rig.quota.proxy.requests()
    );
    assert!(
        rig.quota.requests() > 40,
        "only {} requests: more than AWS's burst are needed for pacing to matter",
        rig.quota.requests()
    );
}

#[test]
fn unpaced_against_an_emulator_the_same_load_draws_429s_then_completes() {
    // The control for the test above: the quota does throttle a load that ignores it. A
    // loopback endpoint is not paced by default; the first 429 makes the limiter fall
    // back to AWS's quotas, and the SDK's retries finish the load.
    let rig = Rig::start(LARGE);
    assert_eq!(rig.snapshot(None), rig.account);
    assert!(rig.quota.throttled() > 0, "no 429 from an unpaced load");
}

/// Waits (up to a minute) until the limiter is back at its full rate.
async fn wait_for_full_rate(c: &Clients) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while c.limiter.stats().rate < 1000 {
        assert!(
            Instant::now() < deadline,
            "the limiter did not recover within a minute: {:?}",
            c.limiter.stats()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_another_client_eats_the_quota_the_limiter_slows_down_then_recovers() {
    let rig = tokio::task::block_in_place(|| Rig::start(SMALL));
    rig.moto.set_process_env();
    let c = client::build_with(&rig.target(), &LoadLimits::aws())
        .await
        .unwrap();
    // Another client of the account has just used the whole burst and keeps sending 4
    // requests/s: 6/s of the quota are left. (Paced at 9.5/s regardless, the same load
    // draws ~140 429s in 190 requests and parts fail after the SDK's 5 attempts.)
    rig.quota.drain();
    let other = rig.quota.another_client(4.0);
    let busy = load(&c).await;
    let s = c.limiter.stats();
    let (sent, throttled) = (rig.quota.requests(), rig.quota.throttled());
    eprintln!(
        "with another client: {s:?}; proxy: {sent} requests, {throttled} throttled; \
         the other client (admitted, throttled): {:?}",
        other.counts()
    );
    drop(other);
    assert_complete(&busy, rig.account);
    assert!(s.slowdowns >= 1 && throttled > 0, "{s:?}");
    // Every 429 and every attempt reached the limiter, the SDK's retries included.
    assert_eq!((s.throttled, s.attempts), (throttled as u64, sent as u64));
    assert!(
        throttled * 3 <= sent,
        "{throttled} of {sent} requests throttled: the limiter did not slow down enough"
    );

    wait_for_full_rate(&c).await;
    let calm = load(&c).await;
    assert_complete(&calm, rig.account);
    let after = c.limiter.stats();
    assert_eq!(rig.quota.throttled(), throttled, "429s at full speed again");
    assert_eq!((after.slowdowns, after.rate), (s.slowdowns, 1000));
    assert!(after.sent > s.sent);
}

#[test]
fn an_unknown_apigw_pace_is_one_clear_line_and_nothing_is_sent() {
    let home = tempfile::tempdir().unwrap();
    let q = QuotaProxy::start("http://127.0.0.1:9");
    let mut cmd = assert_cmd::Command::cargo_bin("apigw").unwrap();
    for k in harness::emulator::ENV_REMOVE.iter().chain(PACE_VARS) {
        cmd.env_remove(k);
    }
    let out = cmd
        .envs([
            ("APIGW_PACE", "fast"),
            ("AWS_ENDPOINT_URL", q.endpoint.as_str()),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_CONFIG_FILE", "/nonexistent"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ])
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .args(["--no-cache", "snapshot"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("apigw: error: ")
            && lines[0].contains(r#"APIGW_PACE must be aws or none, not "fast""#),
        "{stderr}"
    );
    assert_eq!(q.requests(), 0, "nothing may be sent with an unknown pace");
}

#[tokio::test]
async fn every_429_reaches_the_limiter_even_when_the_sdk_retries_it() {
    let lim = std::sync::Arc::new(Limiter::new(&LoadLimits::aws()));
    let apis = mock!(aws_sdk_apigateway::Client::get_rest_apis)
        .sequence()
        .http_status(429, Some(r#"{"message":"Too Many Requests"}"#.into()))
        .http_status(429, Some(r#"{"message":"Too Many Requests"}"#.into()))
        .http_status(200, Some(r#"{"item":[{"id":"a1","name":"one"}]}"#.into()))
        .build();
    let report = ReportToLimiter(lim.clone());
    let v1 = mock_client!(
        aws_sdk_apigateway,
        RuleMode::Sequential,
        [&apis],
        |mut c| {
            c.set_time_source(None); // real time, so the SDK's backoff can pass
            c.retry_config(retry_config())
                .retry_classifier(Status429IsThrottling)
                .interceptor(report.clone())
                .region(aws_sdk_apigateway::config::Region::new("eu-west-1"))
        }
    );
    let v2 = mock_client!(aws_sdk_apigatewayv2, []);
    let c = Clients::from_parts(v1, v2, ErrorContext::default()).with_limiter(lim.clone());
    let got = apigw::aws::rest_v1::rest_apis(&c, &c.limiter)
        .await
        .unwrap();
    assert_eq!(got.len(), 1);
    let s = lim.stats();
    // One request, three attempts, two 429s: one congestion event (the retries come back
    // within a second), which halved the rate.
    assert_eq!((s.sent, s.attempts, s.throttled), (1, 3, 2), "{s:?}");
    assert_eq!((s.slowdowns, s.rate), (1, 500), "{s:?}");
}
