//! update() tests: navigation, expand/collapse, filtering, the URL bar, stale replies,
//! read-only refusal. Pure: no terminal, no network.

use apigw::app::rows::{api_rows, api_tree, domain_rows, tree_rows};
use apigw::app::tree::TreeKey;
use apigw::app::{update, Action, Command, Effect, Mode, Pane, State};
use apigw::config::{LiveTarget, Source};
use apigw::domain::load::{LoadError, LoadErrorKind, LoadPart, PartKey, PartKind};
use apigw::domain::model::{ApiKind, ApiRef, Inventory};

fn cmd(state: &mut State, c: Command) -> Vec<Effect> {
    update(state, Action::Command(c))
}

fn typed(state: &mut State, s: &str) {
    for ch in s.chars() {
        update(state, Action::Input(ch));
    }
}

/// The demo account loaded as the TUI loads it (through a Load effect and its reply).
fn demo() -> State {
    let mut s = State::new(Source::Demo, false);
    let effects = apigw::app::load::reload(&mut s);
    let Some(Effect::Load { req, target: None }) = effects.first().cloned() else {
        panic!("demo start must ask for an offline load, got {effects:?}");
    };
    update(
        &mut s,
        Action::InventoryLoaded {
            req,
            result: Ok(Box::new(apigw::demo::inventory())),
            cached_at: None,
        },
    );
    s
}

fn api(id: &str, kind: ApiKind) -> Option<ApiRef> {
    Some(ApiRef {
        kind,
        id: id.to_string(),
    })
}

#[test]
fn demo_starts_on_the_first_api_and_its_first_stage() {
    let s = demo();
    assert_eq!(s.api, api("a1b2c3d4e5", ApiKind::Rest));
    assert_eq!(s.stage.as_deref(), Some("prod"));
    assert_eq!(s.focus, Pane::Apis);
    assert_eq!(api_rows(&s).len(), 3);
}

#[test]
fn down_in_apis_selects_the_next_api_and_resets_stage_and_tree() {
    let mut s = demo();
    cmd(&mut s, Command::Down);
    assert_eq!(s.api, api("k7lm2n9p4q", ApiKind::Rest));
    assert_eq!(s.stage.as_deref(), Some("v1"));
    assert_eq!(s.tree.selected, Some(TreeKey::node("/")));
    cmd(&mut s, Command::Bottom);
    assert_eq!(s.api, api("p4y8h3t6x1", ApiKind::Http));
    assert_eq!(s.stage.as_deref(), Some("$default"));
    cmd(&mut s, Command::Down); // clamps at the end
    assert_eq!(s.api, api("p4y8h3t6x1", ApiKind::Http));
}

