//! Unit tests of src/redact.rs (kept apart so the module stays short).

use super::*;

const NONE: &[&str] = &[];

fn t(s: &str) -> String {
    text_with_known(s, NONE)
}

#[test]
fn header_lines_keep_the_scheme_and_hide_the_credentials() {
    assert_eq!(
        t("Authorization: Bearer eyJhbGciOi.x.y"),
        "Authorization: Bearer <redacted>"
    );
    assert_eq!(
        t("authorization:Basic dXNlcjpwYXNz"),
        "authorization:Basic <redacted>"
    );
    assert_eq!(t("x-api-key: k3yV4lu3"), "x-api-key: <redacted>");
    assert_eq!(
        t("X-Api-Key: abc\nAccept: */*"),
        "X-Api-Key: <redacted>\nAccept: */*"
    );
    assert_eq!(
        t("X-Amz-Security-Token: FQoGZXIvYXdz"),
        "X-Amz-Security-Token: <redacted>"
    );
    assert_eq!(t("Cookie: session=abc; other=1"), "Cookie: <redacted>");
}

#[test]
fn curl_arguments_in_both_quote_styles() {
    let cmd =
        "curl -X POST -H 'Authorization: Bearer SECRETabc' -H \"x-api-key: SECRETdef\" https://h/p";
    assert_eq!(
        t(cmd),
        "curl -X POST -H 'Authorization: Bearer <redacted>' -H \"x-api-key: <redacted>\" https://h/p"
    );
    assert_eq!(
        t("--header=x-api-key:SECRETq"),
        "--header=x-api-key:<redacted>"
    );
}

