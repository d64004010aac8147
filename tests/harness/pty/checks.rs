//! What the pty tests check in what the program wrote (see [`super::Pty::raw`]).

pub const ENTER_ALT: &str = "\x1b[?1049h";
pub const LEAVE_ALT: &str = "\x1b[?1049l";
pub const SHOW_CURSOR: &str = "\x1b[?25h";

/// The terminal was set up, then restored (alternate screen left, cursor shown after the
/// last time it was entered), and the pty is back in canonical mode with echo. Returns the
/// program's exit status.
pub fn assert_restored(raw: &str) -> i32 {
    let entered = raw
        .rfind(ENTER_ALT)
        .unwrap_or_else(|| panic!("the TUI never entered the alternate screen: {raw:?}"));
    let after = &raw[entered..];
    assert!(
        after.contains(LEAVE_ALT),
        "alternate screen not left: {:?}",
        tail(raw)
    );
    assert!(
        after.contains(SHOW_CURSOR),
        "cursor not shown again: {:?}",
        tail(raw)
    );
    let exit = raw
        .rfind("EXIT=")
        .unwrap_or_else(|| panic!("no exit status recorded: {:?}", tail(raw)));
    let stty: Vec<&str> = raw[exit..].split_whitespace().collect();
    assert!(
        stty.contains(&"icanon") && stty.contains(&"echo"),
        "pty left in raw mode: {stty:?}"
    );
    raw[exit + 5..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .parse()
        .unwrap_or(-1)
}

/// The last 600 characters.
pub fn tail(s: &str) -> String {
    let skip = s.chars().count().saturating_sub(600);
    s.chars().skip(skip).collect()
}

pub fn assert_no_panic(raw: &str) {
    assert!(!raw.contains("panicked"), "apigw panicked: {:?}", tail(raw));
}
