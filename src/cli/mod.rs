//! Subcommands (shared/CLI.md is the contract): match, probe, logs, snapshot, stages,
//! deploy, cors; and completions / man, generated from these definitions.
//! No TUI code here. Every subcommand returns its exit status; an `Err` is printed as one
//! line on stderr and exits 2.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::{LiveTarget, Source};
use crate::domain::model::Inventory;

pub mod cors_cmd;
pub mod deploy_cmd;
pub mod gen_cmd;
pub mod logs_cmd;
pub mod match_cmd;
pub mod probe_cmd;
pub mod snapshot_cmd;
pub mod stages_cmd;

/// A terminal explorer for AWS API Gateway: why does this URL answer 403?
#[derive(Debug, Parser)]
#[command(name = "apigw", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub source: SourceArgs,

    /// Refuse every mutating action (TUI and CLI).
    #[arg(long, global = true)]
    pub read_only: bool,

    /// Do not show the cached inventory at start (live mode).
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Write a debug log to this file (never secrets).
    #[arg(long, global = true, value_name = "FILE")]
    pub log_file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct SourceArgs {
    /// Use the bundled demo account (no network, no credentials).
    #[arg(long, global = true, conflicts_with = "snapshot")]
    pub demo: bool,

    /// Use a file written by `apigw snapshot` (offline, read-only).
    #[arg(long, global = true, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,

    /// AWS profile, as in the AWS CLI.
    #[arg(long, global = true, value_name = "P")]
    pub profile: Option<String>,

    /// AWS region, as in the AWS CLI.
    #[arg(long, global = true, value_name = "R")]
    pub region: Option<String>,

    /// Endpoint URL for both API Gateway services (e.g. an emulator).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
}

impl SourceArgs {
    pub fn source(&self) -> Source {
        if self.demo {
            Source::Demo
        } else if let Some(p) = &self.snapshot {
            Source::Snapshot(p.clone())
        } else {
            Source::Live(LiveTarget {
                profile: self.profile.clone(),
                region: self.region.clone(),
                endpoint_url: self.endpoint_url.clone().filter(|e| !e.trim().is_empty()),
            })
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Predict what API Gateway answers to a request, and why.
    Match(MatchArgs),
    /// Write the whole inventory (incl. deployed state) as JSON.
    Snapshot(SnapshotArgs),
    /// List stages with their deployment and staleness.
    Stages(StagesArgs),
    /// Create a deployment for a stage (prints the plan unless --yes).
    Deploy(DeployArgs),
    /// Add a CORS OPTIONS mock to a REST resource (prints the plan unless --yes).
    Cors(CorsArgs),
    /// Send a request for real (SigV4 for IAM methods) and compare with the prediction.
    Probe(ProbeArgs),
    /// Show a stage's execution and access logging; --enable turns execution logs on.
    Logs(LogsArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page as roff (`apigw man > apigw.1`).
    Man(ManArgs),
}

impl Command {
    /// Completions and the man page need nothing but the argument definitions: no config
    /// file, inventory or runtime.
    pub fn generate(&self) -> Option<anyhow::Result<i32>> {
        match self {
            Self::Completions(a) => Some(gen_cmd::completions(a)),
            Self::Man(a) => Some(gen_cmd::man(a)),
            _ => None,
        }
    }
}

#[derive(Debug, Args, Clone)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args, Clone)]
pub struct ManArgs {
    /// Write `apigw.1` and one page per subcommand into this directory instead.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// `-X METHOD -H 'Name: value'...`: the request of `match` and `probe`.
#[derive(Debug, Args, Clone)]
pub struct RequestArgs {
    /// HTTP method.
    #[arg(
        short = 'X',
        long = "request",
        value_name = "METHOD",
        default_value = "GET"
    )]
    pub method: String,
    /// A request header, `Name: value` (repeatable).
    #[arg(short = 'H', long = "header", value_name = "'Name: value'")]
    pub headers: Vec<String>,
}

/// `--api NAME|ID --stage S`: the stage `logs` and `deploy` act on.
#[derive(Debug, Args, Clone)]
pub struct StageArgs {
    #[arg(long, value_name = "NAME|ID")]
    pub api: String,
    #[arg(long, value_name = "S")]
    pub stage: String,
}

/// `[--yes] [--json]` of the subcommands that plan a change.
#[derive(Debug, Args, Clone)]
pub struct PlanArgs {
    /// Apply the plan (without it, print the plan and change nothing).
    #[arg(long)]
    pub yes: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args, Clone)]
pub struct MatchArgs {
    #[command(flatten)]
    pub request: RequestArgs,
    /// Read one request a line from stdin (`[METHOD] URL`, a curl command, or an API
    /// Gateway JSON access-log line); one verdict a line, written as soon as it is known.
    #[arg(long, conflicts_with = "url")]
    pub stdin: bool,
    /// With --stdin: print only a summary at the end (access-log triage): counts by
    /// status, by reason and by route, the most frequent unmatched paths and, for access
    /// logs, where the logged status disagrees with the prediction. Tables, or one JSON
    /// object with --json.
    #[arg(long)]
    pub summary: bool,
    /// The URL (or path) to match.
    #[arg(required_unless_present = "stdin")]
    pub url: Option<String>,
    /// Print JSON (CLI.md contract).
    #[arg(long)]
    pub json: bool,
    /// Print the diagnosis as a Markdown report (for an incident channel).
    #[arg(long, conflicts_with_all = ["json", "stdin"])]
    pub markdown: bool,
    /// The caller's source IP, for resource-policy conditions (`aws:SourceIp`).
    #[arg(long, value_name = "IP")]
    pub source_ip: Option<String>,
    /// The interface VPC endpoint the call comes through (`aws:SourceVpce`).
    #[arg(long, value_name = "ID")]
    pub vpce: Option<String>,
}

/// `probe` sends the request for real, so its method has a caveat.
const PROBE_METHOD_HELP: &str = "HTTP method (other than GET, HEAD and OPTIONS only with --yes)";

#[derive(Debug, Args, Clone)]
#[command(mut_arg("method", |a| a.help(PROBE_METHOD_HELP)))]
pub struct ProbeArgs {
    #[command(flatten)]
    pub request: RequestArgs,
    /// The full URL (or a whole curl / awscurl command).
    pub url: String,
    /// Connect to this address instead (`scheme://host[:port]`, plain HTTP allowed),
    /// keeping the URL's Host and path, as curl's --connect-to.
    #[arg(long, value_name = "URL")]
    pub connect_to: Option<String>,
    /// Send a method that may change something (anything but GET, HEAD, OPTIONS).
    #[arg(long)]
    pub yes: bool,
    /// Print JSON (CLI.md contract).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args, Clone)]
pub struct LogsArgs {
    #[command(flatten)]
    pub target: StageArgs,
    /// Plan turning execution logging on for every method of the stage.
    #[arg(long)]
    pub enable: bool,
    /// Execution log level for --enable.
    #[arg(long, value_enum, default_value_t = LogLevelArg::Info, requires = "enable")]
    pub level: LogLevelArg,
    /// Also log full requests and responses (data trace) with --enable.
    #[arg(long, requires = "enable")]
    pub data_trace: bool,
    #[command(flatten)]
    pub plan: PlanArgs,
}

/// `--level` of `apigw logs --enable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum LogLevelArg {
    Info,
    Error,
}

#[derive(Debug, Args, Clone)]
pub struct SnapshotArgs {
    /// Output file (`-` or absent: stdout).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct StagesArgs {
    /// Only this API (name or id).
    #[arg(long, value_name = "NAME|ID")]
    pub api: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args, Clone)]
