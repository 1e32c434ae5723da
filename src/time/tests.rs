//! The parser over each accepted form, DST boundaries, and the reader's view.

use super::*;

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

/// A clock at `now` whose repository is in `repo` and whose reader is in `reader`.
fn clock(now: &str, repo: &str, reader: &str) -> Clock {
    Clock::new(Some(now), zone(repo), zone(reader)).unwrap()
}

fn written(input: &str, clock: &Clock) -> String {
    parse_deadline(input, clock).unwrap().written()
}

fn utc_clock() -> Clock {
    clock("2026-03-09T12:00:00Z", "UTC", "UTC")
}

#[test]
fn local_time_with_iana_zone_keeps_the_zone_and_its_dst_offset() {
    let c = utc_clock();
    assert_eq!(
        written("2026-03-12 17:00 America/Los_Angeles", &c),
        "2026-03-12T17:00:00-07:00[America/Los_Angeles]"
    );
    assert_eq!(
        written("2026-01-12 17:00 America/Los_Angeles", &c),
        "2026-01-12T17:00:00-08:00[America/Los_Angeles]"
    );
}

#[test]
fn rfc9557_reads_back_unchanged() {
    let text = "2026-03-12T17:00:00-07:00[America/Los_Angeles]";
    let d = read_deadline(text, &TimeZone::UTC).unwrap();
    assert_eq!(d.written(), text);
    assert_eq!(d.zone_name(), Some("America/Los_Angeles"));
}

#[test]
fn rfc9557_with_an_offset_the_zone_does_not_have_is_refused() {
    let err = read_deadline(
        "2026-03-12T17:00:00-08:00[America/Los_Angeles]",
        &TimeZone::UTC,
    )
    .unwrap_err();
    assert!(err.to_string().contains("-08"), "{err}");
}

#[test]
fn rfc3339_keeps_its_offset_and_has_no_zone_name() {
    let d = read_deadline("2026-03-12T17:00:00-08:00", &TimeZone::UTC).unwrap();
    assert_eq!(d.written(), "2026-03-12T17:00:00-08:00");
    assert_eq!(d.zone_name(), None);
    let z = read_deadline("2026-03-12T17:00:00Z", &TimeZone::UTC).unwrap();
    assert_eq!(z.written(), "2026-03-12T17:00:00+00:00");
}

#[test]
fn date_only_is_end_of_day_in_the_configured_zone() {
    let d = read_deadline("2026-03-12", &zone("Europe/Berlin")).unwrap();
    assert_eq!(d.written(), "2026-03-12T23:59:59+01:00[Europe/Berlin]");
}

#[test]
fn local_time_without_zone_uses_the_configured_zone() {
    let d = read_deadline("2026-03-12 09:30", &zone("Asia/Seoul")).unwrap();
    assert_eq!(d.written(), "2026-03-12T09:30:00+09:00[Asia/Seoul]");
}

#[test]
fn unambiguous_abbreviations_map_to_one_zone() {
    let c = utc_clock();
    for (abbr, expected) in [
        ("PT", "2026-03-12T17:00:00-07:00[America/Los_Angeles]"),
        ("PDT", "2026-03-12T17:00:00-07:00[America/Los_Angeles]"),
        ("CET", "2026-03-12T17:00:00+01:00[Europe/Berlin]"),
        ("KST", "2026-03-12T17:00:00+09:00[Asia/Seoul]"),
        ("JST", "2026-03-12T17:00:00+09:00[Asia/Tokyo]"),
        ("UTC", "2026-03-12T17:00:00+00:00[UTC]"),
    ] {
        assert_eq!(
            written(&format!("2026-03-12 17:00 {abbr}"), &c),
            expected,
            "{abbr}"
        );
    }
}

#[test]
fn pst_in_summer_is_los_angeles_time_and_says_so() {
    let r = resolve_input("2026-07-01 17:00 PST", &utc_clock()).unwrap();
    assert_eq!(
        r.deadline.written(),
        "2026-07-01T17:00:00-07:00[America/Los_Angeles]"
    );
    assert!(r.notes[0].contains("PDT"), "{:?}", r.notes);
}

#[test]
fn ambiguous_abbreviations_are_refused_with_candidates() {
    let c = utc_clock();
    let err = parse_deadline("2026-03-12 17:00 IST", &c).unwrap_err();
    for zone in ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"] {
        assert!(err.to_string().contains(zone), "{err}");
    }
    let err = parse_deadline("friday 5pm CST", &c).unwrap_err();
    assert!(err.to_string().contains("Asia/Shanghai"), "{err}");
}

