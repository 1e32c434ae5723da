//! The one facade over git2 ([`Repo`], opened once per command, as git-cliff's `repo.rs`):
//! record numbers on every branch (read from trees, no checkout), the records directory at a
//! revision, record history in one pass, the user's name.
//!
//! git2 types never leave `git`; callers get plain numbers, bytes and paths. Git is
//! enrichment: outside a repository [`Repo::discover`] gives `None` and callers go on.

use std::path::Path;

use anyhow::{Context, Result};
use git2::{BranchType, ObjectType, Repository, Tree};

use crate::record::name;

mod cache;
mod changes;
mod code;
mod history;
mod tree;

pub use code::{CodeChange, CodeCommit};
pub use history::{FileChange, FileCommit, History};

/// The repository holding a records directory, and that directory's path inside it.
pub struct Repo {
    repo: Repository,
    /// The records directory relative to the work tree, `/`-separated (as trees name it).
    rel: String,
}

impl Repo {
    /// The repository holding `records_dir`, when there is one and the directory lies in its
    /// work tree.
    pub fn discover(records_dir: &Path) -> Option<Repo> {
        let repo = Repository::discover(records_dir).ok()?;
        let rel = relative_in_repo(&repo, records_dir)?;
        Some(Repo { repo, rel })
    }

    /// Like [`Repo::discover`], for a command the user asked to use git (`--against`).
    pub fn require(records_dir: &Path) -> Result<Repo> {
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
        Ok(Repo { repo, rel })
    }

    /// Every record number in HEAD and in every local and remote-tracking branch.
    pub fn numbers_on_branches(&self) -> Result<Vec<u32>> {
        let mut seen_trees = std::collections::HashSet::new();
        let mut numbers = Vec::new();
        for tree in branch_trees(&self.repo)? {
            if seen_trees.insert(tree.id()) {
                numbers.extend(numbers_in_tree(&self.repo, &tree, &self.rel));
            }
        }
        Ok(numbers)
    }

    /// The history of every record file (see [`history::read`]); `None` before the first
    /// commit.
    pub fn history(&self) -> Result<Option<History>> {
        history::read(&self.repo, &self.rel)
    }

    /// The records directory relative to the work tree, `/`-separated (`""` at the root).
    pub fn records_rel(&self) -> &str {
        &self.rel
    }

    /// `user.name` from this repository's configuration.
    pub fn user_name(&self) -> Option<String> {
        self.repo.config().ok()?.get_string("user.name").ok()
    }

    /// The URL of the `origin` remote, as configured.
    pub fn origin_url(&self) -> Option<String> {
        self.repo
            .find_remote("origin")
            .ok()?
            .url()
            .ok()
            .map(str::to_string)
    }
}

/// The git dir of the bare repository `dir` is (or lies in), if it is one: a bare repository
/// has no work tree, so records written there would land among git's own files.
pub fn bare_repository(dir: &Path) -> Option<std::path::PathBuf> {
    let repo = Repository::discover(dir).ok()?;
    repo.is_bare().then(|| repo.path().to_path_buf())
}

/// Numbers on every branch, or none outside a repository (numbering then uses the working
/// tree alone).
pub fn numbers_on_branches(records_dir: &Path) -> Result<Vec<u32>> {
    match Repo::discover(records_dir) {
        Some(repo) => repo.numbers_on_branches(),
        None => Ok(Vec::new()),
    }
}

/// `dir` relative to the repository's work tree, with `/` separators as git trees use.
fn relative_in_repo(repo: &Repository, dir: &Path) -> Option<String> {
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let dir = canonical_or_parent(dir)?;
    let rel = dir.strip_prefix(&workdir).ok()?;
    Some(crate::text::slash_path(rel))
}

/// Canonicalize a directory that may not exist yet by canonicalizing its nearest existing parent.
fn canonical_or_parent(dir: &Path) -> Option<std::path::PathBuf> {
    if let Ok(path) = dir.canonicalize() {
        return Some(path);
    }
    let parent = canonical_or_parent(dir.parent()?)?;
    Some(parent.join(dir.file_name()?))
}

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

/// `user.name` from the repository at `dir`, else from the user's git configuration.
pub fn user_name(dir: &Path) -> Option<String> {
    if let Some(repo) = Repo::discover(dir) {
        return repo.user_name();
    }
    git2::Config::open_default()
        .ok()?
        .get_string("user.name")
        .ok()
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

impl Repo {
    /// The records directory as it is at `rev` (a branch, tag or commit), without checkout.
    pub fn files_at(&self, rev: &str) -> Result<RevisionFiles> {
        let (repo, rel) = (&self.repo, self.rel.as_str());
        let commit = repo
            .revparse_single(rev)
            .and_then(|object| object.peel_to_commit())
            .map_err(|_| unknown_revision(repo, rev))?;
        let tree = commit
            .tree()
            .with_context(|| format!("failed to read the tree of `{rev}`"))?;
        let mut files = Vec::new();
        if let Some(dir) = subtree(repo, &tree, rel) {
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
                subtree(repo, &base, rel)
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
}

/// Why `rev` is not here and what to do. CI checkouts are shallow and fetch one branch, so
/// the base a pull request is compared with is usually just not fetched yet: say how to fetch
/// it instead of suggesting the very revision that failed (issue 16).
fn unknown_revision(repo: &Repository, rev: &str) -> anyhow::Error {
    let remote_branch = rev
        .split_once('/')
        .filter(|(remote, branch)| !branch.is_empty() && repo.find_remote(remote).is_ok());
    let fetch = match remote_branch {
        Some((remote, branch)) => format!("git fetch {remote} {branch}"),
        None if repo.is_shallow() => "git fetch --unshallow".to_string(),
        None => {
            return anyhow::anyhow!(
                "unknown revision `{rev}`; give a branch, tag or commit (`git branch --all` lists the branches)"
            );
        }
    };
    let shallow = match repo.is_shallow() {
        true => "this is a shallow clone and ",
        false => "",
    };
    anyhow::anyhow!(
        "unknown revision `{rev}`: {shallow}it has not been fetched; fetch the base first with `{fetch}` (GitHub Actions: `actions/checkout` with `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`)"
    )
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
