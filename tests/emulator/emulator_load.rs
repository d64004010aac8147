//! Loads an account seeded in moto's server (through the SDK) with apigw's loader and with
//! `apigw snapshot`, and checks the inventory. moto gaps (no paging, no `apisummary`, v2
//! GetAuthorizers 500 / GetDeployments 404) are covered in tests/aws_mocks.rs; here the
//! `GapFiller` proxy answers those two v2 reads with empty lists where a complete load is
//! needed.

use crate::harness::seed::{Auth, Integration, Seed};
use crate::harness::Moto;

use apigw::domain::load::{LoadErrorKind, PartKind};
use apigw::domain::model::{
    AuthorizationType, AuthorizerType, IntegrationType as IntegrationTypeModel, Inventory,
};

struct Seeded {
    orders: String,
    legacy: String,
    payments: String,
}

/// REST: orders-api (resources with methods of several auth types, a TOKEN authorizer, a
/// deployment and stages prod+dev, a validator) and legacy; HTTP: payments-http (routes,
/// $default auto-deploy stage, integration); domains: api.example.com (v1, base path
/// mappings `orders` and `(none)`) and v2.example.com (v2, multi-level key `v1/billing`).
async fn seed(moto: &Moto) -> Seeded {
    let template = || Integration::MockTemplate("{\"statusCode\": 200}".into());
    let orders = Seed::rest("orders-api")
        .regional()
        .token_authorizer("tokens", "method.request.header.Authorization")
        .resource("/orders")
        .method("GET", Auth::None)
        .integration(template())
        .method("OPTIONS", Auth::None)
        .integration(template())
        .method("POST", Auth::Iam)
        .integration(template())
        .resource("/orders/{orderId}")
        .method("GET", Auth::Custom("tokens".into()))
        .api_key()
        .integration(template())
        .validator("body")
        .deploy_described("prod", "first")
        .deploy("dev")
        .create(moto)
        .await;
    let legacy = Seed::rest("legacy").regional().create(moto).await;
    let payments = Seed::http("payments-http")
        .http_proxy("https://backend.example.com")
        .route("GET /pay/{id}")
        .route("$default")
        .auto_deploy_stage("$default")
        .create(moto)
        .await;
    Seed::domain("api.example.com")
        .base_path("orders", &orders.id, "prod")
        .root_mapping(&legacy.id)
        .create(moto)
        .await;
    Seed::domain_v2("v2.example.com")
        .api_mapping("v1/billing", &payments.id, "$default")
        .create(moto)
        .await;
    Seeded {
        orders: orders.id,
        legacy: legacy.id,
        payments: payments.id,
    }
}

