//! `because renumber OLD [NEW]`: rename a record to a new number and rewrite every reference
//! to it (relation lists in front matter, Markdown links in bodies) in every record.
//!
//! Every edit is computed first and applied as one journalled change set: a kill part way
//! leaves nothing half-done once the next command has run.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::{absolute, label, load_index_locked, next_number_above, plan::Plan, resolve};
use crate::error::refuse;
use crate::index::Index;
use crate::record::{Record, Relation, edit, name};
use crate::store;
use crate::words::plural;
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record to renumber (number or file; use the file when the number is duplicated)
    pub record: String,
    /// The new number (default: the next free number on every branch)
    pub new: Option<u32>,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let lock = store::lock_records(&ws)?;
    let index = load_index_locked(&ws, &lock)?;
    let record = resolve(&ws, &index, &args.record)?;
    let Some(old) = record.number else {
        return refuse(format!(
            "`{}` has no number to change",
            record.path.display()
        ));
    };
    let new = new_number(&ws, &lock, &index, args, record)?;
    let new_name = name::file_name(new, name::slug_from_file_name(&record.file_name));
    let mut plan = Plan::new(&ws);
    rewrite_references(&index, &mut plan, record, old, new, &new_name)?;
    let updated = plan
        .changed()
        .into_iter()
        .filter(|p| *p != record.path)
        .count();
    let old_path = absolute(&ws, record);
    let new_path = old_path.with_file_name(&new_name);
    plan.rename(record, new_path.clone())?;
    plan.apply(&format!("renumber {} to {new}", label(record)))?;
    writeln!(
        out,
        "{} → {} ({} updated)",
        ws.display(&old_path).display(),
        ws.display(&new_path).display(),
        plural(updated, "other record")
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The number asked for, or the next free one; refused when taken here or on a branch.
fn new_number(
    ws: &Workspace,
    lock: &store::Lock,
    index: &Index,
    args: &Args,
    record: &Record,
) -> Result<u32> {
    let on_branches = crate::git::numbers_on_branches(&ws.records_dir)?;
    let new = args
        .new
        .unwrap_or_else(|| next_number_above(lock, &on_branches));
    if record.number == Some(new) {
        return refuse(format!("{} already has number {new}", label(record)));
    }
    if index.get(new).is_some() || on_branches.contains(&new) {
        return refuse(format!(
            "number {new} is taken (in the records directory or on a branch); pick another or omit it to take the next free one"
        ));
    }
    Ok(new)
}

/// Point every relation and Markdown link at the new number and file name. Other records
/// that share the old number keep it: only references to this file move.
fn rewrite_references(
    index: &Index,
    plan: &mut Plan<'_>,
    record: &Record,
    old: u32,
    new: u32,
    new_name: &str,
) -> Result<()> {
    let duplicated = index.all_numbered(old).count() > 1;
    let keys: Vec<&str> = Relation::ALL.iter().map(|r| r.key()).collect();
    for other in index.records() {
        let names_old = other.relations.values().any(|ns| ns.contains(&old));
        if !names_old && !other.body.contains(&record.file_name) && other.number != Some(old) {
            continue; // nothing to rewrite: not even read
        }
        plan.edit(other, |text| {
            let updated = edit::rewrite_links(text, &record.file_name, new_name);
            match duplicated {
                true => Ok(updated),
                false => edit::replace_number(&updated, &keys, old, new),
            }
        })?;
    }
    Ok(())
}
