//! The resource policy and API key checks of a matched REST method (ROUTING.md sections 9
//! and 10), plugged into `auth::rest` through [`auth::Gates`] so they run where AWS runs
//! them: policy after authentication (an explicit Deny before a Lambda authorizer), keys
//! after both. Notes and caveats are collected here and handed to the verdict at the end.

use super::auth::{self, Denial};
use super::eval::Eval;
use super::url::Seg;
use super::{keys, resource_policy as rp};
use crate::domain::load::{Coverage, LoadError, PartKey, PartKind, Readiness};
use crate::domain::model::{AuthorizationType, Inventory, RestApi};
use crate::domain::policy::{Caller, Evaluation, Identity, Policy, RequestArn};

/// Why the gateway refuses a request on policy or key grounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessDenial {
    Policy(rp::PolicyDenial),
    Key(keys::KeyDenial),
}

/// One matched request's gates: what the policy and key checks need, and the sentences
/// they add to the explanation (`true`: the sentence lowers confidence to `likely`).
pub(crate) struct Access<'a> {
    pub inv: &'a Inventory,
    pub api: &'a RestApi,
    pub stage: String,
    pub auth: AuthorizationType,
    pub arn: RequestArn,
    pub caller: Caller,
    /// The parsed policy and its evaluation, once the first policy gate ran.
    pub policy: Option<(Policy, Evaluation)>,
    deny_checked: bool,
    notes: Vec<(String, bool)>,
    /// What the gates rest on: the account's parts they read (keys, plans, account id).
    cov: Option<&'a Coverage>,
    /// Parts a gate waits for: the verdict is pending on them.
    pub pending: Vec<PartKey>,
    /// Parts a gate needed that could not be read.
    pub unread: Vec<(PartKey, LoadError)>,
}

impl<'a> Access<'a> {
    /// The gates for `api` on the verdict's stage, for the request segments `segs` (the
    /// path after the stage or mapping).
    pub fn new(e: &Eval<'a>, api: &'a RestApi, auth: AuthorizationType, segs: &[Seg]) -> Self {
        let stage = e.v.stage.clone().unwrap_or_default();
        // The ARN costs allocations on every keystroke: only built when something reads it
        // (a resource policy, or the IAM note).
        let arn = if api.policy.is_some() || auth == AuthorizationType::AwsIam {
            let path: Vec<&str> = segs.iter().map(|s| s.text(e.path)).collect();
            rp::request_arn(e.inv, api, &stage, &e.v.method, &path.join("/"))
        } else {
            RequestArn {
                partition: String::new(),
                region: None,
                account: None,
                resource: String::new(),
                api_id: String::new(),
            }
        };
        let identity = if auth == AuthorizationType::AwsIam {
            Identity::Signed
        } else {
            Identity::Anonymous
        };
        Self {
            inv: e.inv,
            api,
            stage,
            auth,
            arn,
            caller: rp::caller_facts(&e.caller, api, identity),
            policy: None,
            deny_checked: false,
            notes: Vec::new(),
            cov: e.cov,
            pending: Vec::new(),
            unread: Vec::new(),
        }
    }

    /// Read from a live account as it goes (not a file or a finished whole load).
    pub fn is_live(&self) -> bool {
        self.cov.is_some_and(|c| !c.is_complete())
    }

    /// Whether an account part a gate reads is there: `Some(true)` read, `Some(false)`
    /// failed (recorded), `None` still coming (recorded: the verdict waits for it).
    pub fn account_part(&mut self, kind: PartKind) -> Option<bool> {
        let key = PartKey::account(kind);
        match self.cov.map_or(Readiness::Read, |c| c.get(&key)) {
            Readiness::Read => Some(true),
            Readiness::Failed(e) => {
                if !self.unread.iter().any(|(k, _)| *k == key) {
                    self.unread.push((key, e.clone()));
                }
                Some(false)
            }
            Readiness::Reading | Readiness::NotRead => {
                if !self.pending.contains(&key) {
                    self.pending.push(key);
                }
                None
            }
        }
    }

    pub fn note(&mut self, s: impl Into<String>) {
        self.notes.push((s.into(), false));
    }

    pub fn likely(&mut self, s: impl Into<String>) {
        self.notes.push((s.into(), true));
    }

    /// Hands the collected sentences to the verdict. For an AWS_IAM method whose policy
    /// gate never ran (unsigned, bad signature), the ARN and the IAM statement a signer
    /// needs are added here.
    pub fn finish(mut self, e: &mut Eval) {
        for key in std::mem::take(&mut self.pending) {
            e.refine(key);
        }
        for (key, _) in std::mem::take(&mut self.unread) {
            e.refine(key);
        }
        if self.auth == AuthorizationType::AwsIam && !self.deny_checked {
            let note = rp::iam_note(&self.arn);
            self.note(note);
        }
        for (n, likely) in self.notes {
            if likely {
                e.likely(n);
            } else {
                e.note(n);
            }
        }
    }
}

impl auth::Gates for Access<'_> {
    fn policy_before_authorizer(&mut self) -> Result<(), Denial> {
        self.deny_checked = true;
        rp::check_deny(self)
    }

    fn policy(&mut self) -> Result<(), Denial> {
        if !self.deny_checked {
            self.deny_checked = true;
            rp::check_deny(self)?;
        }
        rp::check_allow(self)
    }

    fn api_key(&mut self, value: &str) -> Result<(), Denial> {
        keys::check(self, value)
    }
}

/// The verdict for a policy or key refusal. `what` names the matched method.
pub(crate) fn deny(e: &mut Eval, api: &RestApi, d: AccessDenial, what: &str) {
    match d {
        AccessDenial::Policy(p) => rp::deny(e, api, p, what),
        AccessDenial::Key(k) => keys::deny(e, api, k, what),
    }
}
