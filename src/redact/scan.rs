//! The scanners behind [`super::text`]: names followed by values, URL userinfo, curl
//! `-u`, access key ids and key-shaped tokens. Byte-level, cutting only at ASCII bytes, so
//! every slice stays on a char boundary.

use super::REDACTED;

/// Names whose value is a secret: `(name, may be followed by ':')`. All may take `=`.
pub(super) const NAMES: &[(&str, bool)] = &[
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

/// A value's replacement: the scheme word (if any) kept, the rest redacted.
pub(super) fn replacement(value: &str) -> String {
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
    // Only names starting with this word's first byte are compared (the same result, a
    // fraction of the time on long texts such as verdict explanations).
    let first = lower[i];
    NAMES.iter().find_map(|(n, colon)| {
        let end = i + n.len();
        let hit = n.as_bytes().first() == Some(&first)
            && lower[i..].starts_with(n.as_bytes())
            && lower.get(end).is_none_or(|b| !is_word(*b));
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
pub(super) fn scrub_named(s: &str) -> String {
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

/// `scheme://user:password@host` → `scheme://<redacted>@host`.
pub(super) fn scrub_userinfo(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("://") {
        let (head, tail) = rest.split_at(at + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| {
                c == '/' || c == '?' || c == '#' || c.is_whitespace() || c == '"' || c == '\''
            })
            .unwrap_or(tail.len());
        match tail[..end].rfind('@') {
            Some(a) if tail[..a].contains(':') && &tail[..a] != REDACTED => {
                out.push_str(REDACTED);
                rest = &tail[a..];
            }
            _ => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

/// curl's `-u user:password` / `--user user:password` / `--user=user:password`.
pub(super) fn scrub_curl_user(s: &str) -> String {
    // Every form starts with ` -`: most texts have none, and need no search for each.
    if !s.contains(" -") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        let hit = [" -u ", " --user ", " --user="]
            .iter()
            .filter_map(|f| rest.find(f).map(|i| (i, f.len())))
            .min();
        let Some((i, len)) = hit else { break };
        let (head, tail) = rest.split_at(i + len);
        out.push_str(head);
        let quote = tail.chars().next().filter(|c| *c == '\'' || *c == '"');
        let body = &tail[quote.map_or(0, char::len_utf8)..];
        let end = body
            .find(|c: char| Some(c) == quote || (quote.is_none() && c.is_whitespace()))
            .unwrap_or(body.len());
        if end == 0 || &body[..end] == REDACTED {
            rest = tail;
            continue;
        }
        if let Some(q) = quote {
            out.push(q);
        }
        out.push_str(REDACTED);
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

/// `AKIA`/`ASIA` + 16 upper-case letters or digits, as a whole word.
pub(super) fn scrub_key_ids(s: &str) -> String {
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
pub(super) fn scrub_long_tokens(s: &str) -> String {
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
        // The length first: most runs are short words, not worth scanning three times.
        let shaped = (core == 40 && i == start + core) || core >= 100;
        let mixed = || {
            run.iter().any(u8::is_ascii_uppercase)
                && run.iter().any(u8::is_ascii_lowercase)
                && run.iter().any(u8::is_ascii_digit)
        };
        if shaped && mixed() {
            out.push_str(&s[copied..start]);
            out.push_str(REDACTED);
            copied = i;
        }
    }
    out.push_str(&s[copied..]);
    out
}
