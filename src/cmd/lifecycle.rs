//! What a move through the lifecycle does to the records around it (DESIGN.md, "Supersession
//! happens on acceptance"): a supersession is only *intended* until its successor is
//! accepted; accepting it supersedes the old record in the same change set; rejecting or
//! withdrawing it removes the pending link from both ends.

use anyhow::Result;

use super::{label, plan::Plan};
use crate::error::refuse;
use crate::index::{self, Index};
use crate::record::{Record, Relation, edit};
use crate::workspace::Workspace;

/// Refuse `new` supersedes `old` when `old` already (transitively) supersedes `new`: the
/// link would close a cycle. Checked before anything is written.
pub fn refuse_cycle(index: &Index, old: u32, new: u32) -> Result<()> {
    if old == new {
        return refuse(format!("record {old:04} cannot supersede itself"));
    }
    if index.supersedes_transitively(old, new) {
        return refuse(format!(
            "{old:04} already supersedes {new:04} (directly or through other records), so {new:04} cannot supersede {old:04}: that would be a cycle"
        ));
    }
    Ok(())
}

/// Write the link `by` supersedes `old` on `old`'s end; `old` becomes `superseded` only when
/// `by` took effect (is accepted), else its status is left alone.
pub fn link_superseded(
    ws: &Workspace,
    plan: &mut Plan<'_>,
    old: &Record,
    by: u32,
    by_accepted: bool,
) -> Result<()> {
    // Refused up front even while pending: a record its lifecycle never lets become
    // superseded (rejected, say) must not collect a successor that can never take effect.
    let already = old.status.as_deref() == Some("superseded");
    if !already {
        super::status::check_transition(ws, old, "superseded")?;
    }
    plan.edit(old, |t| {
        edit::add_number(t, Relation::SupersededBy.key(), by)
    })?;
    if by_accepted && !already {
        plan.edit(old, |t| edit::set_field(t, "status", "superseded"))?;
    }
    Ok(())
}

/// The edits that follow `record` moving to `target`: accepting supersedes every record it
/// supersedes; rejecting or withdrawing drops the pending supersessions on both ends.
pub fn follow_status(
    ws: &Workspace,
    index: &Index,
    plan: &mut Plan<'_>,
    record: &Record,
    target: &str,
) -> Result<()> {
    let Some(n) = record.number else {
        return Ok(());
    };
    for &old_n in index.related_both_ways(n, Relation::Supersedes) {
        let Some(old) = index.get(old_n) else {
            continue; // a broken link: `check` reports it
        };
        match target {
            index::ACCEPTED => accept_supersession(ws, plan, record, old, n)?,
            "rejected" | "withdrawn" => drop_supersession(plan, record, old, n)?,
            _ => {}
        }
    }
    Ok(())
}

fn accept_supersession(
    ws: &Workspace,
    plan: &mut Plan<'_>,
    record: &Record,
    old: &Record,
    n: u32,
) -> Result<()> {
    let old_n = old.number.expect("indexed by number");
    plan.edit(record, |t| {
        edit::add_number(t, Relation::Supersedes.key(), old_n)
    })?;
    link_superseded(ws, plan, old, n, true).map_err(|err| {
        anyhow::Error::from(crate::error::Refusal::new(format!(
            "accepting {} would supersede {old_n:04}, which cannot be: {err}",
            label(record)
        )))
    })
}

fn drop_supersession(plan: &mut Plan<'_>, record: &Record, old: &Record, n: u32) -> Result<()> {
    let old_n = old.number.expect("indexed by number");
    plan.edit(old, |t| {
        edit::remove_number(t, Relation::SupersededBy.key(), n)
    })?;
    plan.edit(record, |t| {
        edit::remove_number(t, Relation::Supersedes.key(), old_n)
    })
}
