//! REST API routing rules (shared/ROUTING.md sections 1, 2, 5, 6), one test per behaviour.

use crate::routing_support::*;
use apigw::domain::model::*;
use apigw::domain::routing::{evaluate, Confidence, MatchContext, Reason, Request};

mod auth;
mod cors;
mod gateway_responses;

const ID: &str = "abcde12345";

fn u(path: &str) -> String {
    format!("{}{path}", host(ID))
}

fn one(resources: &[(&str, &[&str])]) -> Inventory {
    inv(vec![rest(ID, resources)], vec![], vec![])
}

#[test]
fn rest_execute_api_host_selects_api_and_first_segment_is_stage() {
    let inv = one(&[("/", &[]), ("/pets", &["GET"])]);
    let v = get(&inv, &u("/prod/pets"));
    matched(&v, "/pets");
    assert_eq!(v.api.as_ref().unwrap().id, ID);
    assert_eq!(v.stage.as_deref(), Some("prod"));
    assert_eq!(v.exit_code(), 0);
}

#[test]
fn rest_host_is_case_insensitive_but_path_is_case_sensitive() {
    let inv = one(&[("/pets", &["GET"])]);
    let loud = format!(
        "https://{}.EXECUTE-API.{REGION}.amazonaws.com:443/prod/pets",
        ID.to_uppercase()
    );
    matched(&get(&inv, &loud), "/pets");
    let v = get(&inv, &u("/prod/Pets"));
    assert_eq!(v.reason, Reason::NoResource);
}

#[test]
fn rest_query_string_and_fragment_are_ignored() {
    let inv = one(&[("/pets", &["GET"])]);
    matched(&get(&inv, &u("/prod/pets?limit=1&x=/y#frag")), "/pets");
}

#[test]
fn rest_unknown_stage_is_403_forbidden_with_closest_stage_suggested() {
    let inv = one(&[("/pets", &["GET"])]);
    let v = get(&inv, &u("/prd/pets"));
    assert_eq!(v.reason, Reason::StageNotFound);
    assert_eq!(
        (v.status, v.message.as_deref()),
        (Some(403), Some("Forbidden"))
    );
    assert_eq!(v.error_type.as_deref(), Some("ForbiddenException"));
    assert_eq!(v.suggestions.first().map(String::as_str), Some("prod"));
    assert_eq!(
        v.progress.failed,
        Some((1, 4)),
        "the stage segment is marked"
    );
}

#[test]
fn rest_empty_path_is_stage_not_found() {
    let inv = one(&[("/pets", &["GET"])]);
    for url in [host(ID), u("/")] {
        let v = get(&inv, &url);
        assert_eq!(v.reason, Reason::StageNotFound, "{url}");
        assert!(v.explanation.contains("no stage"), "{}", v.explanation);
    }
}

#[test]
fn rest_stage_with_or_without_slash_reaches_the_root_resource_low_confidence() {
    let inv = one(&[("/", &["GET"])]);
    for p in ["/prod", "/prod/"] {
        let v = get(&inv, &u(p));
        matched(&v, "/");
        assert_eq!(v.confidence, Confidence::Likely);
    }
}

#[test]
fn rest_static_segment_beats_param() {
    let inv = one(&[("/pets/{id}", &["GET"]), ("/pets/mine", &["GET"])]);
    matched(&get(&inv, &u("/prod/pets/mine")), "/pets/mine");
    let v = get(&inv, &u("/prod/pets/7"));
    matched(&v, "/pets/{id}");
    assert_eq!(v.path_params.get("id").map(String::as_str), Some("7"));
}

#[test]
fn rest_param_beats_greedy() {
    let inv = one(&[("/a/{id}", &["GET"]), ("/a/{rest+}", &["GET"])]);
    matched(&get(&inv, &u("/prod/a/1")), "/a/{id}");
    let v = get(&inv, &u("/prod/a/1/2"));
    matched(&v, "/a/{rest+}");
    assert_eq!(v.path_params.get("rest").map(String::as_str), Some("1/2"));
}

