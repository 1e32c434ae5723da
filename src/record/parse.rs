//! Text → [`Record`]: split the front matter, read it with serde-saphyr, find title and sections.
//!
//! Never fails: what cannot be read becomes a [`Problem`] on the record, so `check` can report
//! every issue and `list` still shows the record.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use super::legacy::{self, BodyHeader, Key, Target};
use super::model::{Field, Format, FrontMatter, Link, Problem, Record, Relation, Section};
use super::{field, name};
use crate::config::Config;

/// Where the front matter sits in a file's text (after any BOM).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML between the fences.
    pub yaml_start: usize,
    pub yaml_end: usize,
    /// Byte offset where the body begins (after the closing fence's line ending).
    pub body_start: usize,
    /// 1-based lines of the two fences.
    pub start_line: usize,
    pub end_line: usize,
}

/// The outcome of looking for front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterSpan {
    None,
    /// Opened with `---` but never closed.
    Unclosed,
    Found(Split),
}

/// Each line of `text` as (start, end without line ending, end with line ending).
pub fn line_spans(text: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let (content_end, next) = match text[start..].find('\n') {
            Some(i) => (start + i, start + i + 1),
            None => (text.len(), text.len()),
        };
        let content_end = if text[start..content_end].ends_with('\r') {
            content_end - 1
        } else {
            content_end
        };
        pos = next;
        Some((start, content_end, next))
    })
}

/// Find the `---` fenced block at the very top of `text`.
pub fn split_front_matter(text: &str) -> FrontMatterSpan {
    let mut lines = line_spans(text);
    match lines.next() {
        Some((s, e, _)) if text[s..e].trim_end() == "---" => {}
        _ => return FrontMatterSpan::None,
    }
    let yaml_start = line_spans(text).next().map(|(_, _, n)| n).unwrap_or(0);
    for (index, (s, e, next)) in lines.enumerate() {
        let line = text[s..e].trim_end();
        if line == "---" || line == "..." {
            return FrontMatterSpan::Found(Split {
                yaml_start,
                yaml_end: s,
                body_start: next,
                start_line: 1,
                end_line: index + 2,
            });
        }
    }
    FrontMatterSpan::Unclosed
}

/// Top-level keys of a YAML mapping with the 1-based line each stands on (`first_line` is the
/// line of the YAML's first line). A line-level scan, so positions survive what serde drops.
pub fn top_level_keys(yaml: &str, first_line: usize) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    for (index, (s, e, _)) in line_spans(yaml).enumerate() {
        if let Some(key) = key_of_line(&yaml[s..e]) {
            keys.push((key, first_line + index));
        }
    }
    keys
}

/// The key a top-level `key: value` line defines, if it is one.
pub fn key_of_line(line: &str) -> Option<String> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '#' | '-' | '[' | '{' | '}' | ']') {
        return None;
    }
    if let Some(quote @ ('"' | '\'')) = line.chars().next() {
        let close = line[1..].find(quote)? + 1;
        let rest = line[close + 1..].trim_start();
        return rest.starts_with(':').then(|| line[1..close].to_string());
    }
    let colon = find_key_colon(line)?;
    Some(line[..colon].trim_end().to_string())
}

/// Position of the `:` that ends a plain key: followed by space or end of line.
fn find_key_colon(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ' || bytes[i + 1] == b'\t')
    })
}

