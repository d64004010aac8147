//! Profile names for the `:` palette, read by aws-config's own profile loader: the parser
//! the SDK resolves `--profile` with, so the palette lists exactly the profiles the SDK
//! accepts (`[default]` and `[profile NAME]` of `~/.aws/config`, `[NAME]` of
//! `~/.aws/credentials`; `[sso-session X]` and `[services X]` are not profiles). The
//! loader honours `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` and expands `~`.

use aws_config::profile::ProfileSet;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};

/// All profile names, sorted, `default` first when present. Missing files count as empty;
/// a file the loader cannot read or parse is logged and yields no profiles.
pub async fn list_profiles() -> Vec<String> {
    list_with(&Fs::real(), &Env::real()).await
}

/// As [`list_profiles`], with the files and environment given (tests).
pub async fn list_with(fs: &Fs, env: &Env) -> Vec<String> {
    match aws_config::profile::load(fs, env, &EnvConfigFiles::default(), None).await {
        Ok(set) => names(&set),
        Err(e) => {
            tracing::warn!("cannot read the AWS config files: {e}");
            Vec::new()
        }
    }
}

fn names(set: &ProfileSet) -> Vec<String> {
    let mut all: Vec<String> = set.profiles().map(str::to_string).collect();
    // `default` first, then by name.
    all.sort_by(|a, b| (a != "default", a).cmp(&(b != "default", b)));
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::path::Path;

    fn env(home: &Path, pairs: &[(&str, &Path)]) -> Env {
        let mut m: HashMap<String, String> =
            HashMap::from([("HOME".into(), home.display().to_string())]);
        for (k, v) in pairs {
            m.insert((*k).into(), v.display().to_string());
        }
        Env::from(m)
    }

    fn list(env: &Env) -> Vec<String> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        rt.block_on(list_with(&Fs::real(), env))
    }

    #[test]
    fn aws_config_file_profiles_default_first_sso_sessions_and_services_excluded() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let config = dir.path().join("my-config");
        std::fs::write(
            &config,
            "[profile prod]\nsso_session = corp\nsso_account_id = 111122223333\n\
             sso_role_name = Admin\n\n[default]\nregion = eu-west-1\n\n\
             [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
             sso_region = eu-west-1\n\n[services local]\napi_gateway =\n  endpoint_url = http://127.0.0.1:5000\n\n\
             [profile  dev ]\nregion = us-east-1\n",
        )
        .expect("write the config");
        let creds = dir.path().join("my-credentials");
        std::fs::write(
            &creds,
            "[ci]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n",
        )
        .expect("write the credentials");
        let e = env(
            dir.path(),
            &[
                ("AWS_CONFIG_FILE", &config),
                ("AWS_SHARED_CREDENTIALS_FILE", &creds),
            ],
        );
        assert_eq!(list(&e), vec!["default", "ci", "dev", "prod"]);
    }

    #[test]
    fn the_default_files_under_home_are_read_and_missing_ones_are_empty() {
        let dir = tempfile::tempdir().expect("a temp dir");
        assert!(list(&env(dir.path(), &[])).is_empty());
        std::fs::create_dir(dir.path().join(".aws")).expect("mkdir");
        std::fs::write(dir.path().join(".aws/config"), "[profile home-only]\n").expect("write");
        assert_eq!(list(&env(dir.path(), &[])), vec!["home-only"]);
    }
}
