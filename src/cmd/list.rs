//! `because list`: every record, filtered by status, kind, tag or person, as a table, JSON or paths;
//! at a monorepo's root, the records of every member, each named by its member.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde_json::Value;

use super::load_metadata_index;
use crate::inbox;
use crate::record::Record;
use crate::terminal::safe_line;
use crate::workspace::{GlobalOptions, Member};

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
    #[command(flatten)]
    pub root: super::RootArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Sort {
    Number,
    /// Soonest deadline first; records without one last
    Deadline,
}

/// A status filter must name a status some kind of some member has: a typo would list
/// nothing, silently. Each member then reads the word through its own aliases.
fn check_status(members: &[Member], text: &str) -> Result<()> {
    let mut known: Vec<&str> = Vec::new();
    for member in members {
        let config = &member.ws.config;
        let status = config.canonical_status(text);
        let statuses = config.kinds.values().flat_map(|k| k.statuses());
        known.extend(statuses.map(String::as_str));
        if known.contains(&status.as_str()) {
            return Ok(());
        }
    }
    known.sort_unstable();
    known.dedup();
    bail!(
        "unknown status `{text}` for --status; use one of: {}",
        known.join(", ")
    )
}

/// A listed record and the member it belongs to.
struct Row<'a> {
    member: &'a Member,
    record: &'a Record,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let members = super::members(global, &args.root)?;
    if let Some(status) = &args.status {
        check_status(&members.selected, status)?;
    }
    let indexes = members
        .selected
        .iter()
        .map(|m| Ok((m, load_metadata_index(&m.ws)?)))
        .collect::<Result<Vec<_>>>()?;
    let mut rows: Vec<Row<'_>> = Vec::new();
    for (member, index) in &indexes {
        let filter = Filter::new(args, &member.ws.config);
        rows.extend(
            index
                .records()
                .iter()
                .filter(|r| filter.matches(r))
                .map(|record| Row { member, record }),
        );
    }
    if let Sort::Deadline = args.sort {
        rows.sort_by_key(|row| {
            let due = inbox::deadline_of(row.record, &row.member.ws.config).map(|d| d.instant());
            (due.is_none(), due, row.record.number)
        });
    }
    write_rows(out, args.format, &rows, members.is_monorepo)?;
    Ok(ExitCode::SUCCESS)
}

/// The filters of `list`, as one member's configuration reads them.
struct Filter<'a> {
    args: &'a Args,
    status: Option<String>,
    people: crate::person::People,
}

impl<'a> Filter<'a> {
    fn new(args: &'a Args, config: &crate::config::Config) -> Filter<'a> {
        Filter {
            args,
            status: args.status.as_deref().map(|s| config.canonical_status(s)),
            people: crate::person::People::new(&config.people),
        }
    }

    fn matches(&self, r: &Record) -> bool {
        let args = self.args;
        (self.status.is_none() || r.status == self.status)
            && args
                .kind
                .as_deref()
                .is_none_or(|k| r.kind.eq_ignore_ascii_case(k))
            && args
                .tag
                .as_deref()
                .is_none_or(|t| r.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
            && args
                .person
                .as_deref()
                .is_none_or(|p| r.people().any(|x| self.people.same(x, p)))
    }
}

/// The rows in the chosen format; in a monorepo each names its member (`ROOT`, `"root"`), so a
/// single repository's output stays as it was.
fn write_rows(out: &mut dyn Write, format: Format, rows: &[Row<'_>], named: bool) -> Result<()> {
    match format {
        Format::Table => write_table(out, rows, named)?,
        Format::Paths => {
            for row in rows {
                let path = row.record.path.display().to_string();
                writeln!(out, "{}", safe_line(&path))?;
            }
        }
        Format::Json => {
            let items: Vec<Value> = rows
                .iter()
                .map(|row| {
                    let mut value = record_json(row.record);
                    if let (true, Value::Object(map)) = (named, &mut value) {
                        map.insert("root".into(), Value::String(row.member.name.clone()));
                    }
                    value
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &items)?;
            writeln!(out)?;
        }
    }
    Ok(())
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

fn write_table(out: &mut dyn Write, rows: &[Row<'_>], named: bool) -> Result<()> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let (ws, r) = (&row.member.ws, row.record);
            let root = named.then(|| row.member.name.clone());
            root.into_iter()
                .chain([
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
                ])
                .map(|cell| safe_line(&cell).into_owned())
                .collect()
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
    let root = named.then_some("ROOT");
    let header: Vec<&str> = root.into_iter().chain(header).collect();
    super::write_table(out, &header, &cells)
}
