//! Fuzz recovery of an interrupted change set: whatever journal a kill, a torn write or a
//! hand edit leaves, recovery never panics, never touches a file outside the records
//! directory, and when it succeeds leaves no journal and no temp file behind.
#![no_main]

use std::path::{Path, PathBuf};

use because::store::change::{TEMP_PREFIX, TEMP_SUFFIX, recover, stray_temp_files};
use libfuzzer_sys::fuzz_target;

/// Paths a journal step may name: records, staged temp files, a subfolder, and ways out.
fn vocabulary(records: &Path, outside: &Path) -> Vec<PathBuf> {
    vec![
        records.join("0001-a.md"),
        records.join("0002-b.md"),
        records.join("0003-new.md"),
        records.join("area/0004-c.md"),
        records.join(format!("{TEMP_PREFIX}one{TEMP_SUFFIX}")),
        records.join(format!("{TEMP_PREFIX}two{TEMP_SUFFIX}")),
        records.join("../outside/secret.md"),
        outside.join("secret.md"),
        records.join("area"),
        records.to_path_buf(),
        PathBuf::from("relative.md"),
    ]
}

/// Half the inputs are journals built from the vocabulary (steps of every kind); the rest
/// are taken as raw journal text (torn, truncated, hand-edited JSON).
fn journal_text(data: &[u8], words: &[PathBuf]) -> Vec<u8> {
    let Some((&mode, rest)) = data.split_first() else {
        return Vec::new();
    };
    if mode & 1 == 1 {
        return rest.to_vec();
    }
    let steps: Vec<serde_json::Value> = rest
        .chunks(3)
        .map(|c| {
            let pick = |i: usize| words[*c.get(i).unwrap_or(&0) as usize % words.len()].clone();
            match c[0] % 3 {
                0 => serde_json::json!({"op": "link", "temp": pick(1), "target": pick(2)}),
                1 => serde_json::json!({"op": "rename", "temp": pick(1), "target": pick(2)}),
                _ => serde_json::json!({"op": "remove", "target": pick(1)}),
            }
        })
        .collect();
    let mut text = serde_json::to_vec(&serde_json::json!({"summary": "fuzz", "steps": steps}))
        .expect("serializes");
    // A torn write: the journal cut at some byte.
    if mode & 2 == 2 && !text.is_empty() {
        text.truncate(usize::from(mode >> 2) * text.len() / 64 % text.len());
    }
    text
}

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    let records = dir.path().join("records");
    let outside = dir.path().join("outside");
    for d in [&records, &records.join("area"), &outside] {
        std::fs::create_dir_all(d).unwrap();
    }
    for (path, text) in [
        (records.join("0001-a.md"), "one"),
        (records.join("0002-b.md"), "two"),
        (records.join("area/0004-c.md"), "four"),
        (
            records.join(format!("{TEMP_PREFIX}one{TEMP_SUFFIX}")),
            "staged one",
        ),
        (
            records.join(format!("{TEMP_PREFIX}two{TEMP_SUFFIX}")),
            "staged two",
        ),
        (outside.join("secret.md"), "secret"),
    ] {
        std::fs::write(path, text).unwrap();
    }
    let words = vocabulary(&records, &outside);
    let journal = dir.path().join("journal.json");
    std::fs::write(&journal, journal_text(data, &words)).unwrap();
    let result = recover(&journal, std::slice::from_ref(&records));
    assert_eq!(
        std::fs::read_to_string(outside.join("secret.md"))
            .ok()
            .as_deref(),
        Some("secret"),
        "recovery touched a file outside the records: {result:?}"
    );
    if result.is_ok() {
        assert!(!journal.exists(), "a recovered journal is removed");
        assert!(
            stray_temp_files(&records).is_empty(),
            "no temp file survives recovery"
        );
    }
});