/// Parse a record file. `bytes` may hold anything; problems are recorded, never raised.
pub fn parse(path: PathBuf, bytes: &[u8], config: &Config) -> Record {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut problems = Vec::new();
    let text = decode(bytes, &mut problems);
    let (front_matter, map, body_start, body_line) = read_front_matter(&text, &mut problems);
    let body = text[body_start..].to_string();
    let (title, title_line, sections) = read_body(&body, body_line);
    let mut record = Record {
        number: name::number_from_file_name(&file_name),
        path,
        file_name,
        format: Format::Native,
        kind: "adr".to_string(),
        status: None,
        status_raw: None,
        title,
        title_line,
        date: None,
        date_raw: None,
        decision_makers: Vec::new(),
        consulted: Vec::new(),
        informed: Vec::new(),
        deadline: None,
        decided: None,
        review_by: None,
        tags: Vec::new(),
        governs: Vec::new(),
        relations: BTreeMap::new(),
        links: Vec::new(),
        front_matter,
        body,
        body_line,
        sections,
        problems,
    };
    if record.front_matter.is_some() {
        apply_fields(&mut record, &map, config);
        record.format = front_matter_format(&record, &map);
        if record.format == Format::RfcFrontMatter {
            apply_rfc_fields(&mut record, &map, config);
        }
    } else {
        let header = legacy::read_body_header(&record.body, body_line, &record.file_name);
        apply_header(&mut record, &header, config);
    }
    if record.title.is_none() {
        record.title = map.get("title").and_then(scalar);
    }
    if let Some(title) = &record.title {
        record.title = Some(strip_number_prefix(title, record.number).to_string());
    }
    record
}

/// Text of the file: a BOM is dropped, invalid UTF-8 is replaced and reported.
fn decode(bytes: &[u8], problems: &mut Vec<Problem>) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(err) => {
            let line = bytes[..err.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            problems.push(Problem {
                rule: "invalid-encoding",
                line,
                column: 1,
                message: "the file is not valid UTF-8".into(),
                help: "save the file as UTF-8".into(),
            });
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

type FrontMatterParts = (
    Option<FrontMatter>,
    serde_json::Map<String, Value>,
    usize,
    usize,
);

fn read_front_matter(text: &str, problems: &mut Vec<Problem>) -> FrontMatterParts {
    let split = match split_front_matter(text) {
        FrontMatterSpan::None => return (None, Default::default(), 0, 1),
        FrontMatterSpan::Unclosed => {
            problems.push(Problem {
                rule: "front-matter-syntax",
                line: 1,
                column: 1,
                message: "front matter opened with `---` on line 1 is never closed".into(),
                help: "add a line `---` after the last front-matter field".into(),
            });
            return (None, Default::default(), 0, 1);
        }
        FrontMatterSpan::Found(split) => split,
    };
    let yaml = &text[split.yaml_start..split.yaml_end];
    let keys = top_level_keys(yaml, split.start_line + 1);
    let map = parse_yaml(yaml, split.start_line, problems);
    let fields = keys
        .into_iter()
        .map(|(key, line)| Field {
            value: map.get(&key).cloned().unwrap_or(Value::Null),
            key,
            line,
        })
        .collect();
    let front_matter = FrontMatter {
        start_line: split.start_line,
        end_line: split.end_line,
        fields,
    };
    (
        Some(front_matter),
        map,
        split.body_start,
        split.end_line + 1,
    )
}

/// Read the YAML with serde-saphyr's default budgets (which stop alias bombs and deep nesting).
fn parse_yaml(
    yaml: &str,
    fence_line: usize,
    problems: &mut Vec<Problem>,
) -> serde_json::Map<String, Value> {
    if yaml.trim().is_empty() {
        return Default::default();
    }
    match serde_saphyr::from_str::<Value>(yaml) {
        Ok(Value::Object(map)) => map,
        Ok(Value::Null) => Default::default(),
        Ok(_) => {
            problems.push(Problem {
                rule: "front-matter-syntax",
                line: fence_line + 1,
                column: 1,
                message: "front matter is not a list of `key: value` fields".into(),
                help: "write one `key: value` per line between the `---` fences".into(),
            });
            Default::default()
        }
        Err(err) => {
            let (line, column) = err
                .location()
                .map(|loc| (loc.line() as usize, loc.column() as usize))
                .unwrap_or((1, 1));
            let message = yaml_reason(&err.to_string());
            problems.push(Problem {
                rule: "front-matter-syntax",
                line: fence_line + line.max(1),
                column: column.max(1),
                message: format!("front matter is not valid YAML: {message}"),
                help: "fix the YAML; values with `:`, `@` or `#` need quotes, e.g. decision-maker: \"@sam\"".into(),
            });
            line_values(yaml)
        }
    }
}

/// What can still be read from front matter that is not valid YAML: each top-level
/// `key: value` line as a string, so `list` shows the status of a record with a YAML typo.
fn line_values(yaml: &str) -> serde_json::Map<String, Value> {
    let mut map = serde_json::Map::new();
    for line in yaml.lines() {
        let (Some(key), Some(colon)) = (key_of_line(line), find_key_colon(line)) else {
            continue;
        };
        let value = line[colon + 1..].trim().trim_matches(['"', '\'']).trim();
        if !value.is_empty() && !map.contains_key(&key) {
            map.insert(key, Value::String(value.to_string()));
        }
    }
    map
}

/// The YAML error's reason without its own `error: line N column M:` prefix, which counts
/// from the fence rather than the file and would contradict the position we report.
fn yaml_reason(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match first
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((position, reason)) if position.contains("column") => reason.to_string(),
        _ => first.to_string(),
    }
}

/// Title (first H1), its line, and the `##` sections of the body.
fn read_body(body: &str, body_line: usize) -> (Option<String>, Option<usize>, Vec<Section>) {
    let mut title = None;
    let mut title_line = None;
    let mut sections: Vec<Section> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut previous: Option<(usize, &str)> = None;
    for (index, (s, e, _)) in line_spans(body).enumerate() {
        let line = &body[s..e];
        let number = body_line + index;
        if let Some(marker) = fence {
            if line.trim_start().starts_with(marker) {
                fence = None;
            }
            push_content(&mut sections, line);
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            push_content(&mut sections, line);
            continue;
        }
        match heading(line) {
            Some((1, text)) if title.is_none() => {
                title = Some(text.to_string());
                title_line = Some(number);
            }
            Some((2, text)) => sections.push(Section {
                heading: text.to_string(),
                line: number,
                content: String::new(),
            }),
            _ if title.is_none() && is_setext_h1(line) => {
                if let Some((prev_number, prev)) = previous.filter(|(_, p)| !p.trim().is_empty()) {
                    title = Some(prev.trim().to_string());
                    title_line = Some(prev_number);
                }
            }
            _ => push_content(&mut sections, line),
        }
        previous = Some((number, line));
    }
    (title, title_line, sections)
}

fn push_content(sections: &mut [Section], line: &str) {
    if let Some(section) = sections.last_mut() {
        section.content.push_str(line);
        section.content.push('\n');
    }
}

fn is_setext_h1(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| c == '=')
}

