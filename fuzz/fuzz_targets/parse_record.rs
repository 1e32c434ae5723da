//! Fuzz the record parser: front-matter splitter, YAML, title and sections, legacy readers.
//! Any bytes must give a `Record` (with problems), never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let config = because::config::Config::default();
    let record = because::record::parse("0001-fuzz.md".into(), data, &config);
    let _ = record.display_title();
});
