//! update() tests: navigation, expand/collapse, filtering, the URL bar, stale replies,
//! read-only refusal. Pure: no terminal, no network.

use apigw::app::tree::TreeKey;
use apigw::app::{update, Action, Command, Effect, Mode, Pane, State};
use apigw::config::{LiveTarget, Source};
use apigw::domain::load::{LoadError, LoadErrorKind, LoadPart, PartKey, PartKind};
use apigw::domain::model::{ApiKind, ApiRef, Inventory};

use crate::app_builder::{cmd, demo, focus, select_tree, typed};

mod diagnosis;
mod dialogs;
mod loading;
mod url_first;
mod url_input;
mod view_model;

fn api(id: &str, kind: ApiKind) -> Option<ApiRef> {
    Some(ApiRef {
        kind,
        id: id.to_string(),
    })
}

#[test]
fn demo_starts_on_the_first_api_and_its_first_stage() {
    let s = demo();
    assert_eq!(s.api(), api("a1b2c3d4e5", ApiKind::Rest).as_ref());
    assert_eq!(s.stage(), Some("prod"));
    assert_eq!(s.focus(), Pane::Apis);
    assert_eq!(s.view().apis().len(), 3);
}

#[test]
fn down_in_apis_selects_the_next_api_and_resets_stage_and_tree() {
    let mut s = demo();
    cmd(&mut s, Command::Down);
    assert_eq!(s.api().cloned(), api("k7lm2n9p4q", ApiKind::Rest));
    assert_eq!(s.stage(), Some("v1"));
    assert_eq!(s.tree().selected, Some(TreeKey::node("/")));
    cmd(&mut s, Command::Bottom);
    assert_eq!(s.api().cloned(), api("p4y8h3t6x1", ApiKind::Http));
    assert_eq!(s.stage(), Some("$default"));
    cmd(&mut s, Command::Down); // clamps at the end
    assert_eq!(s.api().cloned(), api("p4y8h3t6x1", ApiKind::Http));
}

#[test]
fn tab_cycles_panes_and_shift_tab_goes_back() {
    let mut s = demo();
    let order: Vec<Pane> = (0..5)
        .map(|_| {
            cmd(&mut s, Command::NextPane);
            s.focus()
        })
        .collect();
    assert_eq!(
        order,
        vec![
            Pane::Stages,
            Pane::Tree,
            Pane::Details,
            Pane::Domains,
            Pane::Apis
        ]
    );
    cmd(&mut s, Command::PrevPane);
    assert_eq!(s.focus(), Pane::Domains);
    // The URL bar is entered with `u`, Tab switches its fields, Esc returns.
    cmd(&mut s, Command::FocusUrl);
    cmd(&mut s, Command::NextField);
    assert_eq!(s.focus(), Pane::Url);
    assert_eq!(s.url().field, apigw::app::url_bar::UrlField::Headers);
    cmd(&mut s, Command::Back);
    assert_eq!(s.focus(), Pane::Domains);
}

#[test]
fn stages_pane_moves_between_stages() {
    let mut s = demo();
    cmd(&mut s, Command::NextPane);
    cmd(&mut s, Command::Down);
    assert_eq!(s.stage(), Some("staging"));
    cmd(&mut s, Command::Up);
    assert_eq!(s.stage(), Some("prod"));
}

fn visible_keys(s: &State) -> Vec<TreeKey> {
    assert!(s.view().tree().is_some(), "tree of the selected API");
    s.view()
        .tree_rows()
        .iter()
        .map(|(r, _)| r.key.clone())
        .collect()
}

#[test]
fn tree_collapse_hides_children_and_expand_shows_them_again() {
    let mut s = demo();
    focus(&mut s, Pane::Tree);
    let all = visible_keys(&s).len();
    select_tree(&mut s, TreeKey::node("/orders"));
    cmd(&mut s, Command::Toggle);
    let collapsed = visible_keys(&s);
    assert!(collapsed.len() < all, "collapsing /orders hides rows");
    assert!(!collapsed.iter().any(|k| k.path.starts_with("/orders/")));
    cmd(&mut s, Command::Toggle);
    assert_eq!(visible_keys(&s).len(), all);
}

#[test]
fn left_collapses_then_goes_to_parent_and_right_expands() {
    let mut s = demo();
    select_tree(
        &mut s,
        TreeKey {
            path: "/orders/{orderId}".into(),
            method: Some("GET".into()),
        },
    );
    cmd(&mut s, Command::Left);
    assert_eq!(s.tree().selected, Some(TreeKey::node("/orders/{orderId}")));
    cmd(&mut s, Command::Left);
    assert!(s.tree().collapsed.contains("/orders/{orderId}"));
    cmd(&mut s, Command::Left);
    assert_eq!(s.tree().selected, Some(TreeKey::node("/orders")));
    select_tree(&mut s, TreeKey::node("/orders/{orderId}"));
    cmd(&mut s, Command::Right);
    assert!(!s.tree().collapsed.contains("/orders/{orderId}"));
}

