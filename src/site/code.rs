//! What the site shows of code (issue 17): for each record, its `governs` globs with the files
//! they match now and the files commits tie to it; for each top-level path of the repository,
//! the decisions in force on it (the "code" page).
//!
//! Read here, once per build: the work tree's files, and — when Git history is read — the
//! commits that cite a record or change one with code ([`crate::git::Repo::code_changes`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Result;
use serde::Serialize;

use crate::cite::Citations;
use crate::git::{History, Repo};
use crate::governs::Governs;
use crate::index::Index;
use crate::record::name;
use crate::why::rank;
use crate::workspace::Workspace;

/// Files listed per glob on a record page; the rest are counted.
const SHOWN: usize = 50;

/// One glob of a record and the files it matches now.
#[derive(Debug, Clone, Serialize)]
pub struct GlobView {
    pub glob: String,
    pub files: Vec<String>,
    /// Files matched beyond those listed.
    pub more: usize,
}

/// Code ties of every record, by index into [`Index::records`].
#[derive(Debug, Clone, Default)]
pub struct CodeTies {
    pub governed: Vec<Vec<GlobView>>,
    /// Files commits tie to the record, sorted.
    pub committed: Vec<Vec<String>>,
    /// Top-level path (`src/`, `Makefile`) → numbers of the records in force tied to it.
    pub top: BTreeMap<String, BTreeSet<u32>>,
}

/// Read the code ties for a build; `history` is `None` under `--no-history` (globs only then).
pub fn read(ws: &Workspace, index: &Index, history: Option<&History>) -> Result<CodeTies> {
    let repo = Repo::discover(&ws.records_dir);
    let root = repo
        .as_ref()
        .and_then(Repo::workdir)
        .unwrap_or_else(|| ws.root.clone());
    let n = index.records().len();
    let mut ties = CodeTies {
        governed: vec![Vec::new(); n],
        committed: vec![Vec::new(); n],
        top: BTreeMap::new(),
    };
    let governs = Governs::new(index);
    if !governs.is_empty() {
        let files = crate::store::work_tree_files(&root);
        add_globs(index, &governs, &files, &mut ties);
    }
    if let (Some(repo), Some(history)) = (&repo, history) {
        let citations = Citations::new(&ws.config.why.citations, repo.records_rel())?;
        add_commits(index, repo, history, &citations, &mut ties)?;
    }
    ties.top.retain(|_, numbers| {
        numbers.retain(|&n| index.is_in_force(n));
        !numbers.is_empty()
    });
    Ok(ties)
}

fn add_globs(index: &Index, governs: &Governs, files: &[String], ties: &mut CodeTies) {
    let mut matched: Vec<BTreeMap<String, Vec<String>>> =
        vec![BTreeMap::new(); ties.governed.len()];
    for file in files {
        for found in governs.matches(file) {
            matched[found.record]
                .entry(found.glob)
                .or_default()
                .push(file.clone());
            if let Some(n) = index.records()[found.record].number {
                ties.top.entry(top_of(file)).or_default().insert(n);
            }
        }
    }
    for (i, record) in index.records().iter().enumerate() {
        ties.governed[i] = record
            .governs
            .iter()
            .map(|glob| {
                let files = matched[i].remove(glob).unwrap_or_default();
                GlobView {
                    glob: glob.clone(),
                    more: files.len().saturating_sub(SHOWN),
                    files: files.into_iter().take(SHOWN).collect(),
                }
            })
            .collect();
    }
}

fn add_commits(
    index: &Index,
    repo: &Repo,
    history: &History,
    citations: &Citations,
    ties: &mut CodeTies,
) -> Result<()> {
    let changed = records_by_commit(history);
    let tied = |id: &str, message: &str| {
        let records = changed.get(id).map_or(&[][..], Vec::as_slice);
        rank::commit_ties(index, citations, message, records)
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    };
    let mut by_number: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    for change in repo.code_changes(&tied)? {
        for &n in &change.records {
            by_number
                .entry(n)
                .or_default()
                .extend(change.files.iter().cloned());
            for file in &change.files {
                ties.top.entry(top_of(file)).or_default().insert(n);
            }
        }
    }
    for (i, record) in index.records().iter().enumerate() {
        if let Some(files) = record.number.and_then(|n| by_number.get(&n)) {
            ties.committed[i] = files.iter().cloned().collect();
        }
    }
    Ok(())
}

/// Commit id → numbers of the record files it changed, from the history already read.
fn records_by_commit(history: &History) -> HashMap<String, Vec<u32>> {
    let mut map: HashMap<String, Vec<u32>> = HashMap::new();
    for (file, commits) in &history.files {
        let Some(n) = name::number_from_file_name(file) else {
            continue;
        };
        for commit in commits {
            map.entry(commit.id.clone()).or_default().push(n);
        }
    }
    map
}

/// `src/db/pool.rs` → `src/`; `Makefile` → `Makefile`.
fn top_of(file: &str) -> String {
    match file.split_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => file.to_string(),
    }
}
