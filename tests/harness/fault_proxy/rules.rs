//! The fault proxy's rules, schedules, request log and the shared handle that holds them.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::http::HttpRequest;

/// What the proxy does to a request instead of (or before) forwarding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 429 `TooManyRequestsException`, as API Gateway's control plane throttles.
    Throttle,
    /// This 5xx status with an AWS-style error body.
    ServerError(u16),
    /// Close the connection with a TCP reset, no answer.
    Reset,
    /// Wait this long, then go on (delays add up; later rules still apply).
    Delay(Duration),
    /// Never answer (the connection stays open until the proxy is dropped).
    Hang,
    /// 403 `InvalidSignatureException` whose message echoes the canonical request with the
    /// request's own `X-Amz-Security-Token` and `Authorization` values, as AWS does.
    SignatureMismatch,
    /// Forward the request (the upstream acts on it), then reset the connection instead of
    /// answering: a mutation that took effect although the client saw only an error.
    DropAnswer,
    /// Answer this status with this body (`application/json`) instead of forwarding:
    /// garbage, truncated or wrongly shaped JSON.
    Body(u16, String),
}

/// When a rule fires, counted over the requests its filter matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    Always,
    /// The first n matching requests.
    FirstN(u32),
    /// The n-th, 2n-th, … matching request.
    EveryNth(u32),
    /// Every matching request after the first n.
    AfterN(u32),
    /// With this chance in 1000, drawn from the proxy's seeded RNG.
    PerMille(u32),
}

/// A fault, when it fires, and which requests it applies to.
#[derive(Debug, Clone)]
pub struct Rule {
    pub fault: Fault,
    pub schedule: Schedule,
    /// Only requests whose target (path + query) contains this.
    pub path_contains: Option<String>,
    /// Only requests with this method.
    pub method: Option<String>,
    seen: u32,
}

impl Rule {
    pub fn new(fault: Fault, schedule: Schedule) -> Self {
        Self {
            fault,
            schedule,
            path_contains: None,
            method: None,
            seen: 0,
        }
    }

    pub fn on_path(mut self, part: &str) -> Self {
        self.path_contains = Some(part.to_string());
        self
    }

    pub fn on_method(mut self, method: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    fn matches(&self, method: &str, target: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method)
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| target.contains(p))
    }

    fn fires(&mut self, rng: &mut u64) -> bool {
        self.seen += 1;
        match self.schedule {
            Schedule::Always => true,
            Schedule::FirstN(n) => self.seen <= n,
            Schedule::EveryNth(n) => n > 0 && self.seen % n == 0,
            Schedule::AfterN(n) => self.seen > n,
            Schedule::PerMille(p) => (splitmix(rng) % 1000) < u64::from(p),
        }
    }
}

/// How the proxy behaves once `die_after` is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DieMode {
    /// Accept and read requests but never answer (a black hole: tests timeouts).
    Hang,
    /// Close every connection without an answer.
    Close,
}

/// What happened to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Forwarded; the upstream's status.
    Forwarded(u16),
    /// The upstream could not be reached or answered garbage (502 sent).
    UpstreamFailed,
    Throttled,
    ServerError(u16),
    SignatureMismatch,
    /// Forwarded (the upstream answered this status), answer dropped, connection reset.
    AnswerDropped(u16),
    /// A [`Fault::Body`] answer with this status.
    Body(u16),
    Reset,
    Hung,
    Closed,
}

/// One request as the proxy saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    pub method: String,
    /// Path and query as sent.
    pub target: String,
    /// POST, PUT, PATCH or DELETE.
    pub mutating: bool,
    pub outcome: Outcome,
    /// The sum of the [`Fault::Delay`]s that fired for it.
    pub delay: Duration,
    /// From reading the request to having its answer (or fault) ready: delays included.
    pub held: Duration,
}

impl LoggedRequest {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// Admits or throttles each request that no rule answered (e.g. a quota, quota_proxy.rs).
pub trait Gate: Send + Sync {
    /// False: answer 429 `TooManyRequestsException` instead of forwarding.
    fn admit(&self, method: &str, target: &str) -> bool;
}

#[derive(Default, Clone)]
struct GateSlot(Option<Arc<dyn Gate>>);

impl std::fmt::Debug for GateSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Gate" } else { "NoGate" })
    }
}

