//! Just enough HTTP/1.1 for the fault proxy: read a request (Content-Length or chunked
//! body, keep-alive), write it upstream with `Connection: close`, re-frame the answer with
//! a `Content-Length` for the client, and the canned fault answers API Gateway sends.

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt};

/// Largest request head (request line + headers).
pub const MAX_HEAD: usize = 64 * 1024;
/// Largest body either way.
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// Hop-by-hop headers the proxy sets itself.
const HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "content-length",
];

#[derive(Debug, Clone)]
pub struct HttpRequest {
    pub method: String,
    pub target: String,
    pub version: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub keep_alive: bool,
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn has_token(value: Option<&str>, token: &str) -> bool {
    value.is_some_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
}

/// Reads one request; `Ok(None)` on a clean end of the connection.
pub async fn read_request<R: AsyncBufRead + Unpin>(
    r: &mut R,
) -> Result<Option<HttpRequest>, String> {
    let mut lines = Vec::new();
    let mut size = 0;
    loop {
        let mut line = Vec::new();
        let n = r
            .read_until(b'\n', &mut line)
            .await
            .map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return if lines.is_empty() {
                Ok(None)
            } else {
                Err("connection closed mid-request".into())
            };
        }
        size += n;
        if size > MAX_HEAD {
            return Err("request head too large".into());
        }
        let text = String::from_utf8_lossy(&line)
            .trim_end_matches(['\r', '\n'])
            .to_string();
        if text.is_empty() {
            if lines.is_empty() {
                continue; // stray CRLF between requests
            }
            break;
        }
        lines.push(text);
    }
    let mut parts = lines[0].split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("bad request line {:?}", lines[0]));
    };
    let headers: Vec<(String, String)> = lines[1..]
        .iter()
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let body = if has_token(header(&headers, "transfer-encoding"), "chunked") {
        read_chunked(r).await?
    } else {
        let len = match header(&headers, "content-length") {
            Some(v) => v
                .parse::<usize>()
                .map_err(|_| format!("bad Content-Length {v:?}"))?,
            None => 0,
        };
        if len > MAX_BODY {
            return Err("request body too large".into());
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body)
            .await
            .map_err(|e| format!("body: {e}"))?;
        body
    };
    let conn = header(&headers, "connection");
    let keep_alive = if version.eq_ignore_ascii_case("HTTP/1.0") {
        has_token(conn, "keep-alive")
    } else {
        !has_token(conn, "close")
    };
    Ok(Some(HttpRequest {
        method: method.to_ascii_uppercase(),
        target: target.to_string(),
        version: version.to_string(),
        headers,
        body,
        keep_alive,
    }))
}

async fn read_chunked<R: AsyncBufRead + Unpin>(r: &mut R) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let mut line = Vec::new();
        r.read_until(b'\n', &mut line)
            .await
            .map_err(|e| format!("chunk: {e}"))?;
        let text = String::from_utf8_lossy(&line);
        let hex = text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(hex, 16).map_err(|_| format!("bad chunk size {hex:?}"))?;
        if size == 0 {
            // Trailers, up to the empty line.
            loop {
                let mut t = Vec::new();
                let n = r
                    .read_until(b'\n', &mut t)
                    .await
                    .map_err(|e| format!("trailer: {e}"))?;
                if n == 0 || t == b"\r\n" || t == b"\n" {
                    return Ok(body);
                }
            }
        }
        if body.len() + size > MAX_BODY {
            return Err("request body too large".into());
        }
        let mut chunk = vec![0; size + 2];
        r.read_exact(&mut chunk)
            .await
            .map_err(|e| format!("chunk: {e}"))?;
        body.extend_from_slice(&chunk[..size]);
    }
}

