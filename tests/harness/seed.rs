//! One seeding builder for every emulator test: REST APIs (resources, methods, authorizers,
//! validators, deployments), HTTP APIs (integrations, routes, stages) and custom domains
//! (base path mappings, API mappings), created through the SDK in moto or MiniStack.
//!
//! ```ignore
//! let orders = Seed::rest("orders-api")
//!     .resource("/orders/{id}")
//!     .method("GET", Auth::None)
//!     .deploy("prod")
//!     .method("POST", Auth::Iam) // after the deployment: prod is stale
//!     .create(&moto)
//!     .await;
//! Seed::domain("api.example.com").base_path("orders", &orders.id, "prod").create(&moto).await;
//! ```
//!
//! Steps run in the order they are written. Methods go on the last `resource` (the root
//! before any). Every call that fails panics naming the API and the call.

use std::collections::BTreeMap;

use aws_sdk_apigateway::types::{EndpointConfiguration, EndpointType, IntegrationType};

use super::emulator::Emulator;

pub mod http;

use http::{DomainSeed, DomainV2Seed, HttpSeed};

/// A Lambda function ARN for authorizers and proxy integrations (never invoked).
const LAMBDA: &str = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations";

/// The value of a seeding call, or a panic naming what failed.
fn ok<T, E: std::fmt::Debug>(what: &str, r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("seeding: {what}: {e:?}"))
}

/// Where the builders start.
pub struct Seed;

impl Seed {
    /// A REST API (apigateway v1) named `name`.
    pub fn rest(name: &str) -> RestSeed {
        RestSeed {
            name: name.to_string(),
            existing: None,
            regional: false,
            current: "/".into(),
            steps: Vec::new(),
        }
    }

    /// An HTTP API (apigatewayv2) named `name`.
    pub fn http(name: &str) -> HttpSeed {
        HttpSeed::new(name)
    }

    /// A REST custom domain (regional certificate) with base path mappings.
    pub fn domain(name: &str) -> DomainSeed {
        DomainSeed::new(name)
    }

    /// An apigatewayv2 custom domain with API mappings (multi-level keys allowed).
    pub fn domain_v2(name: &str) -> DomainV2Seed {
        DomainV2Seed::new(name)
    }
}

/// How a REST method is authorized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    None,
    Iam,
    /// A CUSTOM authorizer of the same API, by name (see [`RestSeed::token_authorizer`]).
    Custom(String),
}

/// The integration put on a REST method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integration {
    /// No integration at all (only the method).
    Missing,
    /// MOCK, no request template.
    Mock,
    /// MOCK with this `application/json` request template.
    MockTemplate(String),
    /// AWS_PROXY to a Lambda function.
    LambdaProxy,
}

#[derive(Debug)]
enum RestStep {
    Authorizer {
        name: String,
        identity: String,
    },
    Validator(String),
    Resource(String),
    Method(MethodSeed),
    Deploy {
        stage: String,
        description: Option<String>,
    },
}

#[derive(Debug)]
struct MethodSeed {
    path: String,
    verb: String,
    auth: Auth,
    api_key: bool,
    integration: Integration,
}

/// A REST API to create (or to add to, see [`SeededRest::more`]).
#[must_use = "nothing is created until .create(&emulator).await"]
pub struct RestSeed {
    name: String,
    existing: Option<SeededRest>,
    regional: bool,
    current: String,
    steps: Vec<RestStep>,
}

impl RestSeed {
    /// A REGIONAL endpoint (the default is the emulator's).
    pub fn regional(mut self) -> Self {
        self.regional = true;
        self
    }

    /// A TOKEN authorizer (Lambda) reading this identity source.
    pub fn token_authorizer(mut self, name: &str, identity_source: &str) -> Self {
        self.steps.push(RestStep::Authorizer {
            name: name.into(),
            identity: identity_source.into(),
        });
        self
    }

    /// A request validator that validates bodies.
    pub fn validator(mut self, name: &str) -> Self {
        self.steps.push(RestStep::Validator(name.into()));
        self
    }

