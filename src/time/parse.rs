//! The input forms of a deadline: those a record stores (RFC 9557, RFC 3339, a date, a local
//! time with a zone) and those a person types on the command line (a weekday, `+72h`,
//! `in 3 days`), which are turned into a stored form before anything is written.

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::fmt::temporal::Pieces;
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{Span, Timestamp, ZonedDateTime};

use super::zones::{self, Meaning};
use super::{Clock, DEADLINE_FORMS, Deadline, INPUT_FORMS, TimeError, error};

/// A deadline read from what a person typed, with what the reading assumed, said out loud.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub deadline: Deadline,
    /// Assumptions a reader should see (`PST` read as Los Angeles, on PDT that day).
    pub notes: Vec<String>,
}

/// Read a deadline as a record stores it; date-only and zone-less forms use `zone`.
/// Relative forms (`friday`, `+72h`) are refused here: in a record they would drift.
pub fn read_deadline(input: &str, zone: &TimeZone) -> Result<Deadline, TimeError> {
    absolute(input, zone)?
        .map(|r| r.deadline)
        .ok_or_else(|| error(input, DEADLINE_FORMS))
}

/// Read a deadline a person typed (`--deadline`, `--now`): every stored form, and the
/// relative ones, counted from the clock's now in its configured zone.
pub fn resolve_input(input: &str, clock: &Clock) -> Result<Resolved, TimeError> {
    // A person at the command line may also use the relative forms: list those too.
    let stored = absolute(input, &clock.zone).map_err(|e| TimeError {
        reason: e.reason.replace(DEADLINE_FORMS, INPUT_FORMS),
        ..e
    })?;
    if let Some(resolved) = stored {
        return Ok(resolved);
    }
    if let Some(resolved) = relative(input, clock)? {
        return Ok(resolved);
    }
    Err(error(input, INPUT_FORMS))
}

/// [`resolve_input`] without the notes.
pub fn parse_deadline(input: &str, clock: &Clock) -> Result<Deadline, TimeError> {
    resolve_input(input, clock).map(|r| r.deadline)
}

fn absolute(input: &str, zone: &TimeZone) -> Result<Option<Resolved>, TimeError> {
    let text = input.trim();
    let resolved = match stored(text)? {
        Some(deadline) => plain(deadline),
        None => match date(text) {
            Some(day) => plain(end_of_day(input, day, zone)?),
            None => match local_with_zone(input, text, zone)? {
                Some(resolved) => resolved,
                None => return Ok(None),
            },
        },
    };
    check_years(input, &resolved.deadline)?;
    Ok(Some(resolved))
}

fn plain(deadline: Deadline) -> Resolved {
    Resolved {
        deadline,
        notes: Vec::new(),
    }
}

/// jiff reads years from -9999; a record's years have four digits that round-trip.
fn check_years(input: &str, deadline: &Deadline) -> Result<(), TimeError> {
    let utc = deadline.instant().to_zoned_datetime(TimeZone::UTC).year();
    if [deadline.zoned().year(), utc]
        .iter()
        .all(|y| (1..=9999).contains(y))
    {
        return Ok(());
    }
    Err(error(input, "the year must have four digits (0001–9999)"))
}

/// RFC 9557 (`…-07:00[America/Los_Angeles]`) or RFC 3339 (`…-08:00`, `…Z`); `Ok(None)` when
/// the text is neither, an error when it is one of them but wrong (an offset the zone
/// never has at that time, an unknown zone name).
pub(super) fn stored(text: &str) -> Result<Option<Deadline>, TimeError> {
    if !text.contains(['T', 't', ':']) || !text.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(None);
    }
    if text.contains('[') {
        return text
            .parse::<ZonedDateTime>()
            .map(|at| Some(Deadline::new(at)))
            .map_err(|e| error(text, format!("{e}; {DEADLINE_FORMS}")));
    }
    let Ok(pieces) = Pieces::parse(text) else {
        return Ok(None);
    };
    let (Some(offset), Some(_)) = (pieces.to_numeric_offset(), pieces.time()) else {
        return Ok(None);
    };
    let instant: Timestamp = text
        .parse()
        .map_err(|e| error(text, format!("{e}; {DEADLINE_FORMS}")))?;
    let at = instant.to_zoned_datetime(TimeZone::fixed(offset));
    Ok(Some(Deadline::with_offset_only(at)))
}

/// Exactly `YYYY-MM-DD`.
pub(super) fn date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    shaped.then(|| text.parse::<Date>().ok()).flatten()
}

