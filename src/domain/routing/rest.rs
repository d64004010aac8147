//! REST APIs (ROUTING.md section 2): stage segment, the deployed resource tree, method
//! choice, not-deployed detection, canaries, then authorization.

use super::access;
use super::auth;
use super::eval::Eval;
use super::gateway_response as gw;
use super::lookup::{self, Outcome};
use super::needs::api_ref;
use super::trie::{Source, Trie};
use super::url::Seg;
use super::verdict::{ApiSummary, AuthSummary, Reason};
use super::{explain, preflight, rest_fail, suggest};
use crate::domain::load::{PartKey, PartKind};
use crate::domain::model::{ApiKind, Method, RestApi};

pub(crate) fn summary(api: &RestApi) -> ApiSummary {
    ApiSummary {
        id: api.id.clone(),
        name: api.name.clone(),
        kind: ApiKind::Rest,
    }
}

/// A request on the execute-api host: the first segment is the stage.
pub(crate) fn execute_api(e: &mut Eval, i: usize) {
    let Some(api) = e.inv.rest_apis.get(i) else {
        return;
    };
    e.v.api = Some(summary(api));
    if api.disable_execute_api_endpoint {
        e.fail(
            Reason::ExecuteApiDisabled,
            403,
            "Forbidden",
            Some("ForbiddenException"),
        );
        e.v.explanation = format!(
            "{} has the default execute-api endpoint disabled (disableExecuteApiEndpoint), so calls through {}.execute-api… get 403 Forbidden. Call it through one of its custom domain names instead.",
            api.name, api.id
        );
        e.v.suggestions = domains_of(e, &api.id);
        gw::default_4xx_caveat(e, api);
        return;
    }
    stage_segment(e, i, 0);
}

/// Custom domains that map this API (for suggestions).
pub(crate) fn domains_of(e: &Eval, api_id: &str) -> Vec<String> {
    e.inv
        .domains
        .iter()
        .flat_map(|d| {
            d.mappings
                .iter()
                .filter(|m| m.api_id == api_id)
                .map(move |m| format!("https://{}/{}", d.name, m.key))
        })
        .take(3)
        .collect()
}

/// Segment `at` names the stage.
fn stage_segment(e: &mut Eval, i: usize, at: usize) {
    let Some(api) = e.inv.rest_apis.get(i) else {
        return;
    };
    if !e.need_stages(ApiKind::Rest, &api.id) {
        return;
    }
    let name = e.seg_text(at);
    if api.stage(name).is_some() && !name.is_empty() {
        return on_stage(e, i, name, at + 1);
    }
    e.fail(
        Reason::StageNotFound,
        403,
        "Forbidden",
        Some("ForbiddenException"),
    );
    let names = api.stages.iter().map(|s| s.name.as_str());
    e.v.suggestions = suggest::closest(name, names, 3);
    e.fail_at(at);
    let stages: Vec<&str> = api.stages.iter().map(|s| s.name.as_str()).collect();
    e.v.explanation = if name.is_empty() {
        format!(
            "The URL has no stage: on the execute-api host the first path segment must name a stage of {} ({}), e.g. /{}/…; without it API Gateway answers 403 Forbidden.",
            api.name,
            stages.join(", "),
            stages.first().copied().unwrap_or("prod")
        )
    } else {
        let fix =
            e.v.suggestions
                .first()
                .map(|s| format!(" Did you mean `{s}`: {}?", e.replace_seg(at, s)))
                .unwrap_or_default();
        format!(
            "{} has no stage `{name}`, and on the execute-api host the first path segment is the stage, so API Gateway answers 403 Forbidden (not Missing Authentication Token). Its stages: {}.{fix}",
            api.name,
            if stages.is_empty() { "none".to_string() } else { stages.join(", ") },
        )
    };
    gw::default_4xx_caveat(e, api);
}

/// A bare path against the API (and stage) selected in the TUI.
pub(crate) fn bare(e: &mut Eval, i: usize, stage: Option<&str>) {
    let Some(api) = e.inv.rest_apis.get(i) else {
        return;
    };
    e.v.api = Some(summary(api));
    let id = api_ref(ApiKind::Rest, &api.id);
    let stages = e.need_stages(ApiKind::Rest, &api.id);
    if !(e.need(PartKey::of(id, PartKind::Resources)) && stages) {
        return;
    }
    let first = e.skip_empty_from(0);
    let first_text = e.seg_text(first);
    let first_is_stage = api.stage(first_text).is_some()
        && e.ix.rest.get(i).is_some_and(|r| {
            r.working
                .node(0)
                .is_none_or(|n| n.static_children().all(|(k, _)| k != first_text))
        });
    match stage {
        Some(s) if api.stage(s).is_some() && !first_is_stage => on_stage(e, i, s, 0),
        _ => stage_segment(e, i, first),
    }
}