    /// The resource at `path` (parents created as needed); later methods go on it.
    pub fn resource(mut self, path: &str) -> Self {
        self.current = path.into();
        self.steps.push(RestStep::Resource(path.into()));
        self
    }

    /// A method on the current resource, with a MOCK integration.
    pub fn method(mut self, verb: &str, auth: Auth) -> Self {
        self.steps.push(RestStep::Method(MethodSeed {
            path: self.current.clone(),
            verb: verb.into(),
            auth,
            api_key: false,
            integration: Integration::Mock,
        }));
        self
    }

    fn last_method(&mut self) -> &mut MethodSeed {
        match self.steps.last_mut() {
            Some(RestStep::Method(m)) => m,
            _ => panic!("seeding {}: call .method() first", self.name),
        }
    }

    /// The last method requires an API key.
    pub fn api_key(mut self) -> Self {
        self.last_method().api_key = true;
        self
    }

    /// The last method's integration.
    pub fn integration(mut self, integration: Integration) -> Self {
        self.last_method().integration = integration;
        self
    }

    /// A deployment of the API as it is at this step, to `stage`.
    pub fn deploy(mut self, stage: &str) -> Self {
        self.steps.push(RestStep::Deploy {
            stage: stage.into(),
            description: None,
        });
        self
    }

    /// [`RestSeed::deploy`] with a description.
    pub fn deploy_described(mut self, stage: &str, description: &str) -> Self {
        self.steps.push(RestStep::Deploy {
            stage: stage.into(),
            description: Some(description.into()),
        });
        self
    }

    /// Creates everything in `emu`, in order.
    pub async fn create(self, emu: &Emulator) -> SeededRest {
        let v1 = emu.rest_client();
        let mut api = match self.existing {
            Some(api) => api,
            None => create_api(&v1, &self.name, self.regional).await,
        };
        for step in self.steps {
            api.apply(&v1, step).await;
        }
        api
    }
}

/// A REST API as created: its id and the ids of what the builder made.
#[derive(Debug, Clone)]
pub struct SeededRest {
    pub id: String,
    pub name: String,
    resources: BTreeMap<String, String>,
    authorizers: BTreeMap<String, String>,
    /// Deployment ids, oldest first.
    pub deployments: Vec<String>,
}

async fn create_api(v1: &aws_sdk_apigateway::Client, name: &str, regional: bool) -> SeededRest {
    let endpoint = regional.then(|| {
        EndpointConfiguration::builder()
            .types(EndpointType::Regional)
            .build()
    });
    let call = v1
        .create_rest_api()
        .name(name)
        .set_endpoint_configuration(endpoint);
    let api = ok(&format!("create_rest_api {name}"), call.send().await);
    let id = ok("the new API's id", api.id().ok_or("none")).to_string();
    let root = match api.root_resource_id() {
        Some(r) => r.to_string(),
        None => {
            let res = v1.get_resources().rest_api_id(&id).send().await;
            let res = ok(&format!("get_resources {name}"), res);
            let root = res.items().iter().find(|r| r.path() == Some("/"));
            ok("the root resource", root.and_then(|r| r.id()).ok_or("none")).to_string()
        }
    };
    SeededRest {
        id,
        name: name.into(),
        resources: BTreeMap::from([("/".to_string(), root)]),
        authorizers: BTreeMap::new(),
        deployments: Vec::new(),
    }
}

impl SeededRest {
    /// The id of a resource the builder made (or the root, `/`).
    pub fn resource_id(&self, path: &str) -> &str {
        self.resources
            .get(path)
            .unwrap_or_else(|| panic!("{} has no seeded resource {path}", self.name))
    }

    /// The id of an authorizer the builder made.
    pub fn authorizer_id(&self, name: &str) -> &str {
        self.authorizers
            .get(name)
            .unwrap_or_else(|| panic!("{} has no seeded authorizer {name}", self.name))
    }