/// The last second of `day` in `zone`.
fn end_of_day(input: &str, day: Date, zone: &TimeZone) -> Result<Deadline, TimeError> {
    localize(input, day.at(23, 59, 59, 0), zone)
}

/// `2026-03-12 17:00 America/Los_Angeles`, `2026-03-12 5pm PT`, `2026-03-12 17:00`.
fn local_with_zone(
    input: &str,
    text: &str,
    zone: &TimeZone,
) -> Result<Option<Resolved>, TimeError> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some(day) = words.first().and_then(|w| date(w)) else {
        return Ok(None);
    };
    let Some(rest) = words.get(1..).filter(|r| !r.is_empty() && r.len() <= 2) else {
        return Ok(None);
    };
    let Some(clock) = clock_time(rest[0]) else {
        return Err(error(input, DEADLINE_FORMS));
    };
    let named = rest.get(1).copied();
    at_in_zone(input, day.to_datetime(clock), named, zone).map(Some)
}

/// A local time in the zone named by `named` (or `zone`), with a note when an abbreviation's
/// season differs from the zone's on that day.
fn at_in_zone(
    input: &str,
    local: DateTime,
    named: Option<&str>,
    zone: &TimeZone,
) -> Result<Resolved, TimeError> {
    let tz = match named {
        Some(name) => zones::zone(name).map_err(|reason| error(input, reason))?,
        None => zone.clone(),
    };
    let deadline = localize(input, local, &tz)?;
    let notes = named
        .and_then(|name| abbreviation_note(name, &deadline))
        .into_iter()
        .collect();
    Ok(Resolved { deadline, notes })
}

/// `PST` typed for a July date: read as Los Angeles' time, and said so.
fn abbreviation_note(name: &str, deadline: &Deadline) -> Option<String> {
    let upper = name.to_ascii_uppercase();
    let (_, Meaning::Zone(iana)) = zones::ABBREVIATIONS.iter().find(|(a, _)| *a == upper)? else {
        return None;
    };
    let info = deadline
        .zoned()
        .time_zone()
        .to_offset_info(deadline.instant());
    let actual = info.abbreviation();
    let seasonal = upper.len() >= 3 && upper != "UTC" && upper != "GMT";
    if !seasonal || actual.eq_ignore_ascii_case(&upper) {
        return Some(format!("{upper} read as {iana}"));
    }
    Some(format!(
        "{upper} read as {iana}, which is on {actual} ({}) that day",
        deadline.zoned().strftime("%:z")
    ))
}

/// `17:00`, `17:00:30`, `5pm`, `5:30pm`, `noon`.
fn clock_time(word: &str) -> Option<Time> {
    let lower = word.to_ascii_lowercase();
    if lower == "noon" {
        return Some(Time::constant(12, 0, 0, 0));
    }
    let (digits, pm) = match (lower.strip_suffix("pm"), lower.strip_suffix("am")) {
        (Some(d), _) => (d, Some(true)),
        (_, Some(d)) => (d, Some(false)),
        _ => (lower.as_str(), None),
    };
    let mut parts = digits.split(':');
    let hour: i8 = number(parts.next()?)?;
    let minute: i8 = parts.next().map_or(Some(0), number)?;
    let second: i8 = parts.next().map_or(Some(0), number)?;
    if parts.next().is_some() || (pm.is_none() && !digits.contains(':')) {
        return None;
    }
    let hour = match pm {
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(true) => hour % 12 + 12,
        Some(false) => hour % 12,
        None => hour,
    };
    Time::new(hour, minute, second, 0).ok()
}

fn number(text: &str) -> Option<i8> {
    let ok = !text.is_empty() && text.len() <= 2 && text.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| text.parse().ok()).flatten()
}

/// `local` in `tz`: a time skipped by a DST change does not exist; one that occurs twice
/// takes the earlier instant.
fn localize(input: &str, local: DateTime, tz: &TimeZone) -> Result<Deadline, TimeError> {
    let ambiguous = tz.to_ambiguous_zoned_datetime(local);
    if let AmbiguousOffset::Gap { before, after } = ambiguous.offset() {
        return Err(error(
            input,
            format!(
                "{local} does not exist in {}: clocks move from {before} to {after} then (DST); pick a time outside the gap",
                tz.iana_name().unwrap_or("that zone")
            ),
        ));
    }
    ambiguous
        .earlier()
        .map(Deadline::new)
        .map_err(|e| error(input, e.to_string()))
}

