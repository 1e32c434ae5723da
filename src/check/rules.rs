//! The rule table: every rule's stable id, default severity and what it checks.
//!
//! Ids are a public interface (config `[rules]`, CI annotations, SARIF): never rename one.
//! The checks themselves live beside their kind of evidence (`fields`, `links`, `body`,
//! `against`); this table is what config validation, SARIF and the docs read.

use crate::config::Severity;

/// One rule: id, default severity, one line saying what it checks.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

const fn rule(id: &'static str, severity: Severity, summary: &'static str) -> Rule {
    Rule {
        id,
        severity,
        summary,
    }
}

use Severity::{Error, Warning};

/// Every rule `check` knows, in the order the issue (#3) lists them.
pub const RULES: &[Rule] = &[
    rule("invalid-encoding", Error, "The file is valid UTF-8."),
    rule(
        "binary-file",
        Error,
        "A `.md` file in the records directory holds text, not binary data.",
    ),
    rule(
        "file-too-large",
        Error,
        "A record is at most 8 MiB (only that much is read).",
    ),
    rule(
        "unsafe-path",
        Error,
        "A record is not a symlink to a place outside the repository (such files are never read).",
    ),
    rule(
        "front-matter-syntax",
        Error,
        "The front matter is closed and is valid YAML `key: value` fields.",
    ),
    rule(
        "unknown-field",
        Warning,
        "Every front-matter key is a known field (catches typos like `decison-maker`).",
    ),
    rule(
        "invalid-date",
        Error,
        "`date`, `decided` and `review-by` are dates (YYYY-MM-DD).",
    ),
    rule(
        "invalid-deadline",
        Error,
        "`deadline` is RFC 9557, RFC 3339, a date, or `YYYY-MM-DD HH:MM Area/City`.",
    ),
    rule(
        "unknown-kind",
        Error,
        "`kind` names a kind configured in because.toml.",
    ),
    rule(
        "unknown-status",
        Error,
        "`status` is a state of the record kind's lifecycle.",
    ),
    rule(
        "missing-field",
        Error,
        "Fields the status requires are present (and every record has a status).",
    ),
    rule(
        "deadline-passed",
        Error,
        "A record in an open status does not have a deadline in the past.",
    ),
    rule(
        "deadline-soon",
        Warning,
        "A record in an open status whose deadline is within `deadline-soon-hours`.",
    ),
    rule(
        "review-due",
        Warning,
        "An accepted record's `review-by` date has not passed.",
    ),
    rule(
        "action-item-overdue",
        Warning,
        "No open item of an accepted record's `## Action items` is past its due date.",
    ),
    rule(
        "multiple-decision-makers",
        Warning,
        "One person is accountable: at most one decision-maker.",
    ),
    rule(
        "unknown-person",
        Warning,
        "People named in a record appear in the `[people]` table (only when it is non-empty).",
    ),
    rule("duplicate-number", Error, "No two records share a number."),
    rule(
        "bad-file-name",
        Warning,
        "The file is named `NNNN-kebab-title.md`.",
    ),
    rule("title-missing", Error, "The record has an H1 title."),
    rule(
        "broken-link",
        Error,
        "Relations and Markdown links point at records that exist.",
    ),
    rule(
        "one-sided-link",
        Error,
        "Every relation is written on both ends (supersedes / superseded-by, …).",
    ),
    rule(
        "supersede-cycle",
        Error,
        "Supersession never loops back to a record it replaced.",
    ),
    rule(
        "superseded-without-successor",
        Error,
        "A superseded record names the record that replaces it.",
    ),
    rule(
        "section-missing",
        Error,
        "Sections the kind requires are present.",
    ),
    rule("section-empty", Error, "Required sections have content."),
    rule(
        "placeholder-left",
        Error,
        "No section still holds the template's placeholder text.",
    ),
    rule(
        "number-taken",
        Error,
        "With --against: the record's number is not used by a different file on REV.",
    ),
    rule(
        "accepted-record-edited",
        Error,
        "With --against: the Decision/Proposal text and required sections of a record closed on REV are unchanged.",
    ),
    rule(
        "closed-status-changed",
        Error,
        "With --against: a record closed on REV changes status only along its lifecycle (accepted → deprecated/superseded).",
    ),
    rule(
        "closed-field-changed",
        Error,
        "With --against: the protected fields of a record closed on REV (decision-maker, decided, date, title) are unchanged.",
    ),
    rule(
        "closed-record-deleted",
        Error,
        "With --against: a record closed on REV is not deleted (deprecate or supersede it).",
    ),
    rule(
        "superseded-by-unaccepted",
        Error,
        "A superseded record has a successor that was accepted (supersession takes effect on acceptance).",
    ),
    rule(
        "stale-supersession",
        Error,
        "No record names as its successor a record that was rejected or withdrawn.",
    ),
    rule(
        "stray-temp-file",
        Error,
        "No temp file of an interrupted write is left in the records directory.",
    ),
];

/// The rule with `id`. Panics on an unknown id: every id a check emits must be in the table.
pub fn get(id: &str) -> &'static Rule {
    // A problem id the table does not list (a reader added one and forgot the table) is
    // still reported, as an error, rather than crashing `check` on the very input it is for.
    static UNLISTED: Rule = rule("unlisted", Error, "A problem the rule table does not list.");
    RULES.iter().find(|r| r.id == id).unwrap_or(&UNLISTED)
}

/// Position of `id` in [`RULES`] (SARIF's `ruleIndex`).
pub fn position(id: &str) -> Option<usize> {
    RULES.iter().position(|r| r.id == id)
}

/// Where a rule is documented: its anchor in `docs/rules.md` (SARIF's `helpUri`).
pub fn doc_url(id: &str) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{id}",
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// `docs/rules.md`, written from this table (a unit test keeps the file equal to it), one
/// heading per rule so each id is an anchor.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Check rules\n\n<!-- Written from src/check/rules.rs; `BECAUSE_WRITE_DOCS=1 cargo test --lib rules` rewrites it. -->\n\n\
         `because check` runs every rule below. Set a rule's severity in `because.toml`:\n\n\
         ```toml\n[rules]\nunknown-field = \"error\"\ndeadline-soon = \"off\"\n```\n",
    );
    for rule in RULES {
        let severity = match rule.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Off => "off",
        };
        out.push_str(&format!(
            "\n## {}\n\nDefault: {severity}.\n\n{}\n",
            rule.id, rule.summary
        ));
    }
    out
}

/// Edit distance between two short strings (for "did you mean" suggestions).
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (distance(&word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        for (i, rule) in RULES.iter().enumerate() {
            assert!(
                rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.id
            );
            assert_eq!(position(rule.id), Some(i), "duplicate id {}", rule.id);
        }
    }

    #[test]
    fn docs_rules_md_is_written_from_the_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
        if std::env::var_os("BECAUSE_WRITE_DOCS").is_some() {
            std::fs::write(path, markdown()).unwrap();
        }
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == markdown(),
            "docs/rules.md differs from the rule table; run `BECAUSE_WRITE_DOCS=1 cargo test --lib rules`"
        );
        for rule in RULES {
            assert!(
                on_disk.contains(&format!("\n## {}\n", rule.id)),
                "{}",
                rule.id
            );
        }
    }

    #[test]
    fn closest_suggests_typos_only() {
        let known = ["decision-maker", "deadline", "status"];
        assert_eq!(closest("decison-maker", known), Some("decision-maker"));
        assert_eq!(closest("Stauts", known), Some("status"));
        assert_eq!(closest("owner", known), None);
    }
}