impl HttpRequest {
    /// The request as sent upstream: same line and headers, own framing, `Connection: close`.
    pub fn to_upstream_bytes(&self) -> Vec<u8> {
        let mut head = format!("{} {} HTTP/1.1\r\n", self.method, self.target);
        for (n, v) in &self.headers {
            if !HOP.contains(&n.to_ascii_lowercase().as_str()) {
                head.push_str(&format!("{n}: {v}\r\n"));
            }
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        let mut out = head.into_bytes();
        out.extend_from_slice(&self.body);
        out
    }
}

/// The status code of a raw HTTP answer.
pub fn status_of(raw: &[u8]) -> Option<u16> {
    let end = raw.iter().position(|b| *b == b'\n')?;
    let line = String::from_utf8_lossy(&raw[..end]);
    let mut parts = line.split_whitespace();
    parts.next().filter(|v| v.starts_with("HTTP/"))?;
    parts.next()?.parse().ok()
}

/// An answer from the upstream, de-framed.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status_line: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Reads one answer to a `method` request: Content-Length, chunked, or to the end of the
/// connection when neither is given (the upstream may keep the connection open).
pub async fn read_response<R: AsyncBufRead + Unpin>(
    r: &mut R,
    method: &str,
) -> Result<HttpResponse, String> {
    let mut lines = Vec::new();
    let mut size = 0;
    loop {
        let mut line = Vec::new();
        let n = r
            .read_until(b'\n', &mut line)
            .await
            .map_err(|e| format!("upstream read: {e}"))?;
        if n == 0 {
            return Err("upstream closed before answering".into());
        }
        size += n;
        if size > MAX_HEAD {
            return Err("upstream answer head too large".into());
        }
        let text = String::from_utf8_lossy(&line)
            .trim_end_matches(['\r', '\n'])
            .to_string();
        if text.is_empty() {
            break;
        }
        lines.push(text);
    }
    let status_line = lines[0].clone();
    let status = status_of(format!("{status_line}\n").as_bytes())
        .ok_or("upstream answered no HTTP status line")?;
    let headers: Vec<(String, String)> = lines[1..]
        .iter()
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let bodyless = method == "HEAD" || status == 204 || status == 304 || status < 200;
    let body = if bodyless {
        Vec::new()
    } else if has_token(header(&headers, "transfer-encoding"), "chunked") {
        read_chunked(r).await?
    } else if let Some(v) = header(&headers, "content-length") {
        let len = v
            .parse::<usize>()
            .map_err(|_| format!("upstream Content-Length {v:?}"))?;
        if len > MAX_BODY {
            return Err("upstream answer too large".into());
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body)
            .await
            .map_err(|e| format!("upstream body: {e}"))?;
        body
    } else {
        let mut body = Vec::new();
        r.take(MAX_BODY as u64)
            .read_to_end(&mut body)
            .await
            .map_err(|e| format!("upstream body: {e}"))?;
        body
    };
    Ok(HttpResponse {
        status_line,
        status,
        headers,
        body,
    })
}

impl HttpResponse {
    /// The answer for the client: same status and headers, `Content-Length`, keep-alive.
    pub fn to_client_bytes(&self, method: &str, keep: bool) -> Vec<u8> {
        let bodyless =
            method == "HEAD" || self.status == 204 || self.status == 304 || self.status < 200;
        let mut out = format!(
            "{}\r\n",
            self.status_line.replacen("HTTP/1.0", "HTTP/1.1", 1)
        );
        for (n, v) in &self.headers {
            let lower = n.to_ascii_lowercase();
            let keep_len = bodyless && lower == "content-length";
            if keep_len || !HOP.contains(&lower.as_str()) {
                out.push_str(&format!("{n}: {v}\r\n"));
            }
        }
        if !bodyless {
            out.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        out.push_str(if keep {
            "Connection: keep-alive\r\n\r\n"
        } else {
            "Connection: close\r\n\r\n"
        });
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

fn aws_error(status: u16, reason: &str, error_type: &str, message: &str, keep: bool) -> Vec<u8> {
    let body = serde_json::json!({ "message": message }).to_string();
    let conn = if keep { "keep-alive" } else { "close" };
    format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n\
         x-amzn-ErrorType: {error_type}\r\nx-amzn-RequestId: 00000000-fault-proxy\r\n\
         Content-Length: {}\r\nConnection: {conn}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// 429 as API Gateway's control plane throttles (the SDK classifies it as throttling).
pub fn throttled(keep: bool) -> Vec<u8> {
    aws_error(
        429,
        "Too Many Requests",
        "TooManyRequestsException:http://internal.amazon.com/coral/com.amazonaws.backplane.controlplane/",
        "Too Many Requests",
        keep,
    )
}

/// Whether the request is an STS query-protocol call (a form POSTed to `/`).
pub fn is_sts(req: &HttpRequest) -> bool {
    req.method == "POST"
        && req.target == "/"
        && String::from_utf8_lossy(&req.body).contains("Action=")
}

/// 400 `Throttling` as STS throttles (awsQuery XML; the SDK classifies the code as
/// throttling, as it does API Gateway's 429).
pub fn sts_throttled(keep: bool) -> Vec<u8> {
    let body = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
                <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>\
                </Error><RequestId>00000000-fault-proxy</RequestId></ErrorResponse>";
    let conn = if keep { "keep-alive" } else { "close" };
    format!(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: text/xml\r\n\
         x-amzn-RequestId: 00000000-fault-proxy\r\nContent-Length: {}\r\n\
         Connection: {conn}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A 5xx with an AWS-style error body.
pub fn server_error(status: u16, keep: bool) -> Vec<u8> {
    match status {
        503 => aws_error(
            503,
            "Service Unavailable",
            "ServiceUnavailableException",
            "Service Unavailable",
            keep,
        ),
        502 => aws_error(
            502,
            "Bad Gateway",
            "BadGatewayException",
            "Bad Gateway",
            keep,
        ),
        504 => aws_error(
            504,
            "Gateway Timeout",
            "GatewayTimeoutException",
            "Gateway Timeout",
            keep,
        ),
        s => aws_error(
            s,
            "Internal Server Error",
            "InternalFailure",
            "Internal server error",
            keep,
        ),
    }
}

/// A plain-text answer that closes the connection (proxy errors).
pub fn plain(status: u16, msg: &str) -> Vec<u8> {
    let body = format!("fault proxy: {msg}\n");
    format!(
        "HTTP/1.1 {status} Proxy Error\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// 403 `InvalidSignatureException` echoing the canonical request (with the session token
/// and the Authorization header), as AWS's signature errors do.
pub fn signature_mismatch(req: &HttpRequest, keep: bool) -> Vec<u8> {
    let h = |n: &str| header(&req.headers, n).unwrap_or("").to_string();
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    let message = format!(
        "The request signature we calculated does not match the signature you provided. \
         Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n\
         The Canonical String for this request should have been\n'{}\n{path}\n{query}\nhost:{}\nx-amz-date:{}\n\
         x-amz-security-token:{}\n\nhost;x-amz-date;x-amz-security-token\n'\n\n\
         The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n{}\n' (Authorization: {})",
        req.method,
        h("host"),
        h("x-amz-date"),
        h("x-amz-security-token"),
        h("x-amz-date"),
        h("authorization"),
    );
    aws_error(
        403,
        "Forbidden",
        "InvalidSignatureException",
        &message,
        keep,
    )
}

/// An answer with this status and body, as JSON.
pub fn body(status: u16, body: &str, keep: bool) -> Vec<u8> {
    let conn = if keep { "keep-alive" } else { "close" };
    let mut out = format!(
        "HTTP/1.1 {status} Fault\r\nContent-Type: application/json\r\n\
         x-amzn-RequestId: 00000000-fault-proxy\r\nContent-Length: {}\r\nConnection: {conn}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}
