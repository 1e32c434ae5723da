//! Surgical edits of a record's text: change only the lines a command must change.
//!
//! Comments, key order, quoting, line endings and the body stay byte-identical (DESIGN.md,
//! "Edits are surgical"). The front matter is never re-serialized: each edit rewrites one
//! field's lines or inserts one line before the closing fence.

use std::fmt;

use super::text::{
    FrontMatterSpan, Split, eol, key_colon, key_of_line, line_spans, split_front_matter,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError {
    pub message: String,
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EditError {}

fn fail<T>(message: impl Into<String>) -> Result<T, EditError> {
    Err(EditError {
        message: message.into(),
    })
}

/// One top-level field's place in the text.
struct FieldSpan {
    /// Byte range of the key line's content (no line ending).
    line_start: usize,
    line_end: usize,
    /// Byte offset just past the key line's ending.
    line_next: usize,
    /// End of the last continuation line (block list items, indented values), with ending.
    value_end: usize,
}

fn front_matter(text: &str) -> Result<Split, EditError> {
    match split_front_matter(text) {
        FrontMatterSpan::Found(split) => Ok(split),
        FrontMatterSpan::Unclosed => fail("its front matter is never closed with `---`"),
        FrontMatterSpan::None => fail(
            "it has no YAML front matter (an adr-tools or MADR 2 record?); run `because migrate` first",
        ),
    }
}

fn find_field(text: &str, split: &Split, key: &str) -> Option<FieldSpan> {
    let yaml = &text[split.yaml_start..split.yaml_end];
    let mut found: Option<FieldSpan> = None;
    for (s, e, next) in line_spans(yaml) {
        let line = &yaml[s..e];
        let (s, e, next) = (
            s + split.yaml_start,
            e + split.yaml_start,
            next + split.yaml_start,
        );
        if let Some(field) = found.as_mut() {
            let continues = line.starts_with([' ', '\t', '-']);
            if continues {
                field.value_end = next;
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            break;
        }
        if key_of_line(line).as_deref() == Some(key) {
            found = Some(FieldSpan {
                line_start: s,
                line_end: e,
                line_next: next,
                value_end: next,
            });
        }
    }
    found
}

/// Split a key line into (key part including `:`, value, trailing comment with its spacing,
/// byte offset of the value in the line).
fn split_key_line(line: &str) -> (&str, &str, &str, usize) {
    let colon = key_colon(line).map(|i| i + 1).unwrap_or(line.len());
    let (key, rest) = line.split_at(colon);
    let region = &rest[..comment_start(rest)];
    let value_start = region.len() - region.trim_start().len();
    let value_end = region.trim_end().len();
    if value_end <= value_start {
        // No value on the key line (a block list follows): all of `rest` is spacing + comment.
        return (key, "", rest, colon + rest.len());
    }
    (
        key,
        &rest[value_start..value_end],
        &rest[value_end..],
        colon + value_start,
    )
}

/// Index in `rest` where a ` #` comment starts, ignoring `#` inside quotes.
fn comment_start(rest: &str) -> usize {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in rest.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev.is_whitespace() => return i,
            None => {}
        }
        prev = c;
    }
    rest.len()
}

/// A YAML scalar for `value`, plain when safe, double-quoted otherwise.
pub fn yaml_scalar(value: &str) -> String {
    let plain_safe = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || " _.-+/:".contains(c))
        && !value.starts_with([' ', '-', ':'])
        && !value.ends_with([' ', ':'])
        && !value.contains(": ")
        // Words YAML 1.1 readers (serde-saphyr among them) take as booleans or null, and
        // numbers, stay strings only when quoted.
        && !matches!(
            value.to_lowercase().as_str(),
            "null" | "true" | "false" | "yes" | "no" | "y" | "n" | "on" | "off" | "~"
        )
        && value.parse::<f64>().is_err();
    if plain_safe {
        value.to_string()
    } else {
        serde_json::to_string(value).expect("a string serializes")
    }
}

