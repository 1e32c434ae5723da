//! Rules that read the front matter: known fields, dates, kind and status, fields the status
//! requires, deadlines, review dates, decision-makers and people.

use jiff::SignedDuration;
use serde_json::Value;

use super::{Findings, Input, field_line, front_matter_line, name_of, rules};
use crate::config::{Config, KindConfig};
use crate::record::model::is_empty;
use crate::record::{Record, family, field, parse};
use crate::time;

/// Front-matter keys `check` knows. Anything else is kept by the parser and warned about
/// (`unknown-field`), so a typo such as `decison-maker` cannot pass silently. Besides the
/// fields of DESIGN.md this holds the MADR aliases and common authoring keys.
/// Fields that name the accountable person; the parser reads them all into `decision_makers`.
fn decision_maker_keys() -> Vec<&'static str> {
    field::names("decision-maker")
}

pub(super) fn check(input: &Input<'_>, record: &Record, out: &mut Findings<'_>) {
    unknown_fields(record, out);
    dates(record, out);
    let deadline = deadline(input, record, out);
    if !decided_by_a_group(record) {
        decision_makers(record, out);
    }
    people(input, record, out);
    let Some(kind) = kind(input, record, out) else {
        return;
    };
    let Some(status) = status(input, record, kind, out) else {
        return;
    };
    required_fields(input, record, kind, status, out);
    if kind.is_open(status) {
        if let Some(deadline) = deadline {
            deadline_rules(input, record, status, &deadline, out);
        }
    } else if status == "accepted" {
        review_due(input, record, out);
        action_items_overdue(input, record, out);
    }
}

fn unknown_fields(record: &Record, out: &mut Findings<'_>) {
    let Some(front_matter) = &record.front_matter else {
        return;
    };
    for field in &front_matter.fields {
        if field::get(&field.key).is_some() || family::is_own_key(record.format, &field.key) {
            continue;
        }
        let help = match rules::closest(&field.key, field::all_names()) {
            Some(near) => format!("did you mean `{near}`? rename the key"),
            None => format!(
                "remove it if it is a mistake, or set `unknown-field = \"off\"` under [rules] in because.toml; known fields: {}",
                field::FIELDS
                    .iter()
                    .map(|f| f.key)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        out.push(
            "unknown-field",
            field.line,
            format!("unknown field `{}`", field.key),
            help,
        );
    }
}

fn dates(record: &Record, out: &mut Findings<'_>) {
    for key in field::names_of(field::Value::Date) {
        let Some(field) = record.field(key) else {
            continue;
        };
        if is_empty(&field.value) {
            continue;
        }
        let readable = parse::scalar(&field.value).is_some_and(|v| time::parse_date(&v).is_some());
        if !readable {
            out.push(
                "invalid-date",
                field.line,
                format!("`{key}` is not a date: {}", show(&field.value)),
                format!("write it as YYYY-MM-DD, e.g. `{key}: 2026-03-04`"),
            );
        }
    }
}

/// The deadline as an instant, reporting it when it cannot be read.
fn deadline(input: &Input<'_>, record: &Record, out: &mut Findings<'_>) -> Option<time::Deadline> {
    let Some(field) = field::names("deadline")
        .into_iter()
        .find_map(|k| record.field(k))
    else {
        // A deadline the body states (a review window's end) is read, not written by hand.
        let text = record.deadline.as_deref()?;
        return time::read_deadline(text, &input.config.tz()).ok();
    };
    if is_empty(&field.value) {
        return None;
    }
    let Some(text) = parse::scalar(&field.value) else {
        out.push(
            "invalid-deadline",
            field.line,
            format!("`deadline` is not a time: {}", show(&field.value)),
            time::DEADLINE_FORMS,
        );
        return None;
    };
    match time::read_deadline(&text, &input.config.tz()) {
        Ok(deadline) => Some(deadline),
        Err(err) => {
            out.push(
                "invalid-deadline",
                field.line,
                format!("cannot read the deadline `{text}`"),
                err.reason,
            );
            None
        }
    }
}

fn kind<'c>(input: &Input<'c>, record: &Record, out: &mut Findings<'_>) -> Option<&'c KindConfig> {
    if let Some(kind) = input.config.kind(&record.kind) {
        return Some(kind);
    }
    let names = input.config.kind_names();
    let hint = match rules::closest(&record.kind, names.iter().copied()) {
        Some(near) => format!("did you mean `kind: {near}`? "),
        None => String::new(),
    };
    out.push(
        "unknown-kind",
        field_line(record, &["kind"]).unwrap_or(1),
        format!("unknown kind `{}`", record.kind),
        format!(
            "{hint}known kinds: {}; add the kind under [kinds] in because.toml to use it",
            names.join(", ")
        ),
    );
    None
}

/// The record's status if it is one of its kind's lifecycle.
fn status<'r>(
    input: &Input<'_>,
    record: &'r Record,
    kind: &KindConfig,
    out: &mut Findings<'_>,
) -> Option<&'r str> {
    let allowed: Vec<&str> = kind.statuses().map(String::as_str).collect();
    let Some(status) = record.status.as_deref() else {
        if family::tool(record.format).is_some_and(|t| t.status_optional) {
            return None;
        }
        out.push(
            "missing-field",
            field_line(record, &["status"]).unwrap_or_else(|| front_matter_line(record)),
            format!("{} has no status", kind_label(record)),
            format!(
                "add `status: {}` to the front matter; {} statuses are: {}",
                kind.initial,
                kind_label(record),
                allowed.join(", ")
            ),
        );
        return None;
    };
    if kind.has_status(status) {
        return Some(status);
    }
    let raw = record.status_raw.as_deref().unwrap_or(status);
    let hint = match suggest_status(input.config, status, &allowed) {
        Some(near) => format!("did you mean `{near}`? "),
        None => String::new(),
    };
    out.push(
        "unknown-status",
        field_line(record, &["status"]).unwrap_or(1),
        format!(
            "unknown status `{raw}` for {}",
            article(&kind_label(record))
        ),
        format!("{hint}allowed statuses: {}", allowed.join(", ")),
    );
    None
}

