//! One chunk of `match --stdin` input → its output, in three steps: read the lines into
//! requests ([`read_lines`]), evaluate the ones not already known ([`evaluate_batch`]),
//! write each line's verdict ([`Worker::process`]). Each worker thread owns a [`Worker`]:
//! its verdict cache and its part of the summary.
//!
//! The verdicts come from a [`Judge`]: offline, the whole inventory ([`Fixed`]); live,
//! one that reads the account lazily (`super::lazy`: each API or domain once, when a line
//! first needs it). A judge hands back final verdicts only, so the cache never holds a
//! pending one; a final verdict is never overturned by a part read later (ROUTING.md
//! section 8), so cached answers stay right while the account is read.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Range;
use std::rc::Rc;

use super::access_log::{self, Logged};
use super::summary::{Facts, Summary};
use crate::domain::model::Inventory;
use crate::domain::routing::{parse_input, CallerContext, MatchContext, Request, Router, Verdict};

/// What API Gateway answers to each request, in order (the same as calling
/// [`Router::evaluate`] on each).
pub fn evaluate_batch(
    router: &Router,
    inv: &Inventory,
    reqs: &[Request],
    caller: &CallerContext,
) -> Vec<Verdict> {
    let ctx = MatchContext {
        caller: caller.clone(),
        ..MatchContext::default()
    };
    reqs.iter().map(|r| router.evaluate(inv, r, &ctx)).collect()
}

/// Where verdicts come from: final verdicts for a batch of requests, in order.
pub trait Judge: Sync {
    fn judge(&self, reqs: &[Request], caller: &CallerContext) -> Vec<Verdict>;
}

/// An inventory read in full (the demo, a snapshot file).
pub struct Fixed<'a> {
    pub inv: &'a Inventory,
    pub router: &'a Router,
}

impl Judge for Fixed<'_> {
    fn judge(&self, reqs: &[Request], caller: &CallerContext) -> Vec<Verdict> {
        evaluate_batch(self.router, self.inv, reqs, caller)
    }
}

/// What every worker reads.
pub struct Env<'a> {
    pub judge: &'a dyn Judge,
    /// The inventory's region (access-log lines that name only an API id).
    pub region: Option<&'a str>,
    /// `-H` headers added to every request.
    pub headers: &'a [(String, String)],
    /// `--source-ip` / `--vpce`: the same caller for every line.
    pub caller: &'a CallerContext,
}

/// How lines are answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    pub json: bool,
    pub colour: bool,
    /// Count into the summary instead of writing a line per request.
    pub summary: bool,
    /// Reuse the verdict of an identical earlier request.
    pub cache: bool,
}

/// Complete input lines, numbered from `first_line` (1-based).
pub struct Chunk {
    pub seq: u64,
    pub first_line: usize,
    pub data: Vec<u8>,
}

type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
type Set<K> = HashSet<K, foldhash::fast::RandomState>;

/// Hashes everything a verdict depends on besides the inventory and the match context
/// (both fixed for the run): the whole request. It destructures [`Request`] without
/// `..`, so a field added to it fails to compile here instead of being silently left
/// out. A cached verdict is reused only for a request equal to the one it answered
/// (`Request`'s derived `==`, every field), never on the hash alone.
struct KeyOf<'r>(&'r Request);

impl Hash for KeyOf<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let Request {
            method,
            url,
            headers,
            signed,
        } = self.0;
        method.hash(h);
        url.hash(h);
        headers.hash(h);
        signed.hash(h);
    }
}

/// A verdict kept for requests equal to `req`: as written (one line, no newline) or,
/// with `--summary`, what it counts.
#[derive(Debug)]
struct Cached {
    req: Request,
    line: Box<[u8]>,
    facts: Option<Facts>,
}

/// Verdicts kept per worker; cleared when full (access logs repeat a small hot set).
const CACHE_ENTRIES: usize = 20_000;
/// Requests seen once, remembered (by hash) so that the second sighting is cached: a
/// request that never comes back costs no cache entry.
const SEEN_ENTRIES: usize = 200_000;

