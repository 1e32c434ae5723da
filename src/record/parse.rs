//! Text → [`Record`]: split the front matter, read it with serde-saphyr, find title and sections.
//!
//! Never fails: what cannot be read becomes a [`Problem`] on the record, so `check` can report
//! every issue and `list` still shows the record.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use super::header::{self, BodyHeader, Key};
use super::model::{Field, Format, FrontMatter, Link, Problem, Record, Relation, Section};
use super::normalize::{self, Target};
use super::text::{
    FrontMatterSpan, heading, is_setext_h2_underline, is_setext_underline, key_colon, key_of_line,
    line_spans, split_front_matter, strip_trailing_comment, top_level_keys,
};
use super::{family, field, name};
use crate::config::Config;

/// Parse a record file. `bytes` may hold anything; problems are recorded, never raised.
pub fn parse(path: PathBuf, bytes: &[u8], config: &Config) -> Record {
    parse_with_sidecar(path, bytes, None, config)
}

/// Parse a record whose metadata may sit in a sidecar file beside it (KEP's `kep.yaml` next
/// to `README.md`). The sidecar's fields are read as front matter would be; they are not the
/// file's front matter, so edits and the front-matter rules leave them alone.
pub fn parse_with_sidecar(
    path: PathBuf,
    bytes: &[u8],
    sidecar: Option<&[u8]>,
    config: &Config,
) -> Record {
    let mut problems = Vec::new();
    let text = decode(bytes, &mut problems);
    let (front_matter, mut map, body_start, body_line) = read_front_matter(&text, &mut problems);
    if front_matter.is_none()
        && let Some(sidecar) = sidecar
    {
        map = read_sidecar(sidecar, &mut problems);
    }
    let body = text[body_start..].to_string();
    let mut record = new_record(path, body, body_line, front_matter, problems);
    if !map.is_empty() || record.front_matter.is_some() {
        record.format = family_of_keys(&map, sidecar.is_some());
        apply_fields(&mut record, &map, config);
        if record.format == Format::Native {
            record.format = front_matter_format(&record, &map);
        }
        if record.format == Format::RfcFrontMatter {
            apply_rfc_fields(&mut record, &map, config);
        }
    }
    if record.status.is_none() {
        // No front matter, or one that leaves the status to the body (a docs site's
        // `title:` / `nav_order:` over an adr-tools body).
        let header = header::read_body_header(&record.body, body_line, &record.file_name);
        if record.front_matter.is_none() || header.first(Key::Status).is_some() {
            apply_header(&mut record, &header, config);
        }
    }
    if record.format == Format::Native && record.status.is_none() && is_docs_page(&map) {
        // A docs site's front matter (`id`, `title`, `sidebar_position`) over a body that
        // states nothing: a page named like a record, not a native record missing fields.
        record.format = Format::Plain;
    }
    if record.format != Format::Native {
        links_section(&mut record);
    }
    finish(&mut record, &map, config);
    record
}

/// Front matter that only places and names a page: a docs generator's keys, a title.
fn is_docs_page(map: &serde_json::Map<String, Value>) -> bool {
    let page_key = |k: &String| k == "title" || family::is_docs_site_key(k);
    map.keys().any(page_key)
        && map
            .keys()
            .all(|k| page_key(k) || matches!(k.as_str(), "description" | "tags" | "date"))
}

/// MADR's `## Links` section: each bullet naming a relation (`* Supersedes [ADR-0003](…)`,
/// `* Refined by [4. X](0004-x.md)`) is read as that relation. Native records keep their
/// relations in front matter only.
fn links_section(record: &mut Record) {
    let Some(section) = record
        .sections
        .iter()
        // MADR's template writes `## Links <!-- optional -->`.
        .find(|s| {
            strip_trailing_comment(&s.heading)
                .trim()
                .eq_ignore_ascii_case("links")
        })
    else {
        return;
    };
    let line = section.line;
    let found: Vec<(Relation, String)> = section
        .content
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix(['*', '-']))
        .flat_map(|l| normalize::clean_status(l).links)
        .collect();
    for (relation, target) in found {
        add_relation(record, relation, &target, line);
    }
}

