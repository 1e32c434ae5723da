//! Record history in one pass over the commit graph (issue 4, 6): which commits touched which
//! record files, who made them, and the status each commit left.
//!
//! Raw tree objects are compared ([`super::tree`]); results are cached per commit
//! ([`super::cache`]). git2 types stay inside `git`.

use std::path::Path;

use anyhow::{Context, Result};
use git2::{ObjectType, Repository};

use super::{cache, tree};
use crate::record::name;

/// How one commit changed one record file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FileChange {
    Added,
    Modified,
    /// Renamed from the file name given (a delete and an add of the same slug in one commit,
    /// as `because renumber` makes, or of identical content).
    Renamed(String),
    Deleted,
    /// The file was already there at a shallow clone's boundary: its earlier history is missing.
    Boundary,
}

/// A commit that touched a record file, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCommit {
    pub id: String,
    pub short: String,
    pub author: String,
    pub email: String,
    /// Author time, seconds since the epoch, and the author's offset from UTC in minutes.
    pub time: i64,
    pub offset_minutes: i32,
    pub subject: String,
    pub change: FileChange,
    /// The record's `status` as written at this commit (raw, not mapped through aliases).
    pub status: Option<String>,
}

/// The Git history of every record file, read in one pass over the commits reachable from HEAD.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The repository is a shallow clone: what came before its boundary is unknown.
    pub shallow: bool,
    /// Commits walked.
    pub commits: usize,
    /// File name (as it is at HEAD) → the commits that touched it, oldest first.
    pub files: std::collections::BTreeMap<String, Vec<FileCommit>>,
}

/// Read the history of every file in `records_dir` in one revwalk from HEAD, oldest commit first.
///
/// Each commit's records subtree is compared with its parents' by object id, and only when it
/// differs are the two raw tree objects compared ([`tree::diff`]): the cost follows the commits
/// that touch records, not the size of the repository. The comparisons run in parallel over
/// runs of consecutive commits, each thread with its own repository handle; the results are
/// put together in commit order. A merge is credited with a file only when the file differs
/// from every parent (what `git log` shows), so a change made on a branch is credited to the
/// commit that made it. Renames are followed when a commit deletes one record and adds one with
/// the same slug or the same content; otherwise the new name starts a new history. What each
/// commit did is kept between builds in the git directory ([`cache`]), so a later build
/// compares only the commits it has not seen.
///
/// `None` outside a repository, before the first commit, or when the directory is not inside
/// the work tree.
pub(super) fn read(repo: &Repository, rel: &str) -> Result<Option<History>> {
    if repo.head().is_err() {
        return Ok(None);
    }
    // Objects are read, never written, from the user's own repository: verifying each one's
    // SHA-1 on read (libgit2's default, which git itself does not do) was 40% of a build.
    git2::opts::strict_hash_verification(false);
    let shallow = repo.is_shallow();
    let walked = walk(repo, rel, shallow)?;
    let touched = touched_cached(repo, rel, &walked)?;
    let mut history = History {
        shallow,
        commits: walked.len(),
        ..History::default()
    };
    for commit in touched.into_iter().flatten() {
        add_commit(&mut history, commit);
    }
    apply_mailmap(repo, &mut history);
    Ok(Some(history))
}

/// Authors as the repository's `.mailmap` (and `mailmap.file`) names them, so one person who
/// committed under two names or addresses is one person on the site. Applied on every read:
/// the cache keeps what the commits say, and an edited `.mailmap` takes effect at once.
fn apply_mailmap(repo: &Repository, history: &mut History) {
    let Ok(mailmap) = repo.mailmap() else {
        return;
    };
    let mut resolved: std::collections::HashMap<(String, String), (String, String)> =
        std::collections::HashMap::new();
    for commit in history.files.values_mut().flatten() {
        let key = (
            std::mem::take(&mut commit.author),
            std::mem::take(&mut commit.email),
        );
        let (name, email) = resolved
            .entry(key)
            .or_insert_with_key(|(name, email)| resolve(&mailmap, name, email));
        commit.author = name.clone();
        commit.email = email.clone();
    }
}

