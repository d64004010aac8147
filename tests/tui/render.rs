//! Rendered-frame snapshots (TestBackend + insta) of every pane, including empty, loading
//! and error states, whole screens at 80×24 and 200×60, help, dialogs, and a tiny terminal.

use apigw::app::remote::{Failure, Remote};
use apigw::app::tree::TreeKey;
use apigw::app::{update, Action, Command, Effect, Pane, State};
use apigw::config::{LiveTarget, Source};
use apigw::domain::load::{PartKey, PartKind};
use apigw::domain::model::{ApiKind, ApiRef, Inventory};
use apigw::keymap::Keymap;
use apigw::ui::{self, Ctx, Theme};
use chrono::TimeZone;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::{Frame, Terminal};

fn fixed_now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
        .single()
        .expect("valid date")
}

fn demo() -> State {
    let mut s = State::new(Source::Demo, false);
    let effects = apigw::app::load::reload(&mut s);
    let Some(Effect::Load { req, .. }) = effects.first().cloned() else {
        panic!("no load effect: {effects:?}");
    };
    update(
        &mut s,
        Action::InventoryLoaded {
            req,
            result: Ok(Box::new(apigw::demo::inventory())),
            cached_at: None,
        },
    );
    s.now = fixed_now();
    s
}

fn screen(state: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let keymap = Keymap::defaults();
    let theme = Theme::default();
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| {
        ui::draw(
            f,
            &Ctx {
                state,
                keymap: &keymap,
                theme: &theme,
            },
        )
    })
    .expect("draw");
    t
}

fn pane(state: &State, w: u16, h: u16, draw: fn(&mut Frame, Rect, &Ctx)) -> Terminal<TestBackend> {
    let keymap = Keymap::defaults();
    let theme = Theme::default();
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| {
        let area = f.area();
        draw(
            f,
            area,
            &Ctx {
                state,
                keymap: &keymap,
                theme: &theme,
            },
        )
    })
    .expect("draw");
    t
}

/// A live state with nothing loaded yet (spinners everywhere).
fn loading() -> State {
    let mut s = State::new(
        Source::Live(LiveTarget {
            profile: Some("prod".into()),
            region: Some("eu-west-1".into()),
            endpoint_url: None,
        }),
        false,
    );
    apigw::app::load::reload(&mut s);
    s.now = fixed_now();
    s
}

/// A live state whose load failed with a hint.
fn failed() -> State {
    let mut s = loading();
    let f = Failure::new("the SSO session for profile prod has expired")
        .with_hint("run: aws sso login --profile prod");
    s.load = Remote::Failed(f.clone());
    for kind in [PartKind::RestApis, PartKind::HttpApis, PartKind::Domains] {
        s.parts
            .insert(PartKey::account(kind), Remote::Failed(f.clone()));
    }
    s
}

fn empty() -> State {
    let mut s = State::new(Source::Demo, false);
    let effects = apigw::app::load::reload(&mut s);
    let Some(Effect::Load { req, .. }) = effects.first().cloned() else {
        panic!()
    };
    update(
        &mut s,
        Action::InventoryLoaded {
            req,
            result: Ok(Box::new(Inventory::default())),
            cached_at: None,
        },
    );
    s.now = fixed_now();
    s
}

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
    h.api = Some(ApiRef {
        kind: ApiKind::Http,
        id: "p4y8h3t6x1".into(),
    });
    h.stage = Some("$default".into());
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
    let api = ApiRef {
        kind: ApiKind::Rest,
        id: "a1b2c3d4e5".into(),
    };
    s.parts.insert(
        PartKey::of(api, PartKind::Stages),
        Remote::Failed(
            Failure::new("AccessDenied: apigateway:GET on /restapis/a1b2c3d4e5/stages")
                .with_hint("grant apigateway:GET"),
        ),
    );
    insta::assert_snapshot!(pane(&s, 60, 6, ui::stages::draw).backend());
}

#[test]
fn tree_pane_rest_http_collapsed_and_loading() {
    let mut s = demo();
    s.focus = Pane::Tree;
    s.tree.selected = Some(TreeKey {
        path: "/orders".into(),
        method: Some("POST".into()),
    });
    insta::assert_snapshot!("tree_rest", pane(&s, 60, 20, ui::tree::draw).backend());
    s.tree.collapsed.insert("/orders".into());
    insta::assert_snapshot!(
        "tree_rest_collapsed",
        pane(&s, 60, 12, ui::tree::draw).backend()
    );
    let mut h = demo();
    h.api = Some(ApiRef {
        kind: ApiKind::Http,
        id: "p4y8h3t6x1".into(),
    });
    h.stage = Some("$default".into());
    insta::assert_snapshot!("tree_http", pane(&h, 60, 14, ui::tree::draw).backend());
    let mut l = demo();
    let api = ApiRef {
        kind: ApiKind::Rest,
        id: "a1b2c3d4e5".into(),
    };
    l.inventory.rest_apis[0].resources.clear();
    l.parts
        .insert(PartKey::of(api, PartKind::Resources), Remote::Loading);
    insta::assert_snapshot!("tree_loading", pane(&l, 60, 5, ui::tree::draw).backend());
    insta::assert_snapshot!(
        "tree_empty",
        pane(&empty(), 60, 5, ui::tree::draw).backend()
    );
}

