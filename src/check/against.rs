//! Rules that compare the working tree with another revision (`check --against REV`):
//! numbers another branch took, and decisions closed on REV changed since (issue 11): a
//! status moved off the lifecycle, a protected field or section edited, a record deleted.
//!
//! The command reads REV's records through `git`; here they are plain parsed records.

use std::collections::BTreeSet;

use super::{Against, Diagnostic, Findings, Input, body, name_of};
use crate::config::KindConfig;
use crate::record::Record;

/// Sections whose text *is* the decision: editing them after acceptance rewrites history.
const DECISION_SECTIONS: [&str; 2] = ["Decision", "Proposal"];

pub(super) fn check(input: &Input<'_>, against: &Against, wanted: &[&Record]) -> Vec<Diagnostic> {
    let here: BTreeSet<&str> = input
        .index
        .records()
        .iter()
        .map(|r| r.file_name.as_str())
        .collect();
    let mut found = Vec::new();
    for &record in wanted {
        let mut out = Findings::new(record);
        number_taken(against, &here, record, &mut out);
        if let Some(old) = counterpart(input, against, record)
            && is_closed(input, old)
        {
            let closed = Closed {
                rev: &against.rev,
                kind: input
                    .config
                    .kind(&old.kind)
                    .expect("closed implies a known kind"),
                old,
                record,
            };
            closed.status_changed(&mut out);
            closed.fields_changed(&mut out);
            closed.sections_changed(&mut out);
        }
        found.extend(out.items);
    }
    if input.only.is_none() {
        found.extend(deleted(input, against));
    }
    found
}

/// Paths of the records this change did not touch: same front matter and body as on REV.
pub(super) fn untouched<'a>(input: &Input<'a>, against: &Against) -> Vec<&'a std::path::Path> {
    input
        .index
        .records()
        .iter()
        .filter(|r| {
            counterpart(input, against, r)
                .is_some_and(|old| old.front_matter == r.front_matter && old.body == r.body)
        })
        .map(|r| r.path.as_path())
        .collect()
}

/// Closed on REV: decided one way or another (accepted, rejected, superseded, …).
fn is_closed(input: &Input<'_>, record: &Record) -> bool {
    let Some(status) = record.status.as_deref() else {
        return false;
    };
    input
        .config
        .kind(&record.kind)
        .is_some_and(|k| k.has_status(status) && !k.is_open(status))
}

/// How a closed decision is changed properly, for every help line here.
fn how_to_change(record: &Record) -> String {
    let name = name_of(record);
    format!(
        "a closed decision is not rewritten: revert this change, and record the new decision in a record that amends or supersedes it (`because new --supersedes {name} \"…\"`)"
    )
}

/// A record closed on REV (`old`) and what it is now (`record`), with its kind on REV.
struct Closed<'a> {
    rev: &'a str,
    kind: &'a KindConfig,
    old: &'a Record,
    record: &'a Record,
}

impl Closed<'_> {
    /// The status may only move along the lifecycle's transitions (`accepted → superseded`).
    fn status_changed(&self, out: &mut Findings<'_>) {
        let Closed {
            rev,
            kind,
            old,
            record,
        } = *self;
        let (Some(before), after) = (old.status.as_deref(), record.status.as_deref()) else {
            return;
        };
        let allowed = kind.allowed_from(before);
        if after == Some(before) || after.is_some_and(|a| allowed.iter().any(|s| s == a)) {
            return;
        }
        let moves = match allowed.is_empty() {
            true => format!("{before} is final"),
            false => format!("from {before} it may move to {}", allowed.join(", ")),
        };
        out.push(
            "closed-status-changed",
            super::field_line(record, &["status"]).unwrap_or(1),
            format!(
                "{} was {before} on `{}` and is now {}; {moves}",
                name_of(record),
                rev,
                after.unwrap_or("without a status")
            ),
            how_to_change(record),
        );
    }

    /// Who decided, when, and the title are facts of a closed decision.
    fn fields_changed(&self, out: &mut Findings<'_>) {
        let Closed {
            rev,
            kind,
            old,
            record,
        } = *self;
        for field in &kind.protected {
            let (before, after) = (protected_value(old, field), protected_value(record, field));
            if before == after || before.is_none() {
                continue;
            }
            let line = match field.as_str() {
                "title" => record.title_line,
                _ => super::field_line(record, &[field.as_str()]),
            };
            out.push(
                "closed-field-changed",
                line.unwrap_or_else(|| super::front_matter_line(record)),
                format!(
                    "`{field}` of {}, closed on `{}`, changed from {} to {}",
                    name_of(record),
                    rev,
                    shown(&before),
                    shown(&after)
                ),
                how_to_change(record),
            );
        }
    }

    /// The text of a closed decision: its Decision (or Proposal) section and every section its
    /// kind requires, compared by words so re-wrapping is not an edit.
    fn sections_changed(&self, out: &mut Findings<'_>) {
        let Closed {
            rev,
            kind,
            old,
            record,
        } = *self;
        let mut headings: Vec<&str> = DECISION_SECTIONS.to_vec();
        headings.extend(kind.sections.iter().map(String::as_str));
        headings.dedup();
        let mut seen = Vec::new();
        for heading in headings {
            let Some((_, before)) = body::find_section(old, heading) else {
                continue;
            };
            if seen.contains(&before) {
                continue; // one section found under two names
            }
            section_changed(rev, heading, &before, record, out);
            seen.push(before);
        }
    }
}

