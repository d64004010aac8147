//! Redaction of secrets before anything is logged, printed, saved or copied: AWS access key
//! ids (`AKIA…`/`ASIA…`), secret keys and session tokens, `Authorization`, `x-api-key`,
//! `Cookie` and `X-Amz-Security-Token` values, `X-Amz-Signature=` query parameters.
//!
//! Three entry points:
//! - [`headers`] / [`header_value`]: structured `(name, value)` pairs (a typed request).
//! - [`text`]: free text in any of the shapes secrets show up in: `Name: value` lines,
//!   curl `-H 'Name: value'` arguments, JSON (`"Name": "value"`), Rust `Debug` output,
//!   `name=value` assignments and query strings, plus the values of the secrets this
//!   process holds in its environment (`AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, …).
//! - [`Redacting`]: wraps a `tracing_subscriber` writer so every log line is scrubbed.
//!
//! Redaction is idempotent and never changes text without a secret in it.

use std::borrow::Cow;
use std::io::Write;
use std::sync::OnceLock;

use crate::domain::routing::Verdict;

/// What a secret is replaced with.
pub const REDACTED: &str = "<redacted>";

/// Names whose value is a secret: `(name, may be followed by ':')`. All may take `=`.
const NAMES: &[(&str, bool)] = &[
    ("authorization", true),
    ("proxy-authorization", true),
    ("x-api-key", true),
    ("x-amz-security-token", true),
    ("x-amz-signature", true),
    ("cookie", true),
    ("set-cookie", true),
    ("aws_secret_access_key", true),
    ("aws_session_token", true),
    ("aws_security_token", true),
    ("secret_access_key", true),
    ("secretaccesskey", true),
    ("session_token", true),
    ("sessiontoken", true),
    ("apikey", true),
    ("api_key", true),
    // Prose says "signature: …" innocently; only `Signature=…` (SigV4) is a secret.
    ("signature", false),
];

/// Authorization schemes kept in front of the redacted credentials (useful in diagnoses).
const SCHEMES: &[&str] = &[
    "bearer",
    "basic",
    "digest",
    "negotiate",
    "token",
    "apikey",
    "aws4-hmac-sha256",
];

/// Environment variables whose values are secrets.
const SECRET_ENV: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
];

/// Known secret values shorter than this are not scrubbed by value (too many false hits).
const MIN_KNOWN_LEN: usize = 8;

/// True for headers whose value must never be shown (case-insensitive).
pub fn is_sensitive_header(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    NAMES.iter().any(|(k, colon)| *colon && *k == n)
}

/// The value to show for a header: redacted when the header is sensitive. An
/// `Authorization` scheme (`Bearer`, `AWS4-HMAC-SHA256`, …) is kept.
pub fn header_value<'a>(name: &str, value: &'a str) -> Cow<'a, str> {
    if is_sensitive_header(name) && !value.trim().is_empty() {
        Cow::Owned(replacement(value))
    } else {
        Cow::Borrowed(value)
    }
}

/// Headers with sensitive values redacted.
pub fn headers(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.clone(), header_value(n, v).into_owned()))
        .collect()
}

/// Scrubs a verdict before it is printed, shown or copied: the URL as typed (a presigned
/// URL carries `X-Amz-Security-Token` / `X-Amz-Signature`) and every text that may quote
/// the request. The JSON shape is unchanged.
pub fn verdict(v: &mut Verdict) {
    v.url = text(&v.url);
    v.explanation = text(&v.explanation);
    v.message = v.message.as_deref().map(text);
    for s in &mut v.suggestions {
        *s = text(s);
    }
    for p in v.path_params.values_mut() {
        *p = text(p);
    }
}

/// Scrubs every secret this module knows how to find from free text, including the
/// values of secret environment variables of this process.
pub fn text(s: &str) -> String {
    text_with_known(s, env_secrets())
}

/// As [`text`], with an explicit list of known secret values instead of the environment.
pub fn text_with_known<S: AsRef<str>>(s: &str, known: &[S]) -> String {
    let mut out = s.to_string();
    for k in known {
        let k = k.as_ref();
        if k.len() >= MIN_KNOWN_LEN && k != REDACTED {
            out = out.replace(k, REDACTED);
        }
    }
    let out = scrub_named(&out);
    let out = scrub_key_ids(&out);
    scrub_long_tokens(&out)
}

