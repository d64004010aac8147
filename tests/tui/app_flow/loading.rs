//! Progressive live loading, the cache, retries and stale replies.

use super::*;

#[test]
fn a_stale_inventory_reply_is_dropped() {
    let mut s = demo();
    let old_req = s.load_req();
    cmd(&mut s, Command::Refresh);
    assert_ne!(s.load_req(), old_req);
    let effects = update(
        &mut s,
        Action::InventoryLoaded {
            req: old_req,
            result: Ok(Box::new(Inventory::default())),
            cached_at: None,
        },
    );
    assert!(effects.is_empty());
    assert_eq!(
        s.inventory().rest_apis.len(),
        2,
        "the old reply did not replace the inventory"
    );
    assert!(s.load().is_loading(), "still waiting for the current reply");
}

#[test]
fn live_parts_fill_in_progressively_and_stale_parts_are_dropped() {
    let mut s = State::new(Source::Live(LiveTarget::default()), false);
    let effects = cmd(&mut s, Command::Refresh);
    let Some(Effect::Load {
        req,
        target: Some(_),
    }) = effects.first().cloned()
    else {
        panic!("live refresh must start a live load: {effects:?}");
    };
    let apis = apigw::demo::inventory().rest_apis;
    let bare: Vec<_> = apis
        .iter()
        .map(|a| apigw::domain::model::RestApi {
            resources: vec![],
            stages: vec![],
            ..a.clone()
        })
        .collect();
    let part = LoadPart::RestApis(bare);
    update(
        &mut s,
        Action::PartLoaded {
            req,
            key: part.key(),
            result: Ok(Box::new(part)),
        },
    );
    assert_eq!(s.inventory().rest_apis.len(), 2);
    let orders = ApiRef {
        kind: ApiKind::Rest,
        id: "a1b2c3d4e5".into(),
    };
    assert!(s
        .part(&PartKey::of(orders.clone(), PartKind::Resources))
        .is_loading());
    // A part from an older load is ignored.
    let old = LoadPart::Resources {
        api_id: "a1b2c3d4e5".into(),
        resources: apis[0].resources.clone(),
    };
    update(
        &mut s,
        Action::PartLoaded {
            req: req - 1,
            key: old.key(),
            result: Ok(Box::new(old.clone())),
        },
    );
    assert!(s.inventory().rest_apis[0].resources.is_empty());
    update(
        &mut s,
        Action::PartLoaded {
            req,
            key: old.key(),
            result: Ok(Box::new(old)),
        },
    );
    assert_eq!(
        s.inventory().rest_apis[0].resources.len(),
        apis[0].resources.len()
    );
    let err = LoadError::new(LoadErrorKind::AccessDenied, "access denied")
        .with_hint("needs apigateway:GET");
    let key = PartKey::of(orders.clone(), PartKind::Stages);
    update(
        &mut s,
        Action::PartLoaded {
            req,
            key: key.clone(),
            result: Err(err),
        },
    );
    assert_eq!(
        s.part(&key).failure().map(|f| f.message.as_str()),
        Some("access denied")
    );
}

#[test]
fn selecting_an_api_in_live_mode_prioritizes_it() {
    let mut s = State::new(Source::Live(LiveTarget::default()), false);
    let effects = cmd(&mut s, Command::Refresh);
    let Some(Effect::Load { req, .. }) = effects.first().cloned() else {
        panic!()
    };
    let part = LoadPart::RestApis(apigw::demo::inventory().rest_apis);
    update(
        &mut s,
        Action::PartLoaded {
            req,
            key: part.key(),
            result: Ok(Box::new(part)),
        },
    );
    let effects = cmd(&mut s, Command::Down);
    assert_eq!(
        effects,
        vec![Effect::Prioritize(ApiRef {
            kind: ApiKind::Rest,
            id: "k7lm2n9p4q".into()
        })]
    );
}

