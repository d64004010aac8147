//! The policy text → [`Policy`]. AWS returns `GetRestApi.policy` as a JSON document
//! escaped once more (`{\"Version\":…}`); emulators may store it plain. Both are accepted;
//! anything else is a [`PolicyError`] with the reason, never a panic.

use serde_json::Value;

/// A parsed resource policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub statements: Vec<Statement>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    Allow,
    Deny,
}

impl Effect {
    pub fn as_aws(self) -> &'static str {
        match self {
            Self::Allow => "Allow",
            Self::Deny => "Deny",
        }
    }
}

/// `Action` / `Resource` (`Is`) or `NotAction` / `NotResource` (`Not`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Items {
    Is(Vec<String>),
    Not(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// `"*"` or `{"AWS": "*"}`: everyone, anonymous callers included.
    Any,
    /// Named principals (`{"AWS": [...]}`, `{"Service": ...}`), as `Kind:value`.
    Named(Vec<String>),
    /// `NotPrincipal`: everyone except these.
    Not(Vec<String>),
}

/// One condition: operator (`IpAddress`, `StringNotEquals`, …), key (`aws:SourceIp`) and
/// values (any of which may match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Principal,
    pub action: Items,
    pub resource: Items,
    pub conditions: Vec<Condition>,
}

impl Statement {
    /// `Sid "x"` or `statement 2` (1-based), for explanations.
    pub fn label(&self, index: usize) -> String {
        match &self.sid {
            Some(s) if !s.is_empty() => format!("statement `{s}`"),
            _ => format!("statement {}", index + 1),
        }
    }

    /// One line for explanations and reports, e.g. `Deny execute-api:Invoke on
    /// execute-api:/* when NotIpAddress aws:SourceIp [10.0.0.0/8]`.
    pub fn summary(&self) -> String {
        let list = |i: &Items| match i {
            Items::Is(v) => v.join(", "),
            Items::Not(v) => format!("anything but {}", v.join(", ")),
        };
        let mut s = format!(
            "{} {} on {}",
            self.effect.as_aws(),
            list(&self.action),
            list(&self.resource)
        );
        match &self.principal {
            Principal::Any => {}
            Principal::Named(p) => s.push_str(&format!(" for {}", p.join(", "))),
            Principal::Not(p) => s.push_str(&format!(" for anyone but {}", p.join(", "))),
        }
        let conds: Vec<String> = self
            .conditions
            .iter()
            .map(|c| format!("{} {} [{}]", c.operator, c.key, c.values.join(", ")))
            .collect();
        if !conds.is_empty() {
            s.push_str(&format!(" when {}", conds.join(" and ")));
        }
        s
    }
}

/// Why a policy could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the resource policy cannot be parsed: {0}")]
pub struct PolicyError(pub String);

fn err(s: impl Into<String>) -> PolicyError {
    PolicyError(s.into())
}

/// Parses a policy as AWS returns it (escaped once more or plain JSON).
pub fn parse(text: &str) -> Result<Policy, PolicyError> {
    let doc = document(text.trim())?;
    let statements = match doc.get("Statement") {
        Some(Value::Array(a)) => a.iter().map(statement).collect::<Result<Vec<_>, _>>()?,
        Some(s @ Value::Object(_)) => vec![statement(s)?],
        Some(_) => return Err(err("`Statement` is neither an object nor a list")),
        None => return Err(err("no `Statement`")),
    };
    Ok(Policy { statements })
}

/// The JSON object, unwrapping one level of string escaping when present.
pub(super) fn document(text: &str) -> Result<serde_json::Map<String, Value>, PolicyError> {
    let direct = serde_json::from_str::<Value>(text);
    let value = match direct {
        Ok(Value::String(inner)) => serde_json::from_str::<Value>(&inner)
            .map_err(|e| err(format!("not JSON inside the string ({e})")))?,
        Ok(v) => v,
        Err(first) => {
            // `{\"Version\":…}`: the document with its quotes escaped once more.
            let quoted = format!("\"{text}\"");
            match serde_json::from_str::<String>(&quoted) {
                Ok(inner) => serde_json::from_str::<Value>(&inner)
                    .map_err(|_| err(format!("not JSON ({first})")))?,
                Err(_) => return Err(err(format!("not JSON ({first})"))),
            }
        }
    };
    match value {
        Value::Object(m) => Ok(m),
        _ => Err(err("the policy is not a JSON object")),
    }
}

