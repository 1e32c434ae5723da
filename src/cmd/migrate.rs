//! `because migrate [--dry-run]`: rewrite every record written by another tool into the
//! native front-matter format (issue 5). The conversion itself is `record::migrate`.
//!
//! log4brains' date-named files (`20200131-slug.md`) get numbers in date order, after the
//! highest number in use on any branch, and every link to them is rewritten. Every edit is
//! computed before anything is written; a record that cannot be converted stops the whole
//! migration, so a repository is never left half migrated.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::{absolute, load_index_locked, next_number};
use crate::error::refuse;
use crate::index::Index;
use crate::record::{Record, edit, migrate, name};
use crate::store;
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a unified diff of every change and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Number date-named (log4brains) records in date order and rewrite links to them;
    /// without it they keep the slugs their team chose
    #[arg(long)]
    pub number: bool,
}

/// A date-named record and the name it gets.
struct Rename {
    old_name: String,
    new_name: String,
    number: u32,
}

/// One file's migration.
struct Change {
    old_path: PathBuf,
    new_path: PathBuf,
    old_text: String,
    new_text: String,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let lock = store::lock_records(&ws)?;
    let index = load_index_locked(&ws, &lock)?;
    let renames = match args.number {
        true => plan_renames(&ws, &lock, &index)?,
        false => Vec::new(),
    };
    let (changes, refusals) = plan_changes(&ws, &index, &renames, args.number)?;
    if args.dry_run {
        for change in &changes {
            write_diff(&ws, out, change)?;
        }
    }
    if !refusals.is_empty() {
        return refuse(format!(
            "cannot migrate {} record{}, so nothing was {}:\n{}",
            refusals.len(),
            if refusals.len() == 1 { "" } else { "s" },
            if args.dry_run { "changed" } else { "written" },
            refusals.join("\n")
        ));
    }
    if changes.is_empty() {
        writeln!(
            out,
            "nothing to migrate: every record is in the native format"
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.dry_run {
        writeln!(
            out,
            "{} file{} would change (dry run: nothing written)",
            changes.len(),
            if changes.len() == 1 { "" } else { "s" }
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    write_changes(&ws, &changes)?;
    for change in &changes {
        if change.new_path == change.old_path {
            writeln!(out, "migrated {}", ws.display(&change.old_path).display())?;
        } else {
            writeln!(
                out,
                "migrated {} → {}",
                ws.display(&change.old_path).display(),
                ws.display(&change.new_path).display()
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Numbers for date-named records without one, in date order, above every number in use.
fn plan_renames(ws: &Workspace, lock: &store::Lock, index: &Index) -> Result<Vec<Rename>> {
    let mut dated: Vec<(String, &Record)> = index
        .records()
        .iter()
        .filter(|r| r.number.is_none())
        .filter_map(|r| name::date_from_file_name(&r.file_name).map(|d| (d, r)))
        .collect();
    if dated.is_empty() {
        return Ok(Vec::new());
    }
    dated.sort_by(|a, b| (&a.0, &a.1.file_name).cmp(&(&b.0, &b.1.file_name)));
    let first = next_number(ws, lock)?;
    Ok(dated
        .into_iter()
        .zip(first..)
        .map(|((_, record), number)| Rename {
            old_name: record.file_name.clone(),
            new_name: name::file_name(number, name::slug_from_file_name(&record.file_name)),
            number,
        })
        .collect())
}

/// Every file's new text; records that cannot be converted are returned as messages.
fn plan_changes(
    ws: &Workspace,
    index: &Index,
    renames: &[Rename],
    numbering: bool,
) -> Result<(Vec<Change>, Vec<String>)> {
    let numbers: BTreeMap<&str, u32> = index
        .records()
        .iter()
        .filter_map(|r| r.number.map(|n| (r.file_name.as_str(), n)))
        .chain(renames.iter().map(|r| (r.old_name.as_str(), r.number)))
        .collect();
    let resolve = |file: &str| numbers.get(file).copied();
    let mut changes = Vec::new();
    let mut refusals = Vec::new();
    for record in index.records() {
        if !numbering && !record.links.is_empty() {
            // Its relations name unnumbered records; as numbers they need `--number`, and
            // the log4brains reader already reads the record as it is.
            eprintln!(
                "note: {} keeps its format: it links to records without numbers (`because migrate --number` numbers them)",
                record.path.display()
            );
            continue;
        }
        match plan_record(ws, record, renames, &resolve)? {
            Outcome::Change(change) => changes.push(change),
            Outcome::Refused(why) => refusals.push(format!("  {}: {why}", record.path.display())),
            Outcome::Unchanged => {}
        }
    }
    Ok((changes, refusals))
}

/// What migrating one record comes to.
enum Outcome {
    Unchanged,
    Change(Change),
    Refused(String),
}

/// One record converted to native front matter (legacy formats only), its links to renamed
/// files rewritten, and its new name.
fn plan_record(
    ws: &Workspace,
    record: &Record,
    renames: &[Rename],
    resolve: &dyn Fn(&str) -> Option<u32>,
) -> Result<Outcome> {
    let old_path = absolute(ws, record);
    let bytes = store::read_bytes(ws, &old_path)?;
    let Ok(old_text) = String::from_utf8(bytes) else {
        return Ok(match record.format.is_legacy() {
            true => Outcome::Refused("not valid UTF-8; save it as UTF-8".into()),
            false => Outcome::Unchanged,
        });
    };
    let without_bom = old_text.strip_prefix('\u{feff}').unwrap_or(&old_text);
    let mut new_text = match migrate::convert(record, without_bom, resolve) {
        Ok(text) if record.format.is_legacy() => text,
        Ok(_) => old_text.clone(),
        Err(refused) => return Ok(Outcome::Refused(refused.0)),
    };
    for rename in renames {
        new_text = edit::rewrite_links(&new_text, &rename.old_name, &rename.new_name);
    }
    let new_path = match renames.iter().find(|r| r.old_name == record.file_name) {
        Some(rename) => old_path.with_file_name(&rename.new_name),
        None => old_path.clone(),
    };
    if new_text == old_text && new_path == old_path {
        return Ok(Outcome::Unchanged);
    }
    Ok(Outcome::Change(Change {
        old_path,
        new_path,
        old_text,
        new_text,
    }))
}

fn write_diff(ws: &Workspace, out: &mut dyn Write, change: &Change) -> Result<()> {
    let old = format!("a/{}", ws.display(&change.old_path).display());
    let new = format!("b/{}", ws.display(&change.new_path).display());
    let diff = similar::TextDiff::from_lines(&change.old_text, &change.new_text);
    if change.old_text == change.new_text {
        // A rename alone: say so the way `git diff` does.
        writeln!(out, "rename from {}\nrename to {}", &old[2..], &new[2..])?;
        return Ok(());
    }
    write!(out, "{}", diff.unified_diff().header(&old, &new))?;
    Ok(())
}

/// Every conversion and rename in one change set: all of them land, or none.
fn write_changes(ws: &Workspace, changes: &[Change]) -> Result<()> {
    let mut set = Vec::with_capacity(changes.len() + 4);
    for change in changes {
        if change.new_path == change.old_path {
            set.push(store::Change::Replace {
                path: change.old_path.clone(),
                contents: change.new_text.clone(),
            });
        } else {
            set.push(store::Change::Create {
                path: change.new_path.clone(),
                contents: change.new_text.clone(),
            });
            set.push(store::Change::Remove {
                path: change.old_path.clone(),
            });
        }
    }
    store::apply(ws, "migrate", &set)
}
