//! What a person types or pastes → a [`Request`]: a bare URL or path, `METHOD URL`, or a
//! whole `curl` / `awscurl` / `http` (HTTPie) command line.

use super::verdict::Request;

/// Why typed input could not be read as a request (one line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

fn err<T>(msg: impl Into<String>) -> Result<T, InputError> {
    Err(InputError(msg.into()))
}

const METHODS: &[&str] = &[
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY", "TRACE", "CONNECT",
];

fn is_method(word: &str) -> bool {
    METHODS.iter().any(|m| m.eq_ignore_ascii_case(word))
}

/// Parses what a person types or pastes.
pub fn parse_input(input: &str) -> Result<Request, InputError> {
    match simple(input) {
        Some(r) => Ok(r),
        None => general(input),
    }
}

/// The common case — `URL` or `METHOD URL` with no quotes, backslashes or command — read
/// without the copies [`general`] makes (access logs have millions of such lines). `None`:
/// anything else, left to `general`, which gives the same answer for these lines.
fn simple(input: &str) -> Option<Request> {
    if input.contains(['\\', '\'', '"']) {
        return None;
    }
    let mut words = input.split_whitespace();
    let first = words.next()?;
    let second = words.next();
    if words.next().is_some() {
        return None;
    }
    match (first, second) {
        ("curl" | "awscurl" | "http" | "https" | "xh" | "xhs", _) => None,
        (m, Some(url)) if is_method(m) => Some(Request::new(m, url)),
        (url, None) => Some(Request::new("GET", url)),
        _ => None,
    }
}

