//! URL → verdict: how API Gateway routes a request (shared/ROUTING.md).

pub mod verdict;

pub use verdict::*;

use crate::domain::model::Inventory;

/// A precomputed index over an [`Inventory`]: build once, evaluate many requests.
#[derive(Debug, Clone, Default)]
pub struct Router {}

impl Router {
    pub fn new(_inv: &Inventory) -> Self {
        Self {}
    }

    /// What API Gateway would answer to `req`, and why.
    pub fn evaluate(&self, _inv: &Inventory, req: &Request, _ctx: &MatchContext) -> Verdict {
        Verdict {
            url: req.url.clone(),
            method: req.method.clone(),
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
            explanation: "routing engine not written yet".into(),
            suggestions: vec![],
            progress: PathProgress::default(),
            deploy_would_fix: false,
        }
    }
}

/// Builds a [`Router`] and evaluates one request.
pub fn evaluate(inv: &Inventory, req: &Request, ctx: &MatchContext) -> Verdict {
    Router::new(inv).evaluate(inv, req, ctx)
}

/// Why typed input could not be read as a request (one line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// Parses what a person types or pastes: a bare URL, a path, or a whole curl / awscurl /
/// http(ie) command line (-X/--request, -H/--header, -d/--data* implying POST, awscurl =
/// signed, `http POST url h:v`).
pub fn parse_input(input: &str) -> Result<Request, InputError> {
    let t = input.trim();
    if t.is_empty() {
        return Err(InputError("type a URL, a path or a curl command".into()));
    }
    Ok(Request::new("GET", t))
}
