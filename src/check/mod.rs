//! `check`: run every rule over the index and collect findings as data ([`Diagnostic`]).
//!
//! Owns the rules (one small function each, grouped by the evidence they read) and the
//! reporters. Does no IO: the command reads files, templates and the `--against` revision and
//! hands them in as [`Input`]; nothing here needs a Git repository. Every rule runs and every
//! finding is kept — `check` never stops at the first problem (issue #3).

mod against;
mod body;
mod fields;
mod governs;
mod links;
pub mod report;
pub mod rules;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, Severity};
use crate::index::Index;
use crate::record::Record;
use crate::time::Clock;

/// One finding: where, which rule, how bad, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The record's path as the user sees it.
    pub path: PathBuf,
    /// 1-based line and column.
    pub line: usize,
    pub column: usize,
    /// Stable rule id from [`rules::RULES`].
    pub rule: &'static str,
    /// `Error` or `Warning`; rules set to `off` produce no diagnostics.
    pub severity: Severity,
    pub message: String,
    pub help: String,
}

/// Placeholder text of the templates, per kind: (section heading, trimmed text) pairs.
pub type Placeholders = BTreeMap<String, Vec<(String, String)>>;

/// The records of the `--against` revision, parsed like the working tree's.
#[derive(Debug)]
pub struct Against {
    /// The revision as the user wrote it, for messages.
    pub rev: String,
    pub records: Vec<Record>,
    /// File names in the records directory at the merge base of HEAD and REV; `None` when
    /// there is none. A file there was seen by this branch, so a different name for its
    /// number here is a rename, not a collision.
    pub names_at_base: Option<Vec<String>>,
}

/// Everything a check run reads.
pub struct Input<'a> {
    pub index: &'a Index,
    pub config: &'a Config,
    pub clock: &'a Clock,
    pub placeholders: &'a Placeholders,
    /// Report only on these records (indices into `index.records()`); all when `None`.
    /// Links and duplicates are still resolved against every record.
    pub only: Option<&'a [usize]>,
    pub against: Option<&'a Against>,
    /// Temp files an interrupted write left in the records directories (shown paths).
    pub strays: &'a [PathBuf],
    /// Every file of the repository (root-relative, `/`-separated) for
    /// `governs-matches-nothing`; `None` skips that rule.
    pub files: Option<&'a [String]>,
}

/// Run every rule; findings sorted by file, line, column, then rule id.
pub fn run(input: &Input<'_>) -> Vec<Diagnostic> {
    let records = input.index.records();
    let selected: Vec<usize> = match input.only {
        Some(only) => only.to_vec(),
        None => (0..records.len()).collect(),
    };
    let cycles = links::cycles(input.index);
    let mut found: Vec<Diagnostic> = selected
        .par_iter()
        .flat_map_iter(|&i| check_record(input, &cycles, &records[i]))
        .collect();
    if let Some(against) = input.against {
        let wanted: Vec<&Record> = selected.iter().map(|&i| &records[i]).collect();
        found.extend(against::check(input, against, &wanted));
    }
    found.extend(input.strays.iter().map(|path| stray_temp_file(path)));
    found.extend(governs::unmatched(input, &selected));
    let mut found: Vec<Diagnostic> = found
        .into_iter()
        .filter_map(|d| configure(input.config, d))
        .collect();
    if let Some(against) = input.against {
        soften_untouched_deadlines(&against::untouched(input, against), &mut found);
    }
    found.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.rule).cmp(&(&b.path, b.line, b.column, b.rule))
    });
    found.dedup();
    found
}

/// Every per-record rule, for one record.
fn check_record(input: &Input<'_>, cycles: &links::Cycles, record: &Record) -> Vec<Diagnostic> {
    let mut out = Findings::new(record);
    for problem in &record.problems {
        out.push_at(
            problem.rule,
            problem.line,
            problem.column,
            problem.message.clone(),
            problem.help.clone(),
        );
    }
    // A file that was never read (binary, or a symlink out of the repository) has nothing
    // more to check: every other finding would be noise about an empty record.
    if record
        .problems
        .iter()
        .any(|p| matches!(p.rule, "binary-file" | "unsafe-path"))
    {
        return out.items;
    }
    // Fields the YAML error hid would only add noise (missing status, missing fields).
    if !record
        .problems
        .iter()
        .any(|p| p.rule == "front-matter-syntax")
    {
        fields::check(input, record, &mut out);
    }
    body::check(input, record, &mut out);
    governs::check(record, &mut out);
    links::check(input, cycles, record, &mut out);
    out.items
}

