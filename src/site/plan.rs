//! Plan: from the index, the config and (optionally) Git history to the data every page shows.
//!
//! Pure data, no IO and no HTML: page names, links between pages, banners, deadline badges,
//! people and their roles, the timeline. Rendering turns these views into bytes.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::code::{CodeTies, GlobView};
use super::markdown::{self, Links};
use crate::config::Config;
use crate::git::{FileChange, FileCommit, History};
use crate::index::Index;
use crate::record::{Record, Relation, name};

/// Where Git history came from, if anywhere.
#[derive(Debug, Clone, Copy)]
pub enum HistorySource<'a> {
    Read(&'a History),
    /// `--no-history`.
    Skipped,
    /// Not a Git repository, or no commit yet.
    Unavailable,
}

/// Everything planning needs; built by `site::build`.
pub struct Inputs<'a> {
    pub index: &'a Index,
    pub config: &'a Config,
    pub history: HistorySource<'a>,
    /// The "now" deadline badges are relative to (`--now` / `BECAUSE_NOW`, else the clock).
    pub now: jiff::Timestamp,
    /// The records directory relative to the repository root, `/`-separated.
    pub records_rel: String,
    /// Build time shown on pages, only when `SOURCE_DATE_EPOCH` gives one (RFC 3339).
    pub built: Option<String>,
    /// The forge's page of a file, `{path}` standing for its path in the repository.
    pub source_url: Option<String>,
    /// What ties each record to code (globs and their files, commits), and the code page.
    pub code: &'a CodeTies,
    /// The records directory's own page (`index.md` or `README.md`), in Markdown: the home
    /// page's introduction.
    pub intro: Option<String>,
}

/// The pages to write, as data.
pub struct Plan<'a> {
    pub site: SiteView,
    pub records: Vec<RecordPage<'a>>,
    pub people: Vec<PersonPage>,
    pub timeline: Vec<TimelineGroup>,
    pub filters: Filters,
    pub links: Links,
    /// Every record with a relation, drawn as SVG (the graph page); empty when none has one.
    pub graph: String,
    /// The home page's introduction, in Markdown.
    pub intro: Option<String>,
    /// The decisions in force now, by tag: what a newcomer needs to know.
    pub in_force: Vec<InForceGroup>,
    /// The code page: top-level paths and the decisions in force tied to each.
    pub code: Vec<CodePath>,
}

/// A top-level path of the repository and the decisions in force tied to it.
#[derive(Debug, Clone, Serialize)]
pub struct CodePath {
    pub path: String,
    pub records: Vec<RecordRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    /// With a trailing slash, when configured.
    pub base_url: Option<String>,
    /// `read`, `shallow`, `skipped` or `unavailable`.
    pub history: &'static str,
    pub built: Option<String>,
    pub generator: String,
    pub record_count: usize,
}

