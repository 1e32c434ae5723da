//! `because check [PATH...]`: run every rule, report findings, exit 1 on an error-level one.
//!
//! At a monorepo's root every member is checked with its own config and index, and the
//! findings are reported together (issue 16). Reads what the rules need (records, template overrides, the `--against` revision) and hands
//! it to `check` as data; exit 2 (an `Err`) only when the check could not run at all.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::{load_index, placeholders};
use crate::check::{self, Diagnostic, Input, Summary, report};
use crate::index::Index;
use crate::store;
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `path:line:col: error[rule]: message` and a `help:` line
    Human,
    /// One JSON array of findings
    Json,
    /// GitHub Actions annotations (`::error file=…`)
    Github,
    /// SARIF 2.1.0 for code scanning
    Sarif,
    /// JUnit XML, one test case per record
    Junit,
    /// GitLab Code Quality report (`artifacts: reports: codequality`)
    Gitlab,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Record files or directories to check (default: every record); links and numbers are
    /// still resolved against all records
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Also compare with a Git revision: numbers taken there, accepted decisions edited since
    #[arg(long, value_name = "REV")]
    pub against: Option<String>,
    /// Exit 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub root: super::RootArg,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let members = super::members(global, &args.root)?;
    let mut found = Found::default();
    // Each member is checked alone, with its own config and index: numbers are per member,
    // so two packages' 0001 are no duplicate (issue 16).
    for member in &members.selected {
        check_member(&member.ws, args, &mut found)?;
    }
    let Found {
        mut diagnostics,
        mut checked,
    } = found;
    let top = &members.top;
    if matches!(
        args.format,
        Format::Github | Format::Sarif | Format::Junit | Format::Gitlab
    ) {
        // CI reads these reports from the repository root (annotations, code scanning, test
        // reports), whatever directory the job ran `because` in.
        relative_to_root(top, &mut diagnostics, &mut checked);
    }
    let summary = Summary::new(&diagnostics, checked.len());
    let report = report::Report {
        diagnostics: &diagnostics,
        checked: &checked,
        summary,
        config: &top.config,
        color: args.format == Format::Human && use_color(),
        deny_warnings: args.deny_warnings,
    };
    write_report(out, args.format, &report)?;
    Ok(match summary.fails(args.deny_warnings) {
        true => ExitCode::from(1),
        false => ExitCode::SUCCESS,
    })
}

/// What the members' checks found, together.
#[derive(Default)]
struct Found {
    diagnostics: Vec<Diagnostic>,
    checked: Vec<PathBuf>,
}

/// Run every rule over one workspace, adding its findings and the records it looked at.
fn check_member(ws: &Workspace, args: &Args, found: &mut Found) -> Result<()> {
    reject_unknown_rules(ws)?;
    if !ws.records_dir.is_dir() {
        bail!(
            "records directory `{}` does not exist; run `because init`, or point --dir at the records",
            ws.display(&ws.records_dir).display()
        );
    }
    let index = load_index(ws)?;
    let only = match args.paths.is_empty() {
        true => None,
        false => Some(select(ws, &index, &args.paths)?),
    };
    let against = match &args.against {
        Some(rev) => Some(store::load_at(ws, rev)?),
        None => None,
    };
    let files = repository_files(ws, &index);
    found.diagnostics.extend(check::run(&Input {
        index: &index,
        config: &ws.config,
        clock: &ws.clock,
        placeholders: &placeholders(ws)?,
        only: only.as_deref(),
        against: against.as_ref(),
        strays: &store::stray_temp_files(ws),
        files: files.as_deref(),
    }));
    found.checked.extend(checked_paths(&index, only.as_deref()));
    Ok(())
}

/// The records a run looked at: the ones asked for, else all.
fn checked_paths(index: &crate::index::Index, only: Option<&[usize]>) -> Vec<PathBuf> {
    match only {
        Some(only) => only
            .iter()
            .map(|&i| index.records()[i].path.clone())
            .collect(),
        None => index.records().iter().map(|r| r.path.clone()).collect(),
    }
}

/// Findings in the chosen format (`why --changed` reports through this too).
pub fn write_report(
    out: &mut dyn Write,
    format: Format,
    report: &report::Report<'_>,
) -> std::io::Result<()> {
    match format {
        Format::Human => report::human(out, report),
        Format::Json => report::json(out, report),
        Format::Github => report::github(out, report),
        Format::Sarif => report::sarif(out, report),
        Format::Junit => report::junit(out, report),
        Format::Gitlab => report::gitlab(out, report),
    }
}

/// The repository's files, for `governs-matches-nothing`: read only when a record governs
/// something (listing a large work tree is not free).
fn repository_files(ws: &Workspace, index: &Index) -> Option<Vec<String>> {
    if index.records().iter().all(|r| r.governs.is_empty()) {
        return None;
    }
    let root = crate::git::Repo::discover(&ws.records_dir)
        .and_then(|repo| repo.workdir())
        .unwrap_or_else(|| ws.root.clone());
    Some(store::work_tree_files(&root))
}

/// A typo in `[rules]` would silently leave a rule at its default: refuse to run instead.
fn reject_unknown_rules(ws: &Workspace) -> Result<()> {
    let unknown = check::unknown_rules(&ws.config);
    if unknown.is_empty() {
        return Ok(());
    }
    let file = ws
        .config_path
        .as_deref()
        .map(|p| ws.display(p).display().to_string())
        .unwrap_or_else(|| "because.toml".into());
    bail!(
        "invalid configuration in `{file}`: unknown rule {} under [rules]; known rules: {}",
        unknown.join(", "),
        check::rules::RULES
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Indices of the records the PATH arguments name (record files, or directories holding
/// records). Other files are ignored, so a pre-commit hook can pass every staged file; a path
/// that does not exist is still an error (a typo must not pass as "nothing to check").
fn select(ws: &Workspace, index: &Index, paths: &[PathBuf]) -> Result<Vec<usize>> {
    let record_paths: Vec<Option<PathBuf>> = index
        .records()
        .iter()
        .map(|r| ws.cwd.join(&r.path).canonicalize().ok())
        .collect();
    let mut selected = Vec::new();
    for arg in paths {
        let path = ws
            .cwd
            .join(arg)
            .canonicalize()
            .with_context(|| format!("failed to read `{}`", arg.display()))?;
        selected.extend(
            record_paths
                .iter()
                .enumerate()
                .filter(|(_, p)| p.as_ref().is_some_and(|p| p.starts_with(&path)))
                .map(|(i, _)| i),
        );
    }
    selected.sort_unstable();
    selected.dedup();
    Ok(selected)
}

/// Rewrite paths relative to the repository root instead of the working directory.
fn relative_to_root(ws: &Workspace, diagnostics: &mut [Diagnostic], checked: &mut [PathBuf]) {
    let root = ws.root.canonicalize().unwrap_or_else(|_| ws.root.clone());
    let fix = |path: &mut PathBuf| {
        let absolute = ws.cwd.join(&*path);
        let absolute = absolute.canonicalize().unwrap_or(absolute);
        if let Ok(rel) = absolute.strip_prefix(&root) {
            *path = rel.to_path_buf();
        }
    };
    diagnostics.iter_mut().for_each(|d| fix(&mut d.path));
    checked.iter_mut().for_each(fix);
}

/// Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org).
fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
