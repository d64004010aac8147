//! API Gateway JSON access-log lines → the request they describe (for `match --stdin`).
//!
//! Accepted: a JSON object whose keys name `$context` variables (`httpMethod`, `domainName`,
//! `path`, `apiId`, `stage`, `status`, `requestId`, `resourcePath`, `routeKey`,
//! `customDomain.basePathMatched`, `identity.caller`, …). Key names are compared without
//! case, `_` and `-` (`http_method` = `httpMethod`), nested objects as dotted names
//! (`{"identity": {"caller": …}}` = `"identity.caller"`), `"-"` (how API Gateway logs an
//! empty variable) as absent. Also accepted: the CloudWatch Logs shapes — a timestamp
//! (and, from `aws logs tail`, a stream name) before the JSON, or an event object whose
//! `message` is the JSON as a string.
//!
//! Rebuilding the URL: `$context.path` is the path the caller sent — on the execute-api
//! host it starts with the stage (`/prod/orders`), on a custom domain with the base path
//! (`/orders/orders`, no stage) — so the URL is `https://{domainName}{path}`. Without a
//! `domainName`, the host is `{apiId}.execute-api.{region}.amazonaws.com` (region from a
//! `region` key, else the inventory's) and the stage is put in front of the path when it
//! is not there already (after removing a logged custom-domain base path). Without a
//! `path`, a `resourcePath` or `routeKey` with no `{variable}` in it stands for the path.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::domain::routing::Request;

/// What an access-log line says beyond the request itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Logged {
    /// The status API Gateway actually returned (`$context.status`).
    pub status: Option<u16>,
    /// `$context.requestId`, to find the line again.
    pub request_id: Option<String>,
}

/// Whether a (trimmed) input line is an access-log record rather than `[METHOD] URL`.
pub fn looks_like(line: &str) -> bool {
    line.starts_with('{') || json_after_timestamp(line).is_some()
}

/// The JSON after a CloudWatch Logs timestamp (`2026-11-02T10:00:00.000Z {…}`, or
/// `… stream-name {…}` from `aws logs tail`).
fn json_after_timestamp(line: &str) -> Option<&str> {
    if !line.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    let brace = line.find(" {")?;
    let prefix = &line[..brace];
    (prefix.split_whitespace().count() <= 2 && prefix.contains(['-', ':']))
        .then(|| &line[brace + 1..])
}

/// Parses an access-log line into the request it describes. `default_region` names the
/// execute-api host when the line carries only an `apiId`.
pub fn parse(line: &str, default_region: Option<&str>) -> Result<(Request, Logged), String> {
    let json = json_after_timestamp(line).unwrap_or(line);
    let mut rec = Record::default();
    read_into(json, &mut rec)?;
    if rec.get(Field::Method).is_none() && rec.get(Field::Path).is_none() {
        if let Some(inner) = rec.take(Field::Message).filter(|m| m.starts_with('{')) {
            rec = Record::default();
            read_into(&inner, &mut rec)?;
        }
    }
    rebuild(&rec, default_region)
}

fn read_into(json: &str, rec: &mut Record) -> Result<(), String> {
    if !json.starts_with('{') {
        return Err("not a JSON access-log line (expected an object)".into());
    }
    let mut de = serde_json::Deserializer::from_str(json);
    Collect { rec, prefix: "" }
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| format!("not a JSON access-log line ({e})"))
}

fn rebuild(rec: &Record, default_region: Option<&str>) -> Result<(Request, Logged), String> {
    let method = rec
        .get(Field::Method)
        .ok_or("the access-log line has no httpMethod ($context.httpMethod)")?;
    if !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(format!("`{method}` is not an HTTP method"));
    }
    let host = host(rec, default_region)?;
    let path = path(rec, &host)?;
    let mut req = Request::new(method, &format!("https://{}{path}", host.name));
    req.signed = rec.get(Field::Caller).is_some();
    if let Some(key) = rec.get(Field::ApiKey) {
        req.headers.push(("x-api-key".into(), key.to_string()));
    }
    let logged = Logged {
        status: rec.get(Field::Status).and_then(|s| s.parse().ok()),
        request_id: rec.get(Field::RequestId).map(str::to_string),
    };
    Ok((req, logged))
}

struct Host {
    name: String,
    /// An execute-api host, whose path starts with the stage.
    execute_api: bool,
}

fn host(rec: &Record, default_region: Option<&str>) -> Result<Host, String> {
    if let Some(d) = rec.get(Field::Domain) {
        let name = d.trim_end_matches('.').to_ascii_lowercase();
        let execute_api = name.contains(".execute-api.");
        return Ok(Host { name, execute_api });
    }
    let id = rec
        .get(Field::ApiId)
        .ok_or("the access-log line names neither domainName nor apiId")?;
    let region = rec
        .get(Field::Region)
        .or(default_region)
        .unwrap_or("us-east-1");
    Ok(Host {
        name: format!(
            "{}.execute-api.{region}.amazonaws.com",
            id.to_ascii_lowercase()
        ),
        execute_api: true,
    })
}

