//! URL-first loading in the TUI (issue #11, ROUTING.md section 8), through `update()`: a URL
//! typed before the account is read is pending on what it needs ("reading …"), never "no
//! such stage"; whatever order the parts arrive in, a decided verdict is the final one; the
//! parts a verdict waits for are asked of the loader (`Effect::Want`), each once, and
//! answering only those decides it; a part that failed makes it unknown with the error, and
//! `r` reads it again.

use apigw::app::{update, Action, Command, Effect, State};
use apigw::config::LiveTarget;
use apigw::domain::load::{
    parts_of, FoundApi, LoadError, LoadErrorKind, LoadPart, PartKey, PartKind, Subject,
};
use apigw::domain::model::Inventory;
use apigw::domain::routing::{Reason, Verdict};
use proptest::prelude::*;

use super::{demo, verdict};
use crate::app_builder::{cmd, live_started, part, part_failed};
use crate::parts_order::{ordered, same};

const ORDERS: &str = "a1b2c3d4e5";
const PAYMENTS: &str = "p4y8h3t6x1";

/// What a user pastes: every verdict family of the demo, on execute-api hosts (the URL
/// names the API) and custom domains.
fn urls() -> Vec<String> {
    let r = apigw::demo::inventory().region.unwrap_or_default();
    vec![
        format!("https://{ORDERS}.execute-api.{r}.amazonaws.com/prod/orders/42/items"),
        format!("https://{ORDERS}.execute-api.{r}.amazonaws.com/prd/orders"),
        format!(
            "curl -X POST https://{ORDERS}.execute-api.{r}.amazonaws.com/prod/orders/42/refunds"
        ),
        format!("https://{PAYMENTS}.execute-api.{r}.amazonaws.com/payments/7"),
        format!("https://zzzzzzzzzz.execute-api.{r}.amazonaws.com/prod/x"),
        "https://api.example.com/orders/orders/42/items".to_string(),
        "https://api.example.com/pay/nope".to_string(),
        "https://api.example.com/v1/billing/nothing".to_string(),
        "https://nowhere.example.org/x".to_string(),
    ]
}

fn paste(s: &mut State, text: &str) -> Vec<Effect> {
    cmd(s, Command::FocusUrl);
    update(s, Action::Paste(text.to_string()))
}

/// The verdict with the whole demo read (offline).
fn final_verdict(url: &str) -> Verdict {
    let mut s = demo();
    paste(&mut s, url);
    verdict(&s)
}

/// A live load whose clients are ready (the region known) and nothing read yet.
fn live() -> (State, u64) {
    let (mut s, req) = live_started(LiveTarget::default(), false);
    let region = apigw::demo::inventory().region;
    update(&mut s, Action::LoaderReady { req, region });
    (s, req)
}

/// What the loader answers for `key` on the demo account.
fn serve(full: &Inventory, key: &PartKey) -> LoadPart {
    if let Some((_, p)) = parts_of(full).into_iter().find(|(k, _)| k == key) {
        return p;
    }
    let Subject::ApiId { id, .. } = &key.subject else {
        panic!("the loader has no part {key:?}");
    };
    // GetRestApi / GetApi by id: the API without its parts, as in the lists.
    let lists = parts_of(full);
    let found = lists.iter().find_map(|(_, p)| match p {
        LoadPart::RestApis(a) => a
            .iter()
            .find(|a| &a.id == id)
            .map(|a| FoundApi::Rest(Box::new(a.clone()))),
        LoadPart::HttpApis(a) => a
            .iter()
            .find(|a| &a.id == id)
            .map(|a| FoundApi::Http(Box::new(a.clone()))),
        _ => None,
    });
    LoadPart::ApiRecord {
        id: id.clone(),
        api: found,
    }
}

