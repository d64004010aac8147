//! Fuzzing what a person types (issue #8): the URL/curl parser (`routing::parse_input`),
//! the matcher (`routing::evaluate` on the demo account) and the redactor never panic,
//! whatever the input: arbitrary strings, URL-shaped strings, curl/awscurl/http command
//! lines with random flags and quotes, and random bytes decoded lossily. And the TUI's
//! state machine and every pane, under random key sequences drawn at random sizes.

use proptest::prelude::*;
use proptest::test_runner::Config;

use apigw::app::{update, Action, Command, Effect, State};
use apigw::config::Source;
use apigw::domain::load::{LoadError, LoadErrorKind};
use apigw::domain::model::{ApiKind, ApiRef, Inventory};
use apigw::domain::routing::{self, MatchContext, Reason, Request, Router};
use apigw::keymap::Keymap;
use apigw::ui::{self, Ctx, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const CASES: u32 = 5_000;

fn demo() -> &'static (Inventory, Router) {
    static DEMO: std::sync::OnceLock<(Inventory, Router)> = std::sync::OnceLock::new();
    DEMO.get_or_init(|| {
        let inv = apigw::demo::inventory();
        assert!(!inv.rest_apis.is_empty(), "the demo inventory loads");
        let router = Router::new(&inv);
        (inv, router)
    })
}

fn contexts() -> [MatchContext<'static>; 3] {
    let api = |kind, id: &str| {
        Some(ApiRef {
            kind,
            id: id.to_string(),
        })
    };
    [
        MatchContext::default(),
        MatchContext {
            api: api(ApiKind::Rest, "a1b2c3d4e5"),
            stage: Some("prod".into()),
            ..MatchContext::default()
        },
        MatchContext {
            api: api(ApiKind::Http, "p4y8h3t6x1"),
            stage: None,
            ..MatchContext::default()
        },
    ]
}

/// Parses and, when it parses, evaluates in every context; checks the verdict's contract.
fn check(input: &str) {
    let Ok(req) = routing::parse_input(input) else {
        return;
    };
    check_request(&req);
}

fn check_request(req: &Request) {
    let (inv, router) = demo();
    for ctx in contexts() {
        let v = router.evaluate(inv, req, &ctx);
        assert!(matches!(v.exit_code(), 0 | 1));
        if v.reason == Reason::Matched {
            assert!(v.status.is_none(), "matched but status {:?}", v.status);
            assert!(v.api.is_some(), "matched without an API");
        }
        serde_json::to_string(&v).expect("a verdict always serialises");
    }
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("prod".to_string()),
        Just("v1".to_string()),
        Just("orders".to_string()),
        Just("42".to_string()),
        Just("refunds".to_string()),
        Just("invoices".to_string()),
        Just("pay".to_string()),
        Just("{orderId}".to_string()),
        Just("{proxy+}".to_string()),
        Just("%2F".to_string()),
        Just("%".to_string()),
        Just("%zz".to_string()),
        Just("..".to_string()),
        Just(String::new()),
        "[a-zA-Z0-9%._~:@!$&'()*+,;=-]{0,12}",
        any::<String>(),
    ]
}

fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("api.example.com".to_string()),
        Just("a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com".to_string()),
        Just("p4y8h3t6x1.execute-api.eu-west-1.amazonaws.com".to_string()),
        Just("k7lm2n9p4q.execute-api.eu-west-1.amazonaws.com".to_string()),
        Just("[::1]:8443".to_string()),
        Just("API.EXAMPLE.COM.".to_string()),
        Just("api.example.com:443".to_string()),
        "[a-z0-9.:-]{0,30}",
    ]
}

fn url() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        Just("https://"),
        Just("http://"),
        Just(""),
        Just("//"),
        Just("HTTPS://"),
        Just("ftp://")
    ];
    let query = prop_oneof![Just(String::new()), "\\?[a-z=&%0-9]{0,12}", "#[a-z]{0,5}"];
    (
        scheme,
        host(),
        prop::collection::vec(segment(), 0..8),
        any::<bool>(),
        query,
    )
        .prop_map(|(scheme, host, segs, slash, query)| {
            let path = segs.join("/");
            let tail = if slash { "/" } else { "" };
            if scheme.is_empty() {
                format!("/{path}{tail}{query}")
            } else {
                format!("{scheme}{host}/{path}{tail}{query}")
            }
        })
}

fn word() -> impl Strategy<Value = String> {
    let flag = prop_oneof![
        Just("-X"),
        Just("--request"),
        Just("-H"),
        Just("--header"),
        Just("-d"),
        Just("--data"),
        Just("--data-raw"),
        Just("--json"),
        Just("-i"),
        Just("-v"),
        Just("-s"),
        Just("-u"),
        Just("--url"),
        Just("-G"),
        Just("-I"),
        Just("-T"),
        Just("--aws-sigv4"),
        Just("-L"),
        Just("--compressed"),
        Just("-XPOST"),
        Just("-HAuthorization:x"),
        Just("--request=PUT"),
        Just("--"),
        Just("-"),
        Just("--service"),
        Just("--region"),
        Just("-a"),
        Just("--auth"),
    ];
    let value = prop_oneof![
        Just("GET".to_string()),
        Just("post".to_string()),
        Just("Authorization: Bearer x".to_string()),
        Just("x-api-key:k".to_string()),
        Just("{\"a\":1}".to_string()),
        Just("user:pass".to_string()),
        Just("a:=1".to_string()),
        Just("h:v".to_string()),
        url(),
        "[ -~]{0,10}",
    ];
    let quoted = |s: String, q: u8| match q % 6 {
        0 => format!("'{s}'"),
        1 => format!("\"{s}\""),
        2 => format!("'{s}"),
        3 => format!("{s}\\\n"),
        4 => format!("\"{}\"", s.replace('"', "\\\"")),
        _ => s,
    };
    prop_oneof![
        flag.prop_map(str::to_string),
        (value, any::<u8>()).prop_map(move |(v, q)| quoted(v, q)),
    ]
}

