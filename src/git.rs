//! The wrapper over git2: record numbers on every branch (read from trees, no checkout).
//!
//! git2 types stay in here; callers get plain numbers and paths. Git is enrichment: outside a
//! repository these functions return nothing rather than failing.

use std::path::Path;

use anyhow::{Context, Result};
use git2::{BranchType, ObjectType, Repository, Tree};

use crate::record::name;

/// Open the repository containing `path`, if any.
fn open(path: &Path) -> Option<Repository> {
    Repository::discover(path).ok()
}

/// `dir` relative to the repository's work tree, with `/` separators as git trees use.
fn relative_in_repo(repo: &Repository, dir: &Path) -> Option<String> {
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let dir = canonical_or_parent(dir)?;
    let rel = dir.strip_prefix(&workdir).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// Canonicalize a directory that may not exist yet by canonicalizing its nearest existing parent.
fn canonical_or_parent(dir: &Path) -> Option<std::path::PathBuf> {
    if let Ok(path) = dir.canonicalize() {
        return Some(path);
    }
    let parent = canonical_or_parent(dir.parent()?)?;
    Some(parent.join(dir.file_name()?))
}

/// Every record number under `records_dir` in HEAD and in every local and remote-tracking
/// branch. Empty outside a repository or before the first commit.
pub fn numbers_on_branches(records_dir: &Path) -> Result<Vec<u32>> {
    let Some(repo) = open(records_dir) else {
        return Ok(Vec::new());
    };
    let Some(rel) = relative_in_repo(&repo, records_dir) else {
        return Ok(Vec::new());
    };
    let mut seen_trees = std::collections::HashSet::new();
    let mut numbers = Vec::new();
    for tree in branch_trees(&repo)? {
        if !seen_trees.insert(tree.id()) {
            continue;
        }
        numbers.extend(numbers_in_tree(&repo, &tree, &rel));
    }
    Ok(numbers)
}

/// Root trees of HEAD and of every branch, local and remote-tracking.
fn branch_trees(repo: &Repository) -> Result<Vec<Tree<'_>>> {
    let mut trees = Vec::new();
    if let Ok(head) = repo.head().and_then(|h| h.peel_to_tree()) {
        trees.push(head);
    }
    let branches = repo
        .branches(None::<BranchType>)
        .context("failed to list git branches")?;
    for branch in branches {
        let (branch, _) = branch.context("failed to read a git branch")?;
        if let Ok(tree) = branch.get().peel_to_tree() {
            trees.push(tree);
        }
    }
    Ok(trees)
}

fn numbers_in_tree(repo: &Repository, root: &Tree<'_>, rel: &str) -> Vec<u32> {
    let subtree = if rel.is_empty() {
        Some(root.clone())
    } else {
        root.get_path(Path::new(rel))
            .ok()
            .filter(|e| e.kind() == Some(ObjectType::Tree))
            .and_then(|e| repo.find_tree(e.id()).ok())
    };
    let Some(tree) = subtree else {
        return Vec::new();
    };
    tree.iter()
        .filter_map(|entry| entry.name().ok().and_then(name::number_from_file_name))
        .collect()
}

/// `user.name` from the git configuration, for records `because` writes on someone's behalf.
pub fn user_name() -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let config = match open(&cwd) {
        Some(repo) => repo.config().ok()?,
        None => git2::Config::open_default().ok()?,
    };
    config.get_string("user.name").ok()
}

/// Files of the records directory at a revision, for `check --against REV`.
#[derive(Debug, Clone, Default)]
pub struct RevisionFiles {
    /// (file name, contents) of every file directly in the records directory at REV.
    pub files: Vec<(String, Vec<u8>)>,
    /// File names in the records directory at the merge base of HEAD and REV; `None` when
    /// there is no common ancestor (or no HEAD yet).
    pub names_at_base: Option<Vec<String>>,
}

