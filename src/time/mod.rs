//! Dates and deadlines: the deadline type, the clock (`--now`/`BECAUSE_NOW`), "today", and the
//! reader's zone (`--tz`, `TZ`, config).
//!
//! Owns parsing and formatting only; which fields need which dates is `config`'s and `check`'s.
//! Built on jiff with its IANA database bundled (decision 0008): a deadline keeps the zone
//! it was given in (RFC 9557), and the same input means the same instant on every machine.

mod parse;
mod show;
mod zones;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ZonedDateTime};

pub use parse::{Resolved, parse_deadline, read_deadline, resolve_input};
pub use show::{in_reader_zone, span, time_left, wall};
pub use zones::{ABBREVIATIONS, zone};

/// Shown whenever a record's deadline cannot be read: every form a record may store.
pub const DEADLINE_FORMS: &str = "accepted forms: RFC 9557 \
(2026-03-12T17:00:00-07:00[America/Los_Angeles]), RFC 3339 (2026-03-12T17:00:00-08:00), \
a date (2026-03-12, the end of that day in the configured time zone), or a local time with \
a zone (\"2026-03-12 17:00 America/Los_Angeles\", or an abbreviation such as PT, CET, KST)";

/// Shown when `--deadline` or `--now` cannot be read: the stored forms and the relative ones
/// (which a record never holds: they would mean another day tomorrow).
pub const INPUT_FORMS: &str = "accepted forms: RFC 9557 \
(2026-03-12T17:00:00-07:00[America/Los_Angeles]), RFC 3339 (2026-03-12T17:00:00-08:00), \
a date (2026-03-12, the end of that day in the configured time zone), a local time with a \
zone (\"2026-03-12 17:00 America/Los_Angeles\", or an abbreviation such as PT, CET, KST), \
a weekday (\"friday 17:00 PT\", \"tomorrow 9am\"), or a time from now (+72h, +3d, \
\"in 3 days\")";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError {
    pub input: String,
    pub reason: String,
}

impl std::fmt::Display for TimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read `{}` as a time: {}", self.input, self.reason)
    }
}

impl std::error::Error for TimeError {}

fn error(input: &str, reason: impl Into<String>) -> TimeError {
    TimeError {
        input: input.to_string(),
        reason: reason.into(),
    }
}

/// An instant with the zone it was given in. A zone name (`America/Los_Angeles`) is kept and
/// written as RFC 9557; a bare offset (`-08:00`) is written as RFC 3339.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    at: ZonedDateTime,
    /// Whether the zone has a name; jiff names even a fixed `+00:00` "UTC".
    named: bool,
}

impl Deadline {
    fn new(at: ZonedDateTime) -> Deadline {
        Deadline { at, named: true }
    }

    fn with_offset_only(at: ZonedDateTime) -> Deadline {
        Deadline { at, named: false }
    }

    pub fn instant(&self) -> Timestamp {
        self.at.timestamp()
    }

    /// The deadline as its own zone sees it.
    pub fn zoned(&self) -> &ZonedDateTime {
        &self.at
    }

    /// The IANA name of the deadline's zone, when it was given one.
    pub fn zone_name(&self) -> Option<&str> {
        self.at.time_zone().iana_name().filter(|_| self.named)
    }

    /// The text `because` writes: RFC 9557 with a zone name, else RFC 3339.
    pub fn written(&self) -> String {
        let offset = self.at.offset();
        // RFC 3339 offsets have no seconds; old local-mean-time zones do (NZ was +11:39:04).
        // Such an instant is written in UTC so that it reads back unchanged (found by fuzzing).
        if offset.seconds() % 60 != 0 {
            return self
                .instant()
                .display_with_offset(jiff::tz::Offset::UTC)
                .to_string();
        }
        match self.zone_name() {
            Some(_) => self.at.to_string(),
            None => self.instant().display_with_offset(offset).to_string(),
        }
    }

    /// How long from `now` until the deadline (negative once it has passed).
    pub fn left(&self, now: Timestamp) -> SignedDuration {
        self.instant().duration_since(now)
    }

    /// The calendar date of the deadline in its own zone.
    pub fn date(&self) -> Date {
        self.at.date()
    }
}

impl PartialOrd for Deadline {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Deadline {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant().cmp(&other.instant())
    }
}

/// Parse a calendar date as records write it (`2026-03-04`, or the date part of a timestamp).
pub fn parse_date(input: &str) -> Option<Date> {
    let text = input.trim();
    let date = match parse::date(text) {
        Some(date) => date,
        None => parse::stored(text).ok()??.date(),
    };
    (1..=9999).contains(&date.year()).then_some(date)
}

/// The clock a command runs at: real time, or a fixed instant from `--now`/`BECAUSE_NOW`.
#[derive(Debug, Clone)]
pub struct Clock {
    pub now: Timestamp,
    /// The repository's zone (`timezone` in because.toml): dates are written in it.
    pub zone: TimeZone,
    /// The reader's zone (`--tz`, then `TZ`, then the repository's): times are shown in it.
    pub reader: TimeZone,
}

impl Clock {
    /// `fixed` comes from `--now`/`BECAUSE_NOW`; tests set it so output is reproducible.
    pub fn new(fixed: Option<&str>, zone: TimeZone, reader: TimeZone) -> Result<Clock, TimeError> {
        let mut clock = Clock {
            now: Timestamp::now(),
            zone,
            reader,
        };
        if let Some(text) = fixed.filter(|t| !t.trim().is_empty()) {
            clock.now = parse_deadline(text, &clock)?.instant();
        }
        Ok(clock)
    }

    /// Today's date in the configured zone, as written to `date:`.
    pub fn today(&self) -> Date {
        self.now.to_zoned_datetime(self.zone.clone()).date()
    }

    /// The date to write to `decided:`: the day it is where the deadline is due (or in the
    /// configured zone), so a decision made before its deadline is never dated after it.
    pub fn decided_date(&self, deadline: Option<&Deadline>) -> Date {
        match deadline {
            Some(d) => self
                .now
                .to_zoned_datetime(d.zoned().time_zone().clone())
                .date(),
            None => self.today(),
        }
    }

    /// Now, in the configured zone.
    pub fn now_zoned(&self) -> ZonedDateTime {
        self.now.to_zoned_datetime(self.zone.clone())
    }
}

/// The reader's zone from `--tz` or `TZ`: an IANA name or a known abbreviation; `None` when
/// neither names a zone (a POSIX rule string in `TZ` is not a name a reader can be shown).
pub fn reader_zone(flag: Option<&str>, env: Option<&str>) -> Result<Option<TimeZone>, String> {
    if let Some(name) = flag {
        return zone(name).map(Some);
    }
    let env = env
        .map(|t| t.trim_start_matches(':'))
        .filter(|t| !t.is_empty());
    Ok(env.and_then(|name| zone(name).ok()))
}

#[cfg(test)]
mod tests;
