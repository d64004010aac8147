//! A policy as the TUI shows it for one method: each statement pretty-printed (AWS
//! escapes the document once more; [`super::parse`] handles that), the method's
//! execute-api ARN, and the IAM statement a signer needs for it.

use super::parse::{document, PolicyError};
use super::RequestArn;

/// Each statement of the policy as indented JSON, in policy order.
pub fn statement_texts(text: &str) -> Result<Vec<String>, PolicyError> {
    let doc = document(text.trim())?;
    let list = match doc.get("Statement") {
        Some(serde_json::Value::Array(a)) => a.clone(),
        Some(s @ serde_json::Value::Object(_)) => vec![s.clone()],
        _ => return Err(PolicyError("no `Statement` list".into())),
    };
    list.iter()
        .map(|s| serde_json::to_string_pretty(s).map_err(|e| PolicyError(e.to_string())))
        .collect()
}

fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The ARN of a method of a REST API's stage: `{apiId}/{stage}/{METHOD}/{path}` with the
/// resource path (its `{param}`s as typed there; the root ends in `/`).
pub fn method_arn(
    region: Option<&str>,
    account: Option<&str>,
    api_id: &str,
    stage: &str,
    method: &str,
    resource_path: &str,
) -> RequestArn {
    let path = resource_path.trim_start_matches('/');
    RequestArn {
        partition: partition(region.unwrap_or("")).to_string(),
        region: region.map(str::to_string),
        account: account.map(str::to_string),
        resource: format!("{api_id}/{stage}/{method}/{path}"),
        api_id: api_id.to_string(),
    }
}

/// `{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:…"}`.
pub fn invoke_statement(arn: &str) -> String {
    // Written out: serde_json sorts object keys, and people read Effect first.
    let quoted = serde_json::Value::from(arn).to_string();
    format!(
        r#"{{"Effect":"Allow","Action":"{}","Resource":{quoted}}}"#,
        super::INVOKE
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escaped_policy_is_split_into_pretty_printed_statements() {
        let text = r#"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"A\",\"Effect\":\"Allow\"},{\"Sid\":\"B\",\"Effect\":\"Deny\"}]}"#;
        let s = statement_texts(text).expect("parses");
        assert_eq!(s.len(), 2);
        assert!(
            s[1].contains("\"Sid\": \"B\"") && s[1].contains('\n'),
            "{}",
            s[1]
        );
        assert!(statement_texts("not json").is_err());
    }

    #[test]
    fn a_method_arn_names_stage_method_and_path_and_the_root_ends_in_a_slash() {
        let a = method_arn(
            Some("eu-west-1"),
            Some("123456789012"),
            "abc",
            "prod",
            "GET",
            "/",
        );
        assert_eq!(
            a.to_arn("123456789012"),
            "arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/"
        );
        let a = method_arn(Some("cn-north-1"), None, "abc", "v1", "DELETE", "/o/{id}");
        assert_eq!(
            a.to_arn("*"),
            "arn:aws-cn:execute-api:cn-north-1:*:abc/v1/DELETE/o/{id}"
        );
        assert_eq!(
            invoke_statement("arn:x"),
            r#"{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:x"}"#
        );
    }
}
