//! Zone names a person types: IANA names, and the abbreviations that have one meaning.
//!
//! An abbreviation is accepted only when the zone it names is not in doubt; one that several
//! zones use (`IST`: India, Ireland, Israel) is refused with the candidates, so a deadline is
//! never an hour — or a continent — away from what its writer meant.

use jiff::tz::TimeZone;

/// What an abbreviation means: the one zone it maps to, or the zones it could be.
#[derive(Debug, Clone, Copy)]
pub enum Meaning {
    Zone(&'static str),
    Ambiguous(&'static [&'static str]),
}

/// Every abbreviation `because` reads, upper case. `PST` in July still means Los Angeles'
/// time: people write the letters of the zone, not of its season.
pub const ABBREVIATIONS: &[(&str, Meaning)] = &[
    ("UTC", Meaning::Zone("UTC")),
    ("GMT", Meaning::Zone("UTC")),
    ("Z", Meaning::Zone("UTC")),
    ("PT", Meaning::Zone("America/Los_Angeles")),
    ("PST", Meaning::Zone("America/Los_Angeles")),
    ("PDT", Meaning::Zone("America/Los_Angeles")),
    ("MT", Meaning::Zone("America/Denver")),
    ("MDT", Meaning::Zone("America/Denver")),
    ("ET", Meaning::Zone("America/New_York")),
    ("EST", Meaning::Zone("America/New_York")),
    ("EDT", Meaning::Zone("America/New_York")),
    ("CT", Meaning::Zone("America/Chicago")),
    ("CDT", Meaning::Zone("America/Chicago")),
    ("AKST", Meaning::Zone("America/Anchorage")),
    ("AKDT", Meaning::Zone("America/Anchorage")),
    ("HST", Meaning::Zone("Pacific/Honolulu")),
    ("CET", Meaning::Zone("Europe/Berlin")),
    ("CEST", Meaning::Zone("Europe/Berlin")),
    ("WEST", Meaning::Zone("Europe/Lisbon")),
    ("EEST", Meaning::Zone("Europe/Helsinki")),
    ("MSK", Meaning::Zone("Europe/Moscow")),
    ("KST", Meaning::Zone("Asia/Seoul")),
    ("JST", Meaning::Zone("Asia/Tokyo")),
    ("HKT", Meaning::Zone("Asia/Hong_Kong")),
    ("SGT", Meaning::Zone("Asia/Singapore")),
    ("AEDT", Meaning::Zone("Australia/Sydney")),
    ("NZST", Meaning::Zone("Pacific/Auckland")),
    ("NZDT", Meaning::Zone("Pacific/Auckland")),
    (
        "IST",
        Meaning::Ambiguous(&["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]),
    ),
    (
        "CST",
        Meaning::Ambiguous(&["America/Chicago", "Asia/Shanghai", "America/Havana"]),
    ),
    ("BST", Meaning::Ambiguous(&["Europe/London", "Asia/Dhaka"])),
    (
        "MST",
        Meaning::Ambiguous(&["America/Denver", "America/Phoenix"]),
    ),
    (
        "AEST",
        Meaning::Ambiguous(&["Australia/Sydney", "Australia/Brisbane"]),
    ),
    (
        "EET",
        Meaning::Ambiguous(&["Europe/Helsinki", "Europe/Athens", "Africa/Cairo"]),
    ),
    (
        "WET",
        Meaning::Ambiguous(&["Europe/Lisbon", "Africa/Casablanca"]),
    ),
    (
        "AST",
        Meaning::Ambiguous(&["America/Halifax", "Asia/Riyadh"]),
    ),
];

/// The zone `name` means: an IANA name (any case) or an unambiguous abbreviation. The error
/// says what to write instead.
pub fn zone(name: &str) -> Result<TimeZone, String> {
    let upper = name.to_ascii_uppercase();
    if let Some((_, meaning)) = ABBREVIATIONS.iter().find(|(a, _)| *a == upper) {
        return match meaning {
            Meaning::Zone(iana) => Ok(TimeZone::get(iana).expect("bundled zone")),
            Meaning::Ambiguous(candidates) => Err(format!(
                "`{name}` names more than one time zone; write the one you mean: {}",
                candidates.join(", ")
            )),
        };
    }
    TimeZone::get(name).map_err(|_| {
        format!("unknown time zone `{name}`; use an IANA name such as \"America/Los_Angeles\" or an abbreviation such as PT, CET, KST, JST, UTC")
    })
}

/// Whether `word` could be meant as a zone (so a parser can tell a zone from other words).
pub fn looks_like_zone(word: &str) -> bool {
    word.contains('/')
        || ABBREVIATIONS
            .iter()
            .any(|(a, _)| a.eq_ignore_ascii_case(word))
        || TimeZone::get(word).is_ok()
}
