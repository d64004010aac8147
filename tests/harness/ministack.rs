//! A private MiniStack server per test (see mod.rs): the second emulator, used where moto
//! falls short. MiniStack records what each REST deployment serves (`apiSummary` in
//! GetDeployment/GetDeployments), so a stage can be seen going stale and current again.
//!
//! MiniStack 1.5.33 defaults to binding 0.0.0.0:4566, writing a PID file to the system temp
//! dir and (when `cryptography` is present) opening an IoT mTLS listener on 0.0.0.0:8883.
//! It is started here with `BIND_HOST=127.0.0.1`, a free port, `TMPDIR` set to its own temp
//! dir, `SERVICES=apigateway`, IoT mTLS / SFTP listeners off and no persistence.

use std::path::PathBuf;

use super::emulator::{http_status, installed, Emulator};

/// A running MiniStack server, killed when dropped. Derefs to [`Emulator`].
pub struct MiniStack(Emulator);

impl std::ops::Deref for MiniStack {
    type Target = Emulator;
    fn deref(&self) -> &Emulator {
        &self.0
    }
}

/// Path of the `ministack` executable, installing it once.
pub fn ministack_path() -> PathBuf {
    installed(Some("ministack"))
}

impl MiniStack {
    /// Starts a fresh MiniStack bound to 127.0.0.1 only, with API Gateway alone and no
    /// persistence (panics saying why when it cannot).
    pub fn start() -> MiniStack {
        let exe = ministack_path();
        MiniStack(Emulator::start(
            "ministack",
            &exe,
            |cmd, port, scratch| {
                cmd.env("BIND_HOST", "127.0.0.1")
                    .env("GATEWAY_PORT", port.to_string())
                    .env_remove("EDGE_PORT")
                    .env("SERVICES", "apigateway")
                    .env("IOT_MTLS_ENABLED", "0")
                    .env("SFTP_ENABLED", "0")
                    .env("PERSIST_STATE", "0")
                    .env("S3_PERSIST", "0")
                    .env("LOCALSTACK_PERSISTENCE", "0")
                    .env("TMPDIR", scratch)
                    .env("STATE_DIR", scratch.join("state"))
                    .env("LOG_LEVEL", "INFO");
            },
            |port| {
                http_status(port, "/_ministack/health").is_some_and(|h| h.get(9..12) == Some("200"))
            },
        ))
    }
}
