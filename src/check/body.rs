//! Rules that read the file name and the Markdown body: name, title, required sections, and
//! template text left in place.

use super::{Findings, Input, fields::kind_label, name_of};
use crate::record::text::{self, is_blank};
use crate::record::{Record, Section, family, name};

pub(super) fn check(input: &Input<'_>, record: &Record, out: &mut Findings<'_>) {
    let family = family::of(record.format);
    match family.and_then(|f| f.file_name.as_ref()) {
        Some(rule) => family_file_name(record, rule, out),
        None => file_name(record, out),
    }
    if family.is_none_or(|f| f.fields.contains(&"title")) {
        title(record, out);
    }
    // A process's or another tool's record is asked for its own template's sections, not
    // the native ones.
    let tool_sections = family::tool(record.format).and_then(|t| t.sections);
    if let Some(family) = family {
        required_sections(record, family.sections, &kind_label(record), out);
    } else if let Some(sections) = tool_sections {
        required_sections(record, sections, &kind_label(record), out);
    } else if let Some(kind) = input.config.kind(&record.kind) {
        let sections: Vec<&String> = kind.required_sections(record.status.as_deref()).collect();
        required_sections(record, &sections, &kind_label(record), out);
    }
    placeholders(input, record, out);
}

fn family_file_name(record: &Record, rule: &family::FileName, out: &mut Findings<'_>) {
    if (rule.is_valid)(&record.file_name) {
        return;
    }
    out.push(
        "bad-file-name",
        1,
        format!("file name `{}` is not `{}`", record.file_name, rule.shape),
        format!("rename it to the process's `{}` shape", rule.shape),
    );
}

fn file_name(record: &Record, out: &mut Findings<'_>) {
    // Another tool's or process's records keep their own names (`adr013-x.md`, `ADR-2.md`,
    // `A12-x.md`, `20200131-x.md`): only a name that gives no number or date is worth renaming.
    let named = record.number.is_some() || name::date_from_file_name(&record.file_name).is_some();
    let other_format = family::tool(record.format).is_some() || family::of(record.format).is_some();
    if name::is_canonical_file_name(&record.file_name) || (other_format && named) {
        return;
    }
    let slug = name::slugify(&record.display_title());
    let help = match record.number {
        Some(n) => format!(
            "rename it to `{}` and update links to it",
            name::file_name(n, &slug)
        ),
        None => format!(
            "give it a number: rename it to `NNNN-{slug}.md` with a free number (`because new` shows the next one)"
        ),
    };
    out.push(
        "bad-file-name",
        1,
        format!(
            "file name `{}` is not `NNNN-kebab-title.md`",
            record.file_name
        ),
        help,
    );
}

fn title(record: &Record, out: &mut Findings<'_>) {
    if record.title.is_some() {
        return;
    }
    out.push(
        "title-missing",
        record.body_line,
        format!("record {} has no title", name_of(record)),
        "add a `# Title` line after the front matter",
    );
}

fn required_sections(
    record: &Record,
    sections: &[impl AsRef<str>],
    label: &str,
    out: &mut Findings<'_>,
) {
    for heading in sections {
        let heading = heading.as_ref();
        match find_section(record, heading) {
            None => out.push(
                "section-missing",
                record.title_line.unwrap_or(record.body_line),
                format!("{label} has no \"{heading}\" section"),
                format!("add a `## {heading}` section"),
            ),
            Some((line, text)) if is_blank(&text) => out.push(
                "section-empty",
                line,
                format!("section \"{heading}\" is empty"),
                format!(
                    "write the {} under `## {heading}`; every {} requires it",
                    heading.to_lowercase(),
                    label
                ),
            ),
            Some(_) => {}
        }
    }
}

/// Section `wanted`: a `##` heading that is `wanted` or starts with it as a word (MADR's
/// "Context and Problem Statement", "Decision Outcome"), else a deeper heading inside another
/// section (MADR's `### Consequences`). Returns the heading's line and the section's text.
pub(super) fn find_section(record: &Record, wanted: &str) -> Option<(usize, String)> {
    if let Some(section) = record
        .sections
        .iter()
        .find(|s| heading_matches(&s.heading, wanted))
    {
        return Some((section.line, section.content.clone()));
    }
    record.sections.iter().find_map(|s| subsection(s, wanted))
}

pub(super) fn heading_matches(heading: &str, wanted: &str) -> bool {
    let heading = heading.trim();
    heading.eq_ignore_ascii_case(wanted)
        || heading
            .get(..wanted.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(wanted))
            && heading[wanted.len()..].starts_with(' ')
}

/// A `###`-or-deeper heading named `wanted` inside `section`, with the text under it.
fn subsection(section: &Section, wanted: &str) -> Option<(usize, String)> {
    let mut found: Option<(usize, usize, String)> = None;
    for (index, line) in section.content.lines().enumerate() {
        let heading = text::heading(line);
        match (&mut found, heading) {
            (None, Some((level, text))) if heading_matches(text, wanted) => {
                found = Some((section.line + 1 + index, level, String::new()));
            }
            // The next heading at the same or a higher level ends the subsection.
            (Some((_, level, _)), Some((next, _))) if next <= *level => break,
            (Some((_, _, text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            _ => {}
        }
    }
    found.map(|(line, _, text)| (line, text))
}

fn placeholders(input: &Input<'_>, record: &Record, out: &mut Findings<'_>) {
    let Some(templates) = input.placeholders.get(&record.kind) else {
        return;
    };
    for section in &record.sections {
        let text = normalize(&section.content);
        if text.is_empty() {
            continue;
        }
        let left = templates.iter().find(|(heading, placeholder)| {
            !placeholder.is_empty()
                && heading.eq_ignore_ascii_case(&section.heading)
                && text.contains(placeholder.as_str())
        });
        let Some((_, placeholder)) = left else {
            continue;
        };
        let first = placeholder.lines().next().unwrap_or("");
        let offset = section
            .content
            .lines()
            .position(|l| l.trim() == first)
            .map_or(0, |i| i + 1);
        out.push(
            "placeholder-left",
            section.line + offset,
            format!(
                "section \"{}\" still holds the template's placeholder text",
                section.heading
            ),
            format!(
                "replace the template text under `## {}` with what applies to this record",
                section.heading
            ),
        );
    }
}

/// Lines trimmed, blank lines dropped: the form `template::placeholder_sections` compares in.
fn normalize(content: &str) -> String {
    let mut out = String::new();
    for line in content.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_whitespace_are_blank() {
        assert!(is_blank("\n  <!-- fill me -->\n\n"));
        assert!(!is_blank("<!-- hint -->\nWe will.\n"));
    }

    #[test]
    fn madr_subsection_counts_as_the_section() {
        let record = crate::record::parse(
            "0001-x.md".into(),
            b"# T\n\n## Decision Outcome\n\nChosen.\n\n### Consequences\n\n* Good.\n\n## More\n",
            &crate::config::Config::default(),
        );
        let consequences = find_section(&record, "Consequences").unwrap();
        assert_eq!((consequences.0, consequences.1.trim()), (7, "* Good."));
        assert_eq!(find_section(&record, "Decision").unwrap().0, 3);
    }

    #[test]
    fn madr_headings_match_the_required_names() {
        assert!(heading_matches("Context and Problem Statement", "Context"));
        assert!(heading_matches("decision outcome", "Decision"));
        assert!(!heading_matches("Decisions", "Decision"));
    }
}
