//! The only code that reads the records directory and writes record files.
//!
//! Reads in parallel and parses each file once. Every write is a change set ([`change`]):
//! staged in synced temp files, committed by a journal, recovered by the next command.
//! Which files are records is `listing`'s to say, from their names.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::record::family::SIDECAR;
use crate::record::{self, Format, Record, name};

mod around;
mod cache;
pub mod change;
mod code;
pub mod detect;
mod listing;
use crate::workspace::Workspace;
pub use around::{Wanted, load_around};
pub use change::{Change, create_one as create_file};
pub use code::{read_code, work_tree_files};
use listing::{Entry, list_workspace, record_entries, workspace_entries};
pub use listing::{is_candidate, is_skipped_dir};

/// Paths of candidate record files in `dir` and its subfolders, sorted (`listing` says which
/// subfolders). A missing directory holds no records.
pub fn record_files(dir: &Path) -> Result<Vec<PathBuf>> {
    Ok(record_entries(dir)?.into_iter().map(|e| e.path).collect())
}

/// Numbers used by files in `dir`, from their names alone (cheap: `new` needs no parsing).
pub fn numbers_in_dir(dir: &Path) -> Result<Vec<u32>> {
    Ok(numbers_of(record_files(dir)?.iter().map(PathBuf::as_path)))
}

fn numbers_of<'a>(files: impl IntoIterator<Item = &'a Path>) -> Vec<u32> {
    files
        .into_iter()
        .filter_map(|p| name::number_from_file_name(&name::record_name(p)))
        .collect()
}

/// Read and parse every record in the workspace, in parallel, sorted by number then name.
pub fn load(ws: &Workspace) -> Result<Vec<Record>> {
    recover_if_interrupted(ws)?;
    load_entries(ws, &workspace_entries(ws)?, |record| record)
}

/// [`load`] for a writer: every record the lock's listing names.
pub fn load_locked(ws: &Workspace, lock: &Lock) -> Result<Vec<Record>> {
    load_entries(ws, &lock.entries, |record| record)
}

/// Every record of the workspace without its text ([`Record::without_text`]), each dropped
/// as soon as it is parsed. Files unchanged since a previous command are taken from the
/// metadata cache ([`cache`]).
pub fn load_metadata(ws: &Workspace) -> Result<Vec<Record>> {
    recover_if_interrupted(ws)?;
    let entries = workspace_entries(ws)?;
    let Some(mut cache) = cache::Cache::open(ws) else {
        return load_entries(ws, &entries, Record::without_text);
    };
    let stamps: Vec<Option<cache::Stamp>> = entries
        .par_iter()
        .map(|e| e.regular.then(|| cache::Stamp::of(&e.path)).flatten())
        .collect();
    let mut slots: Vec<cache::Slot> = entries
        .iter()
        .zip(stamps)
        .map(|(e, stamp)| cache.slot(&e.path, stamp))
        .collect();
    entries
        .par_iter()
        .zip(slots.par_iter_mut())
        .filter(|(_, slot)| slot.parsed.is_none())
        .try_for_each(|(entry, slot)| {
            slot.parsed = Some(load_one(ws, entry)?.map(Record::without_text));
            Ok::<(), anyhow::Error>(())
        })?;
    let files: Vec<PathBuf> = entries.into_iter().map(|e| e.path).collect();
    cache.save(&files, &slots, std::time::SystemTime::now());
    let mut records: Vec<Record> = slots
        .into_iter()
        .zip(&files)
        .filter_map(|(slot, path)| shown(ws, slot.parsed?, path))
        .collect();
    sort_records(&mut records);
    Ok(records)
}

/// A cached record carries the path it was shown at then; show it as this command does.
fn shown(ws: &Workspace, record: Option<Record>, path: &Path) -> Option<Record> {
    record.map(|mut r| {
        r.path = ws.display(path);
        r
    })
}

/// Read and parse these record files, in parallel, sorted by number then name; files that
/// are plainly not records are left out.
pub fn load_files(ws: &Workspace, files: &[PathBuf]) -> Result<Vec<Record>> {
    let entries: Vec<Entry> = files
        .iter()
        .map(|path| Entry {
            path: path.clone(),
            regular: false,
        })
        .collect();
    load_entries(ws, &entries, |record| record)
}