fn wants(effects: &[Effect]) -> Vec<PartKey> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Want(k) => Some(k.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// After each part the verdict is pending (saying what it reads) or already final.
fn check_order(seed: &[u32]) {
    let full = apigw::demo::inventory();
    for url in urls() {
        let fin = final_verdict(&url);
        let (mut s, req) = live();
        paste(&mut s, &url);
        for (key, p) in ordered(parts_of(&full), seed) {
            part(&mut s, req, p);
            let v = verdict(&s);
            if v.reason == Reason::Pending {
                let reading = v.reading.as_deref().unwrap_or("");
                assert!(reading.starts_with("reading "), "{url}: {reading:?}");
                assert!(
                    v.status.is_none(),
                    "{url}: a pending verdict claims a status"
                );
            } else {
                assert!(
                    same(&v, &fin),
                    "{url}: after {key:?} the TUI says {:?} ({}), with everything read {:?}",
                    v.reason,
                    v.explanation,
                    fin.reason
                );
            }
        }
        assert!(same(&verdict(&s), &fin), "{url}: every part read");
    }
}

#[test]
fn parts_in_loader_order_never_give_a_verdict_a_later_part_overturns() {
    check_order(&[]);
}

#[test]
fn each_part_updates_the_router_instead_of_rebuilding_it() {
    let full = apigw::demo::inventory();
    let (mut s, req) = live();
    let built = s.view().builds().matcher;
    let parts = parts_of(&full);
    let n = parts.len() as u64;
    for (_, p) in parts {
        part(&mut s, req, p);
    }
    let b = s.view().builds();
    assert_eq!(b.matcher, built, "a part rebuilt the whole router: {b:?}");
    assert_eq!(b.matcher_updates, n, "{b:?}");
    paste(&mut s, &urls()[0]);
    assert_eq!(verdict(&s).reason, Reason::Matched);
}

#[test]
fn parts_in_reverse_order_never_give_a_verdict_a_later_part_overturns() {
    let n = parts_of(&apigw::demo::inventory()).len() as u32;
    check_order(&(0..n).rev().collect::<Vec<_>>());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn parts_in_any_order_never_give_a_verdict_a_later_part_overturns(
        seed in proptest::collection::vec(any::<u32>(), 40..60)
    ) {
        check_order(&seed);
    }
}

#[test]
fn a_url_typed_at_start_says_what_it_reads_never_no_such_stage() {
    let (mut s, _) = live();
    let url = &urls()[0];
    paste(&mut s, url);
    let v = verdict(&s);
    assert_eq!(v.reason, Reason::Pending, "{v:?}");
    assert_eq!(
        v.reading.as_deref(),
        Some(&*format!("reading API {ORDERS}…"))
    );
    let screen = crate::render::screen_text(&s, 100, 30);
    assert!(screen.contains("not decided yet"), "{screen}");
    assert!(
        screen.contains(&format!("reading API {ORDERS}…")),
        "{screen}"
    );
    assert!(!screen.contains("no such stage"), "{screen}");
}

/// Answers only what the verdict asks for, as the loader would, until it is decided;
/// returns the parts served.
fn answer_wants(s: &mut State, req: u64, mut effects: Vec<Effect>) -> Vec<PartKey> {
    let full = apigw::demo::inventory();
    let mut served: Vec<PartKey> = Vec::new();
    loop {
        let asked = wants(&effects);
        if asked.is_empty() {
            return served;
        }
        effects.clear();
        for k in asked {
            assert!(!served.contains(&k), "{k:?} was asked for twice");
            effects.extend(part(s, req, serve(&full, &k)));
            served.push(k);
        }
    }
}

#[test]
fn a_pasted_url_asks_only_for_what_its_verdict_needs_and_is_decided_by_it() {
    let all = parts_of(&apigw::demo::inventory()).len();
    for url in urls() {
        let fin = final_verdict(&url);
        let (mut s, req) = live();
        let effects = paste(&mut s, &url);
        assert!(!wants(&effects).is_empty(), "{url}: nothing asked for");
        let served = answer_wants(&mut s, req, effects);
        let v = verdict(&s);
        assert!(
            same(&v, &fin),
            "{url}: decided from {served:?} as {:?} ({}), with everything read {:?}",
            v.reason,
            v.explanation,
            fin.reason
        );
        assert!(
            served.len() <= 12 && served.len() * 2 < all,
            "{url}: {} of {all} parts read for one URL: {served:?}",
            served.len()
        );
    }
}

#[test]
fn an_execute_api_url_reads_its_api_by_id_without_the_lists() {
    let (mut s, req) = live();
    let effects = paste(&mut s, &urls()[0]);
    let served = answer_wants(&mut s, req, effects);
    assert_eq!(served[0], PartKey::api_by_id(ORDERS, None), "{served:?}");
    let lists = [PartKind::RestApis, PartKind::HttpApis, PartKind::Domains];
    assert!(
        served.iter().all(|k| !lists.contains(&k.kind)),
        "{served:?}"
    );
    assert_eq!(verdict(&s).reason, Reason::Matched);
}

#[test]
fn typing_asks_for_each_part_once_however_many_keystrokes_need_it() {
    let (mut s, _) = live();
    cmd(&mut s, Command::FocusUrl);
    let mut asked: Vec<PartKey> = Vec::new();
    for ch in urls()[0].chars() {
        for k in wants(&update(&mut s, Action::Input(ch))) {
            assert!(!asked.contains(&k), "{k:?} asked for twice");
            asked.push(k);
        }
    }
    assert!(
        asked.contains(&PartKey::api_by_id(ORDERS, None)),
        "{asked:?}"
    );
}

#[test]
fn a_part_that_failed_makes_the_verdict_unknown_with_the_error_and_r_reads_it_again() {
    let full = apigw::demo::inventory();
    let (mut s, req) = live();
    let mut effects = paste(&mut s, &urls()[0]);
    let stages = PartKey::of(full.find_api(ORDERS).expect("orders-api"), PartKind::Stages);
    // Serve what is asked until the stages are; they fail.
    loop {
        let asked = wants(&effects);
        assert!(!asked.is_empty(), "the stages were never asked for");
        effects.clear();
        if asked.contains(&stages) {
            break;
        }
        for k in asked {
            effects.extend(part(&mut s, req, serve(&full, &k)));
        }
    }
    let e = LoadError::new(LoadErrorKind::Throttled, "Rate exceeded");
    part_failed(&mut s, req, stages.clone(), e);
    let v = verdict(&s);
    assert_eq!(v.reason, Reason::Unknown, "{v:?}");
    assert_eq!(v.status, None);
    assert_eq!(v.unread.first().map(|u| &u.part), Some(&stages));
    assert!(v.explanation.contains("Rate exceeded"), "{}", v.explanation);
    let screen = crate::render::screen_text(&s, 160, 30);
    assert!(screen.contains("? cannot tell"), "{screen}");
    assert!(
        screen.contains("orders-api (a1b2c3d4e5): stages could not be read (Rate exceeded)"),
        "{screen}"
    );
    assert!(screen.contains("r reads it again"), "{screen}");

    cmd(&mut s, Command::Back); // leave the URL bar: r is a command again
    let retry = cmd(&mut s, Command::Refresh);
    assert!(
        retry
            .iter()
            .any(|e| matches!(e, Effect::Retry(k) if k.contains(&stages))),
        "{retry:?}"
    );
    let again = part(&mut s, req, serve(&full, &stages));
    answer_wants(&mut s, req, again);
    assert_eq!(verdict(&s).reason, Reason::Matched);
}

#[test]
fn the_region_is_known_when_the_loader_is_ready_so_y_copies_a_real_url() {
    let (mut s, req) = live_started(LiveTarget::default(), false);
    let region = Some("eu-central-1".to_string());
    update(&mut s, Action::LoaderReady { req, region });
    let full = apigw::demo::inventory();
    for (_, p) in parts_of(&full).into_iter().take(3) {
        part(&mut s, req, p);
    }
    part(
        &mut s,
        req,
        serve(
            &full,
            &PartKey::of(full.find_api(ORDERS).unwrap(), PartKind::Stages),
        ),
    );
    crate::app_builder::select_api(&mut s, ORDERS);
    let copied = cmd(&mut s, Command::CopyUrl);
    assert!(
        copied.iter().any(|e| matches!(e, Effect::Copy(u)
            if u.starts_with(&format!("https://{ORDERS}.execute-api.eu-central-1.amazonaws.com/")))),
        "{copied:?}"
    );
}

#[test]
fn an_api_read_in_another_region_is_tagged_with_it() {
    let (mut s, req) = live();
    let url = format!("https://{ORDERS}.execute-api.us-west-2.amazonaws.com/prod/orders");
    let effects = paste(&mut s, &url);
    let key = PartKey::api_by_id(ORDERS, Some("us-west-2"));
    assert!(wants(&effects).contains(&key), "{effects:?}");
    let full = apigw::demo::inventory();
    let LoadPart::ApiRecord {
        id,
        api: Some(FoundApi::Rest(mut api)),
    } = serve(&full, &key)
    else {
        panic!("orders-api");
    };
    api.region = Some("us-west-2".into());
    part(
        &mut s,
        req,
        LoadPart::ApiRecord {
            id,
            api: Some(FoundApi::Rest(api)),
        },
    );
    let screen = crate::render::screen_text(&s, 120, 30);
    assert!(
        screen.contains("orders-api (read in us-west-2)"),
        "{screen}"
    );
}
