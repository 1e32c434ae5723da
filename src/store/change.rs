//! Change sets: the one way record files are created, replaced and removed.
//!
//! A change set is all-or-nothing, even under `kill -9` or a full disk:
//!
//! 1. every new text is written to a temp file beside its target and synced;
//! 2. a journal naming every step is written and synced — the commit point;
//! 3. the steps run: temp files are hard-linked (create: never overwrites) or renamed
//!    (replace) into place, removed files are deleted;
//! 4. the journal is deleted.
//!
//! A command that starts while a journal exists ([`recover`]) finishes a committed change
//! (every step is idempotent) or, when the journal is absent, nothing was committed and only
//! temp files can be left, which [`recover`] also removes (a writer finds them in the listing
//! it takes anyway and hands them to [`roll_back`]). A failure before the commit point
//! removes what was staged; nothing the user wrote is touched (issue 12, item 4 and 5).

use std::ffi::OsStr;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

/// Prefix and suffix of every temp file a change set stages; `check` reports leftovers.
pub const TEMP_PREFIX: &str = ".because-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// True for a file name a change set's temp file has. By bytes: prefix and suffix are ASCII,
/// so this matches what a `str` test would, and costs no conversion per directory entry.
pub fn is_temp_name(name: &OsStr) -> bool {
    let name = name.as_encoded_bytes();
    name.starts_with(TEMP_PREFIX.as_bytes()) && name.ends_with(TEMP_SUFFIX.as_bytes())
}

/// One change to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new file; refused if the path exists.
    Create { path: PathBuf, contents: String },
    /// New contents for an existing file (permissions kept).
    Replace { path: PathBuf, contents: String },
    /// Delete a file.
    Remove { path: PathBuf },
}

impl Change {
    pub fn path(&self) -> &Path {
        match self {
            Change::Create { path, .. }
            | Change::Replace { path, .. }
            | Change::Remove { path } => path,
        }
    }
}

/// What the journal says must happen, in order; each step can be repeated safely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
enum Step {
    Link { temp: PathBuf, target: PathBuf },
    Rename { temp: PathBuf, target: PathBuf },
    Remove { target: PathBuf },
}

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// What the change was, for the message after a recovery.
    summary: String,
    steps: Vec<Step>,
}

/// Where interruptions are simulated in tests: `BECAUSE_TEST_FAIL_BEFORE_RENAME` fails
/// (an error) after staging; `BECAUSE_TEST_ABORT_AFTER_STEP=N` aborts the process (as
/// `kill -9` would: no destructor runs) after N journal steps. Read once per change set;
/// documented in CONTRIBUTING.md ("Fault injection").
#[derive(Debug, Clone, Copy, Default)]
pub struct Fault {
    fail_before_commit: bool,
    abort_after_step: Option<usize>,
}

impl Fault {
    fn from_env() -> Fault {
        Fault {
            fail_before_commit: std::env::var_os("BECAUSE_TEST_FAIL_BEFORE_RENAME").is_some(),
            abort_after_step: std::env::var("BECAUSE_TEST_ABORT_AFTER_STEP")
                .ok()
                .and_then(|v| v.parse().ok()),
        }
    }
}

/// Apply `changes` all-or-nothing, journalled in `journal_path`. `summary` names the change
/// in the message a later recovery prints.
pub fn apply(journal_path: &Path, summary: &str, changes: &[Change]) -> Result<()> {
    apply_with(journal_path, summary, changes, Fault::from_env())
}

fn apply_with(journal_path: &Path, summary: &str, changes: &[Change], fault: Fault) -> Result<()> {
    check_preconditions(changes)?;
    let mut staged = Vec::new();
    let steps = match stage_all(changes, &mut staged) {
        Ok(steps) => steps,
        Err(err) => {
            discard(&staged);
            return Err(err);
        }
    };
    if fault.fail_before_commit && !changes.is_empty() {
        discard(&staged);
        bail!(
            "failed before replacing `{}` (BECAUSE_TEST_FAIL_BEFORE_RENAME is set)",
            changes[0].path().display()
        );
    }
    let journal = Journal {
        summary: summary.to_string(),
        steps,
    };
    if let Err(err) = write_journal(journal_path, &journal) {
        discard(&staged);
        return Err(err);
    }
    run_steps(&journal.steps, fault.abort_after_step, false)?;
    remove_journal(journal_path)
}

