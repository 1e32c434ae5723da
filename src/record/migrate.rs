//! Text of a legacy record → text of the same record in the native front-matter format
//! (issue 5). Pure: `cmd::migrate` reads the files, plans renames and writes.
//!
//! Records without front matter get a new front matter holding their status, dates, people,
//! tags and relations; the lines those came from leave the body (with one blank line that
//! separated them, so no gap is left) and every other byte of the body stays as it was.
//! Records with MADR or RFC front matter are edited surgically: keys renamed
//! (`deciders` → `decision-maker`, `stage` → `status`), a status phrase cleaned and its
//! relation moved to a relation key, a date written `YYYY-MM-DD`.
//!
//! Converting a converted record changes nothing, so a second `migrate` is a no-op. A byte
//! order mark is dropped: `because`'s surgical edits need the front matter at the very start.

use super::edit::{self, yaml_scalar};
use super::field;
use super::header::{self, Key};
use super::model::{Format, Record, Relation};
use super::normalize::{self, Target};
use super::text::{FrontMatterSpan, eol, key_of_line, line_spans, split_front_matter};

/// Why a record cannot be converted; the user fixes it and runs `migrate` again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

/// Convert `text` (the file's text without a BOM) of `record` (parsed from it). `resolve`
/// gives the number of a record named by file (log4brains targets, numbered by the caller).
/// Native records come back unchanged.
pub fn convert(
    record: &Record,
    text: &str,
    resolve: &dyn Fn(&str) -> Option<u32>,
) -> Result<String, Refused> {
    match record.format {
        Format::Native | Format::Pep | Format::Eip | Format::Kep | Format::ReviewBullets => {
            Ok(text.to_string())
        }
        Format::MadrFrontMatter | Format::RfcFrontMatter => {
            convert_front_matter(record, text, resolve)
        }
        Format::Madr2
        | Format::Log4brains
        | Format::AdrTools
        | Format::RfcBullets
        | Format::Plain => convert_body(record, text, resolve),
    }
}

fn convert_body(
    record: &Record,
    text: &str,
    resolve: &dyn Fn(&str) -> Option<u32>,
) -> Result<String, Refused> {
    let relations = all_relations(record, resolve)?;
    let moved = moved_lines(text, &record.file_name);
    let front_matter = new_front_matter(record, &relations, eol(text));
    Ok(front_matter + &remove_lines(text, moved))
}

/// Byte ranges of the lines whose content moves into front matter.
pub fn moved_lines(text: &str, file_name: &str) -> Vec<(usize, usize)> {
    let header = header::read_body_header(text, 1, file_name);
    let mut moved = Vec::new();
    let mut date_moved = false;
    for entry in &header.entries {
        let moves = match entry.key {
            Key::Status => {
                let status = normalize::clean_status(&entry.value);
                status.word.is_some() || !status.links.is_empty()
            }
            Key::Date if !date_moved && !entry.value.is_empty() => {
                date_moved = true;
                true
            }
            Key::Deciders | Key::Consulted | Key::Informed | Key::Tags | Key::Relation(_) => true,
            Key::Date | Key::Authors | Key::Title | Key::Id | Key::Other => false,
        };
        if moves {
            moved.push((entry.start, entry.end));
        }
    }
    // An adr-tools `## Status` section left with nothing but blank lines goes whole.
    if let Some((start, end)) = header.status_section {
        let heading_end = text[start..end].find('\n').map_or(end, |i| start + i + 1);
        let emptied = line_spans(&text[heading_end..end]).all(|(s, e, _)| {
            text[heading_end + s..heading_end + e].trim().is_empty()
                || moved.iter().any(|&(ms, _)| ms == heading_end + s)
        });
        if emptied {
            moved.push((start, end));
        }
    }
    moved
}

