//! The view model: derived data (rows, tree, staleness, router) is rebuilt in `update`
//! when its inputs change, never on a tick.

use super::*;

fn tick(s: &mut State) {
    update(s, Action::Tick(chrono::Utc::now()));
}

#[test]
fn a_tick_rebuilds_nothing_and_keeps_every_part_of_the_view() {
    let mut s = demo();
    let before = s.view().builds();
    let (tree, rows, apis) = (
        s.view().tree().map(|t| t as *const _),
        s.view().tree_rows().as_ptr(),
        s.view().apis().as_ptr(),
    );
    let matcher = s.view().matcher().cloned().expect("a router for the demo");
    for _ in 0..50 {
        tick(&mut s);
    }
    assert_eq!(s.view().builds(), before, "no part was rebuilt");
    assert_eq!(s.view().tree().map(|t| t as *const _), tree);
    assert_eq!(s.view().tree_rows().as_ptr(), rows);
    assert_eq!(s.view().apis().as_ptr(), apis);
    let now = s.view().matcher().expect("still a router");
    assert!(
        std::sync::Arc::ptr_eq(&matcher, now),
        "the router was not rebuilt"
    );
}

#[test]
fn a_part_arriving_rebuilds_the_router_and_the_rows_it_feeds() {
    let (mut s, req) = crate::app_builder::live_started(LiveTarget::default(), false);
    let demo = apigw::demo::inventory();
    crate::app_builder::part(
        &mut s,
        req,
        LoadPart::RestApis(crate::app_builder::bare_rest(&demo.rest_apis)),
    );
    let before = s.view().builds();
    let rev = s.inventory_rev();
    let router = s.view().matcher().cloned().expect("a router");
    assert_eq!(
        s.view().tree().map(|t| t.nodes.len()),
        Some(1),
        "only the root yet"
    );
    let orders = &demo.rest_apis[0];
    crate::app_builder::part(
        &mut s,
        req,
        LoadPart::Resources {
            api_id: orders.id.clone(),
            resources: orders.resources.clone(),
        },
    );
    let after = s.view().builds();
    assert_eq!(s.inventory_rev(), rev + 1);
    assert_eq!(
        after.matcher,
        before.matcher + 1,
        "the router is rebuilt once"
    );
    assert!(!std::sync::Arc::ptr_eq(
        &router,
        s.view().matcher().expect("router")
    ));
    assert_eq!(after.selected_api, before.selected_api + 1);
    assert!(
        s.view().tree().is_some_and(|t| t.nodes.len() > 1),
        "the tree shows the resources that arrived"
    );
    assert!(visible_keys(&s).contains(&TreeKey::node("/orders/{orderId}")));
}

#[test]
fn moving_in_the_tree_rebuilds_no_rows_and_collapsing_rebuilds_only_the_tree_rows() {
    let mut s = demo();
    focus(&mut s, Pane::Tree);
    let before = s.view().builds();
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Down);
    assert_eq!(
        s.view().builds(),
        before,
        "a selection move derives nothing"
    );
    select_tree(&mut s, TreeKey::node("/orders"));
    cmd(&mut s, Command::Toggle);
    let after = s.view().builds();
    assert_eq!(after.tree_rows, before.tree_rows + 1);
    assert_eq!(
        (after.selected_api, after.apis, after.domains, after.matcher),
        (
            before.selected_api,
            before.apis,
            before.domains,
            before.matcher
        ),
        "the tree itself, the lists and the router are kept"
    );
}

#[test]
fn staleness_is_derived_once_per_api_and_shown_per_stage() {
    let mut s = demo();
    let before = s.view().builds();
    let prod = s.view().stage("prod").expect("prod");
    assert_eq!(prod.staleness, apigw::app::stale::Staleness::Stale(1));
    assert_eq!(prod.changes[0].path, "/orders/{orderId}/refunds");
    // Moving between stages re-derives nothing of the API; only what the stage serves.
    focus(&mut s, Pane::Stages);
    cmd(&mut s, Command::Down);
    assert_eq!(s.stage(), Some("staging"));
    let after = s.view().builds();
    assert_eq!(after.selected_api, before.selected_api);
    assert_eq!(after.deployed, before.deployed + 1);
    // Another API: its stages are derived.
    focus(&mut s, Pane::Apis);
    cmd(&mut s, Command::Down);
    assert_eq!(s.view().builds().selected_api, before.selected_api + 1);
    assert_eq!(
        s.view()
            .stage_rows()
            .iter()
            .map(|r| r.stage.name.as_str())
            .collect::<Vec<_>>(),
        vec!["v1"]
    );
}

#[test]
fn a_filter_rebuilds_its_pane_only() {
    let mut s = demo();
    focus(&mut s, Pane::Domains);
    let before = s.view().builds();
    cmd(&mut s, Command::Filter);
    typed(&mut s, "bill");
    let after = s.view().builds();
    assert!(after.domains > before.domains);
    assert_eq!(
        (after.apis, after.tree_rows, after.selected_api),
        (before.apis, before.tree_rows, before.selected_api)
    );
    let rows = s.view().domains();
    assert!(
        !rows.is_empty() && rows.iter().all(|r| r.text.contains("billing")),
        "{rows:?}"
    );
}

#[test]
fn only_a_running_load_or_plan_animates() {
    assert!(
        !demo().animating(),
        "an idle screen needs no frame on a tick"
    );
    let (s, _) = crate::app_builder::live_started(LiveTarget::default(), false);
    assert!(s.animating(), "the spinner turns while loading");
    assert!(!crate::app_builder::live_demo().animating());
}