/// Create one file that is not part of a multi-file change (config, ejected templates):
/// written to a synced temp file, then linked into place, so neither a kill nor a full disk
/// leaves a partial file, and an existing file is never overwritten.
pub fn create_one(path: &Path, contents: &str) -> Result<()> {
    let changes = [Change::Create {
        path: path.to_path_buf(),
        contents: contents.to_string(),
    }];
    check_preconditions(&changes)?;
    let mut staged = Vec::new();
    let result = stage_all(&changes, &mut staged).and_then(|steps| run_steps(&steps, None, false));
    discard(&staged);
    result
}

/// Refuse before staging anything: a create onto an existing file, a replace or remove of a
/// missing one.
fn check_preconditions(changes: &[Change]) -> Result<()> {
    for change in changes {
        let exists = std::fs::symlink_metadata(change.path()).is_ok();
        match change {
            Change::Create { path, .. } if exists => {
                bail!("failed to create `{}`: it already exists", path.display())
            }
            Change::Replace { path, .. } | Change::Remove { path } if !exists => {
                bail!("failed to change `{}`: it no longer exists", path.display())
            }
            _ => {}
        }
    }
    Ok(())
}

fn stage_all(changes: &[Change], staged: &mut Vec<PathBuf>) -> Result<Vec<Step>> {
    let mut steps = Vec::with_capacity(changes.len());
    for change in changes {
        let step = match change {
            Change::Create { path, contents } => Step::Link {
                temp: stage(path, contents, staged)?,
                target: path.clone(),
            },
            Change::Replace { path, contents } => Step::Rename {
                temp: stage(path, contents, staged)?,
                target: path.clone(),
            },
            Change::Remove { path } => Step::Remove {
                target: path.clone(),
            },
        };
        steps.push(step);
    }
    Ok(steps)
}

/// Write `contents` to a synced temp file beside `target`; its path is pushed on `staged`
/// before writing, so a failed write is cleaned up too.
fn stage(target: &Path, contents: &str, staged: &mut Vec<PathBuf>) -> Result<PathBuf> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .with_context(|| format!("failed to create a temp file in `{}`", dir.display()))?;
    let (mut file, path) = temp
        .keep()
        .with_context(|| format!("failed to keep a temp file in `{}`", dir.display()))?;
    staged.push(path.clone());
    file.write_all(contents.as_bytes())
        .and_then(|_| file.sync_all())
        .with_context(|| format!("failed to write a temp file for `{}`", target.display()))?;
    if let Ok(meta) = std::fs::metadata(target) {
        let _ = file.set_permissions(meta.permissions());
    }
    Ok(path)
}

fn discard(staged: &[PathBuf]) {
    for path in staged {
        let _ = std::fs::remove_file(path);
    }
}

fn write_journal(path: &Path, journal: &Journal) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("failed to create `{}`", dir.display()))?;
    let text = serde_json::to_string(journal).expect("a journal serializes");
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .with_context(|| format!("failed to create a temp file in `{}`", dir.display()))?;
    temp.write_all(text.as_bytes())
        .and_then(|_| temp.as_file().sync_all())
        .with_context(|| format!("failed to write the change journal `{}`", path.display()))?;
    temp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("failed to write the change journal `{}`", path.display()))?;
    sync_dir(dir);
    Ok(())
}

fn remove_journal(path: &Path) -> Result<()> {
    std::fs::remove_file(path)
        .with_context(|| format!("failed to remove the change journal `{}`", path.display()))
}

/// Run the journal's steps; each one is idempotent, so a recovery may run them again.
fn run_steps(steps: &[Step], abort_after: Option<usize>, recovering: bool) -> Result<()> {
    for (done, step) in steps.iter().enumerate() {
        if abort_after == Some(done) {
            std::process::abort();
        }
        run_step(step, recovering)?;
    }
    let dirs: std::collections::BTreeSet<&Path> = steps
        .iter()
        .filter_map(|s| step_target(s).parent())
        .collect();
    dirs.into_iter().for_each(sync_dir);
    Ok(())
}

fn step_target(step: &Step) -> &Path {
    match step {
        Step::Link { target, .. } | Step::Rename { target, .. } | Step::Remove { target } => target,
    }
}

