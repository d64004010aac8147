//! Client-side rate limiting: paced to API Gateway's control-plane quotas when talking to
//! AWS, unpaced against an emulator, slowing down by itself when throttled, and shared by
//! everything the process sends to one account, Region and endpoint.
//!
//! **The quotas** (AWS API Gateway developer guide, "Amazon API Gateway quotas", table
//! "API Gateway quotas for creating, deploying and managing an API", per account and
//! Region, not adjustable; <https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html>):
//! - total operations: 10 requests per second, burst 40;
//! - GetResources: 5 requests every 2 seconds (one every 400 ms, burst 5);
//! - CreateDeployment: 1 request every 5 seconds (mutations, not the loader);
//! - other operations: no quota of their own, up to the total.
//!
//! A GetResources call takes a token from both buckets, like AWS counts it against both.
//! The limiter paces at [`HEADROOM_PCT`] (95%) of each rate and keeps 5% of each burst (at
//! least one token) unused (so 9.5/s after 38 at once; GetResources one per 421 ms after
//! 4 at once): at exactly the quota the account's bucket has no slack, so the first
//! late-arriving call is throttled, its retry (which this limiter does not pace) takes one
//! more token, and every later call runs one token short (measured: 17 throttled retries
//! per load). The headroom lets the bucket recover from such a retry or from another
//! client's calls.
//!
//! **Pacing follows the endpoint** ([`Pace`], decided in `client::build`): with no custom
//! endpoint, or one on AWS's domains (`*.amazonaws.com`, `*.amazonaws.com.cn`, `*.api.aws`),
//! the limiter paces at AWS's quotas (an incident tool must not starve the account's CI/CD
//! of the shared quota). When every endpoint is elsewhere (`--endpoint-url` /
//! `AWS_ENDPOINT_URL*` pointing at moto on 127.0.0.1, say) it does not pace. `APIGW_PACE=aws`
//! or `none` forces either (a proxy in front of AWS under another name wants `aws`);
//! `APIGW_MAX_RPS`, `APIGW_BURST` and `APIGW_CONCURRENCY` then override the numbers
//! (GetResources keeps its ratio: a quarter of the rate, an eighth of the burst).
//!
//! **Adaptive** ([`adaptive`]): every HTTP 429 reaches the limiter, retries included (an SDK
//! interceptor on both clients calls [`Limiter::throttled`]), and halves its rate; throttles
//! within a second of that are the same event; after 5 s without one the rate climbs back by
//! a tenth of the base per second. A limiter set faster than AWS's quotas (unpaced, or
//! `APIGW_MAX_RPS` above them) falls back to AWS's quotas on its first throttle: the
//! endpoint evidently throttles like AWS. Each change of rate replaces the token buckets
//! with empty ones at the new rate (no burst right after a throttle).
//!
//! Why not the SDK's adaptive retry mode (`RetryConfig::adaptive()`, the CUBIC
//! `ClientRateLimiter` of aws-smithy-runtime), which commit 74fb2ef replaced with standard
//! retries (defect D11): it stays off until the first throttle, then cuts the send rate to
//! 0.7 × the rate it measured so far in half-second buckets, so one early 429 (few requests
//! measured yet) dropped a 16-request load to ~0.5 requests/s (0.1 s → 10 s), and it climbs
//! back on a cubic curve capped at twice the measured rate; it keeps one limiter per retry
//! partition, i.e. per service ("apigateway" and "apigatewayv2" apart, although AWS counts
//! both against one account quota); it knows nothing of GetResources' own quota; it prices a retry at 5 tokens; and its state is private, only
//! observable through the delays it puts on real requests.
//! The quota pacing here is needed anyway, so the adaptation lives beside it: one state
//! machine, one set of buckets, both APIs, tested with explicit instants and governor's fake
//! clock.
//!
//! **Shared**: `client::build` takes the limiter from [`shared`], one per profile (standing
//! for the account: knowing the account id would cost an STS call before the first read),
//! Region and endpoints, so the progressive loader, the reads before a mutation and the
//! read-back after it draw from the same buckets and slow down together.

pub mod adaptive;
mod limits;

