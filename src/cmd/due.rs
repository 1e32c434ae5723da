//! `because due`: the inbox of open decisions, soonest first, in the reader's zone; filtered by
//! person and role, by window or to the overdue; as a table, JSON or an iCalendar feed.
//! `--fail-overdue` makes it a scheduled CI job that fails while a decision is late.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use jiff::Timestamp;
use serde_json::{Value, json};

use super::load_metadata_index;
use crate::calendar;
use crate::inbox::{self, Due, OpenItem, Role};
use crate::index::Index;
use crate::person;
use crate::time;
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Ics,
}

/// The part `--person` plays (RACI).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    DecisionMaker,
    Responsible,
    Consulted,
    Informed,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only decisions waiting on this person (as decision-maker unless --role says otherwise),
    /// and the open action items they own
    #[arg(long, value_name = "PERSON")]
    pub person: Option<String>,
    /// The part --person plays
    #[arg(long, value_enum, default_value_t = RoleArg::DecisionMaker, requires = "person")]
    pub role: RoleArg,
    /// Only deadlines before this much time from now (`7d`, `48h`, `2w`); overdue ones stay
    #[arg(long, value_name = "SPAN")]
    pub within: Option<String>,
    /// Only deadlines that have passed
    #[arg(long)]
    pub overdue: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Exit 1 when any listed decision is overdue (for a scheduled CI job)
    #[arg(long)]
    pub fail_overdue: bool,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let index = load_metadata_index(&ws)?;
    let limit = within_limit(&ws, args)?;
    let due = decisions(&ws, &index, args, limit);
    let items = action_items(&ws, &index, args, limit);
    write(&ws, out, args.format, &due, &items)?;
    let now = ws.clock.now;
    let late = due.iter().filter(|d| d.deadline.instant() < now).count();
    let late_items = items.iter().filter(|i| i.is_overdue(now)).count();
    if args.fail_overdue && late + late_items > 0 {
        eprintln!("{late} open decision(s) and {late_items} action item(s) past their deadline");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Open decisions under the filters, soonest first.
fn decisions<'a>(
    ws: &Workspace,
    index: &'a Index,
    args: &Args,
    limit: Option<Timestamp>,
) -> Vec<Due<'a>> {
    let now = ws.clock.now;
    let people = person::People::new(&ws.config.people);
    inbox::open_deadlines(index, &ws.config)
        .into_iter()
        .filter(|d| {
            args.person
                .as_deref()
                .is_none_or(|p| inbox::plays(d.record, p, role(args), &people))
        })
        .filter(|d| limit.is_none_or(|l| d.deadline.instant() <= l))
        .filter(|d| !args.overdue || d.deadline.instant() < now)
        .collect()
}

/// With `--person`, the open action items they own, under the same window filters.
fn action_items<'a>(
    ws: &Workspace,
    index: &'a Index,
    args: &Args,
    limit: Option<Timestamp>,
) -> Vec<OpenItem<'a>> {
    let Some(who) = args.person.as_deref() else {
        return Vec::new();
    };
    let now = ws.clock.now;
    let people = person::People::new(&ws.config.people);
    let at = |i: &OpenItem| i.due.as_ref().map(|d| d.instant());
    inbox::open_items(index, &ws.config)
        .into_iter()
        .filter(|i| i.item.owner.as_deref().is_some_and(|o| people.same(o, who)))
        .filter(|i| limit.is_none_or(|l| at(i).is_some_and(|a| a <= l)))
        .filter(|i| !args.overdue || i.is_overdue(now))
        .collect()
}

fn write(
    ws: &Workspace,
    out: &mut dyn Write,
    format: Format,
    due: &[Due],
    items: &[OpenItem],
) -> Result<()> {
    let now = ws.clock.now;
    match format {
        Format::Table => {
            write_table(ws, out, due)?;
            if !items.is_empty() {
                writeln!(out)?;
                write_items(ws, out, items)?;
            }
        }
        Format::Json => {
            let mut all: Vec<Value> = due.iter().map(|d| due_json(ws, d)).collect();
            all.extend(items.iter().map(|i| item_json(ws, i)));
            serde_json::to_writer_pretty(&mut *out, &all)?;
            writeln!(out)?;
        }
        Format::Ics => {
            let mut events: Vec<calendar::Event> =
                due.iter().map(|d| inbox::event(d, None, now)).collect();
            events.extend(items.iter().filter_map(|i| inbox::item_event(i, None, now)));
            out.write_all(calendar::calendar("Decisions due", &events).as_bytes())?;
        }
    }
    Ok(())
}

