//! A private moto server per test (see mod.rs).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Region every emulator test uses.
pub const REGION: &str = "us-east-1";

/// A running moto server, killed when dropped.
pub struct Moto {
    /// e.g. `http://127.0.0.1:41234`.
    pub endpoint: String,
    pub port: u16,
    child: Child,
    /// Holds HOME/XDG dirs for the `apigw` binary (isolated config and cache).
    home: tempfile::TempDir,
    log: PathBuf,
}

/// The cargo target dir (parent of `CARGO_TARGET_TMPDIR`), where the moto venv lives.
fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tmp.to_path_buf())
}

/// Path of `moto_server`, installing moto once (scripts/ensure_moto.py holds a lock).
pub fn moto_server_path() -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/ensure_moto.py");
    let out = Command::new("python3")
        .arg(&script)
        .env("CARGO_TARGET_DIR", target_dir())
        .stderr(Stdio::inherit())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run python3 {}: {e} (python3 is needed to install the moto emulator)",
                script.display()
            )
        });
    assert!(
        out.status.success(),
        "{} failed ({}): moto could not be installed, emulator tests cannot run",
        script.display(),
        out.status
    );
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let path = PathBuf::from(path.lines().last().unwrap_or_default());
    assert!(
        path.exists(),
        "ensure_moto.py printed {path:?}, which does not exist"
    );
    path
}

/// The python of the moto venv (has boto3), for python-side scripts.
pub fn venv_python() -> PathBuf {
    let server = moto_server_path();
    server.with_file_name("python")
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("cannot bind a loopback port");
    l.local_addr().expect("no local addr").port()
}

/// True when an HTTP request to the port gets an HTTP answer.
fn answers(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let req = "GET /moto-api/data.json HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if s.write_all(req.as_bytes()).is_err() {
        return false;
    }
    let mut buf = [0u8; 12];
    matches!(s.read(&mut buf), Ok(n) if n >= 5 && buf.starts_with(b"HTTP/"))
}

impl Moto {
    /// Starts a fresh moto server (panics saying why when it cannot).
    pub fn start() -> Moto {
        let server = moto_server_path();
        let mut last_err = String::new();
        for _attempt in 0..3 {
            match Self::try_start(&server) {
                Ok(m) => return m,
                Err(e) => last_err = e,
            }
        }
        panic!(
            "moto_server ({}) did not start: {last_err}",
            server.display()
        );
    }

    fn try_start(server: &Path) -> Result<Moto, String> {
        let port = free_port();
        let home = tempfile::tempdir().map_err(|e| format!("tempdir: {e}"))?;
        let log = home.path().join("moto.log");
        let log_file = std::fs::File::create(&log).map_err(|e| format!("log file: {e}"))?;
        let log_err = log_file.try_clone().map_err(|e| format!("log file: {e}"))?;
        let mut child = Command::new(server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::from(log_file))
            .stderr(Stdio::from(log_err))
            .spawn()
            .map_err(|e| format!("cannot spawn: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                let text = std::fs::read_to_string(&log).unwrap_or_default();
                return Err(format!("exited with {status}: {}", tail(&text)));
            }
            if answers(port) {
                break;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err("no answer within 60 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(Moto {
            endpoint: format!("http://127.0.0.1:{port}"),
            port,
            child,
            home,
            log,
        })
    }

    /// The server's log so far (requests, tracebacks).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// A writable scratch directory owned by this server's lifetime (the binary's HOME).
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Environment for running `apigw` (or any AWS client) against this server: dummy
    /// credentials, region, endpoint, and an isolated HOME/config/cache.
    pub fn env_vars(&self) -> Vec<(&'static str, String)> {
        let home = self.home.path();
        let p = |s: &str| home.join(s).display().to_string();
        vec![
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_ACCESS_KEY_ID", "testing".into()),
            ("AWS_SECRET_ACCESS_KEY", "testing".into()),
            ("AWS_SESSION_TOKEN", "testing".into()),
            ("AWS_REGION", REGION.into()),
            ("AWS_DEFAULT_REGION", REGION.into()),
            ("AWS_CONFIG_FILE", p("aws-config")),
            ("AWS_SHARED_CREDENTIALS_FILE", p("aws-credentials")),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
            ("HOME", home.display().to_string()),
            ("XDG_CACHE_HOME", p("cache")),
            ("XDG_CONFIG_HOME", p("config")),
        ]
    }

    /// Variables that must not leak in from the developer's shell.
    pub const ENV_REMOVE: &'static [&'static str] = &[
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_ENDPOINT_URL_API_GATEWAY",
        "AWS_ENDPOINT_URL_APIGATEWAYV2",
        "APIGW_CONFIG",
    ];

    /// Applies [`Moto::env_vars`] to a std command.
    pub fn apply_env(&self, cmd: &mut Command) {
        for k in Self::ENV_REMOVE {
            cmd.env_remove(k);
        }
        cmd.envs(self.env_vars());
    }

    /// A gap-filling, request-counting proxy in front of this server (see gapfill.rs).
    pub fn gap_filler(&self) -> super::GapFiller {
        super::GapFiller::start(self.port)
    }

    /// `apigw` with the environment pointing at `endpoint` (e.g. a proxy in front of this
    /// server) instead of the server itself.
    pub fn apigw_via(&self, endpoint: &str) -> assert_cmd::Command {
        let mut cmd = self.apigw();
        cmd.env("AWS_ENDPOINT_URL", endpoint);
        cmd
    }

    /// `apigw` (the binary under test) with the environment pointing at this server.
    pub fn apigw(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("apigw").expect("apigw binary not built");
        for k in Self::ENV_REMOVE {
            cmd.env_remove(k);
        }
        cmd.envs(self.env_vars());
        cmd.timeout(Duration::from_secs(300));
        cmd
    }

    /// An apigateway (REST, v1) SDK client for seeding and reading back.
    pub fn rest_client(&self) -> aws_sdk_apigateway::Client {
        use aws_sdk_apigateway::config::{Credentials, Region};
        let conf = aws_sdk_apigateway::Config::builder()
            .behavior_version_latest()
            .region(Region::new(REGION))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
            .build();
        aws_sdk_apigateway::Client::from_conf(conf)
    }

    /// An apigatewayv2 (HTTP APIs, domains) SDK client for seeding and reading back.
    pub fn http_client(&self) -> aws_sdk_apigatewayv2::Client {
        use aws_sdk_apigatewayv2::config::{Credentials, Region};
        let conf = aws_sdk_apigatewayv2::Config::builder()
            .behavior_version_latest()
            .region(Region::new(REGION))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
            .build();
        aws_sdk_apigatewayv2::Client::from_conf(conf)
    }

    /// The `LiveTarget` for library-level tests (pair with [`Moto::set_process_env`]).
    pub fn live_target(&self) -> apigw::config::LiveTarget {
        apigw::config::LiveTarget {
            profile: None,
            region: Some(REGION.into()),
            endpoint_url: Some(self.endpoint.clone()),
        }
    }

    /// Sets dummy credentials in this test process's environment so the aws-config chain
    /// of the library finds them (same values for every Moto, so parallel tests agree).
    pub fn set_process_env(&self) {
        for (k, v) in [
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_SESSION_TOKEN", "testing"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ] {
            std::env::set_var(k, v);
        }
    }

    /// Forgets everything stored in the server.
    pub fn reset(&self) {
        let Ok(mut s) = TcpStream::connect(("127.0.0.1", self.port)) else {
            panic!("moto on port {} is gone", self.port);
        };
        let req = "POST /moto-api/reset HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n";
        let _ = s.write_all(req.as_bytes());
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join(" | ")
}