#[test]
fn details_pane_for_method_api_stage_and_domain() {
    let mut s = demo();
    s.detail_of = Pane::Tree;
    s.tree.selected = Some(TreeKey {
        path: "/orders/{orderId}/refunds".into(),
        method: Some("POST".into()),
    });
    insta::assert_snapshot!(
        "details_method",
        pane(&s, 80, 14, ui::details::draw).backend()
    );
    s.detail_of = Pane::Apis;
    insta::assert_snapshot!("details_api", pane(&s, 80, 12, ui::details::draw).backend());
    s.detail_of = Pane::Stages;
    insta::assert_snapshot!(
        "details_stage",
        pane(&s, 80, 14, ui::details::draw).backend()
    );
    s.detail_of = Pane::Domains;
    s.domain_row = apigw::app::rows::domain_rows(&s)
        .into_iter()
        .find(|r| r.text.starts_with("rule"))
        .map(|r| r.key);
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
    let mut s = demo();
    insta::assert_snapshot!(
        "status_hints_80",
        pane(&s, 80, 1, ui::status::draw).backend()
    );
    s.read_only = true;
    s.cached_at = Some(fixed_now() - chrono::Duration::minutes(12));
    insta::assert_snapshot!(
        "status_read_only_cached",
        pane(&s, 100, 1, ui::status::draw).backend()
    );
    s.error("read-only mode: refusing to deploy");
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

/// A verdict as the routing engine gives it for a route that is only in the working tree.
fn not_deployed_verdict(url: &str) -> apigw::domain::routing::Verdict {
    use apigw::domain::routing::*;
    Verdict {
        url: url.into(),
        method: "POST".into(),
        status: Some(403),
        message: Some("Missing Authentication Token".into()),
        error_type: Some("MissingAuthenticationTokenException".into()),
        reason: Reason::NotDeployed,
        confidence: Confidence::Certain,
        api: Some(ApiSummary { id: "a1b2c3d4e5".into(), name: "orders-api".into(), kind: apigw::domain::model::ApiKind::Rest }),
        stage: Some("prod".into()),
        domain: Some(DomainHit { name: "api.example.com".into(), via: DomainRoute::Mapping("orders".into()) }),
        resource: Some("/orders/{orderId}/refunds".into()),
        route_key: None,
        matched_method: Some("POST".into()),
        path_params: [("orderId".to_string(), "42".to_string())].into_iter().collect(),
        authorization: None,
        explanation: "POST /orders/{orderId}/refunds exists in the working tree but stage prod serves deployment x7y8z9, which predates it.".into(),
        suggestions: vec!["deploy prod".into()],
        pending: Vec::new(),
        reading: None,
        unread: Vec::new(),
        progress: PathProgress { matched_len: 17, failed: Some((17, 25)) },
        deploy_would_fix: true,
        preflight_ok: None,
    }
}

#[test]
fn url_bar_colours_matched_path_and_failing_segment_and_shows_verdict() {
    let mut s = demo();
    update(&mut s, Action::Command(Command::FocusUrl));
    let url = "https://api.example.com/orders/orders/42/refunds";
    s.url.text = url.into();
    s.url.request = Some(apigw::domain::routing::Request::new("POST", url));
    s.url.outcome = Some(Ok(not_deployed_verdict(url)));
    let t = pane(&s, 100, 9, ui::url_bar::draw);
    insta::assert_snapshot!(t.backend());
    let theme = Theme::default();
    let buf = t.backend().buffer();
    let line: String = (0..100).map(|x| buf[(x, 1)].symbol().to_string()).collect();
    let p0 = line.find("/orders/orders").expect("path on the input line");
    let col = |byte: usize| line[..byte].chars().count() as u16;
    // matched_len 17 covers "/orders/orders/42"; the failing segment is "/refunds".
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
    update(&mut s, Action::Command(Command::FocusUrl));
    let url = "https://api.example.com/orders/orders/42/refunds";
    s.url.text = url.into();
    s.url.request = Some(apigw::domain::routing::Request::new("POST", url));
    s.url.outcome = Some(Ok(not_deployed_verdict(url)));
    s.tree.selected = Some(TreeKey {
        path: "/orders/{orderId}/refunds".into(),
        method: Some("POST".into()),
    });
    s.detail_of = Pane::Tree;
    insta::assert_snapshot!("url_verdict_80x24", screen(&s, 80, 24).backend());
    insta::assert_snapshot!("url_verdict_200x60", screen(&s, 200, 60).backend());
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
    let v = s.url.verdict().cloned().expect("a verdict");
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
    s.tree.selected = Some(TreeKey::node("/invoices"));
    update(&mut s, Action::Command(Command::Cors));
    let t = screen(&s, 80, 24);
    let text = text_of(&t);
    assert!(text.contains("[ Confirm ]"), "{text}");
    assert!(text.contains("allowed origin"), "{text}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn palette_lists_entries_and_highlights_the_typed_match() {
    let mut s = State::new(
        Source::Live(LiveTarget {
            profile: Some("prod".into()),
            region: Some("eu-west-1".into()),
            endpoint_url: None,
        }),
        false,
    );
    s.now = fixed_now();
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
    let mut s = demo();
    let api = ApiRef {
        kind: ApiKind::Rest,
        id: "a1b2c3d4e5".into(),
    };
    s.inventory.rest_apis[0].resources.clear();
    s.parts.insert(
        PartKey::of(api, PartKind::Resources),
        Remote::Failed(
            Failure::new("TooManyRequestsException: Rate exceeded")
                .with_hint("apigw retried 3 times; press r to retry"),
        ),
    );
    insta::assert_snapshot!("tree_error", pane(&s, 60, 6, ui::tree::draw).backend());
    let mut e = demo();
    e.inventory.rest_apis[0].stages.clear();
    e.stage = None;
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
