//! One request against one policy: which statements apply (yes / no / depends on the
//! caller), and whether an explicit Deny and an Allow apply.

use std::net::IpAddr;

use super::condition;
use super::glob::glob_match;
use super::parse::{Effect, Items, Policy, Principal, Statement};
use super::INVOKE;

/// Three-valued: applies, does not, or depends on something not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tri {
    Yes,
    No,
    Depends,
}

impl From<bool> for Tri {
    fn from(b: bool) -> Self {
        if b {
            Tri::Yes
        } else {
            Tri::No
        }
    }
}

impl Tri {
    /// Logical AND: any No is No; else any Depends is Depends.
    fn and(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Depends, _) | (_, Tri::Depends) => Tri::Depends,
            _ => Tri::Yes,
        }
    }

    /// Logical OR: any Yes is Yes; else any Depends is Depends.
    fn or(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
            (Tri::Depends, _) | (_, Tri::Depends) => Tri::Depends,
            _ => Tri::No,
        }
    }
}

/// A fact about the caller: known, known to be absent (no such key in the request
/// context), or not given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Fact {
    Known(String),
    Absent,
    #[default]
    Unknown,
}

/// Who signs the request, as far as the gateway sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Identity {
    /// Unsigned, or a method without IAM authorization: `User: anonymous`.
    #[default]
    Anonymous,
    /// SigV4-signed to an `AWS_IAM` method: some IAM principal, not known here.
    Signed,
}

/// What is known of the caller.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Caller {
    pub source_ip: Option<IpAddr>,
    pub vpce: Fact,
    pub vpc: Fact,
    pub identity: Identity,
}

/// The request's execute-api ARN, by component. An unknown region or account matches any
/// value in a policy (the policy is the API's own, so it names its own account).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestArn {
    pub partition: String,
    pub region: Option<String>,
    pub account: Option<String>,
    /// `{apiId}/{stage}/{METHOD}/{path}` (the root ends in `/`).
    pub resource: String,
    /// The API id (for the `execute-api:/…` shorthand).
    pub api_id: String,
}

impl RequestArn {
    /// The ARN as AWS prints it, with the account as given (`mask` for messages).
    pub fn to_arn(&self, account: &str) -> String {
        format!(
            "arn:{}:execute-api:{}:{account}:{}",
            self.partition,
            self.region.as_deref().unwrap_or("*"),
            self.resource
        )
    }
}

/// How one statement relates to the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub index: usize,
    pub label: String,
    /// The statement in one line ([`Statement::summary`]).
    pub summary: String,
    pub effect: Effect,
    pub applies: Tri,
    /// When `applies` is `Depends`: the facts that would decide it.
    pub depends_on: Vec<String>,
}

/// A policy's answer for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// Does an explicit Deny apply?
    pub deny: Tri,
    /// Does an Allow apply?
    pub allow: Tri,
    /// Statements that apply or may apply (`applies` Yes or Depends), in policy order.
    pub findings: Vec<Finding>,
}

impl Evaluation {
    /// Findings of one effect that apply (Yes) or may apply (Depends).
    pub fn of(&self, effect: Effect, applies: Tri) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |f| f.effect == effect && f.applies == applies)
    }

    /// Every fact some finding of this effect depends on, without repeats.
    pub fn depends_on(&self, effect: Effect) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in self.of(effect, Tri::Depends) {
            for d in &f.depends_on {
                if !out.contains(d) {
                    out.push(d.clone());
                }
            }
        }
        out
    }
}

/// Evaluates `execute-api:Invoke` on `arn` by `caller` against `policy`.
pub fn evaluate(policy: &Policy, arn: &RequestArn, caller: &Caller) -> Evaluation {
    let mut deny = Tri::No;
    let mut allow = Tri::No;
    let mut findings = Vec::new();
    for (i, s) in policy.statements.iter().enumerate() {
        let (applies, depends_on) = statement(s, arn, caller);
        match s.effect {
            Effect::Deny => deny = deny.or(applies),
            Effect::Allow => allow = allow.or(applies),
        }
        if applies != Tri::No {
            findings.push(Finding {
                index: i,
                label: s.label(i),
                summary: s.summary(),
                effect: s.effect,
                applies,
                depends_on,
            });
        }
    }
    Evaluation {
        deny,
        allow,
        findings,
    }
}

fn statement(s: &Statement, arn: &RequestArn, caller: &Caller) -> (Tri, Vec<String>) {
    let mut depends = Vec::new();
    let action = Tri::from(items(&s.action, |p| glob_match(p, INVOKE, true)));
    let resource = Tri::from(items(&s.resource, |p| resource_matches(p, arn)));
    let (principal, why) = principal(&s.principal, caller.identity);
    depends.extend(why);
    let mut t = action.and(resource).and(principal);
    for c in &s.conditions {
        let (r, why) = condition::check(c, caller);
        if r == Tri::Depends {
            depends.extend(why);
        }
        t = t.and(r);
    }
    if t != Tri::Depends {
        depends.clear();
    }
    (t, depends)
}

/// `Action`/`Resource` match when any pattern matches; `Not…` when none does.
fn items(i: &Items, hit: impl Fn(&str) -> bool) -> bool {
    match i {
        Items::Is(ps) => ps.iter().any(|p| hit(p)),
        Items::Not(ps) => !ps.iter().any(|p| hit(p)),
    }
}

fn principal(p: &Principal, who: Identity) -> (Tri, Option<String>) {
    match (p, who) {
        (Principal::Any, _) => (Tri::Yes, None),
        // An unsigned caller is `anonymous`: a named principal is never it.
        (Principal::Named(_), Identity::Anonymous) => (Tri::No, None),
        (Principal::Named(list), Identity::Signed) => (
            Tri::Depends,
            Some(format!(
                "who signs the request (Principal {})",
                list.join(", ")
            )),
        ),
        (Principal::Not(_), Identity::Anonymous) => (Tri::Yes, None),
        (Principal::Not(list), Identity::Signed) => (
            Tri::Depends,
            Some(format!(
                "who signs the request (NotPrincipal {})",
                list.join(", ")
            )),
        ),
    }
}

/// A policy resource against the request ARN: `*`, the `execute-api:/…` shorthand, or an
/// ARN matched component by component (wildcards do not cross `:` but do cross `/`).
fn resource_matches(pattern: &str, arn: &RequestArn) -> bool {
    let p = pattern.trim();
    if p == "*" {
        return true;
    }
    if let Some(rest) = p.strip_prefix("execute-api:") {
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        return glob_match(&format!("{}/{rest}", arn.api_id), &arn.resource, false);
    }
    let parts: Vec<&str> = p.splitn(6, ':').collect();
    let [arn_word, partition, service, region, account, resource] = parts[..] else {
        return false;
    };
    let any_or = |pat: &str, v: Option<&str>| v.is_none_or(|v| glob_match(pat, v, false));
    glob_match(arn_word, "arn", false)
        && glob_match(partition, &arn.partition, false)
        && glob_match(service, "execute-api", false)
        && any_or(region, arn.region.as_deref())
        && any_or(account, arn.account.as_deref())
        && glob_match(resource, &arn.resource, false)
}