#[test]
fn rest_backtracks_to_greedy_when_the_static_branch_dead_ends() {
    let inv = one(&[("/part1", &["GET"]), ("/{p+}", &["GET"])]);
    let v = get(&inv, &u("/prod/part1/x"));
    matched(&v, "/{p+}");
    assert_eq!(v.path_params.get("p").map(String::as_str), Some("part1/x"));
}

#[test]
fn rest_greedy_variable_never_matches_zero_segments() {
    let inv = one(&[("/", &[]), ("/{proxy+}", &["ANY"])]);
    let v = get(&inv, &u("/prod/"));
    assert_eq!(v.reason, Reason::NoMethod, "root exists without methods");
    matched(&get(&inv, &u("/prod/x")), "/{proxy+}");
}

#[test]
fn rest_greedy_value_keeps_inner_double_slash_and_drops_trailing_slash() {
    let inv = one(&[("/files/{key+}", &["GET"])]);
    let v = get(&inv, &u("/prod/files/a//b/"));
    matched(&v, "/files/{key+}");
    assert_eq!(v.path_params.get("key").map(String::as_str), Some("a//b"));
}

#[test]
fn rest_param_matches_exactly_one_non_empty_segment() {
    let inv = one(&[("/pets/{id}", &["GET"])]);
    assert_eq!(get(&inv, &u("/prod/pets/1/2")).reason, Reason::NoResource);
    assert_eq!(get(&inv, &u("/prod/pets//")).reason, Reason::NoResource);
}

#[test]
fn rest_exact_method_beats_any() {
    let mut api = rest(ID, &[("/pets", &["ANY", "GET"])]);
    method_mut(&mut api, "/pets", "GET").api_key_required = true;
    deploy(&mut api, "prod", "dep1");
    let inv = inv(vec![api], vec![], vec![]);
    let v = get(&inv, &u("/prod/pets"));
    assert_eq!(v.matched_method.as_deref(), Some("GET"));
    assert_eq!(v.reason, Reason::ApiKeyMissing);
    let v = run(&inv, req("POST", &u("/prod/pets")));
    assert_eq!(v.matched_method.as_deref(), Some("ANY"));
}

#[test]
fn rest_head_is_not_implied_by_get() {
    let inv = one(&[("/pets", &["GET"])]);
    let v = run(&inv, req("HEAD", &u("/prod/pets")));
    assert_eq!(v.reason, Reason::NoMethod);
    assert!(v.explanation.contains("HEAD is not implied by GET"));
}

#[test]
fn rest_method_falls_back_to_the_next_best_resource_that_has_it() {
    let inv = one(&[("/orders", &["GET"]), ("/{proxy+}", &["ANY"])]);
    let v = run(&inv, req("DELETE", &u("/prod/orders")));
    matched(&v, "/{proxy+}");
    assert_eq!(v.matched_method.as_deref(), Some("ANY"));
}

#[test]
fn rest_no_resource_is_403_missing_authentication_token_naming_the_cause() {
    let inv = one(&[("/orders/{id}/items", &["GET"])]);
    let v = get(&inv, &u("/prod/orders/1/itmes"));
    assert_eq!(v.reason, Reason::NoResource);
    assert_eq!(
        (v.status, v.message.as_deref()),
        (Some(403), Some("Missing Authentication Token"))
    );
    assert_eq!(
        v.error_type.as_deref(),
        Some("MissingAuthenticationTokenException")
    );
    assert!(v.explanation.contains("no such route"), "{}", v.explanation);
    assert!(v.explanation.contains("not deployed") && v.explanation.contains("unsigned"));
    assert_eq!(
        v.suggestions.first().map(String::as_str),
        Some("/orders/{id}/items")
    );
    let path = "/prod/orders/1/itmes";
    assert_eq!(v.progress.failed, Some((path.len() - 5, path.len())));
    assert_eq!(v.progress.matched_len, path.len() - 5);
}