#[test]
fn weekday_is_the_coming_one_in_the_zone_given() {
    // Monday 9 March 2026, 12:00 UTC.
    let c = utc_clock();
    assert_eq!(
        written("friday 17:00 America/Los_Angeles", &c),
        "2026-03-13T17:00:00-07:00[America/Los_Angeles]"
    );
    assert_eq!(
        written("Fri 5pm PT", &c),
        "2026-03-13T17:00:00-07:00[America/Los_Angeles]"
    );
    assert_eq!(written("friday", &c), "2026-03-13T23:59:59+00:00[UTC]");
}

#[test]
fn weekday_of_today_is_today_while_its_time_is_ahead_else_next_week() {
    let c = utc_clock();
    assert_eq!(
        written("monday 17:00", &c),
        "2026-03-09T17:00:00+00:00[UTC]"
    );
    assert_eq!(written("monday 9am", &c), "2026-03-16T09:00:00+00:00[UTC]");
    assert_eq!(
        written("tomorrow 9am", &c),
        "2026-03-10T09:00:00+00:00[UTC]"
    );
    assert_eq!(
        written("today noon KST", &c),
        "2026-03-09T12:00:00+09:00[Asia/Seoul]"
    );
}

#[test]
fn relative_forms_count_from_now() {
    let c = utc_clock();
    assert_eq!(written("+72h", &c), "2026-03-12T12:00:00+00:00[UTC]");
    assert_eq!(written("+90m", &c), "2026-03-09T13:30:00+00:00[UTC]");
    assert_eq!(written("in 3 days", &c), "2026-03-12T12:00:00+00:00[UTC]");
    assert_eq!(written("in 2 weeks", &c), "2026-03-23T12:00:00+00:00[UTC]");
    assert_eq!(written("in 1 hour", &c), "2026-03-09T13:00:00+00:00[UTC]");
}

#[test]
fn days_keep_the_wall_time_across_the_us_dst_change_and_hours_do_not() {
    // US clocks went forward on Sunday 8 March 2026.
    let c = clock("2026-03-07T09:00:00-08:00", "America/Los_Angeles", "UTC");
    assert_eq!(
        written("+3d", &c),
        "2026-03-10T09:00:00-07:00[America/Los_Angeles]"
    );
    assert_eq!(
        written("+72h", &c),
        "2026-03-10T10:00:00-07:00[America/Los_Angeles]"
    );
}

#[test]
fn eu_dst_change_gives_the_summer_offset_and_the_gap_is_refused() {
    // EU clocks go forward on Sunday 29 March 2026 at 02:00 (CET) in Berlin.
    let berlin = zone("Europe/Berlin");
    let before = read_deadline("2026-03-28 17:00", &berlin).unwrap();
    let after = read_deadline("2026-03-29 17:00", &berlin).unwrap();
    assert_eq!(before.written(), "2026-03-28T17:00:00+01:00[Europe/Berlin]");
    assert_eq!(after.written(), "2026-03-29T17:00:00+02:00[Europe/Berlin]");
    assert_eq!(after.left(before.instant()).as_hours(), 23);
    let err = read_deadline("2026-03-29 02:30 Europe/Berlin", &berlin).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    // In the autumn fold (25 Oct 2026), 02:30 happens twice: the earlier one is taken.
    let fold = read_deadline("2026-10-25 02:30 Europe/Berlin", &berlin).unwrap();
    assert_eq!(fold.written(), "2026-10-25T02:30:00+02:00[Europe/Berlin]");
}

#[test]
fn unreadable_input_lists_the_accepted_forms() {
    let c = utc_clock();
    for bad in ["next friday", "soon", "2026-03-12 25:00", "+3y"] {
        let err = parse_deadline(bad, &c).unwrap_err();
        assert!(err.to_string().contains("RFC 9557"), "{bad}: {err}");
        assert!(err.to_string().contains("+72h"), "{bad}: {err}");
    }
    // A record is told only the forms a record may hold.
    let err = read_deadline("friday", &TimeZone::UTC).unwrap_err();
    assert!(!err.to_string().contains("+72h"), "{err}");
    let err = parse_deadline("2026-03-12 17:00 Mars/Olympus", &c).unwrap_err();
    assert!(err.to_string().contains("Mars/Olympus"), "{err}");
}

