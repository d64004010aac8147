//! The `:` palette's profile list comes from aws-config's profile loader: a temporary
//! `AWS_CONFIG_FILE` with `[default]`, `[profile x]` and an `[sso-session]` section gives
//! exactly the profiles, `default` first. Pure: no network.

use std::collections::HashMap;

use apigw::app::palette::{entries, Entry, Palette};
use apigw::app::{update, Action, Command, Effect, State};
use apigw::config::{LiveTarget, Source};
use aws_types::os_shim_internal::{Env, Fs};

const CONFIG: &str = "\
[profile x]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[default]
region = eu-west-1
";

#[test]
fn the_palette_offers_the_profiles_of_aws_config_file_and_not_its_sso_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    std::fs::write(&file, CONFIG).unwrap();
    let env = Env::from(HashMap::from([
        ("HOME".to_string(), dir.path().display().to_string()),
        ("AWS_CONFIG_FILE".to_string(), file.display().to_string()),
    ]));
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let profiles = rt.block_on(apigw::aws::profiles::list_with(&Fs::real(), &env));
    assert_eq!(profiles, vec!["default", "x"]);

    let mut s = State::new(Source::Live(LiveTarget::default()), false);
    let effects = update(&mut s, Action::Command(Command::Palette));
    assert_eq!(effects, vec![Effect::ListProfiles]);
    update(&mut s, Action::Profiles(profiles));
    let shown: Vec<Entry> = entries(&s, &Palette::default())
        .into_iter()
        .map(|(e, _)| e)
        .filter(|e| matches!(e, Entry::Profile(_)))
        .collect();
    assert_eq!(
        shown,
        vec![Entry::Profile("default".into()), Entry::Profile("x".into())]
    );
}
