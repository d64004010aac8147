//! `apigw completions SHELL` and `apigw man [-o DIR]`: shell completion scripts
//! (clap_complete) and the man page (clap_mangen), generated from the same clap definition
//! the binary parses with, so they never drift from it. They need no inventory, no
//! credentials and no config file.
//!
//! Why a subcommand and not a build script: packagers (and `cargo install` users) run the
//! installed binary (`apigw man > apigw.1`, `apigw completions zsh > _apigw`), as with
//! ripgrep's `--generate` or jj's `util mangen`; a build script's `OUT_DIR` is hard to find
//! from a package recipe, and it would compile the CLI definition a second time on every
//! build. Cross-compiling packagers can run a host build of the same version.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use clap::CommandFactory;

use super::{Cli, CompletionsArgs, ManArgs};

/// The completion script for `args.shell`, on stdout.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<i32> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "apigw", &mut buf);
    write_stdout(&buf)
}

/// `apigw(1)` as roff on stdout (every subcommand listed); with `-o DIR`, that page and
/// one per subcommand (`apigw-match.1`, …) written into DIR.
pub fn man(args: &ManArgs) -> anyhow::Result<i32> {
    match &args.output {
        Some(dir) => write_pages(dir),
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buf)
                .context("cannot render the man page")?;
            write_stdout(&buf)
        }
    }
}

fn write_pages(dir: &Path) -> anyhow::Result<i32> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(Cli::command(), dir)
        .with_context(|| format!("cannot write the man pages into {}", dir.display()))?;
    Ok(0)
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .context("cannot write to stdout")?;
    Ok(0)
}
