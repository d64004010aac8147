//! URL → verdict: how API Gateway routes a request (shared/ROUTING.md).
//!
//! [`Router::new`] indexes an inventory once (APIs by id, domains by name, a path trie per
//! API and per deployment); [`Router::evaluate`] then answers a request in microseconds,
//! which is what lets the URL bar re-evaluate on every keystroke.

mod access;
mod auth;
mod domain;
mod eval;
mod explain;
mod gateway_response;
mod host;
mod http;
mod index;
mod keys;
mod lookup;
mod needs;
mod preflight;
mod request_parse;
mod resource_policy;
mod rest;
mod rest_fail;
mod suggest;
mod trie;
pub mod url;
pub mod verdict;

pub use access::AccessDenial;
pub use keys::{KeyDenial, KeyProblem};
pub use request_parse::{parse_input, InputError};
pub use resource_policy::caller_facts;
pub use resource_policy::{mask_account, PolicyDenial};
pub use verdict::*;

use crate::domain::model::Inventory;

/// A precomputed index over an [`Inventory`]: build once, evaluate many requests.
#[derive(Debug, Clone, Default)]
pub struct Router {
    index: index::Index,
}

impl Router {
    pub fn new(inv: &Inventory) -> Self {
        Self {
            index: index::Index::build(inv),
        }
    }

    /// Brings the index up to date after one part arrived (only what it changed is
    /// rebuilt: one API's tries, one domain's mappings).
    pub fn update(&mut self, inv: &Inventory, key: &crate::domain::load::PartKey) {
        self.index.update(inv, key);
    }

    /// What API Gateway would answer to `req`, and why. `inv` must be the inventory the
    /// router was built from (a different one is detected by shape and re-indexed).
    pub fn evaluate(&self, inv: &Inventory, req: &Request, ctx: &MatchContext<'_>) -> Verdict {
        if self.index.shape != index::shape(inv) {
            return Router::new(inv).evaluate(inv, req, ctx);
        }
        let mut e = eval::Eval::new(&self.index, inv, req, ctx.coverage);
        host::run(&mut e, ctx);
        e.finish()
    }
}

/// Builds a [`Router`] and evaluates one request.
pub fn evaluate(inv: &Inventory, req: &Request, ctx: &MatchContext<'_>) -> Verdict {
    Router::new(inv).evaluate(inv, req, ctx)
}
