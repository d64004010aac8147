//! Loads just what a mutation needs: one API (found by id, or by name from the lists) with
//! the parts its plans use — as loader jobs, like every other read. Faster than a
//! whole-account load and indifferent to other APIs' failures.

use anyhow::Context;

use crate::aws::client::Clients;
use crate::aws::loader::Mode;
use crate::aws::session::Session;
use crate::domain::load::{PartKey, PartKind};
use crate::domain::model::{ApiRef, Inventory};

/// The inventory holding only the API named `name_or_id` (with what its plans need) and
/// its ref.
pub async fn load_api(c: &Clients, name_or_id: &str) -> anyhow::Result<(Inventory, ApiRef)> {
    let mut s = Session::with_clients(c.clone(), c.limiter.limits(), Mode::OnDemand);
    let api = find(&mut s, name_or_id).await?;
    let what = format!("{} ({})", s.inventory.api_name(&api.id), api.id);
    let parts: Vec<PartKey> = api
        .kind
        .mutation_parts()
        .iter()
        .map(|k| PartKey::of(api.clone(), *k))
        .collect();
    s.read(parts.clone()).await;
    let failed = s.failures();
    if let Some((key, e)) = failed
        .iter()
        .find(|(k, _)| parts.contains(k) && k.kind.required_for_plans())
    {
        return Err(anyhow::anyhow!("{}: {e}", key.kind.label()))
            .with_context(|| format!("loading {what}"));
    }
    let mut inv = s.into_inventory();
    inv.issues.clear();
    inv.rest_apis.retain(|a| a.id == api.id);
    inv.http_apis.retain(|a| a.id == api.id);
    Ok((inv, api))
}

/// The API by id (one read), else by name from the lists.
async fn find(s: &mut Session, name_or_id: &str) -> anyhow::Result<ApiRef> {
    if looks_like_id(name_or_id) {
        let key = PartKey::api_by_id(name_or_id, None);
        s.read([key.clone()]).await;
        if let Some(api) = s.inventory.api_by_id(&name_or_id.to_ascii_lowercase()) {
            return Ok(api.api_ref());
        }
    }
    let lists = [PartKind::RestApis, PartKind::HttpApis].map(PartKey::account);
    s.read(lists.clone()).await;
    if let Some((key, e)) = s.failures().into_iter().find(|(k, _)| lists.contains(k)) {
        anyhow::bail!("could not list {}: {e}", key.kind.label());
    }
    find_api(&s.inventory, name_or_id)
}

/// Finds `--api NAME|ID`; an unknown one is an error naming the nearest APIs.
pub fn find_api(inv: &Inventory, name_or_id: &str) -> anyhow::Result<ApiRef> {
    inv.find_api(name_or_id)
        .map_err(|e| anyhow::anyhow!("--api {name_or_id}: {e}"))
}

/// API Gateway ids are ten lowercase letters and digits.
fn looks_like_id(s: &str) -> bool {
    s.len() == 10
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}