/// Set `key` to the scalar `value`: rewrite its line (keeping a trailing comment and the
/// quote style) or insert `key: value` before the closing fence.
pub fn set_field(text: &str, key: &str, value: &str) -> Result<String, EditError> {
    let split = front_matter(text)?;
    let Some(field) = find_field(text, &split, key) else {
        return Ok(insert_line(
            text,
            &split,
            &format!("{key}: {}", yaml_scalar(value)),
        ));
    };
    let line = &text[field.line_start..field.line_end];
    let (key_part, old_value, comment, _) = split_key_line(line);
    let new_value = match old_value.chars().next() {
        Some('"') => serde_json::to_string(value).expect("a string serializes"),
        // A single-quoted scalar cannot escape a line break; such values get double quotes.
        Some('\'') if !value.contains(char::is_control) => {
            format!("'{}'", value.replace('\'', "''"))
        }
        Some('\'') => serde_json::to_string(value).expect("a string serializes"),
        _ => yaml_scalar(value),
    };
    let mut out = String::with_capacity(text.len() + value.len());
    out.push_str(&text[..field.line_start]);
    out.push_str(key_part);
    out.push(' ');
    out.push_str(&new_value);
    out.push_str(comment);
    // A block value (indented lines) is replaced by the scalar: drop its continuation lines.
    out.push_str(&text[field.line_end..field.line_next]);
    out.push_str(&text[field.value_end..]);
    Ok(out)
}

fn insert_line(text: &str, split: &Split, line: &str) -> String {
    let mut out = String::with_capacity(text.len() + line.len() + 2);
    out.push_str(&text[..split.yaml_end]);
    out.push_str(line);
    out.push_str(eol(text));
    out.push_str(&text[split.yaml_end..]);
    out
}

/// Add record number `n` to the list under `key`, creating `key: [n]` when absent.
/// A no-op when the number is already there.
pub fn add_number(text: &str, key: &str, n: u32) -> Result<String, EditError> {
    let split = front_matter(text)?;
    let Some(field) = find_field(text, &split, key) else {
        return Ok(insert_line(text, &split, &format!("{key}: [{n}]")));
    };
    let line = &text[field.line_start..field.line_end];
    let (key_part, value, comment, _) = split_key_line(line);
    let block = &text[field.line_next..field.value_end];
    if number_tokens(value).contains(&n) || number_tokens(block).contains(&n) {
        return Ok(text.to_string());
    }
    let replace_line = |new_line: String| {
        let mut out = String::with_capacity(text.len() + 8);
        out.push_str(&text[..field.line_start]);
        out.push_str(&new_line);
        out.push_str(&text[field.line_end..]);
        out
    };
    if let Some(inner) = value.strip_prefix('[') {
        let Some(inner) = inner.strip_suffix(']') else {
            return fail(format!(
                "`{key}` is a list spread over several lines; write it on one line as `{key}: [1, 2]`"
            ));
        };
        let items = if inner.trim().is_empty() {
            format!("{n}")
        } else {
            format!("{}, {n}", inner.trim_end())
        };
        return Ok(replace_line(format!("{key_part} [{items}]{comment}")));
    }
    if value.is_empty() || value == "~" || value == "null" {
        if let Some((indent, last_end)) = last_block_item(text, &field) {
            let mut out = String::with_capacity(text.len() + 8);
            out.push_str(&text[..last_end]);
            out.push_str(&format!("{indent}- {n}{}", eol(text)));
            out.push_str(&text[last_end..]);
            return Ok(out);
        }
        return Ok(replace_line(format!("{key_part} [{n}]{comment}")));
    }
    if value.starts_with('{') || value.starts_with('|') || value.starts_with('>') {
        return fail(format!("`{key}` is not a list of record numbers"));
    }
    Ok(replace_line(format!("{key_part} [{value}, {n}]{comment}")))
}

