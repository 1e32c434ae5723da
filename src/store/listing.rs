//! What the records directories hold, from names alone: the one walk that finds candidate
//! record files and, for a writer holding the lock, the temp files an interrupted change left
//! beside them ([`super::change`]). Reading and parsing the files is the caller's.
//!
//! Records are read from the records directory and its subfolders (three levels, hidden and
//! `_` folders skipped), plus log4brains package folders named in `.log4brains.yml` (issue 5).
//! The tests below run once per directory entry, 10,000 times in a large repository, so names
//! are compared as bytes and nothing is allocated for an entry that is not a record.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::change;
use crate::record::family::SIDECAR;
use crate::record::name;
use crate::workspace::Workspace;

/// Markdown files in a records directory that are never records, by exact name: indexes,
/// and the template files the common tools ship (adr-tools, MADR, log4brains, RFC repos).
/// A record's *title* never makes it one of these: `0002-use-templates-for-emails.md` is a
/// record (issue 11).
const NOT_RECORDS: [&str; 11] = [
    "readme.md",
    "index.md",
    "contributing.md",
    "toc.md",
    "summary.md",
    "changelog.md",
    "template.md",
    "adr-template.md",
    "rfc-template.md",
    "0000-template.md",
    "0000-rfc-template.md",
];

/// How deep a listing looks below the records directory. Teams group records in subfolders
/// (log4brains packages, one folder per area); deeper trees are not records.
const MAX_DEPTH: usize = 3;

/// Folders that never hold records, below the records directory or (a monorepo's members)
/// below the root.
pub fn is_skipped_dir(name: &str) -> bool {
    name.starts_with(['.', '_']) || matches!(name, "node_modules" | "target")
}

/// True for a file name that may hold a record (a `.md` or reStructuredText `.rst` file —
/// PEPs are written in it — or an old plain-text PEP, `pep-0010.txt`) that is not a README,
/// index, template or hidden file.
pub fn is_candidate(file_name: &str) -> bool {
    is_candidate_name(OsStr::new(file_name))
}

/// [`is_candidate`] on the name's bytes with ASCII case folded, which decides as Unicode
/// lowercasing would: the only non-ASCII letters that lowercase to ASCII are the Kelvin sign
/// (`k`, in no name above) and `İ` (`i` and a combining dot), and a name that is not UTF-8
/// keeps its ASCII bytes when converted lossily.
fn is_candidate_name(file_name: &OsStr) -> bool {
    let name = file_name.as_encoded_bytes();
    let has_extension = |ext: &[u8]| {
        name.len() >= ext.len() && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext)
    };
    (has_extension(b".md")
        || has_extension(b".rst")
        || (has_extension(b".txt") && is_id_name(name)))
        && !name.starts_with(b".")
        && !name.starts_with(b"_")
        && !NOT_RECORDS
            .iter()
            .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
        && !is_placeholder_name(name)
}

/// `pep-0010.txt`: a plain-text file is a record only when its name is a process's id.
fn is_id_name(name: &[u8]) -> bool {
    let stem = &name[..name.len() - ".txt".len()];
    std::str::from_utf8(stem).is_ok_and(|s| name::namespaced(&s.to_ascii_lowercase()).is_some())
}

/// A process's template named by its placeholder alone (`pep-NNNN.rst`, `eip-XXXX.md`,
/// `NNNN.md`); a draft with a slug (`NNNN-my-feature.md`) is still a record.
fn is_placeholder_name(name: &[u8]) -> bool {
    let stem = &name[..name.iter().rposition(|&b| b == b'.').unwrap_or(name.len())];
    let number = match stem.iter().rposition(|&b| b == b'-') {
        Some(dash) if stem[..dash].iter().all(u8::is_ascii_alphabetic) => &stem[dash + 1..],
        Some(_) => b"",
        None => stem,
    };
    number.len() >= 3
        && number
            .iter()
            .all(|b| matches!(b.to_ascii_lowercase(), b'n' | b'x' | b'#'))
}