/// A link to a record, with what a list shows about it.
#[derive(Debug, Clone, Serialize)]
pub struct RecordRef {
    /// `0003`, or the file's slug for a record without a number.
    pub id: String,
    pub number: Option<u32>,
    pub title: String,
    /// Relative to the site root (`records/0003-x.html`); empty when the record is missing.
    pub url: String,
    /// Canonical status, or `unknown`.
    pub status: String,
    /// A CSS-safe form of the status.
    pub status_class: String,
    pub kind: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct PersonRef {
    pub key: String,
    pub name: String,
    /// Relative to the site root.
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    pub text: String,
    /// The instant in UTC (RFC 3339), for the page's script to show in the reader's zone.
    pub instant: Option<String>,
    /// The deadline in its own zone, `Thu 12 Mar 2026 17:00 PDT`.
    pub own: Option<String>,
    /// `overdue`, `due today`, `due in 3 days`; only while the record is open.
    pub badge: Option<String>,
    pub overdue: bool,
    /// Due within `deadline-soon-hours` and not yet passed.
    pub soon: bool,
    /// The date the badge was computed on (the build's clock, in the configured zone): the
    /// page's script recomputes it when the page is viewed; without script it says its age.
    pub as_of: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelationView {
    pub label: &'static str,
    pub key: &'static str,
    pub records: Vec<RecordRef>,
}

/// The PEP-style notice on a record that is no longer (or never was) in force.
#[derive(Debug, Clone, Serialize)]
pub struct Banner {
    pub status: String,
    pub message: String,
    /// Records that directly supersede this one and took effect (were accepted).
    pub successors: Vec<RecordRef>,
    /// Open proposals to supersede this one: not in effect until accepted.
    pub pending: Vec<RecordRef>,
    /// The end of the supersede chain, when it is not this record.
    pub in_force: Option<RecordRef>,
    /// The end of the chain is one of `successors` (the banner then says so once).
    pub successor_in_force: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommitView {
    pub short: String,
    pub id: String,
    pub author: String,
    pub author_key: String,
    pub author_url: String,
    pub date: String,
    pub subject: String,
    /// `added`, `modified`, `renamed from …`, `deleted`, or `present at the shallow boundary`.
    pub change: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    pub from: Option<String>,
    pub to: String,
    pub commit: CommitView,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordHistory {
    /// `read`, `shallow`, `skipped`, `unavailable`, or `untracked` (not committed yet).
    pub state: &'static str,
    pub created: Option<CommitView>,
    /// Newest first.
    pub commits: Vec<CommitView>,
    /// Oldest first.
    pub changes: Vec<StatusChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordPage<'a> {
    #[serde(skip)]
    pub record: &'a Record,
    pub r: RecordRef,
    /// Page file name inside `records/`.
    pub file: String,
    /// The record's path in the repository.
    pub source: String,
    /// The status as the record words it, when that says more than the lifecycle status
    /// (`Accepted (after the July review)`); shown beside the pill.
    pub status_words: Option<String>,
    pub date: Option<String>,
    /// Where `date` came from: `front matter` or `git`.
    pub date_source: Option<&'static str>,
    pub decided: Option<String>,
    pub review_by: Option<String>,
    pub deadline: Option<DeadlineView>,
    pub decision_makers: Vec<PersonRef>,
    /// Who wrote the proposal, as the record says; the git creator is `history.created`.
    pub authors: Vec<PersonRef>,

    pub responsible: Vec<PersonRef>,
    pub consulted: Vec<PersonRef>,
    pub informed: Vec<PersonRef>,
    pub action_items: Vec<ActionItemView>,
    pub tags: Vec<String>,
    pub relations: Vec<RelationView>,
    pub banner: Option<Banner>,
    /// Accepted and not superseded by an accepted record: the only records called in force.
    pub in_force: bool,
    pub history: RecordHistory,
    /// `|`-joined person keys and tags, for the index's filters.
    pub people_keys: String,
    pub tag_keys: String,
    /// The date the timeline files this record under.
    pub timeline_date: Option<String>,
    /// This record and its direct relations, drawn as SVG, when it has any.
    pub graph: Option<String>,
    /// The record's file on the forge, when the repository's forge is known.
    pub source_url: Option<String>,
    /// The records before and after this one in the index's order.
    pub prev: Option<RecordRef>,
    pub next: Option<RecordRef>,
    /// `governs` globs with the files each matches now.
    pub governs: Vec<GlobView>,
    /// Files tied to the record by commits that cite it or change it with code.
    pub code_files: Vec<String>,
}

/// One line of a record's `## Action items`, as the site shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ActionItemView {
    pub owner: Option<PersonRef>,
    pub task: String,
    pub due: Option<DeadlineView>,
    pub done: bool,
}

/// An action item on its owner's page.
#[derive(Debug, Clone, Serialize)]
pub struct PersonItem {
    pub r: RecordRef,
    pub item: ActionItemView,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonPage {
    pub person: PersonRef,
    pub decided: Vec<RecordRef>,
    pub responsible: Vec<RecordRef>,
    pub action_items: Vec<PersonItem>,
    pub consulted: Vec<RecordRef>,
    pub informed: Vec<RecordRef>,
    /// Records naming them among the authors.
    pub authored: Vec<RecordRef>,
    /// Records whose file they added in Git.
    pub created: Vec<RecordRef>,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub date: String,
    /// `decided` when the date is the decision date, else `proposed`.
    pub event: &'static str,
    pub r: RecordRef,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineGroup {
    /// `2026-03`, or `undated`.
    pub key: String,
    pub label: String,
    pub entries: Vec<TimelineEntry>,
}

/// The values the index's filters offer.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Filters {
    pub statuses: Vec<String>,
    pub kinds: Vec<String>,
    pub tags: Vec<String>,
    pub people: Vec<PersonRef>,
}

/// Plan every page.
pub fn plan<'a>(inputs: &Inputs<'a>) -> Plan<'a> {
    let people = PeopleKeys::new(inputs.config);
    let files = page_files(inputs.index.records());
    let links = links(inputs.index.records(), &files);
    let refs: Vec<RecordRef> = inputs
        .index
        .records()
        .iter()
        .zip(&files)
        .map(|(r, file)| record_ref(r, file))
        .collect();
    let by_number: BTreeMap<u32, &RecordRef> = refs
        .iter()
        .filter_map(|r| r.number.map(|n| (n, r)))
        .rev() // the first record of a duplicated number wins, as in `Index::get`
        .collect();
    let graph = crate::graph::Graph::of(inputs.index);
    let neighbourhoods = crate::graph::Neighbourhoods::new(&graph);
    let context = Context {
        inputs,
        people: &people,
        by_number: &by_number,
        neighbourhoods: &neighbourhoods,
    };
    let mut records: Vec<RecordPage<'a>> = inputs
        .index
        .records()
        .iter()
        .zip(files)
        .zip(&refs)
        .enumerate()
        .map(|(i, ((record, file), r))| {
            let mut page = context.record_page(record, file, r.clone());
            page.governs = inputs.code.governed.get(i).cloned().unwrap_or_default();
            page.code_files = inputs.code.committed.get(i).cloned().unwrap_or_default();
            page
        })
        .collect();
    let code = code_paths(inputs, &context);
    for (i, page) in records.iter_mut().enumerate() {
        page.prev = i.checked_sub(1).map(|p| refs[p].clone());
        page.next = refs.get(i + 1).cloned();
    }
    let site = site_view(inputs, records.len());
    Plan {
        graph: context.svg(&graph.connected(), ""),
        intro: inputs.intro.clone(),
        in_force: in_force(&records),
        filters: filters(&records),
        people: people_pages(&records),
        timeline: timeline(&records),
        site,
        records,
        links,
        code,
    }
}

/// The record's date and where it came from: the front matter, else the commit that added it.
fn dated(record: &Record, history: &RecordHistory) -> (Option<String>, Option<&'static str>) {
    match (&record.date, &history.created) {
        (Some(date), _) => (Some(date.clone()), Some("front matter")),
        (None, Some(created)) => (Some(created.date.clone()), Some("git")),
        (None, None) => (None, None),
    }
}

/// The status as the record words it, cleaned of Markdown and badges, unless it is just the
/// lifecycle status.
fn status_words(record: &Record) -> Option<String> {
    let words = record
        .status_text
        .clone()
        .or_else(|| record.status_raw.clone())
        .unwrap_or_else(|| "unknown".into());
    let status = record.status.as_deref().unwrap_or("unknown");
    (!words.eq_ignore_ascii_case(status)).then_some(words)
}

/// `|`-joined keys of everyone in `lists`, each once: what the index's person filter matches.
fn keys(lists: &[&[PersonRef]]) -> String {
    let keys: BTreeSet<&str> = lists
        .iter()
        .flat_map(|l| l.iter())
        .map(|p| p.key.as_str())
        .collect();
    keys.into_iter().collect::<Vec<_>>().join("|")
}

/// What every page shows about the site itself.
fn site_view(inputs: &Inputs<'_>, record_count: usize) -> SiteView {
    SiteView {
        title: inputs.config.site.title.clone(),
        base_url: inputs
            .config
            .site
            .base_url
            .as_ref()
            .map(|u| format!("{}/", u.trim_end_matches('/'))),
        history: match inputs.history {
            HistorySource::Read(h) if h.shallow => "shallow",
            HistorySource::Read(_) => "read",
            HistorySource::Skipped => "skipped",
            HistorySource::Unavailable => "unavailable",
        },
        built: inputs.built.clone(),
        generator: format!("because {}", env!("CARGO_PKG_VERSION")),
        record_count,
    }
}

/// The code page: top-level paths and the records in force tied to them.
fn code_paths(inputs: &Inputs<'_>, context: &Context<'_, '_>) -> Vec<CodePath> {
    inputs
        .code
        .top
        .iter()
        .map(|(path, numbers)| CodePath {
            path: path.clone(),
            records: numbers.iter().map(|&n| context.lookup(n)).collect(),
        })
        .collect()
}

/// A link to each record's page, as the site of these records names it: what a monorepo's top
/// page lists for each member.
pub fn record_refs(records: &[Record]) -> Vec<RecordRef> {
    let files = page_files(records);
    records
        .iter()
        .zip(&files)
        .map(|(r, file)| record_ref(r, file))
        .collect()
}

/// Page file names inside `records/`: `0003-slug.html`, unique, safe on every file system.
fn page_files(records: &[Record]) -> Vec<String> {
    let mut used = BTreeSet::new();
    records
        .iter()
        .map(|r| {
            // A folder per record (`1234-x/README.md`) is named by its folder.
            let known_as = name::record_name(&r.path);
            let slug = name::slug_from_file_name(&known_as);
            let stem = match (r.number, slug.is_empty()) {
                (Some(n), false) => format!("{n:04}-{}", name::slugify(slug)),
                (Some(n), true) => format!("{n:04}"),
                (None, _) => name::slugify(r.file_name.trim_end_matches(".md")),
            };
            let mut file = format!("{stem}.html");
            let mut i = 2;
            while !used.insert(file.clone()) {
                file = format!("{stem}-{i}.html");
                i += 1;
            }
            file
        })
        .collect()
}

fn links(records: &[Record], files: &[String]) -> Links {
    let mut links = Links::default();
    for (record, file) in records.iter().zip(files) {
        links.by_file.insert(record.file_name.clone(), file.clone());
        if let Some(n) = record.number {
            links.by_number.entry(n).or_insert_with(|| file.clone());
        }
        let shown = record_ref(record, file);
        links.targets.insert(
            file.clone(),
            markdown::Target {
                label: format!("{} {}", shown.id, shown.title),
                superseded: record.status.as_deref() == Some("superseded"),
            },
        );
    }
    links
}

fn record_ref(record: &Record, file: &str) -> RecordRef {
    let status = record.status.clone().unwrap_or_else(|| "unknown".into());
    RecordRef {
        // A process id (`PEP 8`, `SE-0001`), else the number; a record without either (log4brains
        // slugs) is known by its file's slug, never "-".
        id: record
            .id
            .clone()
            .or_else(|| record.number.map(|n| format!("{n:04}")))
            .unwrap_or_else(|| {
                record
                    .file_name
                    .rsplit_once('.')
                    .map_or(record.file_name.as_str(), |(stem, _)| stem)
                    .to_string()
            }),
        number: record.number,
        title: record.display_title(),
        url: format!("records/{file}"),
        status_class: name::slugify(&status),
        status,
        kind: record.kind.clone(),
    }
}

fn missing_ref(n: u32) -> RecordRef {
    RecordRef {
        id: format!("{n:04}"),
        number: Some(n),
        title: "(no such record)".into(),
        url: String::new(),
        status: "missing".into(),
        status_class: "missing".into(),
        kind: String::new(),
    }
}

/// Maps the ways a person is written (`@sam`, `Sam`, a Git author name or email) to one key.
struct PeopleKeys {
    people: crate::person::People,
}

impl PeopleKeys {
    fn new(config: &Config) -> PeopleKeys {
        PeopleKeys {
            people: crate::person::People::new(&config.people),
        }
    }

    /// A person's key, which names their page: `people/index.html` is the people index, so
    /// a person named `@index` gets `index-person` instead of losing their page to it.
    fn key(&self, name: &str) -> String {
        let key = self.people.key(name);
        // `people/index.html` is the people index: a person called "index" gets another page.
        if key == "index" {
            return "index-person".into();
        }
        key
    }

    fn author_key(&self, name: &str, email: &str) -> String {
        self.people.author_key(name, email)
    }

    fn person(&self, name: &str) -> PersonRef {
        let key = self.key(name);
        PersonRef {
            name: self
                .people
                .display(&key)
                .map_or_else(|| name.trim().to_string(), str::to_string),
            url: format!("people/{key}.html"),
            key,
        }
    }

    fn author(&self, name: &str, email: &str) -> PersonRef {
        let key = self.author_key(name, email);
        PersonRef {
            name: self
                .people
                .display(&key)
                .map_or_else(|| name.trim().to_string(), str::to_string),
            url: format!("people/{key}.html"),
            key,
        }
    }
}

/// `@Sam` and `sam` are one person; the key is a safe file name.
struct Context<'c, 'a> {
    inputs: &'c Inputs<'a>,
    people: &'c PeopleKeys,
    by_number: &'c BTreeMap<u32, &'c RecordRef>,
    neighbourhoods: &'c crate::graph::Neighbourhoods<'c>,
}

impl<'a> Context<'_, 'a> {
    fn record_page(&self, record: &'a Record, file: String, r: RecordRef) -> RecordPage<'a> {
        let history = self.history(record);
        let (date, date_source) = dated(record, &history);
        let people = |names: &[String]| -> Vec<PersonRef> {
            names.iter().map(|n| self.people.person(n)).collect()
        };
        let decision_makers = people(&record.decision_makers);
        let authors = people(&record.authors);
        let responsible = people(record.responsible());
        let consulted = people(&record.consulted);
        let informed = people(&record.informed);
        let people_keys = keys(&[
            &decision_makers,
            &authors,
            &responsible,
            &consulted,
            &informed,
        ]);
        let source = format!("{}{}", self.records_prefix(), record.file_name);
        RecordPage {
            record,
            source_url: self
                .inputs
                .source_url
                .as_ref()
                .map(|url| url.replace("{path}", &source)),
            prev: None,
            next: None,
            source,
            status_words: status_words(record),
            timeline_date: record.decided.clone().or_else(|| date.clone()),
            date,
            date_source,
            decided: record.decided.clone(),
            review_by: record.review_by.clone(),
            deadline: self.deadline(record),
            people_keys,
            tag_keys: record.tags.join("|"),
            decision_makers,
            authors,
            responsible,
            consulted,
            informed,
            action_items: self.action_items(record),
            tags: record.tags.clone(),
            relations: self.relations(record),
            banner: self.banner(record),
            in_force: record
                .number
                .is_some_and(|n| self.inputs.index.is_in_force(n)),
            history,
            graph: self.neighbourhood(record),
            file,
            r,
            governs: Vec::new(),
            code_files: Vec::new(),
        }
    }

    /// The record and its direct relations as SVG, when it has any.
    fn neighbourhood(&self, record: &Record) -> Option<String> {
        let graph = self.neighbourhoods.of(record.number?);
        (!graph.nodes.is_empty()).then(|| self.svg(&graph, "../"))
    }

    /// `graph` as SVG, each node linking to its page; `root` leads from the page to the site root.
    fn svg(&self, graph: &crate::graph::Graph, root: &str) -> String {
        if graph.nodes.is_empty() {
            return String::new();
        }
        crate::graph::svg(graph, &|n| format!("{root}{}", self.lookup(n).url))
    }

    fn records_prefix(&self) -> String {
        if self.inputs.records_rel.is_empty() {
            String::new()
        } else {
            format!("{}/", self.inputs.records_rel)
        }
    }

    fn lookup(&self, n: u32) -> RecordRef {
        self.by_number
            .get(&n)
            .map(|r| (*r).clone())
            .unwrap_or_else(|| missing_ref(n))
    }

    fn relations(&self, record: &Record) -> Vec<RelationView> {
        let Some(n) = record.number else {
            return Vec::new();
        };
        Relation::ALL
            .into_iter()
            .map(|relation| RelationView {
                label: relation_label(relation),
                key: relation.key(),
                records: self
                    .inputs
                    .index
                    .related_both_ways(n, relation)
                    .iter()
                    .map(|&m| self.lookup(m))
                    .collect(),
            })
            .filter(|view| !view.records.is_empty())
            .collect()
    }

    fn banner(&self, record: &Record) -> Option<Banner> {
        let status = record.status.as_deref()?;
        let index = self.inputs.index;
        let n = record.number;
        let refs = |numbers: Vec<u32>| numbers.into_iter().map(|m| self.lookup(m)).collect();
        let successors: Vec<RecordRef> =
            refs(n.map(|n| index.effective_successors(n)).unwrap_or_default());
        let pending: Vec<RecordRef> =
            refs(n.map(|n| self.pending_successors(n)).unwrap_or_default());
        let in_force = n
            .and_then(|n| index.in_force(n))
            .filter(|&m| Some(m) != n)
            .map(|m| self.lookup(m));
        let message = banner_message(status, successors.is_empty(), pending.is_empty())?;
        let successor_in_force = in_force
            .as_ref()
            .is_some_and(|f| successors.iter().any(|s| s.url == f.url && s.id == f.id));
        Some(Banner {
            status: status.to_string(),
            message: message.to_string(),
            successors,
            pending,
            in_force,
            successor_in_force,
        })
    }

    fn is_open(&self, record: &Record) -> bool {
        record
            .status
            .as_deref()
            .is_some_and(|s| self.inputs.config.is_open(&record.kind, s))
    }

    /// Records that propose to supersede `n` and are still open.
    fn pending_successors(&self, n: u32) -> Vec<u32> {
        let index = self.inputs.index;
        index
            .related_both_ways(n, Relation::SupersededBy)
            .iter()
            .copied()
            .filter(|&m| index.get(m).is_some_and(|r| self.is_open(r)))
            .collect()
    }

    fn action_items(&self, record: &Record) -> Vec<ActionItemView> {
        record
            .action_items
            .iter()
            .map(|item| ActionItemView {
                owner: item.owner.as_deref().map(|o| self.people.person(o)),
                task: item.task.clone(),
                due: item
                    .due
                    .clone()
                    .and_then(|text| self.deadline_view(text, !item.done)),
                done: item.done,
            })
            .collect()
    }

    fn deadline(&self, record: &Record) -> Option<DeadlineView> {
        let text = record.deadline.clone()?;
        self.deadline_view(text, self.is_open(record))
    }

    /// A deadline's text, instant and own-zone time, and while `is_open` its badge.
    fn deadline_view(&self, text: String, is_open: bool) -> Option<DeadlineView> {
        let due = crate::time::read_deadline(&text, &self.inputs.config.tz()).ok();
        let soon_hours = i64::from(self.inputs.config.deadline_soon_hours);
        let (badge, overdue, soon) = match &due {
            Some(due) if is_open => {
                let seconds = due.left(self.inputs.now).as_secs();
                let soon = (0..=soon_hours * 3_600).contains(&seconds);
                if seconds < 0 {
                    (Some("overdue".to_string()), true, false)
                } else {
                    let days = (seconds + 86_399) / 86_400;
                    let badge = match days {
                        0 | 1 if seconds < 86_400 => "due within a day".to_string(),
                        1 => "due in 1 day".to_string(),
                        n => format!("due in {n} days"),
                    };
                    (Some(badge), false, soon)
                }
            }
            _ => (None, false, false),
        };
        let zone = self.inputs.config.tz();
        Some(DeadlineView {
            text,
            instant: due.as_ref().map(|d| d.instant().to_string()),
            own: due.as_ref().map(|d| crate::time::wall(d.zoned(), 0)),
            badge,
            overdue,
            soon,
            as_of: self.inputs.now.to_zoned_datetime(zone).date().to_string(),
        })
    }

    fn history(&self, record: &Record) -> RecordHistory {
        let history = match self.inputs.history {
            HistorySource::Read(history) => history,
            HistorySource::Skipped => return empty_history("skipped"),
            HistorySource::Unavailable => return empty_history("unavailable"),
        };
        let Some(commits) = history.files.get(&record.file_name) else {
            return empty_history("untracked");
        };
        let views: Vec<CommitView> = commits.iter().map(|c| self.commit_view(c)).collect();
        let created = commits
            .iter()
            .zip(&views)
            .find(|(c, _)| matches!(c.change, FileChange::Added))
            .map(|(_, v)| v.clone());
        RecordHistory {
            state: if history.shallow { "shallow" } else { "read" },
            // In a shallow clone the first commit seen is the boundary, not the creation.
            created,
            changes: self.status_changes(commits, &views),
            commits: views.into_iter().rev().collect(),
        }
    }

    fn commit_view(&self, commit: &FileCommit) -> CommitView {
        let author = self.people.author(&commit.author, &commit.email);
        CommitView {
            short: commit.short.clone(),
            id: commit.id.clone(),
            author: commit.author.clone(),
            author_key: author.key,
            author_url: author.url,
            date: commit_date(commit),
            subject: commit.subject.clone(),
            change: match &commit.change {
                FileChange::Added => "added".into(),
                FileChange::Modified => "modified".into(),
                FileChange::Renamed(from) => format!("renamed from {from}"),
                FileChange::Deleted => "deleted".into(),
                FileChange::Boundary => "present at the shallow-clone boundary".into(),
            },
        }
    }

    /// Each commit at which the status differs from the commit before; the status a record was
    /// created with counts as a change from nothing. A shallow boundary sets the starting status
    /// without claiming a change.
    fn status_changes(&self, commits: &[FileCommit], views: &[CommitView]) -> Vec<StatusChange> {
        let mut changes = Vec::new();
        let mut previous: Option<String> = None;
        for (commit, view) in commits.iter().zip(views) {
            let status = commit
                .status
                .as_deref()
                .map(|s| self.inputs.config.canonical_status(s));
            if commit.change == FileChange::Boundary {
                previous = status;
                continue;
            }
            if let Some(status) = status
                && previous.as_ref() != Some(&status)
            {
                changes.push(StatusChange {
                    from: previous.clone(),
                    to: status.clone(),
                    commit: view.clone(),
                });
                previous = Some(status);
            }
        }
        changes
    }
}

fn empty_history(state: &'static str) -> RecordHistory {
    RecordHistory {
        state,
        created: None,
        commits: Vec::new(),
        changes: Vec::new(),
    }
}

/// The commit's author date in the author's own offset, as `YYYY-MM-DD`.
fn commit_date(commit: &FileCommit) -> String {
    let offset =
        jiff::tz::Offset::from_seconds(commit.offset_minutes * 60).unwrap_or(jiff::tz::Offset::UTC);
    jiff::Timestamp::from_second(commit.time)
        .map(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::fixed(offset))
                .date()
                .to_string()
        })
        .unwrap_or_default()
}