/// The allowed status closest to a misspelt one, also through the alias table (`aproved` is
/// close to the alias `approved`, which means `accepted`).
fn suggest_status<'a>(config: &Config, status: &str, allowed: &[&'a str]) -> Option<&'a str> {
    // (word to compare with, status it stands for)
    let mut words: Vec<(&str, &'a str)> = allowed.iter().map(|&a| (a, a)).collect();
    for (alias, target) in &config.status_aliases {
        if let Some(&target) = allowed.iter().find(|&&a| a == target) {
            words.push((alias, target));
        }
    }
    let near = rules::closest(status, words.iter().map(|&(word, _)| word))?;
    words
        .iter()
        .find(|&&(word, _)| word == near)
        .map(|&(_, target)| target)
}

fn required_fields(
    input: &Input<'_>,
    record: &Record,
    kind: &KindConfig,
    status: &str,
    out: &mut Findings<'_>,
) {
    let line = field_line(record, &["status"]).unwrap_or(1);
    // A decision migrated from a tool that never recorded who decided stays as it was told.
    let migrated = record
        .field(crate::record::migrate::MIGRATED_FROM)
        .is_some();
    for field in required_by_format(record, kind, status) {
        if record.has(&field) || (migrated && decision_maker_keys().contains(&field.as_str())) {
            continue;
        }
        out.push(
            "missing-field",
            line,
            format!("{status} {} has no {field}", kind_label(record)),
            format!("add `{}` to the front matter", example_field(input, &field)),
        );
    }
}

/// The fields a record must have: its process family's, else its kind's for the status. Other
/// tools' ADR formats never recorded who decided or when (adr-tools, log4brains), so their
/// records are not asked for what their format has no place for.
fn required_by_format(record: &Record, kind: &KindConfig, status: &str) -> Vec<String> {
    if let Some(family) = family::of(record.format) {
        return family.fields.iter().map(|f| f.to_string()).collect();
    }
    let unrecorded = family::tool(record.format).map_or(&[][..], |t| t.unrecorded);
    kind.required_fields(status)
        .iter()
        .filter(|f| !unrecorded.contains(&f.as_str()))
        .cloned()
        .collect()
}

fn deadline_rules(
    input: &Input<'_>,
    record: &Record,
    status: &str,
    deadline: &time::Deadline,
    out: &mut Findings<'_>,
) {
    let now = input.clock.now;
    let line = field_line(record, &["deadline"]).unwrap_or(1);
    let shown = time::in_reader_zone(deadline, &input.clock.reader, now);
    let name = name_of(record);
    let left = deadline.left(now);
    if left.is_negative() {
        out.push(
            "deadline-passed",
            line,
            format!(
                "deadline {shown} passed {} ago, but the {} is still {status}",
                time::span(left),
                kind_label(record)
            ),
            format!(
                "decide it (`because accept {name}` or `because reject {name}`), or move the deadline if the decision is still open"
            ),
        );
        return;
    }
    let window = SignedDuration::from_hours(i64::from(input.config.deadline_soon_hours));
    if left <= window {
        let who = record
            .decision_maker()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        out.push(
            "deadline-soon",
            line,
            format!("deadline {shown} is in {}", time::span(left)),
            format!("the decision-maker{who} should decide by then, or move the deadline"),
        );
    }
}

