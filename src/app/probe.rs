//! Probe from the TUI: send the URL bar's request for real (the runtime does it with
//! `aws::probe`, SigV4-signed for `AWS_IAM` methods) and show the answer beside the
//! prediction. GET, HEAD and OPTIONS go at once; any other method asks first (the probe
//! key again confirms, Esc cancels) and is refused in read-only mode.

use super::effect::Effect;
use super::state::State;
use crate::domain::model::AuthorizationType;
use crate::domain::probe::{compare, is_safe_method, Answer, Comparison};
use crate::domain::routing::{MatchContext, Request, Verdict};

/// One request the runtime sends. Header values may be secrets: `Debug` redacts them.
#[derive(Clone, PartialEq, Eq)]
pub struct ProbeRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// Sign with SigV4 for `execute-api` in this region (the method uses `AWS_IAM` and
    /// the request carries no signature of its own).
    pub sign_region: Option<String>,
}

impl std::fmt::Debug for ProbeRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProbeRequest")
            .field("method", &self.method)
            .field("url", &crate::redact::text(&self.url))
            .field("headers", &crate::redact::headers(&self.headers))
            .field("sign_region", &self.sign_region)
            .finish()
    }
}

/// Where a probe stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ProbePhase {
    /// A method that may change something: waiting for the probe key again.
    Confirm,
    Running,
    Done(Result<Answer, String>),
}

/// The probe of one request: what was predicted when it was sent, and what came back.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    pub req: u64,
    /// `METHOD url` it was sent for (shown only while the URL bar still says that).
    pub method: String,
    pub url: String,
    pub signed_in: Option<String>,
    pub predicted: Verdict,
    pub phase: ProbePhase,
}

impl Probe {
    /// How the answer compares with the prediction (once it came back).
    pub fn comparison(&self) -> Option<Comparison> {
        match &self.phase {
            ProbePhase::Done(Ok(a)) => Some(compare(&self.predicted, a)),
            _ => None,
        }
    }
}

/// An `AWS_IAM` method, and the request carries no signature of its own.
fn needs_signing(v: &Verdict, req: &Request) -> bool {
    let iam = v
        .authorization
        .as_ref()
        .is_some_and(|a| a.kind == AuthorizationType::AwsIam);
    iam && req.header("authorization").is_none() && !req.url.contains("X-Amz-Signature=")
}

/// The probe key: arm (unsafe methods), confirm, or send.
pub fn probe(state: &mut State) -> Vec<Effect> {
    let (Some(req), Some(v)) = (state.url.request.clone(), state.url.verdict().cloned()) else {
        state.error("nothing to probe: type a full URL in the URL bar first");
        return Vec::new();
    };
    if !req.url.contains("://") {
        state.error("probe needs a full URL (https://…): a bare path names no host to send to");
        return Vec::new();
    }
    let safe = is_safe_method(&req.method);
    if !safe && state.read_only {
        state.error(format!(
            "read-only mode: refusing to send {} (only GET, HEAD and OPTIONS probes are sent)",
            req.method
        ));
        return Vec::new();
    }
    let same = state
        .url
        .probe
        .as_ref()
        .is_some_and(|p| p.method == req.method && p.url == req.url);
    let armed = same
        && state
            .url
            .probe
            .as_ref()
            .is_some_and(|p| p.phase == ProbePhase::Confirm);
    if !safe && !armed {
        state.url.probe = Some(pending(&req, v, ProbePhase::Confirm, 0, None));
        state.info(format!(
            "{} may change something behind the API: press the probe key again to send it, Esc to cancel",
            req.method
        ));
        return Vec::new();
    }
    if same
        && state
            .url
            .probe
            .as_ref()
            .is_some_and(|p| p.phase == ProbePhase::Running)
    {
        return Vec::new();
    }
    send(state, req, v)
}

fn pending(
    req: &Request,
    predicted: Verdict,
    phase: ProbePhase,
    id: u64,
    signed_in: Option<String>,
) -> Probe {
    Probe {
        req: id,
        method: req.method.clone(),
        url: req.url.clone(),
        signed_in,
        predicted,
        phase,
    }
}

fn send(state: &mut State, req: Request, mut v: Verdict) -> Vec<Effect> {
    let sign_region = if needs_signing(&v, &req) {
        let region = crate::domain::probe::execute_api_region(host(&req.url))
            .or_else(|| state.inventory.region.clone());
        let Some(region) = region else {
            state.error("cannot tell which region to sign for: the host is not an execute-api host and the inventory names no region");
            return Vec::new();
        };
        // The prediction for the signed request (the runtime signs it).
        if let Some(m) = state.view.matcher().cloned() {
            let mut signed = req.clone();
            signed.signed = true;
            let ctx = MatchContext {
                api: state.api.clone(),
                stage: state.stage.clone(),
                coverage: Some(&state.coverage),
                caller: state.url.caller_context(),
            };
            v = m.evaluate(&state.inventory, &signed, &ctx);
        }
        Some(region)
    } else {
        None
    };
    let id = state.request_id();
    state.url.probe = Some(pending(
        &req,
        v,
        ProbePhase::Running,
        id,
        sign_region.clone(),
    ));
    state.info(format!(
        "probing {} {} …",
        req.method,
        crate::redact::text(&req.url)
    ));
    vec![Effect::Probe {
        req: id,
        request: Box::new(ProbeRequest {
            method: req.method,
            url: req.url,
            headers: req.headers,
            sign_region,
        }),
    }]
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    authority.split(':').next().unwrap_or(authority)
}

/// Esc while a probe waits for its confirmation: nothing is sent.
pub fn cancel(state: &mut State) -> bool {
    if state
        .url
        .probe
        .as_ref()
        .is_some_and(|p| p.phase == ProbePhase::Confirm)
    {
        state.url.probe = None;
        state.info("probe cancelled: nothing was sent");
        return true;
    }
    false
}

/// The answer (or why nothing could be sent). A reply for another probe is dropped.
pub fn finished(state: &mut State, req: u64, result: Result<Answer, String>) {
    let Some(p) = state.url.probe.as_mut().filter(|p| p.req == req) else {
        tracing::debug!(req, "dropping a probe reply nobody waits for");
        return;
    };
    let result = result.map(|mut a| {
        a.message = a.message.as_deref().map(crate::redact::text);
        a
    });
    p.phase = ProbePhase::Done(result.map_err(|e| crate::redact::text(&e)));
    let text = match p.comparison() {
        Some(c) if c.agrees() => "probe: AWS answered as predicted".to_string(),
        Some(_) => {
            "probe: AWS answered differently from the prediction (see the URL bar)".to_string()
        }
        None => "probe: nothing came back (see the URL bar)".to_string(),
    };
    match p.comparison() {
        Some(c) if c.agrees() => state.info(text),
        _ => state.error(text),
    }
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn the_host_of_a_url_drops_scheme_port_userinfo_and_path() {
        assert_eq!(host("https://a.b.c:8443/x?y"), "a.b.c");
        assert_eq!(host("https://u:p@h/x"), "h");
        assert_eq!(host("http://h"), "h");
    }
}
