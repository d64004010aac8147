//! `match --stdin --summary`: access-log triage. Counts by predicted status, by reason, by
//! route (API / stage / resource or route key), the most frequent unmatched paths, and —
//! for lines that carry the status API Gateway actually returned (access logs) — where the
//! prediction and the log disagree. Workers each keep one and they are merged at the end.

use std::cmp::Reverse;
use std::collections::HashMap;

type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

use serde::Serialize;

use crate::domain::routing::{Reason, Verdict};

/// How many rows the "top" lists keep.
pub const TOP: usize = 20;
/// Distinct unmatched paths counted exactly; beyond that they are counted as "other".
const MAX_DISTINCT_PATHS: usize = 100_000;
/// Malformed lines quoted (the first ones).
const MAX_ERRORS: usize = 10;

/// The route a request reached, as the summary groups it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RouteLabel {
    pub api: String,
    pub api_id: String,
    pub stage: String,
    /// `GET /orders/{orderId}` (REST method and resource) or the HTTP route key.
    pub route: String,
}

/// What the summary needs from one verdict (kept with the cached verdict).
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub status: Option<u16>,
    /// No gateway answer because the request reaches the integration.
    pub reaches_integration: bool,
    pub reason: Reason,
    pub route: Option<RouteLabel>,
    /// `host/path` (no scheme, no query) when the request reached no API, stage or route.
    pub unmatched: Option<String>,
    /// `METHOD URL`, as an example of a disagreement.
    pub request: String,
}

impl Facts {
    /// From a verdict (texts that may quote the request are scrubbed when reported).
    pub fn of(v: &Verdict) -> Self {
        let route = v.api.as_ref().and_then(|a| {
            let route = v.route_key.clone().or_else(|| {
                let r = v.resource.as_ref()?;
                Some(match &v.matched_method {
                    Some(m) => format!("{m} {r}"),
                    None => format!("{} {r} (no such method)", v.method),
                })
            })?;
            Some(RouteLabel {
                api: a.name.clone(),
                api_id: a.id.clone(),
                stage: v.stage.clone().unwrap_or_else(|| "-".into()),
                route,
            })
        });
        let unmatched = matches!(
            v.reason,
            Reason::NoResource
                | Reason::NoRoute
                | Reason::StageNotFound
                | Reason::NoMapping
                | Reason::UnknownHost
        )
        .then(|| host_and_path(&v.url));
        Self {
            status: v.status,
            reaches_integration: v.status.is_none() && v.exit_code() == 0,
            reason: v.reason,
            route,
            unmatched,
            request: format!("{} {}", v.method, v.url),
        }
    }
}

/// `https://Host:443/a/b?q#f` → `host/a/b` (the URL as given when it names no host).
fn host_and_path(url: &str) -> String {
    let parts = crate::domain::routing::url::split_url(url);
    match parts.host.filter(|h| !h.is_empty()) {
        Some(h) => format!("{h}{}", parts.path),
        None => url.to_string(),
    }
}

/// Whether a logged status agrees with the prediction. A predicted gateway answer must be
/// the logged status; a request predicted to reach the integration disagrees only with
/// the 401/403 a gateway rejection would log (the integration answers every other status
/// itself, including its own 404s); a request predicted never to reach API Gateway (an
/// unknown host) disagrees with any line in its access log.
pub fn agrees(f: &Facts, logged: u16) -> bool {
    match f.status {
        Some(s) => s == logged,
        None if f.reaches_integration => !matches!(logged, 401 | 403),
        None => false,
    }
}

#[derive(Debug, Default)]
pub struct Summary {
    lines: u64,
    malformed: u64,
    errors: Vec<(usize, String)>,
    by_status: Map<(Option<u16>, bool), u64>,
    by_reason: Map<Reason, u64>,
    by_route: Map<RouteLabel, u64>,
    unmatched: Map<String, (Reason, u64)>,
    unmatched_other: u64,
    logged: u64,
    disagree: Map<(Option<u16>, Reason, u16), (u64, String)>,
}

impl Summary {
    /// One request line and its verdict; `logged` is the status the log says was returned.
    pub fn add(&mut self, f: &Facts, logged: Option<u16>) {
        self.lines += 1;
        *self
            .by_status
            .entry((f.status, f.reaches_integration))
            .or_default() += 1;
        *self.by_reason.entry(f.reason).or_default() += 1;
        if let Some(r) = &f.route {
            match self.by_route.get_mut(r) {
                Some(n) => *n += 1,
                None => {
                    self.by_route.insert(r.clone(), 1);
                }
            }
        }
        if let Some(p) = &f.unmatched {
            self.count_unmatched(p, f.reason, 1);
        }
        if let Some(l) = logged {
            self.logged += 1;
            if !agrees(f, l) {
                let e = self
                    .disagree
                    .entry((f.status, f.reason, l))
                    .or_insert_with(|| (0, f.request.clone()));
                e.0 += 1;
            }
        }
    }

    fn count_unmatched(&mut self, path: &str, reason: Reason, n: u64) {
        let room = self.unmatched.len() < MAX_DISTINCT_PATHS;
        match self.unmatched.get_mut(path) {
            Some(e) => e.1 += n,
            None if room => {
                self.unmatched.insert(path.to_string(), (reason, n));
            }
            None => self.unmatched_other += n,
        }
    }

    /// A line that could not be read as a request.
    pub fn malformed(&mut self, line: usize, error: &str) {
        self.lines += 1;
        self.malformed += 1;
        if self.errors.len() < MAX_ERRORS {
            self.errors.push((line, crate::redact::text(error)));
        }
    }

