//! Bad input never panics (issue #8): malformed URLs and requests given to `apigw match`
//! (arguments and `--stdin`), broken snapshot files and broken config files. Each gives a
//! verdict or a clear error, with the exit status of the CLI contract (0/1/2). Broken files
//! are in bad_input/files.rs, garbage lines on `--stdin` in bad_input/stdin.rs.

mod files;
mod stdin;

use std::ffi::OsString;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

/// `apigw` with an isolated environment (no user config, no AWS settings).
fn apigw(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("apigw").unwrap();
    for k in [
        "APIGW_CONFIG",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_ENDPOINT_URL",
        "RUST_BACKTRACE",
    ] {
        cmd.env_remove(k);
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .timeout(Duration::from_secs(60));
    cmd
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// No panic, no backtrace, and a contract exit status.
fn assert_no_crash(what: &str, out: &Output) {
    let err = text(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{what}: {err}"
    );
    let code = out.status.code();
    assert!(
        matches!(code, Some(0..=2)),
        "{what}: exit {:?}, stderr {err}",
        out.status
    );
}

/// Exit 2 with exactly one line on stderr, an apigw error (or a clap usage error's first
/// line), and nothing on stdout.
fn assert_clear_error(what: &str, out: &Output) -> String {
    assert_no_crash(what, out);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{what}: {err}");
    let first = err.lines().next().unwrap_or("");
    if first.starts_with("error: ") {
        return first.to_string(); // clap's usage error: one line, then usage
    }
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{what}: one line expected: {err}");
    assert!(first.starts_with("apigw: "), "{what}: {err}");
    first.to_string()
}

/// A verdict (exit 0/1 with a JSON object on stdout) or a clear error (exit 2).
fn assert_verdict_or_error(what: &str, out: &Output) {
    assert_no_crash(what, out);
    match out.status.code() {
        Some(0 | 1) => {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
                panic!(
                    "{what}: stdout is not one JSON verdict ({e}): {}",
                    text(&out.stdout)
                )
            });
            assert!(
                v.get("reason").and_then(|r| r.as_str()).is_some(),
                "{what}: {v}"
            );
        }
        _ => {
            assert_clear_error(what, out);
        }
    }
}

fn malformed_urls() -> Vec<(String, String)> {
    // One argument can hold at most 128 KiB on Linux (MAX_ARG_STRLEN); 1 MiB goes through
    // --stdin below.
    let huge = "a".repeat(120_000);
    let mut v: Vec<(String, String)> = vec![
        ("empty".into(), String::new()),
        ("spaces only".into(), "   ".into()),
        ("colons".into(), "::::".into()),
        ("scheme only".into(), "https://".into()),
        ("no host".into(), "https:///v1/orders".into()),
        (
            "bad port".into(),
            "https://api.example.com:99999999/v1".into(),
        ),
        (
            "lone percent".into(),
            "https://api.example.com/v1/orders/%".into(),
        ),
        ("bad percent".into(), "/prod/orders/%zz%G0%".into()),
        (
            "percent non-UTF-8".into(),
            "https://api.example.com/v1/%ff%fe%C3".into(),
        ),
        ("percent NUL".into(), "/prod/%00/orders".into()),
        (
            "control chars".into(),
            "/prod/\u{1}\u{7}\u{1b}[31m\u{7f}orders".into(),
        ),
        ("tab and newline".into(), "/prod/or\tders\n/x".into()),
        ("unicode".into(), "https://ápi.例え.jp/v1/заказы/🙂".into()),
        ("ipv6 host".into(), "https://[::1]:443/prod/orders".into()),
        ("broken ipv6".into(), "https://[::1/prod".into()),
        (
            "userinfo".into(),
            "https://user:pass@api.example.com/v1/orders".into(),
        ),
        ("only query".into(), "?a=b&&=&%".into()),
        ("only fragment".into(), "#x".into()),
        ("slashes".into(), "/".repeat(10_000)),
        ("dots".into(), "/prod/../../orders/./.".into()),
        (
            "huge path".into(),
            format!("https://api.example.com/v1/{huge}"),
        ),
        ("huge host".into(), format!("https://{huge}.example.com/")),
        ("huge query".into(), format!("/prod/orders?q={huge}")),
        ("many segments".into(), "/x".repeat(60_000)),
        (
            "curl inside".into(),
            "curl -X 'GET https://api.example.com/v1".into(),
        ),
    ];
    v.push((
        "braces".into(),
        "https://api.example.com/v1/orders/{orderId}/{proxy+}".into(),
    ));
    v
}