/// Routes segments `from..` on a stage that exists.
pub(crate) fn on_stage(e: &mut Eval, i: usize, stage_name: &str, from: usize) {
    let (Some(api), Some(rix)) = (e.inv.rest_apis.get(i), e.ix.rest.get(i)) else {
        return;
    };
    let Some(stage) = api.stage(stage_name) else {
        return;
    };
    e.v.api = Some(summary(api));
    e.v.stage = Some(stage.name.clone());
    let id = api_ref(ApiKind::Rest, &api.id);
    let tree_read = e.need(PartKey::of(id.clone(), PartKind::Resources));
    if !(e.refine_api(id, PartKind::Deployments) && tree_read) {
        return;
    }
    let start = e.skip_empty_from(from);
    let segs: Vec<Seg> = e.segs.get(start..).unwrap_or(&[]).to_vec();
    let method = e.v.method.clone();
    if segs.is_empty() {
        e.likely("Both /stage and /stage/ reach the root resource here (reports conflict: low confidence).");
    }
    let dep = stage.deployment_id.as_deref();
    let deployed = dep.and_then(|d| rix.deployed.get(d));
    let tree = deployed.unwrap_or(&rix.working);
    if deployed.is_none() {
        e.likely(format!(
            "What stage {} serves is unknown (its deployment's summary could not be read), so this routes on the working tree, which may not be what is live.",
            stage.name
        ));
    }
    let live = lookup::find(tree, e.path, &segs, &method, true);
    canary_note(e, api, rix, stage, &segs, &method, live.is_found());
    let working = deployed.map(|_| lookup::find(&rix.working, e.path, &segs, &method, true));
    match (live, working) {
        (Outcome::Found { node, entry, steps }, w) => {
            if let Some(Outcome::Found {
                node: wn,
                entry: we,
                ..
            }) = &w
            {
                working_differs(e, (tree, node, entry), (&rix.working, *wn, *we), stage_name);
            }
            found(e, api, i, tree, node, entry, &steps, &segs);
        }
        (_, Some(Outcome::Found { node, entry, steps })) => {
            rest_fail::not_deployed(e, api, &rix.working, node, entry, &steps, &segs)
        }
        (Outcome::NoResource { .. }, Some(w @ Outcome::NoMethod { .. })) => {
            rest_fail::no_route(e, api, &rix.working, w, &segs, start)
        }
        (live, _) => rest_fail::no_route(e, api, tree, live, &segs, start),
    }
}

#[allow(clippy::too_many_arguments)]
fn canary_note(
    e: &mut Eval,
    api: &RestApi,
    rix: &super::index::RestIndex,
    stage: &crate::domain::model::Stage,
    segs: &[Seg],
    method: &str,
    live_found: bool,
) {
    let Some(c) = &stage.canary else { return };
    let Some(cd) = c.deployment_id.as_deref() else {
        return;
    };
    if c.percent_traffic <= 0.0 || Some(cd) == stage.deployment_id.as_deref() {
        return;
    }
    let Some(ct) = rix.deployed.get(cd) else {
        e.likely(format!(
            "Stage {} has a canary ({}% of requests, deployment {cd}) whose content is unknown.",
            stage.name, c.percent_traffic
        ));
        return;
    };
    let canary_found = lookup::find(ct, e.path, segs, method, true).is_found();
    if canary_found != live_found {
        let (serves, pct) = if canary_found {
            (
                "serves this route but the main deployment does not",
                c.percent_traffic,
            )
        } else {
            (
                "does not serve this route, though the main deployment does",
                c.percent_traffic,
            )
        };
        e.likely(format!(
            "Canary: {pct}% of requests to stage {} go to deployment {cd}, which {serves}; the verdict above is for the other {}% ({}).",
            stage.name,
            100.0 - pct,
            api.name
        ));
    }
}