/// Remove record number `n` from the list under `key` (flow, block or scalar); a no-op when
/// it is not there. An emptied list stays as `key: []`, so the key's place and comment stay.
pub fn remove_number(text: &str, key: &str, n: u32) -> Result<String, EditError> {
    let split = front_matter(text)?;
    let Some(field) = find_field(text, &split, key) else {
        return Ok(text.to_string());
    };
    let line = &text[field.line_start..field.line_end];
    let (key_part, value, comment, _) = split_key_line(line);
    let names_n = |item: &str| number_tokens(item).first() == Some(&n);
    let block = &text[field.line_next..field.value_end];
    let listed = value
        .split(',')
        .chain(block.lines())
        .any(|item| names_n(item.trim_start_matches([' ', '[', '-'])));
    if !listed {
        return Ok(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..field.line_start]);
    if value.is_empty() {
        out.push_str(line);
        out.push_str(&text[field.line_end..field.line_next]);
        for (s, _, next) in line_spans(&text[field.line_next..field.value_end]) {
            let item = &text[field.line_next + s..field.line_next + next];
            let is_item = item.trim_start().starts_with('-');
            if !(is_item && names_n(item)) {
                out.push_str(item);
            }
        }
    } else {
        let inner = value.strip_prefix('[').and_then(|v| v.strip_suffix(']'));
        let items: Vec<&str> = inner.unwrap_or(value).split(',').map(str::trim).collect();
        let kept: Vec<&str> = items
            .into_iter()
            .filter(|i| !i.is_empty() && !names_n(i))
            .collect();
        out.push_str(&format!("{key_part} [{}]{comment}", kept.join(", ")));
        out.push_str(&text[field.line_end..field.value_end]);
    }
    out.push_str(&text[field.value_end..]);
    Ok(out)
}

/// The indentation of the block list under a field and the end of its last `- item` line.
fn last_block_item<'a>(text: &'a str, field: &FieldSpan) -> Option<(&'a str, usize)> {
    let block = &text[field.line_next..field.value_end];
    let mut last = None;
    for (s, e, next) in line_spans(block) {
        let line = &block[s..e];
        let trimmed = line.trim_start();
        if trimmed.starts_with("- ") || trimmed == "-" {
            let indent = &line[..line.len() - trimmed.len()];
            last = Some((indent, field.line_next + next));
        }
    }
    // The last item may lack a line ending at the fence; it always has one inside front matter.
    last
}

/// Every run of digits in `text` read as a number.
fn number_tokens(text: &str) -> Vec<u32> {
    digit_runs(text)
        .filter_map(|(s, e)| text[s..e].parse().ok())
        .collect()
}

fn digit_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        Some((start, i))
    })
}

/// Replace number `old` by `new` in the values of the given list fields, keeping each
/// item's zero-padding, quotes and prefix (`"ADR-0004"` → `"ADR-0009"`).
pub fn replace_number(text: &str, keys: &[&str], old: u32, new: u32) -> Result<String, EditError> {
    let split = match split_front_matter(text) {
        FrontMatterSpan::Found(split) => split,
        _ => return Ok(text.to_string()),
    };
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for key in keys {
        if let Some(field) = find_field(text, &split, key) {
            let line = &text[field.line_start..field.line_end];
            let (_, value, _, offset) = split_key_line(line);
            let value_start = field.line_start + offset;
            ranges.push((value_start, value_start + value.len()));
            ranges.push((field.line_next, field.value_end));
        }
    }
    ranges.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in ranges {
        for (s, e) in digit_runs(&text[start..end]) {
            let (s, e) = (start + s, start + e);
            if text[s..e].parse::<u32>().ok() == Some(old) {
                out.push_str(&text[copied..s]);
                out.push_str(&format!("{new:0width$}", width = e - s));
                copied = e;
            }
        }
    }
    out.push_str(&text[copied..]);
    Ok(out)
}

