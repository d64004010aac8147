//! Writes a snapshot of the generated large account (`synth::large_account`:
//! 50 REST APIs × ~300 resources, 10 HTTP APIs, 20 custom domains) so the TUI can be
//! measured on it: `cargo run --release --example synth_snapshot -- large.json`, then
//! `apigw --snapshot large.json`.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: synth_snapshot FILE");
        return ExitCode::from(2);
    };
    let snap = apigw::snapshot::Snapshot::new("synth:large_account", synth::large_account());
    match apigw::snapshot::write(&path, &snap) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synth_snapshot: {e}");
            ExitCode::from(2)
        }
    }
}