fn path(rec: &Record, host: &Host) -> Result<String, String> {
    let logged = rec.get(Field::Path);
    let path = match logged {
        Some(p) => p.to_string(),
        None => template_path(rec)?,
    };
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    let stage = rec.get(Field::Stage).filter(|s| *s != "$default");
    // `$context.path` on the execute-api host already starts with the stage; a template
    // (`resourcePath`, `routeKey`) never does, nor a custom domain's path (which starts
    // with the base path instead: without the domain's name, route it on execute-api).
    let via_unnamed_domain =
        rec.get(Field::Domain).is_none() && rec.get(Field::BasePath).is_some_and(|b| b != "(none)");
    match stage {
        Some(stage) if host.execute_api => {
            let mut rest = path.as_str();
            if via_unnamed_domain {
                let base = rec.get(Field::BasePath).unwrap_or("").trim_matches('/');
                rest = strip_segments(rest, base);
            } else if logged.is_some() && strip_segments(rest, stage).len() < rest.len() {
                return Ok(path);
            }
            Ok(format!("/{stage}{rest}"))
        }
        _ => Ok(path),
    }
}

/// `path` without the leading whole segments `prefix` (`/a/b/c` − `a/b` = `/c`).
fn strip_segments<'p>(path: &'p str, prefix: &str) -> &'p str {
    match path.strip_prefix('/').and_then(|p| p.strip_prefix(prefix)) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => path,
    }
}

/// A path from `resourcePath` / `routeKey` when it has no `{variable}` to fill.
fn template_path(rec: &Record) -> Result<String, String> {
    let route = rec
        .get(Field::RouteKey)
        .and_then(|k| k.split_once(' ').map(|(_, p)| p));
    let template = rec.get(Field::ResourcePath).or(route).ok_or(
        "the access-log line has no request path: add \"path\": \"$context.path\" (and \"domainName\": \"$context.domainName\") to the stage's access-log format",
    )?;
    if template.contains('{') {
        return Err(format!(
            "the access-log line has only the route template `{template}`, not the path that was requested: add \"path\": \"$context.path\" to the stage's access-log format"
        ));
    }
    Ok(template.to_string())
}

/// The `$context` variables the rebuild uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Method,
    Path,
    Domain,
    ApiId,
    Stage,
    Status,
    ResourcePath,
    RouteKey,
    BasePath,
    RequestId,
    Caller,
    ApiKey,
    Region,
    Message,
}

const FIELDS: usize = 14;

/// Key names (lower case, without `_` and `-`, nested objects joined with `.`).
fn field_for(key: &str) -> Option<Field> {
    let key = key.strip_prefix("context.").unwrap_or(key);
    Some(match key {
        "httpmethod" | "method" | "requestmethod" | "http.method" => Field::Method,
        "path" | "requestpath" | "rawpath" | "http.path" => Field::Path,
        "domainname" | "domain" | "host" | "hostname" => Field::Domain,
        "apiid" | "restapiid" => Field::ApiId,
        "stage" | "stagename" => Field::Stage,
        "status" | "statuscode" | "httpstatus" => Field::Status,
        "resourcepath" => Field::ResourcePath,
        "routekey" => Field::RouteKey,
        "customdomain.basepathmatched" | "basepathmatched" | "basepath" => Field::BasePath,
        "requestid" => Field::RequestId,
        // Set only for SigV4-signed (IAM) calls.
        "identity.caller" | "caller" | "identity.userarn" | "userarn" | "identity.user"
        | "user" | "identity.accesskey" | "accesskey" => Field::Caller,
        "identity.apikey" | "apikey" => Field::ApiKey,
        "region" => Field::Region,
        "message" => Field::Message,
        _ => return None,
    })
}

#[derive(Debug, Default)]
struct Record {
    values: [Option<String>; FIELDS],
}

impl Record {
    fn get(&self, f: Field) -> Option<&str> {
        self.values[f as usize].as_deref()
    }

    fn take(&mut self, f: Field) -> Option<String> {
        self.values[f as usize].take()
    }

    /// The first non-empty value wins (`"-"` is how API Gateway logs an empty variable).
    fn set(&mut self, f: Field, v: String) {
        let v = v.trim();
        let slot = &mut self.values[f as usize];
        if slot.is_none() && !v.is_empty() && v != "-" {
            *slot = Some(v.to_string());
        }
    }
}

fn normalise(prefix: &str, key: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + key.len());
    out.push_str(prefix);
    out.extend(
        key.chars()
            .filter(|c| *c != '_' && *c != '-')
            .map(|c| c.to_ascii_lowercase()),
    );
    out
}

/// Walks a JSON value, storing the scalars whose (dotted) key names a [`Field`].
struct Collect<'r, 'p> {
    rec: &'r mut Record,
    prefix: &'p str,
}

impl<'de> DeserializeSeed<'de> for Collect<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Collect<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let name = normalise(self.prefix, &key);
            match field_for(&name) {
                Some(f) => {
                    if let Some(v) = map.next_value::<Scalar>()?.0 {
                        self.rec.set(f, v);
                    }
                }
                None if self.prefix.len() < 64 => {
                    let prefix = format!("{name}.");
                    map.next_value_seed(Collect {
                        rec: self.rec,
                        prefix: &prefix,
                    })?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// A JSON scalar as text (numbers too: `"status": 403`); objects and arrays as absent.
struct Scalar(Option<String>);

impl<'de> serde::Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar(Some(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_string())))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_string())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar(Some(v.to_string())))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Scalar, E> {
        Ok(Scalar(None))
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar(None))
    }
}

#[cfg(test)]
#[path = "access_log_tests.rs"]
mod tests;