fn load_entries(
    ws: &Workspace,
    files: &[Entry],
    keep: impl Fn(Record) -> Record + Sync,
) -> Result<Vec<Record>> {
    let parsed: Result<Vec<Option<Record>>> = files
        .par_iter()
        .map(|entry| Ok(load_one(ws, entry)?.map(&keep)))
        .collect();
    let mut records: Vec<Record> = parsed?.into_iter().flatten().collect();
    sort_records(&mut records);
    Ok(records)
}

/// By number, then file name: the order every command lists records in.
fn sort_records(records: &mut [Record]) {
    records.sort_by(|a, b| (a.number, &a.file_name).cmp(&(b.number, &b.file_name)));
}

/// The records of the records directory as they are at git revision `rev` (`check
/// --against`), parsed as the working tree's are, with the names it had at the merge base.
pub fn load_at(ws: &Workspace, rev: &str) -> Result<crate::check::Against> {
    let files = crate::git::Repo::require(&ws.records_dir)?.files_at(rev)?;
    let shown = ws.display(&ws.records_dir);
    let records = files
        .files
        .iter()
        .filter(|(name, _)| is_candidate(name))
        .map(|(name, bytes)| {
            let path = PathBuf::from(format!("{rev}:{}", shown.join(name).display()));
            record::parse(path, bytes, &ws.config)
        })
        .filter(|r| r.number.is_some() || r.field("status").is_some())
        .collect();
    Ok(crate::check::Against {
        rev: rev.to_string(),
        records,
        names_at_base: files.names_at_base,
    })
}

/// Largest record read whole; a larger file is read up to this size and reported.
pub const MAX_RECORD_BYTES: u64 = 8 * 1024 * 1024;

/// Parse one file; `None` when it is plainly not a record: no number, no date-named file, no
/// status and no metadata any reader recognised.
fn load_one(ws: &Workspace, entry: &Entry) -> Result<Option<Record>> {
    let path = entry.path.as_path();
    let shown = ws.display(path);
    if let Some(problem) = refusal(ws, entry) {
        return Ok(Some(unread(ws, shown, problem)));
    }
    let file = File::open(path).with_context(|| format!("failed to read `{}`", shown.display()))?;
    // `take` hides the file's size from `read_to_end`; sizing the buffer up front keeps it to
    // one or two reads per file instead of dozens.
    let size = file
        .metadata()
        .map(|m| m.len())
        .unwrap_or(0)
        .min(MAX_RECORD_BYTES + 1);
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("failed to read `{}`", shown.display()))?;
    if bytes[..bytes.len().min(8192)].contains(&0) {
        let problem = problem(
            "binary-file",
            "the file holds binary data (a NUL byte), not Markdown",
            "remove it from the records directory or rename it to a non-.md name",
        );
        return Ok(Some(unread(ws, shown, problem)));
    }
    let too_large = bytes.len() as u64 > MAX_RECORD_BYTES;
    bytes.truncate(MAX_RECORD_BYTES as usize);
    let sidecar = read_sidecar(path, &shown)?;
    let mut record = record::parse_with_sidecar(shown, &bytes, sidecar.as_deref(), &ws.config);
    if too_large {
        record.problems.push(problem(
            "file-too-large",
            &format!(
                "the file is larger than {} MiB; only its beginning was read",
                MAX_RECORD_BYTES / 1024 / 1024
            ),
            "split the record, or move attachments out of the Markdown file",
        ));
    }
    let looks_like_record = record.number.is_some()
        || record.field("status").is_some()
        || record.status.is_some()
        || !matches!(record.format, Format::Native | Format::Plain)
        || name::date_from_file_name(&record.file_name).is_some()
        || !record.problems.is_empty();
    Ok(looks_like_record.then_some(record))
}

/// The `kep.yaml` beside a folder record's `README.md`, if there is one.
fn read_sidecar(path: &Path, shown: &Path) -> Result<Option<Vec<u8>>> {
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let Some(sidecar) = path.parent().map(|dir| dir.join(SIDECAR)) else {
        return Ok(None);
    };
    if !name::is_folder_record_file(file_name) || !sidecar.is_file() {
        return Ok(None);
    }
    let shown = shown.with_file_name(SIDECAR);
    std::fs::read(&sidecar)
        .map(Some)
        .with_context(|| format!("failed to read `{}`", shown.display()))
}