#[test]
fn rest_no_method_lists_the_methods_the_resource_has() {
    let inv = one(&[("/pets", &["GET", "POST"])]);
    let v = run(&inv, req("PATCH", &u("/prod/pets")));
    assert_eq!(v.reason, Reason::NoMethod);
    assert_eq!(v.status, Some(403));
    assert_eq!(v.resource.as_deref(), Some("/pets"));
    assert!(v.explanation.contains("GET, POST"), "{}", v.explanation);
}

#[test]
fn rest_bearer_token_on_a_missing_route_gives_an_incomplete_signature_message() {
    let inv = one(&[("/pets", &["GET"])]);
    let v = run(
        &inv,
        req("GET", &u("/prod/nope")).with_header("Authorization", "Bearer x"),
    );
    assert_eq!(
        v.reason,
        Reason::NoResource,
        "the cause stays the missing route"
    );
    assert_eq!(v.status, Some(403));
    assert_eq!(
        v.message.as_deref(),
        Some("'x' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer x'.")
    );
    assert_eq!(
        v.error_type.as_deref(),
        Some("IncompleteSignatureException")
    );
    assert_eq!(v.confidence, Confidence::Likely);
    assert!(v.explanation.contains("no such route"));
}

#[test]
fn rest_trailing_slash_is_ignored() {
    let inv = one(&[("/pets", &["GET"])]);
    matched(&get(&inv, &u("/prod/pets/")), "/pets");
}

#[test]
fn rest_trailing_slash_never_fills_a_final_param() {
    let inv = one(&[("/pets/{id}", &["GET"])]);
    assert_eq!(get(&inv, &u("/prod/pets/")).reason, Reason::NoResource);
}

#[test]
fn rest_encoded_slash_does_not_separate_segments() {
    let inv = one(&[("/r/{id}", &["GET"])]);
    let v = get(&inv, &u("/prod/r/my-id%2F100"));
    matched(&v, "/r/{id}");
    assert_eq!(
        v.path_params.get("id").map(String::as_str),
        Some("my-id%2F100")
    );
    assert_eq!(
        v.confidence,
        Confidence::Likely,
        "encoded values are low confidence"
    );
}

#[test]
fn rest_leading_double_slash_and_slashes_after_the_stage_collapse() {
    let inv = one(&[("/orders", &["GET"])]);
    matched(&get(&inv, &u("//prod/orders")), "/orders");
    matched(&get(&inv, &u("/prod//orders")), "/orders");
}

#[test]
fn rest_resource_only_in_working_tree_is_not_deployed() {
    let mut api = rest(ID, &[("/orders", &["GET"])]);
    add(&mut api, "/orders/{id}/refunds", &["POST"]);
    let inv = inv(vec![api], vec![], vec![]);
    let v = run(&inv, req("POST", &u("/prod/orders/9/refunds")));
    assert_eq!(v.reason, Reason::NotDeployed);
    assert_eq!(v.message.as_deref(), Some("Missing Authentication Token"));
    assert!(v.deploy_would_fix);
    assert!(v
        .explanation
        .contains("create-deployment --rest-api-id abcde12345 --stage-name prod"));
    assert_eq!(v.path_params.get("id").map(String::as_str), Some("9"));
}

#[test]
fn rest_unknown_deployed_summary_routes_on_the_working_tree_as_likely() {
    let mut api = rest(ID, &[("/orders", &["GET"])]);
    api.deployments[0].summary = None;
    let inv = inv(vec![api], vec![], vec![]);
    let v = get(&inv, &u("/prod/orders"));
    matched(&v, "/orders");
    assert_eq!(v.confidence, Confidence::Likely);
    assert!(v.explanation.contains("unknown"), "{}", v.explanation);
}

#[test]
fn rest_canary_deployment_serving_a_route_reports_its_percentage() {
    let mut api = rest(ID, &[("/orders", &["GET"])]);
    add(&mut api, "/beta", &["GET"]);
    api.deployments.push(Deployment {
        id: "can1".into(),
        summary: Some(api.working_summary()),
        ..Deployment::default()
    });
    api.stages[0].canary = Some(CanarySettings {
        deployment_id: Some("can1".into()),
        percent_traffic: 10.0,
        ..CanarySettings::default()
    });
    let inv = inv(vec![api], vec![], vec![]);
    let v = get(&inv, &u("/prod/beta"));
    assert_eq!(v.confidence, Confidence::Likely);
    assert!(v.explanation.contains("10%"), "{}", v.explanation);
}

