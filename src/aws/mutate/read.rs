//! Reading back what a plan changed: the API's record, then the parts the plan touched
//! (stage and deployments, resources, gateway responses), as loader jobs like every other
//! read. Reads may retry (they change nothing); a read that fails becomes a problem of the
//! read-back, not an error. What the read parts show is decided in the domain
//! (`domain::plan::readback`).

use crate::aws::client::Clients;
use crate::aws::loader::Mode;
use crate::aws::session::Session;
use crate::domain::load::{PartKey, PartKind};
use crate::domain::plan::readback::{from_inventory, parts_to_read};
use crate::domain::plan::{Plan, Readback};

/// Reads back everything the plan touched. `created` is the id of a deployment the plan
/// created, if any.
pub(super) async fn readback(c: &Clients, plan: &Plan, created: Option<&str>) -> Readback {
    let mut s = Session::with_clients(c.clone(), c.limiter.limits(), Mode::OnDemand);
    let api = plan.api.clone();
    s.read([PartKey::of(api.clone(), PartKind::ApiRecord)])
        .await;
    let parts = parts_to_read(plan)
        .into_iter()
        .map(|k| PartKey::of(api.clone(), k));
    s.read(parts).await;
    let mut rb = from_inventory(&s.inventory, plan, created);
    for (key, e) in s.failures() {
        rb.problems.insert(
            0,
            format!("could not re-read {}: {e}", key.label(&s.inventory)),
        );
    }
    rb
}
