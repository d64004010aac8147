//! Custom domain names (ROUTING.md section 4): routing rules by priority, then the longest
//! whole-segment mapping key, then the mapped API and stage.

use super::eval::Eval;
use super::needs::ApiAt;
use super::verdict::{DomainHit, DomainRoute, Reason};
use super::{http, rest, suggest};
use crate::domain::load::PartKey;
use crate::domain::model::{
    ApiKind, DomainName, HeaderMatch, RoutingMode, RoutingRule, RuleCondition,
};

pub(crate) fn route(e: &mut Eval, di: usize) {
    let (Some(d), Some(dix)) = (e.inv.domains.get(di), e.ix.domains.get(di)) else {
        return;
    };
    if !e.need(PartKey::domain(&d.name)) {
        return;
    }
    let first = e.skip_empty_from(0);
    let rules_on = matches!(
        d.routing_mode,
        RoutingMode::RoutingRuleOnly | RoutingMode::RoutingRuleThenApiMapping
    );
    if rules_on {
        for &ri in &dix.rules {
            let Some(rule) = d.routing_rules.get(ri) else {
                continue;
            };
            if let Some(end) = rule_matches(e, rule, first) {
                e.v.domain = Some(DomainHit {
                    name: d.name.clone(),
                    via: DomainRoute::Rule {
                        priority: rule.priority,
                    },
                });
                let from = if rule.action.strip_base_path {
                    end
                } else {
                    first
                };
                let (api, stage) = (rule.action.api_id.clone(), rule.action.stage.clone());
                e.note(format!(
                    "Routing rule priority {} chose {}/{stage}.",
                    rule.priority,
                    e.inv.api_name(&api)
                ));
                return target(e, d, &api, &stage, from);
            }
        }
        if d.routing_mode == RoutingMode::RoutingRuleOnly {
            no_mapping(e, d, first);
            e.likely("With routing mode ROUTING_RULE_ONLY and no rule matching, the exact answer (403 or 404) is low confidence.");
            return;
        }
    }
    for &mi in &dix.mappings {
        let Some(m) = d.mappings.get(mi) else {
            continue;
        };
        if let Some(end) = prefix_end(e, &m.key, first) {
            e.v.domain = Some(DomainHit {
                name: d.name.clone(),
                via: DomainRoute::Mapping(m.key.clone()),
            });
            let (api, stage) = (m.api_id.clone(), m.stage.clone());
            return target(e, d, &api, &stage, end);
        }
    }
    no_mapping(e, d, first);
}

/// Where a mapping key (or base path) ends if it is a whole-segment prefix of the path.
fn prefix_end(e: &Eval, key: &str, first: usize) -> Option<usize> {
    let mut i = first;
    for part in key.split('/').filter(|p| !p.is_empty()) {
        if e.segs.get(i)?.text(e.path) != part {
            return None;
        }
        i += 1;
    }
    Some(i)
}

fn rule_matches(e: &Eval, rule: &RoutingRule, first: usize) -> Option<usize> {
    let mut end = first;
    for c in &rule.conditions {
        match c {
            RuleCondition::Headers { any_of } => {
                if !any_of.iter().any(|h| header_matches(e, h)) {
                    return None;
                }
            }
            RuleCondition::BasePaths { any_of } => {
                end = any_of.iter().find_map(|bp| prefix_end(e, bp, first))?;
            }
        }
    }
    Some(end)
}

fn header_matches(e: &Eval, h: &HeaderMatch) -> bool {
    e.req
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(&h.header))
        .any(|(_, v)| glob(&h.value_glob, v))
}

