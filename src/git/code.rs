//! Code in history (issue 17, decision 0011): the commits that changed given paths, the
//! commit that last changed a line (blame), and the files a branch changed.
//!
//! One walk from HEAD, newest first, compares only the tree entries on the way to the asked
//! paths (a path trie: a directory whose id is unchanged is never opened), so a query costs
//! one root-tree read per commit, not a diff. A line of history is followed only while one of
//! the paths exists in it: the walk stops at the commit that created the file. Which commits
//! matter (a citation in the message, a record changed alongside) is decided by the caller
//! from plain data. No git2 type leaves this module.

use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use git2::{Oid, Repository, Tree};

use super::history::Touched;
use super::{Repo, cache, changes};
use crate::record::name;

/// A commit that changed at least one asked path, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCommit {
    pub id: String,
    pub short: String,
    pub subject: String,
    /// The whole message (citations may sit in the body).
    pub message: String,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// Position in the walk, 0 for the newest: recency even when clocks tie.
    pub order: usize,
    /// Indices of the asked paths it changed.
    pub paths: Vec<usize>,
    /// Numbers of the record files it changed too (none for a merge).
    pub records: Vec<u32>,
}

/// The asked paths as a trie of path components; a node that is asked for has `leaf`.
#[derive(Debug, Default)]
struct Node {
    leaf: Option<usize>,
    children: BTreeMap<String, Node>,
}

impl Node {
    fn of(paths: &[String]) -> Node {
        let mut root = Node::default();
        for (i, path) in paths.iter().enumerate() {
            let mut node = &mut root;
            for part in path.split('/').filter(|p| !p.is_empty()) {
                node = node.children.entry(part.to_string()).or_default();
            }
            node.leaf = Some(i);
        }
        root
    }
}

/// How one asked path compares between a commit and a parent.
#[derive(Debug, Clone, Copy, Default)]
struct Leaf {
    changed: bool,
    /// The path may exist in the parent (unknown under an unchanged directory).
    maybe_in_parent: bool,
}

/// A commit queued in the walk: newest first, then in the order found.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Queued {
    time: i64,
    seq: std::cmp::Reverse<usize>,
    id: Oid,
}

impl Repo {
    /// The work tree's root, when the repository has one.
    pub fn workdir(&self) -> Option<PathBuf> {
        self.repo.workdir().map(Path::to_path_buf)
    }

