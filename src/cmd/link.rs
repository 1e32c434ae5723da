//! `because link A RELATION B`: write the relation in A and its inverse in B.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::{absolute, edit_refusal, label, load_index, resolve};
use crate::error::refuse;
use crate::record::{Relation, edit};
use crate::store::{self, Edit};
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record to write the relation in (number or file)
    pub from: String,
    /// supersedes, superseded-by, amends, amended-by or relates-to
    #[arg(value_parser = parse_relation)]
    pub relation: Relation,
    /// The record it points at (number or file)
    pub to: String,
}

fn parse_relation(text: &str) -> Result<Relation, String> {
    Relation::from_key(text).ok_or_else(|| {
        format!(
            "unknown relation `{text}`; use one of: {}",
            Relation::ALL.map(Relation::key).join(", ")
        )
    })
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let _lock = store::lock_records(&ws)?;
    let index = load_index(&ws)?;
    let from = resolve(&ws, &index, &args.from)?;
    let to = resolve(&ws, &index, &args.to)?;
    let (Some(from_n), Some(to_n)) = (from.number, to.number) else {
        return refuse("both records need a number in their file name");
    };
    if from_n == to_n {
        return refuse(format!("record {from_n:04} cannot be linked to itself"));
    }
    let mut edits = Vec::with_capacity(2);
    for (record, relation, other) in [
        (from, args.relation, to_n),
        (to, args.relation.inverse(), from_n),
    ] {
        let path = absolute(&ws, record);
        let text = store::read_text(&ws, &path)?;
        let contents =
            edit::add_number(&text, relation.key(), other).map_err(|e| edit_refusal(record, e))?;
        edits.push(Edit { path, contents });
    }
    store::write_all(&edits)?;
    writeln!(out, "{} {} {}", label(from), args.relation.key(), label(to))?;
    Ok(ExitCode::SUCCESS)
}
