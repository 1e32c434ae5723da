//! Write: check the output directory (only one `because build` made may be written into), write
//! the rendered files as they come, then remove what an earlier build wrote and this one did not.
//!
//! A marker file says a directory is ours and lists the files the last build wrote (the
//! manifest). Only those are ever removed: a `.git`, `CNAME` or anything else a user keeps in
//! the site survives a rebuild (the gh-pages flow). Without a marker a non-empty directory is
//! refused: `--out docs` by mistake must not overwrite a team's documentation. Nothing is
//! written or removed through a symlink inside the output (issue 12, items 2 and 3).

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};

use super::render::Output;

/// The file that marks a directory as written by `because build`, and lists what it wrote.
pub const MARKER: &str = ".because-site";

const MARKER_HEADER: &str = "# This directory is written by `because build`. A rebuild removes only the files \
listed below (the ones the last build wrote);\n# anything else kept here (.git, CNAME, your own files) is left alone.\n";

/// Check that `out` may be written: absent, empty, or made by an earlier build. `keep` lists paths the build must never
/// delete (the repository root, the records and templates directories).
pub fn prepare(out: &Path, shown: &Path, keep: &[&Path]) -> Result<()> {
    if out.exists() && !out.is_dir() {
        bail!(
            "cannot write the site to `{}`: it is a file, not a directory",
            shown.display()
        );
    }
    let out_abs = crate::workspace::resolved(out);
    for path in keep {
        if crate::workspace::resolved(path).starts_with(&out_abs) {
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
            "refusing to write the site into `{}`: it is not empty and `because build` did not create it (no `{MARKER}` file in it); choose another --out, or empty it yourself",
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
    /// What the previous build wrote (relative, `/`-separated), from the marker.
    previous: BTreeSet<String>,
    written: Mutex<Vec<PathBuf>>,
    dirs: Mutex<HashSet<PathBuf>>,
}

impl Site {
    /// Start writing into `out`, which [`prepare`] has checked. The marker is written first,
    /// still listing the previous build's files: a build that fails half-way leaves a
    /// directory the next build recognises as its own.
    pub fn new(out: &Path) -> Result<Site> {
        let previous = read_manifest(out);
        let site = Site {
            out: out.to_path_buf(),
            previous,
            written: Mutex::new(Vec::new()),
            dirs: Mutex::new(HashSet::new()),
        };
        site.write_manifest(site.previous.iter().cloned())?;
        Ok(site)
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

    /// Count files written into the output by another [`Site`] (a monorepo member's, in a
    /// subfolder) as this build's own, so a later build removes them when they are gone.
    pub fn adopt(&self, paths: impl IntoIterator<Item = PathBuf>) {
        let mut written = self.written.lock().expect("no writer panicked");
        written.extend(paths.into_iter().filter(|p| p.starts_with(&self.out)));
    }

    /// The absolute path of `path`, its directories created; refused when any part of it
    /// inside the output is a symlink, which writing would follow out of the site.
    fn ready(&self, path: &str) -> Result<PathBuf> {
        let path = self.out.join(path);
        self.create_parent(&path)?;
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!(refuse_link(&path));
        }
        Ok(path)
    }

    fn create_parent(&self, path: &Path) -> Result<()> {
        let Some(dir) = path.parent() else {
            return Ok(());
        };
        let mut dirs = self.dirs.lock().expect("no writer panicked");
        if dirs.contains(dir) {
            return Ok(());
        }
        let rel = dir.strip_prefix(&self.out).unwrap_or(Path::new(""));
        let mut current = self.out.clone();
        for part in rel.components() {
            current.push(part);
            match std::fs::symlink_metadata(&current) {
                Ok(meta) if meta.file_type().is_symlink() => bail!(refuse_link(&current)),
                Ok(_) => {}
                Err(_) => std::fs::create_dir(&current)
                    .with_context(|| format!("failed to create `{}`", current.display()))?,
            }
        }
        dirs.insert(dir.to_path_buf());
        Ok(())
    }

    /// After a failed build: list in the marker what this build wrote too, so the next build
    /// can remove it.
    pub fn abandon(self) -> Result<()> {
        let written = self.relative_written();
        self.write_manifest(self.previous.iter().cloned().chain(written))
    }

    fn relative_written(&self) -> Vec<String> {
        let written = self.written.lock().expect("no writer panicked");
        written
            .iter()
            .filter_map(|p| p.strip_prefix(&self.out).ok())
            .map(crate::text::slash_path)
            .collect()
    }

    fn write_manifest(&self, files: impl Iterator<Item = String>) -> Result<()> {
        let files: BTreeSet<String> = files.collect();
        let mut text = String::from(MARKER_HEADER);
        for file in files {
            text.push_str(&file);
            text.push('\n');
        }
        let marker = self.out.join(MARKER);
        let temp = self.out.join(format!("{MARKER}.tmp"));
        std::fs::write(&temp, text)
            .and_then(|_| std::fs::rename(&temp, &marker))
            .with_context(|| format!("failed to write `{}`", marker.display()))
    }

    /// Write the manifest and remove what the previous build wrote and this one did not;
    /// returns the paths written (marker excluded).
    pub fn finish(self) -> Result<Vec<PathBuf>> {
        let now: BTreeSet<String> = self.relative_written().into_iter().collect();
        self.write_manifest(now.iter().cloned())?;
        for stale in self.previous.difference(&now) {
            remove_stale(&self.out, stale)?;
        }
        Ok(self.written.into_inner().expect("no writer panicked"))
    }
}

/// The files the marker in `out` lists; an old marker (no list) or none lists nothing. Only
/// plain relative paths count: a marker naming `../x` or `/x` cannot aim a removal outside.
fn read_manifest(out: &Path) -> BTreeSet<String> {
    let Ok(text) = std::fs::read_to_string(out.join(MARKER)) else {
        return BTreeSet::new();
    };
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty() && *l != MARKER)
        .filter(|l| {
            Path::new(l)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        })
        .map(str::to_string)
        .collect()
}

/// Remove the file `rel` of an earlier build, and the folders it leaves empty; nothing is
/// removed below a symlink (it would delete outside the site).
fn remove_stale(out: &Path, rel: &str) -> Result<()> {
    let path = out.join(rel);
    let mut dirs: Vec<PathBuf> = path
        .ancestors()
        .skip(1)
        .take_while(|d| d.starts_with(out) && *d != out)
        .map(Path::to_path_buf)
        .collect();
    if dirs.iter().any(|d| d.is_symlink()) {
        return Ok(());
    }
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if !meta.is_dir() => std::fs::remove_file(&path)
            .with_context(|| format!("failed to remove `{}`", path.display()))?,
        _ => return Ok(()),
    }
    for dir in dirs.drain(..) {
        if std::fs::remove_dir(&dir).is_err() {
            break; // not empty: a folder still in use, or the user's
        }
    }
    Ok(())
}

