//! apigw against the emulators started by `tests/harness/` (moto, MiniStack), directly or
//! behind the fault-injecting proxy: loading, mutations, the CLI's mutating subcommands,
//! stale → deploy → current, faults, read-only mode and secrets.

#[path = "../harness/mod.rs"]
mod harness;

mod cli_mutations;
mod emulator_load;
mod faults;
mod keys_emulator;
mod logs_moto;
mod mutations_emulator;
mod other_region;
mod probe_cli;
mod probe_ministack;
mod read_only;
mod secrets;
mod secrets_keys;
mod stale_e2e;
mod url_first_quota;
