//! The URL bar: what was typed, the method selector, extra headers, and the verdict of the
//! last evaluation. Every edit re-evaluates and moves the selection to what the URL reaches.

use super::effect::Effect;
use super::focus::Pane;
use super::rows::{DomainItem, DomainKey};
use super::state::State;
use super::tree::{ApiTree, TreeKey};
use crate::config::Source;
use crate::domain::load::PartKey;
use crate::domain::model::ApiRef;
use crate::domain::routing::{CallerContext, MatchContext, Request, Verdict};

/// Methods the selector cycles through (Ctrl-T): the common ones first, OPTIONS early (preflights are a frequent question).
pub const METHODS: [&str; 7] = ["GET", "POST", "OPTIONS", "PUT", "DELETE", "PATCH", "HEAD"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UrlField {
    #[default]
    Url,
    Headers,
    /// Who calls: source IP and/or `vpce-…` (resource-policy conditions).
    Caller,
}

#[derive(Debug, Clone, Default)]
pub struct UrlBar {
    pub text: String,
    /// Extra headers, `Name: value` separated by `;`.
    pub headers: String,
    /// The caller: source IP, `vpce-…`, `vpc-…` ([`super::caller::parse_caller`]).
    pub caller: String,
    pub field: UrlField,
    /// The method chosen with the selector; overrides the one in a curl command.
    pub method: Option<String>,
    /// The request as parsed (method shown in the selector).
    pub request: Option<Request>,
    /// Byte offset in `text` where the request's path starts (the verdict's progress
    /// offsets count from there), when it can be located.
    pub path_at: Option<usize>,
    /// The last verdict, or why the input could not be parsed.
    pub outcome: Option<Result<Verdict, String>>,
    /// The pane focused before the URL bar (Esc returns there).
    pub return_to: Option<Pane>,
    /// Byte offset of the cursor in the active field; `None` is the end.
    pub cursor: Option<usize>,
    /// The last probe (shown while the request is unchanged).
    pub probe: Option<super::probe::Probe>,
}

impl UrlBar {
    /// The method the selector shows.
    pub fn shown_method(&self) -> &str {
        if let Some(m) = &self.method {
            return m;
        }
        self.request
            .as_ref()
            .map(|r| r.method.as_str())
            .unwrap_or("GET")
    }

    /// What the caller field says (words it cannot read are ignored, and shown).
    pub fn caller_context(&self) -> CallerContext {
        super::caller::parse_caller(&self.caller).0
    }

    pub fn verdict(&self) -> Option<&Verdict> {
        self.outcome.as_ref().and_then(|o| o.as_ref().ok())
    }

    fn field_mut(&mut self) -> &mut String {
        match self.field {
            UrlField::Url => &mut self.text,
            UrlField::Headers => &mut self.headers,
            UrlField::Caller => &mut self.caller,
        }
    }

    fn field(&self) -> &str {
        match self.field {
            UrlField::Url => &self.text,
            UrlField::Headers => &self.headers,
            UrlField::Caller => &self.caller,
        }
    }

    /// The cursor as a byte offset into the active field (always on a char boundary).
    pub fn cursor_at(&self) -> usize {
        let f = self.field();
        match self.cursor {
            Some(c) if c <= f.len() && f.is_char_boundary(c) => c,
            _ => f.len(),
        }
    }

    fn insert(&mut self, text: &str) {
        let at = self.cursor_at();
        self.field_mut().insert_str(at, text);
        let end = at + text.len();
        self.cursor = (end < self.field().len()).then_some(end);
    }

    fn delete_back(&mut self) {
        let at = self.cursor_at();
        let Some((start, _)) = self.field()[..at].char_indices().next_back() else {
            return;
        };
        self.field_mut().replace_range(start..at, "");
        self.cursor = (start < self.field().len()).then_some(start);
    }
}

/// Moves the cursor by `delta` chars (clamped), or to the start/end.
pub fn move_cursor(state: &mut State, delta: isize) {
    let u = &mut state.url;
    let f = u.field();
    let at = u.cursor_at();
    let new = if delta < 0 {
        f[..at]
            .char_indices()
            .rev()
            .nth(delta.unsigned_abs() - 1)
            .map_or(0, |(i, _)| i)
    } else {
        f[at..]
            .char_indices()
            .nth(delta as usize)
            .map_or(f.len(), |(i, _)| at + i)
    };
    u.cursor = (new < f.len()).then_some(new);
}

/// Parses `Name: value; Name2: value2`.
pub fn parse_headers(s: &str) -> Vec<(String, String)> {
    s.split(';')
        .filter_map(|h| {
            let (n, v) = h.split_once(':')?;
            let n = n.trim();
            (!n.is_empty()).then(|| (n.to_string(), v.trim().to_string()))
        })
        .collect()
}

pub fn input(state: &mut State, c: char) {
    state.url.insert(c.encode_utf8(&mut [0; 4]));
    evaluate(state);
}

pub fn backspace(state: &mut State) {
    state.url.delete_back();
    evaluate(state);
}

/// Pasted text: a multi-line curl command (`\` line continuations) becomes one line.
pub fn paste(state: &mut State, text: &str) {
    let one_line = text
        .replace("\\\r\n", " ")
        .replace("\\\n", " ")
        .replace(['\r', '\n', '\t'], " ");
    // Other control characters (escape sequences) would garble the screen.
    let clean: String = one_line.chars().filter(|c| !c.is_control()).collect();
    state.url.insert(clean.trim_end());
    evaluate(state);
}

pub fn clear_field(state: &mut State) {
    state.url.field_mut().clear();
    state.url.cursor = None;
    evaluate(state);
}

pub fn cycle_method(state: &mut State) {
    let cur = state.url.shown_method().to_string();
    let i = METHODS.iter().position(|m| *m == cur).map_or(0, |i| i + 1);
    state.url.method = Some(METHODS[i % METHODS.len()].to_string());
    evaluate(state);
}

/// Tab: URL → headers → caller → URL (`back`: the other way).
pub fn next_field(state: &mut State, back: bool) {
    state.url.cursor = None;
    state.url.field = match (state.url.field, back) {
        (UrlField::Url, false) | (UrlField::Caller, true) => UrlField::Headers,
        (UrlField::Headers, false) | (UrlField::Url, true) => UrlField::Caller,
        (UrlField::Caller, false) | (UrlField::Headers, true) => UrlField::Url,
    };
}

/// Parses and evaluates what is typed, then selects what it reaches.
pub fn evaluate(state: &mut State) {
    evaluate_with(state, true);
}

/// Re-evaluates after the inventory changed; the selection only follows the URL while
/// the URL bar has the keyboard (a part arriving never yanks the user's selection).
pub fn reevaluate(state: &mut State) {
    let follow = state.focus == Pane::Url;
    evaluate_with(state, follow);
}

fn evaluate_with(state: &mut State, select: bool) {
    state.url.path_at = None;
    if state.url.text.trim().is_empty() {
        state.url.request = None;
        state.url.outcome = None;
        return;
    }
    let Some(matcher) = state.view.matcher().cloned() else {
        state.url.outcome = Some(Err("the inventory is not loaded yet".to_string()));
        return;
    };
    let mut req = match matcher.parse(&state.url.text) {
        Ok(r) => r,
        Err(e) => {
            state.url.request = None;
            state.url.outcome = Some(Err(e));
            return;
        }
    };
    state.url.path_at = path_offset(&state.url.text, &req.url);
    if let Some(m) = &state.url.method {
        req.method = m.clone();
    }
    req.headers.extend(parse_headers(&state.url.headers));
    let ctx = MatchContext {
        api: state.api.clone(),
        stage: state.stage.clone(),
        coverage: Some(&state.coverage),
        caller: state.url.caller_context(),
    };
    let verdict = matcher.evaluate(&state.inventory, &req, &ctx);
    state.url.request = Some(req);
    if select {
        select_verdict(state, &verdict);
    }
    state.url.outcome = Some(Ok(verdict));
}

/// What the URL's verdict waits for and was not asked for yet in this load: the loader
/// reads it first (live mode only; each part is asked once).
pub fn wants(state: &mut State) -> Option<Effect> {
    if !matches!(state.source, Source::Live(_)) {
        return None;
    }
    let v = state.url.verdict()?;
    let new: Vec<PartKey> = v
        .pending
        .iter()
        .filter(|k| !state.wanted.contains(*k))
        .cloned()
        .collect();
    if new.is_empty() {
        return None;
    }
    state.wanted.extend(new.iter().cloned());
    Some(Effect::Want(new))
}

/// Selects the API, stage, domain row and tree row a verdict reached.
fn select_verdict(state: &mut State, v: &Verdict) {
    let Some(api) = v.api.as_ref().map(|a| a.api_ref()) else {
        return;
    };
    if state.api.as_ref() != Some(&api) {
        state.tree = Default::default();
    }
    state.api = Some(api.clone());
    state.api_chosen = true;
    if let Some(s) = &v.stage {
        state.stage = Some(s.clone());
    }
    if let Some(d) = &v.domain {
        state.domain_row = Some(domain_key(state, &d.name, &d.label()));
    }
    let path = match (&v.resource, &v.route_key) {
        (_, Some(rk)) if rk == "$default" => Some("$default".to_string()),
        (Some(p), _) => Some(p.clone()),
        _ => None,
    };
    if let Some(path) = path {
        reveal(state, &api, &path, v.matched_method.clone());
        state.detail_of = Pane::Tree;
        state.details_scroll = 0;
    }
}

fn domain_key(state: &State, domain: &str, mapping: &str) -> DomainKey {
    // TODO(lead): typed DomainHit. The verdict names the mapping as a string (`(none)`,
    // a key, or `rule:<priority>`); read a typed mapping/rule field here once the routing
    // engine offers one.
    let item = match mapping.strip_prefix("rule:") {
        Some(prio) => {
            let idx = state
                .inventory
                .domains
                .iter()
                .find(|d| d.name == domain)
                .and_then(|d| {
                    d.routing_rules
                        .iter()
                        .position(|r| r.priority.to_string() == prio)
                });
            idx.map_or(DomainItem::Domain, DomainItem::Rule)
        }
        None if mapping == "(none)" => DomainItem::Mapping(String::new()),
        None => DomainItem::Mapping(mapping.to_string()),
    };
    DomainKey {
        domain: domain.to_string(),
        item,
    }
}

/// Where the path of `url` (the URL as the parser took it from the input) starts in the
/// typed `text`: the URL's position in the text plus the path's position in the URL as
/// the routing engine splits it (so the verdict's progress offsets line up).
fn path_offset(text: &str, url: &str) -> Option<usize> {
    let at = text.find(url)?;
    let typed = &text[at..at + url.len()];
    let parts = crate::domain::routing::url::split_url(typed);
    let within = (parts.path.as_ptr() as usize).checked_sub(typed.as_ptr() as usize)?;
    (within <= typed.len()).then_some(at + within)
}

/// Opens every ancestor of `path` and selects it (or its method).
pub fn reveal(state: &mut State, _api: &ApiRef, path: &str, method: Option<String>) {
    for p in ApiTree::ancestors(path) {
        state.tree.collapsed.remove(&p);
    }
    state.filters.remove(&Pane::Tree);
    state.tree.selected = Some(TreeKey {
        path: path.to_string(),
        method,
    });
}

/// Re-evaluates a bare path after the selected API or stage changed (a full URL names its
/// own API, so it is left alone).
pub fn evaluate_if_bare(state: &mut State) {
    if state.url.text.trim_start().starts_with('/') {
        evaluate(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_offset_points_into_the_typed_command() {
        let text = "curl -X POST 'https://api.example.com/orders/1?x=2'";
        let at = path_offset(text, "https://api.example.com/orders/1?x=2");
        assert_eq!(at.map(|i| &text[i..i + 9]), Some("/orders/1"));
        assert_eq!(path_offset("/prod/x", "/prod/x"), Some(0));
        // A URL with no path: the path is empty, at the end of the URL.
        assert_eq!(path_offset("GET https://h", "https://h"), Some(13));
        assert_eq!(path_offset("abc", "zzz"), None);
    }

    #[test]
    fn headers_field_parses_semicolon_separated_pairs() {
        assert_eq!(
            parse_headers("Origin: https://a.b; x-api-key:k ;bad"),
            vec![
                ("Origin".to_string(), "https://a.b".to_string()),
                ("x-api-key".to_string(), "k".to_string())
            ]
        );
    }
}
