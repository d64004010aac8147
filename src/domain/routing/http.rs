//! HTTP APIs (ROUTING.md section 3): stage selection, route specificity, greedy routes,
//! `$default`, deployed routes, JWT / Lambda / IAM authorization, CORS preflights.

use super::auth::{self, Denial};
use super::eval::Eval;
use super::index::HttpIndex;
use super::lookup::{self, Outcome};
use super::needs::api_ref;
use super::trie::{Source, Step, Trie};
use super::url::Seg;
use super::verdict::{ApiSummary, AuthSummary, Reason};
use super::{explain, preflight, suggest};
use crate::domain::load::{PartKey, PartKind};
use crate::domain::model::{ApiKind, AuthorizationType, HttpApi, Route, Stage};

pub(crate) fn summary(api: &HttpApi) -> ApiSummary {
    ApiSummary {
        id: api.id.clone(),
        name: api.name.clone(),
        kind: ApiKind::Http,
    }
}

fn not_found(e: &mut Eval, reason: Reason) {
    e.fail(reason, 404, "Not Found", None);
}

pub(crate) fn execute_api(e: &mut Eval, i: usize) {
    let Some(api) = e.inv.http_apis.get(i) else {
        return;
    };
    e.v.api = Some(summary(api));
    if api.disable_execute_api_endpoint {
        not_found(e, Reason::ExecuteApiDisabled);
        e.v.explanation = format!(
            "{} has the default execute-api endpoint disabled (disableExecuteApiEndpoint), so calls through it get 404 Not Found. Use its custom domain name.",
            api.name
        );
        e.v.suggestions = super::rest::domains_of(e, &api.id);
        return;
    }
    select_stage(e, i);
}

/// Rule 3.1: a first segment naming a stage selects it; else `$default` gets the full path.
fn select_stage(e: &mut Eval, i: usize) {
    let Some(api) = e.inv.http_apis.get(i) else {
        return;
    };
    if !e.need_stages(ApiKind::Http, &api.id) {
        return;
    }
    let first = e.skip_empty_from(0);
    let name = e.seg_text(first);
    if name != "$default" && !name.is_empty() && api.stage(name).is_some() {
        return on_stage(e, i, name, first + 1);
    }
    if api.stage("$default").is_some() {
        return on_stage(e, i, "$default", 0);
    }
    not_found(e, Reason::StageNotFound);
    e.fail_at(first);
    let names = api.stages.iter().map(|s| s.name.as_str());
    e.v.suggestions = suggest::closest(name, names, 3);
    let stages: Vec<&str> = api.stages.iter().map(|s| s.name.as_str()).collect();
    e.v.explanation = format!(
        "{} has no `$default` stage, so the first path segment must name one of its stages ({}); `{name}` does not. API Gateway answers 404 Not Found.",
        api.name,
        if stages.is_empty() { "none".to_string() } else { stages.join(", ") }
    );
}

pub(crate) fn bare(e: &mut Eval, i: usize, stage: Option<&str>) {
    let Some(api) = e.inv.http_apis.get(i) else {
        return;
    };
    e.v.api = Some(summary(api));
    if !e.need_stages(ApiKind::Http, &api.id) {
        return;
    }
    let first = e.skip_empty_from(0);
    let names_stage = api.stage(e.seg_text(first)).is_some();
    match stage {
        Some(s) if api.stage(s).is_some() && !names_stage => on_stage(e, i, s, 0),
        _ => select_stage(e, i),
    }
}

/// The routes and (unless the stage deploys automatically) the deployment it serves have
/// been read; else the verdict waits for them.
fn stage_parts_read(e: &mut Eval, api: &HttpApi, stage: &Stage) -> bool {
    let id = api_ref(ApiKind::Http, &api.id);
    let routes_read = e.need(PartKey::of(id.clone(), PartKind::Routes));
    // An autoDeploy stage serves the routes themselves: no deployment to read.
    let deployed_read = stage.auto_deploy || e.refine_api(id, PartKind::Deployments);
    routes_read && deployed_read
}