/// For a line printed to a terminal (an error message, a human verdict): secrets redacted
/// ([`text`]) and control characters shown escaped (`\u{1b}`), so echoed input cannot
/// clear the screen, retitle the window or ring the bell. Newlines and tabs stay.
pub fn for_terminal(s: &str) -> String {
    let clean = text(s);
    if !clean.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return clean;
    }
    clean
        .chars()
        .map(|c| match c {
            '\n' | '\t' => c.to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// The secret values in this process's environment (read once).
pub fn env_secrets() -> &'static [String] {
    static SECRETS: OnceLock<Vec<String>> = OnceLock::new();
    SECRETS.get_or_init(|| {
        SECRET_ENV
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .map(|v| v.trim().to_string())
            .filter(|v| v.len() >= MIN_KNOWN_LEN)
            .collect()
    })
}

/// A value's replacement: the scheme word (if any) kept, the rest redacted.
fn replacement(value: &str) -> String {
    let v = value.trim_start();
    if let Some((scheme, rest)) = v.split_once(' ') {
        if SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) && !rest.trim().is_empty() {
            return format!("{scheme} {REDACTED}");
        }
    }
    REDACTED.to_string()
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn is_quote(b: u8) -> bool {
    b == b'"' || b == b'\''
}

/// True when `i` follows an escape sequence such as `\n` in JSON or `Debug` text: a word
/// starts there although the byte before it is a letter.
fn after_escape(b: &[u8], i: usize) -> bool {
    i >= 2 && b[i - 2] == b'\\' && matches!(b[i - 1], b'n' | b'r' | b't')
}

/// A word boundary before `i`.
fn starts_word(b: &[u8], i: usize, word: fn(u8) -> bool) -> bool {
    i == 0 || !word(b[i - 1]) || after_escape(b, i)
}

/// The sensitive name starting at `i` (with word boundaries on both sides).
fn name_at(lower: &[u8], i: usize) -> Option<(usize, bool)> {
    if !starts_word(lower, i, is_word) {
        return None;
    }
    NAMES.iter().find_map(|(n, colon)| {
        let end = i + n.len();
        let hit =
            lower[i..].starts_with(n.as_bytes()) && lower.get(end).is_none_or(|b| !is_word(*b));
        hit.then_some((n.len(), *colon))
    })
}

/// Skips spaces and tabs.
fn skip_ws(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    j
}

/// A quote at `j`, possibly escaped (`\"`): (quote, bytes it takes).
fn quote_at(b: &[u8], j: usize) -> Option<(u8, usize)> {
    match (b.get(j), b.get(j + 1)) {
        (Some(q), _) if is_quote(*q) => Some((*q, 1)),
        (Some(b'\\'), Some(q)) if is_quote(*q) => Some((*q, 2)),
        _ => None,
    }
}

/// Where the value after the name `[start, end)` lies, if there is one to redact.
fn value_span(b: &[u8], start: usize, end: usize, colon_ok: bool) -> Option<(usize, usize)> {
    let opener = (start > 0 && is_quote(b[start - 1])).then(|| b[start - 1]);
    let mut j = end;
    let mut name_quoted = false;
    if let Some((q, n)) = quote_at(b, j) {
        if Some(q) == opener {
            j += n;
            name_quoted = true;
        }
    }
    j = skip_ws(b, j);
    let sep = *b.get(j)?;
    let ok = sep == b'=' || (sep == b':' && colon_ok) || (sep == b',' && name_quoted);
    if !ok {
        return None;
    }
    j = skip_ws(b, j + 1);
    if b[j..].starts_with(b"Some(") {
        j += 5;
    }
    if let Some((q, n)) = quote_at(b, j) {
        let from = j + n;
        let mut k = from;
        while k < b.len() && b[k] != b'\n' && b[k] != b'\r' {
            let escaped = k > from && b[k - 1] == b'\\';
            if b[k] == q && escaped == (n == 2) {
                break;
            }
            k += 1;
        }
        let to = if n == 2 && k > from { k - 1 } else { k };
        return (to > from).then_some((from, to));
    }
    if sep == b',' || structured(&b[j..]) {
        return None;
    }
    let stop = |c: u8| c == b'\n' || c == b'\r' || is_quote(c) || c == b'\\' || Some(c) == opener;
    let mut k = j;
    if sep == b'=' {
        let token_end = |mut k: usize| {
            while k < b.len() && !stop(b[k]) && !b" \t&;,".contains(&b[k]) {
                k += 1;
            }
            k
        };
        k = token_end(k);
        let word = String::from_utf8_lossy(&b[j..k]).to_ascii_lowercase();
        if SCHEMES.contains(&word.as_str()) && b.get(k) == Some(&b' ') {
            k = token_end(k + 1);
        }
    } else {
        while k < b.len() && !stop(b[k]) {
            k += 1;
        }
    }
    while k > j && (b[k - 1] == b' ' || b[k - 1] == b'\t') {
        k -= 1;
    }
    (k > j).then_some((j, k))
}

/// JSON/Debug structure or a literal after `name:` is not a secret value.
fn structured(rest: &[u8]) -> bool {
    let word_is = |w: &[u8]| rest.starts_with(w) && rest.get(w.len()).is_none_or(|c| !is_word(*c));
    matches!(rest.first(), None | Some(b'{' | b'[' | b'(' | b'<'))
        || [&b"null"[..], b"true", b"false", b"None"]
            .iter()
            .any(|w| word_is(w))
}

/// `name: value`, `"name": "value"`, `name=value`, `("name", "value")` …
fn scrub_named(s: &str) -> String {
    let b = s.as_bytes();
    let lower = s.to_ascii_lowercase();
    let lower = lower.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if let Some((len, colon)) = name_at(lower, i) {
            if let Some((from, to)) = value_span(b, i, i + len, colon) {
                out.push_str(&s[copied..from]);
                out.push_str(&replacement(&s[from..to]));
                copied = to;
                i = to;
                continue;
            }
            i += len;
            continue;
        }
        i += 1;
    }
    out.push_str(&s[copied..]);
    out
}