/// An ATX heading's level and text (`## Context` → (2, "Context")).
pub fn heading(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let level = trimmed.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &trimmed[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    Some((level, text))
}

fn apply_fields(record: &mut Record, map: &serde_json::Map<String, Value>, config: &Config) {
    if let Some(kind) = map.get("kind").and_then(scalar) {
        record.kind = kind.to_lowercase();
    }
    let status_line = record.field("status").map_or(1, |f| f.line);
    if let Some(status) = map.get("status").and_then(scalar) {
        apply_status(record, &status, status_line, config);
    }
    if let Some(date) = map.get("date").and_then(scalar) {
        apply_date(record, &date);
    }
    record.deadline = map.get("deadline").and_then(scalar);
    if let Some(decided) = map.get("decided").and_then(scalar) {
        record.decided = Some(decided);
    }
    record.review_by = map.get("review-by").and_then(scalar);
    for key in field::names("decision-maker") {
        if let Some(value) = map.get(key) {
            record.decision_makers.extend(strings(value));
        }
    }
    record.consulted = map.get("consulted").map(strings).unwrap_or_default();
    record.informed = map.get("informed").map(strings).unwrap_or_default();
    record.tags = map.get("tags").map(strings).unwrap_or_default();
    record.governs = map.get("governs").map(globs).unwrap_or_default();
    for relation in Relation::ALL {
        if let Some(value) = map.get(relation.key()) {
            let numbers = numbers(value);
            if !numbers.is_empty() {
                record.relations.insert(relation, numbers);
            }
        }
    }
}

/// Front matter that `migrate` would rewrite is MADR's (or an RFC process's); see [`Format`].
fn front_matter_format(record: &Record, map: &serde_json::Map<String, Value>) -> Format {
    let has = |key: &str| map.contains_key(key) || record.field(key).is_some();
    if !has("status")
        && ["stage", "start-date", "feature-name", "rfc-pr"]
            .iter()
            .any(|k| has(k))
    {
        return Format::RfcFrontMatter;
    }
    let madr_people = !has("decision-maker") && (has("deciders") || has("decision-makers"));
    let status_needs_cleaning = record.status_raw.as_deref().is_some_and(|raw| {
        let cleaned = legacy::clean_status(raw);
        cleaned.word != Some(raw.trim().to_lowercase())
            || !cleaned.links.is_empty()
            || cleaned.date.is_some()
    });
    let date_needs_cleaning = record.date_raw != record.date;
    if madr_people || status_needs_cleaning || date_needs_cleaning {
        Format::MadrFrontMatter
    } else {
        Format::Native
    }
}

/// RFC front matter names its fields differently: `stage` is the status, `start-date` the date.
fn apply_rfc_fields(record: &mut Record, map: &serde_json::Map<String, Value>, config: &Config) {
    if !map.contains_key("kind") {
        record.kind = "rfc".into();
    }
    let stage_line = record.field("stage").map_or(1, |f| f.line);
    if let Some(stage) = map.get("stage").or(map.get("state")).and_then(scalar) {
        apply_status(record, &stage, stage_line, config);
    }
    if record.date.is_none()
        && let Some(date) = map.get("start-date").and_then(scalar)
    {
        apply_date(record, &date);
    }
}

/// Status text from any format: cleaned, mapped through the alias table, relations it names
/// added. The first text that holds a status word sets `status_raw`; later ones only add links.
fn apply_status(record: &mut Record, raw: &str, line: usize, config: &Config) {
    let cleaned = legacy::clean_status(raw);
    for (relation, text) in &cleaned.links {
        add_relation(record, *relation, text, line);
    }
    if record.status.is_some() {
        return;
    }
    if let Some(word) = cleaned.word {
        let status = canonical_status(config, &word);
        let decided = matches!(status.as_str(), "accepted" | "rejected");
        if let (true, None, Some(date)) = (decided, &record.decided, &cleaned.date) {
            record.decided = legacy::normalize_date(date);
        }
        record.status = Some(status);
        record.status_raw = Some(raw.trim().to_string());
    }
}

/// The alias table, also under the spaced spelling (`ready-for-release` → `ready for release`).
fn canonical_status(config: &Config, word: &str) -> String {
    let canonical = config.canonical_status(word);
    if canonical == word && word.contains(['-', '_']) {
        let spaced = word.replace(['-', '_'], " ");
        let mapped = config.canonical_status(&spaced);
        if mapped != spaced {
            return mapped;
        }
    }
    canonical
}

fn add_relation(record: &mut Record, relation: Relation, text: &str, line: usize) {
    match legacy::target(text) {
        Some(Target::Number(n)) => {
            let numbers = record.relations.entry(relation).or_default();
            if !numbers.contains(&n) {
                numbers.push(n);
            }
        }
        Some(Target::File(target)) => record.links.push(Link {
            relation,
            target,
            line,
        }),
        None => {}
    }
}

fn apply_date(record: &mut Record, raw: &str) {
    let raw = raw.trim();
    record.date = Some(legacy::normalize_date(raw).unwrap_or_else(|| raw.to_string()));
    record.date_raw = Some(raw.to_string());
}

/// Fields of a record without front matter, from its header lines or adr-tools status section.
fn apply_header(record: &mut Record, header: &BodyHeader, config: &Config) {
    record.format = header.format;
    for entry in &header.entries {
        let value = entry.value.as_str();
        match entry.key {
            Key::Status => apply_status(record, value, entry.line, config),
            Key::Date if record.date.is_none() && !value.is_empty() => apply_date(record, value),
            Key::Deciders => record.decision_makers.extend(legacy::list(value)),
            Key::Consulted => record.consulted.extend(legacy::list(value)),
            Key::Informed => record.informed.extend(legacy::list(value)),
            Key::Tags => record.tags.extend(legacy::list(value)),
            Key::Relation(relation) => {
                for target in legacy::relation_targets(value) {
                    add_relation(record, relation, &target, entry.line);
                }
            }
            Key::Date | Key::Other => {}
        }
    }
    if record.date.is_none()
        && let Some(date) = name::date_from_file_name(&record.file_name)
    {
        record.date = Some(date);
    }
    if matches!(header.format, Format::RfcBullets) {
        record.kind = "rfc".into();
        // Rust-style RFCs open with the bullets, then `# Summary`: that H1 is a section.
        if let (Some(title), Some(first)) = (record.title_line, header.header_line)
            && title > first
        {
            record.title = None;
            record.title_line = None;
        }
    }
}

/// `1. Use X` (adr-tools), `ADR-0001: Use X`, `RFC 1 - Use X` → `Use X`, when the number is
/// the record's own.
fn strip_number_prefix(title: &str, number: Option<u32>) -> &str {
    let Some(number) = number else {
        return title;
    };
    let mut rest = title;
    let mut prefixed = false;
    for prefix in ["ADR", "RFC", "adr", "rfc", "#"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim_start_matches(['-', ' ']);
            prefixed = true;
            break;
        }
    }
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if digits == 0 || rest[..digits].parse::<u32>().ok() != Some(number) {
        return title;
    }
    let after = &rest[digits..];
    let separated = after.starts_with(['.', ':'])
        || ["-", "–", "—"]
            .iter()
            .any(|d| after.trim_start().starts_with(d))
        || (prefixed && after.starts_with(' '));
    let stripped = after
        .trim_start()
        .trim_start_matches(['.', ':', '-', '–', '—'])
        .trim_start();
    if separated && !stripped.is_empty() {
        stripped
    } else {
        title
    }
}

