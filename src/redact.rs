//! Redaction of secrets before anything is logged, printed, saved or copied: AWS access key
//! ids (`AKIA…`/`ASIA…`), secret keys and session tokens, `Authorization`, `x-api-key`,
//! `Cookie` and `X-Amz-Security-Token` values, `X-Amz-Signature=` query parameters.
//!
//! Entry points:
//! - [`headers`] / [`header_value`]: structured `(name, value)` pairs (a typed request).
//! - [`text`]: free text in any of the shapes secrets show up in: `Name: value` lines,
//!   curl `-H 'Name: value'` and `-u user:pw` arguments, JSON (`"Name": "value"`), Rust
//!   `Debug` output, `name=value` assignments and query strings, `scheme://user:pw@host`,
//!   plus the values of the secrets this process holds in its environment
//!   (`AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, …). Scanners: redact/scan.rs.
//! - [`verdict`]: a match verdict before it is printed, shown or copied.
//! - [`for_terminal`]: [`text`] plus escaped control characters, for one-line errors.
//! - [`Redacting`]: wraps a `tracing_subscriber` writer so every log line is scrubbed
//!   (and `value` fields of logged SDK data blanked: API key values, redact/fields.rs).
//!
//! Redaction is idempotent and never changes text without a secret in it.

use std::borrow::Cow;
use std::io::Write;
use std::sync::OnceLock;

use crate::domain::routing::Verdict;

mod fields;
mod scan;

use scan::{
    replacement, scrub_curl_user, scrub_key_ids, scrub_long_tokens, scrub_named, scrub_userinfo,
    NAMES,
};

/// What a secret is replaced with.
pub const REDACTED: &str = "<redacted>";

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
    let out = scrub_userinfo(&out);
    let out = scrub_curl_user(&out);
    let out = scrub_key_ids(&out);
    scrub_long_tokens(&out)
}

/// For a line printed to a terminal (an error message, a human verdict): secrets redacted
/// ([`text`]) and control characters shown escaped (`\u{1b}`), so echoed input cannot
/// clear the screen, retitle the window or ring the bell. Newlines and tabs stay.
pub fn for_terminal(s: &str) -> String {
    let clean = text(s);
    if !clean
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
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

/// Wraps a `tracing_subscriber` writer (e.g. `Mutex<File>`) so every line written is
/// passed through [`text`] first: `.with_writer(Redacting(Mutex::new(file)))`.
#[derive(Debug)]
pub struct Redacting<M>(pub M);

/// The writer [`Redacting`] hands out.
#[derive(Debug)]
pub struct RedactingWriter<W>(W);

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // SDK traces hold API key values in `value` fields (GetApiKeys, GetUsagePlanKeys).
        let clean = text(&fields::scrub_value_fields(&String::from_utf8_lossy(buf)));
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