fn method_of(api: &RestApi, src: Source) -> Option<&Method> {
    match src {
        Source::Rest(ri, mi) => api.resources.get(ri as usize)?.methods.get(mi as usize),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn found(
    e: &mut Eval,
    api: &RestApi,
    i: usize,
    tree: &Trie,
    node: u32,
    entry_i: usize,
    steps: &[super::trie::Step],
    segs: &[Seg],
) {
    let Some(entry) = lookup::entry(tree, node, entry_i).cloned() else {
        return;
    };
    let resource = lookup::node_path(tree, node);
    e.v.resource = Some(resource.clone());
    e.v.matched_method = Some(entry.method.to_string());
    e.v.path_params = lookup::path_params(tree, e.path, segs, steps);
    e.matched_all();
    if e.v.path_params.values().any(|v| v.contains('%')) {
        e.likely("Path parameter values are passed on still percent-encoded (low confidence).");
    }
    let method = method_of(api, entry.source);
    refine_method_parts(e, api, method);
    let authorizer = method.and_then(|m| m.authorizer_id.as_deref()).map(|id| {
        api.authorizer(id)
            .map_or(id, |a| a.name.as_str())
            .to_string()
    });
    e.v.authorization = Some(AuthSummary {
        kind: entry.auth,
        authorizer,
        api_key_required: entry.api_key_required,
    });
    if &*entry.method == "ANY" && e.v.method != "ANY" {
        e.note(format!(
            "{resource} has no {} method; its ANY method takes the request.",
            e.v.method
        ));
    }
    authorize(e, api, i, &entry, method, segs);
}

/// The method's authorization, API key, policy and validation gates, then the verdict:
/// matched (with a preflight's answer for OPTIONS) or the denial.
fn authorize(
    e: &mut Eval,
    api: &RestApi,
    i: usize,
    entry: &super::trie::MethodEntry,
    method: Option<&Method>,
    segs: &[Seg],
) {
    let Some(rix) = e.ix.rest.get(i) else { return };
    let mut gates = access::Access::new(e, api, entry.auth, segs);
    let outcome = auth::rest(
        e.req,
        e.query,
        api,
        entry.auth,
        entry.api_key_required,
        method,
        &rix.token_regex,
        &mut gates,
    );
    gates.finish(e);
    match outcome {
        Ok(caveat) => {
            e.v.reason = Reason::Matched;
            e.v.explanation = explain::rest_matched(&e.v, method);
            if let Some(c) = caveat {
                e.note(c);
            }
            body_validation_note(e, api, method);
            if e.v.method == "OPTIONS" {
                preflight::rest(e, api, method, &entry.method);
            }
        }
        Err(d) => rest_fail::deny(e, api, d),
    }
}

/// The authorizer and the request validator a method uses are read before the verdict
/// relies on them.
fn refine_method_parts(e: &mut Eval, api: &RestApi, method: Option<&Method>) {
    let Some(m) = method else { return };
    let id = api_ref(ApiKind::Rest, &api.id);
    if m.authorizer_id.is_some() {
        e.refine_api(id.clone(), PartKind::Authorizers);
    }
    if m.request_validator_id.is_some() {
        e.refine_api(id, PartKind::RequestValidators);
    }
}

/// Rule 2.9: a body validator's verdict needs the body.
fn body_validation_note(e: &mut Eval, api: &RestApi, method: Option<&Method>) {
    let validates_body = method
        .and_then(|m| m.request_validator_id.as_deref())
        .and_then(|id| api.request_validators.iter().find(|v| v.id == id))
        .is_some_and(|v| v.validate_request_body);
    if validates_body {
        e.note("The method validates the request body against its model: a body that does not fit gets 400 \"Invalid request body\" (only knowable with the body).");
    }
}

/// A stale stage: says what a redeploy would change for this request (another resource, or
/// the same method with different authorization).
fn working_differs(
    e: &mut Eval,
    live: (&Trie, u32, usize),
    work: (&Trie, u32, usize),
    stage: &str,
) {
    let (a, b) = (
        lookup::node_path(live.0, live.1),
        lookup::node_path(work.0, work.1),
    );
    if a != b {
        e.note(format!("After a redeploy this request would reach {b} instead of {a} (the working tree differs from stage {stage})."));
        e.v.deploy_would_fix = true;
        return;
    }
    let (Some(l), Some(w)) = (
        lookup::entry(live.0, live.1, live.2),
        lookup::entry(work.0, work.1, work.2),
    ) else {
        return;
    };
    if l.auth != w.auth || l.api_key_required != w.api_key_required {
        e.note(format!(
            "Stage {stage} serves this method with {}{}; the working tree has {}{} — a redeploy changes that.",
            l.auth.as_aws(),
            if l.api_key_required { " + API key" } else { "" },
            w.auth.as_aws(),
            if w.api_key_required { " + API key" } else { "" },
        ));
    }
}
