//! Resource policies (shared/ROUTING.md section 10) and how they combine with the
//! method's authorization (the AWS developer guide's "How API Gateway resource policies
//! affect authorization workflow"), one test per rule, from loaded configuration.

use crate::routing_support::*;
use apigw::domain::model::*;
use apigw::domain::routing::{
    evaluate, CallerContext, Confidence, MatchContext, Reason, Request, Verdict,
};

const ID: &str = "abc123";
const ACCOUNT: &str = "123456789012";

fn u(path: &str) -> String {
    format!("{}{path}", host(ID))
}

fn stmt(effect: &str, resource: &str, condition: Option<&str>) -> String {
    let c = condition
        .map(|c| format!(",\"Condition\":{c}"))
        .unwrap_or_default();
    format!(
        r#"{{"Effect":"{effect}","Principal":"*","Action":"execute-api:Invoke","Resource":"{resource}"{c}}}"#
    )
}

fn policy(statements: &[String]) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    )
}

/// `/items` (GET) and `/` (GET) with `auth`, the given policy, in us-east-1.
fn account(auth: AuthorizationType, pol: Option<String>) -> Inventory {
    let mut api = rest(ID, &[("/", &["GET"]), ("/items", &["GET"])]);
    for p in ["/", "/items"] {
        method_mut(&mut api, p, "GET").authorization_type = auth;
    }
    deploy(&mut api, "prod", "dep1");
    api.policy = pol;
    let mut inv = inv(vec![api], vec![], vec![]);
    inv.region = Some("eu-west-1".into());
    inv.account_id = Some(ACCOUNT.into());
    inv
}

fn call(inv: &Inventory, r: Request, caller: CallerContext) -> Verdict {
    let ctx = MatchContext {
        caller,
        ..MatchContext::default()
    };
    evaluate(inv, &r, &ctx)
}

fn from_ip(ip: &str) -> CallerContext {
    CallerContext {
        source_ip: ip.parse().ok(),
        ..CallerContext::default()
    }
}

const ARN: &str = "arn:aws:execute-api:eu-west-1:********9012:abc123/prod/GET/items";

fn access_denied(v: &Verdict, reason: Reason, explicit: bool) {
    let tail = if explicit {
        " with an explicit deny"
    } else {
        ""
    };
    let msg = format!(
        "User: anonymous is not authorized to perform: execute-api:Invoke on resource: {ARN}{tail}"
    );
    assert_eq!(
        (v.reason, v.status, v.error_type.as_deref()),
        (reason, Some(403), Some("AccessDeniedException")),
        "{}",
        v.explanation
    );
    assert_eq!(v.message.as_deref(), Some(msg.as_str()));
    assert!(v.explanation.contains("{\"Message\":"), "{}", v.explanation);
}

const ALLOW_ALL: &str = "execute-api:/*";

#[test]
fn an_explicit_deny_that_applies_is_policy_denied_with_the_masked_account() {
    let pol = policy(&[
        stmt("Allow", ALLOW_ALL, None),
        stmt("Deny", "execute-api:/*/GET/items", None),
    ]);
    let inv = account(AuthorizationType::None, Some(pol));
    let v = get(&inv, &u("/prod/items"));
    access_denied(&v, Reason::PolicyDenied, true);
    assert_eq!(v.confidence, Confidence::Certain);
    assert!(v
        .suggestions
        .iter()
        .any(|s| s.contains("update-rest-api --rest-api-id abc123")));
    assert!(v
        .suggestions
        .iter()
        .any(|s| s.contains("create-deployment")));
    assert_eq!(get(&inv, &u("/prod/")).reason, Reason::Matched);
}

