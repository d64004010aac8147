//! Resource policies (ROUTING.md section 10): a small, pure IAM policy evaluator for the
//! one question API Gateway asks of a REST API's policy — may this caller
//! `execute-api:Invoke` this request's ARN?
//!
//! Why not a crate: `iam-rs` (0.8) and `aws-iam` (0.2) were considered. Both answer
//! Allow / Deny / not applicable, treating a condition key the request lacks as false;
//! apigw must instead say "depends on the caller" when a fact (source IP, VPC endpoint,
//! the signer's identity) was not given, name that fact, and expand API Gateway's
//! `execute-api:/…` shorthand. That is a few hundred lines here.
//!
//! - [`parse`]: the policy text as AWS returns it (escaped once more or not) → [`Policy`]
//! - [`evaluate`]: a [`Policy`], the request's [`RequestArn`] and what is known of the
//!   [`Caller`] → [`Evaluation`] (does an explicit Deny apply? an Allow?), each as a
//!   three-valued [`Tri`] with the facts it depends on.

mod condition;
mod eval;
mod glob;
mod method;
mod parse;

pub use eval::{evaluate, Caller, Evaluation, Fact, Finding, Identity, RequestArn, Tri};
pub use glob::glob_match;
pub use method::{invoke_statement, method_arn, statement_texts};
pub use parse::{parse, Condition, Effect, Items, Policy, PolicyError, Principal, Statement};

/// The action API Gateway checks for every request.
pub const INVOKE: &str = "execute-api:Invoke";
