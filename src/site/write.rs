//! Write: clear the output directory (only one `because build` made) and write the rendered files.
//!
//! A marker file says a directory is ours. Without it a non-empty directory is refused, never
//! cleared: `--out docs` by mistake must not delete a team's documentation.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

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

/// Write every output under `out` (in parallel), the marker, then remove whatever a previous
/// build left that this one did not write. Files are overwritten in place rather than deleted
/// and created again: on ext4, freeing and allocating 10,000 inodes in one directory cost more
/// than rendering the pages.
pub fn write(out: &Path, outputs: &[Output]) -> Result<()> {
    let mut dirs: Vec<PathBuf> = outputs
        .iter()
        .filter_map(|o| Path::new(&o.path).parent().map(|p| out.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("failed to create `{}`", dir.display()))?;
    }
    outputs.par_iter().try_for_each(|output| {
        let path = out.join(&output.path);
        // Overwriting follows symlinks; a link left in the site must not send a page elsewhere.
        if path.is_symlink() {
            std::fs::remove_file(&path)
                .with_context(|| format!("failed to remove `{}`", path.display()))?;
        }
        std::fs::write(&path, &output.bytes)
            .with_context(|| format!("failed to write `{}`", path.display()))
    })?;
    let marker = out.join(MARKER);
    std::fs::write(&marker, MARKER_TEXT)
        .with_context(|| format!("failed to write `{}`", marker.display()))?;
    let mut keep: HashSet<PathBuf> = outputs.iter().map(|o| out.join(&o.path)).collect();
    keep.insert(marker);
    remove_stale(out, &keep)
}

/// Remove files under `dir` not in `keep`, and directories left empty.
fn remove_stale(dir: &Path, keep: &HashSet<PathBuf>) -> Result<()> {
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
        } else if !keep.contains(&path) {
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
        let outputs = [Output {
            path: "records/new.html".into(),
            bytes: b"new".to_vec(),
        }];
        write(&out, &outputs).unwrap();
        assert!(!out.join("records/old.html").exists());
        assert!(!out.join("old").exists());
        assert_eq!(std::fs::read(out.join("records/new.html")).unwrap(), b"new");
        assert!(out.join(MARKER).is_file());
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
