//! `match --stdin` against a live account, read lazily: a line's verdict that waits for a
//! part (the API its host names, a domain's mappings, a stage list…) has that part read,
//! once, and is evaluated again. Workers evaluate in parallel on a shared snapshot of what
//! has been read; reading is one at a time (the loader itself runs its requests in
//! parallel under the rate limit), and each read makes a new snapshot.

use std::sync::{Arc, Mutex, RwLock};

use super::batch::Judge;
use crate::aws::{Mode, Session};
use crate::config::LiveTarget;
use crate::domain::load::{Coverage, PartKey};
use crate::domain::model::Inventory;
use crate::domain::routing::{CallerContext, MatchContext, Request, Router, Verdict};

/// What has been read, with its router.
struct Snapshot {
    inv: Inventory,
    coverage: Coverage,
    router: Router,
}

impl Snapshot {
    fn of(s: &Session) -> Self {
        Self {
            router: Router::new(&s.inventory),
            inv: s.inventory.clone(),
            coverage: s.coverage.clone(),
        }
    }

    fn judge(&self, req: &Request, caller: &CallerContext) -> Verdict {
        let cx = MatchContext {
            coverage: Some(&self.coverage),
            caller: caller.clone(),
            ..MatchContext::default()
        };
        self.router.evaluate(&self.inv, req, &cx)
    }
}

/// The live judge of `match --stdin`.
pub struct Lazy {
    rt: tokio::runtime::Handle,
    session: Mutex<Session>,
    now: RwLock<Arc<Snapshot>>,
}

impl Lazy {
    /// An on-demand loader for the account (nothing is read until a line needs it).
    pub async fn open(t: &LiveTarget) -> Self {
        let mut session = Session::open(t, Mode::OnDemand);
        session.until_ready().await;
        let now = RwLock::new(Arc::new(Snapshot::of(&session)));
        Self {
            rt: tokio::runtime::Handle::current(),
            session: Mutex::new(session),
            now,
        }
    }

    /// The region the loader reads in.
    pub fn region(&self) -> Option<String> {
        self.snapshot().inv.region.clone()
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        match self.now.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Reads `keys` (those another worker has not read meanwhile) and publishes a new
    /// snapshot. `false` when nothing could be read (the loader is gone).
    fn read(&self, keys: Vec<PartKey>) -> bool {
        let Ok(mut session) = self.session.lock() else {
            return false;
        };
        let before = session.coverage.clone();
        self.rt.block_on(session.read(keys));
        if session.coverage == before {
            return false;
        }
        let snap = Arc::new(Snapshot::of(&session));
        if let Ok(mut now) = self.now.write() {
            *now = snap;
        }
        true
    }
}

impl Judge for Lazy {
    fn judge(&self, reqs: &[Request], caller: &CallerContext) -> Vec<Verdict> {
        let mut snap = self.snapshot();
        let mut out: Vec<Verdict> = reqs.iter().map(|r| snap.judge(r, caller)).collect();
        loop {
            let mut wanted: Vec<PartKey> = Vec::new();
            for v in out.iter().filter(|v| v.is_pending()) {
                for k in &v.pending {
                    if !wanted.contains(k) {
                        wanted.push(k.clone());
                    }
                }
            }
            if wanted.is_empty() {
                return out;
            }
            let fresh = self.snapshot();
            let moved = !Arc::ptr_eq(&fresh, &snap);
            if !moved && !self.read(wanted) {
                return out;
            }
            snap = self.snapshot();
            for (v, r) in out.iter_mut().zip(reqs) {
                if v.is_pending() {
                    *v = snap.judge(r, caller);
                }
            }
        }
    }
}
