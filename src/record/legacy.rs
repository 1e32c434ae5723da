//! Readers for records other tools wrote (issue 5): adr-tools, MADR 2, log4brains and RFC
//! bullet headers, plus the status and date cleaning every format shares.
//!
//! Pure text → fields with their lines and byte spans; `parse` applies them to a `Record`,
//! `migrate` moves the same lines into front matter. Nothing here fails: what cannot be read
//! is simply not reported as a field.
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
use super::name;
use super::parse::{heading, line_spans};

/// What a header line or status line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Status,
    Date,
    Deciders,
    Consulted,
    Informed,
    Tags,
    Relation(Relation),
    /// A bullet `migrate` leaves in the body (`Feature Name`, `RFC PR`, prose in `## Status`).
    Other,
}

/// Which process a header key comes from; decides MADR 2 versus RFC bullets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vocabulary {
    Madr,
    Rfc,
    Unknown,
}

/// One header line (`* Status: accepted`, `Date: 2020-01-31`) or adr-tools status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: Key,
    /// The value as written (trimmed).
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
    let format = if has(&entries, Key::Status) && vocabulary.contains(&Vocabulary::Madr) {
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
    let mut entries = Vec::new();
    let mut vocabularies = Vec::new();
    let lines: Vec<(usize, usize, usize)> = line_spans(body).collect();
    let mut i = 0;
    while i < lines.len() {
        let (s, e, next) = lines[i];
        let line = &body[s..e];
        let trimmed = line.trim();
        let setext = lines
            .get(i + 1)
            .is_some_and(|&(ns, ne, _)| is_setext_underline(&body[ns..ne]));
        if trimmed.is_empty() || is_comment_line(trimmed) {
            i += 1;
            continue;
        }
        if entries.is_empty() && (heading(line).is_some() || setext) {
            i += if setext { 2 } else { 1 };
            continue;
        }
        let Some((key_text, value, bullet)) = key_value(line) else {
            break;
        };
        let (key, vocabulary) = classify_key(key_text);
        if !bullet && vocabulary == Vocabulary::Unknown {
            break;
        }
        vocabularies.push(vocabulary);
        entries.push(Entry {
            key,
            value: value.to_string(),
            line: body_line + i,
            start: s,
            end: next,
        });
        i += 1;
    }
    if vocabularies.iter().all(|v| *v == Vocabulary::Unknown) {
        return (Vec::new(), Vec::new());
    }
    (entries, vocabularies)
}

fn is_setext_underline(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| c == '=')
}

fn is_comment_line(trimmed: &str) -> bool {
    trimmed.starts_with("<!--") && trimmed.ends_with("-->")
}

/// `* Status: accepted`, `- **Date**: 2020-01-31`, `**Deciders:** a, b`, `Date: 2020-01-31`
/// → (key, value, whether it was a bullet).
fn key_value(line: &str) -> Option<(&str, &str, bool)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let mut rest = line.trim();
    let bullet = rest.len() > 1 && rest.starts_with(['*', '-', '+']) && rest[1..].starts_with(' ');
    if bullet {
        rest = rest[1..].trim_start();
    }
    let colon = rest.find(':')?;
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
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'));
    plausible.then(|| (key, strip_comments(value).trim(), bullet))
}

/// Drop `<!-- … -->` comments (MADR templates end header lines with `<!-- optional -->`).
fn strip_comments(text: &str) -> &str {
    match text.find("<!--") {
        Some(i) => &text[..i],
        None => text,
    }
}

