//! Fuzz the deadline and date parsers with arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let utc = jiff::tz::TimeZone::UTC;
    if let Ok(due) = because::time::read_deadline(text, &utc) {
        let written = due.written();
        // What because writes, it must read back to the same instant.
        let again = because::time::read_deadline(&written, &utc).expect("round trip");
        assert_eq!(again.instant(), due.instant());
    }
    let _ = because::time::parse_date(text);
});
