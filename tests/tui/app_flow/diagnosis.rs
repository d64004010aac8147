//! Issue #12 in the TUI: the caller field, the probe key, the Markdown report key and the
//! enable-logs key, at the update() level (effects emitted, read-only refusals, confirm).

use super::*;
use apigw::app::confirm::{DialogKind, Phase};
use apigw::app::probe::ProbePhase;
use apigw::app::url_bar::UrlField;
use apigw::app::Outcome;
use apigw::domain::model::AccountSettings;
use apigw::domain::plan::{Mutation, RoleState};
use apigw::domain::probe::Answer;
use apigw::domain::routing::Reason;

const INVOICE: &str = "https://api.example.com/v1/billing/invoices/42";

fn url(s: &mut State, text: &str) {
    focus(s, Pane::Url);
    typed(s, text);
}

/// Tab from the URL field to the caller field (URL → headers → caller).
fn to_caller(s: &mut State) {
    cmd(s, Command::NextField);
    cmd(s, Command::NextField);
    assert_eq!(s.url().field, UrlField::Caller);
}

fn reason(s: &State) -> Reason {
    s.url().verdict().expect("a verdict").reason
}

#[test]
fn tab_cycles_url_headers_caller_and_back_and_backtab_goes_the_other_way() {
    let mut s = demo();
    focus(&mut s, Pane::Url);
    let mut seen = vec![s.url().field];
    for _ in 0..3 {
        cmd(&mut s, Command::NextField);
        seen.push(s.url().field);
    }
    use UrlField::*;
    assert_eq!(seen, vec![Url, Headers, Caller, Url]);
    cmd(&mut s, Command::PrevField);
    assert_eq!(s.url().field, Caller);
}

#[test]
fn the_caller_field_decides_a_source_ip_condition_of_the_resource_policy() {
    let mut s = demo();
    url(&mut s, INVOICE);
    let unknown = s.url().verdict().cloned().expect("a verdict");
    assert_eq!(unknown.reason, Reason::Matched);
    assert_eq!(
        unknown.confidence,
        apigw::domain::routing::Confidence::Likely,
        "without a caller the office-only Deny depends on the source IP"
    );
    to_caller(&mut s);
    typed(&mut s, "203.0.113.7");
    assert_eq!(reason(&s), Reason::PolicyDenied);
    assert_eq!(s.url().verdict().and_then(|v| v.status), Some(403));
    cmd(&mut s, Command::ClearField);
    typed(&mut s, "10.1.2.3");
    assert_eq!(reason(&s), Reason::Matched);
    assert_eq!(
        s.url().verdict().map(|v| v.confidence),
        Some(apigw::domain::routing::Confidence::Certain)
    );
    assert_eq!(
        s.url().text,
        INVOICE,
        "typing in the caller field leaves the URL alone"
    );
}

#[test]
fn probe_sends_a_get_at_once_and_shows_the_answer_beside_the_prediction() {
    let mut s = demo();
    url(&mut s, "https://api.example.com/orders/health");
    let effects = cmd(&mut s, Command::Probe);
    let [Effect::Probe { req, request }] = effects.as_slice() else {
        panic!("a GET is probed at once: {effects:?}");
    };
    assert_eq!(request.method, "GET");
    assert_eq!(request.url, "https://api.example.com/orders/health");
    assert_eq!(request.sign_region, None, "a NONE method is not signed");
    let p = s.url().probe.clone().expect("the probe is shown");
    assert_eq!(p.phase, ProbePhase::Running);
    let answer = Answer {
        status: 403,
        error_type: Some("ForbiddenException".into()),
        message: Some("Forbidden".into()),
        request_id: Some("rid-42".into()),
        elapsed_ms: 84,
    };
    update(
        &mut s,
        Action::ProbeFinished {
            req: *req,
            result: Ok(answer.clone()),
        },
    );
    let p = s.url().probe.clone().expect("the answer stays");
    assert_eq!(p.phase, ProbePhase::Done(Ok(answer)));
    assert!(!p.comparison().expect("compared").agrees());
    let m = s.message().cloned().expect("a disagreement is loud");
    assert!(m.error && m.text.contains("differently"), "{m:?}");
}

