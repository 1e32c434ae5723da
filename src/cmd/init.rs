//! `because init`: a commented `because.toml`, the records directory and record 0001, where
//! the command is run (a monorepo package gets its own), and `/site/` in `.gitignore`.
//!
//! Never overwrites: each file is created only if absent, and 0001 only in an empty directory;
//! an existing `.gitignore` only gains a line.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::template;
use crate::config::{DEFAULT_SITE_DIR, DEFAULT_TOML};
use crate::record::{Format, name};
use crate::store::{self, Change};
use crate::workspace::{CONFIG_FILE, GlobalOptions, Workspace};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Decision-maker of the first record (default: git's user.name, else $USER)
    #[arg(long, value_name = "PERSON")]
    pub decision_maker: Option<String>,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::here(global)?;
    let found = write_config(&ws, out)?;
    ignore_site(&ws, out)?;
    if found == Found::Layout {
        return Ok(ExitCode::SUCCESS);
    }
    store::create_records_dir(&ws)?;
    if !store::numbers_in_dir(&ws.records_dir)?.is_empty() {
        writeln!(
            out,
            "{} already holds records; no first record written",
            ws.display(&ws.records_dir).display()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let date = ws.clock.today().to_string();
    let record = template::NewRecord {
        number: 1,
        title: "Record architecture decisions".into(),
        kind: "adr".into(),
        status: "accepted".into(),
        decided: Some(date.clone()),
        date,
        decision_maker: args
            .decision_maker
            .clone()
            .or_else(|| default_person(&ws.root)),
        ..Default::default()
    };
    let source = ws.template_source(
        "init.md",
        crate::templates::record("init.md").expect("embedded"),
    )?;
    let text = template::render("init.md", &source, &record)
        .map_err(|e| anyhow::anyhow!("template `init.md` failed: {e}"))?;
    let path = ws
        .records_dir
        .join(name::file_name(1, "record-architecture-decisions"));
    store::create_file(&path, &text)?;
    writeln!(out, "created {}", ws.display(&path).display())?;
    Ok(ExitCode::SUCCESS)
}

/// Add `/site/` (what `build` writes by default) to the `.gitignore` beside `because.toml`,
/// unless a line there already ignores it; outside Git there is nothing to ignore it from.
fn ignore_site(ws: &Workspace, out: &mut dyn Write) -> Result<()> {
    let entry = format!("/{DEFAULT_SITE_DIR}/");
    if crate::git::Repo::discover(&ws.root).is_none() {
        writeln!(
            out,
            "not in a Git repository, so no .gitignore entry for {entry}"
        )?;
        return Ok(());
    }
    let path = ws.root.join(".gitignore");
    let shown = ws.display(&path);
    match store::read_optional_text(ws, &path)? {
        None => {
            store::create_file(&path, &format!("{entry}\n"))?;
            writeln!(
                out,
                "created {} ({entry}: the site `because build` writes)",
                shown.display()
            )?;
        }
        Some(text) if ignores(&text, DEFAULT_SITE_DIR) => {}
        Some(text) => {
            let separator = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            let contents = format!("{text}{separator}{entry}\n");
            store::apply(
                ws,
                "add the site to .gitignore",
                &[Change::Replace { path, contents }],
            )?;
            writeln!(out, "added {entry} to {}", shown.display())?;
        }
    }
    Ok(())
}

/// Whether a line of `.gitignore` text names `dir` at its top level.
fn ignores(gitignore: &str, dir: &str) -> bool {
    gitignore
        .lines()
        .map(str::trim)
        .any(|line| line.trim_start_matches('/').trim_end_matches('/') == dir)
}

/// Whether `init` found records in a process's layout (then it writes no first record).
#[derive(Debug, PartialEq, Eq)]
enum Found {
    Layout,
    Nothing,
}

/// `because.toml`, unless it exists: the default, or one pointed at a detected layout.
fn write_config(ws: &Workspace, out: &mut dyn Write) -> Result<Found> {
    let config_path = ws.root.join(CONFIG_FILE);
    let shown = ws.display(&config_path);
    if config_path.exists() {
        writeln!(out, "{} exists; left as it is", shown.display())?;
        return Ok(Found::Nothing);
    }
    let layout = ws.detected.clone();
    store::create_file(&config_path, &config_text(layout.as_ref()))?;
    writeln!(out, "created {}", shown.display())?;
    let Some(layout) = layout else {
        return Ok(Found::Nothing);
    };
    writeln!(
        out,
        "found {} records in `{}` written as {}; the config reads them there",
        layout.records,
        layout.dir,
        format_name(layout.format)
    )?;
    Ok(Found::Layout)
}

/// The commented default config, pointed at a detected layout: its records directory, and
/// for merged-RFC processes (RFC bullets, which state no status) `default-status`.
fn config_text(layout: Option<&store::detect::Layout>) -> String {
    let Some(layout) = layout else {
        return DEFAULT_TOML.to_string();
    };
    let found = format!(
        "# Detected by `because init`: records written as {} (subfolders are read too).\nrecords-dir = \"{}\"",
        format_name(layout.format),
        layout.dir
    );
    let text = DEFAULT_TOML.replacen("# records-dir = \"docs/decisions\"", &found, 1);
    if layout.format == Format::RfcBullets {
        return text.replacen(
            "# default-status = \"accepted\"",
            "default-status = \"accepted\"",
            1,
        );
    }
    text
}

/// A format as `list --format json` names it (`pep`, `review-bullets`).
fn format_name(format: Format) -> String {
    serde_json::to_value(format)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// Who is running `init`: git's `user.name`, else the login name.
fn default_person(root: &std::path::Path) -> Option<String> {
    crate::git::user_name(root)
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
}
