//! The host dispatch of ROUTING.md section 1: which API a URL reaches.

use super::eval::Eval;
use super::needs::ApiAt;
use super::url::split_url;
use super::verdict::*;
use super::{domain, http, rest, suggest};
use crate::domain::model::ApiKind;

/// What a host names.
enum Host<'h> {
    ExecuteApi {
        id: &'h str,
        region: &'h str,
        vpce: bool,
    },
    VpcEndpoint,
    Other,
}

/// `vpce-….execute-api.{region}.vpce.amazonaws.com` → the region.
fn region_of_vpce(host: &str) -> Option<String> {
    let (_, rest) = host.split_once(".execute-api.")?;
    Some(rest.strip_suffix(".vpce.amazonaws.com")?.to_string())
}

fn classify(host: &str) -> Host<'_> {
    if let Some((label, rest)) = host.split_once(".execute-api.") {
        if let Some(region) = rest.strip_suffix(".vpce.amazonaws.com") {
            let _ = region;
            return Host::VpcEndpoint;
        }
        let region = rest
            .strip_suffix(".amazonaws.com")
            .or_else(|| rest.strip_suffix(".amazonaws.com.cn"));
        if let Some(region) = region {
            return match label.split_once('-') {
                Some((id, vpce)) if vpce.starts_with("vpce") => Host::ExecuteApi {
                    id,
                    region,
                    vpce: true,
                },
                _ => Host::ExecuteApi {
                    id: label,
                    region,
                    vpce: false,
                },
            };
        }
    }
    Host::Other
}

/// Evaluates the whole request.
pub(crate) fn run(e: &mut Eval, ctx: &MatchContext<'_>) {
    e.caller = ctx.caller.clone();
    let host = split_url(&e.req.url).host;
    match host {
        None => bare_path(e, ctx),
        Some(h) if h.is_empty() => bare_path(e, ctx),
        Some(h) => by_host(e, &h),
    }
}

fn by_host(e: &mut Eval, host: &str) {
    match classify(host) {
        Host::ExecuteApi { id, region, vpce } => execute_api(e, id, region, vpce, host),
        Host::VpcEndpoint => {
            let id = e
                .req
                .header("x-apigw-api-id")
                .map(|s| s.trim().to_ascii_lowercase())
                .or_else(|| {
                    let h = super::url::clean_host(e.req.header("host")?);
                    match classify(&h) {
                        Host::ExecuteApi { id, .. } => Some(id.to_string()),
                        _ => None,
                    }
                });
            match id {
                Some(id) => {
                    let region = region_of_vpce(host).unwrap_or_default();
                    execute_api(e, &id, &region, true, host)
                }
                None => {
                    e.fail(
                        Reason::UnknownHost,
                        403,
                        "Forbidden",
                        Some("ForbiddenException"),
                    );
                    e.likely(
                        "This is a VPC endpoint host: API Gateway picks the private API from an \
                         `x-apigw-api-id: <api id>` header (or a `Host: <api id>.execute-api.<region>.amazonaws.com` \
                         header), and the request has neither. Add one.",
                    );
                    e.v.explanation =
                        format!("The host {host} is an interface VPC endpoint, not an API.");
                }
            }
        }
        Host::Other => match e.ix.domain_for(host) {
            Some(di) => domain::route(e, di),
            None => {
                if e.lists_read() {
                    unknown_host(e, host, None)
                }
            }
        },
    }
}

fn execute_api(e: &mut Eval, id: &str, region: &str, vpce: bool, host: &str) {
    let id = id.to_ascii_lowercase();
    // A host naming another region than the inventory's is read there.
    let foreign = match e.inv.region.as_deref() {
        Some(r) if !region.is_empty() && r != region => Some(region),
        _ => None,
    };
    let at = e.api_at(&id, foreign);
    if at == ApiAt::Stop {
        return;
    }
    if let Some(lives) = api_region(e, at).filter(|r| !region.is_empty() && r != region) {
        return wrong_region(e, &id, host, region, &lives);
    }
    if let Some(r) = foreign.filter(|_| at != ApiAt::Absent) {
        e.note(format!(
            "This API lives in {r}, not in the region apigw runs with ({}): it was read there.",
            e.inv.region.as_deref().unwrap_or("?")
        ));
    }
    match at {
        ApiAt::Rest(i) => {
            if vpce {
                e.note("Private API reached through a VPC endpoint: the API's resource policy must also allow that endpoint (give --vpce to check its conditions).");
            }
            rest::execute_api(e, i)
        }
        ApiAt::Http(i) => http::execute_api(e, i),
        ApiAt::Absent | ApiAt::Stop => no_such_api(e, &id, region, host),
    }
}

