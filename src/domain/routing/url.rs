//! Splitting a typed URL into host, path and segments the way API Gateway reads them
//! (ROUTING.md section 1): scheme, port, query and fragment ignored; host lower-cased; the
//! path split on literal `/` only (`%2F` stays inside a segment).

/// A URL as typed, cut into the parts routing needs. `path` is a slice of the input, so
/// byte offsets into it are offsets into what the person typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// Lower-cased host without port or user info; `None` for a bare path.
    pub host: Option<String>,
    /// The path as typed (`""` when the URL has none), without query or fragment.
    pub path: &'a str,
    /// The query string without `?` (`""` when absent).
    pub query: &'a str,
}

/// One path segment: a byte range of [`UrlParts::path`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seg {
    pub start: usize,
    pub end: usize,
}

impl Seg {
    pub fn text(self, path: &str) -> &str {
        path.get(self.start..self.end).unwrap_or("")
    }
}

/// Splits a URL or a bare path.
pub fn split_url(url: &str) -> UrlParts<'_> {
    let url = url.trim();
    let (authority, rest) = match url.find("://") {
        Some(i) => {
            let after = &url[i + 3..];
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            (Some(&after[..end]), &after[end..])
        }
        None if url.starts_with('/') || url.is_empty() => (None, url),
        None => {
            let end = url.find(['/', '?', '#']).unwrap_or(url.len());
            (Some(&url[..end]), &url[end..])
        }
    };
    let (before_frag, _) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = before_frag.split_once('?').unwrap_or((before_frag, ""));
    UrlParts {
        host: authority.map(clean_host),
        path,
        query,
    }
}

/// `user@Host:443` → `host`; `[::1]:80` → `[::1]`.
pub fn clean_host(authority: &str) -> String {
    let h = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let h = if h.starts_with('[') {
        h.find(']').map_or(h, |i| &h[..=i])
    } else {
        h.split_once(':').map_or(h, |(h, _)| h)
    };
    h.trim_end_matches('.').to_ascii_lowercase()
}

/// The path split on `/`. Leading runs of slashes collapse; one trailing slash is dropped
/// (`trailing_slash` says so). Empty segments in the middle are kept (they match nothing
/// but a greedy variable).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segments {
    pub segs: Vec<Seg>,
    pub trailing_slash: bool,
}

pub fn segments(path: &str) -> Segments {
    let mut segs = Vec::with_capacity(8);
    let mut start = 0;
    let bytes = path.as_bytes();
    // Skip leading slashes (a leading `//` collapses to `/`).
    while start < bytes.len() && bytes[start] == b'/' {
        start += 1;
    }
    if start >= bytes.len() {
        return Segments {
            segs,
            trailing_slash: !path.is_empty(),
        };
    }
    let mut i = start;
    while i <= bytes.len() {
        if i == bytes.len() || bytes[i] == b'/' {
            segs.push(Seg { start, end: i });
            start = i + 1;
        }
        i += 1;
    }
    let mut trailing_slash = false;
    if path.ends_with('/') {
        // The last pushed segment is the empty one after the final slash.
        if segs.last().is_some_and(|s| s.start == s.end) {
            segs.pop();
            trailing_slash = true;
        }
    }
    Segments {
        segs,
        trailing_slash,
    }
}

/// Drops empty segments at the front (a run of slashes right after the stage or base path
/// collapses).
pub fn skip_empty(segs: &[Seg]) -> &[Seg] {
    let n = segs.iter().take_while(|s| s.start == s.end).count();
    &segs[n..]
}

/// Whether a query string carries a parameter with this name (names compared exactly,
/// after percent-decoding).
pub fn query_has(query: &str, name: &str) -> bool {
    query.split('&').any(|kv| {
        let k = kv.split_once('=').map_or(kv, |(k, _)| k);
        k == name || percent_encoding::percent_decode_str(k).decode_utf8_lossy() == name
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(path: &str) -> Vec<&str> {
        segments(path).segs.iter().map(|s| s.text(path)).collect()
    }

    #[test]
    fn splits_host_path_query() {
        let u = split_url("HTTPS://User@Api.Example.com:443/v1/x?a=1#f");
        assert_eq!(u.host.as_deref(), Some("api.example.com"));
        assert_eq!(u.path, "/v1/x");
        assert_eq!(u.query, "a=1");
        let u = split_url("/prod/orders");
        assert_eq!(u.host, None);
        assert_eq!(u.path, "/prod/orders");
        let u = split_url("api.example.com");
        assert_eq!(u.host.as_deref(), Some("api.example.com"));
        assert_eq!(u.path, "");
    }

    #[test]
    fn segments_collapse_leading_and_drop_one_trailing_slash() {
        assert_eq!(texts("//prod/orders/"), vec!["prod", "orders"]);
        assert!(segments("/prod/orders/").trailing_slash);
        assert_eq!(texts("/prod/a//b"), vec!["prod", "a", "", "b"]);
        assert_eq!(texts("/pets//"), vec!["pets", ""]);
        assert_eq!(texts("/"), Vec::<&str>::new());
        assert_eq!(texts(""), Vec::<&str>::new());
        assert_eq!(texts("/r/my-id%2F100"), vec!["r", "my-id%2F100"]);
    }

    #[test]
    fn query_names_are_found() {
        assert!(query_has("a=1&token=x", "token"));
        assert!(!query_has("a=1", "token"));
        assert!(query_has("to%6Ben=1", "token"));
    }
}