fn normalize_key(key: &str) -> String {
    key.to_lowercase()
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn classify_key(key: &str) -> (Key, Vocabulary) {
    use Vocabulary::{Madr, Rfc, Unknown};
    let key = normalize_key(key);
    if let Some(relation) = relation_of_phrase(&key) {
        return (Key::Relation(relation), Madr);
    }
    match key.as_str() {
        "status" | "state" => (Key::Status, Madr),
        "stage" => (Key::Status, Rfc),
        "date" | "created" | "date created" => (Key::Date, Madr),
        "start date" => (Key::Date, Rfc),
        "deciders" | "decision makers" | "decision maker" | "decided by" | "approvers" => {
            (Key::Deciders, Madr)
        }
        "consulted" => (Key::Consulted, Madr),
        "informed" => (Key::Informed, Madr),
        "tags" | "tag" | "labels" => (Key::Tags, Madr),
        "technical story" => (Key::Other, Madr),
        "feature name" | "rfc pr" | "rust issue" | "tracking issue" | "authors" | "author"
        | "champion" | "champions" | "shepherd" | "shepherds" | "rfc" | "pr" | "issue"
        | "discussion" | "implementation pr" | "teams" => (Key::Other, Rfc),
        _ => (Key::Other, Unknown),
    }
}

/// Relation phrases, longest first so `superseded by` is not read as `supersedes`.
const RELATION_PHRASES: [(&str, Relation); 13] = [
    ("superseded by", Relation::SupersededBy),
    ("superceded by", Relation::SupersededBy),
    ("replaced by", Relation::SupersededBy),
    ("amended by", Relation::AmendedBy),
    ("supersedes", Relation::Supersedes),
    ("supercedes", Relation::Supersedes),
    ("replaces", Relation::Supersedes),
    ("amends", Relation::Amends),
    ("relates to", Relation::RelatesTo),
    ("related to", Relation::RelatesTo),
    ("related", Relation::RelatesTo),
    ("see also", Relation::RelatesTo),
    ("links to", Relation::RelatesTo),
];

fn relation_of_phrase(key: &str) -> Option<Relation> {
    RELATION_PHRASES
        .iter()
        .find(|(phrase, _)| *phrase == key)
        .map(|(_, r)| *r)
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
            value: line.trim().to_string(),
            line: body_line + index,
            start: s,
            end: next,
        });
    }
    section.map(|range| (range, entries))
}

/// A status as written, cleaned: the lifecycle word, relations it names, a date it carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusText {
    /// Lower-case status word(s) before the alias table (`accepted`, `in progress`).
    pub word: Option<String>,
    /// Relations named in the text with their targets as written (`0003-x.md`, `ADR-0012`).
    pub links: Vec<(Relation, String)>,
    /// A date in the text (`Accepted on 2020-01-31`), as written.
    pub date: Option<String>,
}

/// Clean a status as people write it: `**Accepted**`, `✅ Accepted`, a shields.io badge,
/// `Accepted (2020-01-31)`, `superseded by ADR-0012`, `accepted; supersedes ADR-0004`,
/// `Superseded by [3. Title](0003-title.md)`.
pub fn clean_status(raw: &str) -> StatusText {
    let mut out = StatusText::default();
    let text = remove_comments(raw);
    let (text, badge_words) = take_images(&text);
    let (text, targets) = take_links(&text);
    let mut last_relation: Option<Relation> = None;
    for segment in text.split([';', ',', '|']) {
        let (segment, date) = take_date(segment);
        if out.date.is_none() {
            out.date = date;
        }
        let plain = plain_text(&segment);
        let lower = plain.to_lowercase();
        let phrase = RELATION_PHRASES.iter().find(|(p, _)| {
            lower.starts_with(p) && !lower[p.len()..].starts_with(|c: char| c.is_alphanumeric())
        });
        if let Some((p, relation)) = phrase {
            let refs = references(&plain[p.len()..], &targets);
            out.links.extend(refs.into_iter().map(|t| (*relation, t)));
            if *relation == Relation::SupersededBy && out.word.is_none() {
                out.word = Some("superseded".into());
            }
            last_relation = Some(*relation);
            continue;
        }
        let refs = references(&plain, &targets);
        if let Some(relation) = last_relation.filter(|_| !refs.is_empty() && is_only_refs(&plain)) {
            out.links.extend(refs.into_iter().map(|t| (relation, t)));
            continue;
        }
        let names_record = |t: &String| t.ends_with(".md") && target(t).is_some();
        if refs.iter().any(names_record) && marker_only(&plain) {
            // `Clarified by [4. X](0004-x.md)`-style custom adr-tools links: related records.
            out.links
                .extend(refs.into_iter().map(|t| (Relation::RelatesTo, t)));
            continue;
        }
        if out.word.is_none() {
            out.word = clean_word(&with_labels(&plain, &targets));
        }
    }
    if out.word.is_none() {
        out.word = badge_words.iter().find_map(|w| clean_word(w));
    }
    out
}