/// The region an API found by id lives in (its own, else the inventory's).
fn api_region(e: &Eval, at: ApiAt) -> Option<String> {
    let view = match at {
        ApiAt::Rest(i) => e
            .inv
            .rest_apis
            .get(i)
            .map(crate::domain::model::ApiView::Rest),
        ApiAt::Http(i) => e
            .inv
            .http_apis
            .get(i)
            .map(crate::domain::model::ApiView::Http),
        _ => None,
    }?;
    view.region_in(e.inv).map(str::to_string)
}

fn wrong_region(e: &mut Eval, id: &str, host: &str, region: &str, lives: &str) {
    let name = e.inv.api_name(id).to_string();
    unknown_host(e, host, None);
    e.fail(
        Reason::UnknownHost,
        403,
        "Forbidden",
        Some("ForbiddenException"),
    );
    e.v.confidence = Confidence::Likely;
    let fixed = host.replacen(region, lives, 1);
    e.v.suggestions.insert(0, fixed.clone());
    e.v.explanation = format!(
        "{name} ({id}) lives in {lives}, but the URL names region {region}: API Gateway in {region} has no such API and answers 403 Forbidden (likely). Use {fixed}."
    );
}

fn no_such_api(e: &mut Eval, id: &str, region: &str, host: &str) {
    let region_note = match e.inv.region.as_deref() {
        Some(r) if !region.is_empty() && r != region => {
            format!(" It was looked up in {region}, the region the URL names (apigw runs in {r}).")
        }
        _ => String::new(),
    };
    unknown_host(e, host, Some((id, region_note)));
    e.fail(
        Reason::UnknownHost,
        403,
        "Forbidden",
        Some("ForbiddenException"),
    );
    e.likely("An execute-api host with an API id that does not exist is answered 403 Forbidden (low confidence).");
}

pub(crate) fn unknown_host(e: &mut Eval, host: &str, api_id: Option<(&str, String)>) {
    e.v.reason = Reason::UnknownHost;
    let known = &e.ix.known_hosts;
    e.v.suggestions = suggest::hosts(host, known, 3);
    let listed: Vec<&str> = known.iter().take(8).map(String::as_str).collect();
    let more = known.len().saturating_sub(listed.len());
    let list = if listed.is_empty() {
        "none (the inventory is empty)".to_string()
    } else if more > 0 {
        format!("{} and {more} more", listed.join(", "))
    } else {
        listed.join(", ")
    };
    e.v.explanation = match api_id {
        Some((id, region_note)) => format!(
            "No API with id `{id}` is in the loaded inventory, so API Gateway would not route this host to anything it knows (a wrong id, another account or another region).{region_note} Known hosts: {list}."
        ),
        None => format!(
            "The host {host} is neither an execute-api host nor a custom domain name in the loaded inventory, so API Gateway (as far as this account is concerned) would not receive it. Check the DNS name, or load the account that owns it. Known hosts: {list}."
        ),
    };
}

fn bare_path(e: &mut Eval, ctx: &MatchContext<'_>) {
    let Some(api) = ctx.api.clone() else {
        e.v.reason = Reason::UnknownHost;
        e.v.explanation = "A bare path needs an API: type a full URL (https://<api id>.execute-api.<region>.amazonaws.com/<stage>/… or a custom domain), or select an API and stage first.".to_string();
        e.v.suggestions = e.ix.known_hosts.iter().take(3).cloned().collect();
        return;
    };
    let id = api.id.to_ascii_lowercase();
    let stage = ctx.stage.as_deref();
    match (api.kind, e.api_at(&id, None)) {
        (_, ApiAt::Stop) => {}
        (ApiKind::Rest, ApiAt::Rest(i)) => rest::bare(e, i, stage),
        (ApiKind::Http, ApiAt::Http(i)) => http::bare(e, i, stage),
        _ => unknown_host(e, "(selected API)", Some((&id, String::new()))),
    }
}
