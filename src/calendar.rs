//! iCalendar (RFC 5545) feeds of deadlines: `because due --format ics` and the site's
//! `deadlines.ics` and `people/<person>.ics`. Pure text out; who is in a feed is the caller's.
//!
//! Times are written in UTC (`DTSTART:…Z`), which RFC 5545 allows beside TZID: every calendar
//! shows a UTC instant in its owner's zone, and no VTIMEZONE can be stale. The record's own
//! zone is named in the description.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// One deadline in a feed.
#[derive(Debug, Clone)]
pub struct Event {
    /// Stable across builds and renames of the title: the same deadline keeps its UID.
    pub uid: String,
    pub at: Timestamp,
    pub summary: String,
    pub url: Option<String>,
    pub description: String,
    /// DTSTAMP: when this event's text was made (the clock, or a fixed build time, so a site
    /// build stays reproducible).
    pub stamp: Timestamp,
}

/// A whole calendar named `name`, CRLF line ends and folded lines as RFC 5545 requires.
pub fn calendar(name: &str, events: &[Event]) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//because//deadlines//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", escape(name)),
    ];
    for event in events {
        lines.extend(event_lines(event));
    }
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|l| fold(l)).collect()
}

fn event_lines(event: &Event) -> Vec<String> {
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", escape(&event.uid)),
        format!("DTSTAMP:{}", utc(event.stamp)),
        format!("DTSTART:{}", utc(event.at)),
        format!("SUMMARY:{}", escape(&event.summary)),
        format!("DESCRIPTION:{}", escape(&event.description)),
    ];
    if let Some(url) = &event.url {
        lines.push(format!("URL:{url}"));
    }
    lines.push("END:VEVENT".to_string());
    lines
}

fn utc(at: Timestamp) -> String {
    at.to_zoned_datetime(TimeZone::UTC)
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines longer than 75 octets continue on the next line after CRLF and a space (§3.1),
/// never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let folded = fold(&format!("SUMMARY:{}", "é".repeat(60)));
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(60)));
    }

    #[test]
    fn text_escapes_separators() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