/// A string or a list of strings.
fn strings(v: &Value, what: &str) -> Result<Vec<String>, PolicyError> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(a) => a
            .iter()
            .map(|x| match x {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                Value::Bool(b) => Ok(b.to_string()),
                _ => Err(err(format!(
                    "`{what}` holds something that is not a string"
                ))),
            })
            .collect(),
        Value::Number(n) => Ok(vec![n.to_string()]),
        Value::Bool(b) => Ok(vec![b.to_string()]),
        _ => Err(err(format!(
            "`{what}` is not a string or a list of strings"
        ))),
    }
}

fn items(s: &serde_json::Map<String, Value>, is: &str, not: &str) -> Result<Items, PolicyError> {
    match (s.get(is), s.get(not)) {
        (Some(v), None) => Ok(Items::Is(strings(v, is)?)),
        (None, Some(v)) => Ok(Items::Not(strings(v, not)?)),
        (Some(_), Some(_)) => Err(err(format!("a statement has both `{is}` and `{not}`"))),
        (None, None) => Err(err(format!("a statement has neither `{is}` nor `{not}`"))),
    }
}

fn principal_list(v: &Value) -> Result<Vec<String>, PolicyError> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Object(m) => {
            let mut out = Vec::new();
            for (kind, ids) in m {
                for id in strings(ids, "Principal")? {
                    out.push(format!("{kind}:{id}"));
                }
            }
            Ok(out)
        }
        _ => Err(err("`Principal` is neither `*` nor an object")),
    }
}

fn principal(s: &serde_json::Map<String, Value>) -> Result<Principal, PolicyError> {
    match (s.get("Principal"), s.get("NotPrincipal")) {
        (Some(v), None) => {
            let list = principal_list(v)?;
            let any = list.iter().any(|p| p == "*" || p == "AWS:*");
            Ok(if any {
                Principal::Any
            } else {
                Principal::Named(list)
            })
        }
        (None, Some(v)) => Ok(Principal::Not(principal_list(v)?)),
        (Some(_), Some(_)) => Err(err("a statement has both `Principal` and `NotPrincipal`")),
        (None, None) => Err(err(
            "a statement has no `Principal` (a resource policy needs one)",
        )),
    }
}

fn conditions(s: &serde_json::Map<String, Value>) -> Result<Vec<Condition>, PolicyError> {
    let Some(c) = s.get("Condition") else {
        return Ok(Vec::new());
    };
    let Value::Object(ops) = c else {
        return Err(err("`Condition` is not an object"));
    };
    let mut out = Vec::new();
    for (op, keys) in ops {
        let Value::Object(keys) = keys else {
            return Err(err(format!("condition `{op}` is not an object")));
        };
        for (key, values) in keys {
            out.push(Condition {
                operator: op.clone(),
                key: key.clone(),
                values: strings(values, key)?,
            });
        }
    }
    Ok(out)
}

fn statement(v: &Value) -> Result<Statement, PolicyError> {
    let Value::Object(s) = v else {
        return Err(err("a statement is not an object"));
    };
    let effect = match s.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        Some(other) => return Err(err(format!("unknown Effect `{other}`"))),
        None => return Err(err("a statement has no `Effect`")),
    };
    Ok(Statement {
        sid: s.get("Sid").and_then(Value::as_str).map(str::to_string),
        effect,
        principal: principal(s)?,
        action: items(s, "Action", "NotAction")?,
        resource: items(s, "Resource", "NotResource")?,
        conditions: conditions(s)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.0.2.1"]}}}]}"#;

    #[test]
    fn a_policy_escaped_once_more_by_aws_reads_like_the_plain_one() {
        let escaped = PLAIN.replace('"', "\\\"");
        let as_string = serde_json::to_string(PLAIN).unwrap();
        let a = parse(PLAIN).unwrap();
        assert_eq!(parse(&escaped).unwrap(), a);
        assert_eq!(parse(&as_string).unwrap(), a);
        assert_eq!(a.statements[0].conditions[0].values.len(), 2);
        assert_eq!(a.statements[0].principal, Principal::Any);
    }

    #[test]
    fn broken_policies_are_errors_with_the_reason() {
        for (text, why) in [
            ("", "not JSON"),
            ("{\"Statement\": 3}", "neither an object"),
            ("[1]", "not a JSON object"),
            (
                r#"{"Statement":{"Effect":"Maybe","Principal":"*","Action":"*","Resource":"*"}}"#,
                "unknown Effect",
            ),
            (
                r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
                "no `Principal`",
            ),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.to_string().contains(why), "{text}: {e}");
        }
    }
}
