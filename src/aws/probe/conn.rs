//! One HTTP/1.1 exchange on a fresh connection: TCP (with the connect timeout), TLS with
//! the system's trusted roots and the URL's host as server name, the request, and the
//! answer's status, headers and the first [`BODY_CAP`] bytes of its body.

use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use super::target::Target;
use super::ProbeError;
use crate::domain::probe::BODY_CAP;

/// What came back, before it is read as an API Gateway answer.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

fn tls_config() -> Result<Arc<rustls::ClientConfig>, ProbeError> {
    let found = rustls_native_certs::load_native_certs();
    let mut roots = rustls::RootCertStore::empty();
    let (added, _ignored) = roots.add_parsable_certificates(found.certs);
    if added == 0 {
        return Err(ProbeError::Tls(
            "no trusted root certificates found on this system (install ca-certificates, or set SSL_CERT_FILE)".into(),
        ));
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ProbeError::Tls(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

async fn connect(t: &Target, within: Duration) -> Result<TcpStream, ProbeError> {
    let addr = t.address();
    match tokio::time::timeout(
        within,
        TcpStream::connect((t.connect_host.as_str(), t.connect_port)),
    )
    .await
    {
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => Err(ProbeError::Unreachable {
            address: addr,
            reason: e.to_string(),
        }),
        Err(_) => Err(ProbeError::Timeout {
            what: format!("connecting to {addr}"),
            after: within,
        }),
    }
}

/// Connects (TLS when the target says so) and runs the exchange.
pub async fn exchange(
    t: &Target,
    req: hyper::Request<Empty<Bytes>>,
    connect_within: Duration,
) -> Result<Raw, ProbeError> {
    let tcp = connect(t, connect_within).await?;
    if !t.tls {
        return http1(tcp, req).await;
    }
    let name = rustls::pki_types::ServerName::try_from(t.host.clone())
        .map_err(|e| ProbeError::Tls(format!("`{}` is not a TLS server name: {e}", t.host)))?;
    let tls = tokio_rustls::TlsConnector::from(tls_config()?)
        .connect(name, tcp)
        .await
        .map_err(|e| ProbeError::Tls(format!("with {} ({}): {e}", t.host, t.address())))?;
    http1(tls, req).await
}

async fn http1<S>(io: S, req: hyper::Request<Empty<Bytes>>) -> Result<Raw, ProbeError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let protocol = |e: hyper::Error| ProbeError::Protocol(e.to_string());
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(protocol)?;
    let driver = tokio::spawn(async move {
        // The connection ends with the exchange; its error (if any) is the request's.
        let _ = conn.await;
    });
    let resp = sender.send_request(req).await.map_err(protocol)?;
    let status = resp.status().as_u16();
    let headers = resp
        .headers()
        .iter()
        .map(|(n, v)| {
            let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
            (n.as_str().to_string(), value)
        })
        .collect();
    let mut body = resp.into_body();
    let mut buf = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(protocol)?;
        if let Ok(data) = frame.into_data() {
            buf.extend_from_slice(&data);
            if buf.len() >= BODY_CAP {
                buf.truncate(BODY_CAP);
                break;
            }
        }
    }
    driver.abort();
    Ok(Raw {
        status,
        headers,
        body: buf,
    })
}
