//! Glue between the URL bar and the routing engine (src/domain/routing): the router is
//! built once per inventory change, not per keystroke.

use crate::domain::load::PartKey;
use crate::domain::model::Inventory;
use crate::domain::routing::{parse_input, MatchContext, Request, Router, Verdict};

/// The routing engine prepared for one inventory.
#[derive(Debug)]
pub struct Matcher {
    router: Router,
}

impl Matcher {
    pub fn new(inv: &Inventory) -> Self {
        Self {
            router: Router::new(inv),
        }
    }

    /// Re-indexes what one part changed.
    pub fn update(&mut self, inv: &Inventory, key: &PartKey) {
        self.router.update(inv, key);
    }

    /// Parses what was typed: a URL, a path, or a curl/awscurl/http command line.
    pub fn parse(&self, input: &str) -> Result<Request, String> {
        parse_input(input).map_err(|e| e.to_string())
    }

    /// The verdict, scrubbed of secrets typed into the request (it is shown and copied).
    pub fn evaluate(&self, inv: &Inventory, req: &Request, ctx: &MatchContext) -> Verdict {
        let mut v = self.router.evaluate(inv, req, ctx);
        crate::redact::verdict(&mut v);
        v
    }
}
