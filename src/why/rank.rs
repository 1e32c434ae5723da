//! Ranking what ties records to a path (issue 17, decision 0011). Pure: evidence in, an
//! ordered answer out.
//!
//! Strongest first: a `governs` glob on an accepted record (someone wrote down that it
//! governs this code), then records cited by, or changed together with, commits that changed
//! the path, the most recent commit first, then records named in comments, then globs of
//! records not accepted (shown with `--all` only, as everything not in force is). Each
//! decision carries every tie that found it. By default only records in force are listed; a
//! superseded one is noted with the record in force in its place.

use serde::Serialize;

use crate::cite::{Citations, Comment};
use crate::git::CodeCommit;
use crate::governs::Match;
use crate::index::{ACCEPTED, Index};

/// A commit that changes more record files than this at once is a sweep (a reformat, a mass
/// rename): changing a record does not tie it to the code then, only citing it does.
pub const SWEEP: usize = 5;

/// What tied a record to the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "tie", rename_all = "kebab-case")]
pub enum Tie {
    /// One of the record's `governs` globs matches `path`.
    Governs { glob: String, path: String },
    /// A commit that changed `path` (the asked line, for a line) cites the record or
    /// changed it too.
    Commit {
        commit: String,
        short: String,
        subject: String,
        time: i64,
        how: How,
        path: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<usize>,
        #[serde(skip)]
        order: usize,
    },
    /// A comment in `path` at `line` names the record.
    Comment {
        path: String,
        line: usize,
        text: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum How {
    /// The message names the record.
    Cites,
    /// The commit changed the record file and the code together.
    ChangedWithRecord,
}

/// Everything found about the asked paths.
pub struct Evidence<'a> {
    /// The asked paths; [`CodeCommit::paths`] indexes into them.
    pub paths: &'a [String],
    /// (path, the match) for every glob matching a path asked or under an asked directory.
    pub globs: Vec<(String, Match)>,
    pub commits: &'a [CodeCommit],
    /// The asked line, when the commits are a line's blame.
    pub line: Option<usize>,
    /// (path, comment) for every comment naming a record.
    pub comments: Vec<(String, Comment)>,
    pub citations: &'a Citations,
}

/// One record and the ties that found it, strongest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub number: u32,
    pub ties: Vec<Tie>,
}

/// A superseded record that was tied, and the record in force in its place (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Superseded {
    pub decision: Decision,
    pub successor: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    pub decisions: Vec<Decision>,
    pub superseded: Vec<Superseded>,
}

/// Rank the records `evidence` ties; `all` lists every status, not only records in force.
pub fn rank(index: &Index, evidence: &Evidence<'_>, all: bool) -> Answer {
    let mut answer = Answer::default();
    let mut decisions: Vec<Decision> = ties(index, evidence)
        .into_iter()
        .map(|(number, ties)| Decision { number, ties })
        .collect();
    decisions.sort_by_key(|d| strength(index, d));
    for decision in decisions {
        let n = decision.number;
        if all || index.is_in_force(n) {
            answer.decisions.push(decision);
        } else if !index.effective_successors(n).is_empty() {
            let successor = index.in_force(n);
            answer.superseded.push(Superseded {
                decision,
                successor,
            });
        }
    }
    answer
}

/// Sort key: the tier of the strongest tie, then the newest commit, then the number.
fn strength(index: &Index, decision: &Decision) -> (u8, usize, u32) {
    let accepted = index.status(decision.number) == Some(ACCEPTED);
    let has = |f: fn(&Tie) -> bool| decision.ties.iter().any(f);
    let newest = decision
        .ties
        .iter()
        .filter_map(|t| match t {
            Tie::Commit { order, .. } => Some(*order),
            _ => None,
        })
        .min();
    let tier = match () {
        _ if accepted && has(|t| matches!(t, Tie::Governs { .. })) => 0,
        _ if newest.is_some() => 1,
        _ if has(|t| matches!(t, Tie::Comment { .. })) => 2,
        _ => 3,
    };
    (tier, newest.unwrap_or(usize::MAX), decision.number)
}

/// Every tie, grouped by record number (only numbers a record has), in tie order.
fn ties(index: &Index, evidence: &Evidence<'_>) -> std::collections::BTreeMap<u32, Vec<Tie>> {
    let mut by_record: std::collections::BTreeMap<u32, Vec<Tie>> = Default::default();
    let records = index.records();
    for (path, found) in &evidence.globs {
        let Some(n) = records[found.record].number else {
            continue;
        };
        let ties = by_record.entry(n).or_default();
        let seen = ties
            .iter()
            .any(|t| matches!(t, Tie::Governs { glob, .. } if *glob == found.glob));
        if !seen {
            ties.push(Tie::Governs {
                glob: found.glob.clone(),
                path: path.clone(),
            });
        }
    }
    for commit in evidence.commits {
        let found = commit_ties(index, evidence.citations, &commit.message, &commit.records);
        for (n, how) in found {
            by_record.entry(n).or_default().push(Tie::Commit {
                commit: commit.id.clone(),
                short: commit.short.clone(),
                subject: commit.subject.clone(),
                time: commit.time,
                how,
                path: commit_path(evidence.paths, commit),
                line: evidence.line,
                order: commit.order,
            });
        }
    }
    for (path, comment) in &evidence.comments {
        if index.get(comment.number).is_some() {
            by_record
                .entry(comment.number)
                .or_default()
                .push(Tie::Comment {
                    path: path.clone(),
                    line: comment.line,
                    text: comment.text.clone(),
                });
        }
    }
    by_record
}

/// The records one commit ties: those its `message` cites, then the `records` it changed
/// (unless it is a sweep), each once, and only numbers a record has.
pub fn commit_ties(
    index: &Index,
    citations: &Citations,
    message: &str,
    records: &[u32],
) -> Vec<(u32, How)> {
    let mut found: Vec<(u32, How)> = citations
        .numbers(message)
        .into_iter()
        .filter(|&n| index.get(n).is_some())
        .map(|n| (n, How::Cites))
        .collect();
    if records.len() <= SWEEP {
        for &n in records {
            if index.get(n).is_some() && !found.iter().any(|(m, _)| *m == n) {
                found.push((n, How::ChangedWithRecord));
            }
        }
    }
    found
}

fn commit_path(paths: &[String], commit: &CodeCommit) -> String {
    commit
        .paths
        .first()
        .and_then(|&i| paths.get(i))
        .cloned()
        .unwrap_or_default()
}
