//! One request → plan step (domain::plan::request) shared by the TUI and the CLI: the
//! defaults decided once (what is configured wins over `*`), the same request planned the
//! same from both front ends, and unknown names as bad usage naming the nearest ones.
//! Pure, plus the binary on the demo account or a snapshot file: no network.

use std::path::Path;
use std::time::Duration;

use apigw::app::tree::TreeKey;
use apigw::app::{update, Action, Command, State};
use apigw::config::Source;
use apigw::domain::cors::{CorsError, MOCK_TEMPLATE};
use apigw::domain::model::{
    ApiKind, ApiRef, GatewayResponse, Integration, IntegrationResponse, IntegrationType, Inventory,
    Method,
};
use apigw::domain::plan::request::{cors_defaults, CorsDefaults};
use apigw::domain::plan::{plan_request, Plan, PlanError, PlanRequest};
use serde_json::Value;

mod usage;

const ORDERS: &str = "a1b2c3d4e5";
const APP: &str = "https://app.example.com";

fn apigw(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("apigw").expect("the apigw binary is built");
    for k in ["APIGW_CONFIG", "AWS_PROFILE", "RUST_BACKTRACE"] {
        cmd.env_remove(k);
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .timeout(Duration::from_secs(60));
    cmd
}

/// The demo account where `/orders` of orders-api already has an OPTIONS mock answering
/// `APP` (its Allow-Methods/Headers not mapped yet) and both DEFAULT_4XX/5XX carry `APP`;
/// `/orders/{orderId}` has an OPTIONS proxied to a Lambda.
fn configured() -> Inventory {
    let mut inv = apigw::demo::inventory();
    let Some(api) = inv.rest_api_mut(ORDERS) else {
        panic!("the demo has orders-api");
    };
    let origin = format!("'{APP}'");
    let mock = Integration {
        integration_type: IntegrationType::Mock,
        request_templates: [("application/json".into(), MOCK_TEMPLATE.into())].into(),
        integration_responses: vec![IntegrationResponse {
            status_code: "200".into(),
            response_parameters: [(
                "method.response.header.Access-Control-Allow-Origin".into(),
                origin.clone(),
            )]
            .into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let options = |integration| Method {
        http_method: "OPTIONS".into(),
        integration: Some(integration),
        ..Default::default()
    };
    for r in api.resources.iter_mut() {
        match r.path.as_str() {
            "/orders" => r.methods.push(options(mock.clone())),
            "/orders/{orderId}" => r.methods.push(options(Integration {
                integration_type: IntegrationType::AwsProxy,
                ..Default::default()
            })),
            _ => {}
        }
    }
    api.gateway_responses
        .retain(|g| !g.response_type.starts_with("DEFAULT_"));
    for t in ["DEFAULT_4XX", "DEFAULT_5XX"] {
        api.gateway_responses.push(GatewayResponse {
            response_type: t.into(),
            response_parameters: [(
                "gatewayresponse.header.Access-Control-Allow-Origin".into(),
                origin.clone(),
            )]
            .into(),
            ..Default::default()
        });
    }
    inv
}

fn cors(api: &str, path: Option<&str>) -> PlanRequest {
    PlanRequest::Cors {
        api: api.into(),
        path: path.map(str::to_string),
        origin: None,
        gateway_responses: None,
    }
}

fn rest(id: &str) -> ApiRef {
    ApiRef {
        kind: ApiKind::Rest,
        id: id.into(),
    }
}

#[test]
fn rerunning_cors_starts_from_the_configured_origin_and_gateway_responses() {
    let inv = configured();
    assert_eq!(
        cors_defaults(&inv, &rest(ORDERS), Some("/orders/")),
        CorsDefaults {
            origin: APP.into(),
            gateway_responses: true
        }
    );
    let plan = plan_request(&inv, &cors("orders-api", Some("/orders"))).unwrap();
    let cli = plan.cli_lines().join("\n");
    assert!(cli.contains(&format!("'\\''{APP}'\\''")), "{cli}");
    assert!(!cli.contains("'\\''*'\\''"), "never reset to *: {cli}");
    assert!(
        !cli.contains("put-gateway-response"),
        "the gateway responses already carry it: {cli}"
    );
}

#[test]
fn a_resource_without_options_starts_from_star_and_one_gateway_response_is_not_enough() {
    let mut inv = configured();
    let Some(api) = inv.rest_api_mut(ORDERS) else {
        panic!("orders-api");
    };
    api.gateway_responses
        .retain(|g| g.response_type != "DEFAULT_5XX");
    let d = cors_defaults(&inv, &rest(ORDERS), Some("/health"));
    assert_eq!((d.origin.as_str(), d.gateway_responses), ("*", false));
    let plan = plan_request(&inv, &cors(ORDERS, Some("/health"))).unwrap();
    assert!(plan.cli_lines().join(" ").contains("'\\''*'\\''"));
}

#[test]
fn an_http_api_keeps_its_configured_origins_when_none_are_given() {
    let inv = apigw::demo::inventory();
    let plan = plan_request(&inv, &cors("payments-http", None)).unwrap();
    assert!(plan.is_empty(), "nothing to change: {:?}", plan.cli_lines());
    let plan = plan_request(
        &inv,
        &PlanRequest::Cors {
            api: "payments-http".into(),
            path: Some("/payments".into()),
            origin: Some("https://a.example, 'https://b.example'".into()),
            gateway_responses: None,
        },
    )
    .unwrap();
    let [step] = plan.steps.as_slice() else {
        panic!("one update-api: {:?}", plan.steps);
    };
    let apigw::domain::plan::Mutation::UpdateHttpApiCors { cors, .. } = &step.mutation else {
        panic!("{step:?}");
    };
    assert_eq!(
        cors.allow_origins,
        ["https://a.example", "https://b.example"]
    );
    assert_eq!(
        cors.allow_methods,
        ["GET", "POST"],
        "configured methods kept"
    );
    assert!(plan
        .notes
        .iter()
        .any(|n| n.contains("/payments is not used")));
}

#[test]
fn an_http_api_without_cors_gets_the_consoles_methods_and_headers() {
    let mut inv = apigw::demo::inventory();
    if let Some(a) = inv.http_apis.first_mut() {
        a.cors = None;
    }
    let plan = plan_request(&inv, &cors("payments-http", None)).unwrap();
    let line = plan.cli_lines().join(" ");
    assert!(line.contains(r#""AllowOrigins":["*"]"#), "{line}");
    assert!(line.contains("x-amz-security-token"), "{line}");
}

#[test]
fn deploy_without_a_description_uses_the_default_the_tui_shows() {
    let inv = apigw::demo::inventory();
    let req = PlanRequest::Deploy {
        api: "orders-api".into(),
        stage: "prod".into(),
        description: None,
    };
    let line = plan_request(&inv, &req).unwrap().cli_lines().join(" ");
    assert!(
        line.contains("--description 'deployed with apigw'"),
        "{line}"
    );
    let plan = plan_request(&inv, &req).unwrap();
    assert_eq!(plan.region.as_deref(), inv.region.as_deref());
}

#[test]
fn deploy_to_an_unknown_stage_is_bad_usage_naming_the_nearest_stages() {
    let inv = apigw::demo::inventory();
    let e = plan_request(
        &inv,
        &PlanRequest::Deploy {
            api: "orders-api".into(),
            stage: "prdo".into(),
            description: None,
        },
    )
    .unwrap_err();
    assert!(e.is_usage(), "{e}");
    match &e {
        PlanError::NoSuchStage { nearest, .. } => assert_eq!(nearest.first().unwrap(), "prod"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_api_names_the_nearest_apis() {
    let e = plan_request(
        &apigw::demo::inventory(),
        &cors("order-api", Some("/orders")),
    );
    let e = e.unwrap_err();
    assert!(e.is_usage());
    let text = e.to_string();
    assert!(text.contains("nearest: orders-api (a1b2c3d4e5)"), "{text}");
}

#[test]
fn a_non_mock_options_is_a_refusal_on_the_merits_not_bad_usage() {
    let e = plan_request(&configured(), &cors(ORDERS, Some("/orders/{orderId}"))).unwrap_err();
    assert!(
        matches!(e, PlanError::Cors(CorsError::NotMock { .. })),
        "{e:?}"
    );
    assert!(!e.is_usage());
    let bad = PlanRequest::Cors {
        api: ORDERS.into(),
        path: Some("/orders".into()),
        origin: Some("https://a.example, https://b.example".into()),
        gateway_responses: None,
    };
    assert!(
        plan_request(&configured(), &bad).unwrap_err().is_usage(),
        "a REST resource answers one origin: a list is bad usage"
    );
}

/// The TUI on `inv`, `api` and its first stage selected, the tree on `path` (selected
/// with the keys, as a user would).
fn tui(inv: &Inventory, api: &str, path: Option<&str>) -> State {
    let mut s = crate::app_builder::offline(Source::Demo, false, inv.clone());
    let r = inv.find_api(api).unwrap();
    crate::app_builder::select_api(&mut s, &r.id);
    if let Some(p) = path {
        crate::app_builder::select_tree(&mut s, TreeKey::node(p));
    }
    s
}

/// The plan the TUI's dialog shows after pressing `key`, untouched.
fn tui_plan(inv: &Inventory, api: &str, path: Option<&str>, key: Command) -> Plan {
    let mut s = tui(inv, api, path);
    update(&mut s, Action::Command(key));
    let d = s.dialog().cloned().expect("the dialog opens");
    d.plan(s.inventory()).expect("a plan")
}

/// `apigw --snapshot F <args> --json` on `inv`.
fn cli_plan(inv: &Inventory, args: &[&str]) -> Value {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("inv.json");
    let snap = apigw::snapshot::Snapshot::new("test", inv.clone());
    apigw::snapshot::write(&file, &snap).unwrap();
    let out = apigw(home.path())
        .arg("--snapshot")
        .arg(&file)
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {err}"))
}

fn same(tui: &Plan, cli: &Value, notes: bool) {
    assert_eq!(cli["plan"], serde_json::json!(tui.cli_lines()), "calls");
    assert_eq!(cli["warnings"], serde_json::json!(tui.warnings), "warnings");
    assert_eq!(
        cli["diff"],
        serde_json::to_value(&tui.diff).unwrap(),
        "diff"
    );
    if notes {
        assert_eq!(cli["notes"], serde_json::json!(tui.notes), "notes");
    }
}

#[test]
fn rest_cors_plans_the_same_from_the_tui_and_the_cli() {
    let inv = configured();
    let tui = tui_plan(&inv, "orders-api", Some("/orders"), Command::Cors);
    assert!(!tui.is_empty());
    let cli = cli_plan(&inv, &["cors", "--api", "orders-api", "--path", "/orders"]);
    same(&tui, &cli, true);
    assert!(cli["plan"].to_string().contains(APP), "{}", cli["plan"]);
}

#[test]
fn http_cors_plans_the_same_from_the_tui_and_the_cli() {
    let inv = apigw::demo::inventory();
    let tui = tui_plan(&inv, "payments-http", None, Command::Cors);
    let cli = cli_plan(
        &inv,
        &["cors", "--api", "payments-http", "--path", "/payments"],
    );
    // The CLI's --path adds a note that it is not used; the calls are the same (none).
    same(&tui, &cli, false);
    assert!(
        tui.is_empty(),
        "configured origins kept: {:?}",
        tui.cli_lines()
    );
}

#[test]
fn deploy_plans_the_same_from_the_tui_and_the_cli() {
    let inv = apigw::demo::inventory();
    let tui = tui_plan(&inv, "orders-api", None, Command::Deploy);
    let cli = cli_plan(&inv, &["deploy", "--api", "orders-api", "--stage", "prod"]);
    same(&tui, &cli, true);
    assert!(!tui.diff.is_empty(), "prod is stale in the demo");
}