    /// Every commit reachable from HEAD that changed one of `paths` (repository-relative,
    /// `/`-separated; a directory stands for everything under it), newest first. A merge is
    /// credited with a path only when the path differs from every parent (as `git log` does).
    ///
    /// Code paths are answered from the code cache ([`changes`]); the records directory, what
    /// holds it, and a shallow clone are walked tree by tree.
    pub fn commits_touching(&self, paths: &[String]) -> Result<Vec<CodeCommit>> {
        let repo = &self.repo;
        let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else {
            return Ok(Vec::new());
        };
        git2::opts::strict_hash_verification(false);
        if self.code_cache_answers(paths) {
            return self.commits_touching_cached(head.id(), paths);
        }
        let trie = Node::of(paths);
        let mut queue = BinaryHeap::new();
        let mut seen = HashSet::new();
        let mut seq = 0;
        let mut push = |queue: &mut BinaryHeap<Queued>, commit: &git2::Commit<'_>| {
            if seen.insert(commit.id()) {
                seq += 1;
                queue.push(Queued {
                    time: commit.time().seconds(),
                    seq: std::cmp::Reverse(seq),
                    id: commit.id(),
                });
            }
        };
        push(&mut queue, &head);
        let mut found = Vec::new();
        let mut order = 0;
        let mut records = self.record_files();
        while let Some(next) = queue.pop() {
            let commit = repo
                .find_commit(next.id)
                .with_context(|| format!("failed to read commit {}", next.id))?;
            let step = step(repo, &commit, &trie, paths.len())?;
            for parent in &step.follow {
                push(&mut queue, parent);
            }
            if !step.touched.is_empty() {
                let numbers = records.of(&commit)?;
                found.push(self.code_commit(&commit, order, step.touched, numbers));
            }
            order += 1;
        }
        Ok(found)
    }

    /// The commit that last changed line `line` (1-based) of `path` as the work tree has it;
    /// `None` when the line is not committed yet or the file has no such line.
    ///
    /// The line is followed back through the commits [`Repo::commits_touching`] finds (one
    /// walk, instead of libgit2's blame, which compares the file at every commit and took
    /// seconds on a long history): each one's change to the file is diffed, and the first
    /// whose new lines hold the line made it; otherwise the line's number in the parent is
    /// carried on. A commit whose version of the file is not the one being followed (another
    /// branch's) is passed over.
    pub fn blame_line(&self, path: &str, line: usize) -> Result<Option<CodeCommit>> {
        let repo = &self.repo;
        let work = repo
            .workdir()
            .map(|dir| dir.join(path))
            .ok_or_else(|| anyhow!("the repository has no work tree to read `{path}` from"))?;
        let text = std::fs::read(&work).with_context(|| format!("failed to read `{path}`"))?;
        let Some(head) = self.head_blob_id(path) else {
            return Ok(None);
        };
        let head_blob = repo
            .find_blob(head)
            .with_context(|| format!("failed to read `{path}` at HEAD"))?;
        // A line changed in the work tree but not committed is nobody's yet.
        let Some(mut line) = trace(head_blob.content(), &text, line)? else {
            return Ok(None);
        };
        let mut current = head;
        let commits = self.commits_touching(&[path.to_string()])?;
        let mut records = self.record_files();
        for found in commits {
            let commit = repo.find_commit(Oid::from_str(&found.id)?)?;
            if blob_at(&commit, path) != Some(current) {
                continue;
            }
            let parent = commit.parent(0).ok().and_then(|p| blob_at(&p, path));
            let old = match parent {
                Some(id) => repo.find_blob(id)?.content().to_vec(),
                None => Vec::new(),
            };
            let new = repo.find_blob(current)?;
            match trace(&old, new.content(), line)? {
                Some(older) if parent.is_some() => {
                    line = older;
                    current = parent.expect("checked");
                }
                _ => {
                    let numbers = records.of(&commit)?;
                    return Ok(Some(self.code_commit(&commit, 0, vec![0], numbers)));
                }
            }
        }
        Ok(None)
    }

    /// The blob of `path` at HEAD, when it is a file there.
    fn head_blob_id(&self, path: &str) -> Option<Oid> {
        let commit = self.repo.head().ok()?.peel_to_commit().ok()?;
        blob_at(&commit, path)
    }

    /// Files changed on HEAD since it left `rev` (`git diff REV...HEAD`): added, modified,
    /// renamed (new name) and deleted ones, repository-relative.
    pub fn changed_since(&self, rev: &str) -> Result<Vec<String>> {
        let repo = &self.repo;
        let other = repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| {
                anyhow!(
                    "unknown revision `{rev}`; give a branch, tag or commit, e.g. `--against origin/main`"
                )
            })?;
        let head = repo
            .head()
            .and_then(|h| h.peel_to_commit())
            .context("failed to read HEAD; commit something first")?;
        let base = repo
            .merge_base(head.id(), other.id())
            .and_then(|id| repo.find_commit(id))
            .map_err(|_| anyhow!("HEAD and `{rev}` have no common ancestor"))?;
        let diff = repo
            .diff_tree_to_tree(Some(&base.tree()?), Some(&head.tree()?), None)
            .with_context(|| format!("failed to compare HEAD with `{rev}`"))?;
        let mut files: Vec<String> = diff
            .deltas()
            .filter_map(|d| {
                d.new_file()
                    .path()
                    .or(d.old_file().path())
                    .map(Path::to_path_buf)
            })
            .map(|p| crate::text::slash_path(&p))
            .collect();
        files.sort();
        files.dedup();
        Ok(files)
    }

    /// Whether the code cache can answer for `paths`: none of them is the records directory,
    /// inside it or above it (the cache does not list record files), and the clone is whole.
    fn code_cache_answers(&self, paths: &[String]) -> bool {
        let rel = self.rel.as_str();
        let overlaps = |p: &String| {
            let p = p.trim_end_matches('/');
            p.is_empty()
                || rel.is_empty()
                || rel == p
                || rel.starts_with(&format!("{p}/"))
                || p.starts_with(&format!("{rel}/"))
        };
        !self.repo.is_shallow() && !paths.iter().any(overlaps)
    }

    /// [`Repo::commits_touching`] from the code cache: the same commits in the same order.
    fn commits_touching_cached(&self, head: Oid, paths: &[String]) -> Result<Vec<CodeCommit>> {
        let mut graph = changes::Graph::load(&self.repo, head, &self.rel)?;
        let found: Vec<(String, usize, Vec<usize>)> = graph
            .newest_first(&head.to_string())
            .into_iter()
            .enumerate()
            .filter_map(|(order, c)| {
                let touched: Vec<usize> =
                    (0..paths.len()).filter(|&i| c.touches(&paths[i])).collect();
                (!touched.is_empty()).then(|| (c.id.clone(), order, touched))
            })
            .collect();
        let mut records = self.record_files();
        let mut commits = Vec::with_capacity(found.len());
        for (id, order, touched) in found {
            let commit = self.repo.find_commit(Oid::from_str(&id)?)?;
            let numbers = graph.record_numbers(&id, || records.of(&commit))?;
            commits.push(self.code_commit(&commit, order, touched, numbers));
        }
        graph.save();
        Ok(commits)
    }

    fn code_commit(
        &self,
        commit: &git2::Commit<'_>,
        order: usize,
        paths: Vec<usize>,
        records: Vec<u32>,
    ) -> CodeCommit {
        let id = commit.id().to_string();
        CodeCommit {
            short: id[..7].to_string(),
            id,
            subject: commit
                .summary_bytes()
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .unwrap_or_default(),
            message: String::from_utf8_lossy(commit.message_bytes()).into_owned(),
            time: commit.author().when().seconds(),
            order,
            paths,
            records,
        }
    }

    fn record_files(&self) -> RecordFiles<'_> {
        RecordFiles {
            repo: &self.repo,
            rel: &self.rel,
            cached: None,
        }
    }
}

