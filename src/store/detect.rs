//! Which records folder a repository already has, when nothing says where its records are:
//! the folder whose files most often read as records of one format (adr-tools, MADR,
//! log4brains, PEP, EIP, KEP, review bullets, RFC bullets), found by parsing a sample of each
//! folder's files with the real parser (issue 13). `because init` writes it into the config;
//! until then every command reads records there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::record::{self, Format, Record};

/// How many files of one folder are parsed to recognise its format.
const SAMPLE: usize = 40;

/// How deep below the root a records folder is looked for (`docs/architecture/decisions`,
/// `keps/sig-node/1234-x/README.md`).
const MAX_DEPTH: usize = 6;

/// At most this many directory entries are looked at: a huge tree without a records folder
/// costs a bounded walk, not a scan of everything.
const MAX_ENTRIES: usize = 50_000;

/// At most this many files are parsed in all: a large tree of documentation costs a bounded
/// look before the first command in it, even with no records folder to find.
const MAX_PARSED: usize = 2_000;

/// A folder of records in a known format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Relative to the repository root, `/`-separated; `.` for the root itself.
    pub dir: String,
    pub format: Format,
    /// Files of the sample that read as records.
    pub records: usize,
}

/// The folder holding the most records, widened to its parent while a sibling folder holds
/// records of the same format (`keps/` over `keps/sig-node/`); a tie goes to the shallower.
pub fn layout(root: &Path) -> Option<Layout> {
    let mut budget = MAX_PARSED;
    let found: Vec<Folder> = locations(root)
        .into_iter()
        .filter_map(|(dir, files)| {
            let files = &files[..files.len().min(SAMPLE).min(budget)];
            budget -= files.len();
            let (format, records) = sample(&dir, files)?;
            Some(Folder {
                dir,
                format,
                records,
            })
        })
        .collect();
    let best = found.iter().max_by_key(|f| {
        let depth = f.dir.components().count();
        (f.records, std::cmp::Reverse(depth))
    })?;
    Some(widen(root, best, &found))
}

/// A folder holding records of one format, and how many of its sampled files read so.
struct Folder {
    dir: PathBuf,
    format: Format,
    records: usize,
}

/// Climbs from `best` while its parent folder, or another folder in it, holds records of
/// the same format; the records are then counted over the whole parent.
fn widen(root: &Path, best: &Folder, found: &[Folder]) -> Layout {
    let (mut dir, format) = (best.dir.clone(), best.format);
    while let Some(parent) = dir.parent().filter(|p| p.starts_with(root) && *p != dir) {
        let kin = |f: &Folder| {
            f.format == format && f.dir.starts_with(parent) && !f.dir.starts_with(&dir)
        };
        if !found.iter().any(kin) {
            break;
        }
        dir = parent.to_path_buf();
    }
    let records = found
        .iter()
        .filter(|f| f.format == format && f.dir.starts_with(&dir))
        .map(|f| f.records)
        .sum();
    Layout {
        dir: shown(root, &dir),
        format,
        records,
    }
}

fn shown(root: &Path, dir: &Path) -> String {
    let relative = crate::text::slash_path(dir.strip_prefix(root).unwrap_or(dir));
    if relative.is_empty() {
        ".".into()
    } else {
        relative
    }
}

/// Candidate record files grouped by the folder that holds them as records: a file's own
/// folder, or for a folder per record (`0042-x/README.md`) the folder above it.
fn locations(root: &Path) -> BTreeMap<PathBuf, Vec<PathBuf>> {
    let mut groups: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let walker = walkdir::WalkDir::new(root)
        .max_depth(MAX_DEPTH)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_type().is_dir() || !is_outside_records(e))
        .take(MAX_ENTRIES);
    for entry in walker.filter_map(Result::ok) {
        let file_name = entry.file_name();
        if !entry.file_type().is_file() || !super::listing::is_record_path(entry.path(), file_name)
        {
            continue;
        }
        let holder = match super::is_candidate(&file_name.to_string_lossy()) {
            true => entry.path().parent(),
            false => entry.path().parent().and_then(Path::parent),
        };
        if let Some(holder) = holder {
            groups
                .entry(holder.to_path_buf())
                .or_default()
                .push(entry.into_path());
        }
    }
    groups
}