#[test]
fn a_probe_reply_for_an_older_probe_is_dropped() {
    let mut s = demo();
    url(&mut s, "https://api.example.com/orders/health");
    let first = cmd(&mut s, Command::Probe);
    let Some(Effect::Probe { req: old, .. }) = first.first().cloned() else {
        panic!("{first:?}");
    };
    typed(&mut s, "x");
    cmd(&mut s, Command::Probe);
    update(
        &mut s,
        Action::ProbeFinished {
            req: old,
            result: Err("late".into()),
        },
    );
    assert_eq!(
        s.url().probe.as_ref().map(|p| p.phase.clone()),
        Some(ProbePhase::Running)
    );
}

#[test]
fn an_aws_iam_method_is_probed_signed_for_the_inventory_region() {
    let mut s = demo();
    url(&mut s, "https://api.example.com/orders/orders/42");
    cmd(&mut s, Command::CycleMethod); // GET → POST
    for _ in 0..3 {
        cmd(&mut s, Command::CycleMethod); // → OPTIONS → PUT → DELETE
    }
    assert_eq!(s.url().shown_method(), "DELETE");
    assert!(cmd(&mut s, Command::Probe).is_empty(), "DELETE asks first");
    let effects = cmd(&mut s, Command::Probe);
    let Some(Effect::Probe { request, .. }) = effects.first() else {
        panic!("the second press sends: {effects:?}");
    };
    assert_eq!(request.sign_region.as_deref(), Some("eu-west-1"));
    let p = s.url().probe.clone().expect("probe");
    assert_ne!(
        p.predicted.reason,
        Reason::IamUnsigned,
        "the prediction is for the signed request"
    );
}

#[test]
fn a_post_probe_asks_first_and_esc_cancels_without_sending() {
    let mut s = demo();
    url(&mut s, "https://api.example.com/orders/orders");
    cmd(&mut s, Command::CycleMethod);
    assert_eq!(s.url().shown_method(), "POST");
    assert!(cmd(&mut s, Command::Probe).is_empty());
    assert_eq!(
        s.url().probe.as_ref().map(|p| p.phase.clone()),
        Some(ProbePhase::Confirm)
    );
    assert!(cmd(&mut s, Command::Back).is_empty());
    assert!(s.url().probe.is_none(), "cancelled");
    assert_eq!(
        s.focus(),
        Pane::Url,
        "Esc cancelled the probe, not the URL bar"
    );
    assert!(cmd(&mut s, Command::Probe).is_empty(), "asks again");
}

#[test]
fn read_only_never_sends_a_post_probe_but_sends_a_get() {
    let mut s = crate::app_builder::demo_read_only();
    url(&mut s, "https://api.example.com/orders/orders");
    cmd(&mut s, Command::CycleMethod);
    assert!(cmd(&mut s, Command::Probe).is_empty());
    assert!(cmd(&mut s, Command::Probe).is_empty());
    let m = s.message().cloned().expect("a refusal");
    assert!(m.error && m.text.contains("read-only"), "{m:?}");
    for _ in 0..6 {
        cmd(&mut s, Command::CycleMethod);
    }
    assert_eq!(s.url().shown_method(), "GET");
    assert!(matches!(
        cmd(&mut s, Command::Probe).as_slice(),
        [Effect::Probe { .. }]
    ));
}

#[test]
fn probe_without_a_full_url_says_what_is_missing() {
    let mut s = demo();
    assert!(cmd(&mut s, Command::Probe).is_empty());
    assert!(s.message().is_some_and(|m| m.error));
    url(&mut s, "/prod/orders");
    assert!(cmd(&mut s, Command::Probe).is_empty());
    assert!(s.message().is_some_and(|m| m.text.contains("full URL")));
}

