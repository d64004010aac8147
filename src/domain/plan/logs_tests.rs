use super::*;
use crate::domain::model::{HttpApi, RestApi};
use crate::domain::plan::verify::unmet;
use crate::domain::plan::Readback;

fn inv(level: Option<&str>) -> Inventory {
    let mut st = Stage {
        name: "prod".into(),
        execution_log_level: level.map(str::to_string),
        ..Stage::default()
    };
    st.method_logging.insert(
        "~1orders/GET".into(),
        MethodLogging {
            level: Some(LogLevel::Off),
            ..Default::default()
        },
    );
    Inventory {
        region: Some("eu-west-1".into()),
        account_id: Some("123456789012".into()),
        rest_apis: vec![RestApi {
            id: "a1b2c3d4e5".into(),
            name: "orders-api".into(),
            stages: vec![st],
            ..RestApi::default()
        }],
        http_apis: vec![HttpApi {
            id: "p4y8h3t6x1".into(),
            name: "payments-http".into(),
            stages: vec![Stage {
                name: "$default".into(),
                access_log_destination: Some(
                    "arn:aws:logs:eu-west-1:123456789012:log-group:payments-access:*".into(),
                ),
                ..Stage::default()
            }],
            ..HttpApi::default()
        }],
        ..Inventory::default()
    }
}

fn rest() -> ApiRef {
    ApiRef {
        kind: ApiKind::Rest,
        id: "a1b2c3d4e5".into(),
    }
}

fn http() -> ApiRef {
    ApiRef {
        kind: ApiKind::Http,
        id: "p4y8h3t6x1".into(),
    }
}

fn role() -> RoleState {
    RoleState::Set("arn:aws:iam::123456789012:role/logs".into())
}

#[test]
fn a_rest_stage_names_its_execution_log_group_and_the_tail_line() {
    let v = logging_view(&inv(Some("ERROR")), &rest(), "prod", role()).unwrap();
    assert_eq!(
        v.log_group().as_deref(),
        Some("API-Gateway-Execution-Logs_a1b2c3d4e5/prod")
    );
    assert_eq!(
        v.tail(Some("ops")).as_deref(),
        Some("aws logs tail API-Gateway-Execution-Logs_a1b2c3d4e5/prod --follow --region eu-west-1 --profile ops")
    );
    assert_eq!(v.stage.log_level(), LogLevel::Error);
}

#[test]
fn an_http_api_has_no_execution_log_group_and_tails_its_access_log_group() {
    let v = logging_view(&inv(None), &http(), "$default", role()).unwrap();
    assert_eq!(v.log_group(), None);
    assert_eq!(
        v.tail(None).as_deref(),
        Some("aws logs tail payments-access --follow --region eu-west-1")
    );
    let e = plan_enable_logging(&v, LogLevel::Info, false).unwrap_err();
    assert!(matches!(e, LogsRefusal::HttpApi { .. }));
    assert!(e.fix(&v)[0].contains("already on"), "{:?}", e.fix(&v));
    let mut off = v.clone();
    off.stage.access_log_destination = None;
    assert!(e.fix(&off)[0].contains("apigatewayv2 update-stage"));
}

#[test]
fn an_unknown_stage_is_bad_usage_naming_the_nearest_stages() {
    let e = logging_view(&inv(None), &rest(), "prd", role()).unwrap_err();
    let PlanError::NoSuchStage { nearest, .. } = &e else {
        panic!("{e:?}");
    };
    assert_eq!(nearest, &["prod"]);
}

#[test]
fn enabling_info_plans_one_update_stage_with_the_loglevel_patch() {
    let v = logging_view(&inv(None), &rest(), "prod", role()).unwrap();
    let p = plan_enable_logging(&v, LogLevel::Info, true).unwrap();
    assert_eq!(p.steps.len(), 1);
    assert_eq!(
        p.cli_lines(),
        [
            r#"aws apigateway update-stage --rest-api-id a1b2c3d4e5 --stage-name prod --patch-operations '[{"op":"replace","path":"/*/*/logging/loglevel","value":"INFO"},{"op":"replace","path":"/*/*/logging/dataTrace","value":"true"}]' --region eu-west-1"#
        ]
    );
    assert!(
        p.warnings.iter().any(|w| w.contains("~1orders/GET")),
        "the OFF override is named: {:?}",
        p.warnings
    );
}

#[test]
fn a_stage_already_at_the_level_needs_nothing() {
    let v = logging_view(&inv(Some("INFO")), &rest(), "prod", role()).unwrap();
    let p = plan_enable_logging(&v, LogLevel::Info, false).unwrap();
    assert!(p.is_empty(), "{p:?}");
    let p = plan_enable_logging(&v, LogLevel::Error, false).unwrap();
    assert_eq!(p.steps.len(), 1, "INFO → ERROR is a change");
}

#[test]
fn no_cloudwatch_role_is_refused_with_the_update_account_fix() {
    let v = logging_view(&inv(None), &rest(), "prod", RoleState::NotSet).unwrap();
    let e = plan_enable_logging(&v, LogLevel::Info, false).unwrap_err();
    assert!(e.to_string().contains("eu-west-1"), "{e}");
    let fix = e.fix(&v).join("\n");
    assert!(fix.contains("aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=arn:aws:iam::123456789012:role/"), "{fix}");
    assert!(
        fix.contains(PUSH_POLICY) && fix.contains("apigateway.amazonaws.com"),
        "{fix}"
    );
    let unknown = RoleState::Unknown("AccessDenied".into());
    let v = logging_view(&inv(None), &rest(), "prod", unknown).unwrap();
    let p = plan_enable_logging(&v, LogLevel::Info, false).unwrap();
    assert!(p.warnings.iter().any(|w| w.contains("could not be read")));
}

#[test]
fn the_read_back_verifies_level_and_data_trace() {
    let m = Mutation::UpdateStageLogging {
        rest_api_id: "a".into(),
        stage_name: "prod".into(),
        level: LogLevel::Info,
        data_trace: Some(true),
    };
    let mut rb = Readback::default();
    assert!(unmet(&m, &rb).is_some(), "no stage read back");
    rb.stage = Some(Stage {
        name: "prod".into(),
        execution_log_level: Some("ERROR".into()),
        data_trace_enabled: true,
        ..Stage::default()
    });
    assert!(unmet(&m, &rb).unwrap().contains("ERROR"));
    if let Some(s) = rb.stage.as_mut() {
        s.execution_log_level = Some("INFO".into());
        s.data_trace_enabled = false;
    }
    assert!(unmet(&m, &rb).unwrap().contains("data trace"));
    if let Some(s) = rb.stage.as_mut() {
        s.data_trace_enabled = true;
    }
    assert_eq!(unmet(&m, &rb), None);
}
