//! aws-config loading: profile, region, endpoint, retries and timeouts, as the AWS CLI
//! resolves them (`--profile`/`AWS_PROFILE`, SSO, env credentials, `--region`/`AWS_REGION`,
//! `--endpoint-url`/`AWS_ENDPOINT_URL`, and the per-service `AWS_ENDPOINT_URL_API_GATEWAY`
//! / `AWS_ENDPOINT_URL_APIGATEWAYV2`, which aws-config reads itself), and the rate limiter
//! the two clients share (ratelimit.rs: paced by endpoint, told of every 429).

use std::sync::Arc;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};

use aws_sdk_apigateway::config::interceptors::{
    BeforeDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
    InterceptorContext,
};
use aws_sdk_apigateway::config::retry::{ClassifyRetry, RetryAction};
use aws_sdk_apigateway::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_apigateway::error::BoxError;
use aws_types::service_config::ServiceConfigKey;

use super::error::ErrorContext;
use super::ratelimit::{self, Limiter, LimiterKey, LoadLimits, Pace};
use crate::config::LiveTarget;
use crate::domain::load::{LoadError, LoadErrorKind};

/// Attempts per request (first try + retries), with exponential backoff on throttling.
pub const MAX_ATTEMPTS: u32 = 5;
/// TCP/TLS connect.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// One attempt (connect + answer).
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);
/// A whole call including retries: nothing waits longer than this.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(60);

/// The two API Gateway clients of one account and region, and the limiter every request
/// to them waits on.
#[derive(Clone, Debug)]
pub struct Clients {
    pub v1: aws_sdk_apigateway::Client,
    pub v2: aws_sdk_apigatewayv2::Client,
    /// For the account id (`None`: clients built elsewhere, e.g. mocks).
    pub sts: Option<aws_sdk_sts::Client>,
    pub cx: ErrorContext,
    /// Shared by everything sent to this account, Region and endpoint (see [`build`]).
    pub limiter: Arc<Limiter>,
}

impl Clients {
    /// Wraps clients built elsewhere (tests with mocked clients), with an unpaced limiter
    /// that no interceptor reports to.
    pub fn from_parts(
        v1: aws_sdk_apigateway::Client,
        v2: aws_sdk_apigatewayv2::Client,
        cx: ErrorContext,
    ) -> Self {
        let limiter = Arc::new(Limiter::new(&LoadLimits::unlimited()));
        Self {
            v1,
            v2,
            sts: None,
            cx,
            limiter,
        }
    }

    /// The same clients waiting on another limiter.
    pub fn with_limiter(self, limiter: Arc<Limiter>) -> Self {
        Self { limiter, ..self }
    }
}

/// Tells the limiter of every attempt and every HTTP 429, retries included (the SDK
/// retries inside `send()`, where the limiter cannot see them otherwise).
#[derive(Debug, Clone)]
pub struct ReportToLimiter(pub Arc<Limiter>);

impl Intercept for ReportToLimiter {
    fn name(&self) -> &'static str {
        "ReportToLimiter"
    }

    fn read_before_transmit(
        &self,
        _ctx: &BeforeTransmitInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.attempted();
        Ok(())
    }

    fn read_before_deserialization(
        &self,
        ctx: &BeforeDeserializationInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if ctx.response().status().as_u16() == 429 {
            self.0.throttled();
        }
        Ok(())
    }
}

/// Classifies any HTTP 429 as throttling (API Gateway sends `TooManyRequestsException`,
/// which the SDK knows; proxies and gateways in between may send a bare 429).
#[derive(Debug, Clone, Copy, Default)]
pub struct Status429IsThrottling;

impl ClassifyRetry for Status429IsThrottling {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        match ctx.response() {
            Some(r) if r.status().as_u16() == 429 => RetryAction::throttling_error(),
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "HTTP 429 is throttling"
    }
}

/// Retry: standard mode (exponential backoff with full jitter per request), 5 attempts.
///
/// Not the SDK's `adaptive` mode: its client-wide rate limiter cuts the send rate to what
/// it measured so far on the first throttling answer and ramps back slowly, so one early
/// 429 stretched a 16-request load from 0.1 s to 10 s (tests/emulator/faults/emulated.rs,
/// `throttling_is_retried_with_backoff_until_the_load_completes`).
/// apigw's own limiter (ratelimit.rs) paces to API Gateway's quotas and adapts to
/// throttling instead: [`ReportToLimiter`] tells it of every 429, retries included.
pub fn retry_config() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(MAX_ATTEMPTS)
        .with_initial_backoff(Duration::from_millis(200))
        .with_max_backoff(Duration::from_secs(10))
}

/// A duration from an environment variable in milliseconds, else the default.
fn env_ms(name: &str, default: Duration) -> Duration {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map(Duration::from_millis)
        .unwrap_or(default)
}

