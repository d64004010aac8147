//! A seeded moto behind the fault proxy: `apigw → FaultProxy → GapFiller → moto`, for
//! tests/faults.rs, tests/read_only.rs and tests/secrets.rs.

use std::time::Duration;

use apigw::config::LiveTarget;

use super::super::seed::{Auth, Seed};
use super::super::{GapFiller, Moto};
use super::FaultProxy;

/// A small account: REST `orders-api` (/orders GET, stage prod) and HTTP `payments-http`.
/// Returns the REST API's id.
pub async fn seed(moto: &Moto) -> String {
    let orders = Seed::rest("orders-api")
        .resource("/orders")
        .method("GET", Auth::None)
        .deploy("prod")
        .create(moto)
        .await;
    Seed::http("payments-http").create(moto).await;
    orders.id
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
