//! Details of the selected resource / method (REST) or route (HTTP).

use ratatui::text::{Line, Span};

use super::details::kv;
use super::Ctx;
use crate::app::yank::selection_url;
use crate::app::Hint;
use crate::domain::model::{ApiKind, Authorizer, Method, RestApi};

pub fn lines<'a>(cx: &Ctx) -> Vec<Line<'a>> {
    let s = cx.state;
    let (Some(api), Some(key)) = (s.api(), &s.tree().selected) else {
        return vec![Line::styled("select a resource or method", cx.theme.dim)];
    };
    let mut out = match api.kind {
        ApiKind::Rest => match s.inventory().rest_api(&api.id) {
            Some(a) => rest_lines(cx, a, &key.path, key.method.as_deref()),
            None => Vec::new(),
        },
        ApiKind::Http => http_lines(cx, &api.id, &key.path, key.method.as_deref()),
    };
    if let Some(url) = selection_url(s) {
        out.push(kv(cx, "invoke URL", url));
    }
    out.extend(verdict_params(cx, &key.path));
    if api.kind == ApiKind::Rest && key.method.is_some() {
        out.extend(super::details_policy::lines(cx));
    }
    out
}

fn rest_lines<'a>(cx: &Ctx, a: &RestApi, path: &str, method: Option<&str>) -> Vec<Line<'a>> {
    let t = cx.theme;
    let Some(r) = a.resource_by_path(path) else {
        return vec![Line::raw(path.to_string())];
    };
    let Some(m) = method.and_then(|m| r.methods.iter().find(|x| x.http_method == m)) else {
        let mut out = vec![Line::styled(r.path.clone(), t.title_focused)];
        out.push(kv(cx, "resource id", r.id.clone()));
        let ms: Vec<String> = r.methods.iter().map(|m| m.http_method.clone()).collect();
        out.push(kv(
            cx,
            "methods",
            if ms.is_empty() {
                "none".to_string()
            } else {
                ms.join(", ")
            },
        ));
        if !r.methods.iter().any(|m| m.http_method == "OPTIONS") && !r.methods.is_empty() {
            let fix = super::hint::text(&Hint::AddCorsMock { leave: false }, cx.keymap);
            out.push(Line::styled(
                format!("no OPTIONS method: browsers fail CORS preflights here ({fix})"),
                t.dim,
            ));
        }
        return out;
    };
    method_lines(cx, a, &r.path, m)
}

fn method_lines<'a>(cx: &Ctx, a: &RestApi, path: &str, m: &Method) -> Vec<Line<'a>> {
    let t = cx.theme;
    let mut out = vec![Line::from(vec![
        Span::styled(format!("{} ", m.http_method), t.method(&m.http_method)),
        Span::styled(path.to_string(), t.title_focused),
    ])];
    out.push(kv(cx, "authorization", m.authorization_type.as_aws()));
    if let Some(az) = m.authorizer_id.as_deref().and_then(|id| a.authorizer(id)) {
        out.extend(authorizer_lines(cx, az));
    }
    if !m.authorization_scopes.is_empty() {
        out.push(kv(cx, "scopes", m.authorization_scopes.join(", ")));
    }
    out.push(kv(
        cx,
        "API key",
        if m.api_key_required {
            "required (x-api-key)"
        } else {
            "not required"
        },
    ));
    if let Some(v) = m.request_validator_id.as_deref() {
        let name = a
            .request_validators
            .iter()
            .find(|x| x.id == v)
            .map(|x| x.name.clone());
        out.push(kv(cx, "validator", name.unwrap_or_else(|| v.to_string())));
    }
    for (p, req) in &m.request_parameters {
        let p = p.trim_start_matches("method.request.");
        out.push(kv(
            cx,
            "parameter",
            format!("{p}{}", if *req { " (required)" } else { "" }),
        ));
    }
    if let Some(i) = &m.integration {
        out.push(kv(cx, "integration", i.integration_type.as_aws()));
        if let Some(u) = &i.uri {
            out.push(kv(cx, "target", u.clone()));
        }
    }
    out
}

fn authorizer_lines<'a>(cx: &Ctx, az: &Authorizer) -> Vec<Line<'a>> {
    let mut out = vec![kv(
        cx,
        "authorizer",
        format!("{} ({:?})", az.name, az.authorizer_type).to_string(),
    )];
    if !az.identity_sources.is_empty() {
        out.push(kv(cx, "identity", az.identity_sources.join(", ")));
    }
    if let Some(i) = &az.jwt_issuer {
        out.push(kv(cx, "issuer", i.clone()));
    }
    out
}

fn http_lines<'a>(cx: &Ctx, api_id: &str, path: &str, method: Option<&str>) -> Vec<Line<'a>> {
    let t = cx.theme;
    let Some(a) = cx.state.inventory().http_api(api_id) else {
        return Vec::new();
    };
    let key = match method {
        _ if path == "$default" => "$default".to_string(),
        Some(m) => format!("{m} {path}"),
        None => {
            let routes: Vec<String> = a
                .routes
                .iter()
                .filter(|r| r.method_and_path().is_some_and(|(_, p)| p == path))
                .map(|r| r.route_key.clone())
                .collect();
            let mut out = vec![Line::styled(path.to_string(), t.title_focused)];
            out.push(kv(
                cx,
                "routes",
                if routes.is_empty() {
                    "none".into()
                } else {
                    routes.join(", ")
                },
            ));
            return out;
        }
    };
    let Some(r) = a.route(&key) else {
        return vec![Line::raw(key)];
    };
    let mut out = vec![Line::styled(
        format!("route {}", r.route_key),
        t.title_focused,
    )];
    out.push(kv(cx, "authorization", r.authorization_type.as_aws()));
    if let Some(az) = r.authorizer_id.as_deref().and_then(|id| a.authorizer(id)) {
        out.extend(authorizer_lines(cx, az));
    }
    if let Some(tg) = &r.target {
        let integ = tg
            .strip_prefix("integrations/")
            .and_then(|id| a.integrations.iter().find(|i| i.id == id));
        let text = match integ {
            Some(i) => format!(
                "{} {}",
                i.integration_type,
                i.integration_uri.as_deref().unwrap_or("")
            ),
            None => tg.clone(),
        };
        out.push(kv(cx, "target", text));
    }
    out
}

/// Path parameters the URL bar's request fills in, when it reached this path.
fn verdict_params<'a>(cx: &Ctx, path: &str) -> Vec<Line<'a>> {
    let Some(v) = cx.state.url().verdict() else {
        return Vec::new();
    };
    let reached = v.resource.as_deref() == Some(path)
        || (path == "$default" && v.route_key.as_deref() == Some("$default"));
    if !reached || v.path_params.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Line::styled("from the URL bar:", cx.theme.url_hit)];
    for (k, val) in &v.path_params {
        out.push(kv(cx, &format!("  {{{k}}}"), val.clone()));
    }
    out
}
