//! Deploy and rollback plans, and deployment history (issue #6).

use super::*;

fn inv(a: RestApi) -> Inventory {
    Inventory {
        region: Some("eu-west-1".into()),
        rest_apis: vec![a],
        ..Inventory::default()
    }
}

fn rest_ref() -> ApiRef {
    ApiRef {
        kind: ApiKind::Rest,
        id: "a1".into(),
    }
}

#[test]
fn deploy_plan_diff_is_what_goes_live_and_renders_the_cli_line() {
    let mut tree = base_tree();
    tree[1].methods.push(m("DELETE", AwsIam, false));
    let plan = plan_deploy(
        &inv(api(tree, Some(base_summary()))),
        &rest_ref(),
        "prod",
        Some("ship it"),
    )
    .unwrap();
    assert_eq!(plan.diff.len(), 1);
    assert_eq!(plan.steps.len(), 1);
    assert_eq!(
        plan.cli_lines(),
        vec!["aws apigateway create-deployment --rest-api-id a1 --stage-name prod --description 'ship it' --region eu-west-1"]
    );
    assert!(plan.warnings.is_empty());
}

#[test]
fn deploy_plan_with_unknown_state_warns() {
    let plan = plan_deploy(&inv(api(base_tree(), None)), &rest_ref(), "prod", None).unwrap();
    assert!(plan.diff.is_empty());
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.contains("could not be read")),
        "{:?}",
        plan.warnings
    );
    assert_eq!(
        plan.steps[0].cli(),
        "aws apigateway create-deployment --rest-api-id a1 --stage-name prod"
    );
}

#[test]
fn deploy_plan_to_a_new_stage_puts_the_whole_tree_live() {
    let plan = plan_deploy(
        &inv(api(base_tree(), Some(base_summary()))),
        &rest_ref(),
        "beta",
        None,
    )
    .unwrap();
    assert_eq!(plan.diff.len(), 4);
    assert!(plan.diff.iter().all(|c| c.change == ChangeKind::Added));
    assert!(plan.notes.iter().any(|n| n.contains("creates it")));
}

#[test]
fn deploy_plan_for_unknown_api_is_an_error() {
    let e = plan_deploy(
        &inv(api(base_tree(), None)),
        &ApiRef {
            kind: ApiKind::Rest,
            id: "zz".into(),
        },
        "prod",
        None,
    );
    assert_eq!(e.unwrap_err(), PlanError::NoSuchApi("zz".into()));
}

#[test]
fn rollback_plan_patches_deployment_id_and_diffs_the_two_deployments() {
    let mut a = api(base_tree(), Some(base_summary()));
    a.deployments.push(Deployment {
        id: "d0".into(),
        summary: Some(summary(&[("/", "GET", NoAuth, false)])),
        ..Deployment::default()
    });
    let plan = plan_rollback(&inv(a), &rest_ref(), "prod", "d0").unwrap();
    assert!(
        matches!(&plan.steps[0].mutation, Mutation::UpdateStageDeployment { deployment_id, .. } if deployment_id == "d0")
    );
    assert_eq!(
        plan.steps[0].cli(),
        r#"aws apigateway update-stage --rest-api-id a1 --stage-name prod --patch-operations '[{"op":"replace","path":"/deploymentId","value":"d0"}]'"#
    );
    assert_eq!(plan.diff.len(), 3);
    assert!(plan.diff.iter().all(|c| c.change == ChangeKind::Removed));
}

#[test]
fn rollback_to_the_serving_or_a_missing_deployment_is_refused() {
    let i = inv(api(base_tree(), None));
    assert!(matches!(
        plan_rollback(&i, &rest_ref(), "prod", "d1"),
        Err(PlanError::AlreadyServing { .. })
    ));
    assert!(matches!(
        plan_rollback(&i, &rest_ref(), "prod", "nope"),
        Err(PlanError::NoSuchDeployment { .. })
    ));
    assert!(matches!(
        plan_rollback(&i, &rest_ref(), "qa", "d1"),
        Err(PlanError::NoSuchStage { .. })
    ));
}

#[test]
fn http_deploy_and_rollback_cli_lines() {
    let mut h = http(false, None);
    h.deployments.push(Deployment {
        id: "old".into(),
        ..Deployment::default()
    });
    let i = Inventory {
        http_apis: vec![h],
        ..Inventory::default()
    };
    let r = ApiRef {
        kind: ApiKind::Http,
        id: "h1".into(),
    };
    let d = plan_deploy(&i, &r, "live", Some("x")).unwrap();
    assert_eq!(
        d.steps[0].cli(),
        "aws apigatewayv2 create-deployment --api-id h1 --stage-name live --description x"
    );
    let rb = plan_rollback(&i, &r, "live", "old").unwrap();
    assert_eq!(
        rb.steps[0].cli(),
        "aws apigatewayv2 update-stage --api-id h1 --stage-name live --deployment-id old"
    );
}

#[test]
fn deployment_history_marks_current_and_names_stages_newest_first() {
    let t = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let deps = vec![
        Deployment {
            id: "old".into(),
            created_date: Some(t("2026-01-01T00:00:00Z")),
            ..Deployment::default()
        },
        Deployment {
            id: "new".into(),
            created_date: Some(t("2026-02-01T00:00:00Z")),
            description: Some("v2".into()),
            ..Deployment::default()
        },
    ];
    let stages = vec![
        Stage {
            name: "prod".into(),
            deployment_id: Some("old".into()),
            ..Stage::default()
        },
        Stage {
            name: "dev".into(),
            deployment_id: Some("new".into()),
            canary: Some(CanarySettings {
                deployment_id: Some("old".into()),
                ..CanarySettings::default()
            }),
            ..Stage::default()
        },
    ];
    let h = deployment_history(&deps, &stages, "prod");
    assert_eq!(
        h.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        vec!["new", "old"]
    );
    assert_eq!(h[0].stages, vec!["dev"]);
    assert!(!h[0].current);
    assert_eq!(h[1].stages, vec!["dev", "prod"]);
    assert!(h[1].current);
    assert_eq!(h[0].description.as_deref(), Some("v2"));
}
