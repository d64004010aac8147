//! API keys, usage plans and a resource policy seeded in moto's server, read back with
//! `apigw::aws::keys` and the REST API conversion, then judged by the router: a disabled
//! key, a key in no plan for the stage and a denied caller give the section 9/10 verdicts
//! from configuration that really went through the SDK.

use crate::harness::Moto;
use aws_sdk_apigateway::types::{ApiStage, IntegrationType, QuotaSettings, ThrottleSettings};

use apigw::aws::client::{self, Clients};
use apigw::aws::keys::{api_keys, usage_plans};
use apigw::aws::ratelimit::{Limiter, LoadLimits};
use apigw::domain::model::{Inventory, QuotaPeriod};
use apigw::domain::policy::parse;
use apigw::domain::routing::{evaluate, CallerContext, MatchContext, Reason, Request};

const GOOD: &str = "moto-good-key-value-000001";
const OFF: &str = "moto-disabled-key-value-02";
const LOOSE: &str = "moto-loose-key-value-00003";

const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}"#;

struct Seeded {
    api: String,
    good: String,
    off: String,
    loose: String,
    plan: String,
}

async fn seed(moto: &Moto) -> Seeded {
    let v1 = moto.rest_client();
    let api = v1
        .create_rest_api()
        .name("keyed-api")
        .policy(POLICY)
        .send()
        .await
        .unwrap();
    let id = api.id().unwrap().to_string();
    let root = v1
        .get_resources()
        .rest_api_id(&id)
        .send()
        .await
        .unwrap()
        .items()[0]
        .id()
        .unwrap()
        .to_string();
    let res = v1
        .create_resource()
        .rest_api_id(&id)
        .parent_id(&root)
        .path_part("orders")
        .send()
        .await
        .unwrap();
    let rid = res.id().unwrap();
    v1.put_method()
        .rest_api_id(&id)
        .resource_id(rid)
        .http_method("GET")
        .authorization_type("NONE")
        .api_key_required(true)
        .send()
        .await
        .unwrap();
    v1.put_integration()
        .rest_api_id(&id)
        .resource_id(rid)
        .http_method("GET")
        .r#type(IntegrationType::Mock)
        .send()
        .await
        .unwrap();
    v1.create_deployment()
        .rest_api_id(&id)
        .stage_name("prod")
        .send()
        .await
        .unwrap();
    let key = |name: &'static str, value: &'static str, enabled: bool| {
        let v1 = v1.clone();
        async move {
            v1.create_api_key()
                .name(name)
                .value(value)
                .enabled(enabled)
                .send()
                .await
                .unwrap()
                .id()
                .unwrap()
                .to_string()
        }
    };
    let good = key("partner", GOOD, true).await;
    let off = key("old-partner", OFF, false).await;
    let loose = key("tester", LOOSE, true).await;
    let plan = v1
        .create_usage_plan()
        .name("gold")
        .api_stages(
            ApiStage::builder()
                .api_id(&id)
                .stage("prod")
                .throttle(
                    "/orders/GET",
                    ThrottleSettings::builder()
                        .burst_limit(5)
                        .rate_limit(2.0)
                        .build(),
                )
                .build(),
        )
        .throttle(
            ThrottleSettings::builder()
                .burst_limit(20)
                .rate_limit(10.0)
                .build(),
        )
        .quota(
            QuotaSettings::builder()
                .limit(1000)
                .period(aws_sdk_apigateway::types::QuotaPeriodType::Day)
                .build(),
        )
        .send()
        .await
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    for k in [&good, &off] {
        v1.create_usage_plan_key()
            .usage_plan_id(&plan)
            .key_id(k)
            .key_type("API_KEY")
            .send()
            .await
            .unwrap();
    }
    Seeded {
        api: id,
        good,
        off,
        loose,
        plan,
    }
}

async fn clients(moto: &Moto) -> Clients {
    moto.set_process_env();
    client::build(&moto.live_target())
        .await
        .unwrap_or_else(|e| panic!("clients: {e}"))
}

