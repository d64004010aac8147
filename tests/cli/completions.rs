//! `apigw completions SHELL` and `apigw man`: generated from the clap definition, so every
//! subcommand (including ones added later) is offered and documented. Each script is
//! checked by its shell's own parser, bash and fish also by asking them to complete.
//! zsh and fish are installed by scripts/test.

use std::path::Path;
use std::process::Command as Process;

use apigw::cli::Cli;
use clap::CommandFactory;

fn apigw(home: &Path, args: &[&str]) -> String {
    let out = assert_cmd::Command::cargo_bin("apigw")
        .expect("the apigw binary is built")
        .env("HOME", home)
        // A broken config file does not matter: nothing but the definitions is needed.
        .env("APIGW_CONFIG", home.join("broken.toml"))
        .args(args)
        .output()
        .expect("apigw runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn subcommands() -> Vec<String> {
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for n in [
        "match",
        "snapshot",
        "stages",
        "deploy",
        "cors",
        "completions",
        "man",
    ] {
        assert!(names.iter().any(|x| x == n), "{n} is a subcommand");
    }
    names
}

/// Runs `shell args…` with the script in a file; its stdout. Fails (never skips) when the
/// shell is missing.
fn shell(sh: &str, args: &[&str]) -> String {
    let out = Process::new(sh).args(args).output().unwrap_or_else(|e| {
        panic!("{sh} is needed to check its completions ({e}): scripts/test installs it")
    });
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{sh} {args:?}: {err}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn with_home(f: impl FnOnce(&Path)) {
    let home = tempfile::tempdir().expect("temp dir");
    std::fs::write(home.path().join("broken.toml"), "read_only = [").expect("write");
    f(home.path());
}

#[test]
fn bash_completion_parses_and_completes_every_subcommand() {
    with_home(|home| {
        let script = home.join("apigw.bash");
        std::fs::write(&script, apigw(home, &["completions", "bash"])).expect("write");
        let path = script.display().to_string();
        shell("bash", &["-n", &path]);
        let probe = format!(
            "source '{path}'; COMP_WORDS=(apigw ''); COMP_CWORD=1; COMP_LINE='apigw '; \
             COMP_POINT=6; _apigw apigw '' apigw; printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        let offered = shell("bash", &["-c", &probe]);
        for s in subcommands() {
            assert!(
                offered.lines().any(|l| l == s),
                "bash offers {s}: {offered}"
            );
        }
    });
}

#[test]
fn fish_completion_parses_and_completes_every_subcommand() {
    with_home(|home| {
        let script = home.join("apigw.fish");
        std::fs::write(&script, apigw(home, &["completions", "fish"])).expect("write");
        let path = script.display().to_string();
        shell("fish", &["--no-execute", &path]);
        let probe = format!("source '{path}'; complete --do-complete 'apigw '");
        let offered = shell("fish", &["--no-config", "-c", &probe]);
        for s in subcommands() {
            let hit = offered
                .lines()
                .any(|l| l.split('\t').next() == Some(s.as_str()));
            assert!(hit, "fish offers {s}: {offered}");
        }
    });
}

#[test]
fn zsh_completion_parses_and_names_every_subcommand() {
    with_home(|home| {
        let text = apigw(home, &["completions", "zsh"]);
        assert!(
            text.starts_with("#compdef apigw"),
            "{}",
            &text[..40.min(text.len())]
        );
        let script = home.join("_apigw");
        std::fs::write(&script, &text).expect("write");
        shell("zsh", &["-n", &script.display().to_string()]);
        for s in subcommands() {
            assert!(text.contains(&format!("'{s}:")), "zsh lists {s}");
        }
    });
}

#[test]
fn the_man_page_mentions_every_subcommand_and_one_page_each_is_written() {
    with_home(|home| {
        let roff = apigw(home, &["man"]);
        assert!(
            roff.contains(".TH apigw 1"),
            "{}",
            &roff[..200.min(roff.len())]
        );
        for s in subcommands() {
            let named = format!("apigw\\-{}", s.replace('-', "\\-"));
            assert!(roff.contains(&named), "the man page names {s}");
        }
        let dir = home.join("man1");
        apigw(home, &["man", "-o", &dir.display().to_string()]);
        for s in subcommands().iter().filter(|s| *s != "help") {
            let page = std::fs::read_to_string(dir.join(format!("apigw-{s}.1")))
                .unwrap_or_else(|e| panic!("apigw-{s}.1 written: {e}"));
            assert!(page.contains(".SH SYNOPSIS"), "apigw-{s}.1");
        }
        assert!(dir.join("apigw.1").is_file());
    });
}