#[test]
fn records_do_not_accept_relative_forms() {
    assert!(read_deadline("friday", &TimeZone::UTC).is_err());
    assert!(read_deadline("+72h", &TimeZone::UTC).is_err());
}

#[test]
fn years_outside_four_digits_are_refused() {
    // Fuzz regression (fuzz/artifacts/deadline): `-4-3-4` used to parse as year -4.
    assert!(read_deadline("-4-3-4", &TimeZone::UTC).is_err());
    assert!(parse_date("-4-3-4").is_none());
    assert!(read_deadline("0001-01-01", &TimeZone::UTC).is_ok());
    assert!(read_deadline("0001-01-01 00:01 NZ", &TimeZone::UTC).is_err());
}

#[test]
fn offsets_with_seconds_are_written_in_utc_and_read_back() {
    // Fuzz regression: New Zealand's 1868 offset was +11:39:04.
    let d = read_deadline("1801-11-03 00:01 NZ", &TimeZone::UTC).unwrap();
    let text = d.written();
    assert_eq!(
        read_deadline(&text, &TimeZone::UTC).unwrap().instant(),
        d.instant(),
        "{text}"
    );
}

#[test]
fn fractional_seconds_survive_a_round_trip() {
    let d = read_deadline("7000-05-24T02:22:04.888888888Z", &TimeZone::UTC).unwrap();
    assert_eq!(d.written(), "7000-05-24T02:22:04.888888888+00:00");
}

#[test]
fn today_follows_the_configured_zone() {
    let c = clock("2026-03-12T23:30:00Z", "Asia/Tokyo", "UTC");
    assert_eq!(c.today().to_string(), "2026-03-13");
}

#[test]
fn decided_is_dated_where_the_deadline_is_due() {
    let c = clock("2026-03-12 16:30 America/Los_Angeles", "Asia/Seoul", "UTC");
    let due = read_deadline("2026-03-12T17:00:00-07:00[America/Los_Angeles]", &c.zone).unwrap();
    assert_eq!(c.decided_date(Some(&due)).to_string(), "2026-03-12");
    assert_eq!(c.decided_date(None).to_string(), "2026-03-13");
}

#[test]
fn reader_sees_their_zone_beside_the_records() {
    let c = utc_clock();
    let due = read_deadline("2026-03-12T17:00:00-07:00[America/Los_Angeles]", &c.zone).unwrap();
    assert_eq!(
        in_reader_zone(&due, &zone("Asia/Seoul"), c.now),
        "Fri 13 Mar 09:00 KST (Thu 12 Mar 17:00 PDT)"
    );
    let la = zone("America/Los_Angeles");
    assert_eq!(in_reader_zone(&due, &la, c.now), "Thu 12 Mar 17:00 PDT");
}

#[test]
fn reader_zone_prefers_the_flag_then_tz() {
    let z = reader_zone(Some("KST"), Some("Europe/Berlin"))
        .unwrap()
        .unwrap();
    assert_eq!(z.iana_name(), Some("Asia/Seoul"));
    let z = reader_zone(None, Some(":Europe/Berlin")).unwrap().unwrap();
    assert_eq!(z.iana_name(), Some("Europe/Berlin"));
    assert!(
        reader_zone(None, Some("EST5EDT,M3.2.0,M11.1.0x"))
            .unwrap()
            .is_none()
    );
    assert!(reader_zone(Some("IST"), None).is_err());
}

#[test]
fn spans_read_naturally() {
    assert_eq!(span(SignedDuration::from_hours(24 * 9)), "9 days");
    assert_eq!(span(SignedDuration::from_hours(30)), "30 hours");
    assert_eq!(span(SignedDuration::from_mins(1)), "1 minute");
    assert_eq!(span(SignedDuration::from_secs(-5)), "1 minute");
}

#[test]
fn a_decided_timestamp_reads_as_its_own_date() {
    let date = parse_date("2026-03-12T16:30:00-07:00[America/Los_Angeles]").unwrap();
    assert_eq!(date.to_string(), "2026-03-12");
    assert_eq!(
        parse_date("2026-03-12T23:30:00Z").unwrap().to_string(),
        "2026-03-12"
    );
    assert!(parse_date("friday").is_none());
}
