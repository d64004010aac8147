//! What the render tests build and draw with: fixed clock, states in every load phase,
//! whole screens and single panes drawn into a TestBackend.

use crate::app_builder::at;
use apigw::app::{update, Action, Command, State};
use apigw::config::{LiveTarget, Source};
use apigw::domain::load::{LoadError, LoadErrorKind, LoadPart, PartKey, PartKind};
use apigw::domain::model::{ApiKind, ApiRef, Inventory};
use apigw::keymap::Keymap;
use apigw::ui::{self, Ctx, Theme};
use chrono::TimeZone;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::{Frame, Terminal};

pub(super) fn fixed_now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
        .single()
        .expect("valid date")
}

pub(super) fn demo() -> State {
    let mut s = crate::app_builder::demo();
    at(&mut s, fixed_now());
    s
}

pub(super) fn prod_eu() -> LiveTarget {
    LiveTarget {
        profile: Some("prod".into()),
        region: Some("eu-west-1".into()),
        endpoint_url: None,
    }
}

pub(super) fn screen(state: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    screen_with(state, w, h, &Keymap::defaults())
}

pub(super) fn screen_with(state: &State, w: u16, h: u16, keymap: &Keymap) -> Terminal<TestBackend> {
    let theme = Theme::default();
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| {
        ui::draw(
            f,
            &Ctx {
                state,
                keymap,
                theme: &theme,
            },
        )
    })
    .expect("draw");
    t
}

pub(super) fn pane(
    state: &State,
    w: u16,
    h: u16,
    draw: fn(&mut Frame, Rect, &Ctx),
) -> Terminal<TestBackend> {
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
pub(super) fn loading() -> State {
    let (mut s, _) = crate::app_builder::live_started(prod_eu(), false);
    at(&mut s, fixed_now());
    s
}

/// A live state whose load failed with a hint: the whole load and each account part.
pub(super) fn failed() -> State {
    let (mut s, req) = crate::app_builder::live_started(prod_eu(), false);
    let e = LoadError::new(
        LoadErrorKind::ExpiredCredentials,
        "the SSO session for profile prod has expired",
    )
    .with_hint("run: aws sso login --profile prod");
    for kind in [PartKind::RestApis, PartKind::HttpApis, PartKind::Domains] {
        crate::app_builder::part_failed(&mut s, req, PartKey::account(kind), e.clone());
    }
    update(
        &mut s,
        Action::InventoryLoaded {
            req,
            result: Err(e),
            cached_at: None,
        },
    );
    at(&mut s, fixed_now());
    s
}

pub(super) fn empty() -> State {
    let mut s = crate::app_builder::offline(Source::Demo, false, Inventory::default());
    at(&mut s, fixed_now());
    s
}

/// A live account whose REST API list arrived but not yet the resources of its APIs.
pub(super) fn live_api_list() -> (State, u64) {
    let (mut s, req) = crate::app_builder::live_started(prod_eu(), false);
    let apis = crate::app_builder::bare_rest(&apigw::demo::inventory().rest_apis);
    crate::app_builder::part(&mut s, req, LoadPart::RestApis(apis));
    at(&mut s, fixed_now());
    (s, req)
}

pub(super) fn orders_api() -> ApiRef {
    ApiRef {
        kind: ApiKind::Rest,
        id: "a1b2c3d4e5".into(),
    }
}

/// The URL bar with a POST typed to a route that is only in the working tree (the real
/// router's verdict: not deployed to prod).
pub(super) fn typed_not_deployed(s: &mut State) {
    update(s, Action::Command(Command::FocusUrl));
    crate::app_builder::typed(s, "https://api.example.com/orders/orders/42/refunds");
    update(s, Action::Command(Command::CycleMethod)); // GET → POST
    let v = s.url().verdict().expect("a verdict");
    assert_eq!(
        v.reason,
        apigw::domain::routing::Reason::NotDeployed,
        "{v:?}"
    );
}