#[derive(Debug, Default)]
struct State {
    rules: Vec<Rule>,
    die_after: Option<(usize, DieMode)>,
    rng: u64,
    log: Vec<LoggedRequest>,
    gate: GateSlot,
}

/// What to do with one request.
pub(super) struct Decision {
    pub delay: Duration,
    pub fault: Option<Fault>,
    pub die: Option<DieMode>,
}

/// Shared, cloneable control of a running proxy.
#[derive(Debug, Clone, Default)]
pub struct FaultHandle {
    state: Arc<Mutex<State>>,
}

impl FaultHandle {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds a rule (rules are tried in order; the first non-delay fault that fires wins).
    pub fn add(&self, rule: Rule) {
        self.lock().rules.push(rule);
    }

    /// Removes every rule and `die_after`: the proxy forwards faithfully again.
    pub fn clear(&self) {
        let mut s = self.lock();
        s.rules.clear();
        s.die_after = None;
    }

    /// Puts a gate behind the rules: requests it refuses are throttled.
    pub fn set_gate(&self, gate: Arc<dyn Gate>) {
        self.lock().gate = GateSlot(Some(gate));
    }

    /// Seeds the RNG used by [`Schedule::PerMille`].
    pub fn seed(&self, seed: u64) {
        self.lock().rng = seed;
    }

    /// After `n` requests have been logged, stop answering.
    pub fn die_after(&self, n: usize, mode: DieMode) {
        self.lock().die_after = Some((n, mode));
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.lock().log.clone()
    }

    pub fn count(&self) -> usize {
        self.lock().log.len()
    }

    /// Requests with a mutating method (POST, PUT, PATCH, DELETE), except STS's
    /// GetCallerIdentity (a read sent as a POST).
    pub fn mutating(&self) -> Vec<LoggedRequest> {
        self.lock()
            .log
            .iter()
            .filter(|r| r.mutating)
            .cloned()
            .collect()
    }

    /// Requests that got this outcome.
    pub fn count_outcome(&self, outcome: &Outcome) -> usize {
        self.lock()
            .log
            .iter()
            .filter(|r| &r.outcome == outcome)
            .count()
    }

    pub fn clear_log(&self) {
        self.lock().log.clear();
    }

    pub(super) fn decide(&self, method: &str, target: &str) -> Decision {
        let mut s = self.lock();
        let State {
            rules,
            die_after,
            rng,
            log,
            gate,
        } = &mut *s;
        if let Some((n, mode)) = *die_after {
            if log.len() >= n {
                return Decision {
                    delay: Duration::ZERO,
                    fault: None,
                    die: Some(mode),
                };
            }
        }
        let mut delay = Duration::ZERO;
        for rule in rules.iter_mut().filter(|r| r.matches(method, target)) {
            if !rule.fires(rng) {
                continue;
            }
            match &rule.fault {
                Fault::Delay(d) => delay += *d,
                other => {
                    return Decision {
                        delay,
                        fault: Some(other.clone()),
                        die: None,
                    }
                }
            }
        }
        let refused = gate.0.as_ref().is_some_and(|g| !g.admit(method, target));
        Decision {
            delay,
            fault: refused.then_some(Fault::Throttle),
            die: None,
        }
    }

    pub(super) fn record(
        &self,
        req: &HttpRequest,
        outcome: Outcome,
        delay: Duration,
        held: Duration,
    ) {
        let method = req.method.clone();
        // STS answers GetCallerIdentity (a read: the account id) to a POST of a form.
        let sts_read = method == "POST"
            && req.target == "/"
            && String::from_utf8_lossy(&req.body).contains("Action=GetCallerIdentity");
        let mutating = matches!(method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE") && !sts_read;
        self.lock().log.push(LoggedRequest {
            method,
            target: req.target.clone(),
            mutating,
            outcome,
            delay,
            held,
        });
    }
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