#[tokio::test]
async fn keys_plans_and_a_policy_round_trip_through_moto() {
    let moto = Moto::start();
    let s = seed(&moto).await;
    let c = clients(&moto).await;
    let lim = Limiter::new(&LoadLimits::unlimited());

    let keys = api_keys(&c, &lim).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(keys.len(), 3, "{keys:?}");
    let by_id = |id: &str| keys.iter().find(|k| k.id == id).unwrap();
    let (good, off, loose) = (by_id(&s.good), by_id(&s.off), by_id(&s.loose));
    assert_eq!((good.name.as_str(), good.enabled), ("partner", true));
    assert_eq!((off.name.as_str(), off.enabled), ("old-partner", false));
    assert!(loose.enabled);
    for (k, v) in [(good, GOOD), (off, OFF), (loose, LOOSE)] {
        assert!(
            k.value.as_ref().is_some_and(|x| x.matches(v)),
            "value of {} read",
            k.id
        );
    }
    assert!(
        !format!("{keys:?}").contains(GOOD),
        "Debug shows a key value"
    );

    let plans = usage_plans(&c, &lim)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plans.len(), 1, "{plans:?}");
    let p = &plans[0];
    assert_eq!((p.id.as_str(), p.name.as_str()), (s.plan.as_str(), "gold"));
    assert!(p.covers(&s.api, "prod") && !p.covers(&s.api, "dev"));
    let mut want = vec![s.good.clone(), s.off.clone()];
    want.sort();
    assert_eq!(p.key_ids, want);
    let t = p.throttle.unwrap();
    assert_eq!((t.burst_limit, t.rate_limit), (Some(20), Some(10.0)));
    let q = p.quota.unwrap();
    assert_eq!((q.limit, q.period), (Some(1000), QuotaPeriod::Day));
    let over = p.api_stages[0].throttle.get("/orders/GET").copied();
    assert_eq!(over.and_then(|t| t.burst_limit), Some(5));

    let apis = apigw::aws::rest_v1::rest_apis(&c, &lim).await.unwrap();
    let api = apis.iter().find(|a| a.id == s.api).unwrap();
    let text = api
        .policy
        .as_deref()
        .expect("the policy is read with the REST API");
    let parsed = parse(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(parsed.statements.len(), 2);
}

#[tokio::test]
async fn verdicts_from_keys_plans_and_a_policy_loaded_from_moto() {
    let moto = Moto::start();
    let s = seed(&moto).await;
    let c = clients(&moto).await;
    let lim = Limiter::new(&LoadLimits::unlimited());
    let report = apigw::aws::load_report(&moto.live_target()).await;
    let mut inv: Inventory = report.inventory;
    inv.api_keys = api_keys(&c, &lim).await.unwrap();
    inv.usage_plans = usage_plans(&c, &lim).await.unwrap();
    let url = format!(
        "https://{}.execute-api.us-east-1.amazonaws.com/prod/orders",
        s.api
    );
    let inside = MatchContext {
        caller: CallerContext {
            source_ip: "10.1.2.3".parse().ok(),
            ..CallerContext::default()
        },
        ..MatchContext::default()
    };
    let with = |value: &str, ctx: &MatchContext| {
        evaluate(
            &inv,
            &Request::new("GET", &url).with_header("x-api-key", value),
            ctx,
        )
    };
    let v = with(GOOD, &inside);
    assert_eq!(v.reason, Reason::Matched, "{}", v.explanation);
    assert_eq!(with(OFF, &inside).reason, Reason::ApiKeyDisabled);
    assert_eq!(with(LOOSE, &inside).reason, Reason::ApiKeyNotInPlan);
    assert_eq!(
        with("no-such-key-value", &inside).reason,
        Reason::ApiKeyUnknown
    );
    let outside = MatchContext {
        caller: CallerContext {
            source_ip: "203.0.113.5".parse().ok(),
            ..CallerContext::default()
        },
        ..MatchContext::default()
    };
    let v = with(GOOD, &outside);
    assert_eq!(v.reason, Reason::PolicyDenied, "{}", v.explanation);
    assert_eq!(v.error_type.as_deref(), Some("AccessDeniedException"));
}
