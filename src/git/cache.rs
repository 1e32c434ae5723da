//! The history cache: what each commit did to record files, kept between builds in the
//! repository's git directory, one file per records directory
//! (`because/history-v2-docs-decisions.jsonl`).
//!
//! A commit is immutable, so its comparison with its parents never goes stale: a build reads
//! the cache and compares trees only for commits it has not seen (issue 6: reading every tree
//! of 20,000 commits is seconds; reading the cache is milliseconds). What is not a fact about
//! the commit alone is not cached: a shallow clone's boundary commits are compared every time.
//! The header names the records directory and the version of `because`, so moving the
//! directory or upgrading rebuilds it. The file is named after the records directory too: a
//! monorepo's members build in one run, and one shared file would be rebuilt for each (issue 16); bump [`FORMAT`] when the comparison itself changes.
//! The cache is an optimisation only: one that cannot be read is ignored and rebuilt, and one
//! that cannot be written is not an error. No git2 types here.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::history::Touched;

/// Bumped when what is cached for a commit changes meaning.
const FORMAT: u32 = 2;

/// The cache file of the records directory `records` (relative to the work tree, `/`-separated)
/// inside a repository's (common) git directory. Two directories whose names differ only in
/// punctuation share a file; the header tells them apart, at the cost of a rebuild.
pub fn path(git_dir: &Path, records: &str) -> PathBuf {
    git_dir
        .join("because")
        .join(format!("history-v{FORMAT}-{}.jsonl", dir_key(records)))
}

/// The records directory in a cache file's name: punctuation as `-`, `root` for the root.
pub fn dir_key(records: &str) -> String {
    let key: String = records
        .chars()
        .map(|c| match c.is_ascii_alphanumeric() || c == '_' {
            true => c,
            false => '-',
        })
        .collect();
    if key.is_empty() { "root".into() } else { key }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: u32,
    because: String,
    records: String,
}

impl Header {
    fn new(records: &str) -> Header {
        Header {
            format: FORMAT,
            because: env!("CARGO_PKG_VERSION").into(),
            records: records.into(),
        }
    }
}

/// One commit: its id, and what it did to record files (`None`: nothing).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    commit: String,
    touched: Option<Touched>,
}

/// Commit id → what it did, for the records directory `records`. Empty when the file is
/// missing, was written for another directory or version, or does not parse.
pub fn load(file: &Path, records: &str) -> HashMap<String, Option<Touched>> {
    read(file, records).unwrap_or_default()
}

fn read(file: &Path, records: &str) -> Option<HashMap<String, Option<Touched>>> {
    let mut lines = BufReader::new(std::fs::File::open(file).ok()?).lines();
    let header: Header = serde_json::from_str(&lines.next()?.ok()?).ok()?;
    if header != Header::new(records) {
        return None;
    }
    let mut commits = HashMap::new();
    for line in lines {
        let line: Line = serde_json::from_str(&line.ok()?).ok()?;
        commits.insert(line.commit, line.touched);
    }
    Some(commits)
}

/// Replace the cache with `commits`, atomically (a temporary file renamed over it), so a build
/// stopped half-way leaves the old cache or the new one, never half of one.
pub fn save<'a>(
    file: &Path,
    records: &str,
    commits: impl Iterator<Item = (&'a str, Option<&'a Touched>)>,
) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let temp = tempfile::NamedTempFile::new_in(dir)?;
    let mut out = BufWriter::new(temp);
    serde_json::to_writer(&mut out, &Header::new(records))?;
    out.write_all(b"\n")?;
    for (commit, touched) in commits {
        serde_json::to_writer(&mut out, &LineRef { commit, touched })?;
        out.write_all(b"\n")?;
    }
    let temp = out.into_inner().map_err(|e| e.into_error())?;
    temp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// [`Line`], borrowed, for writing.
#[derive(Serialize)]
struct LineRef<'a> {
    commit: &'a str,
    touched: Option<&'a Touched>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::FileChange;
    use crate::git::history::CommitMeta;

    fn touched() -> Touched {
        Touched {
            meta: CommitMeta {
                id: "abc".into(),
                author: "Ann".into(),
                email: "ann@example.com".into(),
                time: 1,
                offset_minutes: 60,
                subject: "Rename".into(),
            },
            files: vec![(
                "0002-b.md".into(),
                FileChange::Renamed("0001-b.md".into()),
                Some("accepted".into()),
            )],
        }
    }

    #[test]
    fn a_saved_cache_loads_for_the_same_records_directory_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = path(dir.path(), "docs/decisions");
        let t = touched();
        save(
            &file,
            "docs/decisions",
            [("abc", Some(&t)), ("def", None)].into_iter(),
        )
        .unwrap();
        let loaded = load(&file, "docs/decisions");
        assert_eq!(loaded.len(), 2);
        assert_eq!(loaded["abc"], Some(t));
        assert_eq!(loaded["def"], None);
        assert!(load(&file, "doc/adr").is_empty());
    }

    #[test]
    fn a_damaged_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let file = path(dir.path(), "");
        save(&file, "", [("def", None)].into_iter()).unwrap();
        let mut text = std::fs::read_to_string(&file).unwrap();
        text.push_str("{\"commit\": \"x\", \"touched\": tru\n");
        std::fs::write(&file, text).unwrap();
        assert!(load(&file, "").is_empty());
        assert!(load(&dir.path().join("missing"), "").is_empty());
    }

    #[test]
    fn each_records_directory_has_its_own_cache_file() {
        let git = Path::new(".git");
        let a = path(git, "services/a/docs/decisions");
        assert_ne!(a, path(git, "services/b/docs/decisions"));
        assert_eq!(
            a,
            git.join("because/history-v2-services-a-docs-decisions.jsonl")
        );
        assert_eq!(path(git, ""), git.join("because/history-v2-root.jsonl"));
    }
}
