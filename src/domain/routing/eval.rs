//! One evaluation: the request cut into segments, the verdict being built, and the host
//! dispatch of ROUTING.md section 1.

use std::collections::BTreeMap;

use super::index::Index;
use super::url::{segments, split_url, Seg};
use super::verdict::*;
use super::{domain, http, rest, suggest};
use crate::domain::model::{ApiKind, Inventory};

/// The state of one evaluation.
pub(crate) struct Eval<'a> {
    pub ix: &'a Index,
    pub inv: &'a Inventory,
    pub req: &'a Request,
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
        progress: PathProgress::default(),
        deploy_would_fix: false,
        preflight_ok: None,
    }
}

impl<'a> Eval<'a> {
    pub fn new(ix: &'a Index, inv: &'a Inventory, req: &'a Request) -> Self {
        let parts = split_url(&req.url);
        let s = segments(parts.path);
        let _ = parts.host;
        Self {
            ix,
            inv,
            req,
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
        for n in self.notes.drain(..) {
            if !self.v.explanation.is_empty() {
                self.v.explanation.push(' ');
            }
            self.v.explanation.push_str(&n);
        }
        self.v
    }
}

/// What a host names.
enum Host<'h> {
    ExecuteApi {
        id: &'h str,
        region: &'h str,
        vpce: bool,
    },
    VpcEndpoint,
    Other,
}

fn classify(host: &str) -> Host<'_> {
    if let Some((label, rest)) = host.split_once(".execute-api.") {
        if let Some(region) = rest.strip_suffix(".vpce.amazonaws.com") {
            let _ = region;
            return Host::VpcEndpoint;
        }
        let region = rest
            .strip_suffix(".amazonaws.com")
            .or_else(|| rest.strip_suffix(".amazonaws.com.cn"));
        if let Some(region) = region {
            return match label.split_once('-') {
                Some((id, vpce)) if vpce.starts_with("vpce") => Host::ExecuteApi {
                    id,
                    region,
                    vpce: true,
                },
                _ => Host::ExecuteApi {
                    id: label,
                    region,
                    vpce: false,
                },
            };
        }
    }
    Host::Other
}

/// Evaluates the whole request.
pub(crate) fn run(e: &mut Eval, ctx: &MatchContext) {
    e.caller = ctx.caller.clone();
    let host = split_url(&e.req.url).host;
    match host {
        None => bare_path(e, ctx),
        Some(h) if h.is_empty() => bare_path(e, ctx),
        Some(h) => by_host(e, &h),
    }
}

fn by_host(e: &mut Eval, host: &str) {
    match classify(host) {
        Host::ExecuteApi { id, region, vpce } => execute_api(e, id, region, vpce, host),
        Host::VpcEndpoint => {
            let id = e
                .req
                .header("x-apigw-api-id")
                .map(|s| s.trim().to_ascii_lowercase())
                .or_else(|| {
                    let h = super::url::clean_host(e.req.header("host")?);
                    match classify(&h) {
                        Host::ExecuteApi { id, .. } => Some(id.to_string()),
                        _ => None,
                    }
                });
            match id {
                Some(id) => {
                    let region = e.inv.region.clone().unwrap_or_default();
                    execute_api(e, &id, &region, true, host)
                }
                None => {
                    e.fail(
                        Reason::UnknownHost,
                        403,
                        "Forbidden",
                        Some("ForbiddenException"),
                    );
                    e.likely(
                        "This is a VPC endpoint host: API Gateway picks the private API from an \
                         `x-apigw-api-id: <api id>` header (or a `Host: <api id>.execute-api.<region>.amazonaws.com` \
                         header), and the request has neither. Add one.",
                    );
                    e.v.explanation =
                        format!("The host {host} is an interface VPC endpoint, not an API.");
                }
            }
        }
        Host::Other => match e.ix.domain_for(host) {
            Some(di) => domain::route(e, di),
            None => unknown_host(e, host, None),
        },
    }
}

