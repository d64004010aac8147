//! Test harness shared by every integration test that talks to an AWS emulator.
//!
//! Structure:
//! - `moto.rs`: [`Moto`], a private moto server (the API Gateway emulator) per test on a
//!   free loopback port. `Moto::start()` installs moto once through
//!   `scripts/ensure_moto.py` (venv under the cargo target dir, lock-file safe), starts
//!   `moto_server`, waits until it answers and kills it (by PID) when dropped. It panics
//!   with the reason when moto cannot be installed or started: emulator tests never skip.
//!   Helpers: `rest_client()` / `http_client()` (SDK clients with dummy credentials,
//!   us-east-1), `apigw()` (an `assert_cmd` command for the binary with the environment
//!   pointing at the emulator and an isolated cache/config) and `env_vars()` for your own
//!   commands.
//!
//! - `gapfill.rs`: [`GapFiller`], a loopback proxy in front of a Moto that answers the reads
//!   moto lacks (v2 GetAuthorizers/GetDeployments/ListRoutingRules → empty lists) and counts
//!   requests: `let gf = moto.gap_filler();` then use `gf.endpoint` / `moto.apigw_via(..)`.
//!
//! - `fault_proxy.rs`: [`FaultProxy`], a loopback proxy injecting 429/5xx, latency, resets
//!   and die-after-N (seeded, deterministic) with a request log; put it in front of a
//!   `GapFiller`: `FaultProxy::start(&gf.endpoint)`, then `moto.apigw_via(&proxy.endpoint)`.
//!
//! - `quota_proxy.rs`: [`quota_proxy::QuotaProxy`], the fault proxy throttling like API
//!   Gateway's account quota (10 requests/s burst 40, GetResources 5 per 2 s, 429
//!   `TooManyRequestsException` beyond), with added latency, a pre-drained quota or another
//!   client eating it: `QuotaProxy::start(&gf.endpoint)`, counts requests and 429s.
//!
//! - `ministack.rs`: [`MiniStack`], a private MiniStack server (second emulator, bound to
//!   127.0.0.1 on a free port) for what moto lacks: it records each REST deployment's
//!   `apiSummary`, so stages really go stale and current again. Installed through
//!   `scripts/ensure_moto.py ministack`; same helpers as `Moto` (`apigw()`, `rest_client()`,
//!   `env_vars()`); killed by PID on drop; panics with the reason when it cannot start.
//!
//! Use it from a test file with `mod harness;` and `let moto = harness::Moto::start();`.
#![allow(dead_code)]

pub mod emulator;
pub mod fault_proxy;
pub mod gapfill;
pub mod ministack;
pub mod moto;
pub mod quota_proxy;

pub use gapfill::GapFiller;
#[allow(unused_imports)] // only the MiniStack tests use it
pub use ministack::MiniStack;
pub use moto::Moto;
