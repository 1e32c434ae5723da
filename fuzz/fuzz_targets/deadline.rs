//! Fuzz the deadline and date parsers with arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(dt) = because::time::parse_deadline(text, chrono_tz::UTC) {
        let written = because::time::format_deadline(&dt);
        // What because writes, it must read back to the same instant.
        let again = because::time::parse_deadline(&written, chrono_tz::UTC).expect("round trip");
        assert_eq!(again, dt);
    }
    let _ = because::time::parse_date(text);
});
