//! The plans render as `aws` CLI lines a person can paste (split back, run through sh).

use super::*;

#[test]
fn cli_lines_split_back_into_the_planned_values() {
    let api = api_with(vec![method("GET", None)]);
    let mut plan = plan_cors(&api, "/orders", "https://app.example.com", true).unwrap();
    plan.region = Some("eu-west-1".into());
    for (line, step) in plan.cli_lines().iter().zip(&plan.steps) {
        let words = shell_words::split(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!(&words[..2], &["aws", "apigateway"]);
        assert_eq!(words.last().map(String::as_str), Some("eu-west-1"));
        let arg = |name: &str| {
            words
                .iter()
                .position(|w| w == name)
                .map(|i| words[i + 1].clone())
        };
        assert_eq!(arg("--rest-api-id").as_deref(), Some("a1"));
        match &step.mutation {
            Mutation::PutIntegration {
                request_templates, ..
            } => {
                let v: BTreeMap<String, String> =
                    serde_json::from_str(&arg("--request-templates").unwrap()).unwrap();
                assert_eq!(&v, request_templates);
            }
            Mutation::PutIntegrationResponse {
                response_parameters,
                ..
            } => {
                let v: BTreeMap<String, String> =
                    serde_json::from_str(&arg("--response-parameters").unwrap()).unwrap();
                assert_eq!(&v, response_parameters);
                assert_eq!(v[&hdr("Origin")], "'https://app.example.com'");
            }
            Mutation::PutMethodResponse {
                response_parameters,
                ..
            } => {
                let v: BTreeMap<String, bool> =
                    serde_json::from_str(&arg("--response-parameters").unwrap()).unwrap();
                assert_eq!(&v, response_parameters);
            }
            Mutation::PutMethod { .. } => {
                assert!(words.contains(&"--no-api-key-required".to_string()))
            }
            Mutation::PutGatewayResponse {
                response_parameters,
                ..
            } => {
                let v: BTreeMap<String, String> =
                    serde_json::from_str(&arg("--response-parameters").unwrap()).unwrap();
                assert_eq!(&v, response_parameters);
            }
            m => panic!("{m:?}"),
        }
    }
}

/// A real POSIX shell reads each line into the same words (a stub `aws` prints them).
#[test]
fn cli_lines_paste_into_sh_unchanged() {
    let api = api_with(vec![method("GET", None)]);
    let mut plan = plan_cors(&api, "/orders", "https://app.example.com", true).unwrap();
    plan.region = Some("eu-west-1".into());
    for line in plan.cli_lines() {
        let script = format!("aws() {{ printf '%s\\0' \"$@\"; }}\n{line}\n");
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .output()
            .expect("sh runs");
        assert!(
            out.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let want = shell_words::split(&line).unwrap();
        assert_eq!(got, want[1..].to_vec(), "{line}");
    }
}
