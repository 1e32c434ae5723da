//! Which process layout a repository already has, for `because init` (issue 13): the folder
//! whose files most often read as one process family (PEP, EIP, KEP, review bullets, RFC
//! bullets), found by parsing a sample of each candidate folder with the real parser.

use std::path::Path;

use crate::config::Config;
use crate::record::{self, Format, family};

/// How many files of one folder are parsed to recognise its layout.
const SAMPLE: usize = 40;

/// A folder of records in a process's layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Relative to the repository root, `/`-separated.
    pub dir: String,
    pub format: Format,
    /// Files of the sample that read as `format`.
    pub records: usize,
}

/// The folder (one or two levels below `root`) holding the most records of one process
/// family; the shallower folder wins a tie (`keps/` over `keps/sig-node/`).
pub fn layout(root: &Path) -> Option<Layout> {
    let mut best: Option<(usize, usize, Layout)> = None;
    for (depth, dir) in candidate_dirs(root) {
        let Some(found) = sample(root, &dir) else {
            continue;
        };
        let better = best
            .as_ref()
            .is_none_or(|(n, d, _)| found.records > *n || (found.records == *n && depth < *d));
        if better {
            best = Some((found.records, depth, found));
        }
    }
    best.map(|(_, _, layout)| layout)
}

/// Folders one and two levels down, hidden and build folders skipped.
fn candidate_dirs(root: &Path) -> Vec<(usize, std::path::PathBuf)> {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .max_depth(2)
        .into_iter()
        .filter_entry(|e| !super::is_skipped_dir(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| (e.depth(), e.into_path()))
        .collect()
}

/// The family most of a folder's sampled files read as, if any does.
fn sample(root: &Path, dir: &Path) -> Option<Layout> {
    let files = super::record_files(dir).ok()?;
    let config = Config::default();
    let mut counts: Vec<(Format, usize)> = Vec::new();
    for path in files.iter().take(SAMPLE) {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let sidecar = path
            .parent()
            .map(|d| d.join(family::SIDECAR))
            .and_then(|p| std::fs::read(p).ok())
            .filter(|_| path.ends_with("README.md"));
        let format =
            record::parse_with_sidecar(path.clone(), &bytes, sidecar.as_deref(), &config).format;
        if family::of(format).is_none() {
            continue;
        }
        match counts.iter_mut().find(|(f, _)| *f == format) {
            Some((_, n)) => *n += 1,
            None => counts.push((format, 1)),
        }
    }
    let (format, records) = counts.into_iter().max_by_key(|&(_, n)| n)?;
    let dir = crate::text::slash_path(dir.strip_prefix(root).ok()?);
    Some(Layout {
        dir,
        format,
        records,
    })
}
