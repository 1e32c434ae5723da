//! The repository's own files, for `governs` globs and code comments (issue 17): which files
//! there are (as Git would see them: `.gitignore`d ones left out) and the text of one.
//!
//! Read only; nothing here writes.

use std::path::Path;

/// Code files larger than this are not read for comments (generated or vendored, mostly).
const MAX_CODE_BYTES: u64 = 1 << 20;

/// Every file under `root` that `.gitignore` does not exclude, root-relative and
/// `/`-separated, sorted. Hidden files count (`.github/workflows/ci.yml` can be governed);
/// the `.git` directory does not.
pub fn work_tree_files(root: &Path) -> Vec<String> {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .parents(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    let mut files: Vec<String> = walker
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            Some(crate::text::slash_path(rel))
        })
        .collect();
    files.sort();
    files
}

/// The text of the code file `rel` under `root`, when it is a UTF-8 file of at most 1 MiB
/// (anything else has no comments worth reading).
pub fn read_code(root: &Path, rel: &str) -> Option<String> {
    let path = root.join(rel);
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MAX_CODE_BYTES {
        return None;
    }
    String::from_utf8(std::fs::read(path).ok()?).ok()
}