/// Which record files a commit changed: from the history cache when it has the commit (a
/// build keeps it warm, and reading it is cheaper than comparing two records trees of
/// thousands of entries), else by comparing the trees. The cache is read only once a commit
/// needs it.
struct RecordFiles<'r> {
    repo: &'r Repository,
    rel: &'r str,
    cached: Option<HashMap<String, Option<Touched>>>,
}

impl RecordFiles<'_> {
    fn of(&mut self, commit: &git2::Commit<'_>) -> Result<Vec<u32>> {
        if commit.parent_count() > 1 {
            return Ok(Vec::new());
        }
        let (repo, rel) = (self.repo, self.rel);
        let cached = self
            .cached
            .get_or_insert_with(|| cache::load(&cache::path(repo.commondir(), rel), rel));
        let Some(touched) = cached.get(&commit.id().to_string()) else {
            return records_changed(repo, commit, rel);
        };
        let mut numbers: Vec<u32> = touched
            .iter()
            .flat_map(|t| &t.files)
            .filter_map(|(name, _, _)| name::number_from_file_name(name))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        Ok(numbers)
    }
}

/// What one commit of the walk did to the asked paths, and which parents to follow.
struct Step<'r> {
    touched: Vec<usize>,
    follow: Vec<git2::Commit<'r>>,
}

fn step<'r>(
    repo: &'r Repository,
    commit: &git2::Commit<'r>,
    trie: &Node,
    n: usize,
) -> Result<Step<'r>> {
    let tree = commit
        .tree()
        .with_context(|| format!("failed to read the tree of {}", commit.id()))?;
    let mut changed_everywhere = vec![true; n];
    let mut follow = Vec::new();
    let parents: Vec<git2::Commit<'r>> = commit.parents().collect();
    if parents.is_empty() {
        let leaves = compare(repo, None, Some(&tree), trie, n)?;
        changed_everywhere = leaves.iter().map(|l| l.changed).collect();
    }
    for parent in parents {
        let parent_tree = parent
            .tree()
            .with_context(|| format!("failed to read the tree of {}", parent.id()))?;
        let leaves = compare(repo, Some(&parent_tree), Some(&tree), trie, n)?;
        for (everywhere, leaf) in changed_everywhere.iter_mut().zip(&leaves) {
            *everywhere &= leaf.changed;
        }
        // Beyond a parent none of the paths may exist in, nothing more can have changed them.
        if leaves.iter().any(|l| l.maybe_in_parent) {
            follow.push(parent);
        }
    }
    let touched = (0..n).filter(|&i| changed_everywhere[i]).collect();
    Ok(Step { touched, follow })
}

/// Compare the entries on the way to every asked path in two trees (either may be absent).
fn compare(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    node: &Node,
    n: usize,
) -> Result<Vec<Leaf>> {
    let mut leaves = vec![Leaf::default(); n];
    if let Some(i) = node.leaf {
        leaves[i] = Leaf {
            changed: old.map(Tree::id) != new.map(Tree::id),
            maybe_in_parent: old.is_some(),
        };
    }
    walk_children(repo, old, new, node, &mut leaves)?;
    Ok(leaves)
}

