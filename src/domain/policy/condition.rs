//! Condition operators on the caller's facts: `IpAddress` / `NotIpAddress` on
//! `aws:SourceIp`, `StringEquals` / `StringNotEquals` / `StringLike` / `StringNotLike` on
//! `aws:SourceVpce` / `aws:SourceVpc` (with `…IfExists`). Anything else depends on the
//! caller: the result is [`Tri::Depends`] naming what would decide it.

use std::net::IpAddr;

use ipnet::IpNet;

use super::eval::{Caller, Fact, Tri};
use super::glob::glob_match;
use super::parse::Condition;

/// A condition's outcome, and what it depends on when not decidable.
pub(super) fn check(c: &Condition, caller: &Caller) -> (Tri, Option<String>) {
    let (base, if_exists) = match c.operator.strip_suffix("IfExists") {
        Some(b) => (b, true),
        None => (c.operator.as_str(), false),
    };
    let key = c.key.to_ascii_lowercase();
    let depends = || {
        (
            Tri::Depends,
            Some(format!("`{}` on `{}`", c.operator, c.key)),
        )
    };
    match (base, key.as_str()) {
        ("IpAddress" | "NotIpAddress", "aws:sourceip") => match caller.source_ip {
            Some(ip) => {
                let hit = c.values.iter().any(|v| cidr_contains(v, ip));
                (Tri::from(hit != (base == "NotIpAddress")), None)
            }
            None => (
                Tri::Depends,
                Some(format!("`{}` (give --source-ip)", c.key)),
            ),
        },
        (
            "StringEquals" | "StringNotEquals" | "StringLike" | "StringNotLike",
            "aws:sourcevpce" | "aws:sourcevpc",
        ) => {
            let fact = if key == "aws:sourcevpce" {
                &caller.vpce
            } else {
                &caller.vpc
            };
            let negated = base.contains("Not");
            match fact {
                Fact::Known(v) => {
                    let like = base.contains("Like");
                    let hit = c.values.iter().any(|p| {
                        if like {
                            glob_match(p, v, false)
                        } else {
                            p == v
                        }
                    });
                    (Tri::from(hit != negated), None)
                }
                // A missing key: a negated operator (or …IfExists) holds, the others fail.
                Fact::Absent => (Tri::from(negated || if_exists), None),
                Fact::Unknown => {
                    let flag = if key == "aws:sourcevpce" {
                        " (give --vpce)"
                    } else {
                        ""
                    };
                    (Tri::Depends, Some(format!("`{}`{flag}", c.key)))
                }
            }
        }
        _ => depends(),
    }
}

/// `10.0.0.0/8` or a single address contains `ip`. A value that is neither never matches.
fn cidr_contains(value: &str, ip: IpAddr) -> bool {
    let v = value.trim();
    if let Ok(net) = v.parse::<IpNet>() {
        return net.contains(&ip);
    }
    v.parse::<IpAddr>().is_ok_and(|a| a == ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(op: &str, key: &str, values: &[&str]) -> Condition {
        Condition {
            operator: op.into(),
            key: key.into(),
            values: values.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn source_ip_is_matched_by_cidr_and_unknown_without_a_source_ip() {
        let c = cond("IpAddress", "aws:SourceIp", &["10.0.0.0/8", "192.0.2.7"]);
        let mut caller = Caller::default();
        assert_eq!(check(&c, &caller).0, Tri::Depends);
        caller.source_ip = "10.1.2.3".parse().ok();
        assert_eq!(check(&c, &caller).0, Tri::Yes);
        caller.source_ip = "192.0.2.7".parse().ok();
        assert_eq!(check(&c, &caller).0, Tri::Yes);
        caller.source_ip = "203.0.113.1".parse().ok();
        assert_eq!(check(&c, &caller).0, Tri::No);
        let not = cond("NotIpAddress", "AWS:SOURCEIP", &["10.0.0.0/8"]);
        assert_eq!(check(&not, &caller).0, Tri::Yes);
    }

    #[test]
    fn vpc_endpoint_conditions_compare_strings_and_globs() {
        let mut caller = Caller {
            vpce: Fact::Known("vpce-1a2b".into()),
            ..Caller::default()
        };
        assert_eq!(
            check(
                &cond("StringEquals", "aws:SourceVpce", &["vpce-1a2b"]),
                &caller
            )
            .0,
            Tri::Yes
        );
        assert_eq!(
            check(
                &cond("StringNotEquals", "aws:SourceVpce", &["vpce-1a2b"]),
                &caller
            )
            .0,
            Tri::No
        );
        assert_eq!(
            check(&cond("StringLike", "aws:SourceVpce", &["vpce-1*"]), &caller).0,
            Tri::Yes
        );
        caller.vpce = Fact::Absent;
        assert_eq!(
            check(
                &cond("StringNotEquals", "aws:SourceVpce", &["vpce-1a2b"]),
                &caller
            )
            .0,
            Tri::Yes
        );
        assert_eq!(
            check(
                &cond("StringEquals", "aws:SourceVpce", &["vpce-1a2b"]),
                &caller
            )
            .0,
            Tri::No
        );
        let (t, why) = check(&cond("DateLessThan", "aws:CurrentTime", &["x"]), &caller);
        assert_eq!(t, Tri::Depends);
        assert!(why.unwrap().contains("aws:CurrentTime"));
    }
}
