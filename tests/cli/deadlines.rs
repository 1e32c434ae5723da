//! Deadlines across time zones (issue 14): the zone survives every edit, input is resolved out
//! loud, readers see their own time, `because due` is the inbox, calendars parse.

use std::process::Command;

use crate::support::TestRepo;

/// Monday 9 March 2026, 12:00 UTC: US clocks moved on the 8th, EU ones move on the 29th.
const MONDAY: &str = "2026-03-09T12:00:00Z";

fn at(repo: &TestRepo, now: &str, args: &[&str]) -> crate::support::Run {
    let output = repo
        .command()
        .env("BECAUSE_NOW", now)
        .args(args)
        .output()
        .unwrap();
    crate::support::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A new RFC from the built-in template, its sections then written (so it can be decided).
fn new_rfc(repo: &TestRepo, title: &str, who: &str, deadline: &str) -> String {
    let args = [
        "new",
        "--no-edit",
        "--rfc",
        title,
        "--decision-maker",
        who,
        "--deadline",
        deadline,
        "--consulted",
        "@kim",
        "--allow-past",
    ];
    let path = at(repo, MONDAY, &args).ok().trim().to_string();
    let text = repo.read(&path);
    let filled: Vec<String> = text
        .lines()
        .map(|l| {
            match l.starts_with(|c: char| c.is_ascii_uppercase())
                && l.ends_with('.')
                && !l.starts_with("To be filled in")
            {
                true => format!("Written for {title}."),
                false => l.to_string(),
            }
        })
        .collect();
    repo.write(&path, &(filled.join("\n") + "\n"));
    path
}

/// Three open RFCs: one overdue (@sam), one due Thursday (@kim), one due Friday (@sam).
fn inbox() -> TestRepo {
    let repo = TestRepo::initialized();
    new_rfc(&repo, "Late one", "@sam", "2026-03-08 17:00 Europe/Berlin");
    new_rfc(&repo, "Thursday one", "@kim", "2026-03-12 17:00 PT");
    new_rfc(
        &repo,
        "Friday one",
        "@sam",
        "friday 17:00 America/Los_Angeles",
    );
    repo
}

fn deadline_line(text: &str) -> &str {
    text.lines().find(|l| l.starts_with("deadline:")).unwrap()
}

#[test]
fn new_writes_the_zone_and_says_the_instant_in_the_writers_zone() {
    let repo = TestRepo::initialized();
    let args = [
        "new",
        "--no-edit",
        "--rfc",
        "Pagination",
        "--deadline",
        "Thu 5pm PT",
    ];
    let run = repo
        .command()
        .env("BECAUSE_NOW", MONDAY)
        .env("TZ", "Asia/Seoul")
        .args(args)
        .output()
        .unwrap();
    let path = String::from_utf8(run.stdout).unwrap();
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(
        deadline_line(&repo.read(path.trim())),
        "deadline: 2026-03-12T17:00:00-07:00[America/Los_Angeles]"
    );
    assert!(
        stderr.contains("Fri 13 Mar 09:00 KST (Thu 12 Mar 17:00 PDT)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("PT read as America/Los_Angeles"),
        "{stderr}"
    );
}

#[test]
fn ambiguous_or_unreadable_deadlines_are_refused_with_what_to_write() {
    let repo = TestRepo::initialized();
    let err = repo
        .because(&[
            "new",
            "--no-edit",
            "--rfc",
            "X",
            "--deadline",
            "friday 5pm CST",
        ])
        .fails_with(1)
        .to_string();
    assert!(
        err.contains("America/Chicago") && err.contains("Asia/Shanghai"),
        "{err}"
    );
    let err = repo
        .because(&["new", "--no-edit", "--rfc", "X", "--deadline", "by EOD-ish"])
        .fails_with(1)
        .to_string();
    assert!(
        err.contains("accepted forms") && err.contains("+72h"),
        "{err}"
    );
    assert_eq!(repo.records().len(), 1, "nothing written");
}

#[test]
fn the_zone_name_survives_every_surgical_edit() {
    let repo = inbox();
    let path = |n: &str| {
        repo.records()
            .into_iter()
            .find(|p| p.starts_with(n))
            .map(|p| format!("docs/decisions/{p}"))
            .unwrap()
    };
    let before = deadline_line(&repo.read(&path("0003"))).to_string();
    assert!(before.ends_with("[America/Los_Angeles]"), "{before}");
    repo.because(&["link", "3", "relates-to", "2"]).ok();
    repo.because(&["status", "3", "draft"]).ok();
    repo.because(&["status", "3", "proposed"]).ok();
    repo.because(&["renumber", "3", "9"]).ok();
    repo.because(&["supersede", "1", "--by", "9"]).ok();
    repo.because(&["accept", "9"]).ok();
    assert_eq!(deadline_line(&repo.read(&path("0009"))), before);
}

#[test]
fn accept_dates_decided_where_the_deadline_is_due() {
    let repo = TestRepo::initialized();
    repo.write("because.toml", "timezone = \"Asia/Seoul\"\n");
    new_rfc(
        &repo,
        "On time",
        "@sam",
        "2026-03-12 17:00 America/Los_Angeles",
    );
    // 16:30 in Los Angeles is already 13 March in Seoul, the repository's zone.
    let run = at(
        &repo,
        "2026-03-12 16:30 America/Los_Angeles",
        &["accept", "2"],
    );
    run.ok();
    let text = repo.read(&format!("docs/decisions/{}", repo.records()[1]));
    assert!(text.contains("decided: 2026-03-12\n"), "{text}");
    // The Decision section's "to be filled in" line now says who decided, and when.
    assert!(
        text.contains("## Decision\n\nAccepted by @sam on Thu 12 Mar 2026 16:30 PDT, before the deadline (Thu 12 Mar 2026 17:00 PDT).\n"),
        "{text}"
    );
    at(&repo, "2026-03-12 16:30 America/Los_Angeles", &["check"]).ok();
}

fn due(repo: &TestRepo, args: &[&str]) -> crate::support::Run {
    let mut all = vec!["due"];
    all.extend_from_slice(args);
    at(repo, MONDAY, &all)
}

fn numbers(table: &str) -> Vec<&str> {
    table.lines().skip(1).map(|l| &l[..4]).collect()
}

#[test]
fn due_lists_open_decisions_soonest_first_in_the_readers_zone() {
    let repo = inbox();
    let out = due(&repo, &["--tz", "Asia/Seoul"]).ok().to_string();
    assert_eq!(numbers(&out), ["0002", "0003", "0004"], "{out}");
    assert!(
        out.contains("Fri 13 Mar 09:00 KST (Thu 12 Mar 17:00 PDT)"),
        "{out}"
    );
    assert!(
        out.contains("overdue by 1 day") || out.contains("overdue by 20 hours"),
        "{out}"
    );
    assert!(out.contains("due in 3 days"), "{out}");
}

#[test]
fn due_filters_by_person_role_window_and_overdue() {
    let repo = inbox();
    assert_eq!(
        numbers(due(&repo, &["--person", "sam"]).ok()),
        ["0002", "0004"]
    );
    let consulted = due(&repo, &["--person", "@kim", "--role", "consulted"]);
    assert_eq!(numbers(consulted.ok()), ["0002", "0003", "0004"]);
    assert_eq!(
        numbers(due(&repo, &["--within", "4d"]).ok()),
        ["0002", "0003"]
    );
    assert_eq!(numbers(due(&repo, &["--overdue"]).ok()), ["0002"]);
    let json: serde_json::Value =
        serde_json::from_str(due(&repo, &["--format", "json"]).ok()).unwrap();
    assert_eq!(
        json[1]["deadline"],
        "2026-03-12T17:00:00-07:00[America/Los_Angeles]"
    );
    assert_eq!(json[1]["deadline_utc"], "2026-03-13T00:00:00Z");
    assert_eq!(json[0]["overdue"], true);
}

#[test]
fn due_fail_overdue_exits_1_only_while_something_is_late() {
    let repo = inbox();
    let err = due(&repo, &["--fail-overdue"]).fails_with(1).to_string();
    assert!(err.contains("1 open decision"), "{err}");
    due(&repo, &["--fail-overdue", "--person", "@kim"]).ok();
    repo.because(&["reject", "2"]).ok();
    due(&repo, &["--fail-overdue"]).ok();
}

#[test]
fn list_shows_and_sorts_by_deadline() {
    let repo = inbox();
    let out = at(&repo, MONDAY, &["list", "--sort", "deadline"])
        .ok()
        .to_string();
    assert_eq!(numbers(&out), ["0002", "0003", "0004", "0001"], "{out}");
    assert!(out.contains("DEADLINE"), "{out}");
    assert!(
        out.contains("Fri 13 Mar 00:00 UTC (Thu 12 Mar 17:00 PDT), due in 3 days"),
        "{out}"
    );
}

#[test]
fn show_and_check_speak_in_the_readers_zone() {
    let repo = inbox();
    let show = at(&repo, MONDAY, &["show", "3", "--tz", "KST"])
        .ok()
        .to_string();
    assert!(
        show.contains("Fri 13 Mar 09:00 KST (Thu 12 Mar 17:00 PDT), due in 3 days"),
        "{show}"
    );
    let run = repo
        .command()
        .env("BECAUSE_NOW", MONDAY)
        .env("TZ", "Europe/Berlin")
        .arg("check")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        text.contains("deadline Sun 8 Mar 17:00 CET passed"),
        "{text}"
    );
}

/// Read a feed with Python's `icalendar` (installed by scripts/test.sh) and print each event
/// as `UID|instant in UTC|SUMMARY|DESCRIPTION`.
fn parse_ics(text: &str) -> Vec<String> {
    let script = r#"
import sys, icalendar, datetime
cal = icalendar.Calendar.from_ical(sys.stdin.read())
for e in cal.walk("VEVENT"):
    start = e.decoded("DTSTART").astimezone(datetime.timezone.utc)
    print("|".join([str(e["UID"]), start.strftime("%Y-%m-%dT%H:%M:%SZ"), str(e["SUMMARY"]), str(e["DESCRIPTION"])]))
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 (scripts/test.sh installs icalendar)");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn due_ics_parses_with_a_real_icalendar_parser_at_the_right_instant() {
    let repo = inbox();
    let events = parse_ics(due(&repo, &["--format", "ics"]).ok());
    assert_eq!(events.len(), 3, "{events:?}");
    let thursday = &events[1];
    assert!(
        thursday.starts_with("rfc-3-deadline@because|2026-03-13T00:00:00Z|"),
        "{thursday}"
    );
    assert!(
        thursday.contains("Thursday one") && thursday.contains("@kim"),
        "{thursday}"
    );
}

#[test]
fn site_feeds_hold_open_deadlines_for_everyone_and_per_person() {
    let repo = inbox();
    repo.write(
        "because.toml",
        "[site]\ntitle = \"Acme\"\nbase-url = \"https://decisions.example.com/\"\n",
    );
    repo.because(&["reject", "2"]).ok();
    at(&repo, MONDAY, &["build", "--no-history"]).ok();
    let all = parse_ics(&repo.read("site/deadlines.ics"));
    assert_eq!(all.len(), 2, "the rejected record left the feed: {all:?}");
    assert!(
        all[0].starts_with("rfc-3-deadline@because|2026-03-13T00:00:00Z|"),
        "{all:?}"
    );
    assert!(
        all[1].starts_with("rfc-4-deadline@because|2026-03-14T00:00:00Z|"),
        "{all:?}"
    );
    let sam = parse_ics(&repo.read("site/people/sam.ics"));
    assert_eq!(sam.len(), 1, "{sam:?}");
    assert!(sam[0].contains("Friday one"), "{sam:?}");
    let kim = parse_ics(&repo.read("site/people/kim.ics"));
    assert_eq!(kim.len(), 2, "consulted on both: {kim:?}");
    let text = repo.read("site/deadlines.ics");
    assert!(
        text.contains("URL:https://decisions.example.com/records/0003-thursday-one.html"),
        "{text}"
    );
}

/// An accepted ADR with follow-up work for @alex (one item overdue, one done) and for @kim.
const FOLLOW_UP: &str = "---
status: accepted
date: 2026-02-01
decision-maker: \"@sam\"
responsible: [\"@alex\"]
decided: 2026-02-10
---
# Use PostgreSQL for events

## Context

Events need a home.

## Decision

PostgreSQL.

## Action items

- [ ] @alex: write the migration (due 2026-03-07)
- [x] @alex: announce it (due 2026-03-02)
- [ ] @alex: add the backups (due 2026-03-20 09:00 Europe/Berlin)
- [ ] @kim: write the runbook

## Consequences

One more database.
";

#[test]
fn due_for_a_person_lists_their_open_action_items_beside_decisions() {
    let repo = inbox();
    repo.write("docs/decisions/0005-use-postgresql.md", FOLLOW_UP);
    let now = "2026-03-09T12:00:00Z";
    let out = at(&repo, now, &["due", "--person", "@alex"])
        .ok()
        .to_string();
    let (decisions, items) = out.split_once("\n\n").expect("two tables");
    assert_eq!(decisions.lines().count(), 1, "@alex decides nothing: {out}");
    let items: Vec<&str> = items.lines().collect();
    assert_eq!(items.len(), 3, "header and two open items: {out}");
    assert!(
        items[1].contains("overdue by 36 hours") && items[1].contains("write the migration"),
        "{out}"
    );
    assert!(
        items[2].contains("Fri 20 Mar 08:00 UTC (Fri 20 Mar 09:00 CET)"),
        "{out}"
    );
    let err = at(&repo, now, &["due", "--person", "@alex", "--fail-overdue"])
        .fails_with(1)
        .to_string();
    assert!(err.contains("1 action item"), "{err}");
    let within = at(&repo, now, &["due", "--person", "alex", "--within", "3d"])
        .ok()
        .to_string();
    assert!(
        within.contains("write the migration") && !within.contains("backups"),
        "{within}"
    );
    let responsible = at(
        &repo,
        now,
        &["list", "--person", "@alex", "--format", "paths"],
    );
    assert!(responsible.ok().contains("0005-use-postgresql.md"));
}

#[test]
fn action_items_reach_the_record_page_the_owners_page_and_the_owners_calendar() {
    let repo = inbox();
    repo.write("docs/decisions/0005-use-postgresql.md", FOLLOW_UP);
    repo.write(
        "because.toml",
        "[site]\nbase-url = \"https://d.example.com\"\n",
    );
    at(&repo, MONDAY, &["build", "--no-history"]).ok();
    let page = repo.read("site/records/0005-use-postgresql.html");
    assert!(
        page.contains("write the migration") && page.contains("Responsible"),
        "{page}"
    );
    let alex = repo.read("site/people/alex.html");
    assert!(
        alex.contains("add the backups") && alex.contains("Responsible for"),
        "{alex}"
    );
    let events = parse_ics(&repo.read("site/people/alex.ics"));
    assert_eq!(events.len(), 2, "two open dated items: {events:?}");
    assert!(
        events[0].starts_with("adr-5-item-write-the-migration@because|2026-03-07T23:59:59Z|"),
        "{events:?}"
    );
    assert!(events[1].contains("|2026-03-20T08:00:00Z|"), "{events:?}");
    let all = parse_ics(&repo.read("site/deadlines.ics"));
    assert_eq!(all.len(), 5, "three decisions and two items: {all:?}");
}

#[test]
fn the_rfc_template_asks_for_a_decision_by_name_and_deadline() {
    let repo = TestRepo::initialized();
    let args = [
        "new",
        "--no-edit",
        "--rfc",
        "Pagination",
        "--decision-maker",
        "@sam",
        "--deadline",
        "2026-03-12 17:00 PT",
    ];
    let path = at(&repo, MONDAY, &args).ok().trim().to_string();
    let text = repo.read(&path);
    let headings = [
        "Context",
        "Proposal",
        "Alternatives considered",
        "Open questions",
        "Decision criteria",
        "Decision",
    ];
    for heading in headings {
        assert!(
            text.contains(&format!("\n## {heading}\n")),
            "{heading}: {text}"
        );
    }
    let ask = "To be filled in by the deadline: @sam decides by Thu 12 Mar 2026 17:00 PDT (America/Los_Angeles).";
    assert!(text.contains(ask), "{text}");
}

const BARE_RFC: &str = "---\nkind: rfc\nstatus: proposed\ndate: 2026-03-01\ndecision-maker: \"@sam\"\ndeadline: 2026-04-01\n---\n# Pagination\n\n## Context\n\nC.\n\n## Proposal\n\nP.\n\n## Alternatives considered\n\nA.\n";

#[test]
fn a_proposed_rfc_needs_open_questions_and_decision_criteria_and_config_can_change_that() {
    let repo = TestRepo::initialized();
    let file = "docs/decisions/0002-pagination.md";
    repo.write(file, BARE_RFC);
    let run = at(&repo, MONDAY, &["check"]);
    run.fails_with(1);
    assert!(
        run.stdout.contains("no \"Open questions\" section"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("no \"Decision criteria\" section"),
        "{}",
        run.stdout
    );
    // Accepted, the record no longer needs them.
    let accepted = BARE_RFC.replace("status: proposed", "status: accepted\ndecided: 2026-03-02");
    repo.write(file, &accepted);
    at(&repo, MONDAY, &["check"]).ok();
    // A team that asks for other sections says so per kind and status.
    repo.write(file, BARE_RFC);
    let config = "[kinds.rfc]\nopen = [\"proposed\"]\nclosed = [\"accepted\"]\nsections = [\"Context\"]\n[kinds.rfc.status-sections]\nproposed = [\"Risks\"]\n";
    repo.write("because.toml", config);
    let run = at(&repo, MONDAY, &["check"]);
    assert!(
        run.stdout.contains("no \"Risks\" section"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Open questions"), "{}", run.stdout);
}

#[test]
fn an_ambiguous_reader_zone_is_refused_with_candidates() {
    let repo = TestRepo::initialized();
    let err = repo
        .because(&["list", "--tz", "IST"])
        .fails_with(2)
        .to_string();
    assert!(
        err.contains("invalid --tz") && err.contains("Asia/Kolkata"),
        "{err}"
    );
}