/// Read the records directory as it is at `rev` (a branch, tag or commit), without checkout.
/// Unlike the numbering helpers this fails outside a repository: the user asked for git.
pub fn files_at_revision(records_dir: &Path, rev: &str) -> Result<RevisionFiles> {
    let repo = Repository::discover(records_dir).map_err(|_| {
        anyhow::anyhow!(
            "--against needs a Git repository, and `{}` is not in one",
            records_dir.display()
        )
    })?;
    let rel = relative_in_repo(&repo, records_dir).ok_or_else(|| {
        anyhow::anyhow!(
            "records directory `{}` is outside the Git work tree",
            records_dir.display()
        )
    })?;
    let commit = repo
        .revparse_single(rev)
        .and_then(|object| object.peel_to_commit())
        .map_err(|_| {
            anyhow::anyhow!(
                "unknown revision `{rev}`; give a branch, tag or commit, e.g. `--against origin/main`"
            )
        })?;
    let tree = commit
        .tree()
        .with_context(|| format!("failed to read the tree of `{rev}`"))?;
    let mut files = Vec::new();
    if let Some(dir) = subtree(&repo, &tree, &rel) {
        for entry in dir.iter() {
            let (Ok(name), Some(ObjectType::Blob)) = (entry.name(), entry.kind()) else {
                continue;
            };
            let blob = repo
                .find_blob(entry.id())
                .with_context(|| format!("failed to read `{rel}/{name}` at `{rev}`"))?;
            files.push((name.to_string(), blob.content().to_vec()));
        }
    }
    let names_at_base = repo
        .head()
        .and_then(|head| head.peel_to_commit())
        .and_then(|head| repo.merge_base(head.id(), commit.id()))
        .and_then(|base| repo.find_commit(base))
        .and_then(|base| base.tree())
        .ok()
        .map(|base| {
            subtree(&repo, &base, &rel)
                .map(|dir| {
                    dir.iter()
                        .filter_map(|e| e.name().ok().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        });
    Ok(RevisionFiles {
        files,
        names_at_base,
    })
}

/// The tree at `rel` under `root` (`root` itself for ""), if it is a directory there.
fn subtree<'r>(repo: &'r Repository, root: &Tree<'r>, rel: &str) -> Option<Tree<'r>> {
    if rel.is_empty() {
        return Some(root.clone());
    }
    root.get_path(Path::new(rel))
        .ok()
        .filter(|e| e.kind() == Some(ObjectType::Tree))
        .and_then(|e| repo.find_tree(e.id()).ok())
}

/// How one commit changed one record file.
#[derive(Debug, Clone, PartialEq, Eq)]
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
/// differs are the two subtrees diffed: the cost follows the commits that touch records, not
/// the size of the repository. A merge is credited with a file only when the file differs
/// from every parent (what `git log` shows), so a change made on a branch is credited to the
/// commit that made it. Renames are followed when a commit deletes one record and adds one with
/// the same slug or the same content; otherwise the new name starts a new history.
///
/// `None` outside a repository, before the first commit, or when the directory is not inside
/// the work tree.
pub fn history(records_dir: &Path) -> Result<Option<History>> {
    let Some(repo) = open(records_dir) else {
        return Ok(None);
    };
    let Some(rel) = relative_in_repo(&repo, records_dir) else {
        return Ok(None);
    };
    if repo.head().is_err() {
        return Ok(None);
    }
    let mut walk = repo
        .revwalk()
        .context("failed to start reading the git history")?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
        .context("failed to sort the git history")?;
    walk.push_head()
        .context("failed to read HEAD for the git history")?;
    // Objects are read, never written, from the user's own repository: verifying each one's
    // SHA-1 on read (libgit2's default, which git itself does not do) was 40% of a build.
    git2::opts::strict_hash_verification(false);
    let mut history = History {
        shallow: repo.is_shallow(),
        ..History::default()
    };
    let mut subtrees = Subtrees::new();
    for oid in walk {
        let oid = oid.context("failed to walk the git history")?;
        let commit = repo
            .find_commit(oid)
            .with_context(|| format!("failed to read commit {oid}"))?;
        history.commits += 1;
        let changes = commit_changes(&repo, &commit, &rel, history.shallow, &mut subtrees)?;
        if changes.is_empty() {
            continue;
        }
        let meta = CommitMeta::of(&commit);
        for (name, change, blob) in changes {
            let status = blob
                .filter(|_| change != FileChange::Deleted)
                .and_then(|id| status_of_blob(&repo, id));
            let entry = meta.with(change.clone(), status);
            if let FileChange::Renamed(from) = &change {
                let mut earlier = history.files.remove(from).unwrap_or_default();
                earlier.push(entry);
                history.files.insert(name, earlier);
            } else {
                history.files.entry(name).or_default().push(entry);
            }
        }
    }
    Ok(Some(history))
}

/// The author, date and subject shared by every file a commit touched.
struct CommitMeta {
    id: String,
    author: String,
    email: String,
    time: i64,
    offset_minutes: i32,
    subject: String,
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

/// Records-subtree id of every commit walked so far: parents come before children, so a
/// parent's subtree is looked up here rather than read again.
type Subtrees = std::collections::HashMap<git2::Oid, Option<git2::Oid>>;

/// Record files a commit changed relative to its parents, with the blob each has afterwards.
fn commit_changes(
    repo: &Repository,
    commit: &git2::Commit<'_>,
    rel: &str,
    shallow: bool,
    subtrees: &mut Subtrees,
) -> Result<Vec<Change>> {
    let tree_id = records_tree_id(commit, rel);
    subtrees.insert(commit.id(), tree_id);
    let mut parents = Vec::new();
    let mut boundary = false;
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
    boundary |= shallow && commit.parent_count() == 0;
    let tree = match tree_id {
        Some(id) => Some(
            repo.find_tree(id)
                .with_context(|| format!("failed to read tree {id} of commit {}", commit.id()))?,
        ),
        None => None,
    };
    if boundary && parents.is_empty() {
        let files = tree_files(tree.as_ref());
        return Ok(files
            .into_iter()
            .map(|(name, id)| (name, FileChange::Boundary, Some(id)))
            .collect());
    }
    if parents.contains(&tree_id) {
        return Ok(Vec::new());
    }
    if parents.is_empty() {
        parents.push(None);
    }
    let mut per_parent = Vec::with_capacity(parents.len());
    for parent in parents {
        let parent = parent.and_then(|id| repo.find_tree(id).ok());
        per_parent.push(diff_files(repo, parent.as_ref(), tree.as_ref())?);
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

/// `.md` files directly in a records tree, with their blob ids.
fn tree_files(tree: Option<&Tree<'_>>) -> Vec<(String, git2::Oid)> {
    let Some(tree) = tree else {
        return Vec::new();
    };
    tree.iter()
        .filter(|e| e.kind() == Some(ObjectType::Blob))
        .filter_map(|e| Some((e.name().ok()?.to_string(), e.id())))
        .filter(|(name, _)| is_record_name(name))
        .collect()
}

fn is_record_name(name: &str) -> bool {
    !name.contains('/') && crate::store::is_candidate(name)
}

/// Record files that differ between two records trees (either may be absent).
fn diff_files(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
) -> Result<Vec<Change>> {
    // The trees are already the records directory's, so no pathspec is needed: matching one
    // against every entry of a large directory costs more than the diff itself.
    let mut options = git2::DiffOptions::new();
    options.skip_binary_check(true);
    let diff = repo
        .diff_tree_to_tree(old, new, Some(&mut options))
        .context("failed to diff the records directory between two commits")?;
    let mut changes = Vec::new();
    for delta in diff.deltas() {
        let (path, change, blob) = match delta.status() {
            git2::Delta::Added => (
                delta.new_file().path(),
                FileChange::Added,
                Some(delta.new_file().id()),
            ),
            // The old blob is kept to pair a delete with an add of the same content.
            git2::Delta::Deleted => (
                delta.old_file().path(),
                FileChange::Deleted,
                Some(delta.old_file().id()),
            ),
            _ => (
                delta.new_file().path(),
                FileChange::Modified,
                Some(delta.new_file().id()),
            ),
        };
        let Some(name) = path.and_then(Path::to_str) else {
            continue;
        };
        if is_record_name(name) {
            changes.push((name.to_string(), change, blob));
        }
    }
    Ok(changes)
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

/// The `status` a record blob declares, read cheaply: the front matter's `status:` line, else a
/// MADR 2 / log4brains `* Status:` bullet, else the line after an adr-tools `## Status` heading.
fn status_of_blob(repo: &Repository, id: git2::Oid) -> Option<String> {
    let blob = repo.find_blob(id).ok()?;
    status_in(&String::from_utf8_lossy(blob.content()))
}

/// See [`status_of_blob`]; public within the crate for tests.
pub(crate) fn status_in(text: &str) -> Option<String> {
    use crate::record::parse::{FrontMatterSpan, split_front_matter};
    let unquote = |v: &str| {
        let v = v.split(" #").next().unwrap_or(v).trim();
        let v = v.trim_matches(|c| c == '"' || c == '\'').trim();
        (!v.is_empty()).then(|| v.to_string())
    };
    if let FrontMatterSpan::Found(split) = split_front_matter(text) {
        for line in text[split.yaml_start..split.yaml_end].lines() {
            if let Some(value) = line.strip_prefix("status:") {
                return unquote(value);
            }
        }
        return None;
    }
    let mut after_heading = false;
    for line in text.lines().take(80) {
        let trimmed = line.trim();
        if after_heading && !trimmed.is_empty() {
            return unquote(trimmed);
        }
        let bullet = trimmed.trim_start_matches(['*', '-', ' ']);
        if let Some(value) = bullet
            .strip_prefix("Status:")
            .or_else(|| bullet.strip_prefix("status:"))
        {
            return unquote(value);
        }
        after_heading = trimmed.eq_ignore_ascii_case("## status");
    }
    None
}
