//! A private MiniStack server per test (see mod.rs): the second emulator, used where moto
//! falls short. MiniStack records what each REST deployment serves (`apiSummary` in
//! GetDeployment/GetDeployments), so a stage can be seen going stale and current again.
//!
//! MiniStack 1.5.33 defaults to binding 0.0.0.0:4566, writing a PID file to the system temp
//! dir and (when `cryptography` is present) opening an IoT mTLS listener on 0.0.0.0:8883.
//! It is started here with `BIND_HOST=127.0.0.1`, a free port, `TMPDIR` set to its own temp
//! dir, `SERVICES=apigateway`, IoT mTLS / SFTP listeners off and no persistence.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::moto::REGION;

/// A running MiniStack server, killed (by PID) when dropped.
pub struct MiniStack {
    /// e.g. `http://127.0.0.1:41234`.
    pub endpoint: String,
    pub port: u16,
    child: Child,
    /// HOME/XDG dirs for the `apigw` binary and MiniStack's TMPDIR.
    home: tempfile::TempDir,
    log: PathBuf,
}

fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tmp.to_path_buf())
}

/// Path of the `ministack` executable, installing it once (ensure_moto.py holds a lock).
pub fn ministack_path() -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/ensure_moto.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg("ministack")
        .env("CARGO_TARGET_DIR", target_dir())
        .stderr(Stdio::inherit())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run python3 {}: {e} (python3 is needed to install MiniStack)",
                script.display()
            )
        });
    assert!(
        out.status.success(),
        "{} ministack failed ({}): MiniStack could not be installed, these tests cannot run",
        script.display(),
        out.status
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let path = PathBuf::from(text.trim().lines().last().unwrap_or_default());
    assert!(
        path.exists(),
        "ensure_moto.py ministack printed {path:?}, which does not exist"
    );
    path
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("cannot bind a loopback port");
    l.local_addr().expect("no local addr").port()
}

/// True when `/_ministack/health` answers 200 on the port.
fn answers(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let req = "GET /_ministack/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if s.write_all(req.as_bytes()).is_err() {
        return false;
    }
    let mut buf = [0u8; 16];
    matches!(s.read(&mut buf), Ok(n) if n >= 12 && buf.starts_with(b"HTTP/") && buf[9..12] == *b"200")
}

impl MiniStack {
    /// Starts a fresh MiniStack (panics saying why when it cannot).
    pub fn start() -> MiniStack {
        let exe = ministack_path();
        let mut last_err = String::new();
        for _attempt in 0..3 {
            match Self::try_start(&exe) {
                Ok(m) => return m,
                Err(e) => last_err = e,
            }
        }
        panic!("ministack ({}) did not start: {last_err}", exe.display());
    }

    fn try_start(exe: &Path) -> Result<MiniStack, String> {
        let port = free_port();
        let home = tempfile::tempdir().map_err(|e| format!("tempdir: {e}"))?;
        let log = home.path().join("ministack.log");
        let log_file = std::fs::File::create(&log).map_err(|e| format!("log file: {e}"))?;
        let log_err = log_file.try_clone().map_err(|e| format!("log file: {e}"))?;
        let mut child = Command::new(exe)
            .env("BIND_HOST", "127.0.0.1")
            .env("GATEWAY_PORT", port.to_string())
            .env_remove("EDGE_PORT")
            .env("SERVICES", "apigateway")
            .env("IOT_MTLS_ENABLED", "0")
            .env("SFTP_ENABLED", "0")
            .env("PERSIST_STATE", "0")
            .env("S3_PERSIST", "0")
            .env("LOCALSTACK_PERSISTENCE", "0")
            .env("TMPDIR", home.path())
            .env("STATE_DIR", home.path().join("state"))
            .env("LOG_LEVEL", "INFO")
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
                return Err("no answer on /_ministack/health within 60 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(MiniStack {
            endpoint: format!("http://127.0.0.1:{port}"),
            port,
            child,
            home,
            log,
        })
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// A writable scratch directory owned by this server's lifetime (the binary's HOME).
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Environment for running `apigw` against this server (same shape as
    /// [`super::Moto::env_vars`]).
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

    /// `apigw` (the binary under test) with the environment pointing at this server.
    pub fn apigw(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("apigw").expect("apigw binary not built");
        for k in super::Moto::ENV_REMOVE {
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
            .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
            .build();
        aws_sdk_apigateway::Client::from_conf(conf)
    }

    /// An apigatewayv2 SDK client for seeding and reading back.
    pub fn http_client(&self) -> aws_sdk_apigatewayv2::Client {
        use aws_sdk_apigatewayv2::config::{Credentials, Region};
        let conf = aws_sdk_apigatewayv2::Config::builder()
            .behavior_version_latest()
            .region(Region::new(REGION))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
            .build();
        aws_sdk_apigatewayv2::Client::from_conf(conf)
    }
}

impl Drop for MiniStack {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join(" | ")
}