#[test]
fn rest_private_api_through_vpc_endpoint_hosts() {
    let mut api = rest(ID, &[("/pets", &["GET"])]);
    api.endpoint_type = EndpointType::Private;
    let inv = inv(vec![api], vec![], vec![]);
    let v = get(
        &inv,
        &format!("https://{ID}-vpce-0a1b2c3d.execute-api.{REGION}.amazonaws.com/prod/pets"),
    );
    matched(&v, "/pets");
    let vpce =
        format!("https://vpce-0a1b2c3d-xyz.execute-api.{REGION}.vpce.amazonaws.com/prod/pets");
    matched(
        &run(&inv, req("GET", &vpce).with_header("x-apigw-api-id", ID)),
        "/pets",
    );
    let host_hdr = format!("{ID}.execute-api.{REGION}.amazonaws.com");
    matched(
        &run(&inv, req("GET", &vpce).with_header("Host", &host_hdr)),
        "/pets",
    );
    assert_ne!(get(&inv, &vpce).reason, Reason::Matched, "no api id header");
}

#[test]
fn rest_unknown_host_lists_the_known_hosts() {
    let inv = one(&[("/pets", &["GET"])]);
    let v = get(&inv, "https://api.nowhere.example/prod/pets");
    assert_eq!(v.reason, Reason::UnknownHost);
    assert!(v
        .explanation
        .contains(&format!("{ID}.execute-api.{REGION}.amazonaws.com")));
    let v = get(
        &inv,
        &format!("https://zzzzz99999.execute-api.{REGION}.amazonaws.com/prod"),
    );
    assert_eq!(v.reason, Reason::UnknownHost);
    assert!(v.explanation.contains("zzzzz99999"));
    assert_eq!(v.exit_code(), 1);
}

#[test]
fn rest_bare_path_uses_the_selected_api_and_stage() {
    let mut api = rest(ID, &[("/pets", &["GET"])]);
    deploy(&mut api, "dev", "dep1");
    let inv = inv(vec![api], vec![], vec![]);
    let ctx = MatchContext {
        api: Some(ApiRef {
            kind: ApiKind::Rest,
            id: ID.into(),
        }),
        stage: Some("dev".into()),
        ..Default::default()
    };
    let v = evaluate(&inv, &req("GET", "/pets"), &ctx);
    matched(&v, "/pets");
    assert_eq!(v.stage.as_deref(), Some("dev"));
    let v = evaluate(&inv, &req("GET", "/prod/pets"), &ctx);
    assert_eq!(
        v.stage.as_deref(),
        Some("prod"),
        "a stage segment typed in the path wins"
    );
    let v = evaluate(&inv, &req("GET", "/pets"), &MatchContext::default());
    assert_eq!(v.reason, Reason::UnknownHost);
}

#[test]
fn rest_api_called_in_another_region_is_not_found_there() {
    let inv = one(&[("/pets", &["GET"])]);
    let v = get(
        &inv,
        &format!("https://{ID}.execute-api.us-east-1.amazonaws.com/prod/pets"),
    );
    assert_eq!((v.reason, v.status), (Reason::UnknownHost, Some(403)));
    assert!(v.explanation.contains(REGION), "{}", v.explanation);
    assert!(v.suggestions[0].contains(REGION));
}

#[test]
fn rest_percent_encoded_static_segment_is_low_confidence() {
    let inv = one(&[("/pets", &["GET"])]);
    let v = get(&inv, &u("/prod/p%65ts"));
    assert_eq!(v.reason, Reason::NoResource);
    assert_eq!(v.confidence, Confidence::Likely);
    assert!(
        v.explanation.contains("percent-encoded"),
        "{}",
        v.explanation
    );
}
