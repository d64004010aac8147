//! REST answers for requests the gateway refuses: authorization denials and the three
//! causes behind "Missing Authentication Token" (no resource, no method, not deployed).

use super::auth::{self, Denial};
use super::eval::Eval;
use super::gateway_response as gw;
use super::lookup::{self, Outcome};
use super::trie::{Step, Trie};
use super::url::Seg;
use super::verdict::Reason;
use super::{explain, suggest};
use crate::domain::model::RestApi;

pub(crate) fn deny(e: &mut Eval, api: &RestApi, d: Denial) {
    if e.v.method == "OPTIONS" {
        e.note("A browser preflight carries no credentials, so a method that needs them answers the preflight with this error, and the browser reports a CORS failure: give the resource an OPTIONS method with authorization NONE (apigw cors).");
    }
    let what = format!(
        "{} {} on {} stage {}",
        e.v.matched_method.as_deref().unwrap_or(""),
        e.v.resource.as_deref().unwrap_or(""),
        api.name,
        e.v.stage.as_deref().unwrap_or("")
    );
    match d {
        Denial::IamUnsigned => {
            gw::answer(
                e,
                api,
                Reason::IamUnsigned,
                gw::MISSING_AUTHENTICATION_TOKEN,
                None,
            );
            e.v.explanation = explain::mat(e.v.status, "an unsigned call to an IAM-protected method", &format!("{what} exists and is deployed, but it uses AWS_IAM authorization and the request carries no SigV4 signature. Sign it (e.g. `awscurl --service execute-api --region <region> -X {} <url>`, or SigV4 in your SDK), or change the method's authorization.", e.v.method));
        }
        Denial::BadSignature(v) => bad_signature(e, api, &v, &what),
        Denial::ApiKeyMissing => {
            gw::answer(e, api, Reason::ApiKeyMissing, gw::INVALID_API_KEY, None);
            e.v.explanation = format!("{what} requires an API key (apiKeyRequired) and the request has no `x-api-key` header, so API Gateway answers 403 Forbidden. Send `-H 'x-api-key: <key>'` with a key whose usage plan includes this stage (whether a given key is valid is only knowable with keys and usage plans loaded).");
        }
        Denial::IdentityMissing(m) => {
            gw::answer(e, api, Reason::IdentityMissing, gw::UNAUTHORIZED, None);
            let a =
                e.v.authorization
                    .as_ref()
                    .and_then(|a| a.authorizer.clone())
                    .unwrap_or_default();
            e.v.explanation = format!("{what} is protected by the authorizer `{a}`, and the request lacks its identity source: {m}. API Gateway answers 401 Unauthorized without calling it. Send the token (e.g. `-H 'Authorization: Bearer <token>'`).");
        }
        Denial::Access(a) => super::access::deny(e, api, *a, &what),
        Denial::RequestInvalid(missing) => {
            let msg = format!(
                "Missing required request parameters: [{}]",
                missing.join(", ")
            );
            gw::answer(
                e,
                api,
                Reason::RequestInvalid,
                gw::BAD_REQUEST_PARAMETERS,
                Some(msg),
            );
            e.v.explanation = format!("{what} has a request validator that checks parameters, and the request lacks required ones: {}. API Gateway answers 400 before the integration. Add them.", missing.join(", "));
        }
    }
}

/// AWS_IAM with an Authorization header that is not SigV4 (a bearer token or similar).
fn bad_signature(e: &mut Eval, api: &RestApi, v: &str, what: &str) {
    let msg = auth::incomplete_signature_message(v);
    gw::answer(
        e,
        api,
        Reason::IamUnsigned,
        gw::INVALID_SIGNATURE,
        Some(msg),
    );
    e.v.explanation = format!("{what} uses AWS_IAM, but the Authorization header is not a SigV4 signature (a bearer token or similar), so API Gateway tries to read it as one and answers 403 with an IncompleteSignatureException message. Sign the request with SigV4 instead of sending a token.");
    e.likely("The exact 403 message for a non-SigV4 Authorization header is low confidence.");
}

