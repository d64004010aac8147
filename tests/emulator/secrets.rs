//! No secret leaves apigw (issue #8): an emulator session (moto behind the fault proxy)
//! with recognisable credentials, `Authorization` / `x-api-key` headers and awscurl keys,
//! a trace-level `--log-file`, a snapshot, an audit log, the cache, and AWS errors that echo
//! the request's token. Then everything apigw wrote (stdout, stderr, every file under its
//! HOME, the log, the snapshot, the audit log, the cache) is searched for the secrets.

use crate::harness::pty;

use std::path::{Path, PathBuf};

use crate::harness::fault_proxy::rig::Rig;
use crate::harness::fault_proxy::{Fault, Outcome, Rule, Schedule};

const ACCESS_KEY_ID: &str = "AKIAZZSECRETZZ000001";
const SECRET_KEY: &str = "SecretAccessKeyValue/DoNotLeak+0002";
const SESSION_TOKEN: &str = "SessionTokenValue-DoNotLeak-0003";
const BEARER: &str = "SECRETbearer.eyJ0004.sig";
const API_KEY: &str = "SECRETapikeyValue0005";
const CLI_SECRET: &str = "SECRETawscurlSecretKey0006";
const CLI_TOKEN: &str = "SECRETawscurlToken0007";

const SECRETS: &[&str] = &[
    ACCESS_KEY_ID,
    SECRET_KEY,
    SESSION_TOKEN,
    BEARER,
    API_KEY,
    CLI_SECRET,
    CLI_TOKEN,
];

/// Everything one command printed.
#[derive(Default)]
struct Printed(Vec<(String, String)>);