fn relation_label(relation: Relation) -> &'static str {
    match relation {
        Relation::Supersedes => "Supersedes",
        Relation::SupersededBy => "Superseded by",
        Relation::Amends => "Amends",
        Relation::AmendedBy => "Amended by",
        Relation::RelatesTo => "Relates to",
        Relation::Requires => "Requires",
        Relation::RequiredBy => "Required by",
    }
}

fn filters(records: &[RecordPage<'_>]) -> Filters {
    let statuses: BTreeSet<&str> = records.iter().map(|p| p.r.status.as_str()).collect();
    let kinds: BTreeSet<&str> = records.iter().map(|p| p.r.kind.as_str()).collect();
    let tags: BTreeSet<&str> = records
        .iter()
        .flat_map(|p| p.tags.iter().map(String::as_str))
        .collect();
    let mut people: BTreeMap<&str, &PersonRef> = BTreeMap::new();
    for page in records {
        for person in page
            .decision_makers
            .iter()
            .chain(&page.authors)
            .chain(&page.consulted)
            .chain(&page.informed)
        {
            people.entry(person.key.as_str()).or_insert(person);
        }
    }
    Filters {
        statuses: statuses.into_iter().map(String::from).collect(),
        kinds: kinds.into_iter().map(String::from).collect(),
        tags: tags.into_iter().map(String::from).collect(),
        people: people.into_values().cloned().collect(),
    }
}

/// Each person with the records they decided (the decision role), were consulted on, were
/// informed of, authored (the record's authors) and created (the author of the commit that
/// added the file: a separate fact, issue 13).
fn people_pages(records: &[RecordPage<'_>]) -> Vec<PersonPage> {
    let mut pages: BTreeMap<String, PersonPage> = BTreeMap::new();
    for page in records {
        for person in &page.decision_makers {
            person_entry(&mut pages, person)
                .decided
                .push(page.r.clone());
        }
        for person in &page.responsible {
            person_entry(&mut pages, person)
                .responsible
                .push(page.r.clone());
        }
        for person in &page.consulted {
            person_entry(&mut pages, person)
                .consulted
                .push(page.r.clone());
        }
        for item in &page.action_items {
            if let Some(owner) = &item.owner {
                person_entry(&mut pages, owner)
                    .action_items
                    .push(PersonItem {
                        r: page.r.clone(),
                        item: item.clone(),
                    });
            }
        }
        for person in &page.informed {
            person_entry(&mut pages, person)
                .informed
                .push(page.r.clone());
        }
        for person in &page.authors {
            person_entry(&mut pages, person)
                .authored
                .push(page.r.clone());
        }
        if let Some(created) = &page.history.created {
            let person = PersonRef {
                key: created.author_key.clone(),
                name: created.author.clone(),
                url: created.author_url.clone(),
            };
            person_entry(&mut pages, &person)
                .created
                .push(page.r.clone());
        }
    }
    let mut pages: Vec<PersonPage> = pages.into_values().collect();
    pages.iter_mut().for_each(count_records);
    pages
}

/// Each record once per list, and the count of records the person is named in or authored.
fn count_records(page: &mut PersonPage) {
    for list in [
        &mut page.decided,
        &mut page.responsible,
        &mut page.consulted,
        &mut page.informed,
        &mut page.authored,
        &mut page.created,
    ] {
        list.dedup_by(|a, b| a.url == b.url);
    }
    let lists = [
        &page.decided,
        &page.responsible,
        &page.consulted,
        &page.informed,
        &page.authored,
        &page.created,
    ];
    page.total = lists.iter().map(|l| l.len()).sum();
}

fn person_entry<'m>(
    pages: &'m mut BTreeMap<String, PersonPage>,
    person: &PersonRef,
) -> &'m mut PersonPage {
    pages
        .entry(person.key.clone())
        .or_insert_with(|| PersonPage {
            person: person.clone(),
            decided: Vec::new(),
            responsible: Vec::new(),
            action_items: Vec::new(),
            consulted: Vec::new(),
            informed: Vec::new(),
            authored: Vec::new(),
            created: Vec::new(),
            total: 0,
        })
}