use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock, Reference};
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

use adaptive::{Adaptive, Reaction, FULL};
pub use limits::*;

/// Share of each quota rate the limiter paces at (the rest is headroom).
pub const HEADROOM_PCT: u32 = 95;

/// The burst the limiter allows for a quota burst: one token (5%, at least one) less.
fn paced_burst(burst: u32) -> u32 {
    burst.saturating_sub((burst / 20).max(1)).max(1)
}

/// The period between tokens when pacing a quota period at [`HEADROOM_PCT`].
fn paced_period(quota_period: Duration) -> Duration {
    (quota_period * 100 / HEADROOM_PCT).max(MIN_PERIOD)
}

fn nz(v: u32) -> NonZeroU32 {
    NonZeroU32::new(v).unwrap_or(NonZeroU32::MIN)
}

/// The class of a request, for the limiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// Any read.
    Normal,
    /// GetResources (stricter quota).
    Resources,
}

type Bucket<C> = RateLimiter<NotKeyed, InMemoryState, C, NoOpMiddleware<<C as Clock>::Instant>>;

/// The token buckets at one rate.
struct Buckets<C: Clock> {
    /// Thousandths of the base rate.
    rate: u32,
    capped: bool,
    general: Bucket<C>,
    resources: Bucket<C>,
}

impl<C: Clock + Clone> Buckets<C> {
    /// Buckets pacing `l` at `rate` thousandths (see [`HEADROOM_PCT`]), full or `empty`.
    fn new(l: &LoadLimits, rate: u32, capped: bool, clock: &C, empty: bool) -> Self {
        let rate = rate.clamp(1, FULL);
        let bucket = |period: Duration, burst: u32| {
            let period = paced_period(period) * FULL / rate;
            let burst = (u64::from(paced_burst(burst)) * u64::from(rate) / u64::from(FULL)).max(1);
            let burst = nz(u32::try_from(burst).unwrap_or(u32::MAX));
            let quota = Quota::with_period(period)
                .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
                .allow_burst(burst);
            let b = RateLimiter::direct_with_clock(quota, clock.clone());
            if empty {
                let _ = b.check_n(burst);
            }
            b
        };
        Self {
            rate,
            capped,
            general: bucket(Duration::from_secs(1) / l.rps.max(1), l.burst),
            resources: bucket(l.resources_period, l.resources_burst),
        }
    }
}

/// What a limiter has seen and where its rate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimiterStats {
    /// Requests let through (first attempts).
    pub sent: u64,
    /// Attempts the clients made, retries included (counted by their interceptor).
    pub attempts: u64,
    /// HTTP 429 answers reported.
    pub throttled: u64,
    /// Throttles that slowed the limiter down (one per congestion event).
    pub slowdowns: u64,
    /// The current rate in thousandths of the base (1000: full speed).
    pub rate: u32,
    /// An unpaced base was capped to AWS's quotas after a throttle.
    pub capped: bool,
}

struct State<C: Clock> {
    adaptive: Adaptive,
    buckets: Arc<Buckets<C>>,
}

/// Paces requests (see the module docs); shared behind an `Arc`.
pub struct Limiter<C: Clock = DefaultClock> {
    base: LoadLimits,
    clock: C,
    start: C::Instant,
    state: Mutex<State<C>>,
    sent: AtomicU64,
    attempts: AtomicU64,
}

