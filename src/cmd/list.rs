//! `because list`: every record, filtered by status, kind, tag or person, as a table, JSON or paths.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde_json::Value;

use super::load_metadata_index;
use crate::inbox;
use crate::record::Record;
use crate::terminal::safe_line;
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Paths,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only records with this status
    #[arg(long)]
    pub status: Option<String>,
    /// Only records of this kind
    #[arg(long)]
    pub kind: Option<String>,
    /// Only records with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only records naming this person (decision-maker, author, consulted or informed), by any
    /// of their names in the [people] table
    #[arg(long)]
    pub person: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Order of the rows
    #[arg(long, value_enum, default_value_t = Sort::Number)]
    pub sort: Sort,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Sort {
    Number,
    /// Soonest deadline first; records without one last
    Deadline,
}

/// A status filter must name a status some kind has: a typo would list nothing, silently.
fn known_status(ws: &Workspace, text: &str) -> Result<String> {
    let status = ws.config.canonical_status(text);
    let mut known: Vec<&str> = ws
        .config
        .kinds
        .values()
        .flat_map(|k| k.statuses())
        .map(String::as_str)
        .collect();
    if known.contains(&status.as_str()) {
        return Ok(status);
    }
    known.sort_unstable();
    known.dedup();
    bail!(
        "unknown status `{text}` for --status; use one of: {}",
        known.join(", ")
    )
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let index = load_metadata_index(&ws)?;
    let status = args
        .status
        .as_deref()
        .map(|s| known_status(&ws, s))
        .transpose()?;
    let people = crate::person::People::new(&ws.config.people);
    let mut records: Vec<&Record> = index
        .records()
        .iter()
        .filter(|r| status.is_none() || r.status == status)
        .filter(|r| {
            args.kind
                .as_deref()
                .is_none_or(|k| r.kind.eq_ignore_ascii_case(k))
        })
        .filter(|r| {
            args.tag
                .as_deref()
                .is_none_or(|t| r.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
        })
        .filter(|r| {
            args.person
                .as_deref()
                .is_none_or(|p| r.people().any(|x| people.same(x, p)))
        })
        .collect();
    if let Sort::Deadline = args.sort {
        records.sort_by_key(|r| {
            let due = inbox::deadline_of(r, &ws.config).map(|d| d.instant());
            (due.is_none(), due, r.number)
        });
    }
    match args.format {
        Format::Table => write_table(&ws, out, &records)?,
        Format::Paths => {
            for record in &records {
                let path = record.path.display().to_string();
                writeln!(out, "{}", safe_line(&path))?;
            }
        }
        Format::Json => {
            let items: Vec<Value> = records.iter().map(|r| record_json(r)).collect();
            serde_json::to_writer_pretty(&mut *out, &items)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A record's metadata as JSON, with the display title (H1, else from the file name).
pub fn record_json(record: &Record) -> Value {
    let mut value = serde_json::to_value(record).expect("a record serializes");
    if let Value::Object(map) = &mut value {
        map.insert("title".into(), Value::String(record.display_title()));
        map.remove("title_line");
    }
    value
}

fn write_table(ws: &Workspace, out: &mut dyn Write, records: &[&Record]) -> Result<()> {
    let rows: Vec<[String; 7]> = records
        .iter()
        .map(|r| {
            [
                // A process's own id keeps its prefix (`SE-0001` and `ST-0001` differ).
                r.id.clone()
                    .or_else(|| r.number.map(|n| format!("{n:04}")))
                    .unwrap_or_else(|| "-".into()),
                r.status.clone().unwrap_or_else(|| "-".into()),
                r.kind.clone(),
                r.date.clone().unwrap_or_else(|| "-".into()),
                r.decision_maker().unwrap_or("-").to_string(),
                super::shown_deadline(ws, r).unwrap_or_else(|| "-".into()),
                r.display_title(),
            ]
            .map(|cell| safe_line(&cell).into_owned())
        })
        .collect();
    let header = [
        "NUMBER",
        "STATUS",
        "KIND",
        "DATE",
        "DECISION-MAKER",
        "DEADLINE",
        "TITLE",
    ];
    super::write_table(out, &header, &rows)
}