/// Records by their decision date (else creation date), newest first, grouped by month.
/// Decisions in force under one tag (or none).
#[derive(Debug, Clone, Serialize)]
pub struct InForceGroup {
    /// The tag as first written; empty for records without tags.
    pub tag: String,
    pub key: String,
    pub records: Vec<InForceEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InForceEntry {
    pub r: RecordRef,
    pub decided: Option<String>,
    pub decision_makers: Vec<PersonRef>,
}

/// Every record in force, under each of its tags (tags in order, untagged last), each group
/// in record order. Only what `Index::is_in_force` says is in force is listed.
fn in_force(records: &[RecordPage<'_>]) -> Vec<InForceGroup> {
    // Keyed (untagged, slug): `false` sorts first, so the untagged group comes last.
    let mut groups: BTreeMap<(bool, String), InForceGroup> = BTreeMap::new();
    for page in records.iter().filter(|p| p.in_force) {
        let entry = InForceEntry {
            r: page.r.clone(),
            decided: page.decided.clone(),
            decision_makers: page.decision_makers.clone(),
        };
        let tags: Vec<&str> = match page.tags.is_empty() {
            true => vec![""],
            false => page.tags.iter().map(String::as_str).collect(),
        };
        for tag in tags {
            let key = match tag.is_empty() {
                true => "untagged".to_string(),
                false => name::slugify(tag),
            };
            let group = groups
                .entry((tag.is_empty(), key.clone()))
                .or_insert_with(|| InForceGroup {
                    tag: tag.to_string(),
                    key,
                    records: Vec::new(),
                });
            group.records.push(entry.clone());
        }
    }
    groups.into_values().collect()
}

fn timeline(records: &[RecordPage<'_>]) -> Vec<TimelineGroup> {
    let mut entries: Vec<TimelineEntry> = records
        .iter()
        .filter_map(|page| {
            let date = page.timeline_date.clone()?;
            let event = if page.decided.is_some() {
                "decided"
            } else {
                "proposed"
            };
            Some(TimelineEntry {
                date: crate::time::parse_date(&date)
                    .map(|d| d.to_string())
                    .unwrap_or(date),
                event,
                r: page.r.clone(),
            })
        })
        .collect();
    entries.sort_by(|a, b| {
        (b.date.as_str(), b.r.number, b.r.url.as_str()).cmp(&(
            a.date.as_str(),
            a.r.number,
            a.r.url.as_str(),
        ))
    });
    let mut groups: Vec<TimelineGroup> = Vec::new();
    for entry in entries {
        let (key, label) = month(&entry.date);
        match groups.last_mut() {
            Some(group) if group.key == key => group.entries.push(entry),
            _ => groups.push(TimelineGroup {
                key,
                label,
                entries: vec![entry],
            }),
        }
    }
    let undated: Vec<TimelineEntry> = records
        .iter()
        .filter(|p| p.timeline_date.is_none())
        .map(|p| TimelineEntry {
            date: String::new(),
            event: "proposed",
            r: p.r.clone(),
        })
        .collect();
    if !undated.is_empty() {
        groups.push(TimelineGroup {
            key: "undated".into(),
            label: "Undated".into(),
            entries: undated,
        });
    }
    groups
}

/// `2026-03-04` → (`2026-03`, `March 2026`); anything unreadable files under its own text.
fn month(date: &str) -> (String, String) {
    match crate::time::parse_date(date) {
        Some(d) => (
            d.strftime("%Y-%m").to_string(),
            d.strftime("%B %Y").to_string(),
        ),
        None => (date.to_string(), date.to_string()),
    }
}

/// The banner's headline for a record in `status`; `None` for a record in force with no
/// open proposal to replace it (no banner).
fn banner_message(status: &str, no_successor: bool, no_pending: bool) -> Option<&'static str> {
    Some(match status {
        "superseded" => "This decision has been superseded and is no longer in force.",
        "deprecated" if no_successor => {
            "This decision is deprecated: it is no longer in force, and no record replaces it."
        }
        "deprecated" => "This decision is deprecated and is no longer in force.",
        "rejected" => "This proposal was rejected: it was never in force.",
        "withdrawn" => "This proposal was withdrawn: it was never in force.",
        "accepted" if !no_pending => {
            "This decision is in force; a proposal to supersede it is open."
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::record::sample as record;

    static NO_CODE: std::sync::LazyLock<CodeTies> = std::sync::LazyLock::new(CodeTies::default);

    fn inputs<'a>(index: &'a Index, config: &'a Config) -> Inputs<'a> {
        Inputs {
            index,
            config,
            history: HistorySource::Skipped,
            now: "2026-03-01T12:00:00Z".parse().unwrap(),
            records_rel: "docs/decisions".into(),
            built: None,
            source_url: Some("https://github.com/acme/app/blob/HEAD/{path}".into()),
            code: &NO_CODE,
            intro: None,
        }
    }

    #[test]
    fn a_record_without_a_number_is_known_by_its_slug() {
        let index = Index::new(vec![record("use-postgres.md", "status: accepted")]);
        let config = Config::default();
        let inputs = inputs(&index, &config);
        assert_eq!(plan(&inputs).records[0].r.id, "use-postgres");
    }

    #[test]
    fn record_pages_link_their_neighbours_and_their_source() {
        let index = Index::new(vec![
            record("0001-a.md", "status: accepted"),
            record("0002-b.md", "status: proposed"),
        ]);
        let config = Config::default();
        let inputs = inputs(&index, &config);
        let plan = plan(&inputs);
        let (first, second) = (&plan.records[0], &plan.records[1]);
        assert!(first.prev.is_none() && first.next.as_ref().unwrap().number == Some(2));
        assert_eq!(second.prev.as_ref().unwrap().number, Some(1));
        assert_eq!(
            first.source_url.as_deref(),
            Some("https://github.com/acme/app/blob/HEAD/docs/decisions/0001-a.md")
        );
    }

    #[test]
    fn banner_follows_the_supersede_chain_to_what_is_in_force() {
        let index = Index::new(vec![
            record("0001-a.md", "status: superseded\nsuperseded-by: [2]"),
            record(
                "0002-b.md",
                "status: superseded\nsupersedes: [1]\nsuperseded-by: [3]",
            ),
            record("0003-c.md", "status: accepted\nsupersedes: [2]"),
        ]);
        let config = Config::default();
        let plan = plan(&inputs(&index, &config));
        let banner = plan.records[0].banner.as_ref().unwrap();
        assert_eq!(banner.successors[0].id, "0002");
        assert_eq!(banner.in_force.as_ref().unwrap().id, "0003");
        assert_eq!(banner.in_force.as_ref().unwrap().url, "records/0003-c.html");
        assert!(plan.records[2].banner.is_none());
    }

    #[test]
    fn deadline_badge_is_relative_to_now_and_only_while_open() {
        let index = Index::new(vec![
            record(
                "0001-a.md",
                "kind: rfc\nstatus: proposed\ndeadline: 2026-03-04T12:00:00Z",
            ),
            record(
                "0002-b.md",
                "kind: rfc\nstatus: proposed\ndeadline: 2026-02-20",
            ),
            record(
                "0003-c.md",
                "kind: rfc\nstatus: accepted\ndeadline: 2026-02-20",
            ),
        ]);
        let config = Config::default();
        let plan = plan(&inputs(&index, &config));
        let badge = |i: usize| plan.records[i].deadline.as_ref().unwrap().badge.clone();
        assert_eq!(badge(0).as_deref(), Some("due in 3 days"));
        assert_eq!(badge(1).as_deref(), Some("overdue"));
        assert_eq!(badge(2), None);
    }

    #[test]
    fn people_are_one_key_however_written_and_file_names_are_safe() {
        let index = Index::new(vec![
            record(
                "0001-a.md",
                "decision-maker: \"@Sam\"\nconsulted: [\"../../etc\"]",
            ),
            record("0002-b.md", "decision-maker: sam\ninformed: [\"#backend\"]"),
        ]);
        let config = Config::default();
        let plan = plan(&inputs(&index, &config));
        let keys: Vec<&str> = plan.people.iter().map(|p| p.person.key.as_str()).collect();
        assert_eq!(keys, ["backend", "etc", "sam"]);
        let sam = &plan.people[2];
        assert_eq!(sam.decided.len(), 2);
        assert_eq!(sam.person.url, "people/sam.html");
    }
}
