//! How fast a load may go: AWS's quotas, the pacing rule by endpoint, and the environment
//! overrides (`APIGW_PACE`, `APIGW_MAX_RPS`, `APIGW_BURST`, `APIGW_CONCURRENCY`).

use std::time::Duration;

/// Total control-plane operations per second per account.
pub const AWS_TOTAL_RPS: u32 = 10;
/// Total control-plane burst per account.
pub const AWS_TOTAL_BURST: u32 = 40;
/// GetResources: 5 requests every 2 seconds, i.e. one token every 400 ms.
pub const AWS_GET_RESOURCES_PERIOD: Duration = Duration::from_millis(400);
/// GetResources burst (5 requests at once, then one every 400 ms).
pub const AWS_GET_RESOURCES_BURST: u32 = 5;
/// Parts fetched at the same time unless `APIGW_CONCURRENCY` says otherwise.
pub const DEFAULT_CONCURRENCY: usize = 6;

/// The shortest period between tokens (governor needs a non-zero one).
pub(super) const MIN_PERIOD: Duration = Duration::from_micros(1);
/// The rate and burst that stand for "no pacing".
const UNPACED: u32 = 100_000;

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

/// AWS's quotas (see [`LoadLimits::aws`]).
impl Default for LoadLimits {
    fn default() -> Self {
        Self::aws()
    }
}

/// Whether a load is paced to AWS's quotas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// At API Gateway's documented control-plane quotas (with headroom).
    Aws,
    /// Not paced (an emulator); the limiter still slows down when throttled.
    None,
}

impl Pace {
    /// `aws` or `none` (`APIGW_PACE`), case-insensitive.
    pub fn parse(s: &str) -> Option<Pace> {
        match s.trim().to_ascii_lowercase().as_str() {
            "aws" => Some(Pace::Aws),
            "none" => Some(Pace::None),
            _ => None,
        }
    }

    /// The pace for clients sending to these endpoints (`None` = the SDK's default, i.e.
    /// AWS): AWS's quotas when any of them is AWS, no pacing when every one is elsewhere.
    pub fn for_endpoints<'a>(endpoints: impl IntoIterator<Item = Option<&'a str>>) -> Pace {
        let aws = |e: Option<&str>| e.is_none_or(is_aws_endpoint);
        if endpoints.into_iter().any(aws) {
            Pace::Aws
        } else {
            Pace::None
        }
    }
}

