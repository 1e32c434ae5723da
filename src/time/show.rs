//! Deadlines as a reader sees them: in the reader's own zone, with the record's zone beside
//! it (`Fri 13 Mar 09:00 KST (Thu 12 Mar 17:00 PDT)`), and spans of time in words.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ZonedDateTime};

use super::Deadline;

/// `deadline` in `reader`'s zone, and in its own zone when that reads differently.
/// The year is shown only when it is not the year of `now`.
pub fn in_reader_zone(deadline: &Deadline, reader: &TimeZone, now: Timestamp) -> String {
    let own = deadline.zoned();
    let theirs = deadline.instant().to_zoned_datetime(reader.clone());
    let year = now.to_zoned_datetime(reader.clone()).year();
    let mine = wall(&theirs, year);
    let written = wall(own, year);
    if mine == written {
        return mine;
    }
    format!("{mine} ({written})")
}

/// `Thu 12 Mar 17:00 PDT`, with the year when it is not `year`.
pub fn wall(at: &ZonedDateTime, year: i16) -> String {
    let pattern = if at.year() == year {
        "%a %-d %b %H:%M %Z"
    } else {
        "%a %-d %b %Y %H:%M %Z"
    };
    at.strftime(pattern).to_string()
}

/// A span in the largest unit that reads naturally: `9 days`, `30 hours`, `1 minute`.
pub fn span(duration: SignedDuration) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    let seconds = duration.as_secs().abs();
    let (days, hours, minutes) = (seconds / 86_400, seconds / 3_600, seconds / 60);
    if days >= 2 {
        plural(days, "day")
    } else if hours >= 1 {
        plural(hours, "hour")
    } else {
        plural(minutes.max(1), "minute")
    }
}

/// `due in 2 days` / `overdue by 5 hours`.
pub fn time_left(deadline: &Deadline, now: Timestamp) -> String {
    let left = deadline.left(now);
    if left.is_negative() {
        format!("overdue by {}", span(left))
    } else {
        format!("due in {}", span(left))
    }
}
