//! The inbox: open decisions that have a deadline, soonest first, for `because due`, the
//! `list` deadline column and the site's calendars. Pure: records and config in, rows out.

use crate::calendar;
use crate::config::Config;
use crate::index::Index;
use crate::person;
use crate::record::Record;
use crate::time::{self, Deadline};

/// Which part a person plays in a decision (RACI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Accountable: the one who decides.
    DecisionMaker,
    Consulted,
    Informed,
}

/// One open decision with a readable deadline.
#[derive(Debug, Clone)]
pub struct Due<'a> {
    pub record: &'a Record,
    pub deadline: Deadline,
}

/// The record's deadline as an instant, when it has a readable one.
pub fn deadline_of(record: &Record, config: &Config) -> Option<Deadline> {
    let text = record.deadline.as_deref()?;
    time::read_deadline(text, &config.tz()).ok()
}

/// Whether the record still awaits its decision.
pub fn is_open(record: &Record, config: &Config) -> bool {
    record
        .status
        .as_deref()
        .is_some_and(|s| config.is_open(&record.kind, s))
}

/// Every open decision with a deadline, soonest first (then by number).
pub fn open_deadlines<'a>(index: &'a Index, config: &Config) -> Vec<Due<'a>> {
    let mut due: Vec<Due<'a>> = index
        .records()
        .iter()
        .filter(|r| is_open(r, config))
        .filter_map(|record| {
            let deadline = deadline_of(record, config)?;
            Some(Due { record, deadline })
        })
        .collect();
    due.sort_by_key(|d| (d.deadline.instant(), d.record.number));
    due
}

/// Whether `who` plays `role` in the record.
pub fn plays(record: &Record, who: &str, role: Role) -> bool {
    let people = match role {
        Role::DecisionMaker => &record.decision_makers,
        Role::Consulted => &record.consulted,
        Role::Informed => &record.informed,
    };
    people.iter().any(|p| person::same(p, who))
}

/// The calendar event of one deadline; `url` is the record's page when there is a site.
pub fn event(d: &Due, url: Option<String>, stamp: jiff::Timestamp) -> calendar::Event {
    let record = d.record;
    let label = match record.number {
        Some(n) => format!("{} {n}", record.kind.to_uppercase()),
        None => record.file_name.clone(),
    };
    let who = record.decision_maker().unwrap_or("no decision-maker named");
    calendar::Event {
        // The number is the record's identity; a title (and so a file name) may change.
        uid: match record.number {
            Some(n) => format!("{}-{n}-deadline@because", record.kind),
            None => format!(
                "{}-deadline@because",
                record.file_name.trim_end_matches(".md")
            ),
        },
        at: d.deadline.instant(),
        summary: format!("Decision due: {label} {}", record.display_title()),
        url,
        stamp,
        description: format!("Decision-maker: {who}. Deadline: {}.", d.deadline.written()),
    }
}
