//! Which code paths each commit changed, cached in the git dir (`because/code-v1-<dir>.jsonl`)
//! so `why` answers from a file read instead of reading every commit's trees (issue 17).
//!
//! A commit's comparison with its parents never changes, so an entry never goes stale; each
//! query adds the commits it had not seen, and the cache always holds whole ancestries (a
//! commit is stored only with everything below it). Paths under the records directory are
//! not listed (that tree holds thousands of entries and changes in most commits); the entry
//! says only that it changed, and which record numbers changed is filled in the first time a
//! query needs it. A shallow clone is not cached: its boundary commits' parents are missing.
//! Like the history cache, one that cannot be read is ignored and one that cannot be written
//! is not an error.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use git2::{ObjectType, Oid, Repository, Tree};
use serde::{Deserialize, Serialize};

/// Bumped when what is stored for a commit changes meaning.
const FORMAT: u32 = 1;

/// What one commit changed, compared with each parent.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Changes {
    pub id: String,
    pub parents: Vec<String>,
    /// Committer time, seconds: the walk's order.
    pub time: i64,
    /// One list per parent (one, compared with nothing, for a root commit): the code files
    /// that differ, repository-relative.
    pub changed: Vec<Vec<String>>,
    /// The records directory differs from the first parent.
    pub records_changed: bool,
    /// The record numbers it changed, once a query has needed them (none for a merge).
    #[serde(default)]
    pub records: Option<Vec<u32>>,
}

impl Changes {
    /// Whether the commit changed `path` (a file, or a directory standing for everything
    /// under it; `""` for the root) compared with every parent, as `git log -- path` counts.
    pub fn touches(&self, path: &str) -> bool {
        self.changed
            .iter()
            .all(|files| files.iter().any(|f| is_at_or_under(f, path)))
    }
}

fn is_at_or_under(file: &str, path: &str) -> bool {
    path.is_empty()
        || file
            .strip_prefix(path)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Header {
    format: u32,
    because: String,
    records: String,
}

/// Every commit reachable from HEAD, by id, read from the cache and completed from git.
pub struct Graph {
    pub commits: HashMap<String, Changes>,
    file: PathBuf,
    header: Header,
    dirty: bool,
}

impl Graph {
    /// The graph of `repo`'s history from `head`, the records directory being `rel`.
    pub fn load(repo: &Repository, head: Oid, rel: &str) -> Result<Graph> {
        let header = Header {
            format: FORMAT,
            because: env!("CARGO_PKG_VERSION").into(),
            records: rel.into(),
        };
        let file = repo.commondir().join("because").join(format!(
            "code-v{FORMAT}-{}.jsonl",
            super::cache::dir_key(rel)
        ));
        let commits = read(&file, &header).unwrap_or_default();
        let mut graph = Graph {
            commits,
            file,
            header,
            dirty: false,
        };
        graph.complete(repo, head, rel)?;
        Ok(graph)
    }

    /// Add every ancestor of `head` the cache lacks.
    fn complete(&mut self, repo: &Repository, head: Oid, rel: &str) -> Result<()> {
        let mut todo = vec![head];
        while let Some(id) = todo.pop() {
            if self.commits.contains_key(&id.to_string()) {
                continue;
            }
            let commit = repo
                .find_commit(id)
                .with_context(|| format!("failed to read commit {id}"))?;
            let changes = changes_of(repo, &commit, rel)?;
            todo.extend(commit.parent_ids());
            self.commits.insert(changes.id.clone(), changes);
            self.dirty = true;
        }
        Ok(())
    }

    /// Every commit from `head` down, newest first (committer time, then the order found),
    /// as the walk over trees visits them.
    pub fn newest_first(&self, head: &str) -> Vec<&Changes> {
        let mut queue = BinaryHeap::new();
        let mut seen = HashSet::new();
        let mut seq = 0;
        let mut push = |queue: &mut BinaryHeap<_>, id: &str| {
            if let Some(c) = self.commits.get(id)
                && seen.insert(id.to_string())
            {
                seq += 1;
                queue.push((c.time, Reverse(seq), id.to_string()));
            }
        };
        push(&mut queue, head);
        let mut order = Vec::new();
        while let Some((_, _, id)) = queue.pop() {
            let commit = &self.commits[&id];
            for parent in &commit.parents {
                push(&mut queue, parent);
            }
            order.push(commit);
        }
        order
    }

    /// The record numbers commit `id` changed: stored, or found by `find` and stored.
    pub fn record_numbers(
        &mut self,
        id: &str,
        find: impl FnOnce() -> Result<Vec<u32>>,
    ) -> Result<Vec<u32>> {
        let Some(commit) = self.commits.get_mut(id) else {
            return Ok(Vec::new());
        };
        if !commit.records_changed || commit.parents.len() > 1 {
            return Ok(Vec::new());
        }
        if let Some(numbers) = &commit.records {
            return Ok(numbers.clone());
        }
        let numbers = find()?;
        commit.records = Some(numbers.clone());
        self.dirty = true;
        Ok(numbers)
    }

    /// Write the cache when it learnt something.
    pub fn save(&self) {
        if self.dirty {
            let _ = crate::jsonl::write(&self.file, &self.header, self.commits.values());
        }
    }
}

/// One commit compared with each of its parents.
fn changes_of(repo: &Repository, commit: &git2::Commit<'_>, rel: &str) -> Result<Changes> {
    let tree = commit.tree()?;
    let mut changed = Vec::new();
    let mut records_changed = false;
    let parents: Vec<git2::Commit<'_>> = commit.parents().collect();
    for (i, parent) in parents.iter().enumerate() {
        let mut diff = Diff::new(rel);
        diff.trees(repo, Some(&parent.tree()?), Some(&tree), "")?;
        records_changed |= i == 0 && diff.records;
        changed.push(diff.files);
    }
    if parents.is_empty() {
        let mut diff = Diff::new(rel);
        diff.trees(repo, None, Some(&tree), "")?;
        records_changed = diff.records;
        changed.push(diff.files);
    }
    Ok(Changes {
        id: commit.id().to_string(),
        parents: commit.parent_ids().map(|p| p.to_string()).collect(),
        time: commit.time().seconds(),
        changed,
        records_changed,
        records: None,
    })
}

/// A comparison of two trees that lists changed files and skips the records directory.
struct Diff<'a> {
    records_dir: &'a str,
    files: Vec<String>,
    records: bool,
}