/// One identity through the mailmap; as written when it cannot be read as a signature.
fn resolve(mailmap: &git2::Mailmap, name: &str, email: &str) -> (String, String) {
    let signature = git2::Signature::now(name, email);
    match signature.and_then(|s| mailmap.resolve_signature(&s)) {
        Ok(s) => (
            String::from_utf8_lossy(s.name_bytes()).into_owned(),
            String::from_utf8_lossy(s.email_bytes()).into_owned(),
        ),
        Err(_) => (name.to_string(), email.to_string()),
    }
}

/// What each walked commit did to record files: from the cache where it has the commit, else
/// by comparing trees; the cache is then rewritten when a commit was new to it.
fn touched_cached(repo: &Repository, rel: &str, walked: &[Walked]) -> Result<Vec<Option<Touched>>> {
    let file = cache::path(repo.commondir(), rel);
    let mut cached = cache::load(&file, rel);
    let is_cached = |c: &Walked| !c.boundary && cached.contains_key(&c.id.to_string());
    let todo: Vec<&Walked> = walked.iter().filter(|c| !is_cached(c)).collect();
    let mut fresh = in_parallel(repo.path(), &todo, touched_in)?.into_iter();
    let touched = walked
        .iter()
        .map(|commit| match cached.remove(&commit.id.to_string()) {
            Some(touched) if !commit.boundary => touched,
            _ => fresh.next().expect("a result for every commit not cached"),
        })
        .collect::<Vec<_>>();
    if todo.iter().any(|c| !c.boundary) {
        save_cache(&file, rel, walked, &touched);
    }
    Ok(touched)
}

/// Keep what every commit but a shallow boundary did, for the next build. Failing to write
/// (a read-only repository) costs the next build time, not this one its site.
fn save_cache(file: &Path, rel: &str, walked: &[Walked], touched: &[Option<Touched>]) {
    let ids: Vec<String> = walked.iter().map(|c| c.id.to_string()).collect();
    let commits = walked
        .iter()
        .zip(&ids)
        .zip(touched)
        .filter(|((commit, _), _)| !commit.boundary)
        .map(|((_, id), touched)| (id.as_str(), touched.as_ref()));
    let _ = cache::save(file, rel, commits);
}

/// A walked commit and the records trees its comparison needs.
struct Walked {
    id: git2::Oid,
    tree: Option<git2::Oid>,
    parents: Vec<Option<git2::Oid>>,
    /// A parent is cut off by a shallow clone, or this is a shallow clone's root.
    boundary: bool,
}

/// Every commit reachable from HEAD, parents before children, with its records subtree and its
/// parents'. Reading a commit and looking up one path is cheap; comparing trees is not, so this
/// part stays on one thread.
fn walk(repo: &Repository, rel: &str, shallow: bool) -> Result<Vec<Walked>> {
    let mut revwalk = repo
        .revwalk()
        .context("failed to start reading the git history")?;
    revwalk
        .set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
        .context("failed to sort the git history")?;
    revwalk
        .push_head()
        .context("failed to read HEAD for the git history")?;
    // Parents come before children, so a parent's subtree is looked up here, not read again.
    let mut subtrees = std::collections::HashMap::new();
    let mut walked = Vec::new();
    for oid in revwalk {
        let oid = oid.context("failed to walk the git history")?;
        let commit = repo
            .find_commit(oid)
            .with_context(|| format!("failed to read commit {oid}"))?;
        let tree = records_tree_id(&commit, rel);
        subtrees.insert(oid, tree);
        let mut parents = Vec::new();
        let mut boundary = shallow && commit.parent_count() == 0;
        for id in commit.parent_ids() {
            match subtrees.get(&id) {
                Some(parent_tree) => parents.push(*parent_tree),
                None => match repo.find_commit(id) {
                    Ok(parent) => parents.push(records_tree_id(&parent, rel)),
                    // A parent cut off by a shallow clone: treat the commit as the boundary.
                    Err(_) => boundary = true,
                },
            }
        }
        walked.push(Walked {
            id: oid,
            tree,
            parents,
            boundary,
        });
    }
    Ok(walked)
}