/// Point Markdown links at a renamed file: `(0004-x.md)`, `(./0004-x.md#y)`, `[r]: 0004-x.md`.
pub fn rewrite_links(text: &str, old_name: &str, new_name: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, _) in text.match_indices(old_name) {
        let before = text[..at].chars().next_back();
        let after = text[at + old_name.len()..].chars().next();
        let starts = matches!(before, Some('(' | '/' | '<' | ' ' | '"' | '\''));
        let ends = matches!(
            after,
            None | Some(')' | '#' | '>' | ' ' | '"' | '\'' | '\r' | '\n')
        );
        if starts && ends && at >= copied {
            out.push_str(&text[copied..at]);
            out.push_str(new_name);
            copied = at + old_name.len();
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// The line the RFC template leaves under `## Decision` until the decision is made.
pub const DECISION_PENDING: &str = "To be filled in by the deadline";

/// Write `stamp` (who decided, when) in place of the "to be filled in" line the RFC template
/// leaves under `## Decision`. A record without that line (an ADR, a decision written by
/// hand) is returned unchanged: its author's words are theirs.
pub fn stamp_decision(text: &str, stamp: &str) -> String {
    let mut in_decision = false;
    for (start, end, _) in line_spans(text) {
        let line = &text[start..end];
        if line.starts_with('#') {
            in_decision = line.trim_end().eq_ignore_ascii_case("## Decision");
        } else if in_decision && line.starts_with(DECISION_PENDING) {
            return format!("{}{stamp}{}", &text[..start], &text[end..]);
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every surgical edit leaves an RFC 9557 deadline (zone name and all) byte-identical.
    #[test]
    fn the_deadline_zone_survives_every_edit() {
        let line = "deadline: 2026-03-12T17:00:00-07:00[America/Los_Angeles] # PT";
        let text = format!(
            "---\nkind: rfc\nstatus: proposed\n{line}\nsupersedes: [3]\n---\n# T\n\n## Decision\n\n{DECISION_PENDING}: @sam decides.\n\nSee [3](0003-x.md).\n"
        );
        let edits: [(&str, Result<String, EditError>); 7] = [
            ("set status", set_field(&text, "status", "accepted")),
            ("set decided", set_field(&text, "decided", "2026-03-12")),
            ("add number", add_number(&text, "relates-to", 4)),
            ("remove number", remove_number(&text, "supersedes", 3)),
            (
                "replace number",
                replace_number(&text, &["supersedes"], 3, 9),
            ),
            (
                "rewrite links",
                Ok(rewrite_links(&text, "0003-x.md", "0009-x.md")),
            ),
            (
                "stamp decision",
                Ok(stamp_decision(&text, "Accepted by @sam.")),
            ),
        ];
        for (name, edited) in edits {
            let edited = edited.unwrap();
            assert!(edited.contains(&format!("\n{line}\n")), "{name}:\n{edited}");
            assert_ne!(edited, text, "{name} changed nothing");
        }
        assert!(set_field(&text, "deadline", "x").unwrap() != text);
    }

    #[test]
    fn stamp_decision_replaces_only_the_pending_line_of_the_decision_section() {
        let text = format!(
            "# T\n\n## Decision\n\n{DECISION_PENDING}: @sam.\n\n## Notes\n\n{DECISION_PENDING}\n"
        );
        let stamped = stamp_decision(&text, "Accepted by @sam.");
        assert_eq!(
            stamped,
            format!("# T\n\n## Decision\n\nAccepted by @sam.\n\n## Notes\n\n{DECISION_PENDING}\n")
        );
        let adr = "# T\n\n## Decision\n\nWe will use PostgreSQL.\n";
        assert_eq!(stamp_decision(adr, "Accepted."), adr);
    }

    const DOC: &str = "---\n# a comment\nstatus: proposed  # keep me\ndate: 2026-01-02\nsupersedes: [1]\ntags:\n  - api\n---\n# Title\n\nBody [x](0004-old.md).\n";

    #[test]
    fn set_field_changes_one_line() {
        let out = set_field(DOC, "status", "accepted").unwrap();
        assert_eq!(
            out,
            DOC.replace("status: proposed  # keep me", "status: accepted  # keep me")
        );
    }

    #[test]
    fn set_field_inserts_before_fence() {
        let out = set_field(DOC, "decided", "2026-02-03").unwrap();
        assert_eq!(
            out,
            DOC.replace("  - api\n---", "  - api\ndecided: 2026-02-03\n---")
        );
    }

    #[test]
    fn set_field_keeps_quote_style() {
        let doc = "---\nstatus: 'proposed'\nwho: \"@a\"\n---\n";
        let out = set_field(doc, "status", "accepted").unwrap();
        assert_eq!(out, "---\nstatus: 'accepted'\nwho: \"@a\"\n---\n");
        let out = set_field(doc, "who", "@b").unwrap();
        assert_eq!(out, "---\nstatus: 'proposed'\nwho: \"@b\"\n---\n");
    }

    #[test]
    fn add_number_to_flow_block_and_scalar() {
        let out = add_number(DOC, "supersedes", 2).unwrap();
        assert_eq!(out, DOC.replace("supersedes: [1]", "supersedes: [1, 2]"));
        assert_eq!(
            add_number(&out, "supersedes", 2).unwrap(),
            out,
            "idempotent"
        );
        let block = "---\nsupersedes:\n  - 1\n# c\n---\n";
        assert_eq!(
            add_number(block, "supersedes", 5).unwrap(),
            "---\nsupersedes:\n  - 1\n  - 5\n# c\n---\n"
        );
        let scalar = "---\namends: 3 # x\n---\n";
        assert_eq!(
            add_number(scalar, "amends", 4).unwrap(),
            "---\namends: [3, 4] # x\n---\n"
        );
        let absent = add_number(DOC, "amended-by", 9).unwrap();
        assert!(absent.contains("  - api\namended-by: [9]\n---"));
    }

    #[test]
    fn a_value_with_a_line_break_cannot_break_out_of_its_field() {
        let doc = "---\nwho: 'a'\n---\n# T\n";
        let out = set_field(doc, "who", "x\n---\n<script>").unwrap();
        assert_eq!(out, "---\nwho: \"x\\n---\\n<script>\"\n---\n# T\n");
    }

    #[test]
    fn crlf_is_kept() {
        let doc = "---\r\nstatus: proposed\r\n---\r\n# T\r\n";
        let out = set_field(doc, "decided", "2026-01-01").unwrap();
        assert_eq!(
            out,
            "---\r\nstatus: proposed\r\ndecided: 2026-01-01\r\n---\r\n# T\r\n"
        );
    }

    #[test]
    fn replace_number_keeps_padding() {
        let doc = "---\nsupersedes: [\"ADR-0004\", 14]\namends:\n  - 4\ndate: 2024-04-04\n---\n";
        let out = replace_number(doc, &["supersedes", "amends"], 4, 9).unwrap();
        assert_eq!(
            out,
            "---\nsupersedes: [\"ADR-0009\", 14]\namends:\n  - 9\ndate: 2024-04-04\n---\n"
        );
    }

    #[test]
    fn remove_number_from_flow_block_and_scalar() {
        let out = remove_number(DOC, "supersedes", 1).unwrap();
        assert_eq!(out, DOC.replace("supersedes: [1]", "supersedes: []"));
        let flow = "---\nsuperseded-by: [\"0003\", 4] # x\n---\n";
        assert_eq!(
            remove_number(flow, "superseded-by", 3).unwrap(),
            "---\nsuperseded-by: [4] # x\n---\n"
        );
        let block = "---\nsupersedes:\n  - 1\n  - 5\n# c\n---\n";
        assert_eq!(
            remove_number(block, "supersedes", 5).unwrap(),
            "---\nsupersedes:\n  - 1\n# c\n---\n"
        );
        assert_eq!(remove_number(DOC, "amends", 1).unwrap(), DOC, "absent key");
        assert_eq!(
            remove_number(DOC, "supersedes", 7).unwrap(),
            DOC,
            "absent number"
        );
    }

    #[test]
    fn links_are_rewritten() {
        let out = rewrite_links(DOC, "0004-old.md", "0009-old.md");
        assert!(out.contains("[x](0009-old.md)"));
        assert_eq!(
            rewrite_links("x10004-old.md", "0004-old.md", "0009-old.md"),
            "x10004-old.md"
        );
    }

    #[test]
    fn record_without_front_matter_is_refused() {
        let err = set_field("# T\n", "status", "accepted").unwrap_err();
        assert!(err.message.contains("migrate"));
    }
}
