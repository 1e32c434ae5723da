//! `because supersede OLD --by NEW`: NEW supersedes OLD, written on both ends. OLD becomes
//! `superseded` now if NEW is accepted, else when NEW is accepted (DESIGN.md, lifecycles).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::{label, lifecycle, load_index_for, plan::Plan, resolve};
use crate::error::refuse;
use crate::index::ACCEPTED;
use crate::record::{Relation, edit};
use crate::store;
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
    let lock = store::lock_records(&ws)?;
    let index = load_index_for(&ws, &lock, &[&args.old, &args.by])?;
    let old = resolve(&ws, &index, &args.old)?;
    let new = resolve(&ws, &index, &args.by)?;
    let (Some(old_n), Some(new_n)) = (old.number, new.number) else {
        return refuse("both records need a number in their file name");
    };
    lifecycle::refuse_cycle(&index, old_n, new_n)?;
    let accepted = new.status.as_deref() == Some(ACCEPTED);
    let mut plan = Plan::new(&ws);
    lifecycle::link_superseded(&ws, &mut plan, old, new_n, accepted)?;
    plan.edit(new, |t| {
        edit::add_number(t, Relation::Supersedes.key(), old_n)
    })?;
    plan.apply(&format!("{} supersedes {}", label(new), label(old)))?;
    if accepted {
        writeln!(out, "{} is superseded by {}", label(old), label(new))?;
    } else {
        writeln!(
            out,
            "{} will supersede {} when it is accepted (`because accept {new_n}`); {old_n:04} stays {}",
            label(new),
            label(old),
            old.status.as_deref().unwrap_or("as it is")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