/// Folders whose Markdown is not the team's records: hidden and build folders, nested Git
/// repositories, and tests, fixtures, examples and vendored code (someone else's records,
/// or samples of them).
fn is_outside_records(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy().to_lowercase();
    super::is_skipped_dir(&name)
        || entry.path().join(".git").exists()
        || matches!(
            name.as_str(),
            "test"
                | "tests"
                | "testdata"
                | "fixtures"
                | "example"
                | "examples"
                | "vendor"
                | "third_party"
                | "third-party"
                | "site"
                | "dist"
                | "build"
        )
}

/// The format most of a folder's sampled files read as records in, if any do.
fn sample(dir: &Path, files: &[PathBuf]) -> Option<(Format, usize)> {
    let config = Config::default();
    let named_for_decisions = is_named_for_decisions(dir);
    let mut counts: Vec<(Format, usize)> = Vec::new();
    for path in files {
        let Some(format) = read_as_record(path, &config, named_for_decisions) else {
            continue;
        };
        match counts.iter_mut().find(|(f, _)| *f == format) {
            Some((_, n)) => *n += 1,
            None => counts.push((format, 1)),
        }
    }
    counts.into_iter().max_by_key(|&(_, n)| n)
}

/// A folder whose name says it holds decisions (`adr`, `architecture-decisions`, `rfcs`,
/// `proposals`): there a numbered file with no metadata (`adr013-x.md`) is a record too.
fn is_named_for_decisions(dir: &Path) -> bool {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    ["adr", "decision", "rfc", "proposal", "enhancement"]
        .iter()
        .any(|w| name.contains(w))
}

/// The format a file reads as, when what it says makes it a record and not merely a
/// Markdown page: a process family's header, a legacy tool's layout, a status, or (in a
/// folder named for decisions) a record's number in its name.
fn read_as_record(path: &Path, config: &Config, named_for_decisions: bool) -> Option<Format> {
    let bytes = std::fs::read(path).ok()?;
    let sidecar = super::read_sidecar(path, path).ok().flatten();
    let record = record::parse_with_sidecar(path.to_path_buf(), &bytes, sidecar.as_deref(), config);
    let numbered = named_for_decisions && record.number.is_some();
    (is_evidence(&record) || numbered).then_some(record.format)
}

fn is_evidence(record: &Record) -> bool {
    record.status_raw.is_some() || !matches!(record.format, Format::Native | Format::Plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn adr_tools(n: u32) -> String {
        format!(
            "# {n}. Use a thing\n\nDate: 2020-01-0{n}\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n"
        )
    }

    #[test]
    fn an_adr_folder_is_found_below_docs_and_not_widened_to_its_pages() {
        let dir = tempfile::tempdir().unwrap();
        for n in 1..=3 {
            write(
                dir.path(),
                &format!("docs/architecture/decisions/000{n}-x.md"),
                &adr_tools(n),
            );
        }
        write(
            dir.path(),
            "docs/guide/0001-intro.md",
            "# Intro\n\nSome page.\n",
        );
        write(dir.path(), "tests/fixtures/adr/0001-a.md", &adr_tools(1));
        let found = layout(dir.path()).unwrap();
        assert_eq!(found.dir, "docs/architecture/decisions");
        assert_eq!(found.format, Format::AdrTools);
        assert_eq!(found.records, 3);
    }

    #[test]
    fn folders_of_one_format_side_by_side_widen_to_their_parent() {
        let dir = tempfile::tempdir().unwrap();
        for (sig, n) in [("sig-a", 1), ("sig-a", 2), ("sig-b", 3)] {
            let kep = format!("title: T\nkep-number: {n}\nstatus: implementable\n");
            write(dir.path(), &format!("keps/{sig}/{n}-x/kep.yaml"), &kep);
            write(
                dir.path(),
                &format!("keps/{sig}/{n}-x/README.md"),
                "# T\n\n## Summary\n\nS.\n",
            );
        }
        let found = layout(dir.path()).unwrap();
        assert_eq!(
            (found.dir.as_str(), found.format, found.records),
            ("keps", Format::Kep, 3)
        );
    }

    #[test]
    fn pages_without_anything_of_a_record_are_no_layout() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "docs/0001-intro.md",
            "---\ntitle: Intro\n---\n\n# Intro\n",
        );
        assert_eq!(layout(dir.path()), None);
    }
}
