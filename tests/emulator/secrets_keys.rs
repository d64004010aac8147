//! API key values never leave apigw (ROUTING.md section 9: compare them, never print, log,
//! cache or snapshot them). Keys with recognisable values are seeded in moto and read with
//! `apigw::aws::keys::api_keys` under a trace-level subscriber writing through apigw's
//! redacting log writer; the binary is then run (human, `--json`, `--markdown`, `snapshot`,
//! a trace `--log-file`) with those values in `x-api-key`, on moto and on the demo account
//! (whose inventory holds key values in memory).

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::harness::Moto;

use apigw::aws::client;
use apigw::aws::keys::{api_keys, usage_plans};
use apigw::aws::ratelimit::{Limiter, LoadLimits};

const VALUES: &[&str] = &["SECRETkeyValueEnabled000001", "SECRETkeyValueDisabled00002"];

/// The demo account's fake key values (assets/demo.json).
const DEMO_VALUES: &[&str] = &[
    "demo-partner-web-key-0001",
    "demo-legacy-mobile-key-0002",
    "demo-qa-sandbox-key-0003",
];

/// A log sink the test can read back.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Sink {
    type Writer = Sink;
    fn make_writer(&'a self) -> Sink {
        self.clone()
    }
}

fn assert_clean(what: &str, text: &str, values: &[&str]) {
    for v in values {
        let lines: Vec<String> = text
            .lines()
            .filter(|l| l.contains(v))
            .map(|l| l.chars().take(700).collect())
            .take(3)
            .collect();
        assert!(
            lines.is_empty(),
            "{what} contains the key value {v}:\n{}",
            lines.join("\n")
        );
    }
}

/// moto: an API with GET /orders (API key required) deployed to prod, two keys (enabled
/// and disabled) in a plan for prod. Returns the API id.
async fn seed(moto: &Moto) -> String {
    let v1 = moto.rest_client();
    let id = v1
        .create_rest_api()
        .name("keyed")
        .send()
        .await
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let root = v1
        .get_resources()
        .rest_api_id(&id)
        .send()
        .await
        .unwrap()
        .items()[0]
        .id()
        .unwrap()
        .to_string();
    let rid = v1
        .create_resource()
        .rest_api_id(&id)
        .parent_id(&root)
        .path_part("orders")
        .send()
        .await
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    v1.put_method()
        .rest_api_id(&id)
        .resource_id(&rid)
        .http_method("GET")
        .authorization_type("NONE")
        .api_key_required(true)
        .send()
        .await
        .unwrap();
    v1.put_integration()
        .rest_api_id(&id)
        .resource_id(&rid)
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
    let stage = aws_sdk_apigateway::types::ApiStage::builder()
        .api_id(&id)
        .stage("prod")
        .build();
    let plan = v1
        .create_usage_plan()
        .name("gold")
        .api_stages(stage)
        .send()
        .await
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    for (i, v) in VALUES.iter().enumerate() {
        let k = v1
            .create_api_key()
            .name(format!("k{i}"))
            .value(*v)
            .enabled(i == 0)
            .send()
            .await
            .unwrap();
        v1.create_usage_plan_key()
            .usage_plan_id(&plan)
            .key_id(k.id().unwrap())
            .key_type("API_KEY")
            .send()
            .await
            .unwrap();
    }
    id
}