/// A pull request is failed for what it did: an overdue record it did not touch is a warning
/// under `--against` (the scheduled job without `--against` keeps it an error).
fn soften_untouched_deadlines(untouched: &[&Path], found: &mut [Diagnostic]) {
    for d in found.iter_mut() {
        if d.rule == "deadline-passed" && untouched.contains(&d.path.as_path()) {
            d.severity = d.severity.min(Severity::Warning);
            d.message.push_str(" (not touched by this change)");
        }
    }
}

fn stray_temp_file(path: &Path) -> Diagnostic {
    Diagnostic {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        rule: "stray-temp-file",
        severity: rules::get("stray-temp-file").severity,
        message: "a temp file of an interrupted write is left here".into(),
        help: "the next command that writes records (`because new`, `accept`, `link`, …) removes it; or delete it by hand: no record depends on it".into(),
    }
}

/// Apply the configured severity; `None` when the rule is switched off.
fn configure(config: &Config, mut diagnostic: Diagnostic) -> Option<Diagnostic> {
    diagnostic.severity = config.severity(diagnostic.rule, diagnostic.severity);
    (diagnostic.severity != Severity::Off).then_some(diagnostic)
}

/// Rule ids in `config.rules` that no rule has (a typo there must not pass silently).
pub fn unknown_rules(config: &Config) -> Vec<String> {
    config
        .rules
        .keys()
        .filter(|id| rules::position(id).is_none())
        .map(
            |id| match rules::closest(id, rules::RULES.iter().map(|r| r.id)) {
                Some(near) => format!("`{id}` (did you mean `{near}`?)"),
                None => format!("`{id}`"),
            },
        )
        .collect()
}

/// Counts for the summary line and the exit code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub records: usize,
}

impl Summary {
    pub fn new(diagnostics: &[Diagnostic], records: usize) -> Summary {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        Summary {
            errors,
            warnings,
            records,
        }
    }

    /// True when the run must fail: any error, or any warning under `--deny-warnings`.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.errors > 0 || (deny_warnings && self.warnings > 0)
    }
}

/// Findings for one record, built by the rules with each rule's default severity.
pub(crate) struct Findings<'r> {
    record: &'r Record,
    items: Vec<Diagnostic>,
}

impl<'r> Findings<'r> {
    fn new(record: &'r Record) -> Self {
        Findings {
            record,
            items: Vec::new(),
        }
    }

    /// A finding at column 1 of `line`.
    pub(crate) fn push(
        &mut self,
        rule: &'static str,
        line: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push_at(rule, line, 1, message, help);
    }

    pub(crate) fn push_at(
        &mut self,
        rule: &'static str,
        line: usize,
        column: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            path: self.record.path.clone(),
            line: line.max(1),
            column: column.max(1),
            rule,
            severity: rules::get(rule).severity,
            message: message.into(),
            help: help.into(),
        });
    }
}

/// The line to point at for something missing from the front matter: the closing fence
/// (where a field would be added), else line 1.
pub(crate) fn front_matter_line(record: &Record) -> usize {
    record
        .front_matter
        .as_ref()
        .map(|fm| fm.end_line)
        .unwrap_or(1)
}

/// Line of the first of `keys` present in the front matter.
pub(crate) fn field_line(record: &Record, keys: &[&str]) -> Option<usize> {
    keys.iter()
        .find_map(|k| record.field(k))
        .map(|field| field.line)
}

/// A record as messages name it: `0003` or its file name when it has no number.
pub(crate) fn name_of(record: &Record) -> String {
    match record.number {
        Some(n) => format!("{n:04}"),
        None => record.file_name.clone(),
    }
}