fn problem(rule: &'static str, message: &str, help: &str) -> record::Problem {
    record::Problem {
        rule,
        line: 1,
        column: 1,
        message: message.into(),
        help: help.into(),
    }
}

/// A record entry for a file that was not read, carrying the reason as a problem.
fn unread(ws: &Workspace, shown: PathBuf, problem: record::Problem) -> Record {
    let mut record = record::parse(shown, b"", &ws.config);
    record.problems.push(problem);
    record
}

/// Why the file is not read, if it is not. The usual case, a regular file with a UTF-8
/// name, is settled by the directory listing or one `lstat`: no further system calls.
fn refusal(ws: &Workspace, entry: &Entry) -> Option<record::Problem> {
    let path = entry.path.as_path();
    let regular =
        entry.regular || std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
    if regular && path.file_name().is_some_and(|n| n.to_str().is_some()) {
        return None;
    }
    unsafe_link(ws, path).or_else(|| unreadable_entry(path))
}

/// A symlink whose target lies outside the repository is never read: a record could
/// otherwise make `because build` publish `/etc/passwd`.
fn unsafe_link(ws: &Workspace, path: &Path) -> Option<record::Problem> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_symlink() {
        return None;
    }
    let root = ws.root.canonicalize().ok()?;
    match path.canonicalize() {
        Ok(target) if target.starts_with(&root) && target.is_file() => None,
        Ok(_) => Some(problem(
            "unsafe-path",
            "the file is a symlink to a place outside the repository; it was not read",
            "replace the symlink with the record itself",
        )),
        Err(_) => Some(problem(
            "unsafe-path",
            "the file is a broken symlink; it was not read",
            "remove the symlink or point it at a record in the repository",
        )),
    }
}

/// A directory entry that is not read: not a regular file (opening a FIFO would block), or a
/// name that is not UTF-8 (no command could name it back).
fn unreadable_entry(path: &Path) -> Option<record::Problem> {
    if path.file_name().is_some_and(|n| n.to_str().is_none()) {
        return Some(problem(
            "unsafe-path",
            "the file name is not valid UTF-8; the file was not read",
            "rename the file to a UTF-8 name",
        ));
    }
    let meta = std::fs::metadata(path).ok()?;
    (!meta.is_file()).then(|| {
        problem(
            "unsafe-path",
            "the file is not a regular file (a FIFO, socket or device); it was not read",
            "remove it from the records directory",
        )
    })
}

/// Create the records directory (and its parents) if it is missing.
pub fn create_records_dir(ws: &Workspace) -> Result<()> {
    std::fs::create_dir_all(&ws.records_dir).with_context(|| {
        format!(
            "failed to create `{}`",
            ws.display(&ws.records_dir).display()
        )
    })
}

/// Write a generated file that is ours to replace (a man page), creating its directory: a
/// temp file renamed into place, so a reader never sees half a page.
pub fn write_generated(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("failed to create `{}`", dir.display()))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("failed to write in `{}`", dir.display()))?;
    std::io::Write::write_all(&mut temp, contents)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    temp.persist(path)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(())
}

/// A text file's contents, or `None` when it does not exist (`.gitignore` for `init`).
pub fn read_optional_text(ws: &Workspace, path: &Path) -> Result<Option<String>> {
    match path.try_exists() {
        Ok(false) => Ok(None),
        _ => read_text(ws, path).map(Some),
    }
}

/// Read a record file's bytes, naming it on failure.
pub fn read_bytes(ws: &Workspace, path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("failed to read `{}`", ws.display(path).display()))
}

/// Read a file as text for editing, naming it on failure.
pub fn read_text(ws: &Workspace, path: &Path) -> Result<String> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("failed to read `{}`", ws.display(path).display()))?;
    String::from_utf8(bytes).with_context(|| {
        format!(
            "`{}` is not valid UTF-8; save it as UTF-8 before editing it with because",
            ws.display(path).display()
        )
    })
}

/// Apply a change set all-or-nothing (see [`change`]), journalled in the git dir.
pub fn apply(ws: &Workspace, summary: &str, changes: &[Change]) -> Result<()> {
    change::apply(&journal_path(ws), summary, changes)
}

/// Where a change set's journal lives: the git dir when there is one (nothing stray beside
/// the records), else the records directory.
fn journal_path(ws: &Workspace) -> PathBuf {
    match git_dir(&ws.root) {
        Some(dir) => dir.join("because").join("journal.json"),
        None => ws.records_dir.join(".because-journal.json"),
    }
}