fn refuse_link(path: &Path) -> String {
    format!(
        "refusing to write through `{}`: it is a symlink inside the output directory, and writing would follow it out of the site; remove the link",
        path.display()
    )
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
            err.to_string()
                .contains("refusing to write the site into `docs`"),
            "{err}"
        );
        assert!(out.join("keep.txt").exists());
    }

    #[test]
    fn a_rebuild_removes_only_what_the_last_build_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let build = |pages: &[&str]| {
            prepare(&out, Path::new("site"), &[]).unwrap();
            let site = Site::new(&out).unwrap();
            for page in pages {
                let output = Output {
                    path: (*page).into(),
                    bytes: b"page".to_vec(),
                };
                site.write(&output).unwrap();
            }
            site.finish().unwrap();
        };
        build(&["records/old.html", "old/deeper/x.html", "index.html"]);
        std::fs::create_dir_all(out.join(".git")).unwrap();
        std::fs::write(out.join("CNAME"), "example.com").unwrap();
        std::fs::write(out.join("records/mine.html"), "mine").unwrap();
        build(&["records/new.html", "index.html"]);
        assert!(!out.join("records/old.html").exists());
        assert!(!out.join("old").exists());
        assert_eq!(
            std::fs::read(out.join("records/new.html")).unwrap(),
            b"page"
        );
        assert!(out.join(".git").is_dir() && out.join("CNAME").is_file());
        assert!(out.join("records/mine.html").is_file());
        assert!(read_manifest(&out).contains("records/new.html"));
    }

    #[test]
    fn a_manifest_cannot_aim_a_removal_outside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(dir.path().join("precious"), "keep").unwrap();
        std::fs::write(out.join(MARKER), "../precious\n/etc/hostname\n").unwrap();
        assert!(read_manifest(&out).is_empty());
    }

    #[test]
    fn a_rewritten_file_holds_exactly_the_new_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(&out).unwrap();
        let write = |bytes: &[u8]| {
            let site = Site::new(&out).unwrap();
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
