//! Shell completion that knows the current repository: record numbers (with titles), statuses,
//! kinds and people, offered by clap_complete's dynamic completion (`COMPLETE=bash because`).
//!
//! The registration script `because completions SHELL` prints calls back into `because` on
//! each TAB; the candidates are read then, so they are never stale. Candidate lookups never
//! fail: outside a repository, or with unreadable records, they offer nothing.

use std::collections::BTreeSet;
use std::io::Write;

use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use clap_complete::env::Shells;

use crate::index::Index;
use crate::workspace::{GlobalOptions, Workspace};

/// Which arguments (by clap id, in any verb) take which kind of value.
const RECORD_ARGS: [&str; 6] = ["record", "from", "to", "by", "supersedes", "amends"];
const PERSON_ARGS: [&str; 4] = ["decision_maker", "consulted", "informed", "person"];

/// The command line with the repository-aware candidates attached to every argument above,
/// to `status` and to `kind`.
pub fn command(mut command: clap::Command) -> clap::Command {
    let verbs: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for verb in verbs {
        command = command.mut_subcommand(verb, attach);
    }
    command
}

fn attach(mut verb: clap::Command) -> clap::Command {
    let order: Vec<String> = verb
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in order.clone() {
        let candidates = match id.as_str() {
            id if RECORD_ARGS.contains(&id) => ArgValueCandidates::new(records),
            id if PERSON_ARGS.contains(&id) => ArgValueCandidates::new(people),
            "status" => ArgValueCandidates::new(statuses),
            "kind" => ArgValueCandidates::new(kinds),
            _ => continue,
        };
        verb = verb.mut_arg(id, |arg| arg.add(candidates));
    }
    // `mut_arg` moves an argument to the end, and positionals are numbered by order: pin
    // each to the place it had.
    let positionals: Vec<String> = verb
        .get_positionals()
        .map(|a| a.get_id().to_string())
        .collect();
    let mut ordered: Vec<(usize, String)> = positionals
        .into_iter()
        .map(|id| (original_position(&id, &order), id))
        .collect();
    ordered.sort();
    for (place, (_, id)) in ordered.into_iter().enumerate() {
        verb = verb.mut_arg(id, |arg| arg.index(place + 1));
    }
    verb
}

fn original_position(id: &str, order: &[String]) -> usize {
    order.iter().position(|o| o == id).unwrap_or(usize::MAX)
}

/// The script that registers dynamic completion for `shell` (what `COMPLETE=shell because`
/// prints); `None` for a shell clap_complete cannot complete dynamically.
pub fn write_registration(shell: &str, out: &mut dyn Write) -> Option<std::io::Result<()>> {
    let shells = Shells::builtins();
    let completer = shells.completer(shell)?;
    Some(completer.write_registration("COMPLETE", "because", "because", "because", out))
}

fn workspace() -> Option<(Workspace, Index)> {
    let ws = Workspace::discover(&GlobalOptions::default()).ok()?;
    let index = crate::cmd::load_metadata_index(&ws).ok()?;
    Some((ws, index))
}

fn records() -> Vec<CompletionCandidate> {
    let Some((_, index)) = workspace() else {
        return Vec::new();
    };
    index
        .records()
        .iter()
        .filter_map(|r| {
            let number = r.number?;
            let help = r.title.clone().unwrap_or_default();
            Some(CompletionCandidate::new(number.to_string()).help(Some(help.into())))
        })
        .collect()
}

fn statuses() -> Vec<CompletionCandidate> {
    let config = match Workspace::discover(&GlobalOptions::default()) {
        Ok(ws) => ws.config,
        Err(_) => return Vec::new(),
    };
    let all: BTreeSet<&String> = config.kinds.values().flat_map(|k| k.statuses()).collect();
    all.into_iter().map(CompletionCandidate::new).collect()
}

fn kinds() -> Vec<CompletionCandidate> {
    match Workspace::discover(&GlobalOptions::default()) {
        Ok(ws) => ws
            .config
            .kinds
            .keys()
            .map(CompletionCandidate::new)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Everyone the records name, and everyone in `[people]`.
fn people() -> Vec<CompletionCandidate> {
    let Some((ws, index)) = workspace() else {
        return Vec::new();
    };
    let mut all: BTreeSet<String> = ws.config.people.keys().cloned().collect();
    for record in index.records() {
        all.extend(record.decision_makers.iter().cloned());
        all.extend(record.consulted.iter().cloned());
        all.extend(record.informed.iter().cloned());
    }
    all.into_iter().map(CompletionCandidate::new).collect()
}