/// Run `work` over runs of consecutive `items` on every core, each run with its own handle on
/// the repository at `git_dir` (a `Repository` cannot be shared between threads), and return
/// the results in the order of `items`.
fn in_parallel<T: Sync, R: Send>(
    git_dir: &Path,
    items: &[T],
    work: impl Fn(&Repository, &[T]) -> Result<Vec<R>> + Sync,
) -> Result<Vec<R>> {
    use rayon::prelude::*;
    // A few runs per thread, so a thread that drew cheap commits takes another run; not many,
    // because each run starts by reading and parsing its first tree in full.
    let runs = rayon::current_num_threads() * 4;
    let size = items.len().div_ceil(runs).max(1);
    let parts = items
        .par_chunks(size)
        .map(|run| {
            let repo = Repository::open(git_dir).with_context(|| {
                format!("failed to open the repository `{}`", git_dir.display())
            })?;
            work(&repo, run)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(parts.into_iter().flatten().collect())
}

/// A commit that touched record files: who and when, and each file with its change and status.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Touched {
    pub(super) meta: CommitMeta,
    pub(super) files: Vec<(String, FileChange, Option<String>)>,
}

/// What each commit in `run` did to record files, `None` for nothing (see [`in_parallel`]).
fn touched_in(repo: &Repository, run: &[&Walked]) -> Result<Vec<Option<Touched>>> {
    let odb = repo
        .odb()
        .context("failed to open the git object database")?;
    let mut trees = TreeCache::new(&odb);
    let mut touched = Vec::new();
    for commit in run {
        let changes = commit_changes(&mut trees, commit)?;
        if changes.is_empty() {
            touched.push(None);
            continue;
        }
        let found = repo
            .find_commit(commit.id)
            .with_context(|| format!("failed to read commit {}", commit.id))?;
        let files = changes
            .into_iter()
            .map(|(name, change, blob)| {
                let status = blob
                    .filter(|_| change != FileChange::Deleted)
                    .and_then(|id| status_of_blob(repo, id));
                (name, change, status)
            })
            .collect();
        touched.push(Some(Touched {
            meta: CommitMeta::of(&found),
            files,
        }));
    }
    Ok(touched)
}

/// Add one commit's changes to the per-file history; a rename carries the old name's commits.
fn add_commit(history: &mut History, commit: Touched) {
    for (name, change, status) in commit.files {
        let entry = commit.meta.with(change.clone(), status);
        if let FileChange::Renamed(from) = &change {
            let mut earlier = history.files.remove(from).unwrap_or_default();
            earlier.push(entry);
            history.files.insert(name, earlier);
        } else {
            history.files.entry(name).or_default().push(entry);
        }
    }
}

/// The author, date and subject shared by every file a commit touched.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct CommitMeta {
    pub(super) id: String,
    pub(super) author: String,
    pub(super) email: String,
    pub(super) time: i64,
    pub(super) offset_minutes: i32,
    pub(super) subject: String,
}

impl CommitMeta {
    fn of(commit: &git2::Commit<'_>) -> CommitMeta {
        let author = commit.author();
        CommitMeta {
            id: commit.id().to_string(),
            author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
            email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
            time: author.when().seconds(),
            offset_minutes: author.when().offset_minutes(),
            subject: commit
                .summary_bytes()
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .unwrap_or_default(),
        }
    }

    fn with(&self, change: FileChange, status: Option<String>) -> FileCommit {
        FileCommit {
            short: self.id[..self.id.len().min(7)].to_string(),
            id: self.id.clone(),
            author: self.author.clone(),
            email: self.email.clone(),
            time: self.time,
            offset_minutes: self.offset_minutes,
            subject: self.subject.clone(),
            change,
            status,
        }
    }
}