/// `*` matches any run of characters; everything else literally (case-sensitive).
pub fn glob(pattern: &str, value: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == value;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !value.starts_with(first) || value.len() < first.len() + last.len() || !value.ends_with(last)
    {
        return false;
    }
    let mut rest = &value[first.len()..value.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

fn target(e: &mut Eval, d: &DomainName, api_id: &str, stage: &str, from: usize) {
    match e.api_at(api_id, None) {
        ApiAt::Stop => return,
        ApiAt::Rest(i) => {
            let api = &e.inv.rest_apis[i];
            if !e.need_stages(ApiKind::Rest, &api.id) {
                return;
            }
            if api.stage(stage).is_none() {
                return missing_stage(e, d, &api.name, stage, from, rest::summary(api));
            }
            rest::on_stage(e, i, stage, from);
        }
        ApiAt::Http(i) => {
            let api = &e.inv.http_apis[i];
            if !e.need_stages(ApiKind::Http, &api.id) {
                return;
            }
            if api.stage(stage).is_none() {
                return missing_stage(e, d, &api.name, stage, from, http::summary(api));
            }
            http::on_stage(e, i, stage, from);
        }
        ApiAt::Absent => {
            e.fail(
                Reason::NoMapping,
                403,
                "Forbidden",
                Some("ForbiddenException"),
            );
            e.fail_at(from);
            e.likely(format!("The mapping on {} points at API {api_id}, which does not exist in this account and region (another account, or deleted): the answer is a guess.", d.name));
            return;
        }
    }
    if !e.stopped() {
        stage_in_path_hint(e, api_id, stage, from);
    }
}

fn missing_stage(
    e: &mut Eval,
    d: &DomainName,
    api: &str,
    stage: &str,
    from: usize,
    s: super::verdict::ApiSummary,
) {
    e.v.api = Some(s);
    e.fail(
        Reason::StageNotFound,
        403,
        "Forbidden",
        Some("ForbiddenException"),
    );
    e.fail_at(from);
    e.v.explanation = format!("{} maps this path to {api} stage {stage}, which does not exist; API Gateway answers 403 Forbidden. Point the mapping at an existing stage.", d.name);
}

/// Rule 4.2: on a custom domain the stage comes from the mapping; a stage name in the path
/// is just a path segment.
fn stage_in_path_hint(e: &mut Eval, api_id: &str, stage: &str, from: usize) {
    if e.v.reason == Reason::Matched {
        return;
    }
    let at = e.skip_empty_from(from);
    let seg = e.seg_text(at);
    let is_stage = e
        .inv
        .rest_api(api_id)
        .map(|a| a.stage(seg).is_some())
        .or_else(|| e.inv.http_api(api_id).map(|a| a.stage(seg).is_some()))
        .unwrap_or(false);
    if is_stage && !seg.is_empty() {
        let fixed = e.remove_seg(at);
        e.note(format!(
            "On a custom domain the stage comes from the mapping ({stage}), so `{seg}` in the path is just another path segment, not a stage. Drop it: {fixed}"
        ));
        e.v.suggestions.insert(0, fixed);
    }
}

fn no_mapping(e: &mut Eval, d: &DomainName, first: usize) {
    let http_only = !d.mappings.is_empty()
        && d.mappings
            .iter()
            .all(|m| e.inv.http_api(&m.api_id).is_some());
    if http_only {
        e.fail(Reason::NoMapping, 404, "Not Found", None);
        e.likely("For a domain mapping only HTTP APIs the no-mapping answer may be 404 Not Found (low confidence).");
    } else {
        e.fail(
            Reason::NoMapping,
            403,
            "Forbidden",
            Some("ForbiddenException"),
        );
    }
    e.fail_at(first);
    let seg = e.seg_text(first);
    let keys: Vec<&str> = d.mappings.iter().map(|m| m.display_key()).collect();
    e.v.suggestions = suggest::closest(seg, keys.iter().copied(), 3);
    e.v.explanation = format!(
        "{} has no base path mapping for `/{seg}`: the longest mapping key that is a whole-segment prefix of the path wins, and its keys are {}{}. API Gateway answers {} here. Use one of the keys as the first path segment, or add a mapping.",
        d.name,
        if keys.is_empty() { "none".to_string() } else { keys.join(", ") },
        if d.routing_mode == RoutingMode::ApiMappingOnly { "" } else { " (and no routing rule matched)" },
        e.v.status.unwrap_or(403)
    );
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn header_globs() {
        assert!(glob("beta*", "beta-2"));
        assert!(glob("beta*", "beta"));
        assert!(!glob("beta*", "Beta"));
        assert!(glob("*-eu-*", "x-eu-1"));
        assert!(glob("exact", "exact"));
        assert!(!glob("a*b", "ab-c"));
    }
}
