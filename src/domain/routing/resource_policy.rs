//! Resource policies in the request flow (ROUTING.md section 10), after the AWS developer
//! guide's "How API Gateway resource policies affect authorization workflow"
//! (apigateway-authorization-flow):
//! - resource policy only (method authorization NONE): an explicit Allow is required; an
//!   implicit or explicit deny refuses the caller;
//! - Lambda authorizer: the policy is evaluated before the authorizer for explicit Denies
//!   ("the caller is denied access immediately"), then with the authorizer's returned
//!   policy by Table A (either may allow, a Deny in either wins);
//! - IAM: same account by Table A (the caller's IAM policy or the resource policy may
//!   allow), another account by Table B (both must allow);
//! - Amazon Cognito: after the token is authenticated, by Table B (the resource policy
//!   must allow).
//!
//! Refusals answer 403 `AccessDeniedException` with a capital-M body:
//! `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on
//! resource: arn:aws:execute-api:…:********9012:abc123/prod/GET/items"}`, ending in
//! ` with an explicit deny` for an explicit Deny.

use super::access::{Access, AccessDenial};
use super::auth::Denial;
use super::eval::Eval;
use super::explain;
use super::gateway_response as gw;
use super::verdict::{CallerContext, Reason};
use crate::domain::load::PartKind;
use crate::domain::model::{AuthorizationType, EndpointType, Inventory, RestApi};
use crate::domain::policy::{
    evaluate, parse, Caller, Effect, Fact, Identity, Policy, RequestArn, Tri,
};

/// A resource policy refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyDenial {
    /// An explicit Deny applies (`policy_denied`), else no Allow does (`policy_not_allowed`).
    pub explicit: bool,
    pub arn: RequestArn,
    pub identity: Identity,
    pub auth: AuthorizationType,
    /// `label: summary` of the Deny statements that apply (explicit), or of every Allow
    /// statement (none of which applies).
    pub statements: Vec<String>,
}

/// `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`.
pub(crate) fn request_arn(
    inv: &Inventory,
    api: &RestApi,
    stage: &str,
    method: &str,
    path: &str,
) -> RequestArn {
    crate::domain::policy::method_arn(
        inv.region.as_deref(),
        inv.account_id.as_deref(),
        &api.id,
        stage,
        method,
        path,
    )
}

/// What the policy conditions can test. `aws:SourceVpce` / `aws:SourceVpc` exist only for
/// requests through an interface VPC endpoint, i.e. to a PRIVATE API: for any other API
/// they are absent unless the user says otherwise.
pub fn caller_facts(ctx: &CallerContext, api: &RestApi, identity: Identity) -> Caller {
    let fact = |v: &Option<String>| match v {
        Some(x) => Fact::Known(x.clone()),
        None if api.endpoint_type != EndpointType::Private => Fact::Absent,
        None => Fact::Unknown,
    };
    Caller {
        source_ip: ctx.source_ip,
        vpce: fact(&ctx.vpce),
        vpc: fact(&ctx.vpc),
        identity,
    }
}

/// The account as AWS shows it in the message: all but the last four digits masked.
pub fn mask_account(account: Option<&str>) -> String {
    match account {
        Some(a) if a.chars().count() > 4 => {
            let n = a.chars().count();
            let tail: String = a.chars().skip(n - 4).collect();
            format!("{}{tail}", "*".repeat(n - 4))
        }
        _ => "************".to_string(),
    }
}

/// The AccessDeniedException message.
pub fn message(d: &PolicyDenial) -> String {
    let user = match d.identity {
        Identity::Anonymous => "anonymous",
        Identity::Signed => "<the signer's ARN>",
    };
    format!(
        "User: {user} is not authorized to perform: execute-api:Invoke on resource: {}{}",
        d.arn.to_arn(&mask_account(d.arn.account.as_deref())),
        if d.explicit {
            " with an explicit deny"
        } else {
            ""
        }
    )
}

fn labelled(p: &Policy, effect: Effect, only: Option<&[usize]>) -> Vec<String> {
    p.statements
        .iter()
        .enumerate()
        .filter(|(i, s)| s.effect == effect && only.is_none_or(|o| o.contains(i)))
        .map(|(i, s)| format!("{}: {}", s.label(i), s.summary()))
        .collect()
}

/// The first policy gate: parses and evaluates the policy; an explicit Deny that applies
/// refuses the request.
pub(crate) fn check_deny(a: &mut Access) -> Result<(), Denial> {
    let Some(text) = a.api.policy.as_deref().filter(|t| !t.trim().is_empty()) else {
        return Ok(());
    };
    // The ARN a policy is evaluated against (and AWS's message) names the account.
    if a.account_part(PartKind::Account).is_none() {
        return Ok(());
    }
    let policy = match parse(text) {
        Ok(p) => p,
        Err(e) => {
            a.likely(format!("{e}, so whether it allows this request is unknown (AWS would not have accepted it as it reads here)."));
            return Ok(());
        }
    };
    let ev = evaluate(&policy, &a.arn, &a.caller);
    if a.arn.account.is_none() {
        a.note("The account id is unknown, so the ARNs in the resource policy are assumed to name this API's account.");
    }
    match ev.deny {
        Tri::Yes => {
            let hit: Vec<usize> = ev.of(Effect::Deny, Tri::Yes).map(|f| f.index).collect();
            return Err(Denial::Access(Box::new(AccessDenial::Policy(
                PolicyDenial {
                    explicit: true,
                    arn: a.arn.clone(),
                    identity: a.caller.identity,
                    auth: a.auth,
                    statements: labelled(&policy, Effect::Deny, Some(&hit)),
                },
            ))));
        }
        Tri::Depends => {
            let which: Vec<String> = ev
                .of(Effect::Deny, Tri::Depends)
                .map(|f| f.summary.clone())
                .collect();
            a.likely(format!(
                "The resource policy denies this request depending on {} ({}): a caller it matches gets 403 AccessDeniedException (policy_denied).",
                ev.depends_on(Effect::Deny).join(", "),
                which.join("; ")
            ));
        }
        Tri::No => {}
    }
    a.policy = Some((policy, ev));
    Ok(())
}