fn protected_value(record: &Record, field: &str) -> Option<String> {
    match field {
        "title" => record.title.clone(),
        "decision-maker" => {
            (!record.decision_makers.is_empty()).then(|| record.decision_makers.join(", "))
        }
        "decided" => record.decided.clone(),
        "date" => record.date.clone(),
        other => record.field(other).map(|f| f.value.to_string()),
    }
}

fn shown(value: &Option<String>) -> String {
    value
        .as_deref()
        .map_or("nothing".into(), |v| format!("`{v}`"))
}

/// A closed record that REV has and this tree lost (neither its file nor its number remain).
fn deleted(input: &Input<'_>, against: &Against) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for old in against.records.iter().filter(|r| is_closed(input, r)) {
        let kept = input.index.records().iter().any(|r| {
            r.file_name == old.file_name || (old.number.is_some() && r.number == old.number)
        });
        if kept {
            continue;
        }
        let mut out = Findings::new(old);
        out.push(
            "closed-record-deleted",
            1,
            format!(
                "{} was {} on `{}` and is deleted here",
                name_of(old),
                old.status.as_deref().unwrap_or("closed"),
                against.rev
            ),
            "a decision stays on record: restore the file, and mark it deprecated or superseded instead (`because deprecate N`)",
        );
        found.extend(out.items);
    }
    found
}

/// REV uses this record's number for another file that this branch never saw.
fn number_taken(against: &Against, here: &BTreeSet<&str>, record: &Record, out: &mut Findings<'_>) {
    let Some(n) = record.number else {
        return;
    };
    for theirs in against.records.iter().filter(|r| r.number == Some(n)) {
        if theirs.file_name == record.file_name || here.contains(theirs.file_name.as_str()) {
            continue; // the same record, or a duplicate here that `duplicate-number` reports
        }
        let seen_at_base = against
            .names_at_base
            .as_ref()
            .is_some_and(|names| names.contains(&theirs.file_name));
        if seen_at_base {
            continue; // this branch renamed or removed it: not a collision
        }
        out.push(
            "number-taken",
            1,
            format!(
                "number {n:04} is already used on `{}` by `{}`",
                against.rev, theirs.file_name
            ),
            format!(
                "give this record a number free on every branch: `because renumber {}`",
                record.file_name
            ),
        );
    }
}

/// The record on REV that `record` is: same file name, else (a rename) the one with its number.
fn counterpart<'a>(input: &Input<'_>, against: &'a Against, record: &Record) -> Option<&'a Record> {
    if let Some(same) = against
        .records
        .iter()
        .find(|r| r.file_name == record.file_name)
    {
        return Some(same);
    }
    let n = record.number?;
    let mut theirs = against.records.iter().filter(|r| r.number == Some(n));
    let (one, none) = (theirs.next()?, theirs.next());
    let unique_here = input.index.all_numbered(n).count() == 1;
    // A rename only if this branch saw that file: otherwise it is another branch's record
    // under the same number (`number-taken`), not this one's past.
    let seen = against
        .names_at_base
        .as_ref()
        .is_none_or(|names| names.contains(&one.file_name));
    (none.is_none()
        && seen
        && unique_here
        && input
            .index
            .records()
            .iter()
            .all(|r| r.file_name != one.file_name))
    .then_some(one)
}

fn section_changed(
    rev: &str,
    heading: &str,
    before: &str,
    record: &Record,
    out: &mut Findings<'_>,
) {
    let name = name_of(record);
    let help = how_to_change(record);
    match body::find_section(record, heading) {
        None => out.push(
            "accepted-record-edited",
            record.title_line.unwrap_or(record.body_line),
            format!(
                "the {heading} section of {name}, closed on `{}`, was removed",
                rev
            ),
            help,
        ),
        Some((line, after)) if words(&after) != words(before) => out.push(
            "accepted-record-edited",
            line + 1 + first_changed_line(before, &after),
            format!(
                "the {heading} section of {name} changed since it was closed on `{}`",
                rev
            ),
            help,
        ),
        Some(_) => {}
    }
}

/// 0-based line, within the section's text `after`, of the first line that differs from
/// `before` (blank lines and indentation aside).
fn first_changed_line(before: &str, after: &str) -> usize {
    let mut old = before.lines().map(str::trim).filter(|l| !l.is_empty());
    for (index, line) in after.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if old.next() != Some(line) {
            return index;
        }
    }
    after.lines().count()
}

/// Text compared by words, so re-wrapping a paragraph is not an edit.
fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}