/// Routes segments `from..` on a stage that exists (chosen by the URL or a mapping).
pub(crate) fn on_stage(e: &mut Eval, i: usize, stage_name: &str, from: usize) {
    let (Some(api), Some(hix)) = (e.inv.http_apis.get(i), e.ix.http.get(i)) else {
        return;
    };
    let Some(stage) = api.stage(stage_name) else {
        return;
    };
    e.v.api = Some(summary(api));
    e.v.stage = Some(stage.name.clone());
    if !stage_parts_read(e, api, stage) {
        return;
    }
    let start = e.skip_empty_from(from);
    let segs: Vec<Seg> = e.segs.get(start..).unwrap_or(&[]).to_vec();
    let method = e.v.method.clone();
    if e.trailing_slash && !segs.is_empty() {
        e.likely("A trailing slash likely still matches on HTTP APIs (low confidence).");
    }
    let deployed = (!stage.auto_deploy)
        .then(|| {
            stage
                .deployment_id
                .as_deref()
                .and_then(|d| hix.deployed.get(d))
        })
        .flatten();
    if !stage.auto_deploy && deployed.is_none() {
        e.likely(format!("What stage {} serves is unknown (no autoDeploy and its deployment could not be read), so this routes on the current routes.", stage.name));
    }
    let (tree, has_default) = match deployed {
        Some(d) => (&d.trie, d.has_default),
        None => (&hix.working, hix.default_route.is_some()),
    };
    if method == "OPTIONS" && gateway_preflight(e, api, tree, has_default, &segs, start) {
        return;
    }
    let live = match select(tree, e.path, &segs, &method) {
        Outcome::Found { node, entry, steps } => {
            let wn = deployed.map(|_| select(&hix.working, e.path, &segs, &method));
            if let Some(Outcome::Found { node: w, .. }) = wn {
                if lookup::node_path(&hix.working, w) != lookup::node_path(tree, node) {
                    e.note("The current routes would send this elsewhere after a deployment.");
                    e.v.deploy_would_fix = true;
                }
            }
            return found(e, api, tree, node, entry, &steps, &segs);
        }
        other => other,
    };
    if deployed.is_some() && undeployed_route(e, api, stage, hix, &segs, has_default) {
        return;
    }
    if has_default {
        return default_route(e, api, i);
    }
    no_route(e, api, tree, live, &segs, start);
}

/// A route only in the current routes, not in the stage's deployment: with `$default` the
/// deployment would change the answer (a note); without it the answer is 404 not deployed
/// (true: the verdict is decided).
fn undeployed_route(
    e: &mut Eval,
    api: &HttpApi,
    stage: &Stage,
    hix: &HttpIndex,
    segs: &[Seg],
    has_default: bool,
) -> bool {
    let method = e.v.method.clone();
    let Outcome::Found { node, entry, .. } = select(&hix.working, e.path, segs, &method) else {
        return false;
    };
    let key = route_key_of(api, &hix.working, node, entry);
    let cmd = explain::deploy_command_http(&api.id, &stage.name);
    e.v.deploy_would_fix = true;
    if has_default {
        e.note(format!("The route `{key}` exists but is not deployed to stage {}; after `{cmd}` it would take this request instead of $default.", stage.name));
        return false;
    }
    not_found(e, Reason::NotDeployed);
    e.v.route_key = Some(key.clone());
    e.matched_all();
    e.v.explanation = format!("The route `{key}` exists on {} but is not in stage {}'s deployment (the stage has no autoDeploy), so API Gateway answers 404 Not Found. Deploy: `{cmd}`.", api.name, stage.name);
    e.v.suggestions.push(cmd);
    true
}

/// Rule 3.5: with a corsConfiguration, API Gateway answers a preflight itself only when no
/// route (ANY, OPTIONS or `$default`) matches `OPTIONS <path>`. True when it did.
fn gateway_preflight(
    e: &mut Eval,
    api: &HttpApi,
    tree: &Trie,
    has_default: bool,
    segs: &[Seg],
    start: usize,
) -> bool {
    let Some(cors) = &api.cors else {
        return false;
    };
    let takes = has_default || select(tree, e.path, segs, "OPTIONS").is_found();
    if takes {
        e.note("Although the API has a corsConfiguration, a route (ANY, OPTIONS or $default) matches OPTIONS here, so that route takes the preflight, with its authorizer; if it answers 401/403 the browser reports a CORS error.");
        return false;
    }
    e.v.reason = Reason::CorsPreflight;
    e.v.status = Some(204);
    e.matched_all();
    e.v.explanation = format!("{} has a corsConfiguration and no route matches OPTIONS {}, so API Gateway answers the preflight itself (204) without calling an integration.", api.name, e.rest_path(start));
    e.likely("The 204 status of API Gateway's own preflight answer is low confidence.");
    preflight::http(e, &api.name, cors);
    true
}

fn no_route(e: &mut Eval, api: &HttpApi, tree: &Trie, live: Outcome, segs: &[Seg], start: usize) {
    not_found(e, Reason::NoRoute);
    let method = e.v.method.clone();
    let stage = e.v.stage.clone().unwrap_or_default();
    let (deepest, dn) = match live {
        Outcome::NoResource {
            deepest,
            deepest_node,
        } => (deepest, deepest_node),
        _ => (segs.len(), 0),
    };
    e.fail_at(start + deepest);
    let bad = segs.get(deepest).map_or("", |s| s.text(e.path));
    e.v.suggestions = suggest::resources(tree, dn, bad);
    let near = if e.v.suggestions.is_empty() {
        String::new()
    } else {
        format!(" Nearest routes: {}.", e.v.suggestions.join(", "))
    };
    e.v.explanation = format!("No route of {} matches {} {} on stage {} and there is no $default route, so API Gateway answers 404 Not Found.{near}", api.name, method, e.rest_path(start), stage);
    if method == "OPTIONS" {
        e.note("A browser reports this as a CORS failure: give the API a corsConfiguration (API Gateway then answers preflights itself) or an OPTIONS route.");
    }
}

