//! What a verdict rests on (ROUTING.md section 8): before the engine uses a part of the
//! inventory to claim something ("no such stage", "no route"), it checks that the part has
//! been read. A part still coming makes the verdict pending on it; a part that failed makes
//! it unknown on that point, with the error. Offline inventories count as wholly read.

use super::eval::Eval;
use super::verdict::{Confidence, Reason, Unread};
use crate::domain::load::{LoadError, PartKey, PartKind, Readiness};
use crate::domain::model::{ApiKind, ApiRef};

/// An API the request names, as far as what has been read tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ApiAt {
    Rest(usize),
    Http(usize),
    /// Read, and no API has that id (here).
    Absent,
    /// Waiting for it, or it could not be read: the verdict says so; stop.
    Stop,
}

impl<'a> Eval<'a> {
    pub fn readiness(&self, key: &PartKey) -> Readiness<'a> {
        match self.cov {
            Some(c) => c.get(key),
            None => Readiness::Read,
        }
    }

    /// A part the verdict cannot do without: `true` once read; else the verdict becomes
    /// pending on it (or unknown, when it failed) and the caller stops.
    pub fn need(&mut self, key: PartKey) -> bool {
        self.need_all([key])
    }

    /// Several independent parts at once (so they are read together): `true` when all are
    /// read.
    pub fn need_all(&mut self, keys: impl IntoIterator<Item = PartKey>) -> bool {
        let mut ok = true;
        for key in keys {
            match self.readiness(&key) {
                Readiness::Read => {}
                Readiness::Reading | Readiness::NotRead => {
                    self.pend(key);
                    ok = false;
                }
                Readiness::Failed(e) => {
                    if self.v.reason != Reason::Unknown {
                        self.unknown(key, e);
                    }
                    ok = false;
                }
            }
        }
        ok
    }

    /// A part that only refines the verdict (authorizers, gateway responses, validators):
    /// `false` while it is coming (pending); when it failed the verdict goes on without it,
    /// marked likely and naming the part.
    pub fn refine(&mut self, key: PartKey) -> bool {
        match self.readiness(&key) {
            Readiness::Read => true,
            Readiness::Reading | Readiness::NotRead => {
                self.pend(key);
                false
            }
            Readiness::Failed(e) => {
                let label = key.label(self.inv);
                if !self.v.unread.iter().any(|u| u.part == key) {
                    self.note(format!(
                        "{label} could not be read ({}), so this verdict does not take them into account (likely).",
                        e.message
                    ));
                    self.v.confidence = Confidence::Likely;
                    self.v.unread.push(Unread {
                        part: key,
                        label,
                        error: e.clone(),
                    });
                }
                true
            }
        }
    }

    /// One part of an API (`refine`, by kind).
    pub fn refine_api(&mut self, api: ApiRef, kind: PartKind) -> bool {
        self.refine(PartKey::of(api, kind))
    }

    fn pend(&mut self, key: PartKey) {
        if !self.v.pending.contains(&key) {
            self.v.pending.push(key);
        }
    }

    fn unknown(&mut self, key: PartKey, e: &LoadError) {
        let label = key.label(self.inv);
        self.v.reason = Reason::Unknown;
        self.v.confidence = Confidence::Likely;
        self.v.explanation = format!(
            "{label} could not be read ({}), and the answer depends on it: it is unknown until it can be read{}.",
            e.message,
            e.hint.as_deref().map(|h| format!(" ({h})")).unwrap_or_default()
        );
        self.v.unread.push(Unread {
            part: key,
            label,
            error: e.clone(),
        });
    }

    /// True once the verdict waits for something or cannot be decided: stop evaluating.
    pub fn stopped(&self) -> bool {
        !self.v.pending.is_empty() || self.v.reason == Reason::Unknown
    }

    /// The API with this id. `region` is the region the URL names, when it is not the
    /// inventory's. While the API lists (or the API's own record) are still coming, the
    /// verdict is pending on its record; "absent" only once they were read.
    pub(crate) fn api_at(&mut self, id: &str, region: Option<&str>) -> ApiAt {
        let id = id.to_ascii_lowercase();
        if let Some(&i) = self.ix.rest_by_id.get(&id) {
            return ApiAt::Rest(i);
        }
        if let Some(&i) = self.ix.http_by_id.get(&id) {
            return ApiAt::Http(i);
        }
        let record = PartKey::api_by_id(&id, region);
        if self.readiness(&record).is_read() {
            return ApiAt::Absent;
        }
        let lists = [PartKind::RestApis, PartKind::HttpApis].map(PartKey::account);
        if region.is_none() && lists.iter().all(|k| self.readiness(k).is_read()) {
            return ApiAt::Absent;
        }
        self.need(record);
        ApiAt::Stop
    }

    /// The account-wide lists an `unknown_host` verdict rests on.
    pub fn lists_read(&mut self) -> bool {
        let lists = [PartKind::Domains, PartKind::RestApis, PartKind::HttpApis];
        self.need_all(lists.map(PartKey::account))
    }

    /// A stage of an API (its stages read).
    pub fn need_stages(&mut self, kind: ApiKind, id: &str) -> bool {
        self.need(stages_key(kind, id))
    }
}

pub(crate) fn stages_key(kind: ApiKind, id: &str) -> PartKey {
    PartKey::of(
        ApiRef {
            kind,
            id: id.to_string(),
        },
        PartKind::Stages,
    )
}

pub(crate) fn api_ref(kind: ApiKind, id: &str) -> ApiRef {
    ApiRef {
        kind,
        id: id.to_string(),
    }
}
