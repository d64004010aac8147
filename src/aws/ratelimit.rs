//! Client-side rate limiting tuned to API Gateway's control-plane quotas, plus a request
//! counter so a load can report how many calls it made.
//!
//! The numbers (AWS API Gateway developer guide, "Amazon API Gateway quotas", table
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
//! 4 at once): at exactly the quota the account's bucket has no slack, so the first late-arriving call
//! is throttled, its retry (which this limiter does not see) takes one more token, and every
//! later call runs one token short (measured with scripts/bench_load.sh: 17 throttled
//! retries per load; README, "Speed"). The headroom lets the bucket recover from such a retry or from
//! another client's calls.
//!
//! `APIGW_MAX_RPS`, `APIGW_BURST` and `APIGW_CONCURRENCY` override the defaults; the
//! GetResources quota keeps its ratio to them (a quarter of the rate, an eighth of the
//! burst: 10/40 → 2.5 per second, burst 5).

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// Total control-plane operations per second per account.
pub const AWS_TOTAL_RPS: u32 = 10;
/// Total control-plane burst per account.
pub const AWS_TOTAL_BURST: u32 = 40;
/// GetResources: 5 requests every 2 seconds, i.e. one token every 400 ms.
pub const AWS_GET_RESOURCES_PERIOD: Duration = Duration::from_millis(400);
/// GetResources burst (5 requests at once, then one every 400 ms).
pub const AWS_GET_RESOURCES_BURST: u32 = 5;

/// How fast and how wide a load runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadLimits {
    /// Parts fetched at the same time.
    pub concurrency: usize,
    /// Steady requests per second over all calls.
    pub rps: u32,
    /// Requests allowed at once before the steady rate applies.
    pub burst: u32,
    /// GetResources: the time one more request is allowed after (stricter quota).
    pub resources_period: Duration,
    /// GetResources: requests allowed at once before `resources_period` applies.
    pub resources_burst: u32,
}

impl Default for LoadLimits {
    fn default() -> Self {
        Self {
            concurrency: 6,
            rps: AWS_TOTAL_RPS,
            burst: AWS_TOTAL_BURST,
            resources_period: AWS_GET_RESOURCES_PERIOD,
            resources_burst: AWS_GET_RESOURCES_BURST,
        }
    }
}

impl LoadLimits {
    /// Limits from the environment (`APIGW_MAX_RPS`, `APIGW_BURST`, `APIGW_CONCURRENCY`)
    /// over the defaults; unparsable values are ignored.
    pub fn from_env() -> Self {
        let get = |k: &str| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.trim().parse::<u32>().ok())
        };
        let mut l = Self::default();
        if let Some(v) = get("APIGW_MAX_RPS").filter(|v| *v > 0) {
            l.rps = v;
            l.resources_period = resources_period_for(v);
        }
        if let Some(v) = get("APIGW_BURST").filter(|v| *v > 0) {
            l.burst = v;
            l.resources_burst = resources_burst_for(v);
        }
        if let Some(v) = get("APIGW_CONCURRENCY").filter(|v| (1..=64).contains(v)) {
            l.concurrency = v as usize;
        }
        l
    }

    /// No throttling (tests against mocks).
    pub fn unlimited() -> Self {
        Self {
            concurrency: 8,
            rps: 100_000,
            burst: 100_000,
            resources_period: MIN_PERIOD,
            resources_burst: 100_000,
        }
    }
}

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

/// The shortest GetResources period (governor needs a non-zero one).
const MIN_PERIOD: Duration = Duration::from_micros(1);

/// GetResources period for a total rate: a quarter of it (10/s → one every 400 ms).
fn resources_period_for(rps: u32) -> Duration {
    Duration::from_micros(4_000_000 / u64::from(rps.max(1))).max(MIN_PERIOD)
}

/// GetResources burst for a total burst: an eighth of it (40 → 5).
fn resources_burst_for(burst: u32) -> u32 {
    (burst / 8).max(1)
}

/// The class of a request, for the limiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// Any read.
    Normal,
    /// GetResources (stricter quota).
    Resources,
}

/// Shared by every request of one load.
pub struct Limiter {
    general: DefaultDirectRateLimiter,
    resources: DefaultDirectRateLimiter,
    sent: AtomicU64,
}

fn nz(v: u32) -> NonZeroU32 {
    NonZeroU32::new(v).unwrap_or(NonZeroU32::MIN)
}

impl Limiter {
    /// Paces under the quota `l` describes (see [`HEADROOM_PCT`]).
    pub fn new(l: &LoadLimits) -> Self {
        let quota = |period: Duration, burst: u32| {
            Quota::with_period(paced_period(period))
                .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
                .allow_burst(nz(paced_burst(burst)))
        };
        let general = quota(Duration::from_secs(1) / l.rps.max(1), l.burst);
        let resources = quota(l.resources_period, l.resources_burst);
        Self {
            general: RateLimiter::direct(general),
            resources: RateLimiter::direct(resources),
            sent: AtomicU64::new(0),
        }
    }

    /// Waits until a request of this class may be sent, and counts it.
    pub async fn acquire(&self, call: Call) {
        if call == Call::Resources {
            self.resources.until_ready().await;
        }
        self.general.until_ready().await;
        self.sent.fetch_add(1, Ordering::Relaxed);
    }

    /// Requests sent so far (first attempts; SDK retries are not counted).
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn counts_requests() {
        let l = Limiter::new(&LoadLimits::unlimited());
        l.acquire(Call::Normal).await;
        l.acquire(Call::Resources).await;
        assert_eq!(l.sent(), 2);
    }

    #[test]
    fn burst_is_allowed_at_once_then_limited() {
        let l = Limiter::new(&LoadLimits::default());
        let ok = (0..60).filter(|_| l.general.check().is_ok()).count();
        assert_eq!(
            ok, 38,
            "AWS burst of 40 less 5% headroom, then the steady rate"
        );
    }

    #[test]
    fn get_resources_burst_stays_under_the_aws_quota() {
        let l = Limiter::new(&LoadLimits::default());
        let ok = (0..20).filter(|_| l.resources.check().is_ok()).count();
        assert_eq!(
            ok, 4,
            "AWS: GetResources 5 every 2 seconds; one kept as headroom"
        );
        assert_eq!(
            LoadLimits::default().resources_period * 5,
            Duration::from_secs(2)
        );
    }

    #[test]
    fn pacing_stays_under_the_quota() {
        // 10 requests/s → one every 105.26 ms (9.5/s); 400 ms → 421 ms.
        let p = paced_period(Duration::from_millis(100));
        assert!(
            p > Duration::from_millis(105) && p < Duration::from_millis(106),
            "{p:?}"
        );
        assert!(paced_period(AWS_GET_RESOURCES_PERIOD) > Duration::from_millis(420));
        assert_eq!(paced_burst(1), 1, "never zero");
        assert_eq!(paced_burst(100_000), 95_000);
    }

    #[test]
    fn env_overrides_keep_the_get_resources_ratio() {
        let d = LoadLimits::default();
        assert_eq!(resources_period_for(d.rps), d.resources_period);
        assert_eq!(resources_burst_for(d.burst), d.resources_burst);
        assert_eq!(resources_period_for(100_000), Duration::from_micros(40));
        assert_eq!(resources_burst_for(3), 1);
    }

    #[test]
    fn unlimited_does_not_hold_back_get_resources() {
        let lim = Limiter::new(&LoadLimits::unlimited());
        let ok = (0..1000).filter(|_| lim.resources.check().is_ok()).count();
        assert_eq!(ok, 1000, "unlimited means unlimited for GetResources too");
    }
}
