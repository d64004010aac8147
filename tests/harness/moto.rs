//! A private moto server per test (see mod.rs); the shared parts are in emulator.rs.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;

use super::emulator::{http_status, installed, Emulator};

/// A running moto server, killed when dropped. Derefs to [`Emulator`] (`endpoint`,
/// `apigw()`, `rest_client()`, `env_vars()`, …).
pub struct Moto(Emulator);

impl std::ops::Deref for Moto {
    type Target = Emulator;
    fn deref(&self) -> &Emulator {
        &self.0
    }
}

/// Path of `moto_server`, installing moto once.
pub fn moto_server_path() -> PathBuf {
    installed(None)
}

/// The python of the moto venv (has boto3), for python-side scripts.
pub fn venv_python() -> PathBuf {
    moto_server_path().with_file_name("python")
}

impl Moto {
    /// Variables that must not leak in from the developer's shell.
    pub const ENV_REMOVE: &'static [&'static str] = super::emulator::ENV_REMOVE;

    /// Starts a fresh moto server (panics saying why when it cannot).
    pub fn start() -> Moto {
        let exe = moto_server_path();
        Moto(Emulator::start(
            "moto_server",
            &exe,
            |cmd, port, _| {
                cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()]);
            },
            |port| http_status(port, "/moto-api/data.json").is_some(),
        ))
    }

    /// A gap-filling, request-counting proxy in front of this server (see gapfill.rs).
    pub fn gap_filler(&self) -> super::GapFiller {
        super::GapFiller::start(self.port)
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