/// One line of a chunk, in order.
enum Item {
    Error(usize, String, String),
    Request(Slot, Logged),
}

enum Slot {
    Known(Rc<Cached>),
    Fresh(usize),
}

/// This chunk's requests to evaluate (each once) and their answers.
#[derive(Default)]
struct Batch {
    reqs: Vec<Request>,
    hashes: Vec<u64>,
    /// Whether to cache the answer (the request was seen in an earlier chunk).
    keep: Vec<bool>,
    /// By hash: where a request is in `reqs` (for identical lines in one chunk).
    at: Map<u64, usize>,
    /// The answers' lines, one after the other, and each answer's part of it.
    text: Vec<u8>,
    lines: Vec<Range<usize>>,
    facts: Vec<Option<Facts>>,
}

impl Batch {
    fn clear(&mut self) {
        self.reqs.clear();
        self.hashes.clear();
        self.keep.clear();
        self.at.clear();
        self.text.clear();
        self.lines.clear();
        self.facts.clear();
    }
}

/// A worker thread's state.
pub struct Worker<'a> {
    env: &'a Env<'a>,
    mode: Mode,
    region: Option<&'a str>,
    hasher: foldhash::fast::RandomState,
    cache: Map<u64, Rc<Cached>>,
    seen: Set<u64>,
    batch: Batch,
    /// Reused between chunks (large allocations are what costs).
    items: Vec<Item>,
    pub summary: Summary,
    /// Lines answered from the cache.
    pub hits: u64,
}

impl<'a> Worker<'a> {
    pub fn new(env: &'a Env<'a>, mode: Mode) -> Self {
        Self {
            env,
            mode,
            region: env.region,
            hasher: foldhash::fast::RandomState::default(),
            cache: Map::default(),
            seen: Set::default(),
            batch: Batch::default(),
            items: Vec::new(),
            summary: Summary::default(),
            hits: 0,
        }
    }

    /// Reads, evaluates and writes one chunk (appending to `out`); returns whether a line
    /// could not be read as a request.
    pub fn process(&mut self, chunk: &Chunk, out: &mut Vec<u8>) -> bool {
        let mut items = std::mem::take(&mut self.items);
        let mut failed = false;
        for (line_no, parsed) in read_lines(chunk, self.region) {
            match parsed {
                Err((input, msg)) => {
                    failed = true;
                    items.push(Item::Error(line_no, input, msg));
                }
                Ok((mut req, logged)) => {
                    req.headers.extend(self.env.headers.iter().cloned());
                    items.push(Item::Request(self.slot(req), logged));
                }
            }
        }
        let verdicts = self.env.judge.judge(&self.batch.reqs, self.env.caller);
        for v in verdicts {
            self.render(v);
        }
        for item in items.drain(..) {
            self.emit(out, item);
        }
        self.items = items;
        self.remember();
        failed
    }

    /// A cached answer, or a place in this chunk's batch (identical requests share it).
    fn slot(&mut self, req: Request) -> Slot {
        let b = &mut self.batch;
        if !self.mode.cache {
            b.reqs.push(req);
            b.hashes.push(0);
            b.keep.push(false);
            return Slot::Fresh(b.reqs.len() - 1);
        }
        let hash = self.hasher.hash_one(KeyOf(&req));
        if let Some(c) = self.cache.get(&hash).filter(|c| c.req == req) {
            self.hits += 1;
            return Slot::Known(c.clone());
        }
        if let Some(&i) = b.at.get(&hash) {
            if b.reqs.get(i) == Some(&req) {
                return Slot::Fresh(i);
            }
        }
        if self.seen.len() >= SEEN_ENTRIES {
            self.seen.clear();
        }
        let seen_before = !self.seen.insert(hash);
        b.reqs.push(req);
        b.hashes.push(hash);
        b.keep.push(seen_before);
        b.at.insert(hash, b.reqs.len() - 1);
        Slot::Fresh(b.reqs.len() - 1)
    }