/// The git dir of the repository at `root`: `.git` itself, or where a worktree's or
/// submodule's `.git` file points (`gitdir: …`).
pub fn git_dir(root: &Path) -> Option<PathBuf> {
    let dot_git = root.join(".git");
    if dot_git.is_dir() {
        return Some(dot_git);
    }
    let text = std::fs::read_to_string(&dot_git).ok()?;
    let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
    Some(root.join(target)).filter(|p| p.is_dir())
}

/// The folders a change set stages temp files in: the records directory and the package
/// folders.
fn record_dirs(ws: &Workspace) -> Vec<PathBuf> {
    let mut dirs = vec![ws.records_dir.clone()];
    dirs.extend(ws.package_dirs.iter().cloned());
    dirs
}

/// Finish or undo a change set a killed command left, say which, and list the records as
/// that left them. Runs with the records lock held. Without a journal only temp files can be
/// left, and the listing a writer needs anyway finds them: the records directory is read
/// once, not twice (two thirds of a writer's system time at 10,000 records).
fn recover(ws: &Workspace) -> Result<Vec<Entry>> {
    let journal = journal_path(ws);
    let dirs = record_dirs(ws);
    if journal.exists() {
        report(change::recover(&journal, &dirs)?);
        return workspace_entries(ws);
    }
    let listing = list_workspace(ws, &dirs)?;
    report(change::roll_back(&listing.strays)?);
    Ok(listing.entries)
}

/// Say on stderr what a recovery did.
fn report(recovery: Option<change::Recovery>) {
    match recovery {
        Some(change::Recovery::Completed(summary)) => {
            eprintln!("note: completed an interrupted change ({summary})")
        }
        Some(change::Recovery::RolledBack(n)) => eprintln!(
            "note: rolled back an interrupted change ({n} temp file{} removed; no record was changed)",
            if n == 1 { "" } else { "s" }
        ),
        None => {}
    }
}

/// Temp files an interrupted change left in the records directories, as shown to the user.
pub fn stray_temp_files(ws: &Workspace) -> Vec<PathBuf> {
    record_dirs(ws)
        .iter()
        .flat_map(|dir| change::stray_temp_files(dir))
        .map(|p| ws.display(&p))
        .collect()
}

/// A reading command that finds a journal waits for the writer (the lock) and, if the
/// journal is still there, completes the interrupted change before reading.
fn recover_if_interrupted(ws: &Workspace) -> Result<()> {
    let journal = journal_path(ws);
    if journal.exists() {
        let _lock = lock_file(ws)?;
        report(change::recover(&journal, &record_dirs(ws))?);
    }
    Ok(())
}

/// The records lock ([`lock_records`]) and the candidate record files listed once it was
/// taken: a writer finds its records here instead of listing the directory again.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    entries: Vec<Entry>,
}

impl Lock {
    /// Numbers used by every record file of the workspace, from their names alone.
    pub fn numbers(&self) -> Vec<u32> {
        numbers_of(self.entries.iter().map(|e| e.path.as_path()))
    }
}

/// An exclusive lock held by every command that writes records, from before it reads them to
/// after its last rename. Concurrent `new` commands therefore get distinct numbers, and two
/// edits of one record run one after the other: the second sees the first's result (and,
/// say, refuses to accept an already accepted record) instead of overwriting it with a
/// stale copy. An interrupted change is recovered first; the listing that comes with the
/// lock is taken after that, so it holds no temp file and every completed rename.
pub fn lock_records(ws: &Workspace) -> Result<Lock> {
    let file = lock_file(ws)?;
    let entries = recover(ws)?;
    Ok(Lock {
        _file: file,
        entries,
    })
}

/// Take the records lock, waiting for a writer that holds it. Kept in `.git` when there is
/// one, so no stray file appears beside records.
fn lock_file(ws: &Workspace) -> Result<File> {
    let path = if let Some(git_dir) = git_dir(&ws.root) {
        git_dir.join("because.lock")
    } else {
        create_records_dir(ws)?;
        ws.records_dir.join(".because.lock")
    };
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("failed to open lock file `{}`", path.display()))?;
    file.lock()
        .with_context(|| format!("failed to lock `{}`", path.display()))?;
    Ok(file)
}