/// True for a path that may hold a record: a candidate file name, or the `README.md` of a
/// folder per record (`0042-slug/README.md`, or any folder with a `kep.yaml` sidecar).
pub(super) fn is_record_path(path: &Path, file_name: &OsStr) -> bool {
    if is_candidate_name(file_name) {
        return true;
    }
    if !file_name.to_str().is_some_and(name::is_folder_record_file) {
        return false;
    }
    let folder = name::record_name(path);
    name::number_from_file_name(&folder).is_some()
        || path.parent().is_some_and(|dir| dir.join(SIDECAR).is_file())
}

/// A candidate record file as the directory listing gave it.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub path: PathBuf,
    /// The listing says a regular file, not a symlink (no `lstat` needed to know).
    pub regular: bool,
}

/// What a listing found: candidate record files in a fixed order, and stray temp files.
#[derive(Debug, Default)]
pub(super) struct Listing {
    pub entries: Vec<Entry>,
    /// Temp files at the top level of the scope's `stray_dirs`, sorted.
    pub strays: Vec<PathBuf>,
    /// For each of the scope's `stray_dirs`, whether the walk read all of its entries.
    read: Vec<bool>,
}

/// What a listing looks for besides record files.
#[derive(Clone, Copy)]
struct Scope<'a> {
    /// The configured templates directory: never records, so never entered.
    templates: Option<&'a Path>,
    /// How deep the templates directory sits below the walk's root, if it is below it. The
    /// depth test is the cheap one, so names and paths are compared for few entries.
    templates_depth: Option<usize>,
    /// Folders whose temp files are collected: a writer's records directories, none for a
    /// reader.
    stray_dirs: &'a [PathBuf],
}

impl<'a> Scope<'a> {
    fn new(templates: Option<&'a Path>, stray_dirs: &'a [PathBuf]) -> Self {
        Scope {
            templates,
            templates_depth: None,
            stray_dirs,
        }
    }

    /// This scope for a walk from `root`.
    fn rooted_at(self, root: &Path) -> Self {
        let templates_depth = self
            .templates
            .and_then(|t| Some(t.strip_prefix(root).ok()?.components().count()));
        Scope {
            templates_depth,
            ..self
        }
    }

    fn is_templates(&self, entry: &walkdir::DirEntry, file_name: &OsStr) -> bool {
        self.templates_depth == Some(entry.depth())
            && self
                .templates
                .is_some_and(|t| t.file_name() == Some(file_name) && t == entry.path())
    }

    fn is_stray(&self, entry: &walkdir::DirEntry, file_name: &OsStr) -> bool {
        !self.stray_dirs.is_empty()
            && change::is_temp_name(file_name)
            && entry
                .path()
                .parent()
                .is_some_and(|dir| self.stray_dirs.iter().any(|d| d == dir))
    }
}

/// A fixed order, so ties (one number and name in two folders) come out the same each run.
/// Records are sorted by number and name once read; this only has to be stable and cheap:
/// by bytes, not `Path`'s component-wise order, which was a third of a writer's time at
/// 10,000 files.
fn sort_entries(files: &mut [Entry]) {
    files.sort_unstable_by(|a, b| {
        let (a, b) = (a.path.as_os_str(), b.path.as_os_str());
        a.as_encoded_bytes().cmp(b.as_encoded_bytes())
    });
}

/// Candidate record files in `dir` and its subfolders (up to [`MAX_DEPTH`], hidden folders
/// skipped), sorted. A missing directory holds no records.
pub(super) fn record_entries(dir: &Path) -> Result<Vec<Entry>> {
    let scope = Scope::new(None, &[]);
    let mut listing = Listing::default();
    walk(dir, &scope, &mut listing)?;
    sort_entries(&mut listing.entries);
    Ok(listing.entries)
}