fn check_inventory(inv: &Inventory, s: &Seeded) {
    let orders = inv.rest_api(&s.orders).expect("orders-api loaded");
    assert_eq!(orders.name, "orders-api");
    let paths: Vec<&str> = orders.resources.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, vec!["/", "/orders", "/orders/{orderId}"]);
    let coll = orders.resource_by_path("/orders").unwrap();
    let verbs: Vec<(&str, AuthorizationType)> = coll
        .methods
        .iter()
        .map(|m| (m.http_method.as_str(), m.authorization_type))
        .collect();
    assert_eq!(
        verbs,
        vec![
            ("GET", AuthorizationType::None),
            ("OPTIONS", AuthorizationType::None),
            ("POST", AuthorizationType::AwsIam)
        ]
    );
    let options = coll.methods[1]
        .integration
        .as_ref()
        .expect("OPTIONS integration read");
    assert_eq!(options.integration_type, IntegrationTypeModel::Mock);
    assert_eq!(
        options
            .request_templates
            .get("application/json")
            .map(String::as_str),
        Some("{\"statusCode\": 200}")
    );
    let get = &orders
        .resource_by_path("/orders/{orderId}")
        .unwrap()
        .methods[0];
    assert_eq!(get.authorization_type, AuthorizationType::Custom);
    assert!(get.api_key_required);
    assert_eq!(
        get.authorizer_id.as_deref(),
        Some(orders.authorizers[0].id.as_str())
    );
    assert_eq!(orders.authorizers[0].authorizer_type, AuthorizerType::Token);
    assert_eq!(
        orders.authorizers[0].identity_sources,
        vec!["method.request.header.Authorization"]
    );
    let stages: Vec<&str> = orders.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(stages, vec!["dev", "prod"]);
    let prod = orders.stage("prod").unwrap();
    let dep = orders
        .deployment(prod.deployment_id.as_deref().unwrap())
        .expect("prod's deployment listed");
    assert_eq!(dep.description.as_deref(), Some("first"));
    assert_eq!(orders.deployments.len(), 2);
    assert_eq!(orders.request_validators[0].name, "body");
    assert!(inv.rest_api(&s.legacy).is_some());

    let pay = inv.http_api(&s.payments).expect("payments-http loaded");
    let keys: Vec<&str> = pay.routes.iter().map(|r| r.route_key.as_str()).collect();
    assert_eq!(keys, vec!["$default", "GET /pay/{id}"]);
    assert!(pay.stage("$default").unwrap().auto_deploy);
    assert_eq!(
        pay.integrations[0].integration_uri.as_deref(),
        Some("https://backend.example.com")
    );

    let api = inv
        .domains
        .iter()
        .find(|d| d.name == "api.example.com")
        .expect("v1 domain");
    assert_eq!(
        api.mapping("orders")
            .map(|m| (m.api_id.as_str(), m.stage.as_str())),
        Some((s.orders.as_str(), "prod"))
    );
    assert_eq!(
        api.mapping("").map(|m| m.api_id.as_str()),
        Some(s.legacy.as_str())
    );
    let v2d = inv
        .domains
        .iter()
        .find(|d| d.name == "v2.example.com")
        .expect("v2 domain");
    let m = v2d.mapping("v1/billing").expect("multi-level API mapping");
    assert_eq!(
        (m.api_id.as_str(), m.stage.as_str()),
        (s.payments.as_str(), "$default")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loader_reads_a_seeded_account_and_names_the_parts_moto_cannot_serve() {
    let moto = Moto::start();
    moto.set_process_env();
    let s = seed(&moto).await;
    let report = apigw::aws::load_report(&moto.live_target()).await;
    check_inventory(&report.inventory, &s);
    assert_eq!(report.inventory.region.as_deref(), Some("us-east-1"));
    // moto answers v2 GetAuthorizers with 500 and GetDeployments with 404: those two parts
    // of the HTTP API fail inline, everything else is kept.
    let mut failed: Vec<(PartKind, LoadErrorKind)> = report
        .failed
        .iter()
        .map(|(k, e)| (k.kind, e.kind))
        .collect();
    failed.sort_by_key(|(k, _)| *k);
    assert_eq!(
        failed,
        vec![
            (PartKind::Deployments, LoadErrorKind::NotFound),
            (PartKind::Authorizers, LoadErrorKind::ServerError)
        ]
    );
    assert!(report
        .inventory
        .issues
        .iter()
        .any(|i| i.part == format!("payments-http ({}): authorizers", s.payments)));
    // The CLI's load keeps going past a failed part of one API (issues say what is missing).
    let inv = apigw::aws::load_inventory(&moto.live_target())
        .await
        .expect("lenient load");
    check_inventory(&inv, &s);
    assert_eq!(inv.issues.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_command_writes_the_whole_inventory() {
    let moto = Moto::start();
    let s = seed(&moto).await;
    let gf = moto.gap_filler();
    let out_file = moto.home().join("inv.json");
    let assert = moto
        .apigw_via(&gf.endpoint)
        .args(["snapshot", "-o"])
        .arg(&out_file)
        .assert()
        .success();
    let snap = apigw::snapshot::read(&out_file).expect("a readable snapshot");
    check_inventory(&snap.inventory, &s);
    assert!(snap.inventory.issues.is_empty());
    drop(assert);
    // stdout form is the same document
    let out = moto
        .apigw_via(&gf.endpoint)
        .arg("snapshot")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let snap2 = apigw::snapshot::parse("stdout", &out).expect("snapshot on stdout");
    assert_eq!(snap2.inventory, snap.inventory);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incomplete_inventory_fails_with_one_line_and_keeps_the_old_file() {
    let moto = Moto::start();
    seed(&moto).await;
    let out_file = moto.home().join("inv.json");
    std::fs::write(&out_file, "previous good snapshot").unwrap();
    // Straight to moto (no gap filler): two HTTP API parts fail.
    let out = moto
        .apigw()
        .args(["snapshot", "-o"])
        .arg(&out_file)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(err.contains("inventory incomplete"), "{err}");
    assert!(err.contains("payments-http"), "names the part: {err}");
    assert_eq!(
        std::fs::read_to_string(&out_file).unwrap(),
        "previous good snapshot"
    );
}

#[test]
fn per_service_endpoint_variables_are_honoured() {
    let moto = Moto::start();
    let gf = moto.gap_filler();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(Seed::rest("only-api").create(&moto));
    // No AWS_ENDPOINT_URL: the two service-specific variables must be used.
    let out = moto
        .apigw()
        .env_remove("AWS_ENDPOINT_URL")
        .env("AWS_ENDPOINT_URL_API_GATEWAY", &moto.endpoint)
        .env("AWS_ENDPOINT_URL_APIGATEWAYV2", &gf.endpoint)
        .arg("snapshot")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let snap = apigw::snapshot::parse("stdout", &out).unwrap();
    let names: Vec<&str> = snap
        .inventory
        .rest_apis
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, vec!["only-api"]);
    assert!(gf.requests() >= 2, "v2 calls went to the v2 endpoint");
}

#[test]
fn missing_region_is_a_clear_error() {
    let moto = Moto::start();
    let out = moto
        .apigw()
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION")
        .arg("snapshot")
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no AWS region"), "{err}");
    assert!(err.contains("--region"), "{err}");
}

/// Nothing hangs forever: an endpoint that accepts connections and never answers ends in a
/// timeout error (short limits through the APIGW_*_TIMEOUT_MS overrides).
#[test]
fn a_silent_endpoint_times_out_with_one_line() {
    let moto = Moto::start();
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", silent.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for c in silent.incoming() {
            held.push(c); // accept, read nothing, answer nothing
        }
    });
    let out = moto
        .apigw_via(&endpoint)
        .env("APIGW_ATTEMPT_TIMEOUT_MS", "300")
        .env("APIGW_OPERATION_TIMEOUT_MS", "1500")
        .arg("snapshot")
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("timed out"), "{err}");
}