/// The id of a commit's records subtree (`None` when the directory does not exist there).
fn records_tree_id(commit: &git2::Commit<'_>, rel: &str) -> Option<git2::Oid> {
    let root = commit.tree().ok()?;
    if rel.is_empty() {
        return Some(root.id());
    }
    let entry = root.get_path(Path::new(rel)).ok()?;
    (entry.kind() == Some(ObjectType::Tree)).then(|| entry.id())
}

type Change = (String, FileChange, Option<git2::Oid>);

/// Record files a commit changed relative to its parents, with the blob each has afterwards.
fn commit_changes(trees: &mut TreeCache<'_>, commit: &Walked) -> Result<Vec<Change>> {
    if commit.boundary && commit.parents.is_empty() {
        return Ok(trees
            .files(commit.tree)?
            .into_iter()
            .map(|(name, id)| (name, FileChange::Boundary, Some(id)))
            .collect());
    }
    if commit.parents.contains(&commit.tree) {
        return Ok(Vec::new());
    }
    let parents = match commit.parents.as_slice() {
        [] => &[None][..],
        parents => parents,
    };
    let mut per_parent = Vec::with_capacity(parents.len());
    for &parent in parents {
        per_parent.push(trees.diff(parent, commit.tree)?);
    }
    let mut changes = per_parent.swap_remove(0);
    // A merge takes credit only for files that differ from every parent.
    changes.retain(|(name, _, _)| {
        per_parent
            .iter()
            .all(|other| other.iter().any(|(n, _, _)| n == name))
    });
    Ok(pair_renames(changes))
}

/// Records trees read lately, raw, with their entry offsets. Consecutive commits mostly compare
/// a tree with the one read just before, so a handful covers a run of history.
struct TreeCache<'o> {
    odb: &'o git2::Odb<'o>,
    recent: std::collections::VecDeque<(Option<git2::Oid>, RawTree<'o>)>,
}

/// A tree object's bytes (none for a directory that does not exist) and its entry offsets.
struct RawTree<'o> {
    object: Option<git2::OdbObject<'o>>,
    starts: Vec<u32>,
}

impl RawTree<'_> {
    fn bytes(&self) -> &[u8] {
        self.object.as_ref().map_or(&[], |o| o.data())
    }
}

impl<'o> TreeCache<'o> {
    const SIZE: usize = 4;

    fn new(odb: &'o git2::Odb<'o>) -> TreeCache<'o> {
        TreeCache {
            odb,
            recent: std::collections::VecDeque::with_capacity(Self::SIZE + 1),
        }
    }

    fn position(&self, id: Option<git2::Oid>) -> Option<usize> {
        self.recent.iter().position(|(cached, _)| *cached == id)
    }

    fn read(&self, id: Option<git2::Oid>) -> Result<Option<git2::OdbObject<'o>>> {
        id.map(|id| {
            self.odb
                .read(id)
                .with_context(|| format!("failed to read tree {id}"))
        })
        .transpose()
    }

    fn remember(&mut self, id: Option<git2::Oid>, tree: RawTree<'o>) {
        if self.recent.len() == Self::SIZE {
            self.recent.pop_front();
        }
        self.recent.push_back((id, tree));
    }

    /// The cached tree `id`, read and parsed in full if it is not cached yet.
    fn load(&mut self, id: Option<git2::Oid>) -> Result<usize> {
        if let Some(i) = self.position(id) {
            return Ok(i);
        }
        let object = self.read(id)?;
        let bytes = object.as_ref().map_or(&[][..], |o| o.data());
        let starts = tree::starts(bytes).with_context(|| malformed(id))?;
        self.remember(id, RawTree { object, starts });
        Ok(self.recent.len() - 1)
    }

    /// Record files in tree `id`, with their blob ids.
    fn files(&mut self, id: Option<git2::Oid>) -> Result<Vec<(String, git2::Oid)>> {
        let i = self.load(id)?;
        let entries = tree::entries(self.recent[i].1.bytes()).with_context(|| malformed(id))?;
        Ok(entries
            .into_iter()
            .filter(|e| e.is_file())
            .filter_map(|e| Some((record_name(e.name)?, oid(&e.id[..])?)))
            .collect())
    }

    /// Record files that differ between two records trees (either may be absent).
    fn diff(&mut self, old: Option<git2::Oid>, new: Option<git2::Oid>) -> Result<Vec<Change>> {
        let old_at = self.load(old)?;
        let fresh = match self.position(new) {
            Some(_) => None,
            None => Some(self.read(new)?),
        };
        let new_bytes = match (&fresh, self.position(new)) {
            (Some(object), _) => object.as_ref().map_or(&[][..], |o| o.data()),
            (None, Some(i)) => self.recent[i].1.bytes(),
            (None, None) => unreachable!("a tree not read is cached"),
        };
        let old_tree = &self.recent[old_at].1;
        let diff = tree::diff(old_tree.bytes(), &old_tree.starts, new_bytes)
            .with_context(|| malformed(new))?;
        let changes = diff.changes.iter().filter_map(file_change).collect();
        if let Some(object) = fresh {
            self.remember(
                new,
                RawTree {
                    object,
                    starts: diff.starts,
                },
            );
        }
        Ok(changes)
    }
}