/// Candidate record files of the workspace: the records directory and any log4brains package
/// folders outside it, not those in the templates directory.
pub(super) fn workspace_entries(ws: &Workspace) -> Result<Vec<Entry>> {
    Ok(list_workspace(ws, &[])?.entries)
}

/// The workspace's candidate record files and the temp files at the top level of each of
/// `stray_dirs` (what [`change::stray_temp_files`] finds there), from one walk.
pub(super) fn list_workspace(ws: &Workspace, stray_dirs: &[PathBuf]) -> Result<Listing> {
    // The configured templates directory may sit among the records (`docs/adr/templates/`).
    let templates = ws.templates_dir();
    let scope = Scope::new(Some(&templates), stray_dirs);
    let mut listing = Listing {
        read: vec![false; stray_dirs.len()],
        ..Listing::default()
    };
    walk(&ws.records_dir, &scope, &mut listing)?;
    let own = listing.entries.len();
    for dir in &ws.package_dirs {
        if !dir.starts_with(&ws.records_dir) {
            walk(dir, &scope, &mut listing)?;
        }
    }
    sort_entries(&mut listing.entries);
    if listing.entries.len() > own {
        listing.entries.dedup_by(|a, b| a.path == b.path);
    }
    listing.add_unread_strays(stray_dirs);
    Ok(listing)
}

impl Listing {
    /// Temp files of the stray dirs the walk did not read (below a skipped or templates
    /// folder, too deep, behind a symlink), read directly: the walk only saves a listing, it
    /// never changes which temp files a writer removes.
    fn add_unread_strays(&mut self, dirs: &[PathBuf]) {
        for (dir, read) in dirs.iter().zip(&self.read) {
            if !read {
                self.strays.extend(change::stray_temp_files(dir));
            }
        }
        self.strays.sort_unstable();
        self.strays.dedup();
    }
}

/// Walk `root` into `listing`: up to [`MAX_DEPTH`], skipped folders and the templates
/// directory not entered.
fn walk(root: &Path, scope: &Scope, listing: &mut Listing) -> Result<()> {
    if !root.exists() || scope.templates.is_some_and(|t| root.starts_with(t)) {
        return Ok(());
    }
    let scope = scope.rooted_at(root);
    let mut walker = walkdir::WalkDir::new(root).max_depth(MAX_DEPTH).into_iter();
    while let Some(entry) = walker.next() {
        let entry = entry
            .with_context(|| format!("failed to read records directory `{}`", root.display()))?;
        let is_dir = entry.file_type().is_dir();
        if !visit(entry, &scope, listing) && is_dir {
            walker.skip_current_dir();
        }
    }
    Ok(())
}

/// Take one directory entry into `listing`; false for a folder the walk must not enter.
fn visit(entry: walkdir::DirEntry, scope: &Scope, listing: &mut Listing) -> bool {
    let file_name = entry.file_name();
    if scope.is_stray(&entry, file_name) {
        listing.strays.push(entry.path().to_path_buf());
    }
    if scope.is_templates(&entry, file_name) {
        return false;
    }
    if entry.file_type().is_dir() {
        return enter(&entry, scope, listing);
    }
    // Symlinks, FIFOs, devices and names that are not UTF-8 are listed too: `load_one`
    // reads what is safe to read and reports the rest, rather than skipping it silently.
    if is_record_path(entry.path(), file_name) {
        let regular = entry.file_type().is_file() && !entry.path_is_symlink();
        listing.entries.push(Entry {
            path: entry.into_path(),
            regular,
        });
    }
    true
}

