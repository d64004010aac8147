//! The adaptive rate as a pure state machine over explicit instants (time since the
//! limiter started), so its behaviour is tested without a clock.
//!
//! AIMD, as TCP: a throttle halves the rate (multiplicative decrease, never below
//! [`FLOOR`]); throttles within [`HOLD`] of the decrease are the same congestion event
//! (requests already in flight, and the SDK's retries of them) and only restart the quiet
//! period; after [`QUIET`] without a throttle the rate climbs back by [`STEP`] each
//! [`STEP_EVERY`] (additive increase) up to the full rate. A limiter whose base rate is
//! faster than AWS's quotas (unpaced, for an emulator) reacts to its first throttle by
//! capping its base to AWS's quotas instead of halving: the endpoint throttles, so it is AWS
//! or emulates it.

use std::time::Duration;

/// The full base rate, in thousandths.
pub const FULL: u32 = 1000;
/// The slowest the limiter goes: 1/20 of the base rate (0.5 requests/s under AWS pacing).
pub const FLOOR: u32 = 50;
/// Throttles closer than this to the last decrease are the same event.
pub const HOLD: Duration = Duration::from_secs(1);
/// Time without a throttle before the rate climbs again.
pub const QUIET: Duration = Duration::from_secs(5);
/// How much the rate climbs per [`STEP_EVERY`] (a tenth of the base rate).
pub const STEP: u32 = 100;
/// See [`STEP`].
pub const STEP_EVERY: Duration = Duration::from_secs(1);

/// What a throttle did to the rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reaction {
    /// A new event: the rate is now this many thousandths of the base.
    Slowed(u32),
    /// A new event for a limiter faster than AWS: its base is now AWS's quotas.
    Capped,
    /// Part of the last event: the rate stays, the quiet period starts again.
    Held,
}

/// The adaptive state of one limiter.
#[derive(Debug, Clone)]
pub struct Adaptive {
    /// The first new event caps the base to AWS's quotas instead of halving.
    cap_first: bool,
    capped: bool,
    /// The rate (thousandths) set by the last throttle.
    after_throttle: u32,
    last_throttle: Option<Duration>,
    /// When the last new event (decrease or cap) happened.
    last_event: Option<Duration>,
    throttles: u64,
    slowdowns: u64,
}

impl Adaptive {
    /// A full-rate state; `cap_first` for a base faster than AWS's quotas.
    pub fn new(cap_first: bool) -> Self {
        Self {
            cap_first,
            capped: false,
            after_throttle: FULL,
            last_throttle: None,
            last_event: None,
            throttles: 0,
            slowdowns: 0,
        }
    }

    /// The rate at `now`, in thousandths of the (possibly capped) base.
    pub fn rate_at(&self, now: Duration) -> u32 {
        let Some(last) = self.last_throttle else {
            return FULL;
        };
        let quiet = now.saturating_sub(last);
        if quiet < QUIET {
            return self.after_throttle;
        }
        let steps = 1 + (quiet - QUIET).as_nanos() / STEP_EVERY.as_nanos();
        let climbed = u128::from(self.after_throttle) + steps * u128::from(STEP);
        climbed.min(u128::from(FULL)) as u32
    }

    /// A throttle answered at `now`.
    pub fn throttled(&mut self, now: Duration) -> Reaction {
        let current = self.rate_at(now);
        self.throttles += 1;
        self.last_throttle = Some(self.last_throttle.map_or(now, |t| t.max(now)));
        let same_event = self
            .last_event
            .is_some_and(|e| now.saturating_sub(e) < HOLD);
        if same_event {
            self.after_throttle = current;
            return Reaction::Held;
        }
        self.last_event = Some(now);
        self.slowdowns += 1;
        if self.cap_first && !self.capped {
            self.capped = true;
            self.after_throttle = FULL;
            return Reaction::Capped;
        }
        self.after_throttle = (current / 2).max(FLOOR);
        Reaction::Slowed(self.after_throttle)
    }

