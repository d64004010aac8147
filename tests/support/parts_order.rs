//! Orders in which a live load may deliver parts, and when two verdicts agree: shared by
//! the engine's test (tests/domain/routing_pending.rs) and the TUI's (tests/tui/app_flow/
//! url_first.rs). Included with `#[path]` by both binaries.

use apigw::domain::load::{LoadPart, PartKey, PartKind};
use apigw::domain::routing::Verdict;

/// The parts in an order given by `keys` (a permutation seed), moved so that every API's
/// own parts come after the list that names it.
pub fn ordered(parts: Vec<(PartKey, LoadPart)>, seed: &[u32]) -> Vec<(PartKey, LoadPart)> {
    let mut v: Vec<((PartKey, LoadPart), u32)> = parts
        .into_iter()
        .zip(seed.iter().copied().chain(std::iter::repeat(0)))
        .collect();
    v.sort_by_key(|(_, s)| *s);
    let mut out: Vec<(PartKey, LoadPart)> = Vec::new();
    let mut waiting: Vec<(PartKey, LoadPart)> = Vec::new();
    for (p, _) in v {
        waiting.push(p);
        loop {
            let i = waiting.iter().position(|(k, _)| ready(k, &out));
            match i {
                Some(i) => out.push(waiting.remove(i)),
                None => break,
            }
        }
    }
    out.extend(waiting);
    out
}

fn ready(k: &PartKey, done: &[(PartKey, LoadPart)]) -> bool {
    let list = match k.api() {
        Some(api) if api.kind == apigw::domain::model::ApiKind::Rest => PartKind::RestApis,
        Some(_) => PartKind::HttpApis,
        None => return true,
    };
    done.iter().any(|(d, _)| *d == PartKey::account(list))
}

pub fn same(a: &Verdict, b: &Verdict) -> bool {
    (
        a.reason,
        a.status,
        &a.message,
        &a.stage,
        &a.resource,
        &a.route_key,
    ) == (
        b.reason,
        b.status,
        &b.message,
        &b.stage,
        &b.resource,
        &b.route_key,
    ) && a.api.as_ref().map(|x| &x.id) == b.api.as_ref().map(|x| &x.id)
}