    pub fn merge(&mut self, o: Summary) {
        self.lines += o.lines;
        self.malformed += o.malformed;
        self.errors.extend(o.errors);
        self.errors.sort_by_key(|e| e.0);
        self.errors.truncate(MAX_ERRORS);
        for (k, n) in o.by_status {
            *self.by_status.entry(k).or_default() += n;
        }
        for (k, n) in o.by_reason {
            *self.by_reason.entry(k).or_default() += n;
        }
        for (k, n) in o.by_route {
            *self.by_route.entry(k).or_default() += n;
        }
        for (p, (r, n)) in o.unmatched {
            self.count_unmatched(&p, r, n);
        }
        self.unmatched_other += o.unmatched_other;
        self.logged += o.logged;
        for (k, (n, ex)) in o.disagree {
            self.disagree.entry(k).or_insert((0, ex)).0 += n;
        }
    }

    /// The summary as plain data, sorted (most frequent first, ties by name) and cut to
    /// the top rows: what both the JSON and the tables print.
    pub fn report(&self) -> Report {
        Report {
            lines: self.lines,
            requests: self.lines - self.malformed,
            malformed: self.malformed,
            errors: self
                .errors
                .iter()
                .map(|(line, error)| ErrorRow {
                    line: *line,
                    error: error.clone(),
                })
                .collect(),
            by_status: self.status_rows(),
            by_reason: self.reason_rows(),
            by_route: self.route_rows(),
            top_unmatched: self.top_unmatched(),
            unmatched_other: self.unmatched_other,
            logged: self.logged_report(),
        }
    }

    fn status_rows(&self) -> Vec<StatusRow> {
        let mut rows: Vec<StatusRow> = self
            .by_status
            .iter()
            .map(|((s, reaches), n)| StatusRow {
                status: *s,
                reaches_integration: *reaches,
                count: *n,
            })
            .collect();
        rows.sort_by_key(|r| (Reverse(r.count), r.status, r.reaches_integration));
        rows
    }

    fn reason_rows(&self) -> Vec<ReasonRow> {
        let mut rows: Vec<ReasonRow> = self
            .by_reason
            .iter()
            .map(|(r, n)| ReasonRow {
                reason: *r,
                count: *n,
            })
            .collect();
        rows.sort_by_key(|r| (Reverse(r.count), r.reason.code()));
        rows
    }

    fn route_rows(&self) -> Vec<RouteRow> {
        let mut rows: Vec<RouteRow> = self
            .by_route
            .iter()
            .map(|(r, n)| RouteRow {
                route: r.clone(),
                count: *n,
            })
            .collect();
        fn key(r: &RouteRow) -> (Reverse<u64>, &str, &str, &str) {
            let l = &r.route;
            (Reverse(r.count), &l.api, &l.stage, &l.route)
        }
        rows.sort_by(|a, b| key(a).cmp(&key(b)));
        rows
    }

    fn top_unmatched(&self) -> Vec<PathRow> {
        let mut rows: Vec<PathRow> = self
            .unmatched
            .iter()
            .map(|(p, (r, n))| PathRow {
                path: crate::redact::text(p),
                reason: *r,
                count: *n,
            })
            .collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.path.cmp(&b.path)));
        rows.truncate(TOP);
        rows
    }

    fn logged_report(&self) -> Option<LoggedReport> {
        if self.logged == 0 {
            return None;
        }
        let mut rows: Vec<DisagreeRow> = self
            .disagree
            .iter()
            .map(|((p, r, l), (n, ex))| DisagreeRow {
                predicted_status: *p,
                reason: *r,
                logged_status: *l,
                count: *n,
                example: crate::redact::text(ex),
            })
            .collect();
        rows.sort_by(|a, b| {
            b.count.cmp(&a.count).then_with(|| {
                (a.logged_status, a.predicted_status).cmp(&(b.logged_status, b.predicted_status))
            })
        });
        let disagree = rows.iter().map(|r| r.count).sum();
        rows.truncate(TOP);
        Some(LoggedReport {
            lines: self.logged,
            agree: self.logged - disagree,
            disagree,
            disagreements: rows,
        })
    }
}

/// `--summary --json`: one object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Non-empty input lines.
    pub lines: u64,
    pub requests: u64,
    pub malformed: u64,
    /// The first malformed lines.
    pub errors: Vec<ErrorRow>,
    pub by_status: Vec<StatusRow>,
    pub by_reason: Vec<ReasonRow>,
    pub by_route: Vec<RouteRow>,
    pub top_unmatched: Vec<PathRow>,
    /// Unmatched requests on paths beyond the distinct ones counted.
    pub unmatched_other: u64,
    /// Present when some lines carried the logged status (access logs).
    pub logged: Option<LoggedReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorRow {
    pub line: usize,
    pub error: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusRow {
    /// What API Gateway answers; `null` when it does not answer itself.
    pub status: Option<u16>,
    /// With `status: null`: the request reaches the integration (else it never reaches
    /// API Gateway, e.g. an unknown host).
    pub reaches_integration: bool,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonRow {
    pub reason: Reason,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteRow {
    #[serde(flatten)]
    pub route: RouteLabel,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathRow {
    pub path: String,
    pub reason: Reason,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoggedReport {
    /// Lines that carried a logged status.
    pub lines: u64,
    pub agree: u64,
    pub disagree: u64,
    /// Most frequent (predicted, logged) pairs that disagree, with one example request.
    pub disagreements: Vec<DisagreeRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DisagreeRow {
    /// `null`: no gateway answer predicted (see `reason`).
    pub predicted_status: Option<u16>,
    pub reason: Reason,
    pub logged_status: u16,
    pub count: u64,
    pub example: String,
}