#[test]
fn copy_report_copies_the_markdown_of_the_verdict_with_the_caller() {
    let mut s = demo();
    url(&mut s, INVOICE);
    to_caller(&mut s);
    typed(&mut s, "203.0.113.7");
    let effects = cmd(&mut s, Command::CopyReport);
    let [Effect::Copy(md)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(md.starts_with("## apigw: `GET "), "{md}");
    assert!(md.contains("403"), "{md}");
    assert!(md.contains("source IP `203.0.113.7`"), "{md}");
    assert!(md.contains("policy_denied"), "{md}");
}

#[test]
fn enable_logs_in_the_demo_shows_the_plan_and_where_logs_go_but_never_executes() {
    let mut s = demo();
    assert_eq!(s.stage(), Some("prod"));
    assert!(
        cmd(&mut s, Command::EnableLogs).is_empty(),
        "offline: no account read"
    );
    let d = s.dialog().cloned().expect("the dialog opens");
    assert!(matches!(&d.kind, DialogKind::EnableLogs { stage, .. } if stage == "prod"));
    let plan = d.plan(s.inventory()).expect("a plan");
    let cli = plan.cli_lines().join("\n");
    assert!(
        cli.contains("update-stage")
            && cli.contains(r#""path":"/*/*/logging/loglevel","value":"INFO""#),
        "{cli}"
    );
    assert!(matches!(
        plan.steps[0].mutation,
        Mutation::UpdateStageLogging { .. }
    ));
    let extra = d.extra.join("\n");
    assert!(
        extra.contains("API-Gateway-Execution-Logs_a1b2c3d4e5/prod"),
        "{extra}"
    );
    assert!(
        extra.contains("aws logs tail") && extra.contains("--follow"),
        "{extra}"
    );
    assert!(cmd(&mut s, Command::Submit).is_empty());
    assert!(matches!(
        s.dialog().map(|d| &d.phase),
        Some(Phase::Done(Outcome::Refused(_)))
    ));
}

#[test]
fn enable_logs_is_refused_in_read_only_mode() {
    let mut s = crate::app_builder::demo_read_only();
    assert!(cmd(&mut s, Command::EnableLogs).is_empty());
    assert!(s.dialog().is_none());
    assert!(s
        .message()
        .is_some_and(|m| m.error && m.text.contains("read-only")));
}

#[test]
fn live_enable_logs_reads_the_role_then_confirms_and_executes_the_plan() {
    let mut s = crate::app_builder::live_demo();
    let effects = cmd(&mut s, Command::EnableLogs);
    let [Effect::ReadAccount { req }] = effects.as_slice() else {
        panic!("the CloudWatch role is read first: {effects:?}");
    };
    assert!(s.dialog().is_none());
    let role = "arn:aws:iam::123456789012:role/APIGatewayCloudWatchLogs";
    update(
        &mut s,
        Action::AccountRead {
            req: *req,
            result: Ok(AccountSettings {
                cloudwatch_role_arn: Some(role.into()),
            }),
        },
    );
    let d = s.dialog().cloned().expect("the dialog opens");
    assert!(matches!(&d.kind, DialogKind::EnableLogs { role: RoleState::Set(r), .. } if r == role));
    assert_eq!(d.phase, Phase::Editing);
    let effects = cmd(&mut s, Command::Submit);
    let [Effect::Execute { plan, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(matches!(
        &plan.steps[0].mutation,
        Mutation::UpdateStageLogging { stage_name, .. } if stage_name == "prod"
    ));
}

#[test]
fn live_enable_logs_without_a_cloudwatch_role_is_refused_up_front_with_the_fix() {
    let mut s = crate::app_builder::live_demo();
    let effects = cmd(&mut s, Command::EnableLogs);
    let Some(Effect::ReadAccount { req }) = effects.first().cloned() else {
        panic!("{effects:?}");
    };
    update(
        &mut s,
        Action::AccountRead {
            req,
            result: Ok(AccountSettings::default()),
        },
    );
    let d = s.dialog().cloned().expect("the dialog opens refused");
    assert!(
        matches!(&d.phase, Phase::Done(Outcome::Refused(why)) if why.contains("no CloudWatch Logs role")),
        "{:?}",
        d.phase
    );
    assert!(
        d.extra.iter().any(|x| x.contains("update-account")),
        "{:?}",
        d.extra
    );
    assert!(cmd(&mut s, Command::Submit).is_empty(), "nothing is sent");
}
