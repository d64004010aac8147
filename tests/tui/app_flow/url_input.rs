//! The URL bar: typing, pasting, headers and the verdict driving the selection.

use super::*;

#[test]
fn typing_a_domain_url_selects_api_stage_mapping_and_reveals_the_resource() {
    let mut s = demo();
    cmd(&mut s, Command::Down); // start elsewhere: legacy-billing
    select_tree(&mut s, TreeKey::node("/"));
    cmd(&mut s, Command::Toggle); // collapse everything
    assert!(s.tree().collapsed.contains("/"));
    url_bar(&mut s, "https://api.example.com/orders/orders/42/items");
    let v = verdict(&s);
    assert_eq!(v.reason, apigw::domain::routing::Reason::Matched, "{v:?}");
    assert_eq!(s.api().cloned(), api("a1b2c3d4e5", ApiKind::Rest));
    assert_eq!(s.stage(), Some("prod"));
    assert_eq!(
        s.domain_row().cloned(),
        Some(apigw::app::rows::DomainKey {
            domain: "api.example.com".into(),
            item: apigw::app::rows::DomainItem::Mapping("orders".into()),
        })
    );
    assert_eq!(
        s.tree().selected,
        Some(TreeKey {
            path: "/orders/{orderId}/items".into(),
            method: Some("GET".into())
        })
    );
    assert!(
        !s.tree().collapsed.contains("/"),
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
    assert_eq!(s.url().shown_method(), "POST");
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
        s.tree().selected,
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
        s.tree().selected,
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
    assert_eq!(s.focus(), Pane::Url);
    let v = verdict(&s);
    assert_eq!(
        v.api.as_ref().map(|a| a.name.as_str()),
        Some("payments-http")
    );
    assert_eq!(v.route_key.as_deref(), Some("$default"));
    assert_eq!(
        s.tree().selected,
        Some(TreeKey {
            path: "$default".into(),
            method: Some("ANY".into())
        })
    );
    assert_eq!(s.api().cloned(), api("p4y8h3t6x1", ApiKind::Http));
}

#[test]
fn headers_field_feeds_the_request_and_esc_returns_to_the_previous_pane() {
    let mut s = demo();
    focus(&mut s, Pane::Tree);
    url_bar(&mut s, "https://api.example.com/orders/orders");
    assert_eq!(
        verdict(&s).reason,
        apigw::domain::routing::Reason::ApiKeyMissing
    );
    cmd(&mut s, Command::NextField);
    typed(&mut s, "x-api-key: demo-partner-web-key-0001");
    assert_eq!(verdict(&s).reason, apigw::domain::routing::Reason::Matched);
    cmd(&mut s, Command::Back);
    assert_eq!(
        s.focus(),
        Pane::Tree,
        "leaving with a match focuses the tree"
    );
    assert!(s.url().outcome.is_some(), "the verdict stays after leaving");
    focus(&mut s, Pane::Stages);
    cmd(&mut s, Command::FocusUrl);
    cmd(&mut s, Command::NextField); // headers → caller
    cmd(&mut s, Command::NextField); // caller → back to the URL field
    assert_eq!(s.url().field, apigw::app::url_bar::UrlField::Url);
    for _ in 0..200 {
        update(&mut s, Action::Backspace);
    }
    cmd(&mut s, Command::Back);
    assert_eq!(
        s.focus(),
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
fn ctrl_u_clears_the_url_field_and_the_verdict() {
    let mut s = demo();
    url_bar(&mut s, "https://api.example.com/orders/orders");
    assert!(s.url().outcome.is_some());
    let km = apigw::keymap::Keymap::defaults();
    let ctrl_u = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    );
    let a = km
        .action(apigw::app::mode(&s), &ctrl_u)
        .expect("ctrl-u is bound while typing");
    update(&mut s, a);
    assert_eq!(s.url().text, "");
    assert!(s.url().outcome.is_none());
}

#[test]
fn url_bar_cursor_moves_and_edits_in_the_middle() {
    let mut s = demo();
    url_bar(&mut s, "https://api.example.com/orders/orders/42/itms");
    cmd(&mut s, Command::Left);
    cmd(&mut s, Command::Left);
    typed(&mut s, "e");
    assert_eq!(
        s.url().text,
        "https://api.example.com/orders/orders/42/items"
    );
    assert_eq!(verdict(&s).reason, apigw::domain::routing::Reason::Matched);
    cmd(&mut s, Command::Top);
    update(&mut s, Action::Backspace); // nothing before the start
    assert_eq!(
        s.url().text,
        "https://api.example.com/orders/orders/42/items"
    );
    cmd(&mut s, Command::Bottom);
    update(&mut s, Action::Backspace);
    assert_eq!(
        s.url().text,
        "https://api.example.com/orders/orders/42/item"
    );
    // Multi-byte characters move as one.
    typed(&mut s, "é");
    cmd(&mut s, Command::Left);
    typed(&mut s, "x");
    assert!(s.url().text.ends_with("itemxé"), "{}", s.url().text);
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
        !s.url().text.chars().any(char::is_control),
        "{:?}",
        s.url().text
    );
    assert!(s.url().outcome.is_some());
}
