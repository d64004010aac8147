//! SigV4 for a probe of an `AWS_IAM` method: the credentials apigw runs with (aws-config's
//! default chain, honouring `--profile`), service `execute-api`, the URL as signed (its
//! `Host`, never the `--connect-to` address). Only the headers to add come back; nothing
//! here logs or prints a credential.

use std::time::SystemTime;

use aws_config::{BehaviorVersion, Region};
use aws_credential_types::provider::ProvideCredentials;
use aws_sdk_apigateway::error::DisplayErrorContext;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;

use super::ProbeError;
use crate::aws::error::{from_text, ErrorContext};

/// The signing service of API Gateway invocations.
pub const SERVICE: &str = "execute-api";

/// Loads the credentials of the default chain (with `profile` when given).
async fn credentials(
    region: &str,
    profile: Option<&str>,
) -> Result<aws_credential_types::Credentials, ProbeError> {
    let mut loader =
        aws_config::defaults(BehaviorVersion::latest()).region(Region::new(region.to_string()));
    if let Some(p) = profile {
        loader = loader.profile_name(p);
    }
    let conf = loader.load().await;
    let cx = ErrorContext {
        profile: profile.map(str::to_string),
        region: Some(region.to_string()),
        endpoint: None,
    };
    let Some(provider) = conf.credentials_provider() else {
        return Err(ProbeError::Credentials(
            from_text("signing", "no credentials provider", &cx).to_string(),
        ));
    };
    provider.provide_credentials().await.map_err(|e| {
        let text = DisplayErrorContext(&e).to_string();
        ProbeError::Credentials(crate::redact::text(
            &from_text("signing", &text, &cx).to_string(),
        ))
    })
}

/// The headers SigV4 adds (`Authorization`, `X-Amz-Date`, `X-Amz-Security-Token`) for
/// `method url` with `headers` (which must include `Host`) and an empty body.
pub async fn signing_headers(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    region: &str,
    profile: Option<&str>,
) -> Result<Vec<(String, String)>, ProbeError> {
    let creds = credentials(region, profile).await?;
    let identity = creds.into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(SERVICE)
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| ProbeError::Signing(e.to_string()))?
        .into();
    let signable = SignableRequest::new(
        method,
        url,
        headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        SignableBody::Bytes(&[]),
    )
    .map_err(|e| ProbeError::Signing(e.to_string()))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| ProbeError::Signing(e.to_string()))?
        .into_parts();
    Ok(instructions
        .headers()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect())
}
