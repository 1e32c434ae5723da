//! The metadata cache: each record file's parsed metadata, kept between commands in the
//! repository's git dir (`because/records-v1-<dir>.json`) and used while the file is unchanged
//! (issues 15 and 17).
//!
//! `list`, `due`, `graph`, `why` and completion need every record's fields but no body, and
//! parsing ten thousand files is most of their time: with the cache they `lstat` each file and
//! parse only what changed, the way git's index spares `git status` from reading every file.
//! A file counts as unchanged when size, inode, mtime and ctime all match what was stored
//! (`because`'s own writes rename a new file into place, so they always change the inode). A
//! file modified in the last two seconds is not stored: a write in the same clock tick as the
//! read could otherwise leave a stale entry that still matches (git's "racy clean" problem).
//! Only what a parse of the file alone decides is stored: records with problems, folder
//! records whose fields come from a sidecar, symlinks and other odd entries are parsed every
//! time. The header names the records directory, the `because` version and a hash of the
//! configuration, so any of them changing starts afresh. The cache is an optimisation only:
//! one that cannot be read is ignored, one that cannot be written is not an error.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::record::{Format, FrontMatter, Record};
use crate::workspace::Workspace;

/// Bumped when what is stored for a file changes meaning.
const FORMAT: u32 = 1;

/// How old a file's mtime must be before its entry is stored (see the module comment).
const SETTLED: Duration = Duration::from_secs(2);

/// One file's identity as `lstat` gives it: any write to the file changes one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    ino: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    /// The stamp of a regular file; `None` for anything else (those are never cached).
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        meta.file_type().is_file().then(|| Stamp {
            size: meta.size(),
            ino: meta.ino(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// Last written long enough before `now` that no write in the same clock tick can follow.
    fn settled(&self, now: SystemTime) -> bool {
        let Ok(now) = now.duration_since(SystemTime::UNIX_EPOCH) else {
            return false;
        };
        let written = Duration::new(self.mtime.0.max(0) as u64, self.mtime.1.max(0) as u32);
        written + SETTLED <= now
    }
}

/// What one file parsed to: a record's metadata, or `None` when it is plainly not a record.
#[derive(Debug, Serialize, Deserialize)]
struct Cached {
    path: PathBuf,
    stamp: Stamp,
    record: Option<Record>,
    /// Kept apart: the record's JSON form leaves it out.
    front_matter: Option<FrontMatter>,
}

impl Cached {
    /// The entry for a file's parse, when it may be reused (see the module comment).
    fn of(path: &Path, stamp: Stamp, record: Option<&Record>, now: SystemTime) -> Option<Cached> {
        (reusable(record) && stamp.settled(now)).then(|| Cached {
            path: path.to_path_buf(),
            stamp,
            record: record.cloned(),
            front_matter: record.and_then(|r| r.front_matter.clone()),
        })
    }

    /// The stored parse, as a record.
    fn restore(self) -> Option<Record> {
        let mut record = self.record?;
        record.front_matter = self.front_matter;
        Some(record)
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Header {
    format: u32,
    because: String,
    records: PathBuf,
    config: u64,
}

/// One file of the records directory in this command: its stamp, and its parse once known.
pub struct Slot {
    pub stamp: Option<Stamp>,
    /// `None` until taken from the cache or parsed; then the record, if the file is one.
    pub parsed: Option<Option<Record>>,
    hit: bool,
}

/// The cache of one workspace's records directory, as read at the start of a command.
pub struct Cache {
    file: PathBuf,
    header: Header,
    by_path: HashMap<PathBuf, Cached>,
    /// Stored entries that no longer match their file (or whose file is gone).
    stale: bool,
}

impl Cache {
    /// The cache for `ws`, empty when there is none yet; `None` outside a git repository.
    pub fn open(ws: &Workspace) -> Option<Cache> {
        let git_dir = ws.root.ancestors().find_map(super::git_dir)?;
        let header = Header {
            format: FORMAT,
            because: env!("CARGO_PKG_VERSION").into(),
            records: ws.records_dir.clone(),
            config: config_hash(ws),
        };
        let file = git_dir.join("because").join(format!(
            "records-v{FORMAT}-{:016x}.json",
            fnv1a(ws.records_dir.as_os_str().as_encoded_bytes())
        ));
        let by_path = read(&file, &header).unwrap_or_default();
        Some(Cache {
            file,
            header,
            by_path,
            stale: false,
        })
    }

    /// A slot for `path`, filled from the cache when the file still has the stored stamp.
    pub fn slot(&mut self, path: &Path, stamp: Option<Stamp>) -> Slot {
        let cached = self.by_path.remove(path);
        let hit = cached.is_some() && cached.as_ref().map(|c| c.stamp) == stamp;
        self.stale |= cached.is_some() && !hit;
        Slot {
            stamp,
            parsed: cached.filter(|_| hit).map(Cached::restore),
            hit,
        }
    }

    /// Write the cache anew unless every file was a hit and every stored entry was used.
    /// Entries are built only here, so a command whose files are all unchanged copies nothing.
    pub fn save(self, files: &[PathBuf], slots: &[Slot], now: SystemTime) {
        if !self.stale && self.by_path.is_empty() && slots.iter().all(|s| s.hit || !s.storable(now))
        {
            return;
        }
        let entries: Vec<Cached> = files
            .iter()
            .zip(slots)
            .filter_map(|(path, slot)| {
                let record = slot.parsed.as_ref()?.as_ref();
                Cached::of(path, slot.stamp?, record, now)
            })
            .collect();
        let _ = crate::jsonl::write(&self.file, &self.header, entries.iter());
    }
}

impl Slot {
    /// Whether a fresh parse in this slot would be stored.
    fn storable(&self, now: SystemTime) -> bool {
        self.stamp.is_some_and(|s| s.settled(now))
            && self.parsed.as_ref().is_some_and(|r| reusable(r.as_ref()))
    }
}

fn read(file: &Path, header: &Header) -> Option<HashMap<PathBuf, Cached>> {
    let entries: Vec<Cached> = crate::jsonl::read(file, header)?;
    Some(entries.into_iter().map(|c| (c.path.clone(), c)).collect())
}

/// Whether a parse depends on the file alone, so it may be reused while the file is
/// unchanged: not a record with problems (`check` reports them from a fresh parse), not a
/// folder record whose fields come from its sidecar.
fn reusable(record: Option<&Record>) -> bool {
    record.is_none_or(|r| r.problems.is_empty() && r.format != Format::Kep)
}

/// The configuration as it decides parsing: the file's bytes (none: the defaults).
fn config_hash(ws: &Workspace) -> u64 {
    let bytes = ws
        .config_path
        .as_ref()
        .and_then(|p| std::fs::read(p).ok())
        .unwrap_or_default();
    fnv1a(&bytes)
}

/// FNV-1a, 64-bit: stable across runs and builds, unlike `std`'s hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