fn walk_children(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    node: &Node,
    leaves: &mut [Leaf],
) -> Result<()> {
    for (name, child) in &node.children {
        let old_entry = old
            .and_then(|t| t.get_name(name))
            .map(|e| (e.id(), e.kind()));
        let new_entry = new
            .and_then(|t| t.get_name(name))
            .map(|e| (e.id(), e.kind()));
        if old_entry == new_entry {
            mark_unchanged(child, old_entry.is_some(), leaves);
            continue;
        }
        if let Some(i) = child.leaf {
            leaves[i] = Leaf {
                changed: true,
                maybe_in_parent: old_entry.is_some(),
            };
        }
        if !child.children.is_empty() {
            let old_sub = subtree(repo, old_entry)?;
            let new_sub = subtree(repo, new_entry)?;
            walk_children(repo, old_sub.as_ref(), new_sub.as_ref(), child, leaves)?;
        }
    }
    Ok(())
}

/// Every asked path under an entry that is the same on both sides: unchanged, and present in
/// the parent as far as anyone knows if the entry exists.
fn mark_unchanged(node: &Node, exists: bool, leaves: &mut [Leaf]) {
    if let Some(i) = node.leaf {
        leaves[i] = Leaf {
            changed: false,
            maybe_in_parent: exists,
        };
    }
    for child in node.children.values() {
        mark_unchanged(child, exists, leaves);
    }
}

fn subtree(
    repo: &Repository,
    entry: Option<(Oid, Option<git2::ObjectType>)>,
) -> Result<Option<Tree<'_>>> {
    match entry {
        Some((id, Some(git2::ObjectType::Tree))) => repo
            .find_tree(id)
            .map(Some)
            .with_context(|| format!("failed to read tree {id}")),
        _ => Ok(None),
    }
}

/// Numbers of the record files a (non-merge) commit changed, from the records directory's
/// two trees compared entry by entry.
fn records_changed(repo: &Repository, commit: &git2::Commit<'_>, rel: &str) -> Result<Vec<u32>> {
    if commit.parent_count() > 1 {
        return Ok(Vec::new());
    }
    let new = records_tree(repo, commit, rel);
    let old = commit
        .parent(0)
        .ok()
        .and_then(|p| records_tree(repo, &p, rel));
    if new.as_ref().map(Tree::id) == old.as_ref().map(Tree::id) {
        return Ok(Vec::new());
    }
    let diff = repo
        .diff_tree_to_tree(old.as_ref(), new.as_ref(), None)
        .with_context(|| format!("failed to compare the records of {}", commit.id()))?;
    let mut numbers: Vec<u32> = diff
        .deltas()
        .filter_map(|d| {
            d.new_file()
                .path()
                .or(d.old_file().path())
                .map(Path::to_path_buf)
        })
        .filter(|p| p.components().count() == 1)
        .filter_map(|p| name::number_from_file_name(p.to_str()?))
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    Ok(numbers)
}

fn records_tree<'r>(
    repo: &'r Repository,
    commit: &git2::Commit<'_>,
    rel: &str,
) -> Option<Tree<'r>> {
    let root = repo.find_tree(commit.tree_id()).ok()?;
    super::subtree(repo, &root, rel)
}

/// A commit that ties records to code for the site: the records, and the files outside the
/// records directory it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeChange {
    pub records: Vec<u32>,
    pub files: Vec<String>,
}

impl Repo {
    /// Every non-merge commit reachable from HEAD for which `ties(id, message)` names records,
    /// with the files it changed outside the records directory. Trees are compared only for
    /// those commits, and only where they differ.
    pub fn code_changes(&self, ties: &dyn Fn(&str, &str) -> Vec<u32>) -> Result<Vec<CodeChange>> {
        let repo = &self.repo;
        if repo.head().is_err() {
            return Ok(Vec::new());
        }
        git2::opts::strict_hash_verification(false);
        let mut revwalk = repo
            .revwalk()
            .context("failed to start reading the git history")?;
        revwalk
            .push_head()
            .context("failed to read HEAD for the git history")?;
        let mut found = Vec::new();
        for oid in revwalk {
            let oid = oid.context("failed to walk the git history")?;
            let commit = repo
                .find_commit(oid)
                .with_context(|| format!("failed to read commit {oid}"))?;
            if commit.parent_count() > 1 {
                continue;
            }
            let message = String::from_utf8_lossy(commit.message_bytes());
            let records = ties(&oid.to_string(), &message);
            if records.is_empty() {
                continue;
            }
            let new = commit.tree().ok();
            let old = commit.parent(0).ok().and_then(|p| p.tree().ok());
            let mut files = Vec::new();
            changed_files(repo, old.as_ref(), new.as_ref(), "", &self.rel, &mut files)?;
            if !files.is_empty() {
                found.push(CodeChange { records, files });
            }
        }
        Ok(found)
    }
}

