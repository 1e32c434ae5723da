//! Body headers of other tools' formats (issue 5, issue 13): adr-tools, MADR 2, log4brains
//! and RFC bullet headers — the lines of a record without front matter that carry its fields.
//!
//! Pure text → entries with their lines and byte spans; `parse` applies them to a `Record`,
//! `migrate` moves the same lines into front matter. Nothing here fails: what cannot be read
//! is simply not reported as a field. The cleaning of the values (status words, dates,
//! targets) is `normalize`, which native records use too.
//!
//! Ambiguities, and how they are resolved:
//! - MADR 2 and log4brains both write `- Status:` bullets: a file named `YYYYMMDD-slug.md`
//!   is log4brains, any other is MADR 2.
//! - A status bullet and an adr-tools `## Status` section in one file: the bullet wins and the
//!   section stays body text.
//! - `01/02/2020` is read day first (`31/01/2020` is the common form), month first only when
//!   the second part is above 12 (`01/31/2020`).
//! - A header bullet list is only a header when one of its keys is known; a list at the top of
//!   the body whose keys mean nothing to us (`- Fast: yes`) stays body text.
//! - Front matter with MADR's `deciders` / `decision-makers` (and no `decision-maker`), a status
//!   phrase or decoration, or a date not written `YYYY-MM-DD` is `madr-front-matter`; other
//!   front matter is native. Front matter without `status` but with `stage` / `start-date` /
//!   `feature-name` / `rfc-pr` is `rfc-front-matter` (`stage` is the status).
//! - RFC bullets without a status (Rust's `- Feature Name:` / `- Start Date:`) leave the status
//!   empty; `Start Date` is the record's date and the kind is `rfc`. An H1 *below* the bullets
//!   (`# Summary`) is a section, so the title comes from the file name.
//! - A title given only as an H2, or not at all, falls back to the file name; `# 3. Title`
//!   (adr-tools) and `ADR-0003: Title` drop the number when it is the record's own.
//! - A status that names a relation (`superseded by ADR-0012`, `Superseded by [3. X](0003-x.md)`)
//!   gives both: status `superseded` and the relation. `Supersedes`/`Amends`/`Amended by` lines
//!   only add relations. A date in an `accepted` / `rejected` status becomes `decided`.
//! - A date-named file (`20200131-slug.md`, `2020-01-31-slug.md`) has no number (see
//!   `name::date_from_file_name`); `list` shows it with `-`, sorted by name (so by date) before
//!   numbered records, and `migrate` numbers it.

use super::model::{Format, Relation};
use super::normalize::{clean_status, normalize_date, relation_of_phrase};
use super::text::{
    heading, is_comment_line, is_setext_h2_underline, is_setext_underline, line_spans,
    strip_trailing_comment,
};
use super::{field, name};

/// What a header line or status line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Status,
    Date,
    Deciders,
    Consulted,
    Informed,
    Authors,
    Tags,
    /// A header title (PEP's `Title:`): beats a generic first heading.
    Title,
    /// The process's own id (`PEP: 8`, `* Proposal: [SE-0001](…)`).
    Id,
    Relation(Relation),
    /// A bullet `migrate` leaves in the body (`Feature Name`, `RFC PR`, prose in `## Status`).
    Other,
}

/// Which process a header key comes from; decides MADR 2, RFC bullets, PEP headers or
/// review-managed bullets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vocabulary {
    Madr,
    Rfc,
    Pep,
    Review,
    Unknown,
}

/// One header line (`* Status: accepted`, `Date: 2020-01-31`) or adr-tools status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: Key,
    /// The key as written (`Review Manager`), for keys no field stands for.
    pub name: String,
    /// The value as written (trimmed; a PEP header's continuation lines joined by spaces).
    pub value: String,
    /// 1-based line in the file.
    pub line: usize,
    /// Byte range of the whole line, line ending included, in the body.
    pub start: usize,
    pub end: usize,
}

/// The metadata of a record without front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyHeader {
    pub format: Format,
    /// Header lines and adr-tools status lines, in file order.
    pub entries: Vec<Entry>,
    /// adr-tools: byte range of the `## Status` section (heading to the next heading).
    pub status_section: Option<(usize, usize)>,
    /// Line of the first header bullet: an H1 below it is a section (`# Summary`), not a title.
    pub header_line: Option<usize>,
}

