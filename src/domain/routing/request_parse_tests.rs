use super::*;

proptest::proptest! {
    #[test]
    fn the_simple_path_answers_as_the_general_one(
        s in "[ \t]{0,2}((GET|get|PoSt|DELETE|curl|http|xh|ANY|FOO)[ \t]{1,2})?[a-zA-Z0-9:/.?=&%'\"\\\\ -]{0,30}[ \t\r\n]{0,2}"
    ) {
        if let Some(fast) = simple(&s) {
            proptest::prop_assert_eq!(Ok(fast), general(&s));
        }
    }
}

#[test]
fn the_simple_path_takes_log_lines_and_leaves_commands() {
    assert!(simple("GET https://h/p").is_some());
    assert!(simple(" https://h/p\r").is_some());
    assert!(simple("curl https://h/p").is_none());
    assert!(simple("GET 'https://h/p'").is_none());
    assert!(simple("a b").is_none());
    assert!(simple("").is_none());
}

#[test]
fn bare_url_and_method_url() {
    let r = parse_input("  https://x.example.com/a ").unwrap();
    assert_eq!(
        (r.method.as_str(), r.url.as_str()),
        ("GET", "https://x.example.com/a")
    );
    let r = parse_input("post /prod/orders").unwrap();
    assert_eq!(
        (r.method.as_str(), r.url.as_str()),
        ("POST", "/prod/orders")
    );
    assert!(parse_input("").is_err());
    assert!(parse_input("a b").is_err());
}

#[test]
fn curl_method_headers_and_data() {
    let r =
        parse_input("curl -s -X DELETE -H 'Authorization: Bearer x' 'https://h/p?q=1'").unwrap();
    assert_eq!(r.method, "DELETE");
    assert_eq!(r.url, "https://h/p?q=1");
    assert_eq!(r.header("authorization"), Some("Bearer x"));
    let r = parse_input("curl https://h/p -d '{\"a\":1}' --header=x-api-key:k").unwrap();
    assert_eq!(r.method, "POST");
    assert_eq!(r.header("X-Api-Key"), Some("k"));
    let r = parse_input("curl -XPUT https://h/p").unwrap();
    assert_eq!(r.method, "PUT");
    let r = parse_input("curl -I https://h/p").unwrap();
    assert_eq!(r.method, "HEAD");
    assert!(parse_input("curl -X").is_err());
    assert!(parse_input("curl -s").is_err());
}

#[test]
fn awscurl_is_signed_and_unclosed_quotes_still_parse() {
    let r = parse_input("awscurl --service execute-api --region eu-west-1 https://h/p").unwrap();
    assert!(r.signed);
    assert_eq!(r.url, "https://h/p");
    let r = parse_input("curl -H 'Origin: https://a.example.com").unwrap_err();
    assert!(r.0.contains("no URL"));
    let r = parse_input("curl 'https://h/p").unwrap();
    assert_eq!(r.url, "https://h/p");
}

#[test]
fn httpie_method_headers_and_items() {
    let r = parse_input("http POST https://h/p Authorization:'Bearer x' a=1").unwrap();
    assert_eq!(r.method, "POST");
    assert_eq!(r.header("authorization"), Some("Bearer x"));
    let r = parse_input("http https://h/p a=1").unwrap();
    assert_eq!(r.method, "POST");
    let r = parse_input("http https://h/p q==1 x-api-key:k").unwrap();
    assert_eq!(r.method, "GET");
    assert_eq!(r.header("x-api-key"), Some("k"));
}
