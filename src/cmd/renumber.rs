//! `because renumber OLD [NEW]`: rename a record to a new number and rewrite every reference
//! to it (relation lists in front matter, Markdown links in bodies) in every record.
//!
//! Every edit is computed first; then the renamed file is created (create-new), the other
//! records replaced through temp files, and the old file removed.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::{absolute, edit_refusal, label, load_index, next_number, resolve};
use crate::error::refuse;
use crate::record::{Relation, edit, name};
use crate::store::{self, Edit};
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
    let _lock = store::lock_records(&ws)?;
    let index = load_index(&ws)?;
    let record = resolve(&ws, &index, &args.record)?;
    let Some(old) = record.number else {
        return refuse(format!(
            "`{}` has no number to change",
            record.path.display()
        ));
    };
    let new = match args.new {
        Some(n) => n,
        None => next_number(&ws)?,
    };
    if new == old {
        return refuse(format!("{} already has number {new}", label(record)));
    }
    if index.get(new).is_some() || crate::git::numbers_on_branches(&ws.records_dir)?.contains(&new)
    {
        return refuse(format!(
            "number {new} is taken (in the records directory or on a branch); pick another or omit it to take the next free one"
        ));
    }
    // Other records that share the old number keep it: only references to this file move.
    let duplicated = index.all_numbered(old).count() > 1;
    let old_name = record.file_name.clone();
    let new_name = name::file_name(new, name::slug_from_file_name(&old_name));
    let keys: Vec<&str> = Relation::ALL.iter().map(|r| r.key()).collect();
    let mut edits = Vec::new();
    let mut renamed = String::new();
    for other in index.records() {
        let path = absolute(&ws, other);
        let text = store::read_text(&ws, &path)?;
        let mut updated = edit::rewrite_links(&text, &old_name, &new_name);
        if !duplicated {
            updated = edit::replace_number(&updated, &keys, old, new)
                .map_err(|e| edit_refusal(other, e))?;
        }
        if other.file_name == old_name {
            renamed = updated;
        } else if updated != text {
            edits.push(Edit {
                path,
                contents: updated,
            });
        }
    }
    let old_path = absolute(&ws, record);
    let new_path = old_path.with_file_name(&new_name);
    store::create_new(&new_path, &renamed)?;
    if let Err(err) = store::write_all(&edits) {
        let _ = std::fs::remove_file(&new_path);
        return Err(err);
    }
    std::fs::remove_file(&old_path).with_context(|| {
        format!(
            "failed to remove `{}` after renaming it",
            ws.display(&old_path).display()
        )
    })?;
    writeln!(
        out,
        "{} → {} ({} other record{} updated)",
        ws.display(&old_path).display(),
        ws.display(&new_path).display(),
        edits.len(),
        if edits.len() == 1 { "" } else { "s" }
    )?;
    Ok(ExitCode::SUCCESS)
}