pub(crate) fn not_deployed(
    e: &mut Eval,
    api: &RestApi,
    working: &Trie,
    node: u32,
    entry: usize,
    steps: &[Step],
    segs: &[Seg],
) {
    let resource = lookup::node_path(working, node);
    let m = lookup::entry(working, node, entry)
        .map(|x| x.method.to_string())
        .unwrap_or_default();
    e.v.resource = Some(resource.clone());
    e.v.matched_method = Some(m.clone());
    e.v.path_params = lookup::path_params(working, e.path, segs, steps);
    e.v.deploy_would_fix = true;
    e.matched_all();
    mat_answer(e, api, Reason::NotDeployed);
    let stage = e.v.stage.clone().unwrap_or_default();
    let cmd = explain::deploy_command_rest(&api.id, &stage);
    e.v.explanation = explain::mat(e.v.status, "a route that is not deployed", &format!("{m} {resource} exists in {}'s working tree, but stage {stage} serves an older deployment that does not contain it (changes reach callers only after a deployment). Deploy the stage: `{cmd}`.", api.name));
    e.v.suggestions.push(cmd);
}

pub(crate) fn no_route(
    e: &mut Eval,
    api: &RestApi,
    tree: &Trie,
    o: Outcome,
    segs: &[Seg],
    start: usize,
) {
    let rest_path = e.rest_path(start);
    match o {
        Outcome::NoMethod { node, .. } => {
            let resource = lookup::node_path(tree, node);
            let has = lookup::method_list(tree, node);
            e.v.resource = Some(resource.clone());
            e.matched_all();
            mat_answer(e, api, Reason::NoMethod);
            let mut detail = format!("resource {resource} exists on stage {} but has no {} method and no ANY (it has {has}).", e.v.stage.as_deref().unwrap_or(""), e.v.method);
            if e.v.method == "HEAD" {
                detail.push_str(" HEAD is not implied by GET: add a HEAD method.");
            }
            if e.v.method == "OPTIONS" {
                detail.push_str(&format!(" A browser reports this as a CORS failure (the preflight is refused). Add an OPTIONS mock: `apigw cors --api {} --path {resource}`.", api.name));
            }
            e.v.explanation = explain::mat(e.v.status, "no such route", &detail);
            e.v.suggestions = vec![format!("{resource} ({has})")];
        }
        Outcome::NoResource {
            deepest,
            deepest_node,
        } => {
            e.fail_at(start + deepest);
            mat_answer(e, api, Reason::NoResource);
            let bad = segs.get(deepest).map_or("", |s| s.text(e.path));
            e.v.suggestions = suggest::resources(tree, deepest_node, bad);
            let near = if e.v.suggestions.is_empty() {
                String::new()
            } else {
                format!(" Nearest resources: {}.", e.v.suggestions.join(", "))
            };
            let detail = format!("no resource of {} matches {rest_path} on stage {} (paths are case-sensitive and matched after the stage segment; the first segment that cannot match is `{bad}`).{near}", api.name, e.v.stage.as_deref().unwrap_or(""));
            e.v.explanation = explain::mat(e.v.status, "no such route", &detail);
            if e.v.method == "OPTIONS" {
                e.note("A browser reports this as a CORS failure.");
            }
            if e.path.contains('%') {
                e.likely("Whether a static segment matches a percent-encoded form of its name is unsettled (low confidence).");
            }
        }
        Outcome::Found { .. } => {}
    }
}

/// The 403 Missing Authentication Token answer for no_resource / no_method / not_deployed
/// (or the IncompleteSignatureException one with a non-SigV4 Authorization header).
fn mat_answer(e: &mut Eval, api: &RestApi, reason: Reason) {
    match auth::signature(e.req, e.query) {
        auth::Signature::Other(v) => {
            let msg = auth::incomplete_signature_message(&v);
            gw::answer(e, api, reason, gw::INVALID_SIGNATURE, Some(msg));
            e.likely("With a non-SigV4 Authorization header AWS answers an IncompleteSignatureException message instead of Missing Authentication Token (low confidence); the real cause is the missing route, not authentication.");
        }
        _ => gw::answer(e, api, reason, gw::MISSING_AUTHENTICATION_TOKEN, None),
    }
}