#[test]
fn match_never_panics_on_malformed_urls() {
    let home = tempfile::tempdir().unwrap();
    for (what, url) in malformed_urls() {
        let out = apigw(home.path())
            .args(["--demo", "match", "--json", "--"])
            .arg(&url)
            .output()
            .unwrap();
        assert_verdict_or_error(&what, &out);
        let out = apigw(home.path())
            .args(["--demo", "match", "--"])
            .arg(&url)
            .output()
            .unwrap();
        assert_no_crash(&format!("{what} (text)"), &out);
    }
}

#[test]
fn match_never_panics_on_odd_methods_and_headers() {
    let home = tempfile::tempdir().unwrap();
    let big = "v".repeat(120_000);
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("empty method", vec!["-X".into(), String::new()]),
        ("method with space", vec!["-X".into(), "G E T".into()]),
        ("lowercase method", vec!["-X".into(), "delete".into()]),
        ("control method", vec!["-X".into(), "\u{1}GET".into()]),
        ("unknown method", vec!["-X".into(), "BREW".into()]),
        ("header no colon", vec!["-H".into(), "Authorization".into()]),
        ("header empty", vec!["-H".into(), String::new()]),
        ("header colon only", vec!["-H".into(), ":".into()]),
        (
            "header huge",
            vec!["-H".into(), format!("x-api-key: {big}")],
        ),
        (
            "header control",
            vec!["-H".into(), "Authorization: \u{1}\u{1b}\u{7f}".into()],
        ),
        (
            "many headers",
            (0..2000)
                .flat_map(|i| ["-H".to_string(), format!("h{i}: v")])
                .collect(),
        ),
    ];
    for (what, args) in cases {
        let out = apigw(home.path())
            .args(["--demo", "match", "--json"])
            .args(&args)
            .arg("https://api.example.com/v1/orders/42")
            .output()
            .unwrap();
        assert_verdict_or_error(what, &out);
    }
}

#[cfg(unix)]
#[test]
fn match_reports_non_utf8_arguments_clearly() {
    use std::os::unix::ffi::OsStringExt;
    let home = tempfile::tempdir().unwrap();
    for bytes in [
        b"/prod/\xff\xfe".to_vec(),
        b"\x80".to_vec(),
        b"https://api.example.com/v1/\xc3".to_vec(),
    ] {
        let arg = OsString::from_vec(bytes.clone());
        let out = apigw(home.path())
            .args(["--demo", "match"])
            .arg(&arg)
            .output()
            .unwrap();
        let first = assert_clear_error(&format!("{bytes:?}"), &out);
        assert!(first.to_lowercase().contains("utf-8"), "{first}");
        let out = apigw(home.path())
            .args(["--demo", "match", "-H"])
            .arg(&arg)
            .arg("/prod/x")
            .output()
            .unwrap();
        assert_clear_error(&format!("header {bytes:?}"), &out);
    }
}

/// A stdout whose reader is gone (`apigw … | head -0`): every write fails with EPIPE.
/// apigw must not panic ("failed printing to stdout"); it exits 0, 1 or 2.
#[test]
fn a_closed_stdout_never_panics() {
    let home = tempfile::tempdir().unwrap();
    let url = "https://api.example.com/orders/orders/42";
    let cases: Vec<Vec<&str>> = vec![
        vec!["match", "--json", url],
        vec!["match", url],
        vec!["match", "--stdin", "--json"],
        vec!["snapshot"],
        vec!["stages", "--json"],
        vec!["stages"],
        vec!["deploy", "--api", "orders-api", "--stage", "prod", "--json"],
        vec!["deploy", "--api", "orders-api", "--stage", "prod"],
        vec!["cors", "--api", "orders-api", "--path", "/orders", "--json"],
        vec!["cors", "--api", "orders-api", "--path", "/orders"],
        vec!["cors", "--api", "orders-api", "--path", "/nope", "--json"],
        vec!["match", "--json", "::::"],
    ];
    for args in cases {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_apigw"));
        cmd.env_remove("APIGW_CONFIG")
            .env_remove("RUST_BACKTRACE")
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .arg("--demo")
            .args(&args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .stdin(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write;
            let _ = stdin.write_all(format!("GET {url}\n").repeat(1000).as_bytes());
        }
        let out = child.wait_with_output().unwrap();
        let what = args.join(" ");
        let err = text(&out.stderr);
        assert!(!err.contains("panicked"), "{what}: {err}");
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "{what}: {:?} {err}",
            out.status
        );
    }
}

