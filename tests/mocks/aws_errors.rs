//! What a person sees when the credential chain fails, through the real aws-config chain
//! (no emulator needed: nothing gets as far as a request). The endpoint is a closed local
//! port so nothing could ever reach AWS.

use std::path::Path;

const SSO_CONFIG: &str = "[profile prod]
sso_session = s
sso_account_id = 123456789012
sso_role_name = ReadOnly
region = us-east-1

[sso-session s]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
";

fn apigw(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("apigw").expect("apigw binary");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .timeout(std::time::Duration::from_secs(120));
    cmd
}

fn stderr_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.arg("snapshot").assert().code(2).get_output().clone();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn expired_sso_token_says_sso_login_with_the_profile() {
    let home = tempfile::tempdir().expect("tempdir");
    let aws = home.path().join(".aws");
    std::fs::create_dir_all(aws.join("sso/cache")).expect("mkdir");
    std::fs::write(aws.join("config"), SSO_CONFIG).expect("config");
    // the token cache file aws-config looks up for sso-session "s" (sha1 of the name)
    std::fs::write(
        aws.join("sso/cache/a0f1490a20d0211c997b44bc357e1972deab8ae3.json"),
        r#"{"accessToken":"x","expiresAt":"2020-01-01T00:00:00Z","region":"us-east-1","startUrl":"https://example.awsapps.com/start"}"#,
    )
    .expect("token");
    let err = stderr_of(apigw(home.path()).args(["--profile", "prod"]));
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("SSO session has expired"), "{err}");
    assert!(err.contains("aws sso login --profile prod"), "{err}");
}

#[test]
fn no_credentials_says_how_to_configure_them() {
    let home = tempfile::tempdir().expect("tempdir");
    let err = stderr_of(apigw(home.path()).env("AWS_REGION", "us-east-1"));
    assert!(err.contains("no AWS credentials found"), "{err}");
    assert!(
        err.contains("aws configure") && err.contains("--profile"),
        "{err}"
    );
}