/// Placeholder for a Markdown link in a status: `\u{1}index\u{2}`.
const LINK_OPEN: char = '\u{1}';
const LINK_CLOSE: char = '\u{2}';

fn remove_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Remove `![alt](url)` and `<…>` tags; return the words a badge might carry (alt text, the
/// message of a shields.io URL).
fn take_images(text: &str) -> (String, Vec<String>) {
    let mut words = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let image = rest.find("![");
        let tag = rest.find('<');
        let start = match (image, tag) {
            (Some(i), Some(t)) => i.min(t),
            (Some(i), None) => i,
            (None, Some(t)) => t,
            (None, None) => break,
        };
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        if let Some(image) = after.strip_prefix("![") {
            let Some(close) = after.find("](") else {
                out.push_str("![");
                rest = image;
                continue;
            };
            let end = after[close..]
                .find(')')
                .map_or(after.len(), |e| close + e + 1);
            let alt = &after[2..close];
            let url = after[close + 2..end].trim_end_matches(')');
            words.push(alt.to_string());
            words.extend(badge_message(url));
            rest = &after[end..];
        } else {
            let end = after.find('>').map_or(after.len(), |e| e + 1);
            let tag = &after[..end];
            if tag.to_lowercase().starts_with("<img") {
                words.extend(attribute(tag, "alt"));
                words.extend(attribute(tag, "src").and_then(|src| badge_message(&src)));
            }
            out.push(' ');
            rest = &after[end..];
        }
    }
    out.push_str(rest);
    // A generic alt text (`status`, `badge`) says less than the badge's message.
    words.retain(|w| !matches!(w.trim().to_lowercase().as_str(), "" | "status" | "badge"));
    (out, words)
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[at..];
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let end = rest[1..].find(quote)?;
    Some(rest[1..1 + end].to_string())
}

/// `https://img.shields.io/badge/status-accepted-green` → `accepted`.
fn badge_message(url: &str) -> Option<String> {
    let path = url.split("badge/").nth(1)?;
    let path = path.split(['?', '#']).next()?.trim_end_matches(".svg");
    let parts: Vec<&str> = path.split('-').filter(|p| !p.is_empty()).collect();
    let message = match parts.len() {
        0 => return None,
        1 | 2 => parts[0].to_string(),
        n => parts[1..n - 1].join(" "),
    };
    Some(message.replace("%20", " ").replace('_', " "))
}

/// Replace `[label](target)` with a placeholder; return the targets.
fn take_links(text: &str) -> (String, Vec<(String, String)>) {
    let mut targets = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open..];
        let Some(close) = after.find("](") else {
            break;
        };
        let Some(end) = after[close..].find(')') else {
            break;
        };
        let label = &after[1..close];
        let target = &after[close + 2..close + end];
        out.push_str(&rest[..open]);
        out.push(LINK_OPEN);
        out.push_str(&targets.len().to_string());
        out.push(LINK_CLOSE);
        targets.push((label.to_string(), target.trim().to_string()));
        rest = &after[close + end + 1..];
    }
    out.push_str(rest);
    (out, targets)
}

/// Put link labels back in place of their placeholders.
fn with_labels(text: &str, targets: &[(String, String)]) -> String {
    let mut out = text.to_string();
    for (i, (label, _)) in targets.iter().enumerate() {
        out = out.replace(&format!("{LINK_OPEN}{i}{LINK_CLOSE}"), label);
    }
    out
}