fn write_items(ws: &Workspace, out: &mut dyn Write, items: &[OpenItem]) -> Result<()> {
    let now = ws.clock.now;
    let rows: Vec<[String; 5]> = items
        .iter()
        .map(|i| {
            let (due, left) = match &i.due {
                Some(d) => (
                    time::in_reader_zone(d, &ws.clock.reader, now),
                    time::time_left(d, now),
                ),
                None => (i.item.due.clone().unwrap_or_else(|| "-".into()), "-".into()),
            };
            let owner = i.item.owner.clone().unwrap_or_default();
            [number(i.record), due, left, owner, i.item.task.clone()]
        })
        .collect();
    let header = ["FROM", "ACTION ITEM DUE", "LEFT", "OWNER", "TASK"];
    super::write_table(out, &header, &rows)
}

fn item_json(ws: &Workspace, i: &OpenItem) -> Value {
    json!({
        "type": "action-item",
        "number": i.record.number,
        "title": i.record.display_title(),
        "owner": i.item.owner,
        "task": i.item.task,
        "due": i.due.as_ref().map(|d| d.written()).or_else(|| i.item.due.clone()),
        "due_utc": i.due.as_ref().map(|d| d.instant().to_string()),
        "overdue": i.is_overdue(ws.clock.now),
        "path": i.record.path,
        "line": i.item.line,
    })
}

fn role(args: &Args) -> Role {
    match args.role {
        RoleArg::DecisionMaker => Role::DecisionMaker,
        RoleArg::Responsible => Role::Responsible,
        RoleArg::Consulted => Role::Consulted,
        RoleArg::Informed => Role::Informed,
    }
}

/// `--within 7d` as the latest instant shown; read like `--deadline +7d`.
fn within_limit(ws: &Workspace, args: &Args) -> Result<Option<Timestamp>> {
    let Some(text) = &args.within else {
        return Ok(None);
    };
    let span = format!("+{}", text.trim().trim_start_matches('+'));
    let limit = time::parse_deadline(&span, &ws.clock).map_err(|_| {
        crate::error::Refusal::new(format!(
            "cannot read --within `{text}`; write a number and a unit: 90m, 48h, 7d, 2w"
        ))
    })?;
    Ok(Some(limit.instant()))
}

fn number(record: &crate::record::Record) -> String {
    record
        .number
        .map(|n| format!("{n:04}"))
        .unwrap_or_else(|| "-".into())
}

fn write_table(ws: &Workspace, out: &mut dyn Write, due: &[Due]) -> Result<()> {
    let now = ws.clock.now;
    let rows: Vec<[String; 5]> = due
        .iter()
        .map(|d| {
            [
                number(d.record),
                time::in_reader_zone(&d.deadline, &ws.clock.reader, now),
                time::time_left(&d.deadline, now),
                d.record.decision_maker().unwrap_or("-").to_string(),
                d.record.display_title(),
            ]
        })
        .collect();
    let header = ["NUMBER", "DEADLINE", "LEFT", "DECISION-MAKER", "TITLE"];
    super::write_table(out, &header, &rows)
}

fn due_json(ws: &Workspace, d: &Due) -> Value {
    let now = ws.clock.now;
    json!({
        "type": "decision",
        "number": d.record.number,
        "title": d.record.display_title(),
        "kind": d.record.kind,
        "status": d.record.status,
        "decision_maker": d.record.decision_maker(),
        "deadline": d.deadline.written(),
        "deadline_utc": d.deadline.instant().to_string(),
        "zone": d.deadline.zone_name(),
        "shown": time::in_reader_zone(&d.deadline, &ws.clock.reader, now),
        "seconds_left": d.deadline.left(now).as_secs(),
        "overdue": d.deadline.instant() < now,
        "path": d.record.path,
    })
}
