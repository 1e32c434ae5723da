//! `because link A RELATION B`: write the relation in A and its inverse in B. A supersession
//! follows the lifecycle rule: the superseded record changes status only once its successor
//! is accepted, and a link that would close a supersede cycle is refused.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::{label, lifecycle, load_index_for, plan::Plan, resolve};
use crate::error::refuse;
use crate::index::ACCEPTED;
use crate::record::{Record, Relation, edit};
use crate::store;
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
    let lock = store::lock_records(&ws)?;
    let index = load_index_for(&ws, &lock, &[&args.from, &args.to])?;
    let from = resolve(&ws, &index, &args.from)?;
    let to = resolve(&ws, &index, &args.to)?;
    let (Some(from_n), Some(to_n)) = (from.number, to.number) else {
        return refuse("both records need a number in their file name");
    };
    if from_n == to_n {
        return refuse(format!("record {from_n:04} cannot be linked to itself"));
    }
    let mut plan = Plan::new(&ws);
    match args.relation {
        Relation::Supersedes => supersede(&ws, &index, &mut plan, to, from)?,
        Relation::SupersededBy => supersede(&ws, &index, &mut plan, from, to)?,
        relation => {
            plan.edit(from, |t| edit::add_number(t, relation.key(), to_n))?;
            plan.edit(to, |t| {
                edit::add_number(t, relation.inverse().key(), from_n)
            })?;
        }
    }
    let summary = format!("{} {} {}", label(from), args.relation.key(), label(to));
    plan.apply(&summary)?;
    writeln!(out, "{summary}")?;
    Ok(ExitCode::SUCCESS)
}

/// `new` supersedes `old`: both ends written, `old` superseded only if `new` is accepted.
fn supersede(
    ws: &Workspace,
    index: &crate::index::Index,
    plan: &mut Plan<'_>,
    old: &Record,
    new: &Record,
) -> Result<()> {
    let (old_n, new_n) = (old.number.expect("numbered"), new.number.expect("numbered"));
    lifecycle::refuse_cycle(index, old_n, new_n)?;
    let accepted = new.status.as_deref() == Some(ACCEPTED);
    lifecycle::link_superseded(ws, plan, old, new_n, accepted)?;
    plan.edit(new, |t| {
        edit::add_number(t, Relation::Supersedes.key(), old_n)
    })
}
