//! One module per verb (`Args` + `run`), plus the lookups several verbs share.

pub mod build;
pub mod check;
pub mod completions;
pub mod init;
pub mod link;
pub mod list;
pub mod migrate;
pub mod new;
pub mod renumber;
pub mod show;
pub mod status;
pub mod supersede;

use std::path::Path;

use anyhow::Result;

use crate::error::refuse;
use crate::index::Index;
use crate::record::{Record, edit::EditError};
use crate::store;
use crate::workspace::Workspace;

/// Load every record once and index it.
pub fn load_index(ws: &Workspace) -> Result<Index> {
    Ok(Index::new(store::load(ws)?))
}

/// Find the record a user named: a number (`7`, `0007`) or a file path / name.
pub fn resolve<'a>(ws: &Workspace, index: &'a Index, reference: &str) -> Result<&'a Record> {
    if let Ok(n) = reference.trim_start_matches(['#', 'r', 'R']).parse::<u32>() {
        let matches: Vec<&Record> = index.all_numbered(n).collect();
        return match matches.as_slice() {
            [one] => Ok(one),
            [] => refuse(format!(
                "no record numbered {n} in `{}`; `because list` shows the records there",
                ws.display(&ws.records_dir).display()
            )),
            many => refuse(format!(
                "{} records are numbered {n} ({}); name one by its file, or fix the duplicate with `because renumber <file> <new-number>`",
                many.len(),
                many.iter()
                    .map(|r| format!("`{}`", r.path.display()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
    }
    let wanted = Path::new(reference)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    match index
        .records()
        .iter()
        .find(|r| Some(&r.file_name) == wanted.as_ref())
    {
        Some(record) => Ok(record),
        None => refuse(format!(
            "no record `{reference}` in `{}`; give a record number or a file name from `because list`",
            ws.display(&ws.records_dir).display()
        )),
    }
}

/// The absolute path of a record (records carry the path shown to the user).
pub fn absolute(ws: &Workspace, record: &Record) -> std::path::PathBuf {
    ws.cwd.join(&record.path)
}

/// The next free number: one above every number in the working tree and on every branch.
pub fn next_number(ws: &Workspace) -> Result<u32> {
    let mut numbers = store::numbers_in_workspace(ws)?;
    numbers.extend(crate::git::numbers_on_branches(&ws.records_dir)?);
    Ok(numbers.into_iter().max().unwrap_or(0) + 1)
}

/// Turn a surgical-edit failure into a refusal that names the file.
pub fn edit_refusal(record: &Record, err: EditError) -> anyhow::Error {
    crate::error::Refusal::new(format!("cannot edit `{}`: {err}", record.path.display())).into()
}

/// Format a record reference for messages: `0007 (Use PostgreSQL)`.
pub fn label(record: &Record) -> String {
    match record.number {
        Some(n) => format!("{n:04} ({})", record.display_title()),
        None => format!("`{}`", record.path.display()),
    }
}