fn review_due(input: &Input<'_>, record: &Record, out: &mut Findings<'_>) {
    let Some(review_by) = record.review_by.as_deref().and_then(time::parse_date) else {
        return;
    };
    let today = input.clock.today();
    if review_by >= today {
        return;
    }
    let name = name_of(record);
    out.push(
        "review-due",
        field_line(record, &["review-by"]).unwrap_or(1),
        format!(
            "review-by {review_by} has passed ({} ago)",
            time::span(today.duration_since(review_by))
        ),
        format!(
            "review the decision: confirm it and set a later `review-by`, or replace it with `because new --supersedes {name} \"…\"`"
        ),
    );
}

/// Formats whose decision role is a group (MADR's `Deciders`, KEP's `approvers`): several
/// names there are the format, not a mistake.
fn decided_by_a_group(record: &Record) -> bool {
    family::tool(record.format).is_some_and(|t| t.group_decides)
        || family::of(record.format).is_some_and(|f| f.group_decides)
}

/// The follow-through of an accepted decision: an open action item past its due date.
fn action_items_overdue(input: &Input<'_>, record: &Record, out: &mut Findings<'_>) {
    let now = input.clock.now;
    for item in record.action_items.iter().filter(|i| !i.done) {
        let Some(text) = item.due.as_deref() else {
            continue;
        };
        let Ok(due) = time::read_deadline(text, &input.config.tz()) else {
            continue;
        };
        if !due.left(now).is_negative() {
            continue;
        }
        let owner = item.owner.as_deref().unwrap_or("nobody named");
        out.push(
            "action-item-overdue",
            item.line,
            format!(
                "action item \"{}\" ({owner}) was due {} ({} ago)",
                item.task,
                time::in_reader_zone(&due, &input.clock.reader, now),
                time::span(due.left(now))
            ),
            "tick it (`- [x]`) when it is done, or move its `(due …)` date",
        );
    }
}

fn decision_makers(record: &Record, out: &mut Findings<'_>) {
    if record.decision_makers.len() < 2 {
        return;
    }
    out.push(
        "multiple-decision-makers",
        field_line(record, &decision_maker_keys()).unwrap_or(1),
        format!(
            "{} decision-makers ({}); one person is accountable",
            record.decision_makers.len(),
            record.decision_makers.join(", ")
        ),
        "keep one `decision-maker` and move the others to `consulted`",
    );
}

fn people(input: &Input<'_>, record: &Record, out: &mut Findings<'_>) {
    let known = &input.config.people;
    if known.is_empty() {
        return;
    }
    let people = crate::person::People::new(known);
    for key in field::names_of(field::Value::People) {
        let Some(field) = record.field(key) else {
            continue;
        };
        for person in parse::strings(&field.value) {
            // A team or channel is not a person of the table (nor a typo of one).
            if people.knows(&person) || crate::person::is_team(&person) {
                continue;
            }
            let hint = match rules::closest(&person, known.keys().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`? otherwise "),
                None => String::new(),
            };
            out.push(
                "unknown-person",
                field.line,
                format!("`{person}` ({key}) is not in the [people] table"),
                format!(
                    "{hint}add `\"{person}\" = {{ name = \"…\" }}` under [people] in because.toml"
                ),
            );
        }
    }
}

/// A front-matter line the user can paste for a missing field.
fn example_field(input: &Input<'_>, key: &str) -> String {
    let today = input.clock.today();
    let dates = field::ExampleDates {
        today: today.to_string(),
        in_a_week: today.saturating_add(jiff::Span::new().days(7)).to_string(),
        in_a_year: today.saturating_add(jiff::Span::new().years(1)).to_string(),
    };
    match field::get(key) {
        Some(known) => known.example(&dates).replacen(known.key, key, 1),
        None => format!("{key}: …"),
    }
}

/// A value as the user wrote it, roughly, for messages.
fn show(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// `RFC`, `ADR`: how messages name a record's kind.
pub(super) fn kind_label(record: &Record) -> String {
    record.kind.to_uppercase()
}

/// "an ADR", "an RFC", "a DESIGN".
fn article(label: &str) -> String {
    format!("{} {label}", crate::words::article(label))
}

/// A duration as people say it: "3 days", "5 hours", "20 minutes".
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_the_sound_of_the_letter() {
        assert_eq!(article("RFC"), "an RFC");
        assert_eq!(article("ADR"), "an ADR");
        assert_eq!(article("DESIGN"), "a DESIGN");
    }
}
