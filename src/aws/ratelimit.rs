//! Client-side rate limiting tuned to API Gateway's control-plane quotas (about 10 requests
//! a second steady with a burst of 40 per account; GetResources is stricter), plus a
//! request counter so a load can report how many calls it made.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// How fast and how wide a load runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadLimits {
    /// Parts fetched at the same time.
    pub concurrency: usize,
    /// Steady requests per second over all calls.
    pub rps: u32,
    /// Requests allowed at once before the steady rate applies.
    pub burst: u32,
    /// Steady requests per second for GetResources (stricter quota).
    pub resources_rps: u32,
}

impl Default for LoadLimits {
    fn default() -> Self {
        Self {
            concurrency: 6,
            rps: 10,
            burst: 40,
            resources_rps: 5,
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
            l.resources_rps = (v / 2).max(1);
        }
        if let Some(v) = get("APIGW_BURST").filter(|v| *v > 0) {
            l.burst = v;
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
            resources_rps: 100_000,
        }
    }
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
    pub fn new(l: &LoadLimits) -> Self {
        let general = Quota::per_second(nz(l.rps)).allow_burst(nz(l.burst));
        let res_burst = (l.burst / 2).max(1).min(l.resources_rps.max(1) * 2);
        let resources = Quota::per_second(nz(l.resources_rps)).allow_burst(nz(res_burst));
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
        assert_eq!(ok, 40, "burst of 40, then the steady rate");
    }
}