/// Rule 3.2: non-greedy routes first (most specific, exact method over ANY), then greedy.
fn select(tree: &Trie, path: &str, segs: &[Seg], method: &str) -> Outcome {
    let first = lookup::find(tree, path, segs, method, false);
    if first.is_found() {
        return first;
    }
    let second = lookup::find(tree, path, segs, method, true);
    match (&first, &second) {
        (_, Outcome::Found { .. }) => second,
        (Outcome::NoMethod { .. }, _) => first,
        _ => second,
    }
}

fn route_of<'a>(api: &'a HttpApi, tree: &Trie, node: u32, entry: usize) -> Option<&'a Route> {
    match lookup::entry(tree, node, entry)?.source {
        Source::Route(r) => api.routes.get(r as usize),
        _ => None,
    }
}

fn route_key_of(api: &HttpApi, tree: &Trie, node: u32, entry: usize) -> String {
    route_of(api, tree, node, entry).map_or_else(
        || {
            let m = lookup::entry(tree, node, entry).map_or("ANY", |x| &*x.method);
            format!("{m} {}", lookup::node_path(tree, node))
        },
        |r| r.route_key.clone(),
    )
}

fn found(
    e: &mut Eval,
    api: &HttpApi,
    tree: &Trie,
    node: u32,
    entry: usize,
    steps: &[Step],
    segs: &[Seg],
) {
    let key = route_key_of(api, tree, node, entry);
    let route = route_of(api, tree, node, entry);
    let auth = lookup::entry(tree, node, entry).map_or(AuthorizationType::None, |x| x.auth);
    e.v.resource = Some(lookup::node_path(tree, node));
    e.v.matched_method = key.split_once(' ').map(|(m, _)| m.to_string());
    e.v.route_key = Some(key);
    e.v.path_params = lookup::path_params(tree, e.path, segs, steps);
    e.matched_all();
    authorize(e, api, route, auth);
}

fn default_route(e: &mut Eval, api: &HttpApi, i: usize) {
    let route =
        e.ix.http
            .get(i)
            .and_then(|h| h.default_route)
            .and_then(|r| api.routes.get(r as usize));
    e.v.route_key = Some("$default".to_string());
    e.v.matched_method = Some("ANY".to_string());
    e.matched_all();
    e.note("No specific route matches, so the $default route catches it.");
    authorize(
        e,
        api,
        route,
        route.map_or(AuthorizationType::None, |r| r.authorization_type),
    );
}

fn authorize(e: &mut Eval, api: &HttpApi, route: Option<&Route>, auth: AuthorizationType) {
    if route.is_some_and(|r| r.authorizer_id.is_some()) {
        e.refine_api(api_ref(ApiKind::Http, &api.id), PartKind::Authorizers);
    }
    let authorizer = route
        .and_then(|r| r.authorizer_id.as_deref())
        .and_then(|id| api.authorizer(id));
    e.v.authorization = Some(AuthSummary {
        kind: auth,
        authorizer: route
            .and_then(|r| r.authorizer_id.as_deref())
            .map(|id| authorizer.map_or(id, |a| a.name.as_str()).to_string()),
        api_key_required: false,
    });
    let target = route.and_then(|r| r.target.as_deref()).map(|t| {
        let id = t.trim_start_matches("integrations/");
        api.integrations
            .iter()
            .find(|x| x.id == id)
            .and_then(|x| x.integration_uri.clone())
            .unwrap_or_else(|| t.to_string())
    });
    let key = e.v.route_key.clone().unwrap_or_default();
    let result = auth::http(e.req, e.query, auth, authorizer);
    if result.is_err() && e.v.method == "OPTIONS" && api.cors.is_none() {
        e.note("A browser preflight carries no credentials, so this route refuses it and the browser reports a CORS failure: add a corsConfiguration, or an OPTIONS route without authorization.");
    }
    match result {
        Ok(caveat) => {
            e.v.reason = Reason::Matched;
            let mut text = explain::http_matched(&e.v, target.as_deref());
            std::mem::swap(&mut e.v.explanation, &mut text);
            if let Some(c) = caveat {
                e.note(c);
            }
        }
        Err(Denial::IdentityMissing(m)) => {
            e.fail(Reason::IdentityMissing, 401, "Unauthorized", None);
            e.v.explanation = format!("The route `{key}` on {} uses a {} authorizer and the request lacks its identity source ({m}), so API Gateway answers 401 Unauthorized. Send the token (e.g. -H 'Authorization: Bearer <jwt>').", api.name, auth.as_aws());
        }
        Err(_) => {
            e.fail(Reason::IamUnsigned, 403, "Forbidden", None);
            e.v.explanation = format!("The route `{key}` on {} uses AWS_IAM authorization and the request carries no SigV4 signature, so API Gateway refuses it with 403. Sign it (e.g. awscurl --service execute-api).", api.name);
            e.likely("The body of an HTTP API's unsigned-IAM answer is low confidence.");
        }
    }
}