/// `AKIA`/`ASIA` + 16 upper-case letters or digits, as a whole word.
fn scrub_key_ids(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut i, mut copied) = (0, 0);
    while i + 20 <= b.len() {
        let prefix = &b[i..i + 4];
        let hit = (prefix == b"AKIA" || prefix == b"ASIA")
            && starts_word(b, i, |c| c.is_ascii_alphanumeric())
            && b[i + 4..i + 20]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && b.get(i + 20).is_none_or(|c| !c.is_ascii_alphanumeric());
        if hit {
            out.push_str(&s[copied..i + 4]);
            out.push_str(REDACTED);
            copied = i + 20;
            i += 20;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[copied..]);
    out
}

/// Base64 runs that look like a secret access key (exactly 40) or a session token (100+),
/// with upper- and lower-case letters and digits (so hex hashes and words stay).
fn scrub_long_tokens(s: &str) -> String {
    let b = s.as_bytes();
    let in_run = |c: u8| c.is_ascii_alphanumeric() || c == b'/' || c == b'+';
    let mut out = String::with_capacity(s.len());
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if !in_run(b[i]) {
            i += 1;
            continue;
        }
        let start = if after_escape(b, i + 1) { i + 1 } else { i };
        while i < b.len() && in_run(b[i]) {
            i += 1;
        }
        let core = i - start;
        while i < b.len() && b[i] == b'=' && i - start < core + 2 {
            i += 1;
        }
        let run = &b[start..start + core];
        let mixed = run.iter().any(u8::is_ascii_uppercase)
            && run.iter().any(u8::is_ascii_lowercase)
            && run.iter().any(u8::is_ascii_digit);
        let shaped = (core == 40 && i == start + core) || core >= 100;
        if mixed && shaped {
            out.push_str(&s[copied..start]);
            out.push_str(REDACTED);
            copied = i;
        }
    }
    out.push_str(&s[copied..]);
    out
}

/// Wraps a `tracing_subscriber` writer (e.g. `Mutex<File>`) so every line written is
/// passed through [`text`] first: `.with_writer(Redacting(Mutex::new(file)))`.
#[derive(Debug)]
pub struct Redacting<M>(pub M);

/// The writer [`Redacting`] hands out.
#[derive(Debug)]
pub struct RedactingWriter<W>(W);

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let clean = text(&String::from_utf8_lossy(buf));
        self.0.write_all(clean.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl<'a, M> tracing_subscriber::fmt::MakeWriter<'a> for Redacting<M>
where
    M: tracing_subscriber::fmt::MakeWriter<'a>,
{
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter(self.0.make_writer())
    }
}

#[cfg(test)]
#[path = "redact_tests.rs"]
mod tests;
