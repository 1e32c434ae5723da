//! `because show N`: one record's metadata, relations (both directions) and text.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::Value;

use super::{list::record_json, load_index, resolve};
use crate::index::Index;
use crate::record::{Record, Relation};
use crate::terminal::{safe, safe_line};
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record (number or file)
    pub record: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let index = load_index(&ws)?;
    let record = resolve(&ws, &index, &args.record)?;
    match args.format {
        Format::Json => {
            let mut value = record_json(record);
            if let Value::Object(map) = &mut value {
                map.insert("relations".into(), relations_json(&index, record));
                map.insert("in_force".into(), Value::String(in_force(&index, record)));
                map.insert("body".into(), Value::String(record.body.clone()));
                map.insert("problems".into(), serde_json::to_value(&record.problems)?);
            }
            serde_json::to_writer_pretty(&mut *out, &value)?;
            writeln!(out)?;
        }
        Format::Text => write_text(out, &ws, &index, record)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Relations seen from both ends: what this record writes and what others write about it.
fn relations<'i>(index: &'i Index, record: &Record) -> Vec<(Relation, &'i [u32])> {
    let Some(n) = record.number else {
        return Vec::new();
    };
    Relation::ALL
        .into_iter()
        .map(|rel| (rel, index.related_both_ways(n, rel)))
        .filter(|(_, numbers)| !numbers.is_empty())
        .collect()
}

/// Whether the record is in force, by the one rule (accepted, and no accepted record
/// supersedes it), and what else is true of it: a pending successor, what replaced it.
fn in_force(index: &Index, record: &Record) -> String {
    let Some(n) = record.number else {
        return "no (the record has no number)".into();
    };
    let pending: Vec<String> = index
        .related_both_ways(n, Relation::SupersededBy)
        .iter()
        .filter(|&&m| !index.effective_successors(n).contains(&m))
        .filter(|&&m| !matches!(index.status(m), Some("rejected" | "withdrawn")))
        .map(|m| format!("{m:04}"))
        .collect();
    let pending = match pending.is_empty() {
        true => String::new(),
        false => format!(
            "; a proposal to supersede it is open: {}",
            pending.join(", ")
        ),
    };
    if index.is_in_force(n) {
        return format!("yes{pending}");
    }
    match index.in_force(n) {
        Some(m) => format!("no; {m:04} is in force in its place{pending}"),
        None => format!("no{pending}"),
    }
}

fn relations_json(index: &Index, record: &Record) -> Value {
    let map = relations(index, record)
        .into_iter()
        .map(|(rel, numbers)| (rel.key().to_string(), Value::from(numbers)))
        .collect();
    Value::Object(map)
}

/// The fields a record has, as `key: value` rows.
fn field_rows(ws: &Workspace, record: &Record) -> Vec<(&'static str, String)> {
    let list = |names: &[String]| Some(names.join(", ")).filter(|s| !s.is_empty());
    let optional: [(&str, Option<String>); 10] = [
        ("date", record.date.clone()),
        ("decision-maker", list(&record.decision_makers)),
        ("authors", list(&record.authors)),
        ("responsible", list(record.responsible())),
        ("consulted", list(&record.consulted)),
        ("informed", list(&record.informed)),
        ("deadline", super::shown_deadline(ws, record)),
        ("decided", record.decided.clone()),
        ("review-by", record.review_by.clone()),
        ("tags", list(&record.tags)),
    ];
    optional
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
}

fn write_text(out: &mut dyn Write, ws: &Workspace, index: &Index, record: &Record) -> Result<()> {
    let number = record
        .id
        .clone()
        .or_else(|| record.number.map(|n| format!("{n:04}")))
        .map(|id| format!("{id}  "))
        .unwrap_or_default();
    writeln!(out, "{number}{}", safe_line(&record.display_title()))?;
    let rows = rows(ws, index, record);
    let width = rows
        .iter()
        .map(|(k, _)| k.len() + 1)
        .max()
        .unwrap_or(0)
        .max(15);
    for (key, value) in rows {
        // Keys can come from the record too (keys no field stands for): escaped as values are.
        let key = format!("{}:", safe_line(key));
        writeln!(out, "  {key:<width$} {}", safe_line(&value))?;
    }
    writeln!(out)?;
    out.write_all(safe(&record.body).as_bytes())?;
    Ok(())
}

/// The metadata lines of `show`, in order: key and value.
fn rows<'r>(ws: &Workspace, index: &Index, record: &'r Record) -> Vec<(&'r str, String)> {
    let mut rows: Vec<(&str, String)> = vec![
        ("path", record.path.display().to_string()),
        ("kind", record.kind.clone()),
        (
            "status",
            record.status_raw.clone().unwrap_or_else(|| "-".into()),
        ),
    ];
    rows.extend(field_rows(ws, record));
    // Keys no field stands for (a process's `Type:`, `owning-sig`) are kept and shown.
    rows.extend(record.extra.iter().map(|(k, v)| (k.as_str(), v.clone())));
    rows.push(("in force", in_force(index, record)));
    for item in &record.action_items {
        rows.push(("action item", action_item(ws, item)));
    }
    for (relation, numbers) in relations(index, record) {
        let names: Vec<String> = numbers
            .iter()
            .map(|n| match index.get(*n) {
                Some(other) => format!("{n:04} {}", other.display_title()),
                None => format!("{n:04} (missing)"),
            })
            .collect();
        rows.push((relation.key(), names.join("; ")));
    }
    rows
}

/// `[ ] @alex: write the migration (due Fri 20 Feb 23:59 UTC, overdue by 9 days)`.
fn action_item(ws: &Workspace, item: &crate::record::ActionItem) -> String {
    let mark = if item.done { "[x]" } else { "[ ]" };
    let owner = item
        .owner
        .as_deref()
        .map(|o| format!("{o}: "))
        .unwrap_or_default();
    let due = item.due.as_deref().map(|text| {
        let Ok(due) = crate::time::read_deadline(text, &ws.config.tz()) else {
            return format!(" (due {text})");
        };
        let now = ws.clock.now;
        let shown = crate::time::in_reader_zone(&due, &ws.clock.reader, now);
        match item.done {
            true => format!(" (due {shown})"),
            false => format!(" (due {shown}, {})", crate::time::time_left(&due, now)),
        }
    });
    format!("{mark} {owner}{}{}", item.task, due.unwrap_or_default())
}
