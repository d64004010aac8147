//! A quota-emulating proxy: API Gateway's control-plane quotas per account (developer
//! guide, "Amazon API Gateway quotas": every operation together 10 requests/s with a burst
//! of 40; GetResources 5 requests every 2 s on top) in front of moto, answering what AWS
//! answers beyond them: 429 with `x-amzn-ErrorType: TooManyRequestsException` and
//! `{"message":"Too Many Requests"}`. The Rust version of scripts/bench_proxy.py's quota,
//! on top of [`FaultProxy`] (which logs every request and its outcome).
//!
//! ```ignore
//! let q = QuotaProxy::start(&gap_filler.endpoint);
//! q.drain();                          // another client just used the whole burst
//! let other = q.another_client(6.0);  // and keeps sending 6 requests/s
//! moto.apigw_via(&q.endpoint)…;
//! (q.requests(), q.throttled());
//! ```

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::fault_proxy::{Fault, FaultProxy, Gate, Outcome, Rule, Schedule};

/// One token bucket: `burst` tokens, refilled at `per_s`.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    per_s: f64,
    burst: f64,
    at: Instant,
}

impl Bucket {
    fn full(per_s: f64, burst: f64, now: Instant) -> Self {
        Self {
            tokens: burst,
            per_s,
            burst,
            at: now,
        }
    }

    fn refill(&mut self, now: Instant) {
        let dt = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + dt * self.per_s).min(self.burst);
        self.at = self.at.max(now);
    }
}

/// API Gateway's account quota: a bucket for every operation, a stricter one for
/// GetResources (which takes a token from both).
#[derive(Debug)]
pub struct Quota {
    buckets: Mutex<(Bucket, Bucket)>,
}

/// True for `GET /restapis/{id}/resources` (any query).
pub fn is_get_resources(method: &str, target: &str) -> bool {
    let path = target.split('?').next().unwrap_or("");
    let seg: Vec<&str> = path.trim_matches('/').split('/').collect();
    method == "GET" && matches!(seg.as_slice(), ["restapis", _, "resources"])
}

impl Quota {
    /// AWS's numbers, buckets full (an account idle for a while).
    pub fn aws() -> Self {
        Self::aws_at(Instant::now())
    }

    /// AWS's numbers, full at `now`.
    pub fn aws_at(now: Instant) -> Self {
        Self {
            buckets: Mutex::new((Bucket::full(10.0, 40.0, now), Bucket::full(2.5, 5.0, now))),
        }
    }

    fn lock(&self) -> MutexGuard<'_, (Bucket, Bucket)> {
        self.buckets.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// True when a request at `now` is within quota (and takes its tokens).
    pub fn admit_at(&self, now: Instant, get_resources: bool) -> bool {
        let mut b = self.lock();
        b.0.refill(now);
        b.1.refill(now);
        // (A nanotoken of slack for the rounding of repeated refills.)
        let short = |b: &Bucket| b.tokens < 1.0 - 1e-9;
        if short(&b.0) || (get_resources && short(&b.1)) {
            return false;
        }
        b.0.tokens -= 1.0;
        if get_resources {
            b.1.tokens -= 1.0;
        }
        true
    }

    /// Empties both buckets at `now` (another client just used the whole burst).
    pub fn drain_at(&self, now: Instant) {
        let mut guard = self.lock();
        let (total, resources) = &mut *guard;
        for bucket in [total, resources] {
            bucket.refill(now);
            bucket.tokens = 0.0;
        }
    }
}

impl Gate for Quota {
    fn admit(&self, method: &str, target: &str) -> bool {
        self.admit_at(Instant::now(), is_get_resources(method, target))
    }
}

/// A [`FaultProxy`] throttling like API Gateway's account quota. Stops when dropped.
pub struct QuotaProxy {
    /// e.g. `http://127.0.0.1:40123`: use as `AWS_ENDPOINT_URL`.
    pub endpoint: String,
    pub proxy: FaultProxy,
    pub quota: Arc<Quota>,
}

impl QuotaProxy {
    /// Starts the proxy in front of `upstream` (`http://host:port`), buckets full.
    pub fn start(upstream: &str) -> QuotaProxy {
        let proxy = FaultProxy::start(upstream);
        let quota = Arc::new(Quota::aws());
        proxy.set_gate(quota.clone());
        QuotaProxy {
            endpoint: proxy.endpoint.clone(),
            proxy,
            quota,
        }
    }

    /// Every request (answered or throttled) takes this much longer, as a round trip to a
    /// Region does (about 60 ms in-Region).
    pub fn add_latency(&self, d: Duration) {
        self.proxy.add(Rule::new(Fault::Delay(d), Schedule::Always));
    }

    /// Empties the quota now.
    pub fn drain(&self) {
        self.quota.drain_at(Instant::now());
    }

    /// Requests received (throttled ones included).
    pub fn requests(&self) -> usize {
        self.proxy.count()
    }

    /// Requests answered 429.
    pub fn throttled(&self) -> usize {
        self.proxy.count_outcome(&Outcome::Throttled)
    }

    /// GetResources requests answered 429.
    pub fn throttled_get_resources(&self) -> usize {
        self.proxy
            .requests()
            .iter()
            .filter(|r| r.outcome == Outcome::Throttled && is_get_resources(&r.method, &r.target))
            .count()
    }

    /// Another client of the same account sending `rps` requests per second (not through
    /// the proxy: it only takes quota) until the returned handle is dropped.
    pub fn another_client(&self, rps: f64) -> OtherClient {
        let stop = Arc::new(AtomicBool::new(false));
        let counts = Arc::new((AtomicU64::new(0), AtomicU64::new(0)));
        let (q, s, c) = (self.quota.clone(), stop.clone(), counts.clone());
        let every = Duration::from_secs_f64(1.0 / rps.max(0.01));
        let thread = std::thread::spawn(move || {
            let mut next = Instant::now();
            while !s.load(Ordering::Relaxed) {
                let counter = if q.admit_at(Instant::now(), false) {
                    &c.0
                } else {
                    &c.1
                };
                counter.fetch_add(1, Ordering::Relaxed);
                next += every;
                std::thread::sleep(next.saturating_duration_since(Instant::now()));
            }
        });
        OtherClient {
            stop,
            counts,
            thread: Some(thread),
        }
    }
}

/// Another client taking quota; stops when dropped.
pub struct OtherClient {
    stop: Arc<AtomicBool>,
    counts: Arc<(AtomicU64, AtomicU64)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl OtherClient {
    /// (admitted, throttled) requests so far.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.counts.0.load(Ordering::Relaxed),
            self.counts.1.load(Ordering::Relaxed),
        )
    }
}

impl Drop for OtherClient {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