fn malformed(id: Option<git2::Oid>) -> String {
    match id {
        Some(id) => format!("failed to read tree {id}"),
        None => "failed to read an empty tree".into(),
    }
}

/// A changed tree entry as a change to a record file: a file on both sides was modified, a
/// file on one side only (or replaced by a directory) was added or deleted.
fn file_change(change: &tree::EntryChange) -> Option<Change> {
    let name = record_name(&change.name)?;
    let old = change.old.filter(|s| s.is_file);
    let new = change.new.filter(|s| s.is_file);
    let (kind, side) = match (old, new) {
        (Some(_), Some(new)) => (FileChange::Modified, new),
        // The old blob is kept to pair a delete with an add of the same content.
        (Some(old), None) => (FileChange::Deleted, old),
        (None, Some(new)) => (FileChange::Added, new),
        (None, None) => return None,
    };
    Some((name, kind, Some(oid(&side.id)?)))
}

/// A tree entry's name when it is a record file's (UTF-8, a candidate record name).
fn record_name(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    is_record_name(name).then(|| name.to_string())
}

fn oid(bytes: &[u8]) -> Option<git2::Oid> {
    git2::Oid::from_bytes(bytes).ok()
}

fn is_record_name(name: &str) -> bool {
    !name.contains('/') && crate::store::is_candidate(name)
}

/// Turn a delete and an add in one commit into a rename when they share a slug or content.
fn pair_renames(changes: Vec<Change>) -> Vec<Change> {
    let (mut deleted, rest): (Vec<Change>, Vec<Change>) = changes
        .into_iter()
        .partition(|(_, change, _)| *change == FileChange::Deleted);
    let mut out = Vec::with_capacity(rest.len() + deleted.len());
    for (name, change, blob) in rest {
        if change == FileChange::Added {
            let slug = name::slug_from_file_name(&name);
            let same = |(old, _, old_blob): &Change| {
                (!slug.is_empty() && name::slug_from_file_name(old) == slug) || *old_blob == blob
            };
            if let Some(i) = deleted.iter().position(same) {
                let (old, _, _) = deleted.remove(i);
                out.push((name, FileChange::Renamed(old), blob));
                continue;
            }
        }
        out.push((name, change, blob));
    }
    out.extend(deleted);
    out
}

/// The status a record blob declares, read by the same reader as `list` (issue 10: a MADR
/// `* Status: **proposed**` bullet is `proposed` here too, not `** proposed`). Only the
/// head of the file is read: every format states its status near the top.
fn status_of_blob(repo: &Repository, id: git2::Oid) -> Option<String> {
    let blob = repo.find_blob(id).ok()?;
    crate::record::status_of(blob.content())
}
