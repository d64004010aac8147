//! How policy statements match: resources, actions, principals, conditions, masking, custom
//! domains, gateway responses, HTTP APIs.

use super::*;

#[test]
fn resources_match_full_arns_wildcards_the_root_slash_and_not_resource() {
    let full = "arn:aws:execute-api:eu-west-1:123456789012:abc123/*/GET/";
    let inv = account(
        AuthorizationType::None,
        Some(policy(&[stmt("Allow", full, None)])),
    );
    assert_eq!(
        get(&inv, &u("/prod/")).reason,
        Reason::Matched,
        "the root's ARN ends in /"
    );
    assert_eq!(
        get(&inv, &u("/prod/items")).reason,
        Reason::PolicyNotAllowed
    );
    let other_account = "arn:aws:execute-api:eu-west-1:999999999999:abc123/*";
    let inv = account(
        AuthorizationType::None,
        Some(policy(&[stmt("Allow", other_account, None)])),
    );
    assert_eq!(
        get(&inv, &u("/prod/items")).reason,
        Reason::PolicyNotAllowed
    );
    let not =
        r#"{"Effect":"Deny","Principal":"*","Action":"*","NotResource":"execute-api:/prod/GET/"}"#
            .to_string();
    let inv = account(
        AuthorizationType::None,
        Some(policy(&[stmt("Allow", "*", None), not])),
    );
    assert_eq!(get(&inv, &u("/prod/")).reason, Reason::Matched);
    assert_eq!(get(&inv, &u("/prod/items")).reason, Reason::PolicyDenied);
}

#[test]
fn actions_and_not_actions_match_execute_api_invoke() {
    for (action, applies) in [
        ("execute-api:Invoke", true),
        ("execute-api:*", true),
        ("*", true),
        ("execute-api:ManageConnections", false),
    ] {
        let s =
            format!(r#"{{"Effect":"Deny","Principal":"*","Action":"{action}","Resource":"*"}}"#);
        let v = get(
            &account(
                AuthorizationType::None,
                Some(policy(&[stmt("Allow", "*", None), s])),
            ),
            &u("/prod/items"),
        );
        assert_eq!(v.reason == Reason::PolicyDenied, applies, "{action}");
    }
    let s = r#"{"Effect":"Deny","Principal":"*","NotAction":"execute-api:Invoke","Resource":"*"}"#
        .to_string();
    let v = get(
        &account(
            AuthorizationType::None,
            Some(policy(&[stmt("Allow", "*", None), s])),
        ),
        &u("/prod/items"),
    );
    assert_eq!(v.reason, Reason::Matched);
}

#[test]
fn a_named_principal_never_matches_an_anonymous_caller() {
    let s = r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/ci"},"Action":"execute-api:Invoke","Resource":"*"}"#.to_string();
    let v = get(
        &account(
            AuthorizationType::None,
            Some(policy(std::slice::from_ref(&s))),
        ),
        &u("/prod/items"),
    );
    assert_eq!(v.reason, Reason::PolicyNotAllowed);
    let mut r = req("GET", &u("/prod/items"));
    r.signed = true;
    let v = run(&account(AuthorizationType::AwsIam, Some(policy(&[s]))), r);
    assert_eq!(
        (v.reason, v.confidence),
        (Reason::Matched, Confidence::Likely)
    );
    assert!(
        v.explanation.contains("who signs the request"),
        "{}",
        v.explanation
    );
}

#[test]
fn an_unsupported_condition_depends_on_the_caller_and_names_the_key() {
    let cond = r#"{"StringEquals":{"aws:PrincipalOrgID":"o-123"}}"#;
    let v = get(
        &account(
            AuthorizationType::None,
            Some(policy(&[stmt("Allow", "*", Some(cond))])),
        ),
        &u("/prod/items"),
    );
    assert_eq!(v.confidence, Confidence::Likely);
    assert!(
        v.explanation.contains("aws:PrincipalOrgID"),
        "{}",
        v.explanation
    );
}

#[test]
fn an_unknown_account_is_masked_entirely() {
    let mut inv = account(
        AuthorizationType::None,
        Some(policy(&[stmt("Deny", "*", None)])),
    );
    inv.account_id = None;
    let v = get(&inv, &u("/prod/items"));
    assert_eq!(v.reason, Reason::PolicyDenied);
    assert!(
        v.message
            .as_deref()
            .unwrap_or("")
            .contains(":************:abc123/prod/GET/items"),
        "{:?}",
        v.message
    );
}

#[test]
fn through_a_custom_domain_the_arn_holds_the_path_after_the_base_path() {
    let mut inv = account(
        AuthorizationType::None,
        Some(policy(&[
            stmt("Deny", "execute-api:/prod/GET/items", None),
            stmt("Allow", "*", None),
        ])),
    );
    inv.domains
        .push(domain("api.example.com", vec![mapping("shop", ID, "prod")]));
    let v = get(&inv, "https://api.example.com/shop/items");
    access_denied(&v, Reason::PolicyDenied, true);
}

#[test]
fn a_customised_access_denied_response_changes_the_status_and_keeps_the_reason() {
    let mut inv = account(
        AuthorizationType::None,
        Some(policy(&[stmt("Deny", "*", None)])),
    );
    inv.rest_apis[0].gateway_responses.push(GatewayResponse {
        response_type: "ACCESS_DENIED".into(),
        status_code: Some("404".into()),
        ..GatewayResponse::default()
    });
    let v = get(&inv, &u("/prod/items"));
    assert_eq!((v.reason, v.status), (Reason::PolicyDenied, Some(404)));
}

#[test]
fn http_apis_have_no_resource_policy_or_keys_so_nothing_changes() {
    let inv = inv(vec![], vec![http("h1", &["GET /items"])], vec![]);
    let v = call(
        &inv,
        req("GET", &format!("{}/items", host("h1"))),
        from_ip("203.0.113.9"),
    );
    assert_eq!(v.reason, Reason::Matched);
}