/// `text` without the given line ranges. A removed run between a blank line (or the start of
/// the text) and a blank line takes the following blank line with it.
pub fn remove_lines(text: &str, mut ranges: Vec<(usize, usize)>) -> String {
    ranges.sort_unstable();
    let is_blank_line_at = |at: usize| -> Option<usize> {
        let rest = &text[at..];
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        (end > 0 && rest[..end].trim().is_empty()).then_some(at + end)
    };
    let is_blank_before = |at: usize| -> bool {
        if at == 0 {
            return true;
        }
        let before = &text[..at - 1];
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        text[start..at].trim().is_empty()
    };
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    for run in &mut merged {
        if is_blank_before(run.0)
            && let Some(next) = is_blank_line_at(run.1)
        {
            run.1 = next;
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in merged {
        if start >= copied {
            out.push_str(&text[copied..start]);
        }
        copied = copied.max(end);
    }
    out.push_str(&text[copied.min(text.len())..]);
    out
}

/// Relations by number, log4brains file targets resolved.
fn all_relations(
    record: &Record,
    resolve: &dyn Fn(&str) -> Option<u32>,
) -> Result<Vec<(Relation, Vec<u32>)>, Refused> {
    let mut relations = record.relations.clone();
    for link in &record.links {
        let n = resolve(&link.target).ok_or_else(|| {
            Refused(format!(
                "line {}: `{}` link to `{}`, which is not a record here; fix or remove the link",
                link.line,
                link.relation.key(),
                link.target
            ))
        })?;
        let numbers = relations.entry(link.relation).or_default();
        if !numbers.contains(&n) {
            numbers.push(n);
        }
    }
    Ok(Relation::ALL
        .into_iter()
        .filter_map(|r| relations.remove(&r).map(|numbers| (r, numbers)))
        .collect())
}

fn new_front_matter(record: &Record, relations: &[(Relation, Vec<u32>)], eol: &str) -> String {
    let mut lines = Vec::new();
    if record.kind != "adr" {
        lines.push(format!("kind: {}", yaml_scalar(&record.kind)));
    }
    let decided = decided_date(record);
    let scalars = [
        ("status", &record.status),
        ("date", &record.date),
        ("decided", &decided),
    ];
    for (key, value) in scalars {
        if let Some(value) = value {
            lines.push(format!("{key}: {}", yaml_scalar(value)));
        }
    }
    match record.decision_makers.as_slice() {
        [] => {}
        [one] => lines.push(format!("decision-maker: {}", yaml_scalar(one))),
        many => lines.push(format!("decision-maker: {}", flow_list(many))),
    }
    for (key, values) in [
        ("responsible", &record.responsible),
        ("consulted", &record.consulted),
        ("informed", &record.informed),
        ("tags", &record.tags),
    ] {
        if !values.is_empty() {
            lines.push(format!("{key}: {}", flow_list(values)));
        }
    }
    for (relation, numbers) in relations {
        let numbers: Vec<String> = numbers.iter().map(u32::to_string).collect();
        lines.push(format!("{}: [{}]", relation.key(), numbers.join(", ")));
    }
    if decided.is_some() && record.decision_makers.is_empty() {
        lines.push(format!("{MIGRATED_FROM}: {}", format_name(record.format)));
    }
    let mut out = format!("---{eol}");
    for line in lines {
        out.push_str(&line);
        out.push_str(eol);
    }
    out.push_str("---");
    out.push_str(eol);
    out
}

fn flow_list(values: &[String]) -> String {
    let items: Vec<String> = values
        .iter()
        .map(|v| {
            let scalar = yaml_scalar(v);
            // A plain scalar with `,` would split inside a flow list.
            if scalar.contains(',') && !scalar.starts_with('"') {
                serde_json::to_string(v).expect("a string serializes")
            } else {
                scalar
            }
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn convert_front_matter(
    record: &Record,
    text: &str,
    resolve: &dyn Fn(&str) -> Option<u32>,
) -> Result<String, Refused> {
    if let Some(problem) = record
        .problems
        .iter()
        .find(|p| p.rule == "front-matter-syntax")
    {
        return Err(Refused(format!(
            "line {}: {}; fix it, then run `because migrate` again",
            problem.line, problem.message
        )));
    }
    let mut out = rename_aliases(record, text);
    let rfc = record.format == Format::RfcFrontMatter;
    if rfc {
        out = rfc_keys(record, out)?;
    }
    if let (Some(raw), Some(status)) = (&record.status_raw, &record.status) {
        out = status_fixes(record, out, raw, status, rfc, resolve)?;
    }
    if let Some(date) = &record.date
        && record.date_raw.as_ref() != Some(date)
        && normalize::normalize_date(date).is_some()
    {
        out = set(&out, "date", date)?;
    }
    Ok(out)
}

/// A front-matter RFC's own keys under native names: `kind: rfc`, `stage`/`state` → `status`,
/// `start-date` → `date`.
fn rfc_keys(record: &Record, mut out: String) -> Result<String, Refused> {
    let has = |key: &str| record.field(key).is_some();
    if !has("kind") {
        out = set(&out, "kind", "rfc")?;
    }
    if !has("status")
        && let Some(old) = ["stage", "state"].into_iter().find(|k| has(k))
    {
        out = rename_key(&out, old, "status");
    }
    if !has("date") && has("start-date") {
        out = rename_key(&out, "start-date", "date");
    }
    Ok(out)
}

/// A decorated status written as its lifecycle word, the relations it named written as fields,
/// and `decided` from the record's own date.
fn status_fixes(
    record: &Record,
    mut out: String,
    raw: &str,
    status: &str,
    rfc: bool,
    resolve: &dyn Fn(&str) -> Option<u32>,
) -> Result<String, Refused> {
    let cleaned = normalize::clean_status(raw);
    let messy = cleaned.word.as_deref() != Some(raw.trim().to_lowercase().as_str())
        || !cleaned.links.is_empty()
        || cleaned.date.is_some();
    if messy || rfc {
        out = set(&out, "status", status)?;
    }
    for (relation, target) in &cleaned.links {
        let n = match normalize::target(target) {
            Some(Target::Number(n)) => Some(n),
            Some(Target::File(file)) => resolve(&file),
            None => None,
        };
        let n = n.ok_or_else(|| {
            Refused(format!(
                "its status names `{target}`, which is not a record here; fix the status"
            ))
        })?;
        out = edit::add_number(&out, relation.key(), n).map_err(|e| Refused(e.message))?;
    }
    if let (Some(decided), false) = (decided_date(record), record.field("decided").is_some()) {
        out = set(&out, "decided", &decided)?;
    }
    Ok(out)
}

/// The key that records which tool's format a record was migrated from. `check` does not
/// ask such a record, once closed, for the decision-maker the old format never recorded.
pub const MIGRATED_FROM: &str = "migrated-from";

fn format_name(format: Format) -> String {
    serde_json::to_value(format)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// When a decided record was decided: its own decided date, else the date it carries — never
/// the day of the migration (a 2018 decision is not dated today).
fn decided_date(record: &Record) -> Option<String> {
    let decided = matches!(record.status.as_deref(), Some("accepted" | "rejected"));
    record
        .decided
        .clone()
        .or_else(|| decided.then(|| record.date.clone()).flatten())
        .filter(|d| normalize::normalize_date(d).is_some())
}

/// Keys written under another tool's name for a known field (`deciders`) get the field's own
/// name, when the record does not already have it.
fn rename_aliases(record: &Record, text: &str) -> String {
    let mut out = text.to_string();
    for known in field::FIELDS {
        if record.field(known.key).is_some() {
            continue;
        }
        if let Some(alias) = known.aliases.iter().find(|a| record.field(a).is_some()) {
            out = rename_key(&out, alias, known.key);
        }
    }
    out
}

fn set(text: &str, key: &str, value: &str) -> Result<String, Refused> {
    edit::set_field(text, key, value).map_err(|e| Refused(e.message))
}

/// Rename a top-level front-matter key in place; its value, comments and order stay.
fn rename_key(text: &str, old: &str, new: &str) -> String {
    let FrontMatterSpan::Found(split) = split_front_matter(text) else {
        return text.to_string();
    };
    let yaml = &text[split.yaml_start..split.yaml_end];
    for (s, e, _) in line_spans(yaml) {
        let line = &yaml[s..e];
        if line.starts_with(old) && key_of_line(line).as_deref() == Some(old) {
            let at = split.yaml_start + s;
            return format!("{}{new}{}", &text[..at], &text[at + old.len()..]);
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn migrate(file_name: &str, text: &str) -> String {
        let record = crate::record::parse(file_name.into(), text.as_bytes(), &Config::default());
        convert(&record, text, &|_| None).expect("converts")
    }

    fn twice(file_name: &str, text: &str) -> String {
        let once = migrate(file_name, text);
        let again = migrate(file_name, &once);
        assert_eq!(once, again, "a second conversion changes nothing");
        let record = crate::record::parse(file_name.into(), once.as_bytes(), &Config::default());
        assert_eq!(record.format, Format::Native, "{once}");
        once
    }

    #[test]
    fn madr2_header_moves_into_front_matter() {
        let text = "# Use X\n\n* Status: accepted\n* Deciders: Ann, Bo\n* Date: 31/01/2020\n\nTechnical Story: T-1\n\n## Context\n";
        assert_eq!(
            twice("0002-use-x.md", text),
            "---\nstatus: accepted\ndate: 2020-01-31\ndecided: 2020-01-31\ndecision-maker: [Ann, Bo]\n---\n# Use X\n\nTechnical Story: T-1\n\n## Context\n"
        );
    }

    #[test]
    fn adr_tools_status_section_goes_when_emptied() {
        let text = "# 2. Use X\r\n\r\nDate: 2020-01-31\r\n\r\n## Status\r\n\r\nSuperseded by [3. Y](0003-y.md)\r\n\r\n## Context\r\n\r\nText.\r\n";
        assert_eq!(
            twice("0002-use-x.md", text),
            "---\r\nstatus: superseded\r\ndate: 2020-01-31\r\nsuperseded-by: [3]\r\n---\r\n# 2. Use X\r\n\r\n## Context\r\n\r\nText.\r\n"
        );
    }

    #[test]
    fn prose_in_a_status_section_stays() {
        let text = "# 4. C\n\n## Status\n\nProposed\n\nAmends [3. S](0003-s.md)\n\nWe vote next week.\n\n## Context\n";
        assert_eq!(
            twice("0004-c.md", text),
            "---\nstatus: proposed\namends: [3]\n---\n# 4. C\n\n## Status\n\nWe vote next week.\n\n## Context\n"
        );
    }

    #[test]
    fn madr_front_matter_is_edited_in_place() {
        let text = "---\n# kept comment\nstatus: \"superseded by ADR-0004\"\ndate: 2022-03-01T10:00:00Z\ndecision-makers:\n  - Ann\nextra: kept\n---\n# Old\n";
        assert_eq!(
            twice("0002-old.md", text),
            "---\n# kept comment\nstatus: \"superseded\"\ndate: 2022-03-01\ndecision-maker:\n  - Ann\nextra: kept\nsuperseded-by: [4]\n---\n# Old\n"
        );
    }

    #[test]
    fn rfc_front_matter_gets_native_keys() {
        let text = "---\nstage: released\nstart-date: 2019-03-28T00:00:00.000Z\nteams: [framework]\n---\n# Octane\n";
        assert_eq!(
            twice("0002-octane.md", text),
            "---\nstatus: accepted\ndate: 2019-03-28\nteams: [framework]\nkind: rfc\ndecided: 2019-03-28\n---\n# Octane\n"
        );
    }

    #[test]
    fn rfc_bullets_keep_every_other_bullet() {
        let text = "- Feature Name: `x`\n- Start Date: 2014-03-11\n- RFC PR: [#1](https://x)\n\n# Summary\n";
        assert_eq!(
            twice("0001-x.md", text),
            "---\nkind: rfc\ndate: 2014-03-11\n---\n- Feature Name: `x`\n- RFC PR: [#1](https://x)\n\n# Summary\n"
        );
    }

    #[test]
    fn plain_records_get_an_empty_front_matter() {
        assert_eq!(
            twice("0001-x.md", "# X\n\nText.\n"),
            "---\n---\n# X\n\nText.\n"
        );
    }

    #[test]
    fn unresolved_log4brains_links_are_refused() {
        let text = "# A\n\n- Status: superseded by [20200401-b](20200401-b.md)\n";
        let record =
            crate::record::parse("20200101-a.md".into(), text.as_bytes(), &Config::default());
        let err = convert(&record, text, &|_| None).unwrap_err();
        assert!(err.0.contains("20200401-b.md"), "{err:?}");
        let ok = convert(&record, text, &|t| (t == "20200401-b.md").then_some(9)).unwrap();
        assert!(ok.contains("superseded-by: [9]"), "{ok}");
    }

    #[test]
    fn remove_lines_takes_one_separating_blank_line() {
        let text = "a\n\nb\nc\n\nd\n";
        assert_eq!(remove_lines(text, vec![(3, 7)]), "a\n\nd\n");
        assert_eq!(remove_lines("b\n\nd\n", vec![(0, 2)]), "d\n");
        assert_eq!(remove_lines("a\nb\nc\n", vec![(2, 4)]), "a\nc\n");
    }
}
