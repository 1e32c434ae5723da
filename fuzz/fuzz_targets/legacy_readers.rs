//! Fuzz the readers of adr-tools, MADR 2, log4brains and RFC-style headers, and the status
//! cleaner, directly (the parse target reaches them only for files without front matter).
#![no_main]

use because::record::header::read_body_header;
use because::record::normalize::clean_status;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str)| {
    let (body, status) = input;
    let _ = read_body_header(body, 1, "20200131-fuzz.md");
    let _ = read_body_header(body, 1, "0001-fuzz.md");
    let _ = clean_status(status);
});