/// Targets a relation header names (`* Superseded by: [ADR-0005](0005-x.md)`).
pub fn relation_targets(value: &str) -> Vec<String> {
    let (text, targets) = take_links(value);
    references(&text, &targets)
}

/// Record references in a relation's text: link targets, else `ADR-0012`, `#12`, `12`.
fn references(text: &str, targets: &[(String, String)]) -> Vec<String> {
    let mut refs = Vec::new();
    let mut without_links = String::new();
    let mut rest = text;
    while let Some(open) = rest.find(LINK_OPEN) {
        without_links.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find(LINK_CLOSE).unwrap_or(after.len());
        if let Some((_, target)) = after[..close]
            .parse::<usize>()
            .ok()
            .and_then(|i| targets.get(i))
        {
            refs.push(target.clone());
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    without_links.push_str(rest);
    let mut digits = String::new();
    for c in without_links.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !digits.is_empty() {
            refs.push(std::mem::take(&mut digits));
        }
    }
    refs
}

/// True when `text` holds nothing but references (`ADR-0013`, `and #14`, a link).
fn is_only_refs(text: &str) -> bool {
    let mut stripped = text.to_lowercase();
    for word in ["adr", "rfc", "and", "&"] {
        stripped = stripped.replace(word, " ");
    }
    stripped
        .chars()
        .all(|c| !c.is_alphabetic() || c == LINK_OPEN || c == LINK_CLOSE)
}

/// True when `text` is a phrase of at most three words and one link placeholder.
fn marker_only(text: &str) -> bool {
    let before = text.split(LINK_OPEN).next().unwrap_or("");
    text.contains(LINK_OPEN) && before.split_whitespace().count() <= 3
}

/// `text` without emphasis marks and emoji: what the words say.
fn plain_text(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() || c.is_ascii() || is_placeholder(c) {
                c
            } else {
                ' '
            }
        })
        .filter(|c| !matches!(c, '*' | '`' | '~'))
        .collect();
    remove_shortcodes(&cleaned).trim().to_string()
}

fn is_placeholder(c: char) -> bool {
    c == LINK_OPEN || c == LINK_CLOSE
}

