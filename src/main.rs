//! `apigw`: parse arguments, set up logging and the runtime, hand off. Nothing else.

use std::process::ExitCode;

use clap::Parser;

use apigw::cli::{self, Cli, CliContext};
use apigw::runtime::{self, TuiOptions};

fn main() -> ExitCode {
    let args = Cli::parse();
    match real_main(args) {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(e) => {
            // One line, no backtrace: the chain of contexts joined.
            // Secrets redacted and control characters escaped: echoed input must not leak
            // a token or clear the user's screen.
            let msg = apigw::redact::for_terminal(&format!("{e:#}").replace('\n', " "));
            eprintln!("apigw: error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn real_main(args: Cli) -> anyhow::Result<i32> {
    if let Some(done) = args.command.as_ref().and_then(|c| c.generate()) {
        return done;
    }
    // An empty endpoint variable (`AWS_ENDPOINT_URL=$MAYBE`) means "not set"; the SDK would
    // panic on it. Done here, single-threaded, before the runtime starts.
    for k in [
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_API_GATEWAY",
        "AWS_ENDPOINT_URL_APIGATEWAYV2",
    ] {
        if std::env::var_os(k).is_some_and(|v| v.is_empty()) {
            std::env::remove_var(k);
        }
    }
    let config = apigw::config::load_user_config()?;
    if let Some(path) = &args.log_file {
        init_logging(path)?;
    }
    let read_only = args.read_only || config.read_only;
    let source = args.source.source();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    match args.command {
        Some(command) => {
            let ctx = CliContext {
                source,
                read_only,
                no_cache: args.no_cache,
            };
            rt.block_on(cli::run(ctx, command))
        }
        None => {
            let opts = TuiOptions {
                source,
                read_only,
                no_cache: args.no_cache,
                keymap: config.keymap,
            };
            runtime::run_tui(&rt, opts)?;
            Ok(0)
        }
    }
}

fn init_logging(path: &std::path::Path) -> anyhow::Result<()> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| anyhow::anyhow!("cannot open log file {}: {e}", path.display()))?;
    tracing_subscriber::fmt()
        .with_writer(apigw::redact::Redacting(std::sync::Mutex::new(file)))
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("APIGW_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("apigw=debug,info")),
        )
        .init();
    Ok(())
}
