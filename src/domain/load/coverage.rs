//! Which parts of the inventory have been read: what a verdict checks before it claims
//! anything (ROUTING.md section 8). A part still being read makes a verdict pending, a part
//! that failed makes it unknown on that point; only a part that was read may be used to say
//! "no such stage" or "no such route".

use std::collections::BTreeMap;

use super::{LoadError, PartKey, Subject};
use crate::domain::model::Inventory;

/// The state of one part of a load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartState {
    /// Asked for: queued or in flight.
    Reading,
    Read,
    Failed(LoadError),
}

/// What a verdict may rely on for one part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness<'a> {
    Read,
    /// Queued or in flight.
    Reading,
    /// Nobody asked for it yet (a URL-first load reads only what verdicts need).
    NotRead,
    Failed(&'a LoadError),
}

impl Readiness<'_> {
    pub fn is_read(self) -> bool {
        matches!(self, Self::Read)
    }

    /// Still to come (reading or not asked for yet).
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Reading | Self::NotRead)
    }
}

/// Part states of one inventory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Every part not listed counts as read (the demo, a snapshot, a whole load).
    complete: bool,
    parts: BTreeMap<PartKey, PartState>,
}

impl Coverage {
    /// Everything counts as read (offline inventories).
    pub fn complete() -> Self {
        Self {
            complete: true,
            parts: BTreeMap::new(),
        }
    }

    /// Nothing is read until a part arrives (a live load).
    pub fn partial() -> Self {
        Self::default()
    }

    /// An offline inventory: complete, except the parts its `issues` name as failed.
    pub fn of_inventory(inv: &Inventory) -> Self {
        let mut c = Self::complete();
        for issue in &inv.issues {
            if let Some(key) = &issue.key {
                let e = LoadError::new(super::LoadErrorKind::Other, issue.message.clone());
                c.set(key.clone(), PartState::Failed(e));
            }
        }
        c
    }

    pub fn is_complete(&self) -> bool {
        self.complete
    }

    pub fn set(&mut self, key: PartKey, state: PartState) {
        self.parts.insert(key, state);
    }

    /// Marks a part as asked for, unless it was read already.
    pub fn asked(&mut self, key: PartKey) {
        if !self.get(&key).is_read() {
            self.parts.insert(key, PartState::Reading);
        }
    }

    pub fn get(&self, key: &PartKey) -> Readiness<'_> {
        match self.parts.get(key) {
            Some(PartState::Read) => Readiness::Read,
            Some(PartState::Reading) => Readiness::Reading,
            Some(PartState::Failed(e)) => Readiness::Failed(e),
            None if self.complete => Readiness::Read,
            None => Readiness::NotRead,
        }
    }

    /// Every part with a state.
    pub fn iter(&self) -> impl Iterator<Item = (&PartKey, &PartState)> {
        self.parts.iter()
    }

    /// Parts that failed.
    pub fn failed(&self) -> impl Iterator<Item = (&PartKey, &LoadError)> {
        self.parts.iter().filter_map(|(k, s)| match s {
            PartState::Failed(e) => Some((k, e)),
            _ => None,
        })
    }

    /// Parts still being read.
    pub fn reading(&self) -> impl Iterator<Item = &PartKey> {
        self.parts
            .iter()
            .filter(|(_, s)| **s == PartState::Reading)
            .map(|(k, _)| k)
    }

    /// Forgets every part of one subject (e.g. before re-reading a domain).
    pub fn forget(&mut self, subject: &Subject) {
        self.parts.retain(|k, _| &k.subject != subject);
    }

    /// Parts that are read, reading or failed no longer count: the whole load starts over
    /// (what is shown stays until replaced).
    pub fn clear(&mut self) {
        self.parts.clear();
        self.complete = false;
    }

    /// A whole live load finished: parts never asked for count as read from now on only if
    /// `complete` (a full crawl); failed parts stay failed.
    pub fn set_complete(&mut self, complete: bool) {
        self.complete = complete;
        if complete {
            self.parts.retain(|_, s| !matches!(s, PartState::Read));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::load::PartKind;

    #[test]
    fn a_partial_coverage_knows_nothing_until_parts_arrive() {
        let mut c = Coverage::partial();
        let k = PartKey::account(PartKind::RestApis);
        assert_eq!(c.get(&k), Readiness::NotRead);
        c.asked(k.clone());
        assert_eq!(c.get(&k), Readiness::Reading);
        c.set(k.clone(), PartState::Read);
        c.asked(k.clone());
        assert_eq!(
            c.get(&k),
            Readiness::Read,
            "asking again keeps what was read"
        );
    }

    #[test]
    fn a_complete_coverage_keeps_its_failed_parts() {
        let mut c = Coverage::complete();
        let k = PartKey::account(PartKind::Domains);
        assert!(c.get(&k).is_read());
        let e = LoadError::new(super::super::LoadErrorKind::AccessDenied, "denied");
        c.set(k.clone(), PartState::Failed(e.clone()));
        c.set_complete(true);
        assert_eq!(c.get(&k), Readiness::Failed(&e));
    }
}
