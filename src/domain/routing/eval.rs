//! One evaluation: the request cut into segments, the coverage it may rely on, and the
//! verdict being built. The host dispatch of ROUTING.md section 1 is in `host.rs`.

use std::collections::BTreeMap;

use super::index::Index;
use super::url::{segments, split_url, Seg};
use super::verdict::*;
use crate::domain::load::Coverage;
use crate::domain::model::Inventory;

/// The state of one evaluation.
pub(crate) struct Eval<'a> {
    pub ix: &'a Index,
    pub inv: &'a Inventory,
    pub req: &'a Request,
    /// What has been read (`None`: everything).
    pub cov: Option<&'a Coverage>,
    /// The path as typed (offsets in the verdict's progress are into this).
    pub path: &'a str,
    pub query: &'a str,
    pub segs: Vec<Seg>,
    pub trailing_slash: bool,
    pub v: Verdict,
    /// Sentences appended to the explanation (caveats, hints).
    pub notes: Vec<String>,
    /// What the user said about the caller (resource-policy conditions).
    pub caller: CallerContext,
}

pub(crate) fn blank(req: &Request) -> Verdict {
    Verdict {
        url: req.url.clone(),
        method: req.method.to_ascii_uppercase(),
        status: None,
        message: None,
        error_type: None,
        reason: Reason::Matched,
        confidence: Confidence::Certain,
        api: None,
        stage: None,
        domain: None,
        resource: None,
        route_key: None,
        matched_method: None,
        path_params: BTreeMap::new(),
        authorization: None,
        explanation: String::new(),
        suggestions: Vec::new(),
        pending: Vec::new(),
        reading: None,
        unread: Vec::new(),
        progress: PathProgress::default(),
        deploy_would_fix: false,
        preflight_ok: None,
    }
}

impl<'a> Eval<'a> {
    pub fn new(
        ix: &'a Index,
        inv: &'a Inventory,
        req: &'a Request,
        cov: Option<&'a Coverage>,
    ) -> Self {
        let parts = split_url(&req.url);
        let s = segments(parts.path);
        Self {
            ix,
            inv,
            req,
            cov,
            path: parts.path,
            query: parts.query,
            segs: s.segs,
            trailing_slash: s.trailing_slash,
            v: blank(req),
            notes: Vec::new(),
            caller: CallerContext::default(),
        }
    }

    /// Marks the verdict low-confidence and says why.
    pub fn likely(&mut self, why: impl Into<String>) {
        self.v.confidence = Confidence::Likely;
        self.notes.push(why.into());
    }

    pub fn note(&mut self, s: impl Into<String>) {
        self.notes.push(s.into());
    }

    /// Sets an error answer.
    pub fn fail(&mut self, reason: Reason, status: u16, message: &str, error_type: Option<&str>) {
        self.v.reason = reason;
        self.v.status = Some(status);
        self.v.message = Some(message.to_string());
        self.v.error_type = error_type.map(str::to_string);
    }

    /// The first segment at or after `from` that is not empty.
    pub fn skip_empty_from(&self, from: usize) -> usize {
        let mut i = from;
        while self.segs.get(i).is_some_and(|s| s.start == s.end) {
            i += 1;
        }
        i
    }

    pub fn seg_text(&self, i: usize) -> &'a str {
        self.segs.get(i).map_or("", |s| s.text(self.path))
    }

    /// The URL bar: everything before segment `i` matched, segment `i` cannot.
    pub fn fail_at(&mut self, i: usize) {
        match self.segs.get(i) {
            Some(s) => {
                self.v.progress = PathProgress {
                    matched_len: s.start,
                    failed: Some((s.start, s.end)),
                }
            }
            None => self.matched_all(),
        }
    }

    pub fn matched_all(&mut self) {
        self.v.progress = PathProgress {
            matched_len: self.path.len(),
            failed: None,
        };
    }

    /// The path from segment `i` on, as routing sees it (`/` when empty).
    pub fn rest_path(&self, i: usize) -> String {
        match (self.segs.get(i), self.segs.last()) {
            (Some(a), Some(b)) => format!("/{}", self.path.get(a.start..b.end).unwrap_or("")),
            _ => "/".to_string(),
        }
    }

    /// The typed URL with segment `i` replaced (for "did you mean" fixes).
    pub fn replace_seg(&self, i: usize, with: &str) -> String {
        let url = self.req.url.as_str();
        let off = (self.path.as_ptr() as usize).wrapping_sub(url.as_ptr() as usize);
        match self.segs.get(i) {
            Some(s) if off <= url.len() => {
                let (a, b) = (off + s.start, off + s.end);
                match (url.get(..a), url.get(b..)) {
                    (Some(x), Some(y)) => format!("{x}{with}{y}"),
                    _ => url.to_string(),
                }
            }
            _ => url.to_string(),
        }
    }

    /// The typed URL without segment `i` (and its slash).
    pub fn remove_seg(&self, i: usize) -> String {
        let url = self.req.url.as_str();
        let off = (self.path.as_ptr() as usize).wrapping_sub(url.as_ptr() as usize);
        match self.segs.get(i) {
            Some(s) if off <= url.len() => {
                let a = off + s.start;
                let b = (off + s.end + 1).min(url.len());
                match (url.get(..a), url.get(b..)) {
                    (Some(x), Some(y)) => format!("{x}{y}"),
                    _ => url.to_string(),
                }
            }
            _ => url.to_string(),
        }
    }

    pub fn finish(mut self) -> Verdict {
        if !self.v.pending.is_empty() {
            return self.pending_verdict();
        }
        if self.v.reason == Reason::Unknown {
            self.v.status = None;
            self.v.message = None;
            self.v.error_type = None;
            self.v.suggestions.clear();
            return self.v;
        }
        for n in self.notes.drain(..) {
            if !self.v.explanation.is_empty() {
                self.v.explanation.push(' ');
            }
            self.v.explanation.push_str(&n);
        }
        self.v
    }
}

impl Eval<'_> {
    /// A verdict waiting for parts: what is known so far (API, stage, domain) and what is
    /// being read, never a claim resting on what has not arrived.
    fn pending_verdict(mut self) -> Verdict {
        let what: Vec<String> = self
            .v
            .pending
            .iter()
            .map(|k| k.describe(self.inv))
            .collect();
        let reading = format!("reading {}…", what.join(", "));
        self.v.reason = Reason::Pending;
        self.v.status = None;
        self.v.message = None;
        self.v.error_type = None;
        self.v.confidence = Confidence::Likely;
        self.v.suggestions.clear();
        self.v.deploy_would_fix = false;
        self.v.preflight_ok = None;
        self.v.explanation =
            format!("Not decided yet: {reading} The verdict follows as soon as it has been read.");
        self.v.reading = Some(reading);
        self.v
    }
}