fn run_step(step: &Step, recovering: bool) -> Result<()> {
    match step {
        Step::Link { temp, target } => {
            if temp.exists() {
                match std::fs::hard_link(temp, target) {
                    Ok(()) => {}
                    // Done before the interruption: the temp file is what was linked.
                    Err(e) if recovering && e.kind() == std::io::ErrorKind::AlreadyExists => {}
                    Err(e) => {
                        return Err(e)
                            .with_context(|| format!("failed to create `{}`", target.display()));
                    }
                }
                remove_if_present(temp)?;
            }
        }
        Step::Rename { temp, target } => {
            if temp.exists() {
                std::fs::rename(temp, target)
                    .with_context(|| format!("failed to replace `{}`", target.display()))?;
            }
        }
        Step::Remove { target } => remove_if_present(target)?,
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("failed to remove `{}`", path.display()))
        }
        _ => Ok(()),
    }
}

/// Make renames in `dir` durable (a crash after return cannot undo them).
fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// What [`recover`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// A committed change was completed; its summary.
    Completed(String),
    /// Temp files of a change that never reached its commit point were removed.
    RolledBack(usize),
}

/// Finish or undo an interrupted change set: a journal is completed; without one, stray temp
/// files in `dirs` are removed. Call with the records lock held.
pub fn recover(journal_path: &Path, dirs: &[PathBuf]) -> Result<Option<Recovery>> {
    if journal_path.exists() {
        let text = std::fs::read_to_string(journal_path).with_context(|| {
            format!(
                "failed to read the change journal `{}`",
                journal_path.display()
            )
        })?;
        let Ok(journal) = serde_json::from_str::<Journal>(&text) else {
            // Torn before its rename: the journal temp file never became the journal.
            remove_journal(journal_path)?;
            return Ok(rolled_back(dirs)?.or(Some(Recovery::RolledBack(0))));
        };
        refuse_foreign_steps(journal_path, &journal.steps, dirs)?;
        run_steps(&journal.steps, None, true)?;
        rolled_back(dirs)?;
        remove_journal(journal_path)?;
        return Ok(Some(Recovery::Completed(journal.summary)));
    }
    rolled_back(dirs)
}

/// A journal only ever names files inside the records directories, temp files by their
/// prefix and suffix. Anything else was not written by a change set (a hand-made or corrupted
/// journal) and is refused, not run: recovery must never rename or delete elsewhere.
fn refuse_foreign_steps(journal_path: &Path, steps: &[Step], dirs: &[PathBuf]) -> Result<()> {
    let inside = |path: &Path| {
        dirs.iter().any(|dir| {
            path.strip_prefix(dir).is_ok_and(|rest| {
                rest.components().count() > 0
                    && rest
                        .components()
                        .all(|c| matches!(c, std::path::Component::Normal(_)))
            })
        })
    };
    let is_temp = |path: &Path| path.file_name().is_some_and(is_temp_name);
    for step in steps {
        let temp = match step {
            Step::Link { temp, .. } | Step::Rename { temp, .. } => Some(temp.as_path()),
            Step::Remove { .. } => None,
        };
        let target = step_target(step);
        let foreign = [Some(target), temp]
            .into_iter()
            .flatten()
            .find(|p| !inside(p));
        let not_temp = temp.filter(|t| !is_temp(t) || Some(target) == Some(*t));
        if let Some(path) = foreign.or(not_temp) {
            bail!(
                "the change journal `{}` names `{}`, which no change by because touches; it was not run. Check the records, then delete the journal",
                journal_path.display(),
                path.display()
            );
        }
    }
    Ok(())
}

fn rolled_back(dirs: &[PathBuf]) -> Result<Option<Recovery>> {
    let mut removed = 0;
    for dir in dirs {
        removed += remove_all(&stray_temp_files(dir))?;
    }
    Ok(rolled_back_count(removed))
}

/// Without a journal: remove the temp files `strays` a caller found in the records
/// directories (a writer's one listing, see `store::lock_records`), as [`recover`] would.
/// Call with the records lock held.
pub fn roll_back(strays: &[PathBuf]) -> Result<Option<Recovery>> {
    Ok(rolled_back_count(remove_all(strays)?))
}

fn remove_all(paths: &[PathBuf]) -> Result<usize> {
    paths.iter().try_for_each(|path| remove_if_present(path))?;
    Ok(paths.len())
}

fn rolled_back_count(removed: usize) -> Option<Recovery> {
    (removed > 0).then_some(Recovery::RolledBack(removed))
}

