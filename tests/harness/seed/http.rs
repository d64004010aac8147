//! The HTTP API and custom domain builders of [`super::Seed`].

use aws_sdk_apigatewayv2::types::{
    DomainNameConfiguration, EndpointType as V2EndpointType, IntegrationType, ProtocolType,
};

use super::ok;
use crate::harness::emulator::Emulator;

#[derive(Debug)]
enum HttpStep {
    Proxy(String),
    Route(String),
    Stage { name: String, auto_deploy: bool },
}

/// An HTTP API (apigatewayv2) to create.
#[must_use = "nothing is created until .create(&emulator).await"]
pub struct HttpSeed {
    name: String,
    steps: Vec<HttpStep>,
}

/// An HTTP API as created.
#[derive(Debug, Clone)]
pub struct SeededHttp {
    pub id: String,
    pub name: String,
    /// Integration ids, in the order they were made.
    pub integrations: Vec<String>,
}

impl HttpSeed {
    pub(super) fn new(name: &str) -> Self {
        Self {
            name: name.into(),
            steps: Vec::new(),
        }
    }

    /// An HTTP_PROXY integration (method ANY, payload format 1.0) to `uri`; later routes
    /// target it.
    pub fn http_proxy(mut self, uri: &str) -> Self {
        self.steps.push(HttpStep::Proxy(uri.into()));
        self
    }

    /// A route (`"GET /pay/{id}"`, `"$default"`), targeting the last integration if any.
    pub fn route(mut self, key: &str) -> Self {
        self.steps.push(HttpStep::Route(key.into()));
        self
    }

    /// A stage that deploys every change automatically.
    pub fn auto_deploy_stage(mut self, name: &str) -> Self {
        self.steps.push(HttpStep::Stage {
            name: name.into(),
            auto_deploy: true,
        });
        self
    }

    /// Creates everything in `emu`, in order.
    pub async fn create(self, emu: &Emulator) -> SeededHttp {
        let v2 = emu.http_client();
        let call = v2
            .create_api()
            .name(&self.name)
            .protocol_type(ProtocolType::Http);
        let api = ok(&format!("create_api {}", self.name), call.send().await);
        let id = ok("the new API's id", api.api_id().ok_or("none")).to_string();
        let mut seeded = SeededHttp {
            id,
            name: self.name,
            integrations: Vec::new(),
        };
        for step in self.steps {
            seeded.apply(&v2, step).await;
        }
        seeded
    }
}

impl SeededHttp {
    async fn apply(&mut self, v2: &aws_sdk_apigatewayv2::Client, step: HttpStep) {
        let what = |call: &str| format!("{} ({}): {call}", self.name, self.id);
        match step {
            HttpStep::Proxy(uri) => {
                let call = v2
                    .create_integration()
                    .api_id(&self.id)
                    .integration_type(IntegrationType::HttpProxy)
                    .integration_method("ANY")
                    .integration_uri(uri)
                    .payload_format_version("1.0");
                let i = ok(&what("create_integration"), call.send().await);
                let id = ok("the integration's id", i.integration_id().ok_or("none"));
                self.integrations.push(id.to_string());
            }
            HttpStep::Route(key) => {
                let target = self
                    .integrations
                    .last()
                    .map(|i| format!("integrations/{i}"));
                let call = v2
                    .create_route()
                    .api_id(&self.id)
                    .route_key(&key)
                    .set_target(target);
                ok(&what(&format!("create_route {key}")), call.send().await);
            }
            HttpStep::Stage { name, auto_deploy } => {
                let call = v2
                    .create_stage()
                    .api_id(&self.id)
                    .stage_name(&name)
                    .auto_deploy(auto_deploy);
                ok(&what(&format!("create_stage {name}")), call.send().await);
            }
        }
    }
}

/// A REST custom domain (regional endpoint and certificate) with base path mappings.
#[must_use = "nothing is created until .create(&emulator).await"]
pub struct DomainSeed {
    name: String,
    /// (base path, API id, stage); no base path maps the domain's root.
    mappings: Vec<(Option<String>, String, Option<String>)>,
}

impl DomainSeed {
    pub(super) fn new(name: &str) -> Self {
        Self {
            name: name.into(),
            mappings: Vec::new(),
        }
    }

    /// Maps `https://{domain}/{base_path}` to the API's `stage`.
    pub fn base_path(mut self, base_path: &str, api_id: &str, stage: &str) -> Self {
        self.mappings
            .push((Some(base_path.into()), api_id.into(), Some(stage.into())));
        self
    }

    /// Maps the domain's root to the API, with no base path and no stage.
    pub fn root_mapping(mut self, api_id: &str) -> Self {
        self.mappings.push((None, api_id.into(), None));
        self
    }

    pub async fn create(self, emu: &Emulator) -> String {
        let v1 = emu.rest_client();
        let endpoint = aws_sdk_apigateway::types::EndpointConfiguration::builder()
            .types(aws_sdk_apigateway::types::EndpointType::Regional)
            .build();
        let call = v1
            .create_domain_name()
            .domain_name(&self.name)
            .regional_certificate_arn("arn:aws:acm:us-east-1:123456789012:certificate/abc")
            .endpoint_configuration(endpoint);
        ok(
            &format!("create_domain_name {}", self.name),
            call.send().await,
        );
        for (base_path, api, stage) in self.mappings {
            let call = v1
                .create_base_path_mapping()
                .domain_name(&self.name)
                .set_base_path(base_path.clone())
                .rest_api_id(api)
                .set_stage(stage);
            let what = format!("{}: create_base_path_mapping {base_path:?}", self.name);
            ok(&what, call.send().await);
        }
        self.name
    }
}

/// An apigatewayv2 custom domain (regional) with API mappings.
#[must_use = "nothing is created until .create(&emulator).await"]
pub struct DomainV2Seed {
    name: String,
    /// (mapping key, API id, stage).
    mappings: Vec<(String, String, String)>,
}

impl DomainV2Seed {
    pub(super) fn new(name: &str) -> Self {
        Self {
            name: name.into(),
            mappings: Vec::new(),
        }
    }

    /// Maps `https://{domain}/{key}` (multi-level keys like `v1/billing` allowed) to the
    /// API's `stage`.
    pub fn api_mapping(mut self, key: &str, api_id: &str, stage: &str) -> Self {
        self.mappings
            .push((key.into(), api_id.into(), stage.into()));
        self
    }

    pub async fn create(self, emu: &Emulator) -> String {
        let v2 = emu.http_client();
        let config = DomainNameConfiguration::builder()
            .certificate_arn("arn:aws:acm:us-east-1:123456789012:certificate/def")
            .endpoint_type(V2EndpointType::Regional)
            .build();
        let call = v2
            .create_domain_name()
            .domain_name(&self.name)
            .domain_name_configurations(config);
        ok(
            &format!("create_domain_name {}", self.name),
            call.send().await,
        );
        for (key, api, stage) in self.mappings {
            let call = v2
                .create_api_mapping()
                .domain_name(&self.name)
                .api_id(api)
                .stage(stage)
                .api_mapping_key(&key);
            ok(
                &format!("{}: create_api_mapping {key}", self.name),
                call.send().await,
            );
        }
        self.name
    }
}
