//! An execute-api host naming another region than the one apigw runs with (issue #11): the
//! API is read there, with a client for that region, and the verdict says so. moto keeps
//! each region apart behind one endpoint, like AWS.

use aws_sdk_apigateway::config::{Credentials, Region};
use aws_sdk_apigateway::types::IntegrationType;

use crate::harness::Moto;

/// A REST API in `region` whose root answers GET (MOCK), deployed to `prod`; its id.
async fn api_in(moto: &Moto, region: &str) -> String {
    let conf = aws_sdk_apigateway::Config::builder()
        .behavior_version_latest()
        .region(Region::new(region.to_string()))
        .endpoint_url(&moto.endpoint)
        .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
        .build();
    let c = aws_sdk_apigateway::Client::from_conf(conf);
    let api = c
        .create_rest_api()
        .name("west-api")
        .send()
        .await
        .expect("create_rest_api");
    let id = api.id().expect("an id").to_string();
    let root = c
        .get_resources()
        .rest_api_id(&id)
        .send()
        .await
        .expect("get_resources");
    let root = root.items()[0].id().expect("root id").to_string();
    c.put_method()
        .rest_api_id(&id)
        .resource_id(&root)
        .http_method("GET")
        .authorization_type("NONE")
        .send()
        .await
        .expect("put_method");
    c.put_integration()
        .rest_api_id(&id)
        .resource_id(&root)
        .http_method("GET")
        .r#type(IntegrationType::Mock)
        .send()
        .await
        .expect("put_integration");
    c.create_deployment()
        .rest_api_id(&id)
        .stage_name("prod")
        .send()
        .await
        .expect("create_deployment");
    id
}

#[test]
fn an_api_in_another_region_is_read_there_and_the_verdict_says_so() {
    let moto = Moto::start();
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    let id = rt.block_on(api_in(&moto, "us-west-2"));
    let url = format!("https://{id}.execute-api.us-west-2.amazonaws.com/prod/");
    // apigw runs with us-east-1 (the harness's region), where this API does not exist.
    let out = moto
        .apigw()
        .args(["match", "--json", &url])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {stderr}"));
    assert_eq!(v["reason"], "matched", "{v:#}");
    assert_eq!(v["api"]["name"], "west-api");
    let why = v["explanation"].as_str().unwrap_or_default();
    assert!(
        why.contains("lives in us-west-2, not in the region apigw runs with (us-east-1)"),
        "{why}"
    );
    // The same id under the home region's host does not exist there.
    let home = url.replace("us-west-2", "us-east-1");
    let out = moto
        .apigw()
        .args(["match", "--json", &home])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_ne!(v["reason"], "matched", "{v:#}");
}
