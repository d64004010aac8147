//! Name tables derived with strum must agree with serde (the JSON contract, snapshot and
//! cache files) and with the names users already wrote (keymap files, AWS spellings).

use std::fmt::Debug;

use apigw::app::Command;
use apigw::domain::model::{
    AuthorizationType, AuthorizerType, EndpointType, IntegrationType, RoutingMode,
};
use apigw::domain::routing::Reason;
use apigw::domain::staleness::{ChangeKind, Staleness};
use serde::de::DeserializeOwned;
use serde::Serialize;
use strum::VariantArray;

/// Every variant: serde writes `name(v)`, and reads it back as `v`.
fn agree<T>(name: impl Fn(&T) -> &'static str)
where
    T: VariantArray + Serialize + DeserializeOwned + PartialEq + Debug,
{
    for v in T::VARIANTS {
        let shown = name(v);
        assert_eq!(serde_json::to_value(v).unwrap(), shown, "{v:?}");
        let back: T = serde_json::from_value(shown.into()).unwrap();
        assert_eq!(&back, v, "{shown}");
    }
}

#[test]
fn serde_and_strum_spell_every_variant_the_same() {
    agree::<AuthorizationType>(|v| v.as_aws());
    agree::<IntegrationType>(|v| v.as_aws());
    agree::<EndpointType>(|v| v.into());
    agree::<RoutingMode>(|v| v.into());
    agree::<AuthorizerType>(|v| v.into());
    agree::<Reason>(|v| v.code());
    agree::<Staleness>(|v| v.label());
    agree::<ChangeKind>(|v| v.label());
}

#[test]
fn aws_spellings_parse_back_and_unknown_ones_are_kept_apart() {
    for v in AuthorizationType::VARIANTS {
        assert_eq!(AuthorizationType::from_aws(v.as_aws()), Some(*v));
    }
    assert_eq!(
        AuthorizationType::from_aws("AWS_IAM"),
        Some(AuthorizationType::AwsIam)
    );
    assert_eq!(AuthorizationType::from_aws("aws_iam"), None);
    assert_eq!(
        IntegrationType::from_aws("AWS_PROXY"),
        IntegrationType::AwsProxy
    );
    assert_eq!(
        IntegrationType::from_aws("VPC_LINK"),
        IntegrationType::Unknown
    );
    assert_eq!(Reason::NotDeployed.code(), "not_deployed");
    assert_eq!(Staleness::AutoDeploy.label(), "auto_deploy");
}

#[test]
fn command_names_round_trip_and_the_default_keymap_uses_only_known_ones() {
    assert_eq!(Command::ALL.len(), 30);
    for c in Command::ALL {
        assert_eq!(Command::from_name(c.name()), Some(*c), "{c:?}");
    }
    assert_eq!(Command::NextPane.name(), "next_pane");
    assert_eq!(Command::from_name("copy_url"), Some(Command::CopyUrl));
    assert_eq!(Command::from_name("CopyUrl"), None);
    let default: toml::Table =
        toml::from_str(include_str!("../../assets/keymap.default.toml")).unwrap();
    let mut seen = 0;
    for section in default.values().filter_map(|s| s.as_table()) {
        for name in section.keys() {
            assert!(Command::from_name(name).is_some(), "unknown command {name}");
            seen += 1;
        }
    }
    assert!(
        seen >= Command::ALL.len(),
        "the default keymap binds every command"
    );
}