#[test]
fn json_and_debug_shapes() {
    assert_eq!(
        t(r#"{"Authorization": "Bearer SECRETx", "Accept": "a"}"#),
        r#"{"Authorization": "Bearer <redacted>", "Accept": "a"}"#
    );
    assert_eq!(
        t(r#"{"SecretAccessKey":"wJalr","SessionToken":"IQoJb","AccessKeyId":"x"}"#),
        r#"{"SecretAccessKey":"<redacted>","SessionToken":"<redacted>","AccessKeyId":"x"}"#
    );
    assert_eq!(
        t(r#"headers: [("x-api-key", "SECRETk"), ("accept", "*/*")]"#),
        r#"headers: [("x-api-key", "<redacted>"), ("accept", "*/*")]"#
    );
    assert_eq!(
        t(r#"authorization: Some("Bearer SECRETz")"#),
        r#"authorization: Some("Bearer <redacted>")"#
    );
    // JSON escaped inside a string (a logged request body).
    assert_eq!(
        t(r#"body="{\"x-api-key\": \"SECRETe\"}""#),
        r#"body="{\"x-api-key\": \"<redacted>\"}""#
    );
    // An escaped quote inside the value does not end it early.
    assert_eq!(
        t(r#"{"x-api-key": "ab\"cd"}"#),
        r#"{"x-api-key": "<redacted>"}"#
    );
}

#[test]
fn structure_and_literals_after_the_name_are_not_values() {
    for s in [
        r#"{"authorization": {"type": "AWS_IAM", "authorizer": null}}"#,
        r#"{"authorization": null, "api_key_required": false}"#,
        "authorization: None",
        "The method needs an Authorization header and an x-api-key header.",
        "the SigV4 signature: sign the request with awscurl",
    ] {
        assert_eq!(t(s), s);
    }
}

#[test]
fn assignments_query_strings_and_env_lines() {
    assert_eq!(
        t("https://h/p?X-Amz-Credential=a%2Fb&X-Amz-Security-Token=IQoJ%2Bx&X-Amz-Signature=9f8e7d&x=1"),
        "https://h/p?X-Amz-Credential=a%2Fb&X-Amz-Security-Token=<redacted>&X-Amz-Signature=<redacted>&x=1"
    );
    assert_eq!(
        t("AWS_SECRET_ACCESS_KEY=abc123 AWS_SESSION_TOKEN=\"tok\" make"),
        "AWS_SECRET_ACCESS_KEY=<redacted> AWS_SESSION_TOKEN=\"<redacted>\" make"
    );
    assert_eq!(
        t("aws_secret_access_key = wJalrXUtn\nregion = eu-west-1"),
        "aws_secret_access_key = <redacted>\nregion = eu-west-1"
    );
    assert_eq!(
        t("authorization=Bearer SECRET1 next=2"),
        "authorization=Bearer <redacted> next=2"
    );
    assert_eq!(
        t("Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261123/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=abcd"),
        "Authorization: AWS4-HMAC-SHA256 <redacted>"
    );
    assert_eq!(t("Signature=abcdef, x"), "Signature=<redacted>, x");
}

#[test]
fn access_key_ids_and_key_shaped_tokens() {
    assert_eq!(
        t("key AKIAIOSFODNN7EXAMPLE used"),
        "key AKIA<redacted> used"
    );
    assert_eq!(t("ASIAY34FZKBOKMUTVV7A,"), "ASIA<redacted>,");
    // Not a whole word, or too short: untouched.
    assert_eq!(t("XAKIAIOSFODNN7EXAMPLE"), "XAKIAIOSFODNN7EXAMPLE");
    assert_eq!(t("AKIA123"), "AKIA123");
    assert_eq!(
        t("secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY end"),
        "secret <redacted> end"
    );
    let token = "IQoJb3JpZ2luX2VjEJr".repeat(8);
    assert_eq!(t(&format!("tok={token}==;")), "tok=<redacted>;");
    // A hex hash, an ARN and ordinary ids stay.
    for s in [
        "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef",
        "arn:aws:lambda:eu-west-1:123456789012:function:OrdersHandler",
        "api a1b2c3d4e5 stage prod /orders/{orderId}",
    ] {
        assert_eq!(t(s), s);
    }
}

#[test]
fn known_values_are_scrubbed_anywhere() {
    let known = ["s3cr3t-VALUE-1", "short"];
    assert_eq!(
        text_with_known("x=s3cr3t-VALUE-1;y=short", &known),
        "x=<redacted>;y=short"
    );
}

#[test]
fn structured_headers() {
    let h = vec![
        ("Authorization".to_string(), "Bearer abc".to_string()),
        ("X-API-Key".to_string(), "k".to_string()),
        ("Accept".to_string(), "*/*".to_string()),
    ];
    let r = headers(&h);
    assert_eq!(r[0].1, "Bearer <redacted>");
    assert_eq!(r[1].1, "<redacted>");
    assert_eq!(r[2].1, "*/*");
    assert!(is_sensitive_header(" x-amz-security-token "));
    assert!(!is_sensitive_header("signature"));
    assert_eq!(header_value("authorization", ""), "");
}

#[test]
fn idempotent_and_total_on_awkward_text() {
    let samples = [
        "Authorization: Bearer x\nx-api-key: y",
        "authorization=Bearer",
        "x-api-key:",
        "x-api-key: \"",
        "'Authorization",
        "\"x-api-key\\",
        "Authorization: Bearer \u{e9}\u{1F600} caf\u{e9}",
        "AKIA\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}",
        "",
    ];
    for s in samples {
        let once = t(s);
        assert_eq!(t(&once), once, "not idempotent on {s:?}");
    }
}

#[test]
fn the_log_writer_scrubs_each_line() {
    let mut w = RedactingWriter(Vec::new());
    let line = b"DEBUG request headers=[(\"x-api-key\", \"SECRETw\")]\n";
    w.write_all(line).unwrap();
    let out = String::from_utf8(w.0).unwrap();
    assert!(!out.contains("SECRETw"), "{out}");
    assert!(out.ends_with("\"<redacted>\")]\n"));
}

#[test]
fn what_the_sdk_logs_at_trace_level_is_scrubbed() {
    // Seen in a trace log of an emulator session (tests/secrets.rs): the SDK's Debug of the
    // identity, and an AWS signature error echoing the canonical request (JSON-escaped).
    let identity = r#"Identity { data: Credentials { provider_name: "EnvironmentVariable", access_key_id: "AKIAZZSECRETZZ000001", secret_access_key: "** redacted **" } }"#;
    assert!(!t(identity).contains("AKIAZZSECRETZZ000001"));
    let echoed = r#"message: Some("…host:127.0.0.1:46391\\nx-amz-date:20261123T203847Z\\nx-amz-security-token:SessionTokenValue-DoNotLeak-0003\\n\\nhost;x-amz-date;x-amz-security-token\\n' (Authorization: AWS4-HMAC-SHA256 Credential=AKIAZZSECRETZZ000001/20261123/us-east-1/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd)")"#;
    let clean = t(echoed);
    for secret in [
        "SessionTokenValue-DoNotLeak-0003",
        "AKIAZZSECRETZZ000001",
        "0123abcd",
    ] {
        assert!(!clean.contains(secret), "{secret} in {clean}");
    }
    assert!(
        clean.contains("x-amz-date:20261123T203847Z"),
        "the rest stays: {clean}"
    );
}

#[test]
fn a_verdict_for_a_presigned_url_is_scrubbed() {
    use crate::domain::routing::{evaluate, MatchContext, Request};
    let url = "https://api.example.com/v1/orders/42?X-Amz-Security-Token=IQoJtok&X-Amz-Signature=f00d&x=1";
    let inv = crate::demo::inventory();
    let mut v = evaluate(&inv, &Request::new("GET", url), &MatchContext::default());
    v.explanation.push_str(" (Authorization: Bearer abc)");
    v.suggestions
        .push(format!("curl -H 'x-api-key: k3y' '{url}'"));
    verdict(&mut v);
    let json = serde_json::to_string(&v).unwrap();
    for secret in ["IQoJtok", "f00d", "Bearer abc", "k3y"] {
        assert!(!json.contains(secret), "{secret} in {json}");
    }
    assert!(
        v.url.starts_with("https://api.example.com/v1/orders/42?"),
        "{}",
        v.url
    );
}

#[test]
fn terminal_lines_escape_control_characters_and_redact() {
    let line = "bad header `x\u{1b}[2J\u{1b}]0;t\u{7}` x-api-key: k3y\n\tnext";
    let out = for_terminal(line);
    assert_eq!(
        out,
        "bad header `x\\u{1b}[2J\\u{1b}]0;t\\u{7}` x-api-key: <redacted>\n\tnext"
    );
    assert_eq!(for_terminal("plain é"), "plain é");
}

#[test]
fn url_userinfo_and_curl_user_are_scrubbed() {
    assert_eq!(
        t("via http://bob:hunter2@127.0.0.1:4566/x"),
        "via http://<redacted>@127.0.0.1:4566/x"
    );
    assert_eq!(
        t("https://api.example.com/a@b"),
        "https://api.example.com/a@b"
    );
    assert_eq!(t("mailto user@example.com"), "mailto user@example.com");
    assert_eq!(
        t("curl -u bob:hunter2 https://h/p"),
        "curl -u <redacted> https://h/p"
    );
    assert_eq!(
        t("curl --user 'bob:hunter 2' -X GET"),
        "curl --user '<redacted>' -X GET"
    );
    assert_eq!(t("curl --user=bob:pw url"), "curl --user=<redacted> url");
    let once = t("curl -u bob:pw http://a:b@h/");
    assert_eq!(t(&once), once);
}
