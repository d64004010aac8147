//! Issue #12 on screen: the resource policy in Details (marked for the selected method
//! and caller), the IAM statement of an AWS_IAM method, a stage's logging and usage plans,
//! and the probe's answer beside the prediction; secrets never shown or copied.

use super::*;
use apigw::app::Effect;
use apigw::domain::probe::Answer;

const API_KEY: &str = "SECRETapikeyTyped0001";
const BEARER: &str = "SECRETbearerTyped.0002";

fn typed_url(s: &mut State, text: &str) {
    focus(s, Pane::Url);
    crate::app_builder::typed(s, text);
}

/// A snapshot in the group's `snapshots/` directory, next to the other render ones.
fn snap(name: &str, t: &Terminal<TestBackend>) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.bind(|| insta::assert_snapshot!(name, t.backend()));
}

fn text(t: &Terminal<TestBackend>) -> String {
    t.backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect()
}

#[test]
fn details_mark_the_policy_statements_for_the_selected_method_and_caller() {
    let mut s = demo();
    typed_url(&mut s, "https://api.example.com/v1/billing/invoices/42");
    crate::app_builder::cmd(&mut s, Command::NextField);
    crate::app_builder::cmd(&mut s, Command::NextField);
    crate::app_builder::typed(&mut s, "203.0.113.7");
    crate::app_builder::cmd(&mut s, Command::Back);
    assert_eq!(s.detail_of(), Pane::Tree);
    let t = pane(&s, 80, 40, ui::details::draw);
    let shown = text(&t);
    assert!(shown.contains("✓ applies  Deny statement"), "{shown}");
    snap("details_policy_marked_80x40", &t);
    snap(
        "details_policy_marked_140x50",
        &pane(&s, 140, 50, ui::details::draw),
    );
}

#[test]
fn details_of_an_aws_iam_method_give_its_arn_and_the_iam_statement() {
    let mut s = demo();
    let delete = TreeKey {
        path: "/orders/{orderId}".into(),
        method: Some("DELETE".into()),
    };
    select_tree(&mut s, delete);
    let t = pane(&s, 170, 22, ui::details::draw);
    let shown = text(&t);
    assert!(
        shown.contains(r#"{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/DELETE/orders/{orderId}"}"#),
        "{shown}"
    );
    snap("details_iam_method_170x22", &t);
    snap(
        "details_iam_method_80x24",
        &pane(&s, 80, 24, ui::details::draw),
    );
}

#[test]
fn details_of_a_stage_show_logging_and_usage_plans() {
    let mut s = demo();
    focus(&mut s, Pane::Stages);
    let t = pane(&s, 80, 34, ui::details::draw);
    let shown = text(&t);
    assert!(shown.contains("partners"), "{shown}");
    assert!(
        shown.contains("100 req/s burst 200 · 100000 per month · 2 keys"),
        "{shown}"
    );
    snap("details_stage_logging_plans_80x34", &t);
    snap(
        "details_stage_logging_plans_140x40",
        &pane(&s, 140, 40, ui::details::draw),
    );
}

/// The URL bar with secret headers, probed, and AWS answering otherwise than predicted.
fn probed(headers: &str) -> (State, Vec<Effect>) {
    let mut s = demo();
    typed_url(&mut s, "https://api.example.com/orders/health");
    crate::app_builder::cmd(&mut s, Command::NextField);
    crate::app_builder::typed(&mut s, headers);
    let effects = crate::app_builder::cmd(&mut s, Command::Probe);
    let Some(Effect::Probe { req, .. }) = effects.first().cloned() else {
        panic!("{effects:?}");
    };
    let answer = Answer {
        status: 403,
        error_type: Some("ForbiddenException".into()),
        message: Some("Forbidden".into()),
        request_id: Some("7f0c-rid".into()),
        elapsed_ms: 84,
    };
    update(
        &mut s,
        Action::ProbeFinished {
            req,
            result: Ok(answer),
        },
    );
    (s, effects)
}

#[test]
fn the_probe_answer_shows_beside_the_prediction_and_a_disagreement_loudly() {
    let (s, _) = probed("Origin: https://app.example.com");
    let t = screen(&s, 80, 24);
    let shown = text(&t);
    assert!(shown.contains("AWS answered 403"), "{shown}");
    assert!(shown.contains("DIFFERS"), "{shown}");
    snap("probe_result_80x24", &t);
    snap("probe_result_200x60", &screen(&s, 200, 60));
}

#[test]
fn typed_secrets_never_reach_the_probe_display_the_report_or_the_effect_log() {
    let (mut s, effects) = probed(&format!(
        "x-api-key: {API_KEY}; Authorization: Bearer {BEARER}"
    ));
    // The headers field shows what the user types; the probe's lines never do.
    let probe_lines = || {
        let keymap = Keymap::defaults();
        let theme = Theme::default();
        let cx = Ctx {
            state: &s,
            keymap: &keymap,
            theme: &theme,
        };
        ui::probe::lines(&cx)
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let shown = probe_lines();
    assert!(shown.contains("AWS answered 403"), "{shown}");
    let mut seen = vec![
        ("probe display", shown),
        ("status bar", format!("{:?}", s.message())),
        ("effect debug", format!("{effects:?}")),
    ];
    let copied = crate::app_builder::cmd(&mut s, Command::CopyReport);
    let [Effect::Copy(md)] = copied.as_slice() else {
        panic!("{copied:?}");
    };
    assert!(
        md.contains("x-api-key"),
        "the header is named, its value is not: {md}"
    );
    seen.push(("markdown", md.clone()));
    for (what, out) in seen {
        for secret in [API_KEY, BEARER] {
            assert!(!out.contains(secret), "{what} shows {secret}: {out}");
        }
    }
    // The request sent still carries them: only what is shown is redacted.
    let Some(Effect::Probe { request, .. }) = effects.first() else {
        panic!("{effects:?}");
    };
    assert!(request.headers.iter().any(|(_, v)| v == API_KEY));
}