/// Whether the walk enters the folder `entry`; notes which stray dirs it reads in full.
fn enter(entry: &walkdir::DirEntry, scope: &Scope, listing: &mut Listing) -> bool {
    if entry.depth() > 0 && is_skipped_dir(&entry.file_name().to_string_lossy()) {
        return false;
    }
    if entry.depth() < MAX_DEPTH {
        for (read, dir) in listing.read.iter_mut().zip(scope.stray_dirs) {
            *read |= dir == entry.path();
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::GlobalOptions;

    fn touch(root: &Path, rel: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x").unwrap();
    }

    /// Records in `docs/adr`, templates among them, and three log4brains packages: one the
    /// walk enters, one below a skipped folder (read on its own), one outside.
    fn workspace(root: &Path) -> Workspace {
        let config = "templates-dir = \"docs/adr/templates\"\n";
        std::fs::write(root.join("because.toml"), config).unwrap();
        let options = GlobalOptions {
            dir: Some(root.join("docs/adr")),
            ..GlobalOptions::default()
        };
        let mut ws = Workspace::discover(&options).unwrap();
        let packages = ["docs/adr/web", "docs/adr/_inner", "packages/backend/adr"];
        ws.package_dirs = packages.iter().map(|p| root.join(p)).collect();
        ws
    }

    /// A writer's one walk finds the temp files that reading each records directory finds,
    /// and lists the records without them or the templates.
    #[test]
    fn a_writers_listing_finds_what_reading_each_records_directory_finds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "docs/adr/0001-a.md",
            "docs/adr/.because-a.tmp",
            "docs/adr/web/0002-b.md",
            "docs/adr/web/.because-b.tmp",
            "docs/adr/_inner/.because-c.tmp",
            "docs/adr/area/.because-d.tmp",
            "docs/adr/templates/0003-t.md",
            "docs/adr/templates/.because-t.tmp",
            "packages/backend/adr/20200310-x.md",
            "packages/backend/adr/.because-e.tmp",
        ] {
            touch(root, rel);
        }
        let ws = workspace(root);
        let dirs = super::super::record_dirs(&ws);
        let listing = list_workspace(&ws, &dirs).unwrap();
        let mut read: Vec<PathBuf> = dirs
            .iter()
            .flat_map(|d| change::stray_temp_files(d))
            .collect();
        read.sort();
        assert_eq!(read.len(), 4);
        assert_eq!(listing.strays, read);
        let records: Vec<&Path> = listing
            .entries
            .iter()
            .map(|e| e.path.strip_prefix(root).unwrap())
            .collect();
        let expected = [
            "docs/adr/0001-a.md",
            "docs/adr/web/0002-b.md",
            "packages/backend/adr/20200310-x.md",
        ];
        assert_eq!(records, expected.map(Path::new));
        assert_eq!(workspace_entries(&ws).unwrap().len(), 3);
    }

    /// The byte test decides as the lowercasing one it replaced did.
    #[test]
    fn candidate_names_are_decided_as_by_lowercasing() {
        let old = |name: &str| {
            let lower = name.to_lowercase();
            (lower.ends_with(".md") || lower.ends_with(".rst"))
                && !lower.starts_with(['.', '_'])
                && !NOT_RECORDS.contains(&lower.as_str())
        };
        let names = [
            "0001-a.md",
            "0001-A.MD",
            "pep-0008.rst",
            "x.Rst",
            "README.md",
            "ReadMe.MD",
            "İndex.md",
            "\u{212A}toc.md",
            "Template.md",
            "_draft.md",
            ".because-x.tmp",
            "a.mdx",
            "md",
            ".md",
            "0000-RFC-template.md",
            "notes.txt",
            "ÄNDERUNG.MD",
        ];
        for name in names {
            assert_eq!(is_candidate(name), old(name), "{name}");
        }
    }

    /// Old PEPs are plain text; a template named by its placeholder alone is no record.
    #[test]
    fn plain_text_ids_are_records_and_placeholder_names_are_not() {
        for name in [
            "pep-0010.txt",
            "PEP-0010.TXT",
            "NNNN-my-feature.md",
            "0001-xxx.md",
        ] {
            assert!(is_candidate(name), "{name}");
        }
        for name in [
            "requirements.txt",
            "notes.txt",
            "pep-NNNN.rst",
            "eip-XXXX.md",
            "nnnn.md",
        ] {
            assert!(!is_candidate(name), "{name}");
        }
    }
}
