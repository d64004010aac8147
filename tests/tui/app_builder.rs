//! Builds app states the way the TUI reaches them: every change goes through
//! `apigw::app::update` (a load answered, parts arriving, keys pressed). `State`'s fields
//! are private, so a test cannot set up a state the app could never be in.
#![allow(dead_code)] // each test binary uses a different subset

use apigw::app::tree::TreeKey;
use apigw::app::{mode, update, Action, Command, Effect, Mode, Pane, State};
use apigw::config::{LiveTarget, Source};
use apigw::domain::load::{LoadError, LoadPart, PartKey};
use apigw::domain::model::{HttpApi, Inventory, RestApi, Timestamp};

pub fn cmd(s: &mut State, c: Command) -> Vec<Effect> {
    update(s, Action::Command(c))
}

pub fn typed(s: &mut State, text: &str) {
    for ch in text.chars() {
        update(s, Action::Input(ch));
    }
}

/// The request id of the load a reload asked for.
fn load_req(effects: &[Effect]) -> u64 {
    match effects.first() {
        Some(Effect::Load { req, .. }) => *req,
        other => panic!("a reload must ask for a load, got {other:?}"),
    }
}

/// An offline source (demo, snapshot) whose load answered with `inv`.
pub fn offline(source: Source, read_only: bool, inv: Inventory) -> State {
    let mut s = State::new(source, read_only);
    let effects = apigw::app::load::reload(&mut s);
    let Some(Effect::Load { req, target: None }) = effects.first().cloned() else {
        panic!("an offline start must ask for an offline load, got {effects:?}");
    };
    update(
        &mut s,
        Action::InventoryLoaded {
            req,
            result: Ok(Box::new(inv)),
            cached_at: None,
        },
    );
    s
}

/// The demo account loaded as the TUI loads it (through a Load effect and its reply).
pub fn demo() -> State {
    offline(Source::Demo, false, apigw::demo::inventory())
}

/// The demo account under `--read-only`.
pub fn demo_read_only() -> State {
    offline(Source::Demo, true, apigw::demo::inventory())
}

/// The demo inventory changed by `edit` before it is loaded.
pub fn demo_with(edit: impl FnOnce(&mut Inventory)) -> State {
    let mut inv = apigw::demo::inventory();
    edit(&mut inv);
    offline(Source::Demo, false, inv)
}

/// A live account whose load started and nothing has answered yet; returns the load id.
pub fn live_started(target: LiveTarget, read_only: bool) -> (State, u64) {
    let mut s = State::new(Source::Live(target), read_only);
    let req = load_req(&apigw::app::load::reload(&mut s));
    (s, req)
}

pub fn part(s: &mut State, req: u64, part: LoadPart) -> Vec<Effect> {
    update(
        s,
        Action::PartLoaded {
            req,
            key: part.key(),
            result: Ok(Box::new(part)),
        },
    )
}

pub fn part_failed(s: &mut State, req: u64, key: PartKey, err: LoadError) -> Vec<Effect> {
    update(
        s,
        Action::PartLoaded {
            req,
            key,
            result: Err(err),
        },
    )
}

/// The API lists as the loader sends them first: each API without its parts.
pub fn bare_rest(apis: &[RestApi]) -> Vec<RestApi> {
    apis.iter()
        .map(|a| RestApi {
            resources: vec![],
            stages: vec![],
            deployments: vec![],
            authorizers: vec![],
            gateway_responses: vec![],
            request_validators: vec![],
            ..a.clone()
        })
        .collect()
}

fn bare_http(apis: &[HttpApi]) -> Vec<HttpApi> {
    apis.iter()
        .map(|a| HttpApi {
            routes: vec![],
            stages: vec![],
            deployments: vec![],
            authorizers: vec![],
            integrations: vec![],
            ..a.clone()
        })
        .collect()
}