#[test]
fn no_authorization_and_no_allow_is_policy_not_allowed() {
    let pol = policy(&[stmt("Allow", "execute-api:/prod/POST/*", None)]);
    let v = get(
        &account(AuthorizationType::None, Some(pol)),
        &u("/prod/items"),
    );
    access_denied(&v, Reason::PolicyNotAllowed, false);
    assert!(
        v.explanation.contains("Allow POST") || v.explanation.contains("execute-api:/prod/POST/*"),
        "{}",
        v.explanation
    );
    assert!(
        v.explanation
            .contains(r#""Resource":"execute-api:/prod/GET/items""#),
        "{}",
        v.explanation
    );
}

#[test]
fn an_allow_that_applies_lets_an_unauthenticated_request_through() {
    let inv = account(
        AuthorizationType::None,
        Some(policy(&[stmt("Allow", ALLOW_ALL, None)])),
    );
    let v = get(&inv, &u("/prod/items"));
    assert_eq!(v.reason, Reason::Matched, "{}", v.explanation);
    assert_eq!(v.confidence, Confidence::Certain);
}

#[test]
fn a_source_ip_condition_is_decided_by_the_callers_ip_or_depends_on_it() {
    let cond = r#"{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","198.51.100.7"]}}"#;
    let inv = account(
        AuthorizationType::None,
        Some(policy(&[stmt("Allow", ALLOW_ALL, Some(cond))])),
    );
    let r = || req("GET", &u("/prod/items"));
    assert_eq!(
        call(&inv, r(), from_ip("192.0.2.44")).reason,
        Reason::Matched
    );
    assert_eq!(
        call(&inv, r(), from_ip("198.51.100.7")).reason,
        Reason::Matched
    );
    access_denied(
        &call(&inv, r(), from_ip("203.0.113.9")),
        Reason::PolicyNotAllowed,
        false,
    );
    let unknown = call(&inv, r(), CallerContext::default());
    assert_eq!(unknown.confidence, Confidence::Likely);
    assert!(
        unknown.explanation.contains("aws:SourceIp") && unknown.explanation.contains("--source-ip"),
        "{}",
        unknown.explanation
    );
}

#[test]
fn a_deny_outside_an_ip_range_wins_over_an_allow_for_everyone() {
    let cond = r#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#;
    let inv = account(
        AuthorizationType::None,
        Some(policy(&[
            stmt("Allow", ALLOW_ALL, None),
            stmt("Deny", ALLOW_ALL, Some(cond)),
        ])),
    );
    let r = || req("GET", &u("/prod/items"));
    access_denied(
        &call(&inv, r(), from_ip("203.0.113.9")),
        Reason::PolicyDenied,
        true,
    );
    assert_eq!(call(&inv, r(), from_ip("10.2.3.4")).reason, Reason::Matched);
    let v = call(&inv, r(), CallerContext::default());
    assert_eq!(
        (v.reason, v.confidence),
        (Reason::Matched, Confidence::Likely)
    );
    assert!(v.explanation.contains("policy_denied"), "{}", v.explanation);
}

#[test]
fn a_private_api_deny_for_other_vpc_endpoints_uses_the_given_vpce() {
    let cond = r#"{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#;
    let mut inv = account(
        AuthorizationType::None,
        Some(policy(&[
            stmt("Allow", ALLOW_ALL, None),
            stmt("Deny", ALLOW_ALL, Some(cond)),
        ])),
    );
    inv.rest_apis[0].endpoint_type = EndpointType::Private;
    let r = || req("GET", &u("/prod/items"));
    let vpce = |id: &str| CallerContext {
        vpce: Some(id.into()),
        ..CallerContext::default()
    };
    assert_eq!(
        call(&inv, r(), vpce("vpce-1a2b3c4d")).reason,
        Reason::Matched
    );
    access_denied(
        &call(&inv, r(), vpce("vpce-99999999")),
        Reason::PolicyDenied,
        true,
    );
    let v = call(&inv, r(), CallerContext::default());
    assert_eq!(v.confidence, Confidence::Likely);
    assert!(v.explanation.contains("--vpce"), "{}", v.explanation);
}

#[test]
fn a_regional_api_has_no_source_vpce_so_a_deny_unless_vpce_applies() {
    let cond = r#"{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#;
    let inv = account(
        AuthorizationType::None,
        Some(policy(&[
            stmt("Allow", ALLOW_ALL, None),
            stmt("Deny", ALLOW_ALL, Some(cond)),
        ])),
    );
    let v = get(&inv, &u("/prod/items"));
    access_denied(&v, Reason::PolicyDenied, true);
    assert_eq!(v.confidence, Confidence::Certain);
}

#[test]
fn iam_with_no_allow_in_the_policy_depends_on_the_callers_iam_policy() {
    let pol = policy(&[stmt("Allow", "execute-api:/prod/POST/*", None)]);
    let inv = account(AuthorizationType::AwsIam, Some(pol));
    let mut r = req("GET", &u("/prod/items"));
    r.signed = true;
    let v = run(&inv, r);
    assert_eq!(
        (v.reason, v.confidence),
        (Reason::Matched, Confidence::Likely),
        "{}",
        v.explanation
    );
    for s in [
        "caller's IAM policy",
        "Table A",
        "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/items",
        r#"{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/items"}"#,
    ] {
        assert!(v.explanation.contains(s), "{s}: {}", v.explanation);
    }
    let unsigned = get(&inv, &u("/prod/items"));
    assert_eq!(unsigned.reason, Reason::IamUnsigned, "signature first");
    assert!(
        unsigned.explanation.contains(
            r#""Resource":"arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/items""#
        ),
        "{}",
        unsigned.explanation
    );
}

#[test]
fn iam_with_an_explicit_deny_is_policy_denied() {
    let inv = account(
        AuthorizationType::AwsIam,
        Some(policy(&[stmt("Deny", ALLOW_ALL, None)])),
    );
    let mut r = req("GET", &u("/prod/items"));
    r.signed = true;
    let v = run(&inv, r);
    assert_eq!(
        (v.reason, v.error_type.as_deref()),
        (Reason::PolicyDenied, Some("AccessDeniedException"))
    );
    assert_eq!(
        v.confidence,
        Confidence::Likely,
        "AWS names the signer, not anonymous"
    );
}

fn with_authorizer(kind: AuthorizerType, auth: AuthorizationType, pol: String) -> Inventory {
    let mut inv = account(auth, Some(pol));
    let api = &mut inv.rest_apis[0];
    api.authorizers.push(Authorizer {
        id: "au1".into(),
        name: "gate".into(),
        authorizer_type: kind,
        identity_sources: vec!["method.request.header.Authorization".into()],
        ..Authorizer::default()
    });
    method_mut(api, "/items", "GET").authorizer_id = Some("au1".into());
    deploy(api, "prod", "dep1");
    inv
}

#[test]
fn with_a_lambda_authorizer_an_explicit_deny_stops_the_request_before_the_authorizer() {
    let cond = r#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#;
    let inv = with_authorizer(
        AuthorizerType::Token,
        AuthorizationType::Custom,
        policy(&[stmt("Deny", ALLOW_ALL, Some(cond))]),
    );
    // No token at all: the Deny answers first (403), not the authorizer (401).
    let v = call(&inv, req("GET", &u("/prod/items")), from_ip("203.0.113.9"));
    access_denied(&v, Reason::PolicyDenied, true);
    let inside = call(&inv, req("GET", &u("/prod/items")), from_ip("10.0.0.1"));
    assert_eq!(inside.reason, Reason::IdentityMissing);
}

#[test]
fn with_a_lambda_authorizer_no_allow_is_left_to_the_authorizers_policy() {
    let inv = with_authorizer(
        AuthorizerType::Token,
        AuthorizationType::Custom,
        policy(&[stmt("Allow", "execute-api:/prod/POST/*", None)]),
    );
    let r = req("GET", &u("/prod/items")).with_header("Authorization", "tok");
    let v = run(&inv, r);
    assert_eq!(v.reason, Reason::Matched, "{}", v.explanation);
    assert!(v.explanation.contains("Table A"), "{}", v.explanation);
}

#[test]
fn with_cognito_the_token_is_checked_first_then_the_policy_must_allow() {
    let inv = with_authorizer(
        AuthorizerType::CognitoUserPools,
        AuthorizationType::CognitoUserPools,
        policy(&[stmt("Allow", "execute-api:/prod/POST/*", None)]),
    );
    assert_eq!(get(&inv, &u("/prod/items")).reason, Reason::IdentityMissing);
    let v = run(
        &inv,
        req("GET", &u("/prod/items")).with_header("Authorization", "tok"),
    );
    access_denied(&v, Reason::PolicyNotAllowed, false);
    assert!(v.explanation.contains("Table B"), "{}", v.explanation);
}

#[test]
fn an_unparsable_policy_makes_the_verdict_likely_with_the_parse_error() {
    let inv = account(AuthorizationType::None, Some("{\"Statement\": [".into()));
    let v = get(&inv, &u("/prod/items"));
    assert_eq!(
        (v.reason, v.confidence),
        (Reason::Matched, Confidence::Likely)
    );
    assert!(
        v.explanation.contains("cannot be parsed"),
        "{}",
        v.explanation
    );
}

#[test]
fn a_policy_escaped_once_more_by_aws_is_read_like_a_plain_one() {
    let pol = policy(&[stmt("Deny", ALLOW_ALL, None)]).replace('"', "\\\"");
    let v = get(
        &account(AuthorizationType::None, Some(pol)),
        &u("/prod/items"),
    );
    access_denied(&v, Reason::PolicyDenied, true);
}

mod matching;
