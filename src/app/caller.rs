//! The URL bar's caller field: what the user says about the caller (`203.0.113.7`,
//! `vpce-0a1b2c3d`, `vpc-2f09a348`, in any order, separated by spaces, commas or `;`),
//! for resource-policy conditions (`aws:SourceIp`, `aws:SourceVpce`, `aws:SourceVpc`).

use crate::domain::routing::CallerContext;

/// The caller the field describes, and the words it could not read (ignored).
pub fn parse_caller(text: &str) -> (CallerContext, Vec<String>) {
    CallerContext::parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caller_field_reads_an_ip_a_vpc_endpoint_and_a_vpc_in_any_order() {
        let (c, bad) = parse_caller("vpce-0a1b2c3d, 203.0.113.7 ;vpc-2f09a348");
        assert_eq!(c.source_ip, Some("203.0.113.7".parse().unwrap()));
        assert_eq!(c.vpce.as_deref(), Some("vpce-0a1b2c3d"));
        assert_eq!(c.vpc.as_deref(), Some("vpc-2f09a348"));
        assert!(bad.is_empty());
        let (c, bad) = parse_caller("2001:db8::1 office vpce-");
        assert_eq!(c.source_ip, Some("2001:db8::1".parse().unwrap()));
        assert_eq!(bad, vec!["office".to_string(), "vpce-".to_string()]);
        assert_eq!(parse_caller("  ").0, CallerContext::default());
    }
}