fn general(input: &str) -> Result<Request, InputError> {
    let joined = input.replace("\\\r\n", " ").replace("\\\n", " ");
    let t = joined.trim();
    if t.is_empty() {
        return err("type a URL, a path, `METHOD URL` or a curl/awscurl/http command");
    }
    let first = t.split_whitespace().next().unwrap_or("");
    let words = || split_words(t);
    match first {
        "curl" => parse_curl(&words()[1..], false),
        "awscurl" => parse_curl(&words()[1..], true),
        "http" | "https" | "xh" | "xhs" => parse_httpie(&words()[1..]),
        w if is_method(w) && t.split_whitespace().nth(1).is_some() => {
            let rest = t[w.len()..].trim();
            if rest.split_whitespace().nth(1).is_some() {
                return err(format!(
                    "expected `{w} URL`; for headers use a curl command (curl -X {w} -H 'Name: value' URL)"
                ));
            }
            Ok(Request::new(w, unquote(rest)))
        }
        _ if t.split_whitespace().nth(1).is_some() => {
            err("a URL cannot contain spaces; type `METHOD URL` or a curl/awscurl/http command")
        }
        _ => Ok(Request::new("GET", unquote(t))),
    }
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['\'', '"'] {
        if let Some(inner) = s.strip_prefix(q).and_then(|x| x.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// Shell words; while a quote is still open (the person is typing), close it and retry.
fn split_words(t: &str) -> Vec<String> {
    if let Ok(w) = shell_words::split(t) {
        return w;
    }
    for close in ["'", "\"", "\"'", "'\""] {
        if let Ok(w) = shell_words::split(&format!("{t}{close}")) {
            return w;
        }
    }
    t.split_whitespace().map(str::to_string).collect()
}

/// curl options that take a value (so the value is not mistaken for the URL).
const CURL_VALUED: &[&str] = &[
    "-A",
    "--user-agent",
    "-e",
    "--referer",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "-o",
    "--output",
    "-w",
    "--write-out",
    "-m",
    "--max-time",
    "--connect-timeout",
    "-x",
    "--proxy",
    "--cacert",
    "--capath",
    "--cert",
    "-E",
    "--key",
    "-r",
    "--range",
    "--retry",
    "-K",
    "--config",
    "--resolve",
    "--connect-to",
    "--interface",
    "--limit-rate",
    "-y",
    "-Y",
    "--max-redirs",
    "--proto",
    "--user-agent",
    "--service",
    "--region",
    "--profile",
    "--access_key",
    "--secret_key",
    "--security_token",
    "--session_token",
    "--aws-sigv4",
];

const CURL_DATA: &[&str] = &[
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-urlencode",
    "--data-ascii",
    "--json",
    "-F",
    "--form",
    "--form-string",
];

#[derive(Default)]
struct Built {
    method: Option<String>,
    url: Option<String>,
    headers: Vec<(String, String)>,
    data: bool,
    head: bool,
    get: bool,
    upload: bool,
    signed: bool,
}

impl Built {
    fn finish(self, tool: &str) -> Result<Request, InputError> {
        let Some(url) = self.url else {
            return err(format!("the {tool} command has no URL"));
        };
        let method = match self.method {
            Some(m) => m,
            None if self.head => "HEAD".into(),
            None if self.get => "GET".into(),
            None if self.upload => "PUT".into(),
            None if self.data => "POST".into(),
            None => "GET".into(),
        };
        if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
            return err(format!("`{method}` is not an HTTP method"));
        }
        let mut r = Request::new(&method, &url);
        r.headers = self.headers;
        r.signed = self.signed;
        Ok(r)
    }

    fn set_url(&mut self, u: &str, tool: &str) -> Result<(), InputError> {
        if self.url.is_some() {
            return err(format!("the {tool} command names more than one URL"));
        }
        self.url = Some(u.to_string());
        Ok(())
    }
}

fn header_pair(h: &str) -> Option<(String, String)> {
    let (n, v) = h.split_once(':')?;
    let n = n.trim();
    if n.is_empty() {
        return None;
    }
    Some((n.to_string(), v.trim().to_string()))
}

/// `-XPOST` → (`-X`, `POST`); `--request=POST` → (`--request`, `POST`).
fn split_attached(w: &str) -> (&str, Option<&str>) {
    if let Some((k, v)) = w.split_once('=').filter(|_| w.starts_with("--")) {
        return (k, Some(v));
    }
    if w.len() > 2 && w.starts_with('-') && !w.starts_with("--") {
        if let (Some(k), Some(v)) = (w.get(..2), w.get(2..)) {
            if matches!(
                k,
                "-X" | "-H" | "-d" | "-u" | "-A" | "-o" | "-e" | "-b" | "-F" | "-m"
            ) {
                return (k, Some(v));
            }
        }
    }
    (w, None)
}

fn parse_curl(words: &[String], aws: bool) -> Result<Request, InputError> {
    let tool = if aws { "awscurl" } else { "curl" };
    let mut b = Built {
        signed: aws,
        ..Built::default()
    };
    let mut it = words.iter();
    while let Some(w) = it.next() {
        let (key, attached) = split_attached(w);
        let mut value = |name: &str| -> Result<String, InputError> {
            match attached {
                Some(v) => Ok(v.to_string()),
                None => match it.next() {
                    Some(v) => Ok(v.clone()),
                    None => err(format!("{tool}: {name} needs a value")),
                },
            }
        };
        match key {
            "-X" | "--request" => b.method = Some(value(key)?.to_ascii_uppercase()),
            "-H" | "--header" => {
                if let Some(p) = header_pair(&value(key)?) {
                    b.headers.push(p);
                }
            }
            "-u" | "--user" => {
                value(key)?;
                b.headers
                    .push(("Authorization".into(), "Basic (from -u)".into()));
            }
            "--url" => {
                let u = value(key)?;
                b.set_url(&u, tool)?;
            }
            "-I" | "--head" => b.head = true,
            "-G" | "--get" => b.get = true,
            "-T" | "--upload-file" => {
                value(key)?;
                b.upload = true;
            }
            "--aws-sigv4" => {
                value(key)?;
                b.signed = true;
            }
            k if CURL_DATA.contains(&k) => {
                value(k)?;
                b.data = true;
            }
            k if CURL_VALUED.contains(&k) => {
                value(k)?;
            }
            k if k.starts_with('-') && k.len() > 1 => {}
            u => b.set_url(u, tool)?,
        }
    }
    b.finish(tool)
}

fn parse_httpie(words: &[String]) -> Result<Request, InputError> {
    let mut b = Built::default();
    let mut i = 0;
    while let Some(w) = words.get(i) {
        if !w.starts_with('-') || w == "-" {
            break;
        }
        if matches!(w.as_str(), "-a" | "--auth" | "-A" | "--auth-type") {
            i += 1;
            if w == "-a" || w == "--auth" {
                b.headers
                    .push(("Authorization".into(), "Basic (from -a)".into()));
            }
        }
        i += 1;
    }
    let rest = words.get(i..).unwrap_or(&[]);
    let rest = match rest.first() {
        Some(m) if is_method(m) && rest.len() > 1 => {
            b.method = Some(m.to_ascii_uppercase());
            &rest[1..]
        }
        _ => rest,
    };
    let Some((url, items)) = rest.split_first() else {
        return err("the http command has no URL");
    };
    b.set_url(url, "http")?;
    for item in items {
        if item.starts_with('-') {
            continue;
        }
        if let Some(eq) = item.find('=') {
            let colon = item.find(':');
            if colon.is_none_or(|c| eq < c) {
                // `a==b` is a query item; `a=b` / `a:=b` are body items.
                if !item[eq..].starts_with("==") {
                    b.data = true;
                }
                continue;
            }
        }
        if let Some(p) = header_pair(item) {
            b.headers.push(p);
        }
    }
    b.finish("http")
}

#[cfg(test)]
#[path = "request_parse_tests.rs"]
mod tests;