#[test]
fn key_values_read_at_trace_level_never_reach_the_log_or_debug_output() {
    let moto = Moto::start();
    moto.set_process_env();
    let sink = Sink::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(apigw::redact::Redacting(sink.clone()))
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(seed(&moto));
    let (keys, plans) = tracing::subscriber::with_default(subscriber, || {
        rt.block_on(async {
            let c = client::build(&moto.live_target()).await.unwrap();
            let lim = Limiter::new(&LoadLimits::unlimited());
            (
                api_keys(&c, &lim).await.unwrap(),
                usage_plans(&c, &lim).await.unwrap(),
            )
        })
    });
    assert_eq!(
        keys.iter().filter(|k| k.value.is_some()).count(),
        2,
        "values read"
    );
    let log = String::from_utf8_lossy(&sink.0.lock().unwrap()).into_owned();
    assert!(
        log.contains("GetApiKeys") || log.contains("get_api_keys") || log.contains("api keys read"),
        "the trace log has the reads:\n{}",
        &log[..log.len().min(2000)]
    );
    assert_clean("the trace log", &log, VALUES);
    assert_clean("Debug of the keys", &format!("{keys:?} {plans:?}"), VALUES);
    assert_clean(
        "the serialised keys",
        &serde_json::to_string(&keys).unwrap(),
        VALUES,
    );
}

#[test]
fn key_values_sent_to_the_binary_never_reach_its_output_log_or_snapshot() {
    let moto = Moto::start();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let api = rt.block_on(seed(&moto));
    let url = format!("https://{api}.execute-api.us-east-1.amazonaws.com/prod/orders");
    let home = moto.home().to_path_buf();
    let log = home.join("apigw.log");
    let snap = home.join("inv.json");
    let run = |args: &[&str]| {
        let out = moto
            .apigw()
            .env("APIGW_LOG", "trace")
            .arg("--log-file")
            .arg(&log)
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!text.contains("panicked"), "{text}");
        (out.status.code(), text)
    };
    for v in VALUES {
        let h = format!("x-api-key: {v}");
        for mode in [None, Some("--json"), Some("--markdown")] {
            let mut args = vec!["match", "-H", &h, &url];
            args.extend(mode);
            let (code, text) = run(&args);
            assert!(code == Some(0) || code == Some(1), "{args:?}: {text}");
            assert_clean(&format!("match {mode:?}"), &text, VALUES);
        }
    }
    let (code, text) = run(&["snapshot", "-o", &snap.display().to_string()]);
    assert_eq!(code, Some(0), "{text}");
    assert_clean("snapshot output", &text, VALUES);
    assert_clean(
        "the snapshot file",
        &std::fs::read_to_string(&snap).unwrap(),
        VALUES,
    );
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(!logged.is_empty(), "the trace log was written");
    assert_clean("the --log-file", &logged, VALUES);
}

#[test]
fn the_demo_key_values_are_compared_but_never_printed_or_snapshotted() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("apigw.log");
    let snap = dir.path().join("demo.json");
    let apigw = || {
        let mut c = assert_cmd::Command::cargo_bin("apigw").unwrap();
        c.env("APIGW_LOG", "trace")
            .env("HOME", dir.path())
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .arg("--demo")
            .arg("--log-file")
            .arg(&log);
        c
    };
    let url = "https://api.example.com/orders/orders";
    for (v, reason) in
        DEMO_VALUES
            .iter()
            .zip(["matched", "api_key_disabled", "api_key_not_in_plan"])
    {
        let h = format!("x-api-key: {v}");
        let out = apigw()
            .args(["match", "--json", "-H", &h, url])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            text.contains(&format!("\"reason\": \"{reason}\"")),
            "{v}: {text}"
        );
        for extra in [vec![], vec!["--markdown"]] {
            let mut args = vec!["match", "-H", &h, url];
            args.extend(extra);
            let out = apigw().args(&args).output().unwrap();
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_clean("demo match", &all, DEMO_VALUES);
        }
        assert_clean("demo match --json", &text, DEMO_VALUES);
    }
    let out = apigw()
        .args(["snapshot", "-o"])
        .arg(&snap)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(&snap).unwrap();
    assert!(
        written.contains("legacy-mobile"),
        "the keys are in the snapshot, without values"
    );
    assert_clean("the demo snapshot", &written, DEMO_VALUES);
    assert_clean(
        "the demo --log-file",
        &std::fs::read_to_string(&log).unwrap_or_default(),
        DEMO_VALUES,
    );
}