/// Temp files a change set left in `dir` (not below it: temp files sit beside their target).
pub fn stray_temp_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| is_temp_name(&e.file_name()))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn snapshot(dir: &Path) -> BTreeMap<String, String> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_type().unwrap().is_file())
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect()
    }

    fn setup() -> (tempfile::TempDir, Vec<Change>) {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("records");
        std::fs::create_dir(&records).unwrap();
        std::fs::write(records.join("0001-a.md"), "one").unwrap();
        std::fs::write(records.join("0002-b.md"), "two").unwrap();
        let changes = vec![
            Change::Create {
                path: records.join("0009-a.md"),
                contents: "one, renumbered".into(),
            },
            Change::Replace {
                path: records.join("0002-b.md"),
                contents: "two, links updated".into(),
            },
            Change::Remove {
                path: records.join("0001-a.md"),
            },
        ];
        (dir, changes)
    }

    #[test]
    fn a_change_set_applies_every_change_and_leaves_no_journal() {
        let (dir, changes) = setup();
        let journal = dir.path().join("journal.json");
        apply_with(&journal, "renumber", &changes, Fault::default()).unwrap();
        let after = snapshot(&dir.path().join("records"));
        assert_eq!(after.keys().collect::<Vec<_>>(), ["0002-b.md", "0009-a.md"]);
        assert_eq!(after["0002-b.md"], "two, links updated");
        assert!(!journal.exists());
    }

    #[test]
    fn a_create_onto_an_existing_file_is_refused_before_anything_is_written() {
        let (dir, mut changes) = setup();
        let records = dir.path().join("records");
        changes[0] = Change::Create {
            path: records.join("0002-b.md"),
            contents: "clobber".into(),
        };
        let before = snapshot(&records);
        let journal = dir.path().join("journal.json");
        assert!(apply_with(&journal, "x", &changes, Fault::default()).is_err());
        assert_eq!(snapshot(&records), before);
    }

    /// A crash at any point leaves, after recovery, either the old state or the new one.
    #[test]
    fn recovery_after_an_interruption_at_every_step_is_all_or_nothing() {
        let (dir, changes) = setup();
        let records = dir.path().join("records");
        let before = snapshot(&records);
        let journal = dir.path().join("journal.json");
        apply_with(&journal, "x", &changes, Fault::default()).unwrap();
        let after = snapshot(&records);
        for stop in 0..=3 {
            let (dir, changes) = setup();
            let records = dir.path().join("records");
            let journal = dir.path().join("journal.json");
            interrupted(&journal, &changes, stop);
            let recovery = recover(&journal, std::slice::from_ref(&records)).unwrap();
            assert_eq!(
                recovery,
                Some(Recovery::Completed("x".into())),
                "stop {stop}"
            );
            assert_eq!(snapshot(&records), after, "stop {stop}");
        }
        let (dir, changes) = setup();
        let records = dir.path().join("records");
        let mut staged = Vec::new();
        stage_all(&changes, &mut staged).unwrap(); // staged, never committed
        let recovery = recover(
            &dir.path().join("journal.json"),
            std::slice::from_ref(&records),
        )
        .unwrap();
        assert_eq!(recovery, Some(Recovery::RolledBack(2)));
        assert_eq!(snapshot(&records), before);
    }

    #[test]
    fn a_journal_naming_files_outside_the_records_is_refused_not_run() {
        let (dir, _) = setup();
        let records = dir.path().join("records");
        let outside = dir.path().join("precious.md");
        std::fs::write(&outside, "mine").unwrap();
        let journal = dir.path().join("journal.json");
        for step in [
            Step::Remove {
                target: outside.clone(),
            },
            Step::Remove {
                target: records.join("../precious.md"),
            },
            Step::Rename {
                temp: outside.clone(),
                target: records.join("0001-a.md"),
            },
            Step::Rename {
                temp: records.join("0002-b.md"),
                target: records.join("0001-a.md"),
            },
        ] {
            let text = serde_json::to_string(&Journal {
                summary: "x".into(),
                steps: vec![step],
            })
            .unwrap();
            std::fs::write(&journal, text).unwrap();
            let err = recover(&journal, std::slice::from_ref(&records)).unwrap_err();
            assert!(err.to_string().contains("it was not run"), "{err}");
            assert_eq!(std::fs::read_to_string(&outside).unwrap(), "mine");
            assert_eq!(snapshot(&records).len(), 2);
        }
    }

    /// Stage, commit and run only the first `stop` steps, as a kill after them would.
    fn interrupted(journal: &Path, changes: &[Change], stop: usize) {
        let mut staged = Vec::new();
        let steps = stage_all(changes, &mut staged).unwrap();
        let journal_data = Journal {
            summary: "x".into(),
            steps,
        };
        write_journal(journal, &journal_data).unwrap();
        for step in &journal_data.steps[..stop] {
            run_step(step, false).unwrap();
        }
    }
}