impl<C: Clock> std::fmt::Debug for Limiter<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter")
            .field("base", &self.base)
            .field("sent", &self.sent.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl Limiter {
    /// Paces under the limits `l` describes, on the real clock.
    pub fn new(l: &LoadLimits) -> Self {
        Self::with_clock(l, DefaultClock::default())
    }
}

impl<C: Clock + Clone> Limiter<C> {
    /// Paces under `l` on this clock (tests use governor's `FakeRelativeClock`).
    pub fn with_clock(l: &LoadLimits, clock: C) -> Self {
        let buckets = Buckets::new(l, FULL, false, &clock, false);
        Self {
            base: *l,
            start: clock.now(),
            clock,
            state: Mutex::new(State {
                adaptive: Adaptive::new(l.faster_than_aws()),
                buckets: Arc::new(buckets),
            }),
            sent: AtomicU64::new(0),
            attempts: AtomicU64::new(0),
        }
    }

    /// The limits it was made with (concurrency, and the rates at full speed).
    pub fn limits(&self) -> LoadLimits {
        self.base
    }

    fn elapsed(&self) -> Duration {
        self.clock.now().duration_since(self.start).into()
    }

    fn lock(&self) -> MutexGuard<'_, State<C>> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The buckets for the rate at `now`, replaced (empty) when the rate has changed.
    fn buckets_at(&self, s: &mut State<C>, now: Duration) -> Arc<Buckets<C>> {
        let rate = s.adaptive.rate_at(now);
        let capped = s.adaptive.capped();
        if rate != s.buckets.rate || capped != s.buckets.capped {
            let ceiling = if capped {
                self.base.capped_to_aws()
            } else {
                self.base
            };
            tracing::debug!(
                rate,
                capped,
                "rate limiter: new rate (thousandths of the base)"
            );
            s.buckets = Arc::new(Buckets::new(&ceiling, rate, capped, &self.clock, true));
        }
        s.buckets.clone()
    }

    /// Takes a token of one bucket now, or says how long to wait before trying again.
    fn try_take(&self, call: Call) -> Result<(), Duration> {
        let now = self.elapsed();
        let b = self.buckets_at(&mut self.lock(), now);
        let bucket = match call {
            Call::Normal => &b.general,
            Call::Resources => &b.resources,
        };
        bucket.check().map_err(|not_until| {
            not_until
                .wait_time_from(self.clock.now())
                .max(Duration::from_millis(1))
        })
    }

    async fn wait(&self, call: Call) {
        while let Err(wait) = self.try_take(call) {
            tokio::time::sleep(wait).await;
        }
    }

    /// Waits until a request of this class may be sent, and counts it.
    pub async fn acquire(&self, call: Call) {
        if call == Call::Resources {
            self.wait(Call::Resources).await;
        }
        self.wait(Call::Normal).await;
        self.sent.fetch_add(1, Ordering::Relaxed);
    }

    /// An HTTP 429 came back (any attempt, retries included): slow down.
    pub fn throttled(&self) -> Reaction {
        let now = self.elapsed();
        let mut s = self.lock();
        let reaction = s.adaptive.throttled(now);
        self.buckets_at(&mut s, now);
        if reaction != Reaction::Held {
            tracing::info!(?reaction, "throttled by API Gateway: slowing down");
        }
        reaction
    }

    /// One attempt is about to go out (counted for [`LimiterStats::attempts`]).
    pub fn attempted(&self) {
        self.attempts.fetch_add(1, Ordering::Relaxed);
    }

    /// Requests sent so far (first attempts; SDK retries are not counted).
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Counters and the current rate.
    pub fn stats(&self) -> LimiterStats {
        let now = self.elapsed();
        let s = self.lock();
        LimiterStats {
            sent: self.sent(),
            attempts: self.attempts.load(Ordering::Relaxed),
            throttled: s.adaptive.throttles(),
            slowdowns: s.adaptive.slowdowns(),
            rate: s.adaptive.rate_at(now),
            capped: s.adaptive.capped(),
        }
    }
}

/// Which limiter clients share: one per profile (standing for the account), Region and
/// endpoints (API Gateway v1, v2; `None` for AWS's own).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LimiterKey {
    pub profile: Option<String>,
    pub region: String,
    pub endpoints: [Option<String>; 2],
}

static SHARED: Mutex<BTreeMap<LimiterKey, Arc<Limiter>>> = Mutex::new(BTreeMap::new());

/// The process's limiter for `key`, made with `limits` the first time it is asked for
/// (later callers share it, whatever limits they pass).
pub fn shared(key: LimiterKey, limits: &LoadLimits) -> Arc<Limiter> {
    let mut all = SHARED.lock().unwrap_or_else(|p| p.into_inner());
    all.entry(key)
        .or_insert_with(|| Arc::new(Limiter::new(limits)))
        .clone()
}

#[cfg(test)]
mod tests;
