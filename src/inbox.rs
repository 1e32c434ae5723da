//! The inbox: open decisions that have a deadline, soonest first, for `because due`, the
//! `list` deadline column and the site's calendars. Pure: records and config in, rows out.

use crate::calendar;
use crate::config::Config;
use crate::index::ACCEPTED;
use crate::index::Index;
use crate::person;
use crate::record::{ActionItem, Record};
use crate::time::{self, Deadline};

/// Which part a person plays in a decision (RACI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Accountable: the one who decides.
    DecisionMaker,
    /// Does the work (defaults to the authors).
    Responsible,
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

/// Whether `who` plays `role` in the record (`people` knows who is the same person).
pub fn plays(record: &Record, who: &str, role: Role, people: &person::People) -> bool {
    let names = match role {
        Role::DecisionMaker => &record.decision_makers,
        Role::Responsible => record.responsible(),
        Role::Consulted => &record.consulted,
        Role::Informed => &record.informed,
    };
    names.iter().any(|p| people.same(p, who))
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

/// An open action item and the instant it is due, when it has a readable due date.
#[derive(Debug, Clone)]
pub struct OpenItem<'a> {
    pub record: &'a Record,
    pub item: &'a ActionItem,
    pub due: Option<Deadline>,
}

impl OpenItem<'_> {
    pub fn is_overdue(&self, now: jiff::Timestamp) -> bool {
        self.due.as_ref().is_some_and(|d| d.instant() < now)
    }
}

/// Open action items of records that are accepted or still open (a rejected decision's
/// follow-up is moot), soonest due first, undated last.
pub fn open_items<'a>(index: &'a Index, config: &Config) -> Vec<OpenItem<'a>> {
    let mut items: Vec<OpenItem<'a>> = index
        .records()
        .iter()
        .flat_map(|record| open_items_of(record, config))
        .collect();
    items.sort_by_key(|i| {
        let at = i.due.as_ref().map(|d| d.instant());
        (at.is_none(), at, i.record.number, i.item.line)
    });
    items
}

/// The open action items of one record, none when the record is closed without acceptance.
pub fn open_items_of<'a>(record: &'a Record, config: &Config) -> Vec<OpenItem<'a>> {
    let live = record.status.as_deref() == Some(ACCEPTED) || is_open(record, config);
    if !live {
        return Vec::new();
    }
    let zone = config.tz();
    record
        .action_items
        .iter()
        .filter(|i| !i.done)
        .map(|item| OpenItem {
            record,
            item,
            due: item
                .due
                .as_deref()
                .and_then(|t| time::read_deadline(t, &zone).ok()),
        })
        .collect()
}

/// The calendar event of an action item with a due date.
pub fn item_event(
    open: &OpenItem,
    url: Option<String>,
    stamp: jiff::Timestamp,
) -> Option<calendar::Event> {
    let due = open.due.as_ref()?;
    let record = open.record;
    let owner = open.item.owner.as_deref().unwrap_or("no owner named");
    let from = match record.number {
        Some(n) => format!("{} {n}", record.kind.to_uppercase()),
        None => record.file_name.clone(),
    };
    Some(calendar::Event {
        // The task names the item: moving its line keeps the UID, rewording it makes a new one.
        uid: format!(
            "{}-item-{}@because",
            from.to_lowercase().replace(' ', "-"),
            crate::record::name::slugify(&open.item.task)
        ),
        at: due.instant(),
        summary: format!("Action item: {} ({from})", open.item.task),
        url,
        stamp,
        description: format!(
            "Owner: {owner}. From {from} {}. Due: {}.",
            record.display_title(),
            due.written()
        ),
    })
}
