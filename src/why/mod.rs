//! `because why`: the decisions tied to a path, a line or a branch's changes (issue 17,
//! decision 0011).
//!
//! Gathers the evidence — `governs` globs ([`crate::governs`]), commits that changed the
//! paths ([`crate::git::Repo::commits_touching`], one walk for every path asked) or the
//! blamed line's commit, comments in the code ([`crate::cite`]) — and hands it to
//! [`rank`]. Without a Git repository only globs and comments tie anything.

pub mod rank;

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::cite::{Citations, Comment};
use crate::git::{CodeCommit, Repo};
use crate::governs::Governs;
use crate::index::Index;
use crate::store;
use crate::workspace::Workspace;
pub use rank::{Answer, Decision, How, Superseded, Tie};

/// How far from the asked line a comment still speaks about it.
const COMMENT_REACH: usize = 10;

/// What the asked path is, once resolved against the repository root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Root-relative, `/`-separated (`""` for the root itself).
    pub path: String,
    pub line: Option<usize>,
    pub is_dir: bool,
}

/// The files a branch changed, and the decisions tied to each file that has any.
pub struct Changed {
    pub files: Vec<String>,
    pub answers: Vec<(String, Answer)>,
}

/// Everything a `why` query reads once: records, globs, citation forms, the repository.
pub struct Context<'a> {
    pub index: &'a Index,
    repo: Option<Repo>,
    /// The repository's work tree root (globs and paths are relative to it).
    pub root: PathBuf,
    citations: Citations,
    governs: Governs,
    cwd: PathBuf,
}

