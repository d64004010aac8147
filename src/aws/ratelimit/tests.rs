//! The limiter's behaviour on governor's fake clock, against a model of API Gateway's
//! account quota (the token buckets AWS documents), with no wall-clock waits.

use std::time::Duration;

use governor::clock::FakeRelativeClock;

use super::*;

/// API Gateway's side: a token bucket per quota, as AWS documents them (and as
/// tests/harness/quota_proxy.rs emulates them over HTTP).
struct AwsQuota {
    total: (f64, f64, f64),
    resources: (f64, f64, f64),
    at: f64,
}

impl AwsQuota {
    /// Full buckets for these limits (tokens, per second, burst).
    fn of(l: &LoadLimits) -> Self {
        let per_s = 1.0 / l.resources_period.as_secs_f64();
        let (b, rb) = (f64::from(l.burst), f64::from(l.resources_burst));
        Self {
            total: (b, f64::from(l.rps), b),
            resources: (rb, per_s, rb),
            at: 0.0,
        }
    }

    /// True when AWS lets a request at `now` (seconds) through (and takes its tokens).
    fn admit(&mut self, now: f64, call: Call) -> bool {
        let dt = now - self.at;
        self.at = now;
        for b in [&mut self.total, &mut self.resources] {
            b.0 = (b.0 + dt * b.1).min(b.2);
        }
        let need_resources = call == Call::Resources;
        if self.total.0 < 1.0 || (need_resources && self.resources.0 < 1.0) {
            return false;
        }
        self.total.0 -= 1.0;
        if need_resources {
            self.resources.0 -= 1.0;
        }
        true
    }
}

fn fake(l: &LoadLimits) -> (Limiter<FakeRelativeClock>, FakeRelativeClock) {
    let clock = FakeRelativeClock::default();
    (Limiter::with_clock(l, clock.clone()), clock)
}

/// A request of this class if the limiter lets it through now (resources bucket first,
/// like `acquire`).
fn try_now(lim: &Limiter<FakeRelativeClock>, call: Call) -> bool {
    (call == Call::Normal || lim.try_take(Call::Resources).is_ok())
        && lim.try_take(Call::Normal).is_ok()
}

const TICK: Duration = Duration::from_millis(1);

/// A client that sends whenever the limiter lets it, for `secs` (1 ms steps); returns how
/// many requests went out.
fn greedy(
    lim: &Limiter<FakeRelativeClock>,
    clock: &FakeRelativeClock,
    call: Call,
    secs: u64,
) -> u32 {
    let mut n = 0;
    for _ in 0..secs * 1000 {
        while try_now(lim, call) {
            n += 1;
        }
        clock.advance(TICK);
    }
    n
}

/// Seconds since the limiter started.
fn now(lim: &Limiter<FakeRelativeClock>) -> f64 {
    lim.elapsed().as_secs_f64()
}

/// Greedy sending for `secs` against AWS's buckets; returns (sent, throttled).
fn against_aws(
    lim: &Limiter<FakeRelativeClock>,
    clock: &FakeRelativeClock,
    aws: &mut AwsQuota,
    call: Call,
    secs: u64,
) -> (u32, u32) {
    let (mut sent, mut throttled) = (0, 0);
    for _ in 0..secs * 1000 {
        while try_now(lim, call) {
            sent += 1;
            if !aws.admit(now(lim), call) {
                throttled += 1;
            }
        }
        clock.advance(TICK);
    }
    (sent, throttled)
}

#[test]
fn aws_pacing_never_exceeds_the_quota_and_uses_most_of_it() {
    for call in [Call::Normal, Call::Resources] {
        let (lim, clock) = fake(&LoadLimits::aws());
        let mut aws = AwsQuota::of(&LoadLimits::aws());
        let (sent, throttled) = against_aws(&lim, &clock, &mut aws, call, 30);
        assert_eq!(throttled, 0, "{call:?}: {sent} sent");
        // What AWS allows in 30 s from full buckets: 40 + 10/s, GetResources 5 + 2.5/s.
        let allowed = if call == Call::Normal { 340.0 } else { 80.0 };
        assert!(
            f64::from(sent) >= 0.9 * allowed,
            "{call:?}: only {sent} of {allowed}"
        );
    }
}

#[test]
fn the_burst_goes_at_once_then_the_steady_rate() {
    let (lim, clock) = fake(&LoadLimits::aws());
    let at_once = std::iter::from_fn(|| try_now(&lim, Call::Normal).then_some(())).count();
    assert_eq!(at_once, 38, "AWS's burst of 40 less 5% headroom");
    let resources = std::iter::from_fn(|| lim.try_take(Call::Resources).ok()).count();
    assert_eq!(resources, 4, "GetResources' burst of 5 less one");
    // Then 9.5 per second: one every 105.3 ms, 94 in the next 9.999 s.
    assert_eq!(greedy(&lim, &clock, Call::Normal, 10), 94);
}

#[test]
fn unpaced_requests_do_not_leave_every_later_call_a_token_short() {
    // Requests this limiter did not pace (another client's, or SDK retries) take three
    // tokens at 10 s and three at 20 s; a throttled request is retried 200 ms later, also
    // unpaced. At exactly the quota each one would be throttled again and again.
    let (lim, clock) = fake(&LoadLimits::aws());
    let mut aws = AwsQuota::of(&LoadLimits::aws());
    let mut unpaced: Vec<f64> = vec![10.0, 10.0, 10.0, 20.0, 20.0, 20.0];
    let mut throttled = 0;
    for _ in 0..60_000 {
        let t = now(&lim);
        let due = unpaced.iter().filter(|r| **r <= t).count();
        unpaced.retain(|r| *r > t);
        let paced = std::iter::from_fn(|| try_now(&lim, Call::Normal).then_some(())).count();
        for _ in 0..due + paced {
            if !aws.admit(t, Call::Normal) {
                throttled += 1;
                unpaced.push(t + 0.2);
            }
        }
        clock.advance(TICK);
    }
    assert_eq!(throttled, 0, "throttled in a minute");
}