fn execute_api(e: &mut Eval, id: &str, region: &str, vpce: bool, host: &str) {
    let id = id.to_ascii_lowercase();
    let known = e.ix.rest_by_id.contains_key(&id) || e.ix.http_by_id.contains_key(&id);
    if let Some(r) = e
        .inv
        .region
        .as_deref()
        .filter(|r| known && !region.is_empty() && r != &region)
    {
        let name = e.inv.api_name(&id).to_string();
        unknown_host(e, host, None);
        e.fail(
            Reason::UnknownHost,
            403,
            "Forbidden",
            Some("ForbiddenException"),
        );
        e.v.confidence = Confidence::Likely;
        e.v.suggestions.insert(0, host.replacen(region, r, 1));
        e.v.explanation = format!(
            "{name} ({id}) lives in {r}, but the URL names region {region}: API Gateway in {region} has no such API and answers 403 Forbidden (likely). Use {}.",
            host.replacen(region, r, 1)
        );
        return;
    }
    if let Some(&i) = e.ix.rest_by_id.get(&id) {
        if vpce {
            e.note("Private API reached through a VPC endpoint: the API's resource policy must also allow that endpoint (give --vpce to check its conditions).");
        }
        return rest::execute_api(e, i);
    }
    if let Some(&i) = e.ix.http_by_id.get(&id) {
        return http::execute_api(e, i);
    }
    let region_note = match e.inv.region.as_deref() {
        Some(r) if !region.is_empty() && r != region => format!(
            " The URL is for region {region} but the inventory was read from {r}: load {region} (--region {region})."
        ),
        _ => String::new(),
    };
    unknown_host(e, host, Some((&id, region_note)));
    e.fail(
        Reason::UnknownHost,
        403,
        "Forbidden",
        Some("ForbiddenException"),
    );
    e.likely("An execute-api host with an API id that does not exist is answered 403 Forbidden (low confidence).");
}

pub(crate) fn unknown_host(e: &mut Eval, host: &str, api_id: Option<(&str, String)>) {
    e.v.reason = Reason::UnknownHost;
    let known = &e.ix.known_hosts;
    e.v.suggestions = suggest::hosts(host, known, 3);
    let listed: Vec<&str> = known.iter().take(8).map(String::as_str).collect();
    let more = known.len().saturating_sub(listed.len());
    let list = if listed.is_empty() {
        "none (the inventory is empty)".to_string()
    } else if more > 0 {
        format!("{} and {more} more", listed.join(", "))
    } else {
        listed.join(", ")
    };
    e.v.explanation = match api_id {
        Some((id, region_note)) => format!(
            "No API with id `{id}` is in the loaded inventory, so API Gateway would not route this host to anything it knows (a wrong id, another account or another region).{region_note} Known hosts: {list}."
        ),
        None => format!(
            "The host {host} is neither an execute-api host nor a custom domain name in the loaded inventory, so API Gateway (as far as this account is concerned) would not receive it. Check the DNS name, or load the account that owns it. Known hosts: {list}."
        ),
    };
}

fn bare_path(e: &mut Eval, ctx: &MatchContext) {
    let Some(api) = ctx.api.clone() else {
        e.v.reason = Reason::UnknownHost;
        e.v.explanation = "A bare path needs an API: type a full URL (https://<api id>.execute-api.<region>.amazonaws.com/<stage>/… or a custom domain), or select an API and stage first.".to_string();
        e.v.suggestions = e.ix.known_hosts.iter().take(3).cloned().collect();
        return;
    };
    let id = api.id.to_ascii_lowercase();
    match api.kind {
        ApiKind::Rest => match e.ix.rest_by_id.get(&id) {
            Some(&i) => rest::bare(e, i, ctx.stage.as_deref()),
            None => unknown_host(e, "(selected API)", Some((&id, String::new()))),
        },
        ApiKind::Http => match e.ix.http_by_id.get(&id) {
            Some(&i) => http::bare(e, i, ctx.stage.as_deref()),
            None => unknown_host(e, "(selected API)", Some((&id, String::new()))),
        },
    }
}
