//! A seeded moto behind the fault proxy: `apigw → FaultProxy → GapFiller → moto`, for
//! tests/faults.rs, tests/read_only.rs and tests/secrets.rs.

use std::time::Duration;

use apigw::config::LiveTarget;

use super::super::{GapFiller, Moto};
use super::FaultProxy;

/// A small account: REST `orders-api` (/orders GET, stage prod) and HTTP `payments-http`.
/// Returns the REST API's id.
pub async fn seed(moto: &Moto) -> String {
    let v1 = moto.rest_client();
    let api = v1
        .create_rest_api()
        .name("orders-api")
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
    let rid = res.id().unwrap().to_string();
    v1.put_method()
        .rest_api_id(&id)
        .resource_id(&rid)
        .http_method("GET")
        .authorization_type("NONE")
        .send()
        .await
        .unwrap();
    v1.put_integration()
        .rest_api_id(&id)
        .resource_id(&rid)
        .http_method("GET")
        .r#type(aws_sdk_apigateway::types::IntegrationType::Mock)
        .send()
        .await
        .unwrap();
    v1.create_deployment()
        .rest_api_id(&id)
        .stage_name("prod")
        .send()
        .await
        .unwrap();
    let v2 = moto.http_client();
    v2.create_api()
        .name("payments-http")
        .protocol_type(aws_sdk_apigatewayv2::types::ProtocolType::Http)
        .send()
        .await
        .unwrap();
    id
}

/// moto seeded, the gap filler and the fault proxy in front of it.
pub struct Rig {
    pub moto: Moto,
    /// Kept alive for the proxy's upstream.
    pub _gap: GapFiller,
    pub proxy: FaultProxy,
    pub api_id: String,
}

impl Rig {
    pub fn start() -> Rig {
        let moto = Moto::start();
        let rt = tokio::runtime::Runtime::new().unwrap();
        let api_id = rt.block_on(seed(&moto));
        let gap = moto.gap_filler();
        let proxy = FaultProxy::start(&gap.endpoint);
        Rig {
            moto,
            _gap: gap,
            proxy,
            api_id,
        }
    }

    /// `apigw` through the proxy, with an outer limit so a hang fails the test.
    pub fn apigw(&self) -> assert_cmd::Command {
        let mut cmd = self.moto.apigw_via(&self.proxy.endpoint);
        cmd.timeout(Duration::from_secs(120));
        cmd
    }

    pub fn target(&self) -> LiveTarget {
        LiveTarget {
            profile: None,
            region: Some("us-east-1".into()),
            endpoint_url: Some(self.proxy.endpoint.clone()),
        }
    }
}