impl BodyHeader {
    /// The first entry under `key`.
    pub fn first(&self, key: Key) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// Read the metadata of a body with no front matter. `body_line` is the body's first line.
pub fn read_body_header(body: &str, body_line: usize, file_name: &str) -> BodyHeader {
    let (mut entries, vocabulary) = header_block(body, body_line);
    let header_line = entries.first().map(|e| e.line);
    let has = |entries: &[Entry], key: Key| entries.iter().any(|e| e.key == key);
    let dated_name = name::date_from_file_name(file_name).is_some();
    let madr_or_log4brains = if dated_name {
        Format::Log4brains
    } else {
        Format::Madr2
    };
    let mut status_section = None;
    let format = if vocabulary.contains(&Vocabulary::Pep) {
        Format::Pep
    } else if vocabulary.contains(&Vocabulary::Review) {
        Format::ReviewBullets
    } else if has(&entries, Key::Status) && vocabulary.contains(&Vocabulary::Madr) {
        madr_or_log4brains
    } else if let Some((section, lines)) = status_section_lines(body, body_line) {
        status_section = Some(section);
        entries.retain(|e| e.key != Key::Status);
        entries.extend(lines);
        Format::AdrTools
    } else if vocabulary.contains(&Vocabulary::Rfc) {
        Format::RfcBullets
    } else if !entries.is_empty() || dated_name {
        madr_or_log4brains
    } else {
        Format::Plain
    };
    BodyHeader {
        format,
        entries,
        status_section,
        header_line,
    }
}

/// The key-value lines at the top of the body, around an optional title, and which
/// vocabularies their keys belong to. Empty when no key is known.
fn header_block(body: &str, body_line: usize) -> (Vec<Entry>, Vec<Vocabulary>) {
    let mut block = Block::default();
    let lines: Vec<(usize, usize, usize)> = line_spans(body).collect();
    let mut i = 0;
    while i < lines.len() {
        let (s, e, next) = lines[i];
        let line = &body[s..e];
        let trimmed = line.trim();
        let setext = lines.get(i + 1).is_some_and(|&(ns, ne, _)| {
            is_setext_underline(&body[ns..ne]) || is_setext_h2_underline(&body[ns..ne])
        });
        if block.continues(line, next) {
        } else if trimmed.is_empty() || is_comment_line(trimmed) || is_table_rule(trimmed) {
            block.last_plain = false;
        } else if block.entries.is_empty() && (heading(line).is_some() || setext) {
            i += usize::from(setext);
        } else if !block.push(line, body_line + i, (s, next)) {
            break;
        }
        i += 1;
    }
    if block.vocabularies.iter().all(|v| *v == Vocabulary::Unknown) {
        return (Vec::new(), Vec::new());
    }
    (block.entries, block.vocabularies)
}

/// The header lines read so far.
#[derive(Default)]
struct Block {
    entries: Vec<Entry>,
    vocabularies: Vec<Vocabulary>,
    /// The last line was a plain (not bulleted) header line: an indented line continues it.
    last_plain: bool,
}

impl Block {
    /// An RFC 822 continuation line (indented, under a plain header line) joins the value.
    fn continues(&mut self, line: &str, next: usize) -> bool {
        let indented = line.starts_with([' ', '\t']) && !line.trim().is_empty();
        let Some(last) = self
            .entries
            .last_mut()
            .filter(|_| self.last_plain && indented)
        else {
            return false;
        };
        last.value.push(' ');
        last.value.push_str(line.trim());
        last.end = next;
        true
    }

    /// Add a header line; false when the line ends the header.
    fn push(&mut self, line: &str, number: usize, (start, end): (usize, usize)) -> bool {
        let Some((key_text, value, bullet)) = key_value(line) else {
            return false;
        };
        let (key, vocabulary) = classify_key(key_text);
        // Once `PEP:` opened the block, every RFC 822 line belongs to it (`Type:`, `Topic:`).
        let lenient = self.vocabularies.contains(&Vocabulary::Pep);
        if !bullet && vocabulary == Vocabulary::Unknown && !lenient {
            return false;
        }
        self.vocabularies.push(vocabulary);
        self.last_plain = !bullet;
        self.entries.push(Entry {
            key,
            name: key_text.to_string(),
            value: value.to_string(),
            line: number,
            start,
            end,
        });
        true
    }
}

/// `* Status: accepted`, `- **Date**: 2020-01-31`, `**Deciders:** a, b`, `Date: 2020-01-31`
/// → (key, value, whether it was a bullet).
fn key_value(line: &str) -> Option<(&str, &str, bool)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    if let Some(row) = table_row(line.trim()) {
        return Some(row);
    }
    let mut rest = line.trim();
    let bullet = rest.len() > 1 && rest.starts_with(['*', '-', '+']) && rest[1..].starts_with(' ');
    if bullet {
        rest = rest[1..].trim_start();
    }
    let Some(colon) = rest.find(':') else {
        return bare_date_line(rest).map(|value| ("Date", value, bullet));
    };
    let key = rest[..colon].trim().trim_matches(['*', '_']).trim();
    let mut value = rest[colon + 1..].trim_start();
    // `**Status:** accepted`: the emphasis closing after the colon belongs to the key.
    for marker in ["**", "__"] {
        if rest.starts_with(marker) && !rest[..colon].ends_with(marker) {
            value = value.strip_prefix(marker).unwrap_or(value).trim_start();
        }
    }
    let plausible = !key.is_empty()
        && key.len() <= 30
        && key.split_whitespace().count() <= 4
        && key.starts_with(|c: char| c.is_alphabetic())
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '(' | ')'));
    plausible.then(|| (key, strip_trailing_comment(value).trim(), bullet))
}

