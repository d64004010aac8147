//! `match --stdin --json` on garbage lines: one result per non-blank line, in order, each
//! of the right kind.

use super::{apigw, assert_no_crash, text};

#[test]
fn match_stdin_survives_garbage_lines() {
    let home = tempfile::tempdir().unwrap();
    let mut input: Vec<u8> = Vec::new();
    let lines: Vec<Vec<u8>> = vec![
        b"GET https://api.example.com/v1/orders/42".to_vec(),
        b"".to_vec(),
        b"::::".to_vec(),
        b"\xff\xfe\xfd /prod/\x80".to_vec(),
        b"POST /prod/%zz".to_vec(),
        b"GET a b c d".to_vec(),
        b"\x00\x01\x1b[2J".to_vec(),
        b"\t\t".to_vec(),
        vec![b'x'; 1 << 20],
        b"DELETE https://api.example.com/v1/orders/42\r".to_vec(),
    ];
    for l in &lines {
        input.extend_from_slice(l);
        input.push(b'\n');
    }
    input.extend_from_slice(b"GET /no/newline/at/end");
    let out = apigw(home.path())
        .args(["--demo", "match", "--stdin", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_no_crash("stdin", &out);
    // `GET a b c d` cannot be a request: the contract says exit 2, an "error" object.
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let objs: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:.200}")))
        .collect();
    // One result per non-blank line, in input order: a verdict for what parses as
    // `[METHOD] URL` (even an odd URL), an error naming the line (1-based) for the rest.
    let huge = "x".repeat(1 << 20);
    let expected = [
        Line::Verdict("GET", "https://api.example.com/v1/orders/42"),
        Line::Verdict("GET", "::::"),
        Line::Error(4),
        Line::Verdict("POST", "/prod/%zz"),
        Line::Error(6),
        Line::Verdict("GET", "\u{0}\u{1}\u{1b}[2J"),
        Line::Verdict("GET", &huge),
        Line::Verdict("DELETE", "https://api.example.com/v1/orders/42"),
        Line::Verdict("GET", "/no/newline/at/end"),
    ];
    let got: Vec<String> = objs.iter().map(Line::describe).collect();
    assert_eq!(
        got.len(),
        expected.len(),
        "one result per non-blank line: {got:#?}"
    );
    for (i, (o, want)) in objs.iter().zip(&expected).enumerate() {
        assert!(want.is(o), "result {i}: expected {want:?}, got {}", got[i]);
    }
}

/// What one input line of `match --stdin --json` must yield.
#[derive(Debug)]
enum Line<'a> {
    /// A verdict for this method and URL.
    Verdict(&'a str, &'a str),
    /// An error object for this line number.
    Error(u64),
}

impl Line<'_> {
    fn is(&self, o: &serde_json::Value) -> bool {
        match self {
            Line::Verdict(method, url) => {
                o["reason"].is_string() && o["method"] == *method && o["url"] == *url
            }
            Line::Error(line) => o["error"].is_string() && o["line"] == *line,
        }
    }

    /// A short form of a result for failure messages.
    fn describe(o: &serde_json::Value) -> String {
        let short = |k: &str| format!("{:.80}", o[k].to_string());
        if o.get("error").is_some() {
            format!("error line {} {}", o["line"], short("error"))
        } else {
            format!("verdict {} {} {}", o["method"], short("url"), o["reason"])
        }
    }
}