impl<'a> Context<'a> {
    pub fn new(ws: &Workspace, index: &'a Index) -> Result<Context<'a>> {
        let repo = Repo::discover(&ws.records_dir);
        let root = repo
            .as_ref()
            .and_then(Repo::workdir)
            .unwrap_or_else(|| ws.root.clone());
        let root = root.canonicalize().unwrap_or(root);
        let records_rel = match &repo {
            Some(repo) => repo.records_rel().to_string(),
            None => relative(&root, &ws.records_dir).unwrap_or_default(),
        };
        Ok(Context {
            index,
            citations: Citations::new(&ws.config.why.citations, &records_rel)?,
            governs: Governs::new(index),
            repo,
            root,
            cwd: ws.cwd.clone(),
        })
    }

    /// The repository, for a query that needs history (`--changed`).
    pub fn require_repo(&self) -> Result<&Repo> {
        match &self.repo {
            Some(repo) => Ok(repo),
            None => bail!("--changed needs a Git repository, and the records are not in one"),
        }
    }

    /// `PATH` or `PATH:LINE` as the user wrote it (relative to where they are), resolved.
    pub fn target(&self, arg: &str) -> Result<Target> {
        let (path_arg, line) = split_line(arg, |p| self.cwd.join(p).exists());
        let absolute = self.cwd.join(path_arg);
        let Ok(canonical) = absolute.canonicalize() else {
            bail!(
                "no file or directory `{path_arg}`; give a path in the repository, e.g. `src/db/pool.rs` or `src/db/pool.rs:42`"
            );
        };
        let Some(path) = relative(&self.root, &canonical) else {
            bail!(
                "`{path_arg}` is outside the repository `{}`",
                self.root.display()
            );
        };
        let is_dir = canonical.is_dir();
        if is_dir && line.is_some() {
            bail!("`{path_arg}` is a directory; a line number needs a file");
        }
        Ok(Target { path, line, is_dir })
    }

    /// The decisions tied to one file, directory or line.
    pub fn explain(&self, target: &Target, all: bool) -> Result<Answer> {
        let paths = vec![target.path.clone()];
        let files = match target.is_dir {
            true => files_under(&store::work_tree_files(&self.root), &target.path),
            false => paths.clone(),
        };
        let commits = match (&self.repo, target.line) {
            (None, _) => Vec::new(),
            (Some(repo), Some(line)) => repo.blame_line(&target.path, line)?.into_iter().collect(),
            (Some(repo), None) => repo.commits_touching(&paths)?,
        };
        let mut globs = self.globs(&files);
        if target.is_dir {
            globs.extend(self.globs(&paths));
        }
        let comments = self.comments(&files, target.line);
        let evidence = rank::Evidence {
            paths: &paths,
            globs,
            commits: &commits,
            line: target.line,
            comments,
            citations: &self.citations,
        };
        Ok(rank::rank(self.index, &evidence, all))
    }

    /// The code files HEAD changed since `rev`, each with the decisions tied to it; files
    /// nothing ties are left out. Record files are not code: they are left out too (and
    /// comparing the records directory at every commit would cost the most). One history
    /// walk serves every file.
    pub fn changed(&self, rev: &str, all: bool) -> Result<Changed> {
        let repo = self.require_repo()?;
        let records = format!("{}/", repo.records_rel());
        let files: Vec<String> = repo
            .changed_since(rev)?
            .into_iter()
            .filter(|f| repo.records_rel().is_empty() || !f.starts_with(&records))
            .collect();
        let commits = repo.commits_touching(&files)?;
        let mut answers = Vec::new();
        for (i, file) in files.iter().enumerate() {
            let mine: Vec<CodeCommit> = commits
                .iter()
                .filter(|c| c.paths.contains(&i))
                .map(|c| CodeCommit {
                    paths: vec![0],
                    ..c.clone()
                })
                .collect();
            let one = std::slice::from_ref(file);
            let evidence = rank::Evidence {
                paths: one,
                globs: self.globs(one),
                commits: &mine,
                line: None,
                comments: self.comments(one, None),
                citations: &self.citations,
            };
            let answer = rank::rank(self.index, &evidence, all);
            if !answer.decisions.is_empty() || !answer.superseded.is_empty() {
                answers.push((file.clone(), answer));
            }
        }
        Ok(Changed { files, answers })
    }

    fn globs(&self, files: &[String]) -> Vec<(String, crate::governs::Match)> {
        if self.governs.is_empty() {
            return Vec::new();
        }
        files
            .iter()
            .flat_map(|f| {
                self.governs
                    .matches(f)
                    .into_iter()
                    .map(move |m| (f.clone(), m))
            })
            .collect()
    }

    /// Comments naming a record in `files`; for a line, only those near it.
    fn comments(&self, files: &[String], line: Option<usize>) -> Vec<(String, Comment)> {
        let near = |c: &Comment| line.is_none_or(|l| c.line.abs_diff(l) <= COMMENT_REACH);
        files
            .iter()
            .filter_map(|f| Some((f, store::read_code(&self.root, f)?)))
            .flat_map(|(f, text)| {
                self.citations
                    .comments(&text)
                    .into_iter()
                    .filter(near)
                    .map(|c| (f.clone(), c))
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

/// `path:42` → (`path`, 42), unless `path:42` itself exists (a file may have a colon in its
/// name).
fn split_line(arg: &str, exists: impl Fn(&str) -> bool) -> (&str, Option<usize>) {
    match arg.rsplit_once(':') {
        Some((path, line)) => match line.parse::<usize>() {
            Ok(n) if n > 0 && !exists(arg) => (path, Some(n)),
            _ => (arg, None),
        },
        None => (arg, None),
    }
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    path.strip_prefix(root).ok().map(crate::text::slash_path)
}

/// The files of `all` at or under the directory `dir` (`""`: every file).
fn files_under(all: &[String], dir: &str) -> Vec<String> {
    let prefix = format!("{}/", dir.trim_end_matches('/'));
    all.iter()
        .filter(|f| dir.is_empty() || f.starts_with(&prefix))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_number_is_split_off_unless_the_name_has_it() {
        assert_eq!(split_line("src/a.rs:42", |_| false), ("src/a.rs", Some(42)));
        assert_eq!(split_line("src/a.rs:42", |_| true), ("src/a.rs:42", None));
        assert_eq!(split_line("src/a.rs", |_| false), ("src/a.rs", None));
        assert_eq!(split_line("src/a.rs:x", |_| false), ("src/a.rs:x", None));
    }
}
