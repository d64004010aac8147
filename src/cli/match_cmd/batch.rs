//! One chunk of `match --stdin` input → its output, in three steps: read the lines into
//! requests ([`read_lines`]), evaluate the ones not already known ([`evaluate_batch`]),
//! write each line's verdict ([`Worker::process`]). Each worker thread owns a [`Worker`]:
//! its verdict cache and its part of the summary.
//!
//! Where reading the account lazily fits: the verdicts come back from `evaluate_batch`
//! before anything is rendered or cached, so a step that loads what pending verdicts need
//! and evaluates those requests again goes between the two (see `Worker::process`). Only
//! final verdicts may be cached, and the cache belongs to one inventory.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::rc::Rc;

use super::access_log::{self, Logged};
use super::summary::{Facts, Summary};
use crate::domain::model::Inventory;
use crate::domain::routing::{parse_input, MatchContext, Request, Router, Verdict};

/// What API Gateway answers to each request, in order (the same as calling
/// [`Router::evaluate`] on each).
pub fn evaluate_batch(router: &Router, inv: &Inventory, reqs: &[Request]) -> Vec<Verdict> {
    let ctx = MatchContext::default();
    reqs.iter().map(|r| router.evaluate(inv, r, &ctx)).collect()
}

/// What every worker reads.
pub struct Env<'a> {
    pub inv: &'a Inventory,
    pub router: &'a Router,
    /// `-H` headers added to every request.
    pub headers: &'a [(String, String)],
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

/// The cache key: the whole request, which is everything a verdict depends on besides
/// the inventory and the match context (both fixed for the run). `hash` destructures
/// [`Request`] without `..`, so a field added to it fails to compile here instead of
/// being silently left out of the key; `eq` is `Request`'s own (derived, every field).
#[derive(Debug, PartialEq, Eq)]
struct Key(Request);

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let Request {
            method,
            url,
            headers,
            signed,
        } = &self.0;
        method.hash(h);
        url.hash(h);
        headers.hash(h);
        signed.hash(h);
    }
}

/// A verdict as written (one line, no newline) and, with `--summary`, what it counts.
#[derive(Debug)]
struct Answer {
    line: Vec<u8>,
    facts: Option<Facts>,
}

/// Verdicts kept per worker; cleared when full (access logs repeat a small hot set).
const CACHE_ENTRIES: usize = 20_000;

/// One line of a chunk, in order.
enum Item {
    Error(usize, String, String),
    Request(Slot, Logged),
}

enum Slot {
    Known(Rc<Answer>),
    Fresh(usize),
}

/// A worker thread's state.
pub struct Worker<'a> {
    env: &'a Env<'a>,
    mode: Mode,
    region: Option<&'a str>,
    cache: Map<Key, Rc<Answer>>,
    /// This chunk's requests to evaluate, and (by hash) where each is in that list.
    fresh: Vec<Request>,
    fresh_at: Map<u64, usize>,
    /// Reused between chunks and lines (large allocations are what costs).
    items: Vec<Item>,
    json: Vec<u8>,
    pub summary: Summary,
}

impl<'a> Worker<'a> {
    pub fn new(env: &'a Env<'a>, mode: Mode) -> Self {
        Self {
            env,
            mode,
            region: env.inv.region.as_deref(),
            cache: Map::default(),
            fresh: Vec::new(),
            fresh_at: Map::default(),
            items: Vec::new(),
            json: Vec::new(),
            summary: Summary::default(),
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
        let verdicts = evaluate_batch(self.env.router, self.env.inv, &self.fresh);
        // ← a lazy account read goes here: load what pending verdicts need, evaluate their
        //   requests again, and leave still-pending ones out of the cache.
        let answers: Vec<Rc<Answer>> = verdicts
            .into_iter()
            .map(|v| Rc::new(self.answer(v)))
            .collect();
        self.remember(&answers);
        for item in items.drain(..) {
            self.emit(out, item, &answers);
        }
        self.items = items;
        failed
    }

    /// A cached answer, or a place in this chunk's batch (identical requests share it).
    fn slot(&mut self, req: Request) -> Slot {
        if !self.mode.cache {
            self.fresh.push(req);
            return Slot::Fresh(self.fresh.len() - 1);
        }
        let key = Key(req);
        if let Some(a) = self.cache.get(&key) {
            return Slot::Known(a.clone());
        }
        let hash = self.fresh_at.hasher().hash_one(&key);
        let req = key.0;
        if let Some(&i) = self.fresh_at.get(&hash) {
            if self.fresh.get(i) == Some(&req) {
                return Slot::Fresh(i);
            }
        }
        self.fresh.push(req);
        self.fresh_at.insert(hash, self.fresh.len() - 1);
        Slot::Fresh(self.fresh.len() - 1)
    }

    /// Moves this chunk's requests into the cache with their answers.
    fn remember(&mut self, answers: &[Rc<Answer>]) {
        self.fresh_at.clear();
        if !self.mode.cache {
            self.fresh.clear();
            return;
        }
        if self.cache.len() + self.fresh.len() > CACHE_ENTRIES {
            self.cache.clear();
        }
        for (req, a) in self.fresh.drain(..).zip(answers) {
            self.cache.insert(Key(req), a.clone());
        }
    }

    fn answer(&mut self, mut v: Verdict) -> Answer {
        if self.mode.summary {
            return Answer {
                line: Vec::new(),
                facts: Some(Facts::of(&v)),
            };
        }
        super::scrub(&mut v, self.mode.json);
        let line = if self.mode.json {
            self.json.clear();
            match serde_json::to_writer(&mut self.json, &v) {
                Ok(()) => self.json.clone(),
                Err(e) => serde_json::json!({"url": v.url, "error": format!("cannot write the verdict: {e}")})
                    .to_string()
                    .into_bytes(),
            }
        } else {
            super::stdin_line::one_line(&v, self.mode.colour).into_bytes()
        };
        Answer { line, facts: None }
    }

    fn emit(&mut self, out: &mut Vec<u8>, item: Item, fresh: &[Rc<Answer>]) {
        match item {
            Item::Error(line_no, input, msg) => {
                if self.mode.summary {
                    self.summary.malformed(line_no, &msg);
                } else {
                    super::stdin_line::error(out, self.mode.json, line_no, &input, &msg);
                }
            }
            Item::Request(slot, logged) => {
                let a = match &slot {
                    Slot::Known(a) => a,
                    Slot::Fresh(i) => match fresh.get(*i) {
                        Some(a) => a,
                        None => return,
                    },
                };
                match &a.facts {
                    Some(f) => self.summary.add(f, logged.status),
                    None => super::stdin_line::verdict(out, self.mode.json, &a.line, &logged),
                }
            }
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