/// True for an endpoint URL on AWS's domains (`*.amazonaws.com`, `*.amazonaws.com.cn`,
/// `*.api.aws`), and for anything that is not a URL with a host (it cannot be shown to be
/// elsewhere, so it gets AWS's pacing).
pub fn is_aws_endpoint(endpoint: &str) -> bool {
    let Some(host) = url::Url::parse(endpoint.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
    else {
        return true;
    };
    let host = host.trim_end_matches('.');
    ["amazonaws.com", "amazonaws.com.cn", "api.aws"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

/// GetResources period for a total rate: a quarter of it (10/s → one every 400 ms).
pub(super) fn resources_period_for(rps: u32) -> Duration {
    Duration::from_micros(4_000_000 / u64::from(rps.max(1))).max(MIN_PERIOD)
}

/// GetResources burst for a total burst: an eighth of it (40 → 5).
pub(super) fn resources_burst_for(burst: u32) -> u32 {
    (burst / 8).max(1)
}

impl LoadLimits {
    /// API Gateway's control-plane quotas: 10 requests/s, burst 40; GetResources 5 per 2 s.
    pub fn aws() -> Self {
        Self {
            concurrency: DEFAULT_CONCURRENCY,
            rps: AWS_TOTAL_RPS,
            burst: AWS_TOTAL_BURST,
            resources_period: AWS_GET_RESOURCES_PERIOD,
            resources_burst: AWS_GET_RESOURCES_BURST,
        }
    }

    /// No pacing (an emulator), the default concurrency.
    pub fn unpaced() -> Self {
        Self {
            concurrency: DEFAULT_CONCURRENCY,
            ..Self::unlimited()
        }
    }

    /// No pacing and a wider load (tests against mocks).
    pub fn unlimited() -> Self {
        Self {
            concurrency: 8,
            rps: UNPACED,
            burst: UNPACED,
            resources_period: MIN_PERIOD,
            resources_burst: UNPACED,
        }
    }

    /// The limits for a pace.
    pub fn for_pace(pace: Pace) -> Self {
        match pace {
            Pace::Aws => Self::aws(),
            Pace::None => Self::unpaced(),
        }
    }

    /// AWS's quotas with the environment's overrides, for callers that do not know the
    /// endpoint (prefer the limiter `Clients` carries: it follows the endpoint).
    /// Unparsable values are ignored.
    pub fn from_env() -> Self {
        Self::resolve(Pace::Aws, |k| std::env::var(k).ok()).unwrap_or_else(|_| Self::aws())
    }

    /// The limits for clients whose endpoints call for `by_endpoint`, with the process
    /// environment's overrides (see [`LoadLimits::resolve`]).
    pub fn from_env_for(by_endpoint: Pace) -> Result<Self, String> {
        Self::resolve(by_endpoint, |k| std::env::var(k).ok())
    }

    /// `APIGW_PACE` (`aws`/`none`) replaces the pace the endpoint calls for; then
    /// `APIGW_MAX_RPS` and `APIGW_BURST` replace the rate and burst (GetResources keeps its
    /// ratio to them: a quarter of the rate, an eighth of the burst) and `APIGW_CONCURRENCY`
    /// (1–64) the width. Unparsable numbers are ignored; an unknown `APIGW_PACE` is an error.
    pub fn resolve(
        by_endpoint: Pace,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        let pace = match env("APIGW_PACE").filter(|v| !v.trim().is_empty()) {
            Some(v) => Pace::parse(&v)
                .ok_or_else(|| format!("APIGW_PACE must be aws or none, not {:?}", v.trim()))?,
            None => by_endpoint,
        };
        let num = |k: &str| env(k).and_then(|v| v.trim().parse::<u32>().ok());
        let mut l = Self::for_pace(pace);
        if let Some(v) = num("APIGW_MAX_RPS").filter(|v| *v > 0) {
            l.rps = v;
            l.resources_period = resources_period_for(v);
        }
        if let Some(v) = num("APIGW_BURST").filter(|v| *v > 0) {
            l.burst = v;
            l.resources_burst = resources_burst_for(v);
        }
        if let Some(v) = num("APIGW_CONCURRENCY").filter(|v| (1..=64).contains(v)) {
            l.concurrency = v as usize;
        }
        Ok(l)
    }

    /// True when any rate or burst allows more than AWS's quotas.
    pub fn faster_than_aws(&self) -> bool {
        self.rps > AWS_TOTAL_RPS
            || self.burst > AWS_TOTAL_BURST
            || self.resources_period < AWS_GET_RESOURCES_PERIOD
            || self.resources_burst > AWS_GET_RESOURCES_BURST
    }

    /// These limits, no faster than AWS's quotas (what a limiter falls back to when an
    /// endpoint it did not pace for throttles).
    pub fn capped_to_aws(&self) -> Self {
        Self {
            concurrency: self.concurrency,
            rps: self.rps.min(AWS_TOTAL_RPS),
            burst: self.burst.min(AWS_TOTAL_BURST),
            resources_period: self.resources_period.max(AWS_GET_RESOURCES_PERIOD),
            resources_burst: self.resources_burst.min(AWS_GET_RESOURCES_BURST),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn aws_endpoints_are_recognised_by_their_domain() {
        for e in [
            "https://apigateway.eu-west-1.amazonaws.com",
            "https://apigateway.cn-north-1.amazonaws.com.cn/",
            "https://apigateway-fips.us-gov-west-1.amazonaws.com",
            "https://vpce-0abc.apigateway.us-east-1.vpce.amazonaws.com",
            "https://apigateway.us-east-1.api.aws",
            "HTTPS://APIGATEWAY.US-EAST-1.AMAZONAWS.COM.",
            "not a url",
        ] {
            assert!(is_aws_endpoint(e), "{e}");
        }
        for e in [
            "http://127.0.0.1:5000",
            "http://localhost:4566",
            "http://[::1]:4566",
            "https://amazonaws.com.evil.example",
            "https://notamazonaws.com",
            "https://gateway.corp.example/amazonaws.com",
        ] {
            assert!(!is_aws_endpoint(e), "{e}");
        }
    }

    #[test]
    fn the_sdk_default_or_any_aws_endpoint_is_paced_like_aws() {
        assert_eq!(Pace::for_endpoints([None, None]), Pace::Aws);
        let moto = Some("http://127.0.0.1:5000");
        assert_eq!(Pace::for_endpoints([moto, moto]), Pace::None);
        // One of the two clients still talks to AWS: its quota is the account's.
        assert_eq!(Pace::for_endpoints([moto, None]), Pace::Aws);
        let aws = Some("https://apigateway.eu-west-1.amazonaws.com");
        assert_eq!(Pace::for_endpoints([aws, moto]), Pace::Aws);
    }

    #[test]
    fn apigw_pace_overrides_what_the_endpoint_calls_for() {
        let none = LoadLimits::resolve(Pace::Aws, env(&[("APIGW_PACE", "None")])).unwrap();
        assert!(none.faster_than_aws(), "{none:?}");
        let aws = LoadLimits::resolve(Pace::None, env(&[("APIGW_PACE", "aws")])).unwrap();
        assert_eq!(aws, LoadLimits::aws());
        let by_endpoint = LoadLimits::resolve(Pace::None, env(&[("APIGW_PACE", " ")])).unwrap();
        assert_eq!(by_endpoint, LoadLimits::unpaced());
        let err = LoadLimits::resolve(Pace::Aws, env(&[("APIGW_PACE", "fast")])).unwrap_err();
        assert!(err.contains("aws or none") && err.contains("fast"), "{err}");
    }

    #[test]
    fn rate_and_burst_overrides_apply_on_top_of_either_pace() {
        let vars = [
            ("APIGW_MAX_RPS", "20"),
            ("APIGW_BURST", "80"),
            ("APIGW_CONCURRENCY", "3"),
        ];
        for pace in [Pace::Aws, Pace::None] {
            let l = LoadLimits::resolve(pace, env(&vars)).unwrap();
            assert_eq!((l.rps, l.burst, l.concurrency), (20, 80, 3), "{pace:?}");
        }
        let junk = [("APIGW_MAX_RPS", "fast"), ("APIGW_CONCURRENCY", "999")];
        assert_eq!(
            LoadLimits::resolve(Pace::Aws, env(&junk)).unwrap(),
            LoadLimits::aws()
        );
    }

    #[test]
    fn capping_an_unpaced_limit_gives_aws_quotas_and_keeps_slower_ones() {
        assert_eq!(LoadLimits::unpaced().capped_to_aws(), LoadLimits::aws());
        let slow = LoadLimits {
            rps: 2,
            burst: 4,
            ..LoadLimits::aws()
        };
        assert!(!slow.faster_than_aws());
        assert_eq!(slow.capped_to_aws(), slow);
    }
}
