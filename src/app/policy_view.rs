//! The selected REST API's resource policy as Details shows it: each statement
//! pretty-printed and marked by whether it applies to the selected method (on the selected
//! stage, for the caller typed in the URL bar), and for `AWS_IAM` methods the method's ARN
//! and the IAM statement a signer needs. Rebuilt in `update()` when its inputs change.

use std::sync::Arc;

use super::state::State;
use crate::domain::model::{AuthorizationType, RestApi};
use crate::domain::policy::{
    evaluate, invoke_statement, method_arn, parse, statement_texts, Effect, Identity, Tri,
};
use crate::domain::routing::{caller_facts, CallerContext};

/// One statement with its mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementMark {
    pub label: String,
    pub effect: Effect,
    /// Whether it applies to the selected method (`None`: no method selected).
    pub applies: Option<Tri>,
    /// When it depends: on what.
    pub depends_on: Vec<String>,
    /// The statement as indented JSON.
    pub text: String,
}

/// What Details shows about the policy and IAM for the selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyView {
    /// The statements, or why the policy cannot be read; empty without a policy.
    pub statements: Result<Vec<StatementMark>, String>,
    /// `GET /orders/{orderId} on stage prod`: what the marks are for.
    pub against: Option<String>,
    /// The selected method's execute-api ARN (with the account when known).
    pub arn: Option<String>,
    /// For an `AWS_IAM` method: the statement the signer's IAM policy needs.
    pub iam_statement: Option<String>,
}

impl Default for PolicyView {
    fn default() -> Self {
        Self {
            statements: Ok(Vec::new()),
            against: None,
            arn: None,
            iam_statement: None,
        }
    }
}

/// The inputs it was built from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Inputs {
    rev: u64,
    api: Option<String>,
    stage: Option<String>,
    selected: Option<(String, Option<String>)>,
    caller: CallerContext,
}

/// Brings the view up to date (cheap when nothing it reads changed).
pub fn sync(state: &mut State) {
    let inputs = Inputs {
        rev: state.inventory_rev,
        api: state.api.as_ref().map(|a| a.id.clone()),
        stage: state.stage.clone(),
        selected: state
            .tree
            .selected
            .as_ref()
            .map(|k| (k.path.clone(), k.method.clone())),
        caller: state.url.caller_context(),
    };
    if state.policy.0 == inputs && state.policy.1.is_some() {
        return;
    }
    let view = build(state, &inputs);
    state.policy = (inputs, Some(Arc::new(view)));
}

fn build(state: &State, i: &Inputs) -> PolicyView {
    let Some(api) = i.api.as_deref().and_then(|id| state.inventory.rest_api(id)) else {
        return PolicyView::default();
    };
    let inv = &state.inventory;
    let method = i.selected.as_ref().and_then(|(path, m)| {
        let m = m.as_deref()?;
        let r = api.resource_by_path(path)?;
        r.methods
            .iter()
            .find(|x| x.http_method == m)
            .map(|x| (path, x))
    });
    let stage = i.stage.as_deref().unwrap_or("*");
    let arn = method.map(|(path, m)| {
        let a = method_arn(
            inv.region.as_deref(),
            inv.account_id.as_deref(),
            &api.id,
            stage,
            &m.http_method,
            path,
        );
        (a, m.authorization_type == AuthorizationType::AwsIam)
    });
    let full = arn
        .as_ref()
        .map(|(a, _)| a.to_arn(a.account.as_deref().unwrap_or("<account-id>")));
    PolicyView {
        statements: marks(api, arn.as_ref(), &i.caller),
        against: method.map(|(p, m)| format!("{} {p} on stage {stage}", m.http_method)),
        iam_statement: arn
            .as_ref()
            .filter(|(_, iam)| *iam)
            .zip(full.as_ref())
            .map(|(_, f)| invoke_statement(f)),
        arn: full,
    }
}

fn marks(
    api: &RestApi,
    arn: Option<&(crate::domain::policy::RequestArn, bool)>,
    ctx: &CallerContext,
) -> Result<Vec<StatementMark>, String> {
    let Some(text) = api.policy.as_deref().filter(|t| !t.trim().is_empty()) else {
        return Ok(Vec::new());
    };
    let policy = parse(text).map_err(|e| e.to_string())?;
    let texts = statement_texts(text).map_err(|e| e.to_string())?;
    let ev = arn.map(|(a, iam)| {
        let who = if *iam {
            Identity::Signed
        } else {
            Identity::Anonymous
        };
        evaluate(&policy, a, &caller_facts(ctx, api, who))
    });
    Ok(policy
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let found = ev
                .as_ref()
                .map(|e| e.findings.iter().find(|f| f.index == i));
            StatementMark {
                label: s.label(i),
                effect: s.effect,
                applies: found.map(|f| f.map_or(Tri::No, |f| f.applies)),
                depends_on: found
                    .flatten()
                    .map(|f| f.depends_on.clone())
                    .unwrap_or_default(),
                text: texts.get(i).cloned().unwrap_or_default(),
            }
        })
        .collect())
}