/// Every part of `inv` as the live loader delivers them: the lists, then each API's parts.
pub fn live_parts(s: &mut State, req: u64, inv: &Inventory) {
    part(s, req, LoadPart::RestApis(bare_rest(&inv.rest_apis)));
    part(s, req, LoadPart::HttpApis(bare_http(&inv.http_apis)));
    part(s, req, LoadPart::Domains(inv.domains.clone()));
    for a in &inv.rest_apis {
        let api_id = a.id.clone();
        for p in [
            LoadPart::Resources {
                api_id: api_id.clone(),
                resources: a.resources.clone(),
            },
            LoadPart::RestStages {
                api_id: api_id.clone(),
                stages: a.stages.clone(),
            },
            LoadPart::RestDeployments {
                api_id: api_id.clone(),
                deployments: a.deployments.clone(),
            },
            LoadPart::RestAuthorizers {
                api_id: api_id.clone(),
                authorizers: a.authorizers.clone(),
            },
            LoadPart::GatewayResponses {
                api_id: api_id.clone(),
                responses: a.gateway_responses.clone(),
            },
            LoadPart::RequestValidators {
                api_id,
                validators: a.request_validators.clone(),
            },
        ] {
            part(s, req, p);
        }
    }
    for a in &inv.http_apis {
        let api_id = a.id.clone();
        for p in [
            LoadPart::Routes {
                api_id: api_id.clone(),
                routes: a.routes.clone(),
            },
            LoadPart::HttpStages {
                api_id: api_id.clone(),
                stages: a.stages.clone(),
            },
            LoadPart::HttpDeployments {
                api_id: api_id.clone(),
                deployments: a.deployments.clone(),
            },
            LoadPart::HttpAuthorizers {
                api_id: api_id.clone(),
                authorizers: a.authorizers.clone(),
            },
            LoadPart::Integrations {
                api_id,
                integrations: a.integrations.clone(),
            },
        ] {
            part(s, req, p);
        }
    }
}

/// The live loader finished its queue.
pub fn load_finished(s: &mut State, req: u64, failed: usize) -> Vec<Effect> {
    update(
        s,
        Action::LoadFinished {
            req,
            region: Some("eu-west-1".into()),
            failed,
        },
    )
}

/// A live account that finished loading the demo inventory.
pub fn live_demo() -> State {
    let (mut s, req) = live_started(LiveTarget::default(), false);
    live_parts(&mut s, req, &apigw::demo::inventory());
    load_finished(&mut s, req, 0);
    s
}

/// Sets the clock through ticks. A tick also turns the spinner, so a full turn of ten is
/// sent: frames show the same spinner glyph as before.
pub fn at(s: &mut State, now: Timestamp) {
    for _ in 0..10 {
        update(s, Action::Tick(now));
    }
}

/// Gives `pane` the keyboard as Tab / `u` would (from browsing or the URL bar).
pub fn focus(s: &mut State, pane: Pane) {
    if mode(s) == Mode::Url && pane != Pane::Url {
        cmd(s, Command::Back);
    }
    assert!(
        matches!(mode(s), Mode::Normal | Mode::Url),
        "focus from browsing or the URL bar, not {:?}",
        mode(s)
    );
    if pane == Pane::Url {
        cmd(s, Command::FocusUrl);
        return;
    }
    for _ in 0..Pane::ORDER.len() {
        if s.focus() == pane {
            return;
        }
        cmd(s, Command::NextPane);
    }
    assert_eq!(s.focus(), pane, "Tab never reached {pane:?}");
}

/// Moves the tree's selection onto `key` with the arrow keys (it must be a visible row).
pub fn select_tree(s: &mut State, key: TreeKey) {
    focus(s, Pane::Tree);
    cmd(s, Command::Top);
    for _ in 0..=s.view().tree_rows().len() {
        if s.tree().selected.as_ref() == Some(&key) {
            return;
        }
        cmd(s, Command::Down);
    }
    panic!("{key:?} is not a visible row of the tree");
}

/// Moves the Domains pane's selection onto the first row whose text satisfies `pick`.
pub fn select_domain(s: &mut State, pick: impl Fn(&str) -> bool) {
    focus(s, Pane::Domains);
    cmd(s, Command::Top);
    for _ in 0..=s.view().domains().len() {
        let text = s
            .view()
            .domains()
            .iter()
            .find(|r| Some(&r.key) == s.domain_row())
            .map(|r| r.text.clone());
        if text.as_deref().is_some_and(&pick) {
            return;
        }
        cmd(s, Command::Down);
    }
    panic!("no domain row matches");
}

/// Selects the API with this id in the APIs pane with the arrow keys.
pub fn select_api(s: &mut State, id: &str) {
    focus(s, Pane::Apis);
    cmd(s, Command::Top);
    for _ in 0..=s.view().apis().len() {
        if s.api().is_some_and(|a| a.id == id) {
            return;
        }
        cmd(s, Command::Down);
    }
    panic!("no API {id}");
}