#[test]
fn j_and_k_move_through_tree_rows_in_order() {
    let mut s = demo();
    focus(&mut s, Pane::Tree);
    let keys = visible_keys(&s);
    cmd(&mut s, Command::Down);
    assert_eq!(s.tree().selected.as_ref(), keys.get(1));
    cmd(&mut s, Command::Down);
    assert_eq!(s.tree().selected.as_ref(), keys.get(2));
    cmd(&mut s, Command::Up);
    assert_eq!(s.tree().selected.as_ref(), keys.get(1));
}

#[test]
fn filter_narrows_the_focused_pane_and_esc_clears_it() {
    let mut s = demo();
    cmd(&mut s, Command::Filter);
    assert_eq!(apigw::app::mode(&s), Mode::Filter);
    typed(&mut s, "pay");
    let rows = s.view().apis().to_vec();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "payments-http");
    assert_eq!(
        rows[0].hl,
        vec![0, 1, 2],
        "matched chars are reported for highlighting"
    );
    assert_eq!(
        s.api().cloned(),
        api("p4y8h3t6x1", ApiKind::Http),
        "selection follows the filter"
    );
    cmd(&mut s, Command::Submit);
    assert_eq!(apigw::app::mode(&s), Mode::Normal);
    assert_eq!(s.view().apis().len(), 1, "Enter keeps the filter");
    cmd(&mut s, Command::Filter);
    cmd(&mut s, Command::Back);
    assert_eq!(s.view().apis().len(), 3);
}

#[test]
fn tree_filter_searches_collapsed_nodes_and_enter_reveals_the_row() {
    let mut s = demo();
    select_tree(&mut s, TreeKey::node("/"));
    cmd(&mut s, Command::Toggle); // collapse everything under /
    assert_eq!(visible_keys(&s).len(), 1);
    cmd(&mut s, Command::Filter);
    typed(&mut s, "refunds");
    let keys = visible_keys(&s);
    assert!(keys.contains(&TreeKey {
        path: "/orders/{orderId}/refunds".into(),
        method: Some("POST".into())
    }));
    cmd(&mut s, Command::Submit);
    select_tree(
        &mut s,
        TreeKey {
            path: "/orders/{orderId}/refunds".into(),
            method: Some("POST".into()),
        },
    );
    cmd(&mut s, Command::Toggle);
    assert_eq!(s.filter(Pane::Tree), "");
    assert!(!s.tree().collapsed.contains("/"), "ancestors are opened");
    assert!(visible_keys(&s).contains(&TreeKey {
        path: "/orders/{orderId}/refunds".into(),
        method: Some("POST".into())
    }));
}

#[test]
fn domains_pane_lists_mappings_and_rules_and_enter_selects_the_target() {
    let mut s = demo();
    let rows = s.view().domains().to_vec();
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    assert!(
        texts.contains(&"v1/billing → legacy-billing/v1"),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"rule 100: x-env: beta* → orders-api/staging"),
        "{texts:?}"
    );
    assert!(texts.contains(&"(none) → orders-api/prod"), "{texts:?}");
    crate::app_builder::select_domain(&mut s, |t| t.starts_with("v1/billing"));
    cmd(&mut s, Command::Toggle);
    assert_eq!(s.api().cloned(), api("k7lm2n9p4q", ApiKind::Rest));
    assert_eq!(s.stage(), Some("v1"));
    assert_eq!(s.focus(), Pane::Tree);
}

#[test]
fn copy_url_copies_the_invoke_url_of_the_selected_resource() {
    let mut s = demo();
    select_tree(&mut s, TreeKey::node("/orders/{orderId}"));
    assert_eq!(s.detail_of(), Pane::Tree);
    let effects = cmd(&mut s, Command::CopyUrl);
    assert_eq!(
        effects,
        vec![Effect::Copy(
            "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders/{orderId}".into()
        )]
    );
    assert!(s.message().is_some_and(|m| !m.error));
}

#[test]
fn q_quits_from_browsing_and_ctrl_c_binding_quits_while_typing() {
    let mut s = demo();
    assert_eq!(cmd(&mut s, Command::Quit), vec![Effect::Quit]);
    cmd(&mut s, Command::FocusUrl);
    assert_eq!(apigw::app::mode(&s), Mode::Url);
    // In the URL bar `q` is text, not quit.
    let km = apigw::keymap::Keymap::defaults();
    let q = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('q'));
    assert_eq!(
        km.action(apigw::app::mode(&s), &q),
        Some(Action::Input('q'))
    );
    let ctrl_c = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('c'),
        crossterm::event::KeyModifiers::CONTROL,
    );
    assert_eq!(
        km.action(apigw::app::mode(&s), &ctrl_c),
        Some(Action::Command(Command::Quit))
    );
}

fn url_bar(s: &mut State, text: &str) {
    cmd(s, Command::FocusUrl);
    // Typing char by char evaluates on every keystroke.
    typed(s, text);
}

fn verdict(s: &State) -> apigw::domain::routing::Verdict {
    match &s.url().outcome {
        Some(Ok(v)) => v.clone(),
        other => panic!("expected a verdict, got {other:?}"),
    }
}