/// `|Status  |Implemented|`: a two-cell row of a metadata table under the title, read as a
/// bullet (its key need not be known: the table's own header row is one of them).
fn table_row(line: &str) -> Option<(&str, &str, bool)> {
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    let (key, value) = inner.split_once('|')?;
    let key = key.trim().trim_matches(['*', '_']).trim();
    let plausible = !key.is_empty() && key.len() <= 30 && !value.contains('|');
    plausible.then(|| (key, value.trim(), true))
}

/// `|---|:---:|`: the rule under a table's header row.
fn is_table_rule(trimmed: &str) -> bool {
    trimmed.starts_with('|') && trimmed.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// `Date 2026-03-01`, `**Date** 01.03.2026`: a date line without its colon → the date.
fn bare_date_line(rest: &str) -> Option<&str> {
    let (word, value) = rest.split_once(char::is_whitespace)?;
    let value = value.trim().trim_start_matches(['*', '_']).trim();
    let is_date = word.trim_matches(['*', '_']).eq_ignore_ascii_case("date");
    (is_date && normalize_date(value).is_some()).then_some(value)
}

/// What a header key means and which process's vocabulary it belongs to. Keys special to one
/// layout come first; any other key the field table knows (`Review Manager`, `PEP-Delegate`,
/// `Author(s)`) means its field.
fn classify_key(key: &str) -> (Key, Vocabulary) {
    use Vocabulary::{Madr, Pep, Review, Rfc, Unknown};
    let spaced = field::normalize_key(key).replace('-', " ");
    if let Some(relation) = relation_of_phrase(&spaced) {
        return (Key::Relation(relation), Madr);
    }
    match spaced.as_str() {
        "pep" => return (Key::Id, Pep),
        "proposal" => return (Key::Id, Review),
        // gRPC's proposals (`A12-…`, `L116-…`) name an Approver beside their Author(s).
        "review manager" | "review managers" | "approver" | "approvers" => {
            return (Key::Deciders, Review);
        }
        "stage" => return (Key::Status, Rfc),
        "start date" => return (Key::Date, Rfc),
        "technical story" => return (Key::Other, Madr),
        "authors" | "author" => return (Key::Authors, Rfc),
        "title" => return (Key::Title, Unknown),
        "feature name" | "rfc pr" | "rust issue" | "tracking issue" | "champion" | "champions"
        | "shepherd" | "shepherds" | "rfc" | "pr" | "issue" | "discussion"
        | "implementation pr" | "teams" => return (Key::Other, Rfc),
        _ => {}
    }
    let known = match spaced.as_str() {
        "state" => Some("status"),
        "labels" | "tag" => Some("tags"),
        _ => field::get(&spaced).map(|f| f.key),
    };
    match known {
        Some("status") => (Key::Status, Madr),
        Some("date") => (Key::Date, Madr),
        Some("decision-maker") => (Key::Deciders, Madr),
        Some("consulted") => (Key::Consulted, Madr),
        Some("informed") => (Key::Informed, Madr),
        Some("tags") => (Key::Tags, Madr),
        Some(other) => match super::model::Relation::from_key(other) {
            Some(relation) => (Key::Relation(relation), Madr),
            None => (Key::Other, Unknown),
        },
        None => (Key::Other, Unknown),
    }
}

/// The adr-tools `## Status` section: its byte range and one entry per non-blank line.
fn status_section_lines(body: &str, body_line: usize) -> Option<((usize, usize), Vec<Entry>)> {
    let mut section: Option<(usize, usize)> = None;
    let mut entries = Vec::new();
    let mut fence = false;
    let mut found_word = false;
    for (index, (s, e, next)) in line_spans(body).enumerate() {
        let line = &body[s..e];
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
        }
        let level = if fence { None } else { heading(line) };
        match (&mut section, level) {
            (None, Some((2, text)))
                if text.trim_end_matches(':').eq_ignore_ascii_case("status") =>
            {
                section = Some((s, next));
                continue;
            }
            (None, _) => continue,
            (Some(_), Some((level, _))) if level <= 2 => break,
            (Some(range), _) => range.1 = next,
        }
        if line.trim().is_empty() {
            continue;
        }
        let status = clean_status(line);
        let short_word = status
            .word
            .as_deref()
            .is_some_and(|w| w.split(' ').count() <= 3);
        let key = if !status.links.is_empty() {
            Key::Status
        } else if short_word && !found_word {
            found_word = true;
            Key::Status
        } else {
            Key::Other
        };
        entries.push(Entry {
            key,
            name: "Status".into(),
            value: line.trim().to_string(),
            line: body_line + index,
            start: s,
            end: next,
        });
    }
    section.map(|range| (range, entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn madr2_header() {
        let body = "# Use X\n\n* Status: accepted\n* Deciders: Ann, Bo <!-- optional -->\n* Date: 2020-01-31\n\nTechnical Story: T-1\n\n## Context and Problem Statement\n";
        let h = read_body_header(body, 1, "0002-use-x.md");
        assert_eq!(h.format, Format::Madr2);
        let keys: Vec<Key> = h.entries.iter().map(|e| e.key).collect();
        // `Technical Story:` is read but stays in the body.
        assert_eq!(keys, [Key::Status, Key::Deciders, Key::Date, Key::Other]);
        assert_eq!(h.entries[1].value, "Ann, Bo");
        assert_eq!(h.entries[1].line, 4);
        assert_eq!(
            &body[h.entries[0].start..h.entries[0].end],
            "* Status: accepted\n"
        );
    }

    #[test]
    fn adr_tools_status_section() {
        let body = "# 2. Use X\n\nDate: 2020-01-31\n\n## Status\n\nAccepted\n\nSupersedes [1. Old](0001-old.md)\n\n## Context\n\ntext\n";
        let h = read_body_header(body, 1, "0002-use-x.md");
        assert_eq!(h.format, Format::AdrTools);
        let keys: Vec<Key> = h.entries.iter().map(|e| e.key).collect();
        assert_eq!(keys, [Key::Date, Key::Status, Key::Status]);
        let (start, end) = h.status_section.unwrap();
        assert_eq!(
            &body[start..end],
            "## Status\n\nAccepted\n\nSupersedes [1. Old](0001-old.md)\n\n"
        );
    }

    #[test]
    fn rfc_bullets_before_the_summary() {
        let body = "- Feature Name: `fast_thing`\n- Start Date: 2014-03-11\n- RFC PR: [#1](https://x)\n\n# Summary\n\nText.\n";
        let h = read_body_header(body, 1, "0001-fast-thing.md");
        assert_eq!(h.format, Format::RfcBullets);
        assert_eq!(h.header_line, Some(1));
        assert_eq!(h.first(Key::Date).unwrap().value, "2014-03-11");
    }

    #[test]
    fn emphasis_around_keys_and_values() {
        assert_eq!(
            key_value("* **Status:** accepted"),
            Some(("Status", "accepted", true))
        );
        assert_eq!(
            key_value("* **Status**: accepted"),
            Some(("Status", "accepted", true))
        );
        assert_eq!(
            key_value("* Status: **Accepted** <!-- x -->"),
            Some(("Status", "**Accepted**", true))
        );
        assert_eq!(
            key_value("Date: 2020-01-31"),
            Some(("Date", "2020-01-31", false))
        );
        assert_eq!(key_value("    * Status: indented code"), None);
    }

    #[test]
    fn unknown_bullets_are_body() {
        let h = read_body_header("# T\n\n- Fast: yes\n- Cheap: no\n", 1, "0001-t.md");
        assert_eq!(h.format, Format::Plain);
        assert!(h.entries.is_empty());
        let h = read_body_header("# T\n\n- Status: accepted\n", 1, "20200131-t.md");
        assert_eq!(h.format, Format::Log4brains);
    }
}
