//! The command line: one enum of verbs (clap derive) and the dispatch to `cmd::<verb>::run`.
//!
//! clap types stop here; each verb's `Args` lives beside its `run` in `src/cmd/`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, Parser, Subcommand};

use crate::cmd;
use crate::workspace::GlobalOptions;

#[derive(Debug, Parser)]
#[command(
    name = "because",
    version,
    about = "Decision records (ADRs and RFCs) kept in Git: write them, check them in CI, publish them.",
    long_about = None,
    after_help = "Records live in docs/decisions/ by default (or .adr-dir, or `records-dir` in because.toml).\nExit status: 0 ok, 1 refused by a rule or findings, 2 could not run."
)]
pub struct Cli {
    /// Records directory to use, overriding because.toml and .adr-dir
    #[arg(
        long,
        global = true,
        env = "BECAUSE_DIR",
        hide_env_values = true,
        value_name = "PATH"
    )]
    pub dir: Option<PathBuf>,

    /// Fix the clock (RFC 9557, RFC 3339, a date, or "YYYY-MM-DD HH:MM Area/City"), for reproducible output
    #[arg(
        long,
        global = true,
        env = "BECAUSE_NOW",
        hide_env_values = true,
        value_name = "TIME"
    )]
    pub now: Option<String>,

    /// Show times in this zone (IANA name or abbreviation); default: $TZ, then because.toml
    #[arg(long, global = true, value_name = "ZONE")]
    pub tz: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create because.toml, the records directory and the first record
    Init(cmd::init::Args),
    /// Create a new record with the next free number and print its path
    New(cmd::new::Args),
    /// List records, optionally filtered
    List(cmd::list::Args),
    /// Open decisions by deadline, soonest first: what waits on whom
    Due(cmd::due::Args),
    /// Show one record's metadata, relations and text
    Show(cmd::show::Args),
    /// Link two records; the inverse relation is written on the other record
    Link(cmd::link::Args),
    /// Mark a record superseded by another, updating both
    Supersede(cmd::supersede::Args),
    /// Accept a record (sets status and decided date)
    Accept(cmd::status::DecideArgs),
    /// Reject a record (sets status and decided date)
    Reject(cmd::status::DecideArgs),
    /// Withdraw a record (RFC)
    Withdraw(cmd::status::DecideArgs),
    /// Deprecate a record
    Deprecate(cmd::status::DecideArgs),
    /// Set a record's status to any status its lifecycle allows
    Status(cmd::status::Args),
    /// Check every record (fields, lifecycle, deadlines, links, sections) for CI
    Check(cmd::check::Args),
    /// The decisions that govern a file, a line or a change, strongest first, each with why
    Why(cmd::why::Args),
    /// Give a record a new number and rewrite every reference to it
    Renumber(cmd::renumber::Args),
    /// Rewrite records from adr-tools, MADR and log4brains into the native format
    Migrate(cmd::migrate::Args),
    /// Write the static HTML site: index, record pages, people, timeline, feed
    Build(cmd::build::Args),
    /// Print the relation graph (supersedes, amends, relates-to) as DOT, Mermaid or JSON
    Graph(cmd::graph::Args),
    /// Print or update a Markdown table of contents of the records
    Toc(cmd::toc::Args),
    /// Preview the site on 127.0.0.1, rebuilt and reloaded on every change
    Serve(cmd::serve::Args),
    /// Print a shell completion script
    Completions(cmd::completions::Args),
    /// Print the man page (roff), or write one page per verb with --out
    Man(cmd::man::Args),
    /// Serve the records to coding agents over the Model Context Protocol (stdio)
    Mcp(cmd::mcp::Args),
}

/// Run the parsed command line; the exit code for success and findings, `Err` for the rest.
pub fn run(cli: Cli) -> Result<ExitCode> {
    if let Command::Mcp(args) = &cli.command {
        // stdout is the protocol's channel: nothing else may print to it.
        return cmd::mcp::run(&global(&cli), args);
    }
    let stdout = std::io::stdout();
    // A verb that prints while it waits (`serve`'s address, `new` before the editor) writes
    // through line by line; the rest are buffered: `list` of 10,000 records was 10,000 writes.
    let mut out: Box<dyn Write> = match &cli.command {
        Command::Serve(_) | Command::New(_) => Box::new(stdout.lock()),
        _ => Box::new(std::io::BufWriter::new(stdout.lock())),
    };
    let code = run_into(cli, &mut out)?;
    out.flush()?;
    Ok(code)
}

/// Run the parsed command line, printing to `out` (the MCP server captures it this way).
pub fn run_into(cli: Cli, out: &mut dyn Write) -> Result<ExitCode> {
    let global = global(&cli);
    match cli.command {
        Command::Init(args) => cmd::init::run(&global, &args, out),
        Command::New(args) => cmd::new::run(&global, &args, out),
        Command::List(args) => cmd::list::run(&global, &args, out),
        Command::Due(args) => cmd::due::run(&global, &args, out),
        Command::Show(args) => cmd::show::run(&global, &args, out),
        Command::Link(args) => cmd::link::run(&global, &args, out),
        Command::Supersede(args) => cmd::supersede::run(&global, &args, out),
        Command::Accept(args) => cmd::status::decide(&global, &args, "accepted", out),
        Command::Reject(args) => cmd::status::decide(&global, &args, "rejected", out),
        Command::Withdraw(args) => cmd::status::decide(&global, &args, "withdrawn", out),
        Command::Deprecate(args) => cmd::status::decide(&global, &args, "deprecated", out),
        Command::Status(args) => cmd::status::run(&global, &args, out),
        Command::Check(args) => cmd::check::run(&global, &args, out),
        Command::Why(args) => cmd::why::run(&global, &args, out),
        Command::Renumber(args) => cmd::renumber::run(&global, &args, out),
        Command::Migrate(args) => cmd::migrate::run(&global, &args, out),
        Command::Build(args) => cmd::build::run(&global, &args, out),
        Command::Graph(args) => cmd::graph::run(&global, &args, out),
        Command::Toc(args) => cmd::toc::run(&global, &args, out),
        Command::Serve(args) => cmd::serve::run(&global, &args, out),
        Command::Completions(args) => cmd::completions::run(&args, out),
        Command::Man(args) => cmd::man::run(&args, Cli::command(), out),
        Command::Mcp(_) => anyhow::bail!("`because mcp` runs only as a command of its own"),
    }
}

fn global(cli: &Cli) -> GlobalOptions {
    GlobalOptions {
        dir: cli.dir.clone(),
        now: cli.now.clone(),
        tz: cli.tz.clone(),
    }
}