#[test]
fn rate_overrides_keep_get_resources_at_its_share_of_the_quota() {
    let vars = |k: &str| match k {
        "APIGW_MAX_RPS" => Some("20".to_string()),
        "APIGW_BURST" => Some("80".to_string()),
        _ => None,
    };
    let l = LoadLimits::resolve(Pace::Aws, vars).unwrap();
    let (lim, clock) = fake(&l);
    // GetResources at a quarter of 20/s with an eighth of 80 at once: 10 + 5/s.
    let sent = greedy(&lim, &clock, Call::Resources, 30);
    assert!((144..=160).contains(&sent), "{sent} GetResources in 30 s");
}

#[test]
fn unlimited_does_not_hold_back_get_resources() {
    let (lim, clock) = fake(&LoadLimits::unlimited());
    // 95,000 at once and 95,000/s after, like every other call: not one per 400 ms.
    let sent = greedy(&lim, &clock, Call::Resources, 2);
    assert!(sent > 250_000, "{sent} GetResources in 2 s");
}

#[test]
fn a_throttle_halves_the_rate_and_leaves_no_burst() {
    let (lim, clock) = fake(&LoadLimits::aws());
    clock.advance(Duration::from_secs(60));
    assert_eq!(lim.throttled(), Reaction::Slowed(500));
    // 4.75/s from empty buckets (at full speed: 38 at once, then 9.5/s).
    let sent = greedy(&lim, &clock, Call::Normal, 4);
    assert!((18..=20).contains(&sent), "{sent} in 4 s after a throttle");
    let s = lim.stats();
    assert_eq!((s.throttled, s.slowdowns, s.rate), (1, 1, 500));
}

#[test]
fn a_wave_of_throttles_slows_once_and_repeated_ones_slow_further() {
    let (lim, clock) = fake(&LoadLimits::aws());
    for _ in 0..6 {
        lim.throttled(); // the six requests in flight, answered together
    }
    assert_eq!(lim.stats().rate, 500);
    clock.advance(Duration::from_millis(1500));
    lim.throttled();
    let s = lim.stats();
    assert_eq!((s.throttled, s.slowdowns, s.rate), (7, 2, 250));
    let sent = greedy(&lim, &clock, Call::Normal, 4);
    assert!((8..=10).contains(&sent), "{sent} in 4 s at a quarter");
}

#[test]
fn after_a_quiet_period_the_limiter_is_back_at_full_speed() {
    let (lim, clock) = fake(&LoadLimits::aws());
    lim.throttled();
    let slowed = greedy(&lim, &clock, Call::Normal, 2);
    clock.advance(Duration::from_secs(10));
    assert_eq!(lim.stats().rate, 1000);
    let recovered = greedy(&lim, &clock, Call::Normal, 2);
    assert!(
        slowed <= 10 && recovered >= 18,
        "{slowed} then {recovered} in 2 s"
    );
    assert_eq!(lim.stats().slowdowns, 1);
}

#[test]
fn an_unpaced_limiter_falls_back_to_aws_pacing_when_throttled() {
    let (lim, clock) = fake(&LoadLimits::unpaced());
    assert!(greedy(&lim, &clock, Call::Normal, 1) > 10_000);
    assert_eq!(lim.throttled(), Reaction::Capped);
    let mut aws = AwsQuota::of(&LoadLimits::aws());
    aws.total.0 = 0.0; // the unpaced burst emptied the account's bucket
    aws.resources.0 = 0.0;
    aws.at = now(&lim);
    let (sent, throttled) = against_aws(&lim, &clock, &mut aws, Call::Resources, 20);
    assert_eq!(throttled, 0, "{sent} sent");
    assert!(sent >= 40, "{sent} GetResources in 20 s: about AWS's 2.5/s");
    // And it recovers to AWS's quotas, not back to unpaced.
    clock.advance(Duration::from_secs(60));
    let s = lim.stats();
    assert!(s.capped && s.rate == 1000, "{s:?}");
    // AWS's burst (38, refilled while idle) and 10 s at 9.5/s.
    let sent = greedy(&lim, &clock, Call::Normal, 10);
    assert!(sent <= 38 + 95, "{sent} in 10 s");
}

#[tokio::test]
async fn counts_requests_attempts_and_throttles() {
    let l = Limiter::new(&LoadLimits::unlimited());
    l.acquire(Call::Normal).await;
    l.acquire(Call::Resources).await;
    for _ in 0..3 {
        l.attempted();
    }
    l.throttled();
    let s = l.stats();
    assert_eq!((s.sent, s.attempts, s.throttled), (2, 3, 1));
}

#[test]
fn clients_of_one_account_region_and_endpoint_share_one_limiter() {
    let key = |region: &str| LimiterKey {
        profile: Some("limiter-test".into()),
        region: region.into(),
        endpoints: [Some("http://127.0.0.1:1".into()), None],
    };
    let a = shared(key("eu-west-1"), &LoadLimits::aws());
    let b = shared(key("eu-west-1"), &LoadLimits::unpaced());
    let other = shared(key("us-east-1"), &LoadLimits::aws());
    assert!(Arc::ptr_eq(&a, &b), "same account, Region and endpoint");
    assert!(!Arc::ptr_eq(&a, &other), "another Region has its own quota");
    a.throttled();
    assert_eq!(b.stats().throttled, 1, "a throttle slows every user down");
}
