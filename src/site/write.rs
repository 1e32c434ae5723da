//! Write: check the output directory (only one `because build` made may be overwritten), write
//! the rendered files as they come, then clear what an earlier build left.
//!
//! A marker file says a directory is ours. Without it a non-empty directory is refused, never
//! cleared: `--out docs` by mistake must not delete a team's documentation.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};

use super::render::Output;

/// The file that marks a directory as written by `because build`.
pub const MARKER: &str = ".because-site";

const MARKER_TEXT: &str = "This directory is written by `because build`, which deletes and \
rewrites everything in it on each build. Do not keep other files here.\n";

/// Check that `out` may be written: absent, empty, or made by an earlier build. `keep` lists paths the build must never
/// delete (the repository root, the records and templates directories).
pub fn prepare(out: &Path, shown: &Path, keep: &[&Path]) -> Result<()> {
    if out.exists() && !out.is_dir() {
        bail!(
            "cannot write the site to `{}`: it is a file, not a directory",
            shown.display()
        );
    }
    let out_abs = absolute(out);
    for path in keep {
        if absolute(path).starts_with(&out_abs) {
            bail!(
                "refusing to write the site to `{}`: it contains `{}`, which a build would delete; choose another --out",
                shown.display(),
                path.display()
            );
        }
    }
    if !out.exists() {
        return std::fs::create_dir_all(out)
            .with_context(|| format!("failed to create `{}`", shown.display()));
    }
    let entries: Vec<PathBuf> = std::fs::read_dir(out)
        .with_context(|| format!("failed to read `{}`", shown.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .with_context(|| format!("failed to read `{}`", shown.display()))?;
    if entries.is_empty() {
        return Ok(());
    }
    if !out.join(MARKER).is_file() {
        bail!(
            "refusing to clear `{}`: it is not empty and `because build` did not create it (no `{MARKER}` file in it); choose another --out, or empty it yourself",
            shown.display()
        );
    }
    Ok(())
}

/// The output directory being written: each file as it is rendered (from many threads), then
/// [`Site::finish`] writes the marker and removes what a previous build left that this one did
/// not write. Files are overwritten in place rather than deleted and created again: on ext4,
/// freeing and allocating 10,000 inodes in one directory cost more than rendering the pages.
pub struct Site {
    out: PathBuf,
    written: Mutex<Vec<PathBuf>>,
    dirs: Mutex<HashSet<PathBuf>>,
}

impl Site {
    /// Start writing into `out`, which [`prepare`] has checked.
    pub fn new(out: &Path) -> Site {
        Site {
            out: out.to_path_buf(),
            written: Mutex::new(Vec::new()),
            dirs: Mutex::new(HashSet::new()),
        }
    }

    /// Write one file, leaving it untouched when it already holds these bytes. A rebuild is
    /// mostly unchanged pages, and on ext4 truncating a file to rewrite it forces its writeback
    /// on close (`auto_da_alloc`): opening, truncating and closing were a third of a rebuild.
    pub fn write(&self, output: &Output) -> Result<()> {
        let path = self.ready(&output.path)?;
        let bytes = &output.bytes;
        let same_size = std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64);
        if !(same_size && std::fs::read(&path).is_ok_and(|old| old == *bytes)) {
            overwrite(&path, bytes)
                .with_context(|| format!("failed to write `{}`", path.display()))?;
        }
        self.written.lock().expect("no writer panicked").push(path);
        Ok(())
    }

    /// Write the file at `path` (relative, `/`-separated) with what `fill` writes to it.
    pub fn write_with(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let path = self.ready(path)?;
        let mut write = || -> std::io::Result<()> {
            let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
            fill(&mut file)?;
            file.into_inner().map_err(|e| e.into_error())?;
            Ok(())
        };
        write().with_context(|| format!("failed to write `{}`", path.display()))?;
        self.written.lock().expect("no writer panicked").push(path);
        Ok(())
    }

    /// The absolute path of `path`, its directory created and no symlink in its place.
    fn ready(&self, path: &str) -> Result<PathBuf> {
        let path = self.out.join(path);
        self.create_parent(&path)?;
        // Overwriting follows symlinks; a link left in the site must not send a page elsewhere.
        if path.is_symlink() {
            std::fs::remove_file(&path)
                .with_context(|| format!("failed to remove `{}`", path.display()))?;
        }
        Ok(path)
    }

    fn create_parent(&self, path: &Path) -> Result<()> {
        let Some(dir) = path.parent() else {
            return Ok(());
        };
        let mut dirs = self.dirs.lock().expect("no writer panicked");
        if !dirs.contains(dir) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("failed to create `{}`", dir.display()))?;
            dirs.insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// Write the marker and remove stale files; returns the paths written (marker excluded).
    pub fn finish(self) -> Result<Vec<PathBuf>> {
        let marker = self.out.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT)
            .with_context(|| format!("failed to write `{}`", marker.display()))?;
        let written = self.written.into_inner().expect("no writer panicked");
        let mut keep: HashSet<&Path> = written.iter().map(PathBuf::as_path).collect();
        keep.insert(&marker);
        remove_stale(&self.out, &keep)?;
        Ok(written)
    }
}

