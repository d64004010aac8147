//! Where a probe goes: the URL's host, port and path — or, with `--connect-to`, another
//! address while the `Host` header, the TLS server name and the path stay the URL's, as
//! curl's `--connect-to` does.

use std::net::IpAddr;

use hyper::Uri;

use super::ProbeError;

/// A resolved destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The URL's host name, lower-cased, without brackets (TLS server name).
    pub host: String,
    /// The `Host` header: the URL's host with its port when that is not the default.
    pub host_header: String,
    /// Origin-form request target: `/path?query` (`/` when the URL has no path).
    pub path_and_query: String,
    /// Where the connection is opened.
    pub connect_host: String,
    pub connect_port: u16,
    /// TLS or plain HTTP (decided by the scheme of `--connect-to`, else of the URL).
    pub tls: bool,
    /// The URL's scheme (`https`/`http`), for the URL that is signed.
    pub scheme: &'static str,
}

impl Target {
    /// The URL as signed: scheme, `Host` and path of the URL (never the connect address).
    pub fn url_for_signing(&self) -> String {
        format!(
            "{}://{}{}",
            self.scheme, self.host_header, self.path_and_query
        )
    }

    /// `host:port` that is connected to, for messages.
    pub fn address(&self) -> String {
        if self.connect_host.contains(':') {
            format!("[{}]:{}", self.connect_host, self.connect_port)
        } else {
            format!("{}:{}", self.connect_host, self.connect_port)
        }
    }

    /// True when the connection goes to this machine.
    pub fn is_loopback(&self) -> bool {
        self.connect_host.eq_ignore_ascii_case("localhost")
            || self
                .connect_host
                .parse::<IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }
}

struct Parsed {
    tls: bool,
    scheme: &'static str,
    host: String,
    port: u16,
    explicit_port: bool,
    path_and_query: String,
}

fn bad(what: &str, url: &str, why: &str) -> ProbeError {
    ProbeError::BadUrl(format!(
        "{what} `{}`: {why}",
        crate::redact::for_terminal(url)
    ))
}

fn parse(what: &str, url: &str) -> Result<Parsed, ProbeError> {
    let trimmed = url.trim();
    let no_fragment = trimmed.split('#').next().unwrap_or(trimmed);
    let uri: Uri = no_fragment
        .parse()
        .map_err(|e| bad(what, url, &format!("{e}")))?;
    let (tls, scheme) = match uri.scheme_str().map(str::to_ascii_lowercase).as_deref() {
        Some("https") => (true, "https"),
        Some("http") => (false, "http"),
        Some(other) => return Err(bad(what, url, &format!("scheme `{other}` is not http(s)"))),
        None => {
            return Err(bad(
                what,
                url,
                "give a full URL, e.g. https://HOST/stage/path",
            ))
        }
    };
    let host = uri
        .host()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| bad(what, url, "no host"))?;
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let default_port = if tls { 443 } else { 80 };
    Ok(Parsed {
        tls,
        scheme,
        host,
        port: uri.port_u16().unwrap_or(default_port),
        explicit_port: uri.port_u16().is_some_and(|p| p != default_port),
        path_and_query: uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .filter(|p| p.starts_with('/'))
            .unwrap_or_else(|| "/".to_string()),
    })
}

/// Resolves the URL and the optional `--connect-to` address (scheme, host and port only).
pub fn resolve(url: &str, connect_to: Option<&str>) -> Result<Target, ProbeError> {
    let u = parse("bad URL", url)?;
    let bracketed = if u.host.contains(':') {
        format!("[{}]", u.host)
    } else {
        u.host.clone()
    };
    let host_header = if u.explicit_port {
        format!("{bracketed}:{}", u.port)
    } else {
        bracketed
    };
    let (tls, connect_host, connect_port) = match connect_to {
        None => (u.tls, u.host.clone(), u.port),
        Some(c) => {
            let c_url = parse("bad --connect-to", c)?;
            if c_url.path_and_query != "/" {
                return Err(bad(
                    "bad --connect-to",
                    c,
                    "give only scheme://host[:port] (the path and query are the URL's)",
                ));
            }
            (c_url.tls, c_url.host, c_url.port)
        }
    };
    Ok(Target {
        host: u.host,
        host_header,
        path_and_query: u.path_and_query,
        connect_host,
        connect_port,
        tls,
        scheme: u.scheme,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_connects_to_its_own_host_and_port() {
        let t = resolve(
            "https://A1.execute-api.eu-west-1.amazonaws.com/prod/x?q=1#frag",
            None,
        )
        .unwrap();
        assert_eq!(t.host, "a1.execute-api.eu-west-1.amazonaws.com");
        assert_eq!(t.host_header, t.host);
        assert_eq!(t.path_and_query, "/prod/x?q=1");
        assert_eq!((t.connect_port, t.tls), (443, true));
        assert_eq!(
            t.url_for_signing(),
            "https://a1.execute-api.eu-west-1.amazonaws.com/prod/x?q=1"
        );
    }

    #[test]
    fn connect_to_changes_the_address_and_scheme_but_keeps_host_and_path() {
        let t = resolve(
            "https://api.example.com/orders/1",
            Some("http://127.0.0.1:8080"),
        )
        .unwrap();
        assert_eq!(t.host_header, "api.example.com");
        assert_eq!(t.path_and_query, "/orders/1");
        assert_eq!(t.address(), "127.0.0.1:8080");
        assert!(!t.tls && t.is_loopback());
        assert_eq!(t.url_for_signing(), "https://api.example.com/orders/1");
    }

    #[test]
    fn a_non_default_port_is_part_of_the_host_header() {
        let t = resolve("http://localhost:4566/prod", None).unwrap();
        assert_eq!(t.host_header, "localhost:4566");
        assert_eq!(t.connect_port, 4566);
    }

    #[test]
    fn bare_paths_other_schemes_and_connect_to_paths_are_bad_urls() {
        for (url, c) in [
            ("/prod/orders", None),
            ("ftp://x/y", None),
            ("https://exa mple.com/", None),
            ("https://x.com/a", Some("http://127.0.0.1:1/path")),
            ("https://x.com/a", Some("127.0.0.1:8080")),
        ] {
            let e = resolve(url, c).unwrap_err();
            assert!(matches!(e, ProbeError::BadUrl(_)), "{url} {c:?}: {e}");
        }
    }
}