/// Drop `:white_check_mark:`-style emoji shortcodes.
fn remove_shortcodes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let end = after.find(':');
        let is_code = end.is_some_and(|end| {
            end > 0
                && after[..end]
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_+-".contains(c))
        });
        out.push_str(&rest[..start]);
        match end {
            Some(end) if is_code => rest = &after[end + 1..],
            _ => {
                out.push(':');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The status word(s) of a segment: parenthesised asides, punctuation and connectors dropped.
fn clean_word(text: &str) -> Option<String> {
    let mut depth = 0usize;
    let mut kept = String::with_capacity(text.len());
    for c in plain_text(text).chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() || c == '-' => kept.extend(c.to_lowercase()),
            _ => kept.push(' '),
        }
    }
    let mut words: Vec<&str> = kept
        .split_whitespace()
        .map(|w| w.trim_matches('-'))
        .collect();
    words.retain(|w| !w.is_empty());
    while let Some(last) = words.last() {
        if matches!(*last, "on" | "since" | "at" | "in" | "of" | "as" | "date") {
            words.pop();
        } else {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Find a date in `segment` (one token, or three for `January 31, 2020`): the segment without
/// it, and the date as written.
fn take_date(segment: &str) -> (String, Option<String>) {
    let tokens: Vec<(usize, &str)> = segment
        .split_whitespace()
        .map(|t| (t.as_ptr() as usize - segment.as_ptr() as usize, t))
        .collect();
    for width in [3, 1] {
        for window in tokens.windows(width) {
            let start = window[0].0;
            let (last_at, last) = window[width - 1];
            let end = last_at + last.len();
            let candidate = segment[start..end].trim_matches(|c: char| "()[],*_`".contains(c));
            if normalize_date(candidate).is_some() {
                let rest = format!("{} {}", &segment[..start], &segment[end..]);
                return (rest, Some(candidate.to_string()));
            }
        }
    }
    (segment.to_string(), None)
}

/// A date in a known form as `YYYY-MM-DD`: `2020-01-31`, `2020-01-31T10:00:00Z`,
/// `31/01/2020` (day first unless the second part is above 12), `31.01.2020`, `2020/01/31`,
/// `January 31, 2020`, `31 Jan 2020`.
pub fn normalize_date(text: &str) -> Option<String> {
    use jiff::civil::Date;
    let t = text
        .trim()
        .trim_matches(|c: char| "()[]*_`\"'".contains(c))
        .trim();
    let format = |d: Date| Some(d.to_string());
    for pattern in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"] {
        if let Ok(d) = Date::strptime(pattern, t) {
            return format(d);
        }
    }
    // A timestamp: the calendar date it starts with.
    if t.len() > 10
        && t.is_char_boundary(10)
        && t[10..].starts_with(['T', 't', ' '])
        && let Ok(d) = Date::strptime("%Y-%m-%d", &t[..10])
    {
        return format(d);
    }
    if let Some(d) = day_month_year(t) {
        return format(d);
    }
    for pattern in [
        "%B %d, %Y",
        "%b %d, %Y",
        "%B %d %Y",
        "%b %d %Y",
        "%d %B %Y",
        "%d %b %Y",
    ] {
        if let Ok(d) = Date::strptime(pattern, t) {
            return format(d);
        }
    }
    None
}

/// `31/01/2020`, `31.01.2020`, `01-31-2020`: day first, month first when that is the only
/// reading.
fn day_month_year(text: &str) -> Option<jiff::civil::Date> {
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || a.is_empty() || b.is_empty() || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (a, b, y): (i8, i8, i16) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
    let (day, month) = if b > 12 { (b, a) } else { (a, b) };
    jiff::civil::Date::new(y, month, day).ok()
}

/// What a relation target names: a record number, or a file with no number yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Number(u32),
    File(String),
}

/// Read a target as written: `0003-title.md`, `../adr/0003-title.md#x`, `ADR-0012`, `12`,
/// `20200131-slug.md`.
pub fn target(text: &str) -> Option<Target> {
    let path = text.split(['#', '?']).next().unwrap_or(text).trim();
    let file = path.rsplit('/').next().unwrap_or(path);
    if file.to_lowercase().ends_with(".md") {
        if let Some(n) = name::number_from_file_name(file) {
            return Some(Target::Number(n));
        }
        if name::date_from_file_name(file).is_some() {
            return Some(Target::File(file.to_string()));
        }
    }
    name::reference_number(file).map(Target::Number)
}

/// People or tags from a header value: `a, b and c`, `[a, b]`.
pub fn list(value: &str) -> Vec<String> {
    let value = value.trim().trim_start_matches('[').trim_end_matches(']');
    value
        .split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_matches(['*', '_', '`', '"', '\'']).trim())
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(raw: &str) -> (Option<String>, Vec<(Relation, String)>, Option<String>) {
        let s = clean_status(raw);
        (s.word, s.links, s.date)
    }

    fn word(raw: &str) -> Option<String> {
        clean_status(raw).word
    }

    #[test]
    fn decoration_is_stripped() {
        assert_eq!(word("**Accepted**").as_deref(), Some("accepted"));
        assert_eq!(word("✅ Accepted").as_deref(), Some("accepted"));
        assert_eq!(
            word(":white_check_mark: ACCEPTED").as_deref(),
            Some("accepted")
        );
        assert_eq!(word("`proposed`").as_deref(), Some("proposed"));
        assert_eq!(
            word("Accepted <!-- optional -->").as_deref(),
            Some("accepted")
        );
        assert_eq!(word("In Progress 🚧").as_deref(), Some("in progress"));
        assert_eq!(word("Accepted (by the CTO)").as_deref(), Some("accepted"));
        assert_eq!(word(""), None);
    }

    #[test]
    fn badges_give_their_message() {
        assert_eq!(
            word("![status](https://img.shields.io/badge/status-accepted-green.svg)").as_deref(),
            Some("accepted")
        );
        assert_eq!(word("![Proposed](badge.png)").as_deref(), Some("proposed"));
        assert_eq!(
            word(r#"<img src="https://img.shields.io/badge/status-rejected-red" alt="status">"#)
                .as_deref(),
            Some("rejected")
        );
    }

    #[test]
    fn trailing_dates_are_taken_out() {
        assert_eq!(
            status("Accepted 2020-01-31"),
            (Some("accepted".into()), vec![], Some("2020-01-31".into()))
        );
        assert_eq!(
            status("Accepted on 31/01/2020"),
            (Some("accepted".into()), vec![], Some("31/01/2020".into()))
        );
        assert_eq!(
            status("Accepted (2020-01-31)"),
            (Some("accepted".into()), vec![], Some("2020-01-31".into()))
        );
        assert_eq!(
            word("Accepted, January 31, 2020").as_deref(),
            Some("accepted")
        );
    }

    #[test]
    fn relation_phrases_become_links() {
        assert_eq!(
            status("superseded by ADR-0012"),
            (
                Some("superseded".into()),
                vec![(Relation::SupersededBy, "0012".into())],
                None
            )
        );
        assert_eq!(
            status("accepted; supersedes ADR-0004"),
            (
                Some("accepted".into()),
                vec![(Relation::Supersedes, "0004".into())],
                None
            )
        );
        assert_eq!(
            status("Superseded by [3. Use X, not Y](0003-use-x.md)"),
            (
                Some("superseded".into()),
                vec![(Relation::SupersededBy, "0003-use-x.md".into())],
                None
            )
        );
        assert_eq!(
            status("Amended by [4. More](0004-more.md)").1,
            vec![(Relation::AmendedBy, "0004-more.md".into())]
        );
        assert_eq!(status("Amended by [4. More](0004-more.md)").0, None);
        assert_eq!(
            status("superseded by ADR-0012, ADR-0013").1,
            vec![
                (Relation::SupersededBy, "0012".into()),
                (Relation::SupersededBy, "0013".into())
            ]
        );
        assert_eq!(
            status("**Superseded** by [20200301-new](20200301-new.md)").1,
            vec![(Relation::SupersededBy, "20200301-new.md".into())]
        );
        assert_eq!(
            status("Clarified by [5. X](0005-x.md)").1,
            vec![(Relation::RelatesTo, "0005-x.md".into())]
        );
    }

    #[test]
    fn dates_in_known_forms_are_normalized() {
        for (raw, want) in [
            ("2020-01-31", "2020-01-31"),
            ("31/01/2020", "2020-01-31"),
            ("01/31/2020", "2020-01-31"),
            ("02/03/2020", "2020-03-02"),
            ("31.01.2020", "2020-01-31"),
            ("2020/01/31", "2020-01-31"),
            ("2020-01-31T10:00:00Z", "2020-01-31"),
            ("2020-01-31 10:00", "2020-01-31"),
            ("January 31, 2020", "2020-01-31"),
            ("31 Jan 2020", "2020-01-31"),
            ("2020-1-5", "2020-01-05"),
        ] {
            assert_eq!(normalize_date(raw).as_deref(), Some(want), "{raw}");
        }
        assert_eq!(normalize_date("last week"), None);
        assert_eq!(normalize_date("2020-13-45"), None);
    }

    #[test]
    fn targets() {
        assert_eq!(target("0003-x.md"), Some(Target::Number(3)));
        assert_eq!(target("../adr/0003-x.md#status"), Some(Target::Number(3)));
        assert_eq!(target("ADR-0012"), Some(Target::Number(12)));
        assert_eq!(
            target("20200131-x.md"),
            Some(Target::File("20200131-x.md".into()))
        );
        assert_eq!(target("https://example.com"), None);
    }

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
