//! Rendered-frame snapshots (TestBackend + insta) of every pane, including empty, loading
//! and error states, whole screens at 80×24 and 200×60, help, dialogs, and a tiny terminal.

use apigw::app::tree::TreeKey;
use apigw::app::{update, Action, Command, Pane, State};
use apigw::config::Source;
use apigw::domain::load::{LoadError, LoadErrorKind, PartKey, PartKind};
use apigw::keymap::Keymap;
use apigw::ui::{self, Ctx, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

mod diagnosis;
mod hints;
mod support;

use crate::app_builder::{at, focus, select_tree};
use support::*;

#[test]
fn demo_whole_screen_80x24() {
    insta::assert_snapshot!(screen(&demo(), 80, 24).backend());
}

#[test]
fn demo_whole_screen_200x60() {
    insta::assert_snapshot!(screen(&demo(), 200, 60).backend());
}

#[test]
fn tiny_terminal_20x5_does_not_panic_and_says_so() {
    let t = screen(&demo(), 20, 5);
    insta::assert_snapshot!(t.backend());
    for (w, h) in [(1, 1), (0, 0), (39, 9), (40, 10), (41, 11), (60, 12)] {
        screen(&demo(), w, h);
    }
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut s = demo();
    update(&mut s, Action::Command(Command::Help));
    insta::assert_snapshot!(screen(&s, 100, 40).backend());
}

#[test]
fn apis_pane_ready_empty_loading_error() {
    insta::assert_snapshot!("apis_ready", pane(&demo(), 40, 6, ui::apis::draw).backend());
    insta::assert_snapshot!(
        "apis_empty",
        pane(&empty(), 40, 6, ui::apis::draw).backend()
    );
    insta::assert_snapshot!(
        "apis_loading",
        pane(&loading(), 40, 6, ui::apis::draw).backend()
    );
    insta::assert_snapshot!(
        "apis_error",
        pane(&failed(), 40, 6, ui::apis::draw).backend()
    );
}

#[test]
fn apis_pane_filter_highlights_matches() {
    let mut s = demo();
    update(&mut s, Action::Command(Command::Filter));
    for c in "bill".chars() {
        update(&mut s, Action::Input(c));
    }
    let t = pane(&s, 40, 5, ui::apis::draw);
    insta::assert_snapshot!(t.backend());
    // The matched characters carry the highlight style, the rest do not.
    let buf = t.backend().buffer();
    let theme = Theme::default();
    let row: Vec<_> = (0..40).map(|x| buf[(x, 1)].clone()).collect();
    let text: String = row.iter().map(|c| c.symbol()).collect();
    let b = text.find("bill").expect("legacy-billing row");
    let start = text[..b].chars().count();
    assert_eq!(row[start].fg, theme.matched.fg.expect("matched colour"));
    assert_ne!(row[start - 1].fg, theme.matched.fg.expect("matched colour"));
}

#[test]
fn stages_pane_shows_stale_marker_and_auto_deploy() {
    let s = demo();
    insta::assert_snapshot!("stages_rest", pane(&s, 60, 4, ui::stages::draw).backend());
    let mut h = demo();
    crate::app_builder::select_api(&mut h, "p4y8h3t6x1");
    assert_eq!(h.stage(), Some("$default"));
    insta::assert_snapshot!("stages_http", pane(&h, 60, 3, ui::stages::draw).backend());
    insta::assert_snapshot!(
        "stages_loading",
        pane(&loading(), 60, 3, ui::stages::draw).backend()
    );
    insta::assert_snapshot!(
        "stages_error",
        pane(&failed(), 60, 6, ui::stages::draw).backend()
    );
}

#[test]
fn stages_pane_part_error_is_inline() {
    let mut s = demo();
    let e = LoadError::new(
        LoadErrorKind::AccessDenied,
        "AccessDenied: apigateway:GET on /restapis/a1b2c3d4e5/stages",
    )
    .with_hint("grant apigateway:GET");
    let req = s.load_req();
    crate::app_builder::part_failed(&mut s, req, PartKey::of(orders_api(), PartKind::Stages), e);
    insta::assert_snapshot!(pane(&s, 60, 6, ui::stages::draw).backend());
}

#[test]
fn tree_pane_rest_http_collapsed_and_loading() {
    let mut s = demo();
    let post = TreeKey {
        path: "/orders".into(),
        method: Some("POST".into()),
    };
    select_tree(&mut s, post);
    insta::assert_snapshot!("tree_rest", pane(&s, 60, 20, ui::tree::draw).backend());
    select_tree(&mut s, TreeKey::node("/orders"));
    update(&mut s, Action::Command(Command::Toggle));
    assert!(s.tree().collapsed.contains("/orders"));
    insta::assert_snapshot!(
        "tree_rest_collapsed",
        pane(&s, 60, 12, ui::tree::draw).backend()
    );
    let mut h = demo();
    crate::app_builder::select_api(&mut h, "p4y8h3t6x1");
    insta::assert_snapshot!("tree_http", pane(&h, 60, 14, ui::tree::draw).backend());
    let (l, _) = live_api_list();
    assert!(l
        .part(&PartKey::of(orders_api(), PartKind::Resources))
        .is_loading());
    insta::assert_snapshot!("tree_loading", pane(&l, 60, 5, ui::tree::draw).backend());
    insta::assert_snapshot!(
        "tree_empty",
        pane(&empty(), 60, 5, ui::tree::draw).backend()
    );
}

#[test]
fn details_pane_for_method_api_stage_and_domain() {
    let mut s = demo();
    let refunds = TreeKey {
        path: "/orders/{orderId}/refunds".into(),
        method: Some("POST".into()),
    };
    select_tree(&mut s, refunds);
    assert_eq!(s.detail_of(), Pane::Tree);
    insta::assert_snapshot!(
        "details_method",
        pane(&s, 80, 14, ui::details::draw).backend()
    );
    focus(&mut s, Pane::Apis);
    insta::assert_snapshot!("details_api", pane(&s, 80, 12, ui::details::draw).backend());
    focus(&mut s, Pane::Stages);
    insta::assert_snapshot!(
        "details_stage",
        pane(&s, 80, 14, ui::details::draw).backend()
    );
    crate::app_builder::select_domain(&mut s, |t| t.starts_with("rule"));
    assert_eq!(s.detail_of(), Pane::Domains);
    insta::assert_snapshot!(
        "details_domain",
        pane(&s, 80, 10, ui::details::draw).backend()
    );
    insta::assert_snapshot!(
        "details_empty",
        pane(&empty(), 40, 4, ui::details::draw).backend()
    );
}

#[test]
fn domains_pane_ready_empty_loading_error() {
    insta::assert_snapshot!(
        "domains_ready",
        pane(&demo(), 50, 10, ui::domains::draw).backend()
    );
    insta::assert_snapshot!(
        "domains_empty",
        pane(&empty(), 50, 4, ui::domains::draw).backend()
    );
    insta::assert_snapshot!(
        "domains_loading",
        pane(&loading(), 50, 4, ui::domains::draw).backend()
    );
    insta::assert_snapshot!(
        "domains_error",
        pane(&failed(), 50, 6, ui::domains::draw).backend()
    );
}

#[test]
fn status_bar_read_only_cached_and_message() {
    let s = demo();
    insta::assert_snapshot!(
        "status_hints_80",
        pane(&s, 80, 1, ui::status::draw).backend()
    );
    // Read-only, showing a cached inventory: the load that would replace it finished with
    // a failed part (so the cached mark stays), and Esc dismissed its message.
    let mut s = State::new(Source::Demo, true);
    let req = crate::app_builder::cmd(&mut s, Command::Refresh)
        .iter()
        .find_map(|e| match e {
            apigw::app::Effect::Load { req, .. } => Some(*req),
            _ => None,
        })
        .expect("a load");
    update(
        &mut s,
        Action::InventoryLoaded {
            req,
            result: Ok(Box::new(apigw::demo::inventory())),
            cached_at: Some(fixed_now() - chrono::Duration::minutes(12)),
        },
    );
    crate::app_builder::load_finished(&mut s, req, 1);
    update(&mut s, Action::Command(Command::Back));
    at(&mut s, fixed_now());
    insta::assert_snapshot!(
        "status_read_only_cached",
        pane(&s, 100, 1, ui::status::draw).backend()
    );
    update(&mut s, Action::Command(Command::Deploy));
    assert!(s.message().is_some_and(|m| m.error));
    insta::assert_snapshot!("status_error", pane(&s, 80, 1, ui::status::draw).backend());
}

#[test]
fn deploy_dialog_shows_plan_diff_and_offline_note() {
    let mut s = demo();
    update(&mut s, Action::Command(Command::Deploy));
    insta::assert_snapshot!(screen(&s, 120, 30).backend());
}

#[test]
fn url_bar_focused_empty() {
    let mut s = demo();
    update(&mut s, Action::Command(Command::FocusUrl));
    insta::assert_snapshot!(pane(&s, 80, 4, ui::url_bar::draw).backend());
}

#[test]
fn url_bar_colours_matched_path_and_failing_segment_and_shows_verdict() {
    let mut s = demo();
    update(&mut s, Action::Command(Command::FocusUrl));
    crate::app_builder::typed(&mut s, "https://api.example.com/orders/orders/42/refundz");
    update(&mut s, Action::Command(Command::CycleMethod)); // GET → POST
    let v = s.url().verdict().cloned().expect("a verdict");
    assert_eq!(
        (v.progress.matched_len, v.progress.failed),
        (18, Some((18, 25))),
        "{v:?}"
    );
    let t = pane(&s, 100, 9, ui::url_bar::draw);
    insta::assert_snapshot!(t.backend());
    let theme = Theme::default();
    let buf = t.backend().buffer();
    let line: String = (0..100).map(|x| buf[(x, 1)].symbol().to_string()).collect();
    let p0 = line.find("/orders/orders").expect("path on the input line");
    let col = |byte: usize| line[..byte].chars().count() as u16;
    // matched_len 18 covers "/orders/orders/42/"; the failing segment is "refundz".
    assert_eq!(buf[(col(p0), 1)].fg, theme.path_ok.fg.expect("ok colour"));
    assert_eq!(
        buf[(col(p0) + 16, 1)].fg,
        theme.path_ok.fg.expect("ok colour")
    );
    assert_eq!(
        buf[(col(p0) + 18, 1)].bg,
        theme.path_bad.bg.expect("bad colour")
    );
}

#[test]
fn whole_screen_with_url_verdict_80x24_and_200x60() {
    let mut s = demo();
    typed_not_deployed(&mut s);
    assert_eq!(
        s.tree().selected,
        Some(TreeKey {
            path: "/orders/{orderId}/refunds".into(),
            method: Some("POST".into()),
        })
    );
    assert_eq!(s.detail_of(), Pane::Tree);
    insta::assert_snapshot!("url_verdict_80x24", screen(&s, 80, 24).backend());
    insta::assert_snapshot!("url_verdict_200x60", screen(&s, 200, 60).backend());
}

/// The whole screen drawn for `state` as plain text, a line per row.
pub fn screen_text(state: &State, w: u16, h: u16) -> String {
    text_of(&screen(state, w, h))
}

fn text_of(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn typed_url_with_the_real_router_shows_verdict_and_marks_the_tree_at_80x24() {
    let mut s = demo();
    update(&mut s, Action::Command(Command::FocusUrl));
    update(
        &mut s,
        Action::Paste("curl -X POST https://api.example.com/orders/orders/42/refunds".into()),
    );
    let focused = text_of(&screen(&s, 80, 24));
    assert!(focused.contains("403"), "{focused}");
    assert!(
        focused.contains("Missing Authentication Token"),
        "{focused}"
    );
    assert!(focused.contains("not deployed"), "{focused}");
    assert!(focused.contains("Esc, then D deploys prod"), "{focused}");
    update(&mut s, Action::Command(Command::Back));
    let browsing = text_of(&screen(&s, 80, 24));
    assert!(
        browsing.contains("POST    LAMBDA  not deployed  ◀ URL"),
        "{browsing}"
    );
    assert!(browsing.contains("D deploys prod"), "{browsing}");
    assert!(browsing.contains("orderId=42"), "{browsing}");
}

#[test]
fn real_router_progress_colours_the_stage_segment_that_cannot_match() {
    let mut s = demo();
    update(&mut s, Action::Command(Command::FocusUrl));
    let url = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prd/orders";
    update(&mut s, Action::Paste(url.into()));
    let v = s.url().verdict().cloned().expect("a verdict");
    let (a, b) = v.progress.failed.expect("a failing segment");
    let path = "/prd/orders";
    assert_eq!(
        &path[a..b].trim_start_matches('/'),
        &"prd",
        "{:?}",
        v.progress
    );
    let t = pane(&s, 100, 8, ui::url_bar::draw);
    let buf = t.backend().buffer();
    let line: String = (0..100).map(|x| buf[(x, 1)].symbol().to_string()).collect();
    let col = line[..line.find("prd").expect("prd on screen")]
        .chars()
        .count() as u16;
    let theme = Theme::default();
    assert_eq!(
        buf[(col, 1)].bg,
        theme.path_bad.bg.expect("bad colour"),
        "prd is marked"
    );
    assert_ne!(
        buf[(col + 5, 1)].bg,
        theme.path_bad.bg.expect("bad colour"),
        "orders is not"
    );
}

#[test]
fn rollback_dialog_lists_the_history_with_the_choice_marked() {
    let mut s = demo();
    update(&mut s, Action::Command(Command::Rollback));
    insta::assert_snapshot!(screen(&s, 120, 30).backend());
}

#[test]
fn cors_dialog_keeps_controls_visible_at_80x24() {
    let mut s = demo();
    update(&mut s, Action::Command(Command::Down));
    select_tree(&mut s, TreeKey::node("/invoices"));
    focus(&mut s, Pane::Apis); // Details behind the dialog describes the API
    update(&mut s, Action::Command(Command::Cors));
    let t = screen(&s, 80, 24);
    let text = text_of(&t);
    assert!(text.contains("[ Confirm ]"), "{text}");
    assert!(text.contains("allowed origin"), "{text}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn palette_lists_entries_and_highlights_the_typed_match() {
    let mut s = State::new(Source::Live(prod_eu()), false);
    at(&mut s, fixed_now());
    update(&mut s, Action::Command(Command::Palette));
    update(
        &mut s,
        Action::Profiles(vec!["prod".into(), "staging-admin".into()]),
    );
    for c in "stag".chars() {
        update(&mut s, Action::Input(c));
    }
    insta::assert_snapshot!(screen(&s, 80, 24).backend());
}

#[test]
fn tree_pane_error_and_stages_pane_empty() {
    let (mut s, req) = live_api_list();
    let e = LoadError::new(
        LoadErrorKind::Throttled,
        "TooManyRequestsException: Rate exceeded",
    )
    .with_hint("apigw retried 3 times");
    let key = PartKey::of(orders_api(), PartKind::Resources);
    crate::app_builder::part_failed(&mut s, req, key, e);
    insta::assert_snapshot!("tree_error", pane(&s, 60, 6, ui::tree::draw).backend());
    let mut e = crate::app_builder::demo_with(|inv| inv.rest_apis[0].stages.clear());
    at(&mut e, fixed_now());
    assert_eq!(e.stage(), None);
    insta::assert_snapshot!("stages_empty", pane(&e, 60, 3, ui::stages::draw).backend());
}

#[test]
fn url_bar_draws_the_cursor_where_it_is() {
    let mut s = demo();
    update(&mut s, Action::Command(Command::FocusUrl));
    update(
        &mut s,
        Action::Paste("https://api.example.com/orders/orders".into()),
    );
    for _ in 0..6 {
        update(&mut s, Action::Command(Command::Left));
    }
    let text = text_of(&pane(&s, 100, 8, ui::url_bar::draw));
    assert!(text.contains("/orders/▏orders"), "{text}");
}