/// Replace the contents of `path` with `bytes`, writing over the old contents and cutting what
/// is left rather than truncating to zero first (see [`Site::write`]).
fn overwrite(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)
}

/// Remove files under `dir` not in `keep`, and directories left empty.
fn remove_stale(dir: &Path, keep: &HashSet<&Path>) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("failed to read `{}`", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("failed to read `{}`", dir.display()))?
            .path();
        if path.is_dir() && !path.is_symlink() {
            remove_stale(&path, keep)?;
            if std::fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()) {
                std::fs::remove_dir(&path)
                    .with_context(|| format!("failed to remove `{}`", path.display()))?;
            }
        } else if !keep.contains(path.as_path()) {
            std::fs::remove_file(&path)
                .with_context(|| format!("failed to remove `{}`", path.display()))?;
        }
    }
    Ok(())
}

/// An absolute, symlink-free form of `path` where it exists, to compare containment.
fn absolute(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut abs = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        abs.push(name);
    }
    abs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_non_empty_directory_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("keep.txt"), "mine").unwrap();
        let err = prepare(&out, Path::new("docs"), &[]).unwrap_err();
        assert!(
            err.to_string().contains("refusing to clear `docs`"),
            "{err}"
        );
        assert!(out.join("keep.txt").exists());
    }

    #[test]
    fn our_directory_keeps_only_what_this_build_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(out.join("records")).unwrap();
        std::fs::create_dir_all(out.join("old/deeper")).unwrap();
        std::fs::write(out.join(MARKER), "").unwrap();
        std::fs::write(out.join("records/old.html"), "").unwrap();
        std::fs::write(out.join("old/deeper/x.html"), "").unwrap();
        prepare(&out, Path::new("site"), &[]).unwrap();
        let site = Site::new(&out);
        site.write(&Output {
            path: "records/new.html".into(),
            bytes: b"new".to_vec(),
        })
        .unwrap();
        site.finish().unwrap();
        assert!(!out.join("records/old.html").exists());
        assert!(!out.join("old").exists());
        assert_eq!(std::fs::read(out.join("records/new.html")).unwrap(), b"new");
        assert!(out.join(MARKER).is_file());
    }

    #[test]
    fn a_rewritten_file_holds_exactly_the_new_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let write = |bytes: &[u8]| {
            let site = Site::new(&out);
            let output = Output {
                path: "records/a.html".into(),
                bytes: bytes.to_vec(),
            };
            site.write(&output).unwrap();
            site.finish().unwrap();
            std::fs::read(out.join("records/a.html")).unwrap()
        };
        assert_eq!(write(b"a longer first version"), b"a longer first version");
        assert_eq!(write(b"shorter"), b"shorter");
        assert_eq!(write(b"shorter"), b"shorter");
        assert_eq!(write(b"longer again, and more"), b"longer again, and more");
    }

    #[test]
    fn a_directory_holding_the_records_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("docs/decisions");
        std::fs::create_dir_all(&records).unwrap();
        let err = prepare(&dir.path().join("docs"), Path::new("docs"), &[&records]).unwrap_err();
        assert!(
            err.to_string().contains("which a build would delete"),
            "{err}"
        );
    }
}