fn command_line() -> impl Strategy<Value = String> {
    let tool = prop_oneof![
        Just("curl"),
        Just("awscurl"),
        Just("http"),
        Just("https"),
        Just("xh"),
        Just("GET"),
        Just("DELETE"),
        Just("")
    ];
    (
        tool,
        prop::collection::vec(word(), 0..10),
        prop_oneof![Just(" "), Just("  "), Just("\t"), Just(" \\\n ")],
    )
        .prop_map(|(tool, words, sep)| format!("{tool}{sep}{}", words.join(sep)))
}

proptest! {
    #![proptest_config(Config { cases: CASES, failure_persistence: None, ..Config::default() })]

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn url_shaped_strings_never_panic(u in url()) {
        check(&u);
        check(&format!("POST {u}"));
    }

    #[test]
    fn curl_like_command_lines_never_panic(c in command_line()) {
        check(&c);
    }

    #[test]
    fn random_bytes_decoded_lossily_never_panic(b in prop::collection::vec(any::<u8>(), 0..200)) {
        check(&String::from_utf8_lossy(&b));
    }

    #[test]
    fn requests_built_directly_never_panic(
        method in prop_oneof![Just("GET".to_string()), Just("OPTIONS".to_string()), Just("ANY".to_string()), "[A-Za-z]{0,8}", any::<String>()],
        u in prop_oneof![url(), any::<String>()],
        headers in prop::collection::vec((any::<String>(), any::<String>()), 0..4),
        signed in any::<bool>(),
    ) {
        let mut req = Request::new(&method, &u);
        req.headers = headers;
        req.signed = signed;
        check_request(&req);
    }

    #[test]
    fn redaction_never_panics_and_is_idempotent(s in prop_oneof![any::<String>(), command_line()]) {
        let once = apigw::redact::text_with_known(&s, &["s3cr3t-value"]);
        prop_assert_eq!(apigw::redact::text_with_known(&once, &["s3cr3t-value"]), once.clone());
        prop_assert!(!once.contains("s3cr3t-value"));
    }
}

/// What a person can do to the TUI: any bound command, typed characters, backspace, pastes.
fn user_action() -> impl Strategy<Value = Action> {
    let command = (0..Command::ALL.len()).prop_map(|i| Action::Command(Command::ALL[i]));
    prop_oneof![
        4 => command.prop_filter("quit ends the session", |a| *a != Action::Command(Command::Quit)),
        3 => any::<char>().prop_map(Action::Input),
        1 => Just(Action::Backspace),
        1 => prop_oneof![any::<String>(), command_line(), url()].prop_map(Action::Paste),
    ]
}

/// The demo account loaded, or a live account whose load failed (error panes).
fn start_state(read_only: bool, failed: bool) -> State {
    let source = if failed {
        Source::Live(Default::default())
    } else {
        Source::Demo
    };
    let mut s = State::new(source, read_only);
    for e in apigw::app::load::reload(&mut s) {
        if let Effect::Load { req, .. } = e {
            let result = if failed {
                let e = LoadError::new(LoadErrorKind::Throttled, "GetRestApis: throttled");
                Err(e.with_hint("try again in a moment"))
            } else {
                Ok(Box::new(apigw::demo::inventory()))
            };
            let cached_at = None;
            update(
                &mut s,
                Action::InventoryLoaded {
                    req,
                    result,
                    cached_at,
                },
            );
        }
    }
    s
}

fn draw(state: &State, w: u16, h: u16) {
    let (keymap, theme) = (Keymap::defaults(), Theme::default());
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
}

proptest! {
    #![proptest_config(Config { cases: 300, failure_persistence: None, ..Config::default() })]

    /// Random key sequences on the demo account, drawn at random sizes (down to 0×0)
    /// after every few steps: neither `update` nor any pane panics.
    #[test]
    fn random_key_sequences_never_panic_the_app_or_the_screen(
        actions in prop::collection::vec(user_action(), 0..60),
        sizes in prop::collection::vec((0u16..220, 0u16..70), 1..6),
        read_only in any::<bool>(),
        failed in prop::bool::weighted(0.2),
    ) {
        let mut s = start_state(read_only, failed);
        let every = (actions.len() / sizes.len()).max(1);
        for (i, a) in actions.into_iter().enumerate() {
            update(&mut s, a);
            if i % every == 0 {
                let (w, h) = sizes[(i / every) % sizes.len()];
                draw(&s, w, h);
            }
        }
        for (w, h) in sizes {
            draw(&s, w, h);
        }
    }
}