#[test]
fn bad_subcommand_arguments_are_one_clear_line() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().display().to_string();
    let missing_dir = format!("{dir}/no/such/dir/out.json");
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("unknown api", vec!["stages", "--api", "nope"]),
        (
            "control chars in --api",
            vec!["stages", "--api", "n\u{1b}[2J\u{7}"],
        ),
        (
            "control chars in a header",
            vec!["match", "-H", "x\u{1b}]0;pwned\u{7}", "/x"],
        ),
        (
            "deploy unknown api",
            vec!["deploy", "--api", "nope", "--stage", "prod"],
        ),
        (
            "cors unknown path",
            vec![
                "cors",
                "--api",
                "orders-api",
                "--path",
                "/nope/\u{1b}[2J\u{1b}]0;pwned\u{7}",
            ],
        ),
        ("snapshot to a directory", vec!["snapshot", "-o", &dir]),
        (
            "snapshot to a missing dir",
            vec!["snapshot", "-o", &missing_dir],
        ),
    ];
    for (what, args) in cases {
        let out = apigw(home.path())
            .arg("--demo")
            .args(&args)
            .output()
            .unwrap();
        assert_no_crash(what, &out);
        assert_ne!(out.status.code(), Some(0), "{what}");
        let err = text(&out.stderr);
        let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{what}: one line: {err}");
        assert!(
            lines[0].starts_with("apigw: ") && lines[0].len() < 400,
            "{what}: {err}"
        );
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{7}'),
            "{what}: control characters are not echoed: {err:?}"
        );
    }
    // The human verdict echoes the URL: escaped too.
    let out = apigw(home.path())
        .args(["--demo", "match", "/prod/\u{1b}[2J\u{1b}]0;pwned\u{7}x"])
        .output()
        .unwrap();
    assert_no_crash("human verdict", &out);
    let shown = text(&out.stdout);
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
}

/// An empty endpoint (`--endpoint-url ''`, or `AWS_ENDPOINT_URL=` left empty by a script)
/// must be a clear error or be ignored, never a panic in the SDK ("URL was unset"). The
/// region `zz-test-1` does not exist, so nothing can reach a real AWS endpoint.
#[test]
fn an_empty_endpoint_url_is_not_a_panic() {
    let home = tempfile::tempdir().unwrap();
    let live = |cmd: &mut assert_cmd::Command| {
        cmd.env("AWS_ACCESS_KEY_ID", "AKIAZZZZZZZZZZZZZZZZ")
            .env("AWS_SECRET_ACCESS_KEY", "x")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", home.path().join("none"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.path().join("none"))
            .args(["--region", "zz-test-1"]);
    };
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (
            "--endpoint-url ''",
            vec![],
            vec!["--endpoint-url", "", "stages"],
        ),
        (
            "AWS_ENDPOINT_URL=",
            vec![("AWS_ENDPOINT_URL", "")],
            vec!["stages"],
        ),
        (
            "AWS_ENDPOINT_URL_API_GATEWAY=",
            vec![("AWS_ENDPOINT_URL_API_GATEWAY", "")],
            vec!["snapshot"],
        ),
        (
            "AWS_ENDPOINT_URL_APIGATEWAYV2=",
            vec![("AWS_ENDPOINT_URL_APIGATEWAYV2", "")],
            vec!["snapshot"],
        ),
    ];
    for (what, env, args) in cases {
        let mut cmd = apigw(home.path());
        live(&mut cmd);
        cmd.envs(env).args(&args).timeout(Duration::from_secs(120));
        let out = cmd.output().unwrap();
        assert_clear_error(what, &out);
    }
}