/// `+72h`, `+3d`, `in 3 days`, `friday 17:00 PT`, `tomorrow 9am`.
fn relative(input: &str, clock: &Clock) -> Result<Option<Resolved>, TimeError> {
    let lower = input.trim().to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let amount = match words.as_slice() {
        [plus] if plus.starts_with('+') => split_amount(&plus[1..]),
        ["in", joined] => split_amount(joined),
        ["in", n, unit] => Some((*n, *unit)),
        _ => None,
    };
    if let Some((n, unit)) = amount {
        return from_now(input, n, unit, clock).map(Some);
    }
    weekday_form(input, &words, clock)
}

fn split_amount(text: &str) -> Option<(&str, &str)> {
    let at = text.find(|c: char| !c.is_ascii_digit())?;
    Some(text.split_at(at))
}

/// `n` `unit`s after now: hours and minutes exactly, days and weeks on the calendar of the
/// configured zone (the same wall time across a DST change).
fn from_now(input: &str, n: &str, unit: &str, clock: &Clock) -> Result<Resolved, TimeError> {
    let count: i64 = n
        .parse()
        .ok()
        .filter(|c| (1..=10_000).contains(c))
        .ok_or_else(|| error(input, INPUT_FORMS))?;
    let span = match unit.trim_end_matches('s') {
        "m" | "min" | "minute" => Span::new().minutes(count),
        "h" | "hr" | "hour" => Span::new().hours(count),
        "d" | "day" => Span::new().days(count),
        "w" | "week" => Span::new().weeks(count),
        _ => {
            return Err(error(
                input,
                format!("unknown unit `{unit}`; {INPUT_FORMS}"),
            ));
        }
    };
    let at = clock
        .now_zoned()
        .checked_add(span)
        .map_err(|e| error(input, e.to_string()))?;
    Ok(plain(Deadline::new(at)))
}

/// `friday`, `friday 17:00`, `fri 5pm PT`, `today 17:00 Europe/Berlin`, `tomorrow`: the next
/// such day (today when its time is still ahead) at that time, end of day when none is given.
fn weekday_form(input: &str, words: &[&str], clock: &Clock) -> Result<Option<Resolved>, TimeError> {
    let Some((first, rest)) = words.split_first() else {
        return Ok(None);
    };
    let day = match *first {
        "today" => Day::Offset(0),
        "tomorrow" => Day::Offset(1),
        word => match weekday(word) {
            Some(w) => Day::Weekday(w),
            None => return Ok(None),
        },
    };
    let (time, named) = time_and_zone(input, rest)?;
    let tz = match named {
        Some(name) => zones::zone(name).map_err(|reason| error(input, reason))?,
        None => clock.zone.clone(),
    };
    let today = clock.now.to_zoned_datetime(tz.clone()).date();
    let time = time.unwrap_or(Time::constant(23, 59, 59, 0));
    let mut date = day.first_date(today);
    let mut resolved = at_in_zone(input, date.to_datetime(time), named, &tz)?;
    if matches!(day, Day::Weekday(_)) && resolved.deadline.instant() <= clock.now {
        date = date
            .checked_add(Span::new().weeks(1))
            .map_err(|e| error(input, e.to_string()))?;
        resolved = at_in_zone(input, date.to_datetime(time), named, &tz)?;
    }
    Ok(Some(resolved))
}

#[derive(Clone, Copy)]
enum Day {
    Offset(i64),
    Weekday(Weekday),
}

impl Day {
    fn first_date(self, today: Date) -> Date {
        match self {
            Day::Offset(n) => today.checked_add(Span::new().days(n)).unwrap_or(today),
            Day::Weekday(w) if today.weekday() == w => today,
            Day::Weekday(w) => today.nth_weekday(1, w).unwrap_or(today),
        }
    }
}

fn weekday(word: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    let word = word.trim_end_matches(',');
    DAYS.iter()
        .find(|(name, _)| *name == word || (word.len() == 3 && name.starts_with(word)))
        .map(|(_, w)| *w)
}

/// After the day: at most one clock time and one zone, in either order.
fn time_and_zone<'w>(
    input: &str,
    rest: &[&'w str],
) -> Result<(Option<Time>, Option<&'w str>), TimeError> {
    let (mut time, mut named) = (None, None);
    for word in rest {
        match clock_time(word) {
            Some(t) if time.is_none() => time = Some(t),
            None if named.is_none() && zones::looks_like_zone(word) => named = Some(*word),
            _ => return Err(error(input, INPUT_FORMS)),
        }
    }
    Ok((time, named))
}
