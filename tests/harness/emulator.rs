//! What every emulator server of the harness shares (moto.rs, ministack.rs): installing it
//! through scripts/ensure_moto.py, starting it on a free loopback port with its output in a
//! log, waiting until it answers, the environment and SDK clients that point at it, and
//! killing it by PID when dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Region every emulator test uses.
pub const REGION: &str = "us-east-1";

/// Variables that must not leak in from the developer's shell.
pub const ENV_REMOVE: &[&str] = &[
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL_API_GATEWAY",
    "AWS_ENDPOINT_URL_APIGATEWAYV2",
    "APIGW_CONFIG",
];

/// A running emulator, killed when dropped.
pub struct Emulator {
    /// e.g. `http://127.0.0.1:41234`.
    pub endpoint: String,
    pub port: u16,
    child: Child,
    /// Holds HOME/XDG dirs for the `apigw` binary (isolated config and cache).
    home: tempfile::TempDir,
    log: PathBuf,
}

/// The cargo target dir (parent of `CARGO_TARGET_TMPDIR`), where the venvs live.
fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| tmp.to_path_buf())
}

/// Path of an emulator's executable, installing it once (`scripts/ensure_moto.py [name]`
/// holds a lock, so parallel test binaries do not race).
pub fn installed(name: Option<&str>) -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/ensure_moto.py");
    let what = name.unwrap_or("moto");
    let out = Command::new("python3")
        .arg(&script)
        .args(name)
        .env("CARGO_TARGET_DIR", target_dir())
        .stderr(Stdio::inherit())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run python3 {}: {e} (python3 is needed to install {what})",
                script.display()
            )
        });
    assert!(
        out.status.success(),
        "{} {what} failed ({}): {what} could not be installed, emulator tests cannot run",
        script.display(),
        out.status
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let path = PathBuf::from(text.trim().lines().last().unwrap_or_default());
    assert!(
        path.exists(),
        "ensure_moto.py {what} printed {path:?}, which does not exist"
    );
    path
}

pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("cannot bind a loopback port");
    l.local_addr().expect("no local addr").port()
}

/// The status line of `GET path` on the port, if any HTTP answer comes.
pub fn http_status(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let req = format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    s.write_all(req.as_bytes()).ok()?;
    let mut buf = [0u8; 16];
    let n = s.read(&mut buf).ok()?;
    let head = String::from_utf8_lossy(&buf[..n]).into_owned();
    head.starts_with("HTTP/").then_some(head)
}

/// The last lines of a log, on one line.
pub fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join(" | ")
}

impl Emulator {
    /// Starts `what` with `configure` (args and env for the given port and scratch dir),
    /// retrying three times, until `ready(port)`; panics saying why when it cannot.
    pub fn start(
        what: &str,
        exe: &Path,
        configure: impl Fn(&mut Command, u16, &Path),
        ready: impl Fn(u16) -> bool,
    ) -> Emulator {
        let mut last_err = String::new();
        for _attempt in 0..3 {
            match Self::try_start(exe, &configure, &ready) {
                Ok(e) => return e,
                Err(e) => last_err = e,
            }
        }
        panic!("{what} ({}) did not start: {last_err}", exe.display());
    }

    fn try_start(
        exe: &Path,
        configure: &impl Fn(&mut Command, u16, &Path),
        ready: &impl Fn(u16) -> bool,
    ) -> Result<Emulator, String> {
        let port = free_port();
        let home = tempfile::tempdir().map_err(|e| format!("tempdir: {e}"))?;
        let log = home.path().join("server.log");
        let log_file = std::fs::File::create(&log).map_err(|e| format!("log file: {e}"))?;
        let log_err = log_file.try_clone().map_err(|e| format!("log file: {e}"))?;
        let mut cmd = Command::new(exe);
        configure(&mut cmd, port, home.path());
        let mut child = cmd
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
            if ready(port) {
                break;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err("no answer within 60 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(Emulator {
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

    /// Applies [`Emulator::env_vars`] to a std command.
    pub fn apply_env(&self, cmd: &mut Command) {
        for k in ENV_REMOVE {
            cmd.env_remove(k);
        }
        cmd.envs(self.env_vars());
    }

    /// `apigw` (the binary under test) with the environment pointing at this server.
    pub fn apigw(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("apigw").expect("apigw binary not built");
        for k in ENV_REMOVE {
            cmd.env_remove(k);
        }
        cmd.envs(self.env_vars());
        cmd.timeout(Duration::from_secs(300));
        cmd
    }

    /// `apigw` pointed at `endpoint` (e.g. a proxy in front of this server) instead.
    pub fn apigw_via(&self, endpoint: &str) -> assert_cmd::Command {
        let mut cmd = self.apigw();
        cmd.env("AWS_ENDPOINT_URL", endpoint);
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

    /// The ids of a REST API's deployments, read back from the emulator.
    pub async fn deployment_ids(&self, api: &str) -> Vec<String> {
        let out = self
            .rest_client()
            .get_deployments()
            .rest_api_id(api)
            .send()
            .await
            .unwrap_or_else(|e| panic!("get_deployments {api}: {e:?}"));
        out.items()
            .iter()
            .filter_map(|d| d.id().map(str::to_string))
            .collect()
    }

    /// The deployment a REST API's `prod` stage serves, read back from the emulator.
    pub async fn stage_deployment(&self, api: &str) -> String {
        let s = self
            .rest_client()
            .get_stage()
            .rest_api_id(api)
            .stage_name("prod")
            .send()
            .await
            .unwrap_or_else(|e| panic!("get_stage {api} prod: {e:?}"));
        s.deployment_id()
            .expect("stage has a deployment")
            .to_string()
    }

    /// An apigatewayv2 (HTTP APIs, domains) SDK client for seeding and reading back.
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

    /// The `LiveTarget` for library-level tests.
    pub fn live_target(&self) -> apigw::config::LiveTarget {
        apigw::config::LiveTarget {
            profile: None,
            region: Some(REGION.into()),
            endpoint_url: Some(self.endpoint.clone()),
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
