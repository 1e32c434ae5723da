//! Dates and deadlines: the accepted input forms, the clock (`--now`/`BECAUSE_NOW`), "today".
//!
//! Owns parsing and formatting only; which fields need which dates is `config`'s and `check`'s.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Shown whenever a deadline or `--now` cannot be read, so the user sees every accepted form.
pub const DEADLINE_FORMS: &str = "accepted forms: RFC 3339 (2026-03-12T17:00:00-08:00), \
a date (2026-03-12, the end of that day in the configured time zone), or a local time \
with an IANA zone (\"2026-03-12 17:00 America/Los_Angeles\")";

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

/// Parse a deadline in any accepted form; date-only and zone-less forms use `zone`.
pub fn parse_deadline(input: &str, zone: Tz) -> Result<DateTime<FixedOffset>, TimeError> {
    let parsed = parse_any_deadline(input, zone)?;
    // chrono reads `-4-3-4` as the year -4, which no RFC 3339 reader accepts back: keep
    // to the four-digit years that round-trip (found by fuzzing).
    let years = [parsed.year(), parsed.to_utc().year()];
    if !years.iter().all(|y| (1..=9999).contains(y)) {
        return Err(error(input, "the year must have four digits (0001–9999)"));
    }
    Ok(parsed)
}

fn parse_any_deadline(input: &str, zone: Tz) -> Result<DateTime<FixedOffset>, TimeError> {
    let text = input.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Ok(dt);
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let end_of_day = date.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"));
        return localize(text, end_of_day, zone);
    }
    let mut parts = text.split_whitespace();
    let (date, clock, zone_name) = (parts.next(), parts.next(), parts.next());
    if let (Some(date), Some(clock), None) = (date, clock, parts.next()) {
        let naive = parse_local(date, clock).ok_or_else(|| error(input, DEADLINE_FORMS))?;
        let tz = match zone_name {
            Some(name) => name.parse::<Tz>().map_err(|_| {
                error(
                    input,
                    format!("unknown time zone `{name}`; {DEADLINE_FORMS}"),
                )
            })?,
            None => zone,
        };
        return localize(text, naive, tz);
    }
    Err(error(input, DEADLINE_FORMS))
}

fn parse_local(date: &str, clock: &str) -> Option<NaiveDateTime> {
    let joined = format!("{date} {clock}");
    NaiveDateTime::parse_from_str(&joined, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&joined, "%Y-%m-%d %H:%M:%S"))
        .ok()
}

fn localize(input: &str, naive: NaiveDateTime, tz: Tz) -> Result<DateTime<FixedOffset>, TimeError> {
    // A time skipped by a DST change does not exist; an ambiguous one takes the earlier instant.
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|dt| dt.fixed_offset())
        .ok_or_else(|| {
            error(
                input,
                "that local time does not exist in its time zone (DST gap)",
            )
        })
}

/// Parse a calendar date as records write it (`2026-03-04`, or the date part of a timestamp).
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let text = input.trim();
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .or_else(|| {
            DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|dt| dt.date_naive())
        })?;
    (1..=9999).contains(&date.year()).then_some(date)
}

/// Format an instant the way `because` writes deadlines: RFC 3339 with its offset.
pub fn format_deadline(dt: &DateTime<FixedOffset>) -> String {
    // RFC 3339 offsets have no seconds; old local-mean-time zones do (NZ was +11:39:04).
    // Such an instant is written in UTC so that it reads back unchanged (found by fuzzing).
    if dt.offset().local_minus_utc() % 60 != 0 {
        return dt
            .to_utc()
            .fixed_offset()
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false);
    }
    dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}

/// The clock a command runs at: real time, or a fixed instant from `--now`/`BECAUSE_NOW`.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub now: DateTime<FixedOffset>,
    pub zone: Tz,
}

impl Clock {
    /// `fixed` comes from `--now`/`BECAUSE_NOW`; tests set it so output is reproducible.
    pub fn new(fixed: Option<&str>, zone: Tz) -> Result<Clock, TimeError> {
        let now = match fixed {
            Some(text) if !text.trim().is_empty() => parse_deadline(text, zone)?,
            _ => Utc::now().fixed_offset(),
        };
        Ok(Clock { now, zone })
    }

    /// Today's date in the configured zone, as written to `date:` and `decided:`.
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.zone).date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_with_iana_zone_uses_daylight_saving_offset() {
        let dt = parse_deadline("2026-03-12 17:00 America/Los_Angeles", chrono_tz::UTC).unwrap();
        assert_eq!(format_deadline(&dt), "2026-03-12T17:00:00-07:00");
        let winter =
            parse_deadline("2026-01-12 17:00 America/Los_Angeles", chrono_tz::UTC).unwrap();
        assert_eq!(format_deadline(&winter), "2026-01-12T17:00:00-08:00");
    }

    #[test]
    fn date_only_deadline_is_end_of_day_in_configured_zone() {
        let dt = parse_deadline("2026-03-12", chrono_tz::Europe::Berlin).unwrap();
        assert_eq!(format_deadline(&dt), "2026-03-12T23:59:59+01:00");
    }

    #[test]
    fn rfc3339_deadline_keeps_its_offset() {
        let dt = parse_deadline("2026-03-12T17:00:00-08:00", chrono_tz::UTC).unwrap();
        assert_eq!(format_deadline(&dt), "2026-03-12T17:00:00-08:00");
    }

    #[test]
    fn unreadable_deadline_lists_the_accepted_forms() {
        let err = parse_deadline("next friday", chrono_tz::UTC).unwrap_err();
        assert!(err.to_string().contains("RFC 3339"), "{err}");
        let err = parse_deadline("2026-03-12 17:00 Mars/Olympus", chrono_tz::UTC).unwrap_err();
        assert!(err.to_string().contains("Mars/Olympus"), "{err}");
    }

    #[test]
    fn years_outside_four_digits_are_refused() {
        // Fuzz regression (fuzz/artifacts/deadline): `-4-3-4` used to parse as year -4.
        assert!(parse_deadline("-4-3-4", chrono_tz::UTC).is_err());
        assert!(parse_date("-4-3-4").is_none());
        assert!(parse_deadline("0001-01-01", chrono_tz::UTC).is_ok());
        // ... and so does an instant whose UTC year is 0 (written in UTC, it would not read back).
        assert!(parse_deadline("\t1-1-1\t0:1\tNZ", chrono_tz::UTC).is_err());
    }

    #[test]
    fn offsets_with_seconds_are_written_in_utc_and_read_back() {
        // Fuzz regression: New Zealand's 1868 offset was +11:39:04.
        let dt = parse_deadline("+1-11-3\t0:1\tNZ", chrono_tz::UTC).unwrap();
        let written = format_deadline(&dt);
        assert_eq!(
            parse_deadline(&written, chrono_tz::UTC).unwrap(),
            dt,
            "{written}"
        );
    }

    #[test]
    fn fractional_seconds_survive_a_round_trip() {
        // Fuzz regression: `.888888888` used to be dropped when the deadline was written.
        let dt = parse_deadline("7000-05-24T02:22:04.888888888Z", chrono_tz::UTC).unwrap();
        assert_eq!(format_deadline(&dt), "7000-05-24T02:22:04.888888888+00:00");
    }

    #[test]
    fn today_follows_the_configured_zone() {
        let clock = Clock::new(Some("2026-03-12T23:30:00Z"), chrono_tz::Asia::Tokyo).unwrap();
        assert_eq!(clock.today().to_string(), "2026-03-13");
    }
}
