//! Broken snapshot, config and keymap files: exit 2 with one line naming the file.

use super::{apigw, assert_clear_error, assert_verdict_or_error, text};

/// Broken snapshot files: (file name, contents, a word the message must contain).
fn broken_snapshots() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let good = apigw::demo::DEMO_JSON.as_bytes();
    vec![
        ("empty.json", Vec::new(), "empty"),
        ("blank.json", b"  \n\t\n".to_vec(), "empty"),
        ("truncated.json", good[..good.len() / 2].to_vec(), "truncated"),
        ("binary.json", vec![0x00, 0xff, 0x13, 0x37, 0x89, 0x50, 0x4e, 0x47], "not"),
        ("png.json", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "not"),
        ("other.json", br#"{"name": "not a snapshot"}"#.to_vec(), "schema"),
        ("array.json", b"[1, 2, 3]".to_vec(), "schema"),
        ("future.json", br#"{"schema": "apigw-snapshot", "version": 999, "inventory": {}}"#.to_vec(), "newer"),
        ("noversion.json", br#"{"schema": "apigw-snapshot", "inventory": {}}"#.to_vec(), "version"),
        ("wrongtypes.json", br#"{"schema": "apigw-snapshot", "version": 1, "created": 5, "source": [], "inventory": "x"}"#.to_vec(), "valid"),
        ("text.json", b"hello world".to_vec(), "not"),
    ]
}

#[test]
fn broken_snapshot_files_exit_2_with_one_line_naming_the_file() {
    let home = tempfile::tempdir().unwrap();
    for (name, contents, word) in broken_snapshots() {
        let path = home.path().join(name);
        std::fs::write(&path, &contents).unwrap();
        for sub in [
            &["match", "/prod/orders"][..],
            &["stages"][..],
            &["snapshot"][..],
        ] {
            let out = apigw(home.path())
                .arg("--snapshot")
                .arg(&path)
                .args(sub)
                .output()
                .unwrap();
            let line = assert_clear_error(name, &out);
            assert!(
                line.contains(name),
                "{name}: the message names the file: {line}"
            );
            assert!(
                line.to_lowercase().contains(word),
                "{name}: says {word:?}: {line}"
            );
        }
    }
    for (what, path) in [
        ("missing", home.path().join("nope.json")),
        ("directory", home.path().to_path_buf()),
    ] {
        let out = apigw(home.path())
            .arg("--snapshot")
            .arg(&path)
            .args(["match", "/x"])
            .output()
            .unwrap();
        let line = assert_clear_error(what, &out);
        assert!(line.contains(&path.display().to_string()), "{what}: {line}");
        assert!(
            line.matches("(os error").count() <= 1,
            "{what}: the cause is said once: {line}"
        );
    }
}

#[test]
fn broken_config_files_exit_2_with_one_line_naming_the_file() {
    let home = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("syntax.toml", b"read_only = \n[[[".to_vec()),
        ("unknown.toml", b"colour = \"red\"\n".to_vec()),
        ("type.toml", b"read_only = \"yes\"\n".to_vec()),
        ("binary.toml", vec![0xff, 0xfe, 0x00, 0x01]),
        ("truncated.toml", b"read_only = tr".to_vec()),
    ];
    for (name, contents) in cases {
        let path = home.path().join(name);
        std::fs::write(&path, &contents).unwrap();
        let out = apigw(home.path())
            .env("APIGW_CONFIG", &path)
            .args(["--demo", "match", "/x"])
            .output()
            .unwrap();
        let line = assert_clear_error(name, &out);
        assert!(
            line.contains(&path.display().to_string()),
            "{name}: names the file: {line}"
        );
    }
    // A directory where the file should be.
    let out = apigw(home.path())
        .env("APIGW_CONFIG", home.path())
        .args(["--demo", "match", "/x"])
        .output()
        .unwrap();
    let line = assert_clear_error("directory", &out);
    assert!(line.contains(&home.path().display().to_string()), "{line}");
    // An empty file is an empty config: fine.
    let empty = home.path().join("empty.toml");
    std::fs::write(&empty, b"").unwrap();
    let out = apigw(home.path())
        .env("APIGW_CONFIG", &empty)
        .args(["--demo", "match", "--json", "/x"])
        .output()
        .unwrap();
    assert_verdict_or_error("empty config", &out);
    assert_ne!(
        out.status.code(),
        Some(2),
        "an empty config is valid: {}",
        text(&out.stderr)
    );
}

#[test]
fn a_broken_keymap_named_by_the_config_exits_2_naming_it() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    let cases: Vec<(&str, &[u8])> = vec![
        ("syntax.toml", b"[normal\nquit = "),
        ("unknown-key-name.toml", b"[normal]\nquit = [\"hyper-q\"]\n"),
        ("binary.toml", b"\xff\xfe\x00"),
        ("missing.toml", b""),
    ];
    for (name, contents) in cases {
        let keymap = home.path().join(name);
        if name != "missing.toml" {
            std::fs::write(&keymap, contents).unwrap();
        }
        std::fs::write(
            &config,
            format!("keymap = {:?}\n", keymap.display().to_string()),
        )
        .unwrap();
        let out = apigw(home.path())
            .env("APIGW_CONFIG", &config)
            .arg("--demo")
            .output()
            .unwrap();
        let line = assert_clear_error(name, &out);
        assert!(line.contains(name), "{name}: names the keymap file: {line}");
    }
}
