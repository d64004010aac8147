//! Test harness shared by every integration test that talks to an AWS emulator or drives
//! the TUI in a terminal.
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
//! - `fake_gateway.rs`: [`FakeGateway`], a local fake of API Gateway's data plane (tokio,
//!   free loopback port) for `apigw probe --connect-to`: routes answer, anything else is
//!   `403 Missing Authentication Token`; IAM routes verify the SigV4 signature (service
//!   `execute-api`, recomputed from the request as received). `black_hole()` never answers.
//!
//! - `seed.rs`: [`seed::Seed`], the one builder that creates accounts in an emulator
//!   through the SDK: `Seed::rest("orders-api").resource("/orders/{id}")
//!   .method("GET", Auth::None).deploy("prod").create(&moto).await` (REST APIs with
//!   authorizers, validators and deployments; HTTP APIs with integrations, routes and
//!   stages; custom domains with base path or API mappings), in the order written.
//!
//! - `pty.rs`: [`pty::Pty`], a real pty for TUI tests: tmux (own server per Pty) at a chosen
//!   size, keys / typed text / bracketed paste / resizes, waits for screen contents
//!   (`wait_screen`, `wait_until`: polling `capture-pane`, one generous timeout, the last
//!   screen shown on failure), every tmux command's exit status checked, `script`
//!   recording what the program wrote and `stty -a` after it (`assert_restored`), the
//!   server killed on drop; `start_live(&rig, args)` runs the TUI against a fault-proxy rig.
//!
//! The test binaries (`tests/<group>/main.rs`: domain, tui, cli, mocks, emulator, pty)
//! include it with `#[path = "../harness/mod.rs"] mod harness;` when they need it; their
//! modules then use `crate::harness::Moto::start()`, `crate::harness::seed::Seed`, ….
#![allow(dead_code)]

pub mod emulator;
pub mod fake_gateway;
pub mod fault_proxy;
pub mod gapfill;
pub mod ministack;
pub mod moto;
pub mod pty;
pub mod quota_proxy;
pub mod seed;

#[allow(unused_imports)] // only the probe tests use it
pub use fake_gateway::FakeGateway;
pub use gapfill::GapFiller;
#[allow(unused_imports)] // only the MiniStack tests use it
pub use ministack::MiniStack;
pub use moto::Moto;
