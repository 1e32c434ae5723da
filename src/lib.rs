//! `because`: decision records (ADRs and RFCs) kept as Markdown next to the code.
//!
//! Data flows one way: files → [`record::parse`] → [`index::Index`] → check findings or site
//! pages. [`store`] is the only module that reads the records directory or writes records;
//! [`git`] adds what only history knows (numbers on other branches) and is never required.

/// iCalendar feeds of deadlines.
pub mod calendar;
/// `because check`: rules over every record → diagnostics, and their reporters.
pub mod check;
/// Record numbers cited in commit messages and code comments.
pub mod cite;
/// Command line definition and dispatch.
pub mod cli;
/// One module per verb.
pub mod cmd;
/// Shell completion that offers the repository's records, statuses, kinds and people.
pub mod complete;
/// `because.toml`: kinds, lifecycles, rules, site settings.
pub mod config;
/// Refusals (exit 1) versus failures (exit 2).
pub mod error;
/// git2 wrapper: branch trees, record history in one pass, shallow check.
pub mod git;
/// `governs:` globs compiled once: which records govern a path.
pub mod governs;
/// The relation graph of the records: DOT, Mermaid, JSON and SVG.
pub mod graph;
/// Open decisions with deadlines, soonest first.
pub mod inbox;
/// All records and their relation graph.
pub mod index;
/// The JSON lines files the caches in the git dir are kept in.
pub mod jsonl;
/// One notion of "the same person".
pub mod person;
/// A record: model, parser, surgical edits, names, templates.
pub mod record;
/// Ranked full-text search over records.
pub mod search;
/// `because serve`: HTTP preview, file watcher, live reload.
pub mod serve;
/// The static site `because build` writes: plan → render → write.
pub mod site;
/// Reading the records directory and writing record files safely.
pub mod store;
/// The embedded templates users can override (record, site, assets).
pub mod templates;
/// Record text made safe to print on a terminal.
pub mod terminal;
/// Markup escaping and `/`-joined paths.
pub mod text;
/// Dates, deadlines and the clock.
pub mod time;
/// `because why`: the decisions tied to a path, a line or a change, ranked.
pub mod why;
/// Articles and plurals for messages.
pub mod words;
/// Root, config and records directory, resolved once; a monorepo's members.
pub mod workspace;