/// Connect, per-attempt and whole-operation timeouts (overridable for tests and slow
/// links: `APIGW_CONNECT_TIMEOUT_MS`, `APIGW_ATTEMPT_TIMEOUT_MS`,
/// `APIGW_OPERATION_TIMEOUT_MS`).
pub fn timeout_config() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(env_ms("APIGW_CONNECT_TIMEOUT_MS", CONNECT_TIMEOUT))
        .operation_attempt_timeout(env_ms("APIGW_ATTEMPT_TIMEOUT_MS", ATTEMPT_TIMEOUT))
        .operation_timeout(env_ms("APIGW_OPERATION_TIMEOUT_MS", OPERATION_TIMEOUT))
        .build()
}

/// Loads the shared AWS config for a target and builds both clients, with the limiter
/// this process shares for the account (profile), Region and endpoints: paced to AWS's
/// quotas unless every endpoint is elsewhere, `APIGW_*` overrides applied (ratelimit.rs).
/// A missing region or a bad `APIGW_PACE` is an error saying what to do.
pub async fn build(target: &LiveTarget) -> Result<Clients, LoadError> {
    let (conf, cx) = load(target).await?;
    let endpoints = endpoints(&conf);
    let pace = Pace::for_endpoints(endpoints.iter().map(Option::as_deref));
    let limits = LoadLimits::from_env_for(pace).map_err(|e| {
        LoadError::new(LoadErrorKind::Other, e)
            .with_hint("set APIGW_PACE=aws (AWS's quotas) or APIGW_PACE=none, or unset it")
    })?;
    let key = LimiterKey {
        profile: cx.profile.clone(),
        region: cx.region.clone().unwrap_or_default(),
        endpoints,
    };
    tracing::debug!(?pace, ?limits, "rate limiter");
    Ok(clients(&conf, cx, ratelimit::shared(key, &limits)))
}

/// Like [`build`], with a limiter of its own at these limits (tests, benchmarks).
pub async fn build_with(target: &LiveTarget, limits: &LoadLimits) -> Result<Clients, LoadError> {
    let (conf, cx) = load(target).await?;
    Ok(clients(&conf, cx, Arc::new(Limiter::new(limits))))
}

/// The endpoint each client sends to (API Gateway, then v2), as the SDK resolves it:
/// `--endpoint-url`, else `AWS_ENDPOINT_URL_<SERVICE>` or the profile's service section,
/// else `AWS_ENDPOINT_URL` or the profile's `endpoint_url`; `None` for AWS's own.
fn endpoints(conf: &SdkConfig) -> [Option<String>; 2] {
    let global = conf.endpoint_url().map(str::to_string);
    if conf.get_origin("endpoint_url").is_client_config() {
        return [global.clone(), global];
    }
    let of = |service: &str| {
        let key = ServiceConfigKey::builder()
            .service_id(service)
            .env("AWS_ENDPOINT_URL")
            .profile("endpoint_url")
            .build()
            .ok()?;
        conf.service_config()?.load_config(key)
    };
    [
        of("API Gateway").or_else(|| global.clone()),
        of("ApiGatewayV2").or(global),
    ]
}

fn clients(conf: &SdkConfig, cx: ErrorContext, limiter: Arc<Limiter>) -> Clients {
    let report = ReportToLimiter(limiter.clone());
    let v1 = aws_sdk_apigateway::config::Builder::from(conf)
        .retry_classifier(Status429IsThrottling)
        .interceptor(report.clone())
        .build();
    let v2 = aws_sdk_apigatewayv2::config::Builder::from(conf)
        .retry_classifier(Status429IsThrottling)
        .interceptor(report)
        .build();
    Clients {
        v1: aws_sdk_apigateway::Client::from_conf(v1),
        v2: aws_sdk_apigatewayv2::Client::from_conf(v2),
        sts: Some(aws_sdk_sts::Client::new(conf)),
        cx,
        limiter,
    }
}

/// The shared AWS config for a target and the context errors are reported in.
async fn load(target: &LiveTarget) -> Result<(SdkConfig, ErrorContext), LoadError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(retry_config())
        .timeout_config(timeout_config());
    if let Some(p) = &target.profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = &target.region {
        loader = loader.region(Region::new(r.clone()));
    }
    // An empty `--endpoint-url ''` means "not set" (the SDK panics on an empty URL).
    if let Some(e) = target
        .endpoint_url
        .as_deref()
        .filter(|e| !e.trim().is_empty())
    {
        loader = loader.endpoint_url(e);
    }
    let conf = loader.load().await;
    let Some(region) = conf.region().map(|r| r.to_string()) else {
        let p = target
            .profile
            .as_deref()
            .map(|p| format!(" --profile {p}"))
            .unwrap_or_default();
        return Err(
            LoadError::new(LoadErrorKind::Other, "no AWS region configured").with_hint(format!(
                "pass --region, set AWS_REGION, or run: aws configure set region eu-west-1{p}"
            )),
        );
    };
    tracing::debug!(region, profile = ?target.profile, endpoint = ?target.endpoint_url, "aws config loaded");
    let cx = ErrorContext {
        profile: target
            .profile
            .clone()
            .or_else(|| std::env::var("AWS_PROFILE").ok()),
        region: Some(region),
        endpoint: target
            .endpoint_url
            .clone()
            .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok()),
    };
    Ok((conf, cx))
}
