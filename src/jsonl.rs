//! JSON lines files of the caches in the git dir: a header line that must match, then one
//! entry a line, read in parallel and written all at once by a rename.

use std::io::{BufWriter, Write};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The entries of `file` when its header equals `header`; `None` when the file is missing,
/// was written for something else, or any line does not parse (a cache is then rebuilt).
pub fn read<H, T>(file: &Path, header: &H) -> Option<Vec<T>>
where
    H: DeserializeOwned + PartialEq,
    T: DeserializeOwned + Send,
{
    let bytes = std::fs::read(file).ok()?;
    let mut lines = bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty());
    let stored: H = serde_json::from_slice(lines.next()?).ok()?;
    if stored != *header {
        return None;
    }
    let lines: Vec<&[u8]> = lines.collect();
    lines
        .par_iter()
        .map(|line| serde_json::from_slice(line).ok())
        .collect()
}

/// Written to a temp file renamed into place: a reader sees the old file or the new one.
pub fn write<'a, H, T>(
    file: &Path,
    header: &H,
    entries: impl Iterator<Item = &'a T>,
) -> std::io::Result<()>
where
    H: Serialize,
    T: Serialize + 'a,
{
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let temp = tempfile::NamedTempFile::new_in(dir)?;
    let mut out = BufWriter::new(temp);
    serde_json::to_writer(&mut out, header)?;
    for entry in entries {
        out.write_all(b"\n")?;
        serde_json::to_writer(&mut out, entry)?;
    }
    out.write_all(b"\n")?;
    let temp = out.into_inner().map_err(|e| e.into_error())?;
    temp.persist(file).map_err(|e| e.error)?;
    Ok(())
}
