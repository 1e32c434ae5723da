//! `governs:` globs (issue 17): each one compiles (`invalid-glob`) and matches some file of the
//! repository (`governs-matches-nothing`; a typo in a path would otherwise govern nothing,
//! silently).
//!
//! The repository's files are handed in by the command; without them (no record governs
//! anything) the second rule does not run.

use super::{Findings, Input, field_line};
use crate::governs::{self, Governs};
use crate::record::Record;

pub(super) fn check(record: &Record, out: &mut Findings<'_>) {
    let line = field_line(record, &["governs"]).unwrap_or(1);
    for invalid in governs::invalid(record) {
        out.push(
            "invalid-glob",
            line,
            format!("`governs` glob `{}` is invalid: {}", invalid.glob, invalid.reason),
            "write a gitignore-style glob relative to the repository root, e.g. `src/db/**` or `*.sql`",
        );
    }
}

/// `governs-matches-nothing` for every record checked, from one matcher over all records.
pub(super) fn unmatched(input: &Input<'_>, selected: &[usize]) -> Vec<super::Diagnostic> {
    let Some(files) = input.files else {
        return Vec::new();
    };
    let records = input.index.records();
    let matcher = Governs::new(input.index);
    let mut found = Vec::new();
    for (i, position) in matcher.unmatched(files) {
        if !selected.contains(&i) {
            continue;
        }
        let record = &records[i];
        let mut out = Findings::new(record);
        out.push(
            "governs-matches-nothing",
            field_line(record, &["governs"]).unwrap_or(1),
            format!(
                "`governs` glob `{}` matches no file in the repository",
                record.governs[position]
            ),
            "fix the path (globs are relative to the repository root), or remove the glob if the code is gone",
        );
        found.extend(out.items);
    }
    found
}
