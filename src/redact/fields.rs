//! `value` fields in logged SDK data. At `APIGW_LOG=trace` the AWS SDK logs every response
//! body and every deserialised output; for `GetApiKeys?includeValues=true` and
//! `GetUsagePlanKeys` those hold API key values: `value: Some("…")` (Rust `Debug`) and
//! `"value": "…"` (JSON, also with its quotes escaped inside a logged body). The log
//! writer blanks every such value. Byte-level, cutting only at ASCII bytes.

use super::REDACTED;

/// The value's opening quote after `value` at `at` (its key quote, `:`, spaces and an
/// optional `Some(` skipped): (index after the quote, the quote as written).
fn opening(s: &str, at: usize) -> Option<(usize, &'static str)> {
    let b = s.as_bytes();
    let mut i = at + "value".len();
    for q in ["\\\"", "\""] {
        if s[i..].starts_with(q) {
            i += q.len();
            break;
        }
    }
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    if b.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    if s[i..].starts_with("Some(") {
        i += "Some(".len();
    }
    for q in ["\\\"", "\""] {
        if s[i..].starts_with(q) {
            return Some((i + q.len(), q));
        }
    }
    None
}

/// True when the byte before `at` cannot continue an identifier (`value`, not `xvalue`).
fn starts_word(s: &str, at: usize) -> bool {
    at == 0 || !s.as_bytes()[at - 1].is_ascii_alphanumeric() && s.as_bytes()[at - 1] != b'_'
}

/// Every `value` field's text replaced with `<redacted>`.
pub(super) fn scrub_value_fields(s: &str) -> String {
    if !s.contains("value") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut from = 0;
    while let Some(rel) = s[from..].find("value") {
        let at = from + rel;
        let Some((start, quote)) = opening(s, at).filter(|_| starts_word(s, at)) else {
            out.push_str(&s[from..at + "value".len()]);
            from = at + "value".len();
            continue;
        };
        let end = closing(s, start, quote);
        out.push_str(&s[from..start]);
        if end > start && &s[start..end] != REDACTED {
            out.push_str(REDACTED);
        } else {
            out.push_str(&s[start..end]);
        }
        from = end;
    }
    out.push_str(&s[from..]);
    out
}

/// Where the value ends: the next unescaped `"` (or the next `\"` for an escaped quote).
fn closing(s: &str, start: usize, quote: &str) -> usize {
    let b = s.as_bytes();
    let mut i = start;
    while i < b.len() {
        if quote == "\\\"" && s[i..].starts_with("\\\"") {
            return i;
        }
        if quote == "\"" && b[i] == b'"' {
            return i;
        }
        if quote == "\"" && b[i] == b'\\' {
            i += 2;
            continue;
        }
        i += 1;
    }
    b.len().min(s.len())
}

#[cfg(test)]
mod tests {
    use super::scrub_value_fields as scrub;

    #[test]
    fn key_values_in_debug_and_json_are_blanked() {
        assert_eq!(
            scrub(r#"ApiKey { id: Some("k1"), value: Some("SECRET1"), name: Some("n") }"#),
            r#"ApiKey { id: Some("k1"), value: Some("<redacted>"), name: Some("n") }"#
        );
        assert_eq!(
            scrub(r#"{"id": "k1", "value": "SECRET2", "enabled": true}"#),
            r#"{"id": "k1", "value": "<redacted>", "enabled": true}"#
        );
        assert_eq!(
            scrub(r#"body: b"{\"id\": \"k1\", \"value\": \"SECRET3\", \"name\": \"x\"}""#),
            r#"body: b"{\"id\": \"k1\", \"value\": \"<redacted>\", \"name\": \"x\"}""#
        );
    }

    #[test]
    fn other_text_is_left_alone() {
        for s in [
            "op=replace,path=/enabled,value=true",
            "the value is fine",
            "keyvalue: \"x\"",
            "value: None",
            "",
            "value",
            "value: Some(\"",
        ] {
            let once = scrub(s);
            assert_eq!(scrub(&once), once, "idempotent: {s}");
            if !s.contains("Some(\"") {
                assert_eq!(once, s);
            }
        }
    }
}
