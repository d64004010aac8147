//! `apigw probe` end to end against MiniStack, which serves execute-api invocations: the
//! prediction is read live from MiniStack's control plane, the request goes to its data
//! plane through `--connect-to` with the custom domain's `Host` (MiniStack 1.5.33 matches
//! host-based execute-api URLs only for `{id}.execute-api.localhost`, while a registered
//! custom domain is matched by its name, so the URL here is the domain's).
//!
//! MiniStack serves a REST API's working tree rather than the stage's deployment: a
//! resource added after the deployment answers 200 there, where AWS (and apigw's
//! prediction) says `not_deployed`. That case is used as the disagreeing one — the
//! emulator is the one that is wrong, and probe shows exactly that.

use crate::harness::MiniStack;
use aws_sdk_apigateway::types::{EndpointConfiguration, EndpointType, IntegrationType};
use serde_json::Value;

const DOMAIN: &str = "api.probe.test";

async fn get_with_mock(ms: &MiniStack, api: &str, parent: &str, part: &str) -> String {
    let v1 = ms.rest_client();
    let rid = v1
        .create_resource()
        .rest_api_id(api)
        .parent_id(parent)
        .path_part(part)
        .send()
        .await
        .unwrap_or_else(|e| panic!("create_resource {part}: {e:?}"))
        .id()
        .expect("resource id")
        .to_string();
    v1.put_method()
        .rest_api_id(api)
        .resource_id(&rid)
        .http_method("GET")
        .authorization_type("NONE")
        .send()
        .await
        .unwrap();
    v1.put_integration()
        .rest_api_id(api)
        .resource_id(&rid)
        .http_method("GET")
        .r#type(IntegrationType::Mock)
        .request_templates("application/json", r#"{"statusCode": 200}"#)
        .send()
        .await
        .unwrap();
    v1.put_method_response()
        .rest_api_id(api)
        .resource_id(&rid)
        .http_method("GET")
        .status_code("200")
        .send()
        .await
        .unwrap();
    v1.put_integration_response()
        .rest_api_id(api)
        .resource_id(&rid)
        .http_method("GET")
        .status_code("200")
        .response_templates("application/json", r#"{"ok": true}"#)
        .send()
        .await
        .unwrap();
    rid
}

/// probe-api: GET /health deployed to prod, mapped as `shop` on api.probe.test; then GET
/// /late added without a deployment.
async fn seed(ms: &MiniStack) {
    let v1 = ms.rest_client();
    let api = v1.create_rest_api().name("probe-api").send().await.unwrap();
    let api = api.id().expect("api id").to_string();
    let res = v1.get_resources().rest_api_id(&api).send().await.unwrap();
    let root = res
        .items()
        .iter()
        .find(|r| r.path() == Some("/"))
        .and_then(|r| r.id())
        .expect("root resource")
        .to_string();
    get_with_mock(ms, &api, &root, "health").await;
    v1.create_deployment()
        .rest_api_id(&api)
        .stage_name("prod")
        .send()
        .await
        .unwrap();
    v1.create_domain_name()
        .domain_name(DOMAIN)
        .regional_certificate_arn("arn:aws:acm:us-east-1:123456789012:certificate/probe")
        .endpoint_configuration(
            EndpointConfiguration::builder()
                .types(EndpointType::Regional)
                .build(),
        )
        .send()
        .await
        .unwrap();
    v1.create_base_path_mapping()
        .domain_name(DOMAIN)
        .base_path("shop")
        .rest_api_id(&api)
        .stage("prod")
        .send()
        .await
        .unwrap();
    get_with_mock(ms, &api, &root, "late").await;
}

fn probe(ms: &MiniStack, path: &str) -> (i32, Value) {
    let out = ms
        .apigw()
        .args([
            "--no-cache",
            "probe",
            &format!("https://{DOMAIN}{path}"),
            "--json",
        ])
        .args(["--connect-to", &ms.endpoint])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let v = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {stdout}\nstderr: {stderr}"));
    (out.status.code().unwrap_or(-1), v)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probes_against_ministack_agree_where_it_routes_like_aws_and_show_where_it_does_not() {
    let ms = MiniStack::start();
    seed(&ms).await;

    let (code, v) = probe(&ms, "/shop/health");
    assert_eq!(v["predicted"]["reason"], "matched", "{v}");
    assert_eq!(v["actual"]["status"], 200, "{v}");
    assert!(v["actual"]["request_id"].is_string(), "{v}");
    assert_eq!((code, &v["agrees"]), (0, &Value::Bool(true)), "{v}");

    let (code, v) = probe(&ms, "/shop/nowhere");
    assert_eq!(v["predicted"]["reason"], "no_resource", "{v}");
    assert_eq!(v["actual"]["status"], 403, "{v}");
    assert_eq!(
        v["actual"]["message"], "Missing Authentication Token",
        "{v}"
    );
    assert_eq!(
        v["actual"]["error_type"],
        "MissingAuthenticationTokenException"
    );
    assert_eq!((code, &v["agrees"]), (0, &Value::Bool(true)), "{v}");

    // Not deployed: AWS would refuse it; MiniStack serves its working tree.
    let (code, v) = probe(&ms, "/shop/late");
    assert_eq!(v["predicted"]["reason"], "not_deployed", "{v}");
    assert_eq!(v["predicted"]["status"], 403, "{v}");
    assert_eq!(v["actual"]["status"], 200, "{v}");
    assert_eq!((code, &v["agrees"]), (1, &Value::Bool(false)), "{v}");
}
