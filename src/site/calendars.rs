//! The site's calendar feeds: `deadlines.ics` with every open deadline and open action item,
//! and `people/<person>.ics` with those waiting on one person (as decision-maker or
//! consulted, or owning the item), so a decision-maker subscribes once. A decided record's
//! deadline leaves the feeds; a done item does too.

use std::collections::BTreeMap;

use super::plan::{Plan, RecordPage};
use super::render::Output;
use crate::calendar::{self, Event};
use crate::config::Config;
use crate::inbox::{self, Due};

/// Every feed of the site, as files.
pub fn feeds(plan: &Plan<'_>, config: &Config, stamp: jiff::Timestamp) -> Vec<Output> {
    let base = config
        .site
        .base_url
        .as_deref()
        .map(|u| u.trim_end_matches('/'));
    let people = crate::person::People::new(&config.people);
    let mut all = Vec::new();
    let mut by_person: BTreeMap<&str, (String, Vec<Event>)> = BTreeMap::new();
    for page in &plan.records {
        let url = base.map(|b| format!("{b}/{}", page.r.url));
        for open in inbox::open_items_of(page.record, config) {
            let (Some(owner), Some(event)) = (
                &open.item.owner,
                inbox::item_event(&open, url.clone(), stamp),
            ) else {
                continue;
            };
            let mut owners = page.action_items.iter().filter_map(|i| i.owner.as_ref());
            let key = people.key(owner);
            if let Some(who) = owners.find(|p| p.key == key) {
                let entry = by_person
                    .entry(who.key.as_str())
                    .or_insert_with(|| (who.name.clone(), Vec::new()));
                entry.1.push(event.clone());
            }
            all.push(event);
        }
        let Some(event) = open_event(page, config, base, stamp) else {
            continue;
        };
        let people = page.decision_makers.iter().chain(&page.consulted);
        for person in people {
            let entry = by_person
                .entry(person.key.as_str())
                .or_insert_with(|| (person.name.clone(), Vec::new()));
            if !entry.1.iter().any(|e| e.uid == event.uid) {
                entry.1.push(event.clone());
            }
        }
        all.push(event);
    }
    let title = &config.site.title;
    let mut outputs = vec![feed("deadlines.ics", &format!("{title}: deadlines"), &all)];
    for (key, (name, events)) in by_person {
        let path = format!("people/{key}.ics");
        outputs.push(feed(&path, &format!("{title}: waiting on {name}"), &events));
    }
    outputs
}

/// The event of a record still open with a readable deadline; its URL when the site has a
/// base URL (a calendar needs an absolute address).
fn open_event(
    page: &RecordPage<'_>,
    config: &Config,
    base: Option<&str>,
    stamp: jiff::Timestamp,
) -> Option<Event> {
    let record = page.record;
    if !inbox::is_open(record, config) {
        return None;
    }
    let deadline = inbox::deadline_of(record, config)?;
    let url = base.map(|b| format!("{b}/{}", page.r.url));
    Some(inbox::event(&Due { record, deadline }, url, stamp))
}

fn feed(path: &str, name: &str, events: &[Event]) -> Output {
    let mut events = events.to_vec();
    events.sort_by_key(|e| (e.at, e.uid.clone()));
    Output {
        path: path.to_string(),
        bytes: calendar::calendar(name, &events).into_bytes(),
    }
}
