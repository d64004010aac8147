//! Hints are rendered with the keys of the live keymap, and dialogs fit very wide
//! terminals.

use super::*;

/// Deploy on ctrl-d, refresh on F5, leave (while typing) on F10.
fn remapped() -> Keymap {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("keys.toml");
    std::fs::write(
        &file,
        "[normal]\ndeploy = [\"ctrl-d\"]\nrefresh = [\"f5\"]\n[input]\nback = [\"f10\"]\n",
    )
    .expect("write keymap");
    Keymap::load(Some(&file)).expect("valid keymap")
}

#[test]
fn a_hint_shows_the_key_the_user_bound_not_the_default() {
    let km = remapped();
    let mut s = demo();
    typed_not_deployed(&mut s);
    let typing = text_of(&screen_with(&s, 120, 40, &km));
    assert!(typing.contains("→ F10, then C-d deploys prod"), "{typing}");
    assert!(!typing.contains("Esc, then D deploys"), "{typing}");
    update(&mut s, Action::Command(Command::Back));
    let browsing = text_of(&screen_with(&s, 120, 40, &km));
    assert!(browsing.contains("→ C-d deploys prod"), "{browsing}");
    focus(&mut s, Pane::Stages);
    let stage = text_of(&screen_with(&s, 160, 40, &km));
    assert!(
        stage.contains("● stale: 1 change(s) not live yet — C-d deploys prod"),
        "{stage}"
    );
    let failed = text_of(&screen_with(&failed(), 120, 40, &km));
    assert!(failed.contains("press F5 to retry"), "{failed}");
    assert!(!failed.contains("press r to retry"), "{failed}");
}

#[test]
fn a_failed_load_message_names_the_retry_key() {
    let (mut s, req) = crate::app_builder::live_started(prod_eu(), false);
    crate::app_builder::live_parts(&mut s, req, &apigw::demo::inventory());
    crate::app_builder::load_finished(&mut s, req, 2);
    let m = s.message().cloned().expect("a message");
    assert!(m.error && m.hint == Some(apigw::app::Hint::Retry), "{m:?}");
    let line = text_of(&pane(&s, 120, 1, ui::status::draw));
    assert!(
        line.contains("2 part(s) failed to load: shown inline; press r to retry"),
        "{line}"
    );
    let keymap = remapped();
    let theme = Theme::default();
    let mut t = Terminal::new(TestBackend::new(120, 1)).expect("test terminal");
    t.draw(|f| {
        let cx = Ctx {
            state: &s,
            keymap: &keymap,
            theme: &theme,
        };
        ui::status::draw(f, f.area(), &cx);
    })
    .expect("draw");
    assert!(text_of(&t).contains("press F5 to retry"), "{}", text_of(&t));
}

#[test]
fn a_dialog_on_an_800_column_terminal_is_centred_not_a_panic() {
    let mut s = demo();
    update(&mut s, Action::Command(Command::Deploy));
    let t = screen(&s, 800, 30);
    let text = text_of(&t);
    assert!(
        text.contains("Deploy orders-api → prod"),
        "the dialog is drawn"
    );
    // 90% of 800 columns, centred: the box spans columns 40..760.
    let buf = t.backend().buffer();
    let top = (0..30)
        .find(|&y| buf[(40, y)].symbol() == "╭" && buf[(759, y)].symbol() == "╮")
        .expect("a dialog border from column 40 to 759");
    assert!(
        (41..759).all(|x| buf[(x, top)].symbol() != "╮"),
        "one box, 720 columns wide"
    );
}