/// A scalar value as text (strings, numbers, booleans); `None` for null, lists and maps.
pub fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of strings from a list, a single value, or a comma-separated string (MADR's deciders).
pub fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other)
            .map(|s| {
                s.split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Globs from a list or a single string; never split at commas (`src/{a,b}/**` is one glob),
/// and an empty one is kept for `check` to report.
fn globs(value: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_string()),
        other => scalar(other),
    };
    match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        Value::Null => Vec::new(),
        other => one(other).into_iter().collect(),
    }
}

/// Record numbers from `3`, `"0003"`, `"ADR-0003"`, or a list of those.
pub fn numbers(value: &Value) -> Vec<u32> {
    match value {
        Value::Array(items) => items.iter().filter_map(number).collect(),
        other => number(other).into_iter().collect(),
    }
}

fn number(value: &Value) -> Option<u32> {
    match value {
        // YAML reads `[0007]` as the float 7.0 (a leading zero is not an integer there).
        Value::Number(n) => n
            .as_u64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                    .map(|f| f as u64)
            })
            .and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => name::reference_number(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Record {
        parse(
            PathBuf::from("0003-x.md"),
            text.as_bytes(),
            &Config::default(),
        )
    }

    #[test]
    fn reads_fields_with_lines() {
        let r = parse_text(
            "---\nstatus: Proposed\ndecision-maker: \"@sam\"\nsupersedes: [1, \"0002\"]\ncustom: 1\n---\n# Title\n\n## Context\n\ntext\n",
        );
        assert_eq!(r.number, Some(3));
        assert_eq!(r.status.as_deref(), Some("proposed"));
        assert_eq!(r.status_raw.as_deref(), Some("Proposed"));
        assert_eq!(r.decision_makers, vec!["@sam"]);
        assert_eq!(r.related(Relation::Supersedes), &[1, 2]);
        assert_eq!(r.field("custom").unwrap().line, 5);
        assert_eq!(r.title.as_deref(), Some("Title"));
        assert_eq!(r.title_line, Some(7));
        assert_eq!(r.sections[0].heading, "Context");
        assert_eq!(r.sections[0].line, 9);
        assert_eq!(r.sections[0].content.trim(), "text");
        assert!(r.problems.is_empty());
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let r = parse_text("\u{feff}---\r\nstatus: accepted\r\n---\r\n# T\r\n");
        assert_eq!(r.status.as_deref(), Some("accepted"));
        assert_eq!(r.title.as_deref(), Some("T"));
    }

    #[test]
    fn yaml_error_has_file_line() {
        let r = parse_text("---\nstatus: accepted\ndecision-maker: @sam\n---\n# T\n");
        let p = &r.problems[0];
        assert_eq!(p.rule, "front-matter-syntax");
        assert_eq!(p.line, 3, "{p:?}");
    }

    #[test]
    fn invalid_yaml_is_a_problem_but_status_is_still_read() {
        let r = parse_text("---\nstatus: Accepted\ndecision-makers: @sam\n---\n# T\n");
        assert_eq!(r.problems[0].rule, "front-matter-syntax");
        assert_eq!(r.status.as_deref(), Some("accepted"));
        assert_eq!(r.decision_makers, ["@sam"]);
    }

    #[test]
    fn status_phrases_in_front_matter_become_relations() {
        let r = parse_text("---\nstatus: superseded by ADR-0012\ndeciders: [a]\n---\n# T\n");
        assert_eq!(r.status.as_deref(), Some("superseded"));
        assert_eq!(r.status_raw.as_deref(), Some("superseded by ADR-0012"));
        assert_eq!(r.related(Relation::SupersededBy), &[12]);
        assert_eq!(r.format, Format::MadrFrontMatter);
    }

    #[test]
    fn number_prefix_of_the_title_is_dropped_when_it_is_the_records() {
        assert_eq!(strip_number_prefix("3. Use X", Some(3)), "Use X");
        assert_eq!(strip_number_prefix("ADR-0003: Use X", Some(3)), "Use X");
        assert_eq!(strip_number_prefix("ADR 3 Use X", Some(3)), "Use X");
        assert_eq!(strip_number_prefix("3 - Use X", Some(3)), "Use X");
        assert_eq!(strip_number_prefix("3. Use X", Some(4)), "3. Use X");
        assert_eq!(
            strip_number_prefix("3 phase commit", Some(3)),
            "3 phase commit"
        );
        assert_eq!(strip_number_prefix("2020. A year", None), "2020. A year");
    }

    #[test]
    fn native_records_stay_native() {
        let r =
            parse_text("---\nstatus: Proposed\ndate: 2026-03-04\ndecision-maker: a\n---\n# T\n");
        assert_eq!(r.format, Format::Native);
        let r = parse_text("---\nstatus: accepted\ndate: 31/01/2020\n---\n# T\n");
        assert_eq!(r.format, Format::MadrFrontMatter);
        assert_eq!(r.date.as_deref(), Some("2020-01-31"));
        assert_eq!(r.date_raw.as_deref(), Some("31/01/2020"));
    }

    #[test]
    fn unclosed_front_matter_is_a_problem() {
        let r = parse_text("---\nstatus: accepted\n# T\n");
        assert_eq!(r.problems[0].rule, "front-matter-syntax");
    }

    #[test]
    fn headings_in_code_fences_are_not_sections() {
        let r = parse_text("# T\n## A\n```\n## not\n```\n## B\n");
        let names: Vec<_> = r.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
    }

    #[test]
    fn setext_title() {
        let r = parse_text("My title\n========\n\ntext\n");
        assert_eq!(r.title.as_deref(), Some("My title"));
    }
}