impl Printed {
    fn add(&mut self, what: &str, out: &std::process::Output) {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{what}: {err}");
        self.0.push((
            format!("{what} stdout"),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ));
        self.0.push((format!("{what} stderr"), err.into_owned()));
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn no_secret_reaches_any_output_log_or_file() {
    let rig = Rig::start();
    let home = rig.moto.home().to_path_buf();
    let (log, audit, snap) = (
        home.join("apigw.log"),
        home.join("audit.log"),
        home.join("inv.json"),
    );
    let apigw = || {
        let mut c = rig.apigw();
        c.env("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_SESSION_TOKEN", SESSION_TOKEN)
            .env("APIGW_AUDIT_LOG", &audit)
            .env("APIGW_LOG", "trace")
            .arg("--log-file")
            .arg(&log);
        c
    };
    let url = format!(
        "https://{}.execute-api.us-east-1.amazonaws.com/prod/orders",
        rig.api_id
    );
    let mut printed = Printed::default();
    let run = |printed: &mut Printed, what: &str, args: &[&str]| {
        let out = apigw().args(args).output().unwrap();
        printed.add(what, &out);
        out
    };

    let snap_s = snap.display().to_string();
    let out = run(&mut printed, "snapshot", &["snapshot", "-o", &snap_s]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bearer = format!("Authorization: Bearer {BEARER}");
    let key = format!("x-api-key: {API_KEY}");
    for json in [&["--json"][..], &[][..]] {
        let mut args = vec!["match", "-X", "POST", "-H", &bearer, "-H", &key];
        args.extend_from_slice(json);
        args.push(&url);
        let out = run(&mut printed, "match", &args);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let curl =
        format!("curl -H 'Authorization: Bearer {BEARER}' -H \"x-api-key: {API_KEY}\" {url}");
    run(&mut printed, "match curl", &["match", "--json", &curl]);
    let awscurl = format!(
        "awscurl --service execute-api --access_key {ACCESS_KEY_ID} --secret_key {CLI_SECRET} --session_token {CLI_TOKEN} {url}"
    );
    run(
        &mut printed,
        "match awscurl",
        &["match", "--json", &awscurl],
    );
    // Lines that cannot be parsed are echoed in the error object: a typed secret must not be.
    let stdin = format!(
        "GET {url}\nPOST {url}?X-Amz-Security-Token={CLI_TOKEN}&X-Amz-Signature=abc\n\
         curl -H 'Authorization: Bearer {BEARER}' -X\nGET a b -H x-api-key:{API_KEY}\n"
    );
    for json in [true, false] {
        let mut cmd = apigw();
        cmd.args(["match", "--stdin"]);
        if json {
            cmd.arg("--json");
        }
        let out = cmd.write_stdin(stdin.clone()).output().unwrap();
        printed.add("match --stdin", &out);
    }
    // Malformed arguments: the error names the problem, not the secret.
    let no_colon = format!("Authorization Bearer {BEARER}");
    run(
        &mut printed,
        "match bad header",
        &["match", "-H", &no_colon, &url],
    );
    let bad_curl = format!("curl -H 'x-api-key: {API_KEY}' --request");
    run(&mut printed, "match bad curl", &["match", &bad_curl]);
    run(&mut printed, "stages", &["stages", "--json"]);
    let out = run(
        &mut printed,
        "deploy",
        &[
            "deploy",
            "--api",
            "orders-api",
            "--stage",
            "prod",
            "--yes",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    run(
        &mut printed,
        "cors plan",
        &["cors", "--api", "orders-api", "--path", "/orders"],
    );

    // AWS errors that echo the signed request (token and Authorization) back.
    rig.proxy
        .add(Rule::new(Fault::SignatureMismatch, Schedule::Always));
    let out = run(&mut printed, "snapshot (signature error)", &["snapshot"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &mut printed,
        "deploy (signature error)",
        &["deploy", "--api", "orders-api", "--stage", "prod", "--yes"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(rig.proxy.count_outcome(&Outcome::SignatureMismatch) > 0);

    // The session did produce what we are about to search.
    for (p, what) in [
        (&log, "log file"),
        (&audit, "audit log"),
        (&snap, "snapshot"),
    ] {
        let len = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        assert!(len > 0, "the {what} {} was written", p.display());
    }
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        log_text
            .to_ascii_lowercase()
            .contains("x-amz-security-token")
            || log_text.contains("InvalidSignature"),
        "the trace log shows request details, so the search means something"
    );

    let mut files = Vec::new();
    files_under(&home, &mut files);
    let cache = home.join("cache");
    assert!(
        files.iter().any(|f| f.starts_with(&cache)),
        "the inventory cache under {} was written",
        cache.display()
    );
    let mut leaks = Vec::new();
    for f in files
        .iter()
        .filter(|f| f.file_name().is_none_or(|n| n != "moto.log"))
    {
        let text = String::from_utf8_lossy(&std::fs::read(f).unwrap_or_default()).into_owned();
        printed.0.push((f.display().to_string(), text));
    }
    for (what, text) in &printed.0 {
        for s in SECRETS {
            if let Some(at) = text.find(s) {
                let from = text[..at]
                    .char_indices()
                    .rev()
                    .nth(80)
                    .map_or(0, |(i, _)| i);
                let ctx: String = text[from..].chars().take(200).collect();
                leaks.push(format!("{s} in {what}: …{ctx}…"));
            }
        }
    }
    assert!(leaks.is_empty(), "secrets leaked:\n{}", leaks.join("\n"));
}

/// Decodes standard base64 (the OSC 52 clipboard payload); invalid input gives None.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter(|c| *c != b'=') {
        acc = (acc << 6) | u32::from(val(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// What the TUI put on the clipboard (OSC 52 sequences in the raw pty output).
fn clipboard_payloads(raw: &str) -> Vec<String> {
    raw.split("\x1b]52;")
        .skip(1)
        .filter_map(|p| {
            let body = p.split(['\x07', '\x1b']).next()?;
            let data = body.split(';').nth(1)?;
            base64_decode(data).map(|b| String::from_utf8_lossy(&b).into_owned())
        })
        .collect()
}

/// A curl command with an `Authorization` header, an `x-api-key` header and a presigned
/// token typed into the URL bar; once the inventory's parts have arrived the verdict
/// matches `GET /orders`, Enter selects it, and `y` must copy exactly its invoke URL (no
/// secret) while the trace log stays free of every secret.
#[test]
fn the_tui_keeps_typed_secrets_out_of_the_log_and_the_clipboard() {
    let rig = Rig::start();
    let log = rig.moto.home().join("tui.log");
    let mut env: Vec<(&str, String)> = pty::live_env(&rig);
    env.retain(|(k, _)| {
        !k.starts_with("AWS_ACCESS") && !k.starts_with("AWS_SECRET") && *k != "AWS_SESSION_TOKEN"
    });
    env.extend([
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID.to_string()),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY.to_string()),
        ("AWS_SESSION_TOKEN", SESSION_TOKEN.to_string()),
        ("APIGW_LOG", "trace".to_string()),
    ]);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let args = format!("--no-cache --log-file '{}'", log.display());
    let p = pty::Pty::start(120, 32, &args, &env);
    p.wait_screen("orders-api");
    // `y` builds the URL from the region the loader reported when it started (no need to
    // wait for the whole load).
    p.press_until("g", "Resources · orders-api");
    let url = format!(
        "https://{}.execute-api.us-east-1.amazonaws.com/prod/orders",
        rig.api_id
    );
    let typed = format!(
        "curl -H 'Authorization: Bearer {BEARER}' -H 'x-api-key: {API_KEY}' \
         '{url}?X-Amz-Security-Token={CLI_TOKEN}&X-Amz-Signature=abc'"
    );
    p.keys(&["u"]);
    p.wait_screen("Esc leave");
    p.type_text(&typed);
    // The verdict needs the API's resources and stages: wait until they have arrived.
    p.wait_until(
        "the typed curl matched to orders-api / prod GET /orders",
        |s| s.contains("orders-api / prod GET /orders") && s.contains("reaches the integration"),
    );
    p.keys(&["Enter", "y"]);
    let raw = p.wait_raw("the clipboard (OSC 52)", |raw| raw.contains("\x1b]52;"));
    p.wait_screen("copied");
    // `Y` copies the Markdown report of the verdict: the request is in it, redacted.
    p.keys(&["Y"]);
    p.wait_raw("a second clipboard write", |raw| {
        raw.matches("\x1b]52;").count() >= 2
    });
    p.keys(&["q"]);
    p.wait_done("apigw to quit");
    assert!(!raw.contains("panicked"), "{raw:.300}");
    let clipboard = clipboard_payloads(&p.raw());
    assert_eq!(clipboard.len(), 2, "{clipboard:#?}");
    assert_eq!(
        clipboard[0], url,
        "y copies the invoke URL of the matched method, without the typed secrets"
    );
    let report = &clipboard[1];
    assert!(
        report.contains("orders-api") && report.contains("/orders"),
        "Y copies the report of this verdict: {report}"
    );
    for s in SECRETS {
        assert!(!report.contains(s), "{s} in the copied report: {report}");
    }
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        log_text.contains("execute-api"),
        "the typed request reached the log, so its search means something"
    );
    for s in SECRETS {
        assert!(!log_text.contains(s), "{s} in the TUI's log file");
    }
}