/// The sidecar's fields; YAML it cannot read is reported on the record, naming the sidecar
/// and its line (the record's own lines are the README's).
fn read_sidecar(sidecar: &[u8], problems: &mut Vec<Problem>) -> serde_json::Map<String, Value> {
    let mut found = Vec::new();
    let map = parse_yaml(&String::from_utf8_lossy(sidecar), 0, &mut found);
    problems.extend(found.into_iter().map(|p| Problem {
        message: format!(
            "the `{}` beside it, line {}: {}",
            family::SIDECAR,
            p.line,
            p.message
        ),
        line: 1,
        column: 1,
        ..p
    }));
    map
}

/// A record with what the file name and the body say; fields come later.
fn new_record(
    path: PathBuf,
    body: String,
    body_line: usize,
    front_matter: Option<FrontMatter>,
    problems: Vec<Problem>,
) -> Record {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let namespace = name::namespaced(&name::record_name(&path)).map(|n| n.0);
    let (title, title_line, sections) = read_body(&body, body_line);
    Record {
        number: name::number_of_path(&path),
        namespace,
        id: None,
        path,
        file_name,
        format: Format::Native,
        kind: "adr".to_string(),
        status: None,
        status_raw: None,
        status_text: None,
        title,
        title_line,
        date: None,
        date_raw: None,
        decision_makers: Vec::new(),
        authors: Vec::new(),
        consulted: Vec::new(),
        informed: Vec::new(),
        responsible: Vec::new(),
        action_items: super::actions::read(&sections),
        deadline: None,
        decided: None,
        review_by: None,
        tags: Vec::new(),
        governs: Vec::new(),
        relations: BTreeMap::new(),
        extra: BTreeMap::new(),
        links: Vec::new(),
        front_matter,
        body,
        body_line,
        sections,
        problems,
    }
}

/// The process family front matter (or a sidecar) belongs to, by the keys only it writes.
fn family_of_keys(map: &serde_json::Map<String, Value>, sidecar: bool) -> Format {
    if map.contains_key("eip") || map.contains_key("erc") {
        Format::Eip
    } else if sidecar || is_kep_shaped(map) {
        Format::Kep
    } else {
        Format::Native
    }
}

/// Another tool's ADR written as a `Draft`: the ADR lifecycle has no draft, its open state
/// is where such a record stands (the raw text still says Draft).
fn drafts_are_proposed(record: &mut Record, config: &Config) {
    let Some(kind) = config.kind(&record.kind) else {
        return;
    };
    let draft = record.status.as_deref() == Some("draft");
    if draft && family::tool(record.format).is_some() && !kind.has_status("draft") {
        record.status = Some(kind.initial.clone());
    }
}

/// KEP metadata in the record's own front matter (an old single-file KEP, OpenShift's
/// enhancements): its number key or owning SIG, or approvers with a `creation-date`, which
/// MADR's `decision-makers` / `date` never write.
fn is_kep_shaped(map: &serde_json::Map<String, Value>) -> bool {
    map.contains_key("kep-number")
        || map.contains_key("owning-sig")
        || (map.contains_key("approvers") && map.contains_key("creation-date"))
}

/// What every format shares once its fields are read: the family's kind, the id, the title.
fn finish(record: &mut Record, map: &serde_json::Map<String, Value>, config: &Config) {
    if let Some(family) = family::of(record.format) {
        if !map.contains_key("kind") {
            record.kind = family.kind.to_string();
        }
        apply_family_id(record, family, map);
    }
    if record.status.is_none()
        && let Some(status) = &config.default_status
    {
        record.status = Some(config.canonical_status(status));
    }
    drafts_are_proposed(record, config);
    if record.id.is_none()
        && let (Some(prefix), Some(n)) = (&record.namespace, record.number)
    {
        record.id = Some(format!("{prefix}-{n}"));
    }
    let given = map.get("title").and_then(scalar);
    let generic = record.title.as_deref().is_none_or(is_generic_heading);
    // A docs site's front matter over an adr-tools body names the page: its title wins.
    let hybrid = record.front_matter.is_some() && record.format == Format::AdrTools;
    if let Some(title) = given.filter(|_| generic || hybrid) {
        record.title = Some(title);
    } else if family::of(record.format).is_some()
        && record.title.as_deref().is_some_and(is_generic_heading)
    {
        record.title = None;
    }
    if let Some(title) = &record.title {
        let prefix = record.namespace.as_deref();
        record.title = Some(strip_id_prefix(title, record.number, prefix).to_string());
    }
}