    /// Writes one verdict of the batch into its text (or, with `--summary`, its facts).
    fn render(&mut self, mut v: Verdict) {
        let b = &mut self.batch;
        let start = b.text.len();
        if self.mode.summary {
            b.facts.push(Some(Facts::of(&v)));
        } else {
            b.facts.push(None);
            super::scrub(&mut v, self.mode.json);
            if !self.mode.json {
                b.text.extend_from_slice(
                    super::stdin_line::one_line(&v, self.mode.colour).as_bytes(),
                );
            } else if let Err(e) = serde_json::to_writer(&mut b.text, &v) {
                b.text.truncate(start);
                let msg = format!("cannot write the verdict: {e}");
                let obj = serde_json::json!({"url": v.url, "error": msg});
                b.text.extend_from_slice(obj.to_string().as_bytes());
            }
        }
        b.lines.push(start..b.text.len());
    }

    /// Keeps the answers of requests seen before; clears the batch.
    fn remember(&mut self) {
        let b = &mut self.batch;
        if self.cache.len() + b.reqs.len() > CACHE_ENTRIES {
            self.cache.clear();
        }
        let answers = b.lines.iter().zip(b.facts.iter_mut());
        let parts = b.reqs.drain(..).zip(&b.hashes).zip(&b.keep);
        for (((req, &hash), &keep), (range, facts)) in parts.zip(answers) {
            if keep {
                let line = b.text.get(range.clone()).unwrap_or_default().into();
                let facts = facts.take();
                self.cache
                    .insert(hash, Rc::new(Cached { req, line, facts }));
            }
        }
        b.clear();
    }

    fn emit(&mut self, out: &mut Vec<u8>, item: Item) {
        let (slot, logged) = match item {
            Item::Error(line_no, input, msg) => {
                if self.mode.summary {
                    self.summary.malformed(line_no, &msg);
                } else {
                    super::stdin_line::error(out, self.mode.json, line_no, &input, &msg);
                }
                return;
            }
            Item::Request(slot, logged) => (slot, logged),
        };
        let b = &self.batch;
        let (line, facts) = match &slot {
            Slot::Known(c) => (&c.line[..], c.facts.as_ref()),
            Slot::Fresh(i) => {
                let line = b.lines.get(*i).and_then(|r| b.text.get(r.clone()));
                let facts = b.facts.get(*i).and_then(Option::as_ref);
                (line.unwrap_or_default(), facts)
            }
        };
        match facts {
            Some(f) => self.summary.add(f, logged.status),
            None => super::stdin_line::verdict(out, self.mode.json, line, &logged),
        }
    }
}

/// A line that is not a request: (the line as received, why).
type LineError = (String, String);

/// The non-empty lines of a chunk, each read as a request (with what an access log says
/// about it) or as an error.
fn read_lines<'c>(
    chunk: &'c Chunk,
    region: Option<&'c str>,
) -> impl Iterator<Item = (usize, Result<(Request, Logged), LineError>)> + 'c {
    let data = chunk.data.strip_suffix(b"\n").unwrap_or(&chunk.data);
    data.split(|b| *b == b'\n')
        .enumerate()
        .filter_map(move |(i, raw)| {
            let line_no = chunk.first_line + i;
            let parsed = match std::str::from_utf8(raw) {
                Ok(t) if t.trim().is_empty() => return None,
                Ok(t) => read_line(t.trim(), region),
                Err(_) => Err("the line is not valid UTF-8".to_string()),
            };
            Some((
                line_no,
                parsed.map_err(|msg| (String::from_utf8_lossy(raw).trim().to_string(), msg)),
            ))
        })
}

/// `[METHOD] URL`, a curl/awscurl/http command, or an API Gateway access-log line.
pub fn read_line(t: &str, region: Option<&str>) -> Result<(Request, Logged), String> {
    if access_log::looks_like(t) {
        return access_log::parse(t, region);
    }
    parse_input(t)
        .map(|r| (r, Logged::default()))
        .map_err(|e| e.to_string())
}