pub struct DeployArgs {
    #[command(flatten)]
    pub target: StageArgs,
    /// Deployment description (default: `deployed with apigw`).
    #[arg(long, value_name = "D")]
    pub description: Option<String>,
    #[command(flatten)]
    pub plan: PlanArgs,
}

#[derive(Debug, Args, Clone)]
pub struct CorsArgs {
    #[arg(long, value_name = "NAME|ID")]
    pub api: String,
    /// The resource path, e.g. `/invoices`.
    #[arg(long, value_name = "/resource")]
    pub path: String,
    /// Allowed origin (default: the one configured on the resource, else `*`; an HTTP API
    /// takes a comma-separated list).
    #[arg(long, value_name = "O")]
    pub origin: Option<String>,
    /// Also add CORS headers to DEFAULT_4XX/DEFAULT_5XX gateway responses (default: when
    /// both already carry one).
    #[arg(long)]
    pub gateway_responses: bool,
    #[command(flatten)]
    pub plan: PlanArgs,
}

/// What every subcommand gets.
#[derive(Debug, Clone)]
pub struct CliContext {
    pub source: Source,
    pub read_only: bool,
    pub no_cache: bool,
}

impl CliContext {
    /// Loads the whole inventory from the source (demo, snapshot file or live AWS).
    pub async fn load_inventory(&self) -> anyhow::Result<Inventory> {
        match &self.source {
            Source::Demo => Ok(crate::demo::inventory()),
            Source::Snapshot(p) => Ok(crate::snapshot::read(p)?.inventory),
            Source::Live(t) => crate::aws::load_inventory(t).await,
        }
    }

    /// Refuses a mutation under `--read-only` or on an offline source.
    pub fn ensure_writable(&self, what: &str) -> anyhow::Result<()> {
        if self.read_only {
            anyhow::bail!("refusing to {what}: apigw is in read-only mode (--read-only or read_only = true in the config)");
        }
        if self.source.is_offline() {
            anyhow::bail!(
                "refusing to {what}: the inventory is {} (offline); run against a live account",
                self.source.label()
            );
        }
        Ok(())
    }
}

/// Runs one subcommand and returns its exit status.
pub async fn run(ctx: CliContext, command: Command) -> anyhow::Result<i32> {
    match command {
        Command::Match(a) => match_cmd::run(&ctx, &a).await,
        Command::Snapshot(a) => snapshot_cmd::run(&ctx, &a).await,
        Command::Stages(a) => stages_cmd::run(&ctx, &a).await,
        Command::Deploy(a) => deploy_cmd::run(&ctx, &a).await,
        Command::Cors(a) => cors_cmd::run(&ctx, &a).await,
        Command::Probe(a) => probe_cmd::run(&ctx, &a).await,
        Command::Logs(a) => logs_cmd::run(&ctx, &a).await,
        Command::Completions(a) => gen_cmd::completions(&a),
        Command::Man(a) => gen_cmd::man(&a),
    }
}