    /// True once the base has been capped to AWS's quotas.
    pub fn capped(&self) -> bool {
        self.capped
    }

    /// Throttles reported so far.
    pub fn throttles(&self) -> u64 {
        self.throttles
    }

    /// Throttles that slowed the limiter down (new events).
    pub fn slowdowns(&self) -> u64 {
        self.slowdowns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    #[test]
    fn a_throttle_halves_the_rate_down_to_the_floor() {
        let mut a = Adaptive::new(false);
        assert_eq!(a.rate_at(s(0.0)), FULL);
        let mut rates = Vec::new();
        for i in 0..6 {
            a.throttled(s(f64::from(i) * 1.5));
            rates.push(a.rate_at(s(f64::from(i) * 1.5)));
        }
        assert_eq!(rates, [500, 250, 125, 62, 50, 50]);
        assert_eq!((a.throttles(), a.slowdowns()), (6, 6));
    }

    #[test]
    fn throttles_within_the_hold_are_one_event() {
        let mut a = Adaptive::new(false);
        assert_eq!(a.throttled(s(10.0)), Reaction::Slowed(500));
        // The rest of the wave that was in flight, and the SDK's retries of it.
        for t in [10.0, 10.2, 10.9] {
            assert_eq!(a.throttled(s(t)), Reaction::Held, "{t}");
        }
        assert_eq!(a.rate_at(s(10.95)), 500);
        assert_eq!(a.throttled(s(11.0)), Reaction::Slowed(250));
        assert_eq!((a.throttles(), a.slowdowns()), (5, 2));
    }

    #[test]
    fn the_rate_climbs_back_after_a_quiet_period() {
        let mut a = Adaptive::new(false);
        a.throttled(s(0.0));
        a.throttled(s(1.0));
        assert_eq!(a.rate_at(s(1.0)), 250);
        // Quiet for 5 s after the last throttle, then +10% of the base each second.
        assert_eq!(a.rate_at(s(5.99)), 250);
        assert_eq!(a.rate_at(s(6.0)), 350);
        assert_eq!(a.rate_at(s(7.5)), 450);
        assert_eq!(a.rate_at(s(13.0)), FULL);
        assert_eq!(a.rate_at(s(1000.0)), FULL);
    }

    #[test]
    fn a_throttle_while_climbing_restarts_from_the_current_rate() {
        let mut a = Adaptive::new(false);
        a.throttled(s(0.0));
        assert_eq!(a.rate_at(s(7.0)), 800);
        // A new event (the last one was 7 s ago) halves what the rate had climbed to.
        assert_eq!(a.throttled(s(7.0)), Reaction::Slowed(400));
        // And the quiet period counts from this throttle.
        assert_eq!(a.rate_at(s(11.9)), 400);
        assert_eq!(a.rate_at(s(12.0)), 500);
    }

    #[test]
    fn a_held_throttle_freezes_the_climb_and_restarts_the_quiet_period() {
        let mut a = Adaptive::new(false);
        a.throttled(s(0.0));
        a.throttled(s(0.5)); // held
        assert_eq!(
            a.rate_at(s(5.4)),
            500,
            "quiet counts from the held throttle"
        );
        assert_eq!(a.rate_at(s(5.5)), 600);
    }

    #[test]
    fn an_unpaced_limiter_caps_to_aws_on_its_first_event_then_halves() {
        let mut a = Adaptive::new(true);
        assert_eq!(a.throttled(s(0.0)), Reaction::Capped);
        assert!(a.capped());
        assert_eq!(a.rate_at(s(0.5)), FULL, "full AWS pacing, not half of it");
        assert_eq!(a.throttled(s(0.5)), Reaction::Held);
        assert_eq!(a.throttled(s(2.0)), Reaction::Slowed(500));
        // Capping is for good: recovery climbs back to AWS's quotas, not past them.
        assert_eq!(a.rate_at(s(60.0)), FULL);
        assert!(a.capped());
    }
}
