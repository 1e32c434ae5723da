//! Rules that compare the working tree with another revision (`check --against REV`):
//! numbers another branch took, and accepted decisions edited since.
//!
//! The command reads REV's records through `git`; here they are plain parsed records.

use std::collections::BTreeSet;

use super::{Against, Diagnostic, Findings, Input, body, name_of};
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
        if let Some(old) = counterpart(input, against, record) {
            accepted_record_edited(input, against, old, record, &mut out);
        }
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
    (none.is_none()
        && unique_here
        && input
            .index
            .records()
            .iter()
            .all(|r| r.file_name != one.file_name))
    .then_some(one)
}

fn accepted_record_edited(
    input: &Input<'_>,
    against: &Against,
    old: &Record,
    record: &Record,
    out: &mut Findings<'_>,
) {
    let was_accepted = old
        .status
        .as_deref()
        .is_some_and(|s| input.config.canonical_status(s) == "accepted");
    if !was_accepted {
        return;
    }
    let Some((heading, before)) = decision_text(old) else {
        return;
    };
    let name = name_of(record);
    let help = format!(
        "an accepted decision is not rewritten: revert this change and record the new decision in a record that supersedes it (`because new --supersedes {name} \"…\"`); status, relations and review-by may change"
    );
    match body::find_section(record, heading) {
        None => out.push(
            "accepted-record-edited",
            record.title_line.unwrap_or(record.body_line),
            format!(
                "the {heading} section of {name}, accepted on `{}`, was removed",
                against.rev
            ),
            help,
        ),
        Some((line, after)) if words(&after) != words(&before) => out.push(
            "accepted-record-edited",
            line + 1 + first_changed_line(&before, &after),
            format!(
                "the {heading} section of {name} changed since it was accepted on `{}`",
                against.rev
            ),
            help,
        ),
        Some(_) => {}
    }
}

/// The decision section of a record: its name and text.
fn decision_text(record: &Record) -> Option<(&'static str, String)> {
    DECISION_SECTIONS
        .iter()
        .find_map(|&h| body::find_section(record, h).map(|(_, text)| (h, text)))
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