#[test]
fn cached_inventory_shows_at_once_and_a_finished_load_clears_the_mark() {
    let mut s = State::new(Source::Live(LiveTarget::default()), false);
    let effects = cmd(&mut s, Command::Refresh);
    let Some(Effect::Load { req, .. }) = effects.first().cloned() else {
        panic!("{effects:?}")
    };
    let saved = chrono::Utc::now() - chrono::Duration::minutes(12);
    update(
        &mut s,
        Action::InventoryLoaded {
            req,
            result: Ok(Box::new(apigw::demo::inventory())),
            cached_at: Some(saved),
        },
    );
    assert_eq!(s.cached_at(), Some(saved));
    assert_eq!(
        s.view().apis().len(),
        3,
        "the cached inventory is browsable at once"
    );
    assert!(s.load().is_loading(), "the fresh load still runs behind it");
    // The fresh load delivers every part of the account.
    crate::app_builder::live_parts(&mut s, req, &apigw::demo::inventory());
    let effects = update(
        &mut s,
        Action::LoadFinished {
            req,
            region: Some("eu-west-1".into()),
            failed: 0,
        },
    );
    assert_eq!(s.cached_at(), None);
    assert!(
        matches!(effects.as_slice(), [Effect::SaveCache(_)]),
        "a complete load is cached: {effects:?}"
    );
}

#[test]
fn r_retries_only_the_failed_parts_in_live_mode() {
    let mut s = State::new(Source::Live(LiveTarget::default()), false);
    let effects = cmd(&mut s, Command::Refresh);
    let Some(Effect::Load { req, .. }) = effects.first().cloned() else {
        panic!()
    };
    let part = LoadPart::RestApis(apigw::demo::inventory().rest_apis);
    update(
        &mut s,
        Action::PartLoaded {
            req,
            key: part.key(),
            result: Ok(Box::new(part)),
        },
    );
    let key = PartKey::account(PartKind::Domains);
    let err = LoadError::new(LoadErrorKind::Throttled, "TooManyRequests");
    update(
        &mut s,
        Action::PartLoaded {
            req,
            key: key.clone(),
            result: Err(err),
        },
    );
    let effects = cmd(&mut s, Command::Refresh);
    assert_eq!(effects, vec![Effect::Retry(vec![key.clone()])]);
    assert!(s.part(&key).is_loading());
}

#[test]
fn a_reload_re_evaluates_the_url_without_moving_the_users_selection() {
    let mut s = demo();
    url_bar(&mut s, "https://api.example.com/orders/orders/42/items");
    cmd(&mut s, Command::Back);
    focus(&mut s, Pane::Apis);
    cmd(&mut s, Command::Down); // the user moves on to legacy-billing
    let req = s.load_req();
    update(
        &mut s,
        Action::InventoryLoaded {
            req,
            result: Ok(Box::new(apigw::demo::inventory())),
            cached_at: None,
        },
    );
    assert_eq!(
        s.api().cloned(),
        api("k7lm2n9p4q", ApiKind::Rest),
        "selection kept"
    );
    assert_eq!(
        verdict(&s).reason,
        apigw::domain::routing::Reason::Matched,
        "verdict refreshed"
    );
}

/// Defect D5: API lists arrive in any order; until the user picks an API the selection
/// follows the first row (REST APIs are listed first), and once they pick one it stays.
#[test]
fn selection_follows_the_first_row_until_the_user_picks_an_api() {
    let mut s = State::new(Source::Live(LiveTarget::default()), false);
    let effects = cmd(&mut s, Command::Refresh);
    let Some(Effect::Load { req, .. }) = effects.first().cloned() else {
        panic!("live refresh must start a load: {effects:?}");
    };
    let demo = apigw::demo::inventory();
    let arrive = |s: &mut State, part: LoadPart| {
        update(
            s,
            Action::PartLoaded {
                req,
                key: part.key(),
                result: Ok(Box::new(part)),
            },
        );
    };
    arrive(&mut s, LoadPart::HttpApis(demo.http_apis.clone()));
    assert_eq!(
        s.api().cloned().as_ref().map(|a| a.id.as_str()),
        Some("p4y8h3t6x1")
    );
    arrive(&mut s, LoadPart::RestApis(demo.rest_apis.clone()));
    assert_eq!(
        s.api().cloned().as_ref().map(|a| a.id.as_str()),
        Some("a1b2c3d4e5"),
        "the first row (orders-api) is selected once the REST list arrives"
    );
    // The user moves down to legacy-billing; a refreshed list keeps that choice.
    cmd(&mut s, Command::Down);
    assert_eq!(
        s.api().cloned().as_ref().map(|a| a.id.as_str()),
        Some("k7lm2n9p4q")
    );
    arrive(&mut s, LoadPart::RestApis(demo.rest_apis.clone()));
    assert_eq!(
        s.api().cloned().as_ref().map(|a| a.id.as_str()),
        Some("k7lm2n9p4q")
    );
}