#[test]
fn tab_cycles_panes_and_shift_tab_goes_back() {
    let mut s = demo();
    let order: Vec<Pane> = (0..5)
        .map(|_| {
            cmd(&mut s, Command::NextPane);
            s.focus
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
    assert_eq!(s.focus, Pane::Domains);
    // The URL bar is entered with `u`, Tab switches its fields, Esc returns.
    cmd(&mut s, Command::FocusUrl);
    cmd(&mut s, Command::NextField);
    assert_eq!(s.focus, Pane::Url);
    assert_eq!(s.url.field, apigw::app::url_bar::UrlField::Headers);
    cmd(&mut s, Command::Back);
    assert_eq!(s.focus, Pane::Domains);
}

#[test]
fn stages_pane_moves_between_stages() {
    let mut s = demo();
    cmd(&mut s, Command::NextPane);
    cmd(&mut s, Command::Down);
    assert_eq!(s.stage.as_deref(), Some("staging"));
    cmd(&mut s, Command::Up);
    assert_eq!(s.stage.as_deref(), Some("prod"));
}

fn visible_keys(s: &State) -> Vec<TreeKey> {
    let t = api_tree(s).expect("tree of the selected API");
    tree_rows(s, &t).into_iter().map(|(r, _)| r.key).collect()
}

#[test]
fn tree_collapse_hides_children_and_expand_shows_them_again() {
    let mut s = demo();
    s.focus = Pane::Tree;
    let all = visible_keys(&s).len();
    s.tree.selected = Some(TreeKey::node("/orders"));
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
    s.focus = Pane::Tree;
    s.tree.selected = Some(TreeKey {
        path: "/orders/{orderId}".into(),
        method: Some("GET".into()),
    });
    cmd(&mut s, Command::Left);
    assert_eq!(s.tree.selected, Some(TreeKey::node("/orders/{orderId}")));
    cmd(&mut s, Command::Left);
    assert!(s.tree.collapsed.contains("/orders/{orderId}"));
    cmd(&mut s, Command::Left);
    assert_eq!(s.tree.selected, Some(TreeKey::node("/orders")));
    s.tree.selected = Some(TreeKey::node("/orders/{orderId}"));
    cmd(&mut s, Command::Right);
    assert!(!s.tree.collapsed.contains("/orders/{orderId}"));
}

#[test]
fn j_and_k_move_through_tree_rows_in_order() {
    let mut s = demo();
    s.focus = Pane::Tree;
    let keys = visible_keys(&s);
    cmd(&mut s, Command::Down);
    assert_eq!(s.tree.selected.as_ref(), keys.get(1));
    cmd(&mut s, Command::Down);
    assert_eq!(s.tree.selected.as_ref(), keys.get(2));
    cmd(&mut s, Command::Up);
    assert_eq!(s.tree.selected.as_ref(), keys.get(1));
}

#[test]
fn filter_narrows_the_focused_pane_and_esc_clears_it() {
    let mut s = demo();
    cmd(&mut s, Command::Filter);
    assert_eq!(apigw::app::mode(&s), Mode::Filter);
    typed(&mut s, "pay");
    let rows = api_rows(&s);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "payments-http");
    assert_eq!(
        rows[0].hl,
        vec![0, 1, 2],
        "matched chars are reported for highlighting"
    );
    assert_eq!(
        s.api,
        api("p4y8h3t6x1", ApiKind::Http),
        "selection follows the filter"
    );
    cmd(&mut s, Command::Submit);
    assert_eq!(apigw::app::mode(&s), Mode::Normal);
    assert_eq!(api_rows(&s).len(), 1, "Enter keeps the filter");
    cmd(&mut s, Command::Filter);
    cmd(&mut s, Command::Back);
    assert_eq!(api_rows(&s).len(), 3);
}

#[test]
fn tree_filter_searches_collapsed_nodes_and_enter_reveals_the_row() {
    let mut s = demo();
    s.focus = Pane::Tree;
    s.tree.selected = Some(TreeKey::node("/"));
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
    s.tree.selected = Some(TreeKey {
        path: "/orders/{orderId}/refunds".into(),
        method: Some("POST".into()),
    });
    cmd(&mut s, Command::Toggle);
    assert_eq!(s.filter(Pane::Tree), "");
    assert!(!s.tree.collapsed.contains("/"), "ancestors are opened");
    assert!(visible_keys(&s).contains(&TreeKey {
        path: "/orders/{orderId}/refunds".into(),
        method: Some("POST".into())
    }));
}

#[test]
fn domains_pane_lists_mappings_and_rules_and_enter_selects_the_target() {
    let mut s = demo();
    let rows = domain_rows(&s);
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
    s.focus = Pane::Domains;
    let target = rows
        .iter()
        .find(|r| r.text.starts_with("v1/billing"))
        .map(|r| r.key.clone());
    s.domain_row = target;
    cmd(&mut s, Command::Toggle);
    assert_eq!(s.api, api("k7lm2n9p4q", ApiKind::Rest));
    assert_eq!(s.stage.as_deref(), Some("v1"));
    assert_eq!(s.focus, Pane::Tree);
}

#[test]
fn copy_url_copies_the_invoke_url_of_the_selected_resource() {
    let mut s = demo();
    s.tree.selected = Some(TreeKey::node("/orders/{orderId}"));
    s.detail_of = Pane::Tree;
    let effects = cmd(&mut s, Command::CopyUrl);
    assert_eq!(
        effects,
        vec![Effect::Copy(
            "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders/{orderId}".into()
        )]
    );
    assert!(s.message.as_ref().is_some_and(|m| !m.error));
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

#[test]
fn a_stale_inventory_reply_is_dropped() {
    let mut s = demo();
    let old_req = s.load_req;
    cmd(&mut s, Command::Refresh);
    assert_ne!(s.load_req, old_req);
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
        s.inventory.rest_apis.len(),
        2,
        "the old reply did not replace the inventory"
    );
    assert!(s.load.is_loading(), "still waiting for the current reply");
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
    assert_eq!(s.inventory.rest_apis.len(), 2);
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
    assert!(s.inventory.rest_apis[0].resources.is_empty());
    update(
        &mut s,
        Action::PartLoaded {
            req,
            key: old.key(),
            result: Ok(Box::new(old)),
        },
    );
    assert_eq!(
        s.inventory.rest_apis[0].resources.len(),
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
fn read_only_refuses_deploy_and_cors_with_a_message() {
    let mut s = demo();
    s.read_only = true;
    assert!(cmd(&mut s, Command::Deploy).is_empty());
    assert!(s.dialog.is_none());
    let m = s.message.clone().expect("a refusal message");
    assert!(m.error && m.text.contains("read-only"), "{m:?}");
    s.tree.selected = Some(TreeKey::node("/orders"));
    assert!(cmd(&mut s, Command::Cors).is_empty());
    assert!(s.dialog.is_none());
}

#[test]
fn demo_deploy_shows_the_plan_but_never_executes() {
    let mut s = demo();
    cmd(&mut s, Command::Deploy);
    let d = s.dialog.clone().expect("the deploy dialog opens");
    let plan = d.plan(&s.inventory).expect("a deploy plan");
    let cli = plan.cli_lines().join("\n");
    assert!(
        cli.contains("aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod"),
        "{cli}"
    );
    assert!(
        plan.diff
            .iter()
            .any(|c| c.path == "/orders/{orderId}/refunds"),
        "{:?}",
        plan.diff
    );
    let effects = cmd(&mut s, Command::Submit);
    assert!(
        effects.is_empty(),
        "offline sources never execute: {effects:?}"
    );
    let d = s.dialog.clone().expect("dialog stays to show why");
    assert!(
        matches!(&d.phase, apigw::app::confirm::Phase::Done(Err(e)) if e.contains("read-only; run against an account"))
    );
}

#[test]
fn live_confirm_sends_once_and_a_second_enter_does_nothing() {
    let mut s = demo();
    s.source = Source::Live(LiveTarget::default());
    cmd(&mut s, Command::Deploy);
    typed(&mut s, " v2");
    let first = cmd(&mut s, Command::Submit);
    let [Effect::Execute { req, plan }] = first.as_slice() else {
        panic!("one execution: {first:?}");
    };
    assert!(
        plan.cli_lines()
            .join(" ")
            .contains("deployed with apigw v2"),
        "{:?}",
        plan.cli_lines()
    );
    assert!(
        cmd(&mut s, Command::Submit).is_empty(),
        "second confirm while running"
    );
    // A reply for another request is ignored; the right one finishes and re-reads.
    update(
        &mut s,
        Action::PlanFinished {
            req: req + 100,
            result: Ok("x".into()),
        },
    );
    assert!(matches!(
        s.dialog.as_ref().map(|d| &d.phase),
        Some(apigw::app::confirm::Phase::Running)
    ));
    let after = update(
        &mut s,
        Action::PlanFinished {
            req: *req,
            result: Ok("stage prod now serves d3p10y".into()),
        },
    );
    assert!(
        matches!(after.first(), Some(Effect::Load { .. })),
        "verifies by re-reading: {after:?}"
    );
}

#[test]
fn cors_dialog_edits_origin_and_checkbox_into_the_plan() {
    let mut s = demo();
    cmd(&mut s, Command::Down); // legacy-billing
    s.tree.selected = Some(TreeKey::node("/invoices"));
    cmd(&mut s, Command::Cors);
    let d = s.dialog.clone().expect("cors dialog");
    assert!(d.title.contains("/invoices"));
    for _ in 0..1 {
        update(&mut s, Action::Backspace);
    }
    typed(&mut s, "https://app.example.com");
    cmd(&mut s, Command::NextField);
    update(&mut s, Action::Input(' '));
    let plan = s
        .dialog
        .as_ref()
        .and_then(|d| d.plan(&s.inventory).ok())
        .map(|p| p.cli_lines().join("\n"))
        .unwrap_or_default();
    assert!(plan.contains("https://app.example.com"), "{plan}");
    assert!(plan.contains("DEFAULT_4XX"), "{plan}");
    cmd(&mut s, Command::Back);
    assert!(s.dialog.is_none());
}

#[test]
fn palette_on_demo_explains_that_profiles_need_a_live_account() {
    let mut s = demo();
    cmd(&mut s, Command::Palette);
    assert_eq!(apigw::app::mode(&s), Mode::Palette);
    typed(&mut s, "region us-east-1");
    let effects = cmd(&mut s, Command::Submit);
    assert!(effects.is_empty());
    assert!(s
        .message
        .as_ref()
        .is_some_and(|m| m.error && m.text.contains("offline")));
}

#[test]
fn palette_switches_region_in_live_mode_and_reloads() {
    let mut s = State::new(Source::Live(LiveTarget::default()), false);
    let effects = cmd(&mut s, Command::Palette);
    assert_eq!(effects, vec![Effect::ListProfiles]);
    update(&mut s, Action::Profiles(vec!["prod".into(), "dev".into()]));
    typed(&mut s, "profile dev");
    let effects = cmd(&mut s, Command::Submit);
    let Some(Effect::Load {
        target: Some(t), ..
    }) = effects.first()
    else {
        panic!("{effects:?}");
    };
    assert_eq!(t.profile.as_deref(), Some("dev"));
}

#[test]
fn keymap_user_file_overrides_and_bad_keys_name_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("keys.toml");
    std::fs::write(&good, "[normal]\nquit = [\"x\"]\n").expect("write");
    let km = apigw::keymap::Keymap::load(Some(&good)).expect("valid user keymap");
    let x = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('x'));
    assert_eq!(
        km.action(Mode::Normal, &x),
        Some(Action::Command(Command::Quit))
    );
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[normal]\nquit = [\"ctrl-nope\"]\n").expect("write");
    let err = apigw::keymap::Keymap::load(Some(&bad))
        .expect_err("bad key")
        .to_string();
    assert!(
        err.contains("bad.toml") && err.contains("ctrl-nope"),
        "{err}"
    );
    std::fs::write(&bad, "[normal]\nlaunch = [\"x\"]\n").expect("write");
    let err = apigw::keymap::Keymap::load(Some(&bad))
        .expect_err("unknown command")
        .to_string();
    assert!(err.contains("bad.toml") && err.contains("launch"), "{err}");
}

fn url_bar(s: &mut State, text: &str) {
    cmd(s, Command::FocusUrl);
    // Typing char by char evaluates on every keystroke.
    typed(s, text);
}

fn verdict(s: &State) -> apigw::domain::routing::Verdict {
    match &s.url.outcome {
        Some(Ok(v)) => v.clone(),
        other => panic!("expected a verdict, got {other:?}"),
    }
}

#[test]
fn typing_a_domain_url_selects_api_stage_mapping_and_reveals_the_resource() {
    let mut s = demo();
    cmd(&mut s, Command::Down); // start elsewhere: legacy-billing
    s.tree.collapsed.insert("/".into());
    url_bar(&mut s, "https://api.example.com/orders/orders/42/items");
    let v = verdict(&s);
    assert_eq!(v.reason, apigw::domain::routing::Reason::Matched, "{v:?}");
    assert_eq!(s.api, api("a1b2c3d4e5", ApiKind::Rest));
    assert_eq!(s.stage.as_deref(), Some("prod"));
    assert_eq!(
        s.domain_row,
        Some(apigw::app::rows::DomainKey {
            domain: "api.example.com".into(),
            item: apigw::app::rows::DomainItem::Mapping("orders".into()),
        })
    );
    assert_eq!(
        s.tree.selected,
        Some(TreeKey {
            path: "/orders/{orderId}/items".into(),
            method: Some("GET".into())
        })
    );
    assert!(
        !s.tree.collapsed.contains("/"),
        "the tree is opened down to the match"
    );
    assert!(visible_keys(&s).contains(&TreeKey {
        path: "/orders/{orderId}/items".into(),
        method: Some("GET".into())
    }));
    assert_eq!(v.path_params.get("orderId").map(String::as_str), Some("42"));
}

#[test]
fn each_keystroke_re_evaluates_and_backspace_too() {
    let mut s = demo();
    url_bar(&mut s, "https://api.example.com/orders/orders/42/refund");
    let partial = verdict(&s);
    assert_ne!(partial.reason, apigw::domain::routing::Reason::Matched);
    typed(&mut s, "s");
    cmd(&mut s, Command::CycleMethod); // GET → POST
    assert_eq!(s.url.shown_method(), "POST");
    let v = verdict(&s);
    assert_eq!(
        v.reason,
        apigw::domain::routing::Reason::NotDeployed,
        "{v:?}"
    );
    assert_eq!(v.status, Some(403));
    assert!(v.deploy_would_fix);
    update(&mut s, Action::Backspace);
    assert_ne!(
        verdict(&s).reason,
        apigw::domain::routing::Reason::NotDeployed
    );
}

#[test]
fn a_bare_path_is_matched_against_the_selected_api_and_stage() {
    let mut s = demo();
    cmd(&mut s, Command::Down); // legacy-billing, stage v1
    url_bar(&mut s, "/invoices/7");
    let v = verdict(&s);
    assert_eq!(
        v.api.as_ref().map(|a| a.name.as_str()),
        Some("legacy-billing"),
        "{v:?}"
    );
    assert_eq!(v.resource.as_deref(), Some("/invoices/{invoiceId}"));
    assert_eq!(
        s.tree.selected,
        Some(TreeKey {
            path: "/invoices/{invoiceId}".into(),
            method: Some("GET".into())
        })
    );
}

#[test]
fn a_pasted_multi_line_curl_command_is_one_request() {
    let mut s = demo();
    cmd(&mut s, Command::FocusUrl);
    update(
        &mut s,
        Action::Paste("curl -X DELETE \\\n  https://api.example.com/orders/orders/42 \\\n  -H 'Accept: application/json'".into()),
    );
    let v = verdict(&s);
    assert_eq!(v.method, "DELETE");
    assert_eq!(
        v.reason,
        apigw::domain::routing::Reason::IamUnsigned,
        "{v:?}"
    );
    assert_eq!(
        s.tree.selected,
        Some(TreeKey {
            path: "/orders/{orderId}".into(),
            method: Some("DELETE".into())
        })
    );
}

#[test]
fn pasting_while_browsing_focuses_the_url_bar() {
    let mut s = demo();
    update(
        &mut s,
        Action::Paste("https://api.example.com/pay/nope".into()),
    );
    assert_eq!(s.focus, Pane::Url);
    let v = verdict(&s);
    assert_eq!(
        v.api.as_ref().map(|a| a.name.as_str()),
        Some("payments-http")
    );
    assert_eq!(v.route_key.as_deref(), Some("$default"));
    assert_eq!(
        s.tree.selected,
        Some(TreeKey {
            path: "$default".into(),
            method: Some("ANY".into())
        })
    );
    assert_eq!(s.api, api("p4y8h3t6x1", ApiKind::Http));
}

#[test]
fn headers_field_feeds_the_request_and_esc_returns_to_the_previous_pane() {
    let mut s = demo();
    s.focus = Pane::Tree;
    url_bar(&mut s, "https://api.example.com/orders/orders");
    assert_eq!(
        verdict(&s).reason,
        apigw::domain::routing::Reason::ApiKeyMissing
    );
    cmd(&mut s, Command::NextField);
    typed(&mut s, "x-api-key: abc123");
    assert_eq!(verdict(&s).reason, apigw::domain::routing::Reason::Matched);
    cmd(&mut s, Command::Back);
    assert_eq!(s.focus, Pane::Tree, "leaving with a match focuses the tree");
    assert!(s.url.outcome.is_some(), "the verdict stays after leaving");
    s.focus = Pane::Stages;
    cmd(&mut s, Command::FocusUrl);
    cmd(&mut s, Command::NextField); // back to the URL field
    assert_eq!(s.url.field, apigw::app::url_bar::UrlField::Url);
    for _ in 0..200 {
        update(&mut s, Action::Backspace);
    }
    cmd(&mut s, Command::Back);
    assert_eq!(
        s.focus,
        Pane::Stages,
        "without a match Esc returns where it came from"
    );
}

#[test]
fn unknown_stage_on_execute_api_host_suggests_prod() {
    let mut s = demo();
    url_bar(
        &mut s,
        "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prd/orders",
    );
    let v = verdict(&s);
    assert_eq!(v.reason, apigw::domain::routing::Reason::StageNotFound);
    assert!(
        v.suggestions.iter().any(|x| x.contains("prod")),
        "{:?}",
        v.suggestions
    );
    assert!(
        v.progress.failed.is_some(),
        "the stage segment is marked as failing"
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
    assert_eq!(s.cached_at, Some(saved));
    assert_eq!(
        api_rows(&s).len(),
        3,
        "the cached inventory is browsable at once"
    );
    assert!(s.load.is_loading(), "the fresh load still runs behind it");
    for kind in [PartKind::RestApis, PartKind::HttpApis, PartKind::Domains] {
        s.parts
            .insert(PartKey::account(kind), apigw::app::Remote::Ready(()));
    }
    let effects = update(
        &mut s,
        Action::LoadFinished {
            req,
            region: Some("eu-west-1".into()),
            failed: 0,
        },
    );
    assert_eq!(s.cached_at, None);
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
fn rollback_defaults_to_the_previous_deployment_and_arrows_choose_another() {
    let mut s = demo();
    s.source = Source::Live(LiveTarget::default());
    cmd(&mut s, Command::Rollback);
    let d = s.dialog.clone().expect("rollback dialog");
    assert_eq!(
        d.field, "q1w2e3",
        "prod serves x7y8z9; the one before it is offered"
    );
    cmd(&mut s, Command::Up);
    assert_eq!(s.dialog.as_ref().map(|d| d.field.as_str()), Some("x7y8z9"));
    cmd(&mut s, Command::Down);
    let d = s.dialog.clone().expect("dialog");
    let plan = d.plan(&s.inventory).expect("rollback plan");
    let cli = plan.cli_lines().join("\n");
    assert!(
        cli.contains("update-stage") && cli.contains("q1w2e3"),
        "{cli}"
    );
    let effects = cmd(&mut s, Command::Submit);
    assert!(
        matches!(effects.as_slice(), [Effect::Execute { .. }]),
        "{effects:?}"
    );
}

#[test]
fn read_only_refuses_rollback() {
    let mut s = demo();
    s.read_only = true;
    assert!(cmd(&mut s, Command::Rollback).is_empty());
    assert!(s.dialog.is_none());
    assert!(s
        .message
        .as_ref()
        .is_some_and(|m| m.error && m.text.contains("read-only")));
}

#[test]
fn ctrl_u_clears_the_url_field_and_the_verdict() {
    let mut s = demo();
    url_bar(&mut s, "https://api.example.com/orders/orders");
    assert!(s.url.outcome.is_some());
    let km = apigw::keymap::Keymap::defaults();
    let ctrl_u = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    );
    let a = km
        .action(apigw::app::mode(&s), &ctrl_u)
        .expect("ctrl-u is bound while typing");
    update(&mut s, a);
    assert_eq!(s.url.text, "");
    assert!(s.url.outcome.is_none());
}

#[test]
fn a_reload_re_evaluates_the_url_without_moving_the_users_selection() {
    let mut s = demo();
    url_bar(&mut s, "https://api.example.com/orders/orders/42/items");
    cmd(&mut s, Command::Back);
    s.focus = Pane::Apis;
    cmd(&mut s, Command::Down); // the user moves on to legacy-billing
    let req = s.load_req;
    update(
        &mut s,
        Action::InventoryLoaded {
            req,
            result: Ok(Box::new(apigw::demo::inventory())),
            cached_at: None,
        },
    );
    assert_eq!(s.api, api("k7lm2n9p4q", ApiKind::Rest), "selection kept");
    assert_eq!(
        verdict(&s).reason,
        apigw::domain::routing::Reason::Matched,
        "verdict refreshed"
    );
}

#[test]
fn url_bar_cursor_moves_and_edits_in_the_middle() {
    let mut s = demo();
    url_bar(&mut s, "https://api.example.com/orders/orders/42/itms");
    cmd(&mut s, Command::Left);
    cmd(&mut s, Command::Left);
    typed(&mut s, "e");
    assert_eq!(s.url.text, "https://api.example.com/orders/orders/42/items");
    assert_eq!(verdict(&s).reason, apigw::domain::routing::Reason::Matched);
    cmd(&mut s, Command::Top);
    update(&mut s, Action::Backspace); // nothing before the start
    assert_eq!(s.url.text, "https://api.example.com/orders/orders/42/items");
    cmd(&mut s, Command::Bottom);
    update(&mut s, Action::Backspace);
    assert_eq!(s.url.text, "https://api.example.com/orders/orders/42/item");
    // Multi-byte characters move as one.
    typed(&mut s, "é");
    cmd(&mut s, Command::Left);
    typed(&mut s, "x");
    assert!(s.url.text.ends_with("itemxé"), "{}", s.url.text);
}

#[test]
fn pasted_control_characters_never_reach_the_screen() {
    let mut s = demo();
    cmd(&mut s, Command::FocusUrl);
    update(
        &mut s,
        Action::Paste("https://api.example.com/\u{1b}[31morders\u{7}/orders\r\n".into()),
    );
    assert!(
        !s.url.text.chars().any(char::is_control),
        "{:?}",
        s.url.text
    );
    assert!(s.url.outcome.is_some());
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
    assert_eq!(s.api.as_ref().map(|a| a.id.as_str()), Some("p4y8h3t6x1"));
    arrive(&mut s, LoadPart::RestApis(demo.rest_apis.clone()));
    assert_eq!(
        s.api.as_ref().map(|a| a.id.as_str()),
        Some("a1b2c3d4e5"),
        "the first row (orders-api) is selected once the REST list arrives"
    );
    // The user moves down to legacy-billing; a refreshed list keeps that choice.
    cmd(&mut s, Command::Down);
    assert_eq!(s.api.as_ref().map(|a| a.id.as_str()), Some("k7lm2n9p4q"));
    arrive(&mut s, LoadPart::RestApis(demo.rest_apis.clone()));
    assert_eq!(s.api.as_ref().map(|a| a.id.as_str()), Some("k7lm2n9p4q"));
}