/// The number a family's own key states (`eip: 1559`, `kep-number: 1234`), namespaced by
/// the family's prefix; the key is the id, so it is not shown again among the extra keys.
fn apply_family_id(
    record: &mut Record,
    family: &family::Family,
    map: &serde_json::Map<String, Value>,
) {
    let Some((key, prefix)) = family.id else {
        return;
    };
    let Some(n) = map.get(key).and_then(number) else {
        if record.number.is_some() && record.namespace.is_none() {
            record.namespace = Some(prefix.to_string());
        }
        return;
    };
    record.extra.remove(key);
    record.number = Some(n);
    record.namespace = Some(prefix.to_string());
}

/// A first heading that names a section, not the record (`# Summary`, `Abstract\n====`).
fn is_generic_heading(title: &str) -> bool {
    const GENERIC: [&str; 7] = [
        "summary",
        "abstract",
        "motivation",
        "introduction",
        "overview",
        "table of contents",
        "preamble",
    ];
    GENERIC.contains(&title.trim().to_lowercase().as_str())
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
        let (Some(key), Some(colon)) = (key_of_line(line), key_colon(line)) else {
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
    let mut run = Run::default();
    let mut fence: Option<&str> = None;
    let mut previous: Option<(usize, &str)> = None;
    let mut text_lines = 0;
    for (index, (s, e, next)) in line_spans(body).enumerate() {
        let line = &body[s..e];
        let number = body_line + index;
        if let Some(marker) = fence {
            if line.trim_start().starts_with(marker) {
                fence = None;
            }
            run.take(&sections, s, next);
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            run.take(&sections, s, next);
            continue;
        }
        match heading(line) {
            Some((1, text)) if title.is_none() => {
                run.flush(&mut sections, body);
                title = Some(text.to_string());
                title_line = Some(number);
            }
            // A second H1 (`# Context and Problem Statement` under the title) is a part too.
            Some((level, text)) if level == 2 || (level == 1 && title.is_some()) => {
                run.flush(&mut sections, body);
                sections.push(Section {
                    heading: text.to_string(),
                    line: number,
                    content: String::new(),
                });
            }
            _ if title.is_none()
                && (is_setext_underline(line)
                    || (text_lines == 1
                        && sections.is_empty()
                        && is_setext_h2_underline(line))) =>
            {
                run.flush(&mut sections, body);
                if let Some((prev_number, prev)) = previous.filter(|(_, p)| !p.trim().is_empty()) {
                    title = Some(prev.trim().to_string());
                    title_line = Some(prev_number);
                }
            }
            _ => run.take(&sections, s, next),
        }
        text_lines += usize::from(!line.trim().is_empty());
        previous = Some((number, line));
    }
    run.flush(&mut sections, body);
    (title, title_line, sections)
}

/// Consecutive body lines that belong to the last section, copied into its content in one
/// piece: a section's text is most of a record, and copying it line by line took a quarter
/// of `list`'s time (issue 15). Content lines end in `\n` whatever the file's line endings.
#[derive(Default)]
struct Run {
    span: Option<(usize, usize)>,
}

impl Run {
    /// Add the line at `start..next` (line ending included); lines before the first section
    /// belong to none.
    fn take(&mut self, sections: &[Section], start: usize, next: usize) {
        if sections.is_empty() {
            return;
        }
        self.span = Some((self.span.map_or(start, |(s, _)| s), next));
    }

    fn flush(&mut self, sections: &mut [Section], body: &str) {
        let (Some((start, end)), Some(section)) = (self.span.take(), sections.last_mut()) else {
            return;
        };
        let text = &body[start..end];
        if !text.contains('\r') {
            section.content.push_str(text);
            if !text.ends_with('\n') {
                section.content.push('\n');
            }
            return;
        }
        for (s, e, _) in line_spans(text) {
            section.content.push_str(&text[s..e]);
            section.content.push('\n');
        }
    }
}

/// Every front-matter (or sidecar) key through the field table: our own keys first, then
/// the aliases other processes write (so `date` beats `created`), then the keys no field
/// stands for, kept in `extra`.
fn apply_fields(record: &mut Record, map: &serde_json::Map<String, Value>, config: &Config) {
    let mut known: Vec<(bool, &str, &'static str, &Value)> = Vec::new();
    for (key, value) in map {
        match field::get(key) {
            Some(f) => known.push((f.key != key, key, f.key, value)),
            None => {
                if let Some(text) = shown(value) {
                    record.extra.insert(key.clone(), text);
                }
            }
        }
    }
    known.sort_by_key(|&(alias, key, _, _)| (alias, key));
    for (_, key, field, value) in known {
        let line = record.field(key).map_or(1, |f| f.line);
        apply_field(record, field, value, line, config);
    }
}

/// A value as text for display: a scalar, or a list joined by commas.
fn shown(value: &Value) -> Option<String> {
    match value {
        Value::Array(_) => Some(strings(value).join(", ")).filter(|s| !s.is_empty()),
        other => scalar(other),
    }
}

/// One field's value onto the record; the first value of a field wins.
fn apply_field(record: &mut Record, field: &str, value: &Value, line: usize, config: &Config) {
    let text = scalar(value);
    match field {
        "kind" => {
            if let Some(kind) = text {
                record.kind = kind.to_lowercase();
            }
        }
        "status" => {
            if let Some(status) = text {
                apply_status(record, &status, line, config);
            }
        }
        "date" if record.date.is_none() => {
            if let Some(date) = text {
                apply_date(record, &date);
            }
        }
        "deadline" if record.deadline.is_none() => record.deadline = text,
        "decided" if record.decided.is_none() => record.decided = text,
        "review-by" if record.review_by.is_none() => record.review_by = text,
        "decision-maker" => record.decision_makers.extend(people(value)),
        "authors" => record.authors.extend(people(value)),
        "consulted" => record.consulted.extend(people(value)),
        "informed" => record.informed.extend(people(value)),
        "responsible" => record.responsible.extend(people(value)),
        "tags" => record.tags.extend(strings(value)),
        "governs" => record.governs.extend(globs(value)),
        other => {
            if let Some(relation) = Relation::from_key(other) {
                apply_relation(record, relation, value, line);
            }
        }
    }
}

/// People from a list or a comma-separated string, Markdown links and mail addresses removed.
fn people(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(scalar)
            .flat_map(|s| normalize::people(&s))
            .collect(),
        other => scalar(other)
            .map(|s| normalize::people(&s))
            .unwrap_or_default(),
    }
}

/// A relation's targets: numbers, ids (`KEP-1234`), slugs and relative paths.
fn apply_relation(record: &mut Record, relation: Relation, value: &Value, line: usize) {
    let numbers = numbers(value);
    if !numbers.is_empty() {
        let known = record.relations.entry(relation).or_default();
        for n in numbers {
            if !known.contains(&n) {
                known.push(n);
            }
        }
        return;
    }
    for text in strings(value) {
        add_relation(record, relation, &text, line);
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
        let cleaned = normalize::clean_status(raw);
        cleaned.word != Some(raw.trim().to_lowercase())
            || !cleaned.links.is_empty()
            || cleaned.date.is_some()
    });
    let date_needs_cleaning = record.date_raw != record.date;
    // MADR 3+ keeps only `status` / `date` up top; its body's parts say what it is.
    let native_key = ["decision-maker", "decided", "kind"].iter().any(|k| has(k));
    let madr_body = !native_key
        && record.sections.iter().any(|s| {
            ["Decision Outcome", "Considered Options"]
                .iter()
                .any(|h| s.heading.trim().eq_ignore_ascii_case(h))
        });
    if madr_people || status_needs_cleaning || date_needs_cleaning || madr_body {
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
    let cleaned = normalize::clean_status(raw);
    for (relation, text) in &cleaned.links {
        add_relation(record, *relation, text, line);
    }
    if record.status.is_some() {
        return;
    }
    if let Some(word) = cleaned.word {
        let status = lifecycle_status(record.format, config, &word);
        let decided = matches!(status.as_str(), "accepted" | "rejected");
        if let (true, None, Some(date)) = (decided, &record.decided, &cleaned.date) {
            record.decided = normalize::normalize_date(date);
        }
        record.status = Some(status);
        record.status_raw = Some(raw.trim().to_string());
        let shown = normalize::display_status(raw);
        record.status_text = Some(shown).filter(|s| s != raw.trim());
    }
}

/// The lifecycle status a status word stands for: the family's vocabulary, else the alias
/// table. A phrase no lifecycle knows is read by its first word when that one is known
/// (`rejected in favour`), or by the word a qualifier modifies (`partially accepted`);
/// otherwise it stays as written, for `check` to report.
fn lifecycle_status(format: Format, config: &Config, word: &str) -> String {
    let read = |w: &str| match family::of(format).and_then(|f| f.status(w)) {
        Some(status) => status.to_string(),
        None => canonical_status(config, w),
    };
    let known = |s: &String| config.kinds.values().any(|k| k.has_status(s));
    let whole = read(word);
    if known(&whole) {
        return whole;
    }
    // The last word only after a qualifier: `not accepted` must never read as accepted.
    const QUALIFIERS: [&str; 5] = [
        "partially",
        "partly",
        "provisionally",
        "conditionally",
        "tentatively",
    ];
    let words: Vec<&str> = word.split(' ').collect();
    let qualified = words.len() == 2 && QUALIFIERS.contains(&words[0]);
    let last = words.last().filter(|_| qualified);
    [words.first(), last]
        .into_iter()
        .flatten()
        .map(|w| read(w))
        .find(known)
        .unwrap_or(whole)
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
    match normalize::target(text) {
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
    record.date = Some(normalize::normalize_date(raw).unwrap_or_else(|| raw.to_string()));
    record.date_raw = Some(raw.to_string());
}

/// Fields of a record without front matter (or whose front matter leaves them to the body),
/// from its header lines or adr-tools status section.
fn apply_header(record: &mut Record, header: &BodyHeader, config: &Config) {
    record.format = header.format;
    for entry in &header.entries {
        apply_entry(record, entry, config);
    }
    if record.date.is_none()
        && let Some(date) = name::date_from_file_name(&record.file_name)
    {
        record.date = Some(date);
    }
    if header.format == Format::ReviewBullets && record.deadline.is_none() {
        let year = record
            .date
            .as_deref()
            .and_then(|d| d.get(..4)?.parse().ok());
        let status = header.first(Key::Status).map(|e| e.value.as_str());
        record.deadline = status.and_then(|s| normalize::window_end(s, year));
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

fn apply_entry(record: &mut Record, entry: &header::Entry, config: &Config) {
    let value = entry.value.as_str();
    match entry.key {
        Key::Status => apply_status(record, value, entry.line, config),
        Key::Date if record.date.is_none() && !value.is_empty() => apply_date(record, value),
        Key::Deciders => record.decision_makers.extend(normalize::people(value)),
        Key::Authors => record.authors.extend(normalize::people(value)),
        Key::Consulted => record.consulted.extend(normalize::people(value)),
        Key::Informed => record.informed.extend(normalize::people(value)),
        Key::Tags => record.tags.extend(normalize::list(value)),
        Key::Title => record.title = Some(value.to_string()),
        Key::Id => apply_id(record, value),
        Key::Relation(relation) => {
            for target in normalize::relation_targets(value) {
                add_relation(record, relation, &target, entry.line);
            }
        }
        // Prose lines of an adr-tools `## Status` section are body text, not fields.
        Key::Other if entry.name != "Status" && !value.is_empty() => {
            record
                .extra
                .entry(entry.name.clone())
                .or_insert_with(|| value.to_string());
        }
        Key::Date | Key::Other => {}
    }
}

/// The process's id from a header (`PEP: 8`, `[SE-0001](0001-x.md)`): number and namespace,
/// shown as written (`SE-0001`) or as the process says it (`PEP 8`).
fn apply_id(record: &mut Record, value: &str) {
    let label = normalize::people(value)
        .into_iter()
        .next()
        .unwrap_or_default();
    if let Some((prefix, n)) = name::namespaced(&label) {
        record.number = Some(n);
        record.namespace = Some(prefix);
        record.id = Some(label);
    } else if let Ok(n) = label.parse::<u32>() {
        let prefix = match record.format {
            Format::Pep => "PEP",
            _ => "",
        };
        record.number = Some(n);
        record.namespace = Some(prefix.to_string()).filter(|p| !p.is_empty());
        record.id = Some(format!("{prefix} {n}").trim().to_string());
    }
}

/// `1. Use X` (adr-tools), `ADR-0001: Use X`, `RFC 1 - Use X` → `Use X`, when the number is
/// the record's own.
#[cfg(test)]
fn strip_number_prefix(title: &str, number: Option<u32>) -> &str {
    strip_id_prefix(title, number, None)
}

/// [`strip_number_prefix`], also under the record's own namespace (`KEP-1234: Title`).
fn strip_id_prefix<'t>(title: &'t str, number: Option<u32>, namespace: Option<&str>) -> &'t str {
    let Some(number) = number else {
        return title;
    };
    let mut rest = title;
    let mut prefixed = false;
    for prefix in ["ADR", "RFC", "adr", "rfc", "#"]
        .into_iter()
        .chain(namespace)
    {
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

/// Record numbers from `3`, `"0003"`, `"ADR-0003"`, `"20, 165"` (EIP's `requires`), or a
/// list of those.
pub fn numbers(value: &Value) -> Vec<u32> {
    match value {
        Value::Array(items) => items.iter().filter_map(number).collect(),
        Value::String(s) if s.contains(',') => s
            .split(',')
            .map(|part| name::reference_number(part.trim()))
            .collect::<Option<Vec<u32>>>()
            .unwrap_or_default(),
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

    fn parse_named(name: &str, text: &str) -> Record {
        parse(PathBuf::from(name), text.as_bytes(), &Config::default())
    }

    #[test]
    fn an_eip_without_a_title_is_shown_by_its_id() {
        let record = parse_named(
            "eip-1046.md",
            "---\neip: 1046\nstatus: Review\n---\n## Abstract\n",
        );
        assert_eq!(record.title, None);
        assert_eq!(record.display_title(), "EIP-1046");
        assert_eq!(record.status.as_deref(), Some("proposed"));
    }

    #[test]
    fn a_front_matter_title_beats_a_generic_first_heading() {
        let record = parse_named(
            "eip-7.md",
            "---\neip: 7\ntitle: Real title\n---\n# Abstract\n",
        );
        assert_eq!(record.title.as_deref(), Some("Real title"));
    }

    #[test]
    fn pep_continuation_lines_join_the_header() {
        let text = "PEP: 9\nTitle: T\nAuthor: A <a@x.org>,\n    B <b@x.org>\nStatus: Deferred\nType: Process\nCreated: 13-Jun-00\n\nAbstract\n========\n";
        let record = parse_named("pep-0009.rst", text);
        assert_eq!(record.authors, ["A", "B"]);
        assert_eq!(record.status.as_deref(), Some("postponed"));
        assert_eq!(record.date.as_deref(), Some("2000-06-13"));
        assert_eq!(record.title.as_deref(), Some("T"));
        assert_eq!(
            record.extra.get("Type").map(String::as_str),
            Some("Process")
        );
    }

    #[test]
    fn relation_digits_never_come_out_of_a_url() {
        let text = "---\nkep-number: 5\nreplaces:\n  - https://github.com/o/r/pull/123\n  - ../sig-x/0004-old\n---\n";
        let record = parse_named("0005-x.md", text);
        assert_eq!(record.related(Relation::Supersedes), [4]);
    }

    #[test]
    fn a_links_section_gives_relations_but_never_url_digits() {
        let text = "# X\n\n* Status: accepted\n\n## Links\n\n* Supersedes [ADR-0002](0002-y.md)\n* Refined by [4. Z](0004-z.md)\n* See [issue 99](https://github.com/o/r/issues/99)\n";
        let record = parse_named("0005-x.md", text);
        assert_eq!(record.related(Relation::Supersedes), [2]);
        assert_eq!(record.related(Relation::RelatesTo), [4]);
    }

    #[test]
    fn a_broken_sidecar_is_reported_naming_it() {
        let record = parse_with_sidecar(
            PathBuf::from("1234-x/README.md"),
            b"# KEP-1234: X\n",
            Some(b"title: X\nstatus: [implemented\n"),
            &Config::default(),
        );
        let problem = &record.problems[0];
        assert_eq!(problem.rule, "front-matter-syntax");
        assert!(
            problem
                .message
                .starts_with("the `kep.yaml` beside it, line "),
            "{problem:?}"
        );
        assert_eq!(record.number, Some(1234));
    }

    #[test]
    fn decorated_statuses_keep_their_word_and_never_invert_it() {
        let status = |s: &str| {
            let text = format!("# 1. T\n\n## Status\n\n{s}\n\n## Context\n");
            parse_named("0001-t.md", &text).status
        };
        assert_eq!(status("Partially accepted").as_deref(), Some("accepted"));
        assert_eq!(
            status("Accepted ✅ [PR](https://x/pull/3)").as_deref(),
            Some("accepted")
        );
        assert_eq!(
            status("Deprecated — see [ADR 5](0005-x.md)").as_deref(),
            Some("deprecated")
        );
        assert_eq!(
            status("Rejected in favour of [2. Y](0002-y.md)").as_deref(),
            Some("rejected")
        );
        assert_ne!(status("Not accepted").as_deref(), Some("accepted"));
    }
}

#[cfg(test)]
mod body_props {
    use super::*;
    use proptest::prelude::*;

    /// The parser as it was before it copied sections in runs: one push per line.
    fn sections_line_by_line(body: &str) -> Vec<(String, String)> {
        let mut titled = false;
        let mut sections: Vec<(String, String)> = Vec::new();
        let mut fence: Option<&str> = None;
        let push = |sections: &mut Vec<(String, String)>, line: &str| {
            if let Some(last) = sections.last_mut() {
                last.1.push_str(line);
                last.1.push('\n');
            }
        };
        let mut previous: Option<&str> = None;
        let mut text_lines = 0;
        for (s, e, _) in line_spans(body) {
            let line = &body[s..e];
            if let Some(marker) = fence {
                if line.trim_start().starts_with(marker) {
                    fence = None;
                }
                push(&mut sections, line);
                continue;
            }
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                fence = Some(&trimmed[..3]);
                push(&mut sections, line);
                continue;
            }
            let dashes = text_lines == 1 && sections.is_empty() && is_setext_h2_underline(line);
            match heading(line) {
                Some((1, _)) if !titled => titled = true,
                Some((1, text)) | Some((2, text)) => {
                    sections.push((text.to_string(), String::new()))
                }
                _ if !titled && (is_setext_underline(line) || dashes) => {
                    titled |= previous.is_some_and(|p| !p.trim().is_empty());
                }
                _ => push(&mut sections, line),
            }
            text_lines += usize::from(!line.trim().is_empty());
            previous = Some(line);
        }
        sections
    }

    proptest! {
        #[test]
        fn sections_hold_every_line_up_to_the_next_heading(
            lines in proptest::collection::vec(
                prop_oneof![
                    Just("# Title".to_string()), Just("## Context".to_string()),
                    Just("## Decision".to_string()), Just("### Sub".to_string()),
                    Just("```".to_string()), Just("===".to_string()), Just("---".to_string()),
                    Just(String::new()),
                    "[a-z ]{0,12}",
                ],
                0..24,
            ),
            crlf in any::<bool>(),
            last_newline in any::<bool>(),
        ) {
            let ending = if crlf { "\r\n" } else { "\n" };
            let mut body = lines.join(ending);
            if last_newline && !body.is_empty() {
                body.push_str(ending);
            }
            let (_, _, sections) = read_body(&body, 1);
            let got: Vec<(String, String)> =
                sections.into_iter().map(|s| (s.heading, s.content)).collect();
            prop_assert_eq!(got, sections_line_by_line(&body));
        }
    }
}
