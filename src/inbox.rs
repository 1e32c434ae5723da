//! The inbox: open decisions that have a deadline, soonest first, for `because due`, the
//! `list` deadline column and the site's calendars. Pure: records and config in, rows out.

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