    /// Seeds more into this API (e.g. a method added after a deployment).
    pub fn more(&self) -> RestSeed {
        RestSeed {
            name: self.name.clone(),
            existing: Some(self.clone()),
            regional: false,
            current: "/".into(),
            steps: Vec::new(),
        }
    }

    async fn apply(&mut self, v1: &aws_sdk_apigateway::Client, step: RestStep) {
        let what = |call: &str| format!("{} ({}): {call}", self.name, self.id);
        match step {
            RestStep::Authorizer { name, identity } => {
                let call = v1
                    .create_authorizer()
                    .rest_api_id(&self.id)
                    .name(&name)
                    .r#type(aws_sdk_apigateway::types::AuthorizerType::Token)
                    .authorizer_uri(LAMBDA)
                    .identity_source(identity);
                let a = ok(&what("create_authorizer"), call.send().await);
                let id = ok("the authorizer's id", a.id().ok_or("none")).to_string();
                self.authorizers.insert(name, id);
            }
            RestStep::Validator(name) => {
                let call = v1
                    .create_request_validator()
                    .rest_api_id(&self.id)
                    .name(name)
                    .validate_request_body(true);
                ok(&what("create_request_validator"), call.send().await);
            }
            RestStep::Resource(path) => {
                self.ensure_resource(v1, &path).await;
            }
            RestStep::Method(m) => self.put_method(v1, m).await,
            RestStep::Deploy { stage, description } => {
                let call = v1
                    .create_deployment()
                    .rest_api_id(&self.id)
                    .stage_name(stage)
                    .set_description(description);
                let d = ok(&what("create_deployment"), call.send().await);
                let id = ok("the deployment's id", d.id().ok_or("none"));
                self.deployments.push(id.to_string());
            }
        }
    }

    /// The id of the resource at `path`, creating it and its missing parents.
    async fn ensure_resource(&mut self, v1: &aws_sdk_apigateway::Client, path: &str) -> String {
        let mut parent = self.resource_id("/").to_string();
        let mut at = String::new();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            at = format!("{at}/{part}");
            if let Some(id) = self.resources.get(&at) {
                parent = id.clone();
                continue;
            }
            let call = v1
                .create_resource()
                .rest_api_id(&self.id)
                .parent_id(&parent)
                .path_part(part);
            let what = format!("{} ({}): create_resource {at}", self.name, self.id);
            let r = ok(&what, call.send().await);
            parent = ok("the resource's id", r.id().ok_or("none")).to_string();
            self.resources.insert(at.clone(), parent.clone());
        }
        parent
    }

    async fn put_method(&mut self, v1: &aws_sdk_apigateway::Client, m: MethodSeed) {
        let rid = self.ensure_resource(v1, &m.path).await;
        let what =
            |call: &str| format!("{} ({}): {call} {} {}", self.name, self.id, m.verb, m.path);
        let (auth, authorizer) = match &m.auth {
            Auth::None => ("NONE", None),
            Auth::Iam => ("AWS_IAM", None),
            Auth::Custom(name) => ("CUSTOM", Some(self.authorizer_id(name).to_string())),
        };
        let call = v1
            .put_method()
            .rest_api_id(&self.id)
            .resource_id(&rid)
            .http_method(&m.verb)
            .authorization_type(auth)
            .set_authorizer_id(authorizer)
            .api_key_required(m.api_key);
        ok(&what("put_method"), call.send().await);
        let call = v1
            .put_integration()
            .rest_api_id(&self.id)
            .resource_id(&rid)
            .http_method(&m.verb);
        let call = match &m.integration {
            Integration::Missing => return,
            Integration::Mock => call.r#type(IntegrationType::Mock),
            Integration::MockTemplate(t) => call
                .r#type(IntegrationType::Mock)
                .request_templates("application/json", t),
            Integration::LambdaProxy => call
                .r#type(IntegrationType::AwsProxy)
                .uri(LAMBDA)
                .integration_http_method("POST"),
        };
        ok(&what("put_integration"), call.send().await);
    }
}
