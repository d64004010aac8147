//! Glue between the URL bar and the routing engine (src/domain/routing): the router is
//! built once per inventory change, not per keystroke.

use crate::domain::model::Inventory;
use crate::domain::routing::{MatchContext, Request, Verdict};

/// The routing engine prepared for one inventory.
pub struct Matcher {
    _priv: (),
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Matcher")
    }
}

impl Matcher {
    pub fn new(_inv: &Inventory) -> Self {
        Self { _priv: () }
    }

    /// Parses what was typed: a URL, a path, or a curl/awscurl/http command line.
    pub fn parse(&self, _input: &str) -> Result<Request, String> {
        Err("the routing engine is not available in this build".to_string())
    }

    pub fn evaluate(&self, _inv: &Inventory, _req: &Request, _ctx: &MatchContext) -> Verdict {
        unreachable_verdict()
    }
}

fn unreachable_verdict() -> Verdict {
    use crate::domain::routing::{Confidence, PathProgress, Reason};
    Verdict {
        url: String::new(),
        method: "GET".to_string(),
        status: None,
        message: None,
        error_type: None,
        reason: Reason::UnknownHost,
        confidence: Confidence::Likely,
        api: None,
        stage: None,
        domain: None,
        resource: None,
        route_key: None,
        matched_method: None,
        path_params: Default::default(),
        authorization: None,
        explanation: String::new(),
        suggestions: Vec::new(),
        progress: PathProgress::default(),
        deploy_would_fix: false,
    }
}
