//! `because supersede OLD --by NEW`: OLD becomes superseded; both records name each other.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::{absolute, edit_refusal, label, load_index, resolve};
use crate::error::refuse;
use crate::record::{Record, Relation, edit};
use crate::store::{self, Edit};
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record being replaced (number or file)
    pub old: String,
    /// The record that replaces it (number or file)
    #[arg(long, value_name = "RECORD")]
    pub by: String,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let _lock = store::lock_records(&ws)?;
    let index = load_index(&ws)?;
    let old = resolve(&ws, &index, &args.old)?;
    let new = resolve(&ws, &index, &args.by)?;
    let (Some(old_n), Some(new_n)) = (old.number, new.number) else {
        return refuse("both records need a number in their file name");
    };
    if old_n == new_n {
        return refuse(format!("record {old_n:04} cannot supersede itself"));
    }
    let old_edit = superseded_edit(&ws, old, new_n)?;
    let text = store::read_text(&ws, &absolute(&ws, new))?;
    let new_text = edit::add_number(&text, Relation::Supersedes.key(), old_n)
        .map_err(|e| edit_refusal(new, e))?;
    store::write_all(&[
        old_edit,
        Edit {
            path: absolute(&ws, new),
            contents: new_text,
        },
    ])?;
    writeln!(out, "{} is superseded by {}", label(old), label(new))?;
    Ok(ExitCode::SUCCESS)
}

/// The edit that marks `old` superseded by record `by`, refused when its lifecycle does not
/// allow the move. Shared with `new --supersedes`.
pub fn superseded_edit(ws: &Workspace, old: &Record, by: u32) -> Result<Edit> {
    let status = old.status.as_deref().unwrap_or("");
    if status != "superseded" {
        super::status::check_transition(ws, old, "superseded")?;
    }
    let path = absolute(ws, old);
    let text = store::read_text(ws, &path)?;
    let text = edit::set_field(&text, "status", "superseded").map_err(|e| edit_refusal(old, e))?;
    let text = edit::add_number(&text, Relation::SupersededBy.key(), by)
        .map_err(|e| edit_refusal(old, e))?;
    Ok(Edit {
        path,
        contents: text,
    })
}