/// A tree entry as the merge of two sorted trees compares it.
struct Item {
    /// The name as git sorts it: a directory as `name/`.
    key: Vec<u8>,
    name: String,
    id: Oid,
    is_tree: bool,
}

impl<'a> Diff<'a> {
    fn new(records_dir: &'a str) -> Diff<'a> {
        Diff {
            records_dir,
            files: Vec::new(),
            records: false,
        }
    }

    /// Walk both trees in git's order; an entry with the same id on both sides is skipped
    /// whole, so a commit costs the trees on the way to what it changed.
    fn trees(
        &mut self,
        repo: &Repository,
        old: Option<&Tree<'_>>,
        new: Option<&Tree<'_>>,
        prefix: &str,
    ) -> Result<()> {
        let (old, new) = (items(old), items(new));
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            let order = match (old.get(i), new.get(j)) {
                (Some(a), Some(b)) => a.key.cmp(&b.key),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match order {
                std::cmp::Ordering::Equal => {
                    if old[i].id != new[j].id {
                        self.entry(repo, Some(&old[i]), Some(&new[j]), prefix)?;
                    }
                    (i, j) = (i + 1, j + 1);
                }
                std::cmp::Ordering::Less => {
                    self.entry(repo, Some(&old[i]), None, prefix)?;
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    self.entry(repo, None, Some(&new[j]), prefix)?;
                    j += 1;
                }
            }
        }
        Ok(())
    }

    /// One entry that differs: a file is listed, a directory compared in turn.
    fn entry(
        &mut self,
        repo: &Repository,
        old: Option<&Item>,
        new: Option<&Item>,
        prefix: &str,
    ) -> Result<()> {
        let name = &old.or(new).expect("one side exists").name;
        let path = match prefix {
            "" => name.clone(),
            _ => format!("{prefix}/{name}"),
        };
        if path == self.records_dir {
            self.records = true;
            return Ok(());
        }
        if !old.or(new).is_some_and(|e| e.is_tree) {
            self.files.push(path);
            return Ok(());
        }
        let old = subtree(repo, old)?;
        let new = subtree(repo, new)?;
        self.trees(repo, old.as_ref(), new.as_ref(), &path)
    }
}

fn items(tree: Option<&Tree<'_>>) -> Vec<Item> {
    let Some(tree) = tree else {
        return Vec::new();
    };
    tree.iter()
        .map(|e| {
            let is_tree = e.kind() == Some(ObjectType::Tree);
            let mut key = e.name_bytes().to_vec();
            if is_tree {
                key.push(b'/');
            }
            Item {
                key,
                name: String::from_utf8_lossy(e.name_bytes()).into_owned(),
                id: e.id(),
                is_tree,
            }
        })
        .collect()
}

fn subtree<'r>(repo: &'r Repository, item: Option<&Item>) -> Result<Option<Tree<'r>>> {
    match item.filter(|e| e.is_tree) {
        Some(e) => repo
            .find_tree(e.id)
            .map(Some)
            .with_context(|| format!("failed to read tree {}", e.id)),
        None => Ok(None),
    }
}

fn read(file: &Path, header: &Header) -> Option<HashMap<String, Changes>> {
    let commits: Vec<Changes> = crate::jsonl::read(file, header)?;
    Some(commits.into_iter().map(|c| (c.id.clone(), c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_touched_when_it_or_something_under_it_changed_against_every_parent() {
        let changes = Changes {
            id: "a".into(),
            parents: vec!["b".into(), "c".into()],
            time: 0,
            changed: vec![
                vec!["src/db/pool.rs".into()],
                vec!["src/db/pool.rs".into(), "README.md".into()],
            ],
            records_changed: false,
            records: None,
        };
        assert!(changes.touches("src/db/pool.rs"));
        assert!(changes.touches("src/db"));
        assert!(changes.touches(""));
        assert!(
            !changes.touches("src/d"),
            "a prefix of a name is not a directory"
        );
        assert!(
            !changes.touches("README.md"),
            "a merge counts only what differs from every parent"
        );
    }
}
