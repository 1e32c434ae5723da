//! The members of a monorepo: the root (when it has records), every folder below it holding
//! a `because.toml` of its own, and the `records-dirs` the root's configuration lists. Each is
//! a [`Workspace`] with its own config, records and numbering (issue 16, decision 0014).
//!
//! Found here and nowhere else. Only the readers that cover a repository (`list`, `check`,
//! `build`) ask for members; writers work on the nearest workspace, so numbers never collide.

use std::path::{Component, Path, PathBuf};

use anyhow::{Result, bail};

use super::{CONFIG_FILE, GlobalOptions, Workspace, resolved};
use crate::config::DEFAULT_SITE_DIR;

/// How deep below the root a nested `because.toml` is looked for: the walk runs on every
/// `list`, `check` and `build`, and packages sit a few levels down (`services/a`,
/// `packages/web/app`), never deeper.
const MAX_DEPTH: usize = 6;

/// One member of a workspace.
#[derive(Debug, Clone)]
pub struct Member {
    /// Its folder relative to the root, `/`-separated (`services/a`), `.` for the root; a
    /// `records-dirs` member is named by the records directory as listed.
    pub name: String,
    pub ws: Workspace,
}

/// The name of the root member.
pub const ROOT: &str = ".";

impl Workspace {
    /// This workspace's members: the root first, then by name. A workspace opened with
    /// `--dir`, or with no member but itself, is its own one member.
    pub fn members(&self, options: &GlobalOptions) -> Result<Vec<Member>> {
        let mut members = Vec::new();
        if options.dir.is_none() {
            if self.records_dir.is_dir() {
                members.push(self.as_member());
            }
            for dir in nested_configs(&self.root, &self.not_searched()) {
                let ws = Workspace::at(options, self.cwd.clone(), dir.clone(), None)?;
                members.push(Member {
                    name: relative_name(&self.root, &dir),
                    ws,
                });
            }
            self.add_listed_dirs(&mut members)?;
        }
        if members.is_empty() {
            members.push(self.as_member());
        }
        members.sort_by(|a, b| (a.name != ROOT, &a.name).cmp(&(b.name != ROOT, &b.name)));
        Ok(members)
    }

    fn as_member(&self) -> Member {
        Member {
            name: ROOT.into(),
            ws: self.clone(),
        }
    }

    /// The `records-dirs` members, with this workspace's settings; a directory a member
    /// already reads is not read twice.
    fn add_listed_dirs(&self, members: &mut Vec<Member>) -> Result<()> {
        for listed in &self.config.records_dirs {
            let records = below(&self.root, listed);
            if members
                .iter()
                .any(|m| resolved(&m.ws.records_dir) == resolved(&records))
            {
                continue;
            }
            let mut ws = self.clone();
            ws.records_dir = records;
            ws.package_dirs.clear();
            ws.check_records_dirs()?;
            members.push(Member {
                name: relative_name(&self.root, &ws.records_dir),
                ws,
            });
        }
        Ok(())
    }

    /// Folders the search for nested configurations does not enter: the site `build` writes,
    /// the root's own records (thousands of files, never a package) and the configured
    /// `members-exclude`.
    fn not_searched(&self) -> Vec<PathBuf> {
        let excluded = self.config.members_exclude.iter();
        [self.root.join(DEFAULT_SITE_DIR), self.records_dir.clone()]
            .into_iter()
            .chain(excluded.map(|dir| below(&self.root, dir)))
            .collect()
    }
}

/// The members named `name` (`services/a`, `./services/a/` and `.` for the root), or all of
/// them when no name is given.
pub fn select(members: Vec<Member>, name: Option<&str>) -> Result<Vec<Member>> {
    let Some(name) = name else {
        return Ok(members);
    };
    let wanted = relative_name(Path::new(""), Path::new(name));
    if let Some(found) = members.iter().find(|m| m.name == wanted) {
        return Ok(vec![found.clone()]);
    }
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    bail!(
        "no member `{name}` here; --root takes one of: {}",
        names.join(", ")
    )
}

/// Folders below `root` (at most [`MAX_DEPTH`] levels) that hold a `because.toml`, sorted.
/// Skipped: what the records reader skips too (hidden, `_`, `node_modules`, `target`), the
/// `skip` folders, and a nested Git repository, which is another project (as `find_root`
/// stops at one).
fn nested_configs(root: &Path, skip: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![(root.to_path_buf(), 0)];
    while let Some((dir, depth)) = todo.pop() {
        for sub in subfolders(&dir) {
            if skip.contains(&sub) || sub.join(".git").exists() {
                continue;
            }
            if sub.join(CONFIG_FILE).is_file() {
                found.push(sub.clone());
            }
            if depth + 1 < MAX_DEPTH {
                todo.push((sub, depth + 1));
            }
        }
    }
    found.sort();
    found
}

/// The folders directly in `dir` that may hold members; symlinks are not followed (a link
/// to `..` would walk in circles).
fn subfolders(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| !crate::store::is_skipped_dir(n))
        })
        .map(|e| e.path())
        .collect()
}

/// `root` joined with a folder as a user wrote it (`./tests/fixtures/`), in one spelling.
fn below(root: &Path, dir: &str) -> PathBuf {
    let rel: PathBuf = Path::new(dir.trim())
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    root.join(rel)
}

/// `dir` relative to `root`, `/`-separated, `.` for the root itself.
fn relative_name(root: &Path, dir: &Path) -> String {
    let rel = dir.strip_prefix(root).unwrap_or(dir);
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect();
    match parts.is_empty() {
        true => ROOT.into(),
        false => parts.join("/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_at(root: &Path, dir: &str) {
        std::fs::create_dir_all(root.join(dir)).unwrap();
        std::fs::write(root.join(dir).join(CONFIG_FILE), "").unwrap();
    }

    #[test]
    fn nested_configs_skip_dependencies_hidden_folders_and_other_repositories() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for dir in [
            "services/a",
            "services/b",
            "packages/web/app",
            "node_modules/lib",
            "target/debug/x",
            ".cache/y",
            "_drafts/z",
            "vendor/other",
            "site/copy",
            "tests/fixtures/case",
            "a/b/c/d/e/f/too-deep",
        ] {
            config_at(root, dir);
        }
        std::fs::create_dir_all(root.join("vendor/other/.git")).unwrap();
        let skip = [root.join("site"), root.join("tests/fixtures")];
        let names: Vec<String> = nested_configs(root, &skip)
            .iter()
            .map(|d| relative_name(root, d))
            .collect();
        assert_eq!(names, ["packages/web/app", "services/a", "services/b"]);
    }

    #[test]
    fn the_search_goes_six_levels_down() {
        let tmp = tempfile::tempdir().unwrap();
        config_at(tmp.path(), "a/b/c/d/e/f");
        config_at(tmp.path(), "a/b/c/d/e/f/g");
        let found = nested_configs(tmp.path(), &[]);
        assert_eq!(found, [tmp.path().join("a/b/c/d/e/f")]);
    }

    #[test]
    fn names_are_slash_separated_and_the_root_is_a_dot() {
        let root = Path::new("/repo");
        assert_eq!(
            relative_name(root, Path::new("/repo/services/a")),
            "services/a"
        );
        assert_eq!(relative_name(root, root), ROOT);
        assert_eq!(
            relative_name(Path::new(""), Path::new("./services/a/")),
            "services/a"
        );
        assert_eq!(
            below(root, "./tests/fixtures/"),
            root.join("tests/fixtures")
        );
    }
}