/// Files that differ between two trees under `prefix`, leaving out the records directory
/// `skip`; unchanged subtrees are never opened.
fn changed_files(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    prefix: &str,
    skip: &str,
    out: &mut Vec<String>,
) -> Result<()> {
    let mut names: Vec<String> = Vec::new();
    for tree in [old, new].into_iter().flatten() {
        names.extend(tree.iter().filter_map(|e| e.name().ok().map(String::from)));
    }
    names.sort();
    names.dedup();
    for name in names {
        let path = match prefix.is_empty() {
            true => name.clone(),
            false => format!("{prefix}/{name}"),
        };
        if path == skip {
            continue;
        }
        let old_entry = old
            .and_then(|t| t.get_name(&name))
            .map(|e| (e.id(), e.kind()));
        let new_entry = new
            .and_then(|t| t.get_name(&name))
            .map(|e| (e.id(), e.kind()));
        if old_entry == new_entry {
            continue;
        }
        let is_tree = |e: &Option<(Oid, Option<git2::ObjectType>)>| {
            matches!(e, Some((_, Some(git2::ObjectType::Tree))))
        };
        if is_tree(&old_entry) || is_tree(&new_entry) {
            let old_sub = subtree(repo, old_entry)?;
            let new_sub = subtree(repo, new_entry)?;
            changed_files(repo, old_sub.as_ref(), new_sub.as_ref(), &path, skip, out)?;
        }
        let is_file = |e: &Option<(Oid, Option<git2::ObjectType>)>| e.is_some() && !is_tree(e);
        if is_file(&old_entry) || is_file(&new_entry) {
            out.push(path);
        }
    }
    Ok(())
}

/// The blob at `path` in `commit`'s tree, when it is a file there.
fn blob_at(commit: &git2::Commit<'_>, path: &str) -> Option<Oid> {
    let entry = commit.tree().ok()?.get_path(Path::new(path)).ok()?;
    (entry.kind() == Some(git2::ObjectType::Blob)).then(|| entry.id())
}

/// Line `line` of `new` in `old`: `None` when the change from `old` to `new` wrote it (or
/// `new` has no such line), else its number in `old`.
fn trace(old: &[u8], new: &[u8], line: usize) -> Result<Option<usize>> {
    if line == 0 || line > count_lines(new) {
        return Ok(None);
    }
    let mut options = git2::DiffOptions::new();
    options.context_lines(0);
    let patch = git2::Patch::from_buffers(old, None, new, None, Some(&mut options))
        .context("failed to compare two versions of a file")?;
    let mut shift: isize = 0;
    for i in 0..patch.num_hunks() {
        let (hunk, _) = patch.hunk(i).context("failed to read a diff hunk")?;
        let (start, len) = (hunk.new_start() as usize, hunk.new_lines() as usize);
        if len > 0 && (start..start + len).contains(&line) {
            return Ok(None);
        }
        // A deletion's `new_start` is the line before it; an insertion's, its first line.
        let before = match len {
            0 => start < line,
            _ => start + len <= line,
        };
        if before {
            shift += hunk.old_lines() as isize - len as isize;
        }
    }
    Ok(Some((line as isize + shift) as usize))
}

fn count_lines(text: &[u8]) -> usize {
    let newlines = text.iter().filter(|&&b| b == b'\n').count();
    newlines + usize::from(!text.is_empty() && !text.ends_with(b"\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_traced_to_its_number_before_a_change_or_to_the_change() {
        let old = b"a\nb\nc\nd\n";
        let new = b"a\nX\nY\nc\nd\n";
        // Lines 2 and 3 were written by the change; c and d moved down by one.
        assert_eq!(trace(old, new, 1).unwrap(), Some(1));
        assert_eq!(trace(old, new, 2).unwrap(), None);
        assert_eq!(trace(old, new, 3).unwrap(), None);
        assert_eq!(trace(old, new, 4).unwrap(), Some(3));
        assert_eq!(trace(old, new, 5).unwrap(), Some(4));
        assert_eq!(trace(old, new, 6).unwrap(), None);
        let deleted = b"a\nd\n";
        assert_eq!(trace(old, deleted, 2).unwrap(), Some(4));
        assert_eq!(trace(b"", b"a\n", 1).unwrap(), None);
    }
}