/// The second policy gate, after authentication: whether an Allow is needed, by the
/// method's authorization (the developer guide's flows and Tables A/B).
pub(crate) fn check_allow(a: &mut Access) -> Result<(), Denial> {
    if a.auth == AuthorizationType::AwsIam {
        let note = iam_note(&a.arn);
        a.note(note);
    }
    let Some((policy, ev)) = a.policy.take() else {
        return Ok(());
    };
    let depends = ev.depends_on(Effect::Allow).join(", ");
    match (a.auth, ev.allow) {
        (_, Tri::Yes) => {
            let by: Vec<String> = ev
                .of(Effect::Allow, Tri::Yes)
                .map(|f| f.label.clone())
                .collect();
            a.note(format!(
                "The resource policy allows it ({}).",
                by.join(", ")
            ));
        }
        (AuthorizationType::None | AuthorizationType::CognitoUserPools, Tri::No) => {
            return Err(Denial::Access(Box::new(AccessDenial::Policy(
                PolicyDenial {
                    explicit: false,
                    arn: a.arn.clone(),
                    identity: a.caller.identity,
                    auth: a.auth,
                    statements: labelled(&policy, Effect::Allow, None),
                },
            ))));
        }
        (AuthorizationType::None | AuthorizationType::CognitoUserPools, Tri::Depends) => {
            a.likely(format!("The resource policy allows this request only depending on {depends}: a caller it does not match gets 403 AccessDeniedException (policy_not_allowed)."));
        }
        (AuthorizationType::AwsIam, _) => {
            let on = if depends.is_empty() {
                String::new()
            } else {
                format!(" (or only depending on {depends})")
            };
            a.likely(format!("No statement of the resource policy allows this caller by itself{on}. With AWS_IAM a caller in the API's own account is still allowed when its IAM policy allows execute-api:Invoke (either may allow: the developer guide's Table A); a caller from another account needs both (Table B). So it depends on the caller's IAM policy."));
        }
        (_, _) => {
            a.note("No statement of the resource policy allows this by itself; with a Lambda authorizer the policy the authorizer returns may allow it (either may allow: the developer guide's Table A).");
        }
    }
    Ok(())
}

/// The ARN and the IAM statement a signer needs, for AWS_IAM methods.
pub(crate) fn iam_note(arn: &RequestArn) -> String {
    let full = arn.to_arn(arn.account.as_deref().unwrap_or("<account-id>"));
    format!(
        "The request's ARN is {full}; the signer's IAM policy needs: {}",
        statement_json(&full, None)
    )
}

/// One policy statement allowing `execute-api:Invoke` on `resource`, as JSON.
fn statement_json(resource: &str, principal: Option<&str>) -> String {
    let mut m = serde_json::Map::new();
    m.insert("Effect".into(), "Allow".into());
    if let Some(p) = principal {
        m.insert("Principal".into(), p.into());
    }
    m.insert("Action".into(), "execute-api:Invoke".into());
    m.insert("Resource".into(), resource.into());
    serde_json::Value::Object(m).to_string()
}

/// The verdict for a resource-policy refusal.
pub(crate) fn deny(e: &mut Eval, api: &RestApi, d: PolicyDenial, what: &str) {
    let reason = if d.explicit {
        Reason::PolicyDenied
    } else {
        Reason::PolicyNotAllowed
    };
    let msg = message(&d);
    gw::answer(e, api, reason, gw::ACCESS_DENIED, Some(msg.clone()));
    let body = serde_json::json!({ "Message": msg }).to_string();
    let stage = e.v.stage.clone().unwrap_or_default();
    let list = d.statements.join("; ");
    e.v.explanation = if d.explicit {
        format!("{what}: the API's resource policy explicitly denies this request ({list}). An explicit Deny wins over every Allow (with a Lambda authorizer it stops the request before the authorizer runs), so API Gateway answers 403 AccessDeniedException with the body {body} (capital M). Call from where the policy allows, or change the policy and redeploy: a resource policy change reaches callers only after a deployment.")
    } else {
        let flow = if d.auth == AuthorizationType::CognitoUserPools {
            "With a Cognito authorizer the token and the resource policy must both allow (the developer guide's Table B)"
        } else {
            "With no authorization on the method the resource policy alone decides, and it needs an explicit Allow"
        };
        let have = if list.is_empty() {
            "it has no Allow statement".to_string()
        } else {
            format!("its Allow statements: {list}")
        };
        let path = d.arn.resource.split_once('/').map_or("", |x| x.1);
        format!("{what}: no statement of the API's resource policy allows this caller ({have}). {flow}, so API Gateway answers 403 AccessDeniedException with the body {body} (capital M). Add an Allow such as {} and redeploy: a resource policy change reaches callers only after a deployment.", statement_json(&format!("execute-api:/{path}"), Some("*")))
    };
    if d.identity == Identity::Signed {
        e.likely("For a signed caller AWS names its IAM identity in place of `anonymous` in the message.");
    }
    e.v.suggestions = vec![
        format!("aws apigateway get-rest-api --rest-api-id {} --query policy --output text", api.id),
        format!("aws apigateway update-rest-api --rest-api-id {} --patch-operations op=replace,path=/policy,value='<policy JSON>'", api.id),
        explain::deploy_command_rest(&api.id, &stage),
    ];
}
