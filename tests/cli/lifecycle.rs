//! The record tells the truth (issue 11): supersession on acceptance, "in force" only when
//! accepted, writers never leave what `check` rejects, exit codes, and change sets that
//! survive a kill.

use std::time::Duration;

use crate::support::{TODAY, TestRepo};

const P2: &str = "docs/decisions/0002-use-postgresql.md";

/// An accepted 0002 with every section filled in, and a complete proposed record text.
fn decided_repo() -> TestRepo {
    let repo = TestRepo::initialized();
    repo.write(
        P2,
        &complete("accepted", "Use PostgreSQL", "decided: 2026-01-10\n"),
    );
    repo
}

fn complete(status: &str, title: &str, extra: &str) -> String {
    format!(
        "---\nstatus: {status}\ndate: 2026-01-05\ndecision-maker: \"@sam\"\n{extra}---\n# {title}\n\n## Context\n\nWe need a database.\n\n## Decision\n\nWe will use it.\n\n## Consequences\n\nOps work.\n"
    )
}

fn write_proposal(repo: &TestRepo, n: u32, title: &str) -> String {
    let path = format!(
        "docs/decisions/{n:04}-{}.md",
        title.to_lowercase().replace(' ', "-")
    );
    repo.write(&path, &complete("proposed", title, ""));
    path
}

#[test]
fn new_supersedes_records_intent_and_accepting_it_supersedes_in_one_change() {
    let repo = decided_repo();
    let out = repo
        .because(&["new", "--no-edit", "--supersedes", "2", "Use SQLite"])
        .ok()
        .to_string();
    let p3 = out.trim().to_string();
    let old = repo.read(P2);
    assert!(
        old.contains("status: accepted\n") && old.contains("superseded-by: [3]\n"),
        "{old}"
    );
    let shown = repo.because(&["show", "2"]).ok().to_string();
    assert!(
        shown.contains("in force:       yes; a proposal to supersede it is open: 0003"),
        "{shown}"
    );
    repo.write(
        &p3,
        &complete("proposed", "Use SQLite", "supersedes: [2]\n"),
    );
    let out = repo.because(&["accept", "3"]).ok().to_string();
    assert!(out.contains(&format!("also updated {P2}")), "{out}");
    assert!(repo.read(P2).contains("status: superseded\n"));
    let shown = repo.because(&["show", "2"]).ok().to_string();
    assert!(
        shown.contains("in force:       no; 0003 is in force in its place"),
        "{shown}"
    );
}

#[test]
fn rejecting_the_successor_removes_the_pending_link_from_both_ends() {
    let repo = decided_repo();
    let before = repo.read(P2);
    let p3 = write_proposal(&repo, 3, "Use SQLite");
    let proposal = repo.read(&p3);
    repo.because(&["supersede", "2", "--by", "3"]).ok();
    assert!(repo.read(P2).contains("superseded-by: [3]"));
    repo.because(&["reject", "3"]).ok();
    assert_eq!(
        repo.read(P2),
        before.replace(
            "decided: 2026-01-10\n",
            "decided: 2026-01-10\nsuperseded-by: []\n"
        )
    );
    let after = repo.read(&p3);
    assert!(
        after.contains("supersedes: []\n") && after.contains("status: rejected"),
        "{after}"
    );
    assert_ne!(after, proposal);
    repo.because(&["check"]).ok();
}

#[test]
fn link_with_an_accepted_successor_supersedes_at_once() {
    let repo = decided_repo();
    repo.write(
        "docs/decisions/0003-use-sqlite.md",
        &complete("accepted", "Use SQLite", "decided: 2026-02-01\n"),
    );
    repo.because(&["link", "3", "supersedes", "2"]).ok();
    let old = repo.read(P2);
    assert!(
        old.contains("status: superseded\n") && old.contains("superseded-by: [3]\n"),
        "{old}"
    );
    repo.because(&["check"]).ok();
}

#[test]
fn a_link_that_would_close_a_supersede_cycle_is_refused_before_writing() {
    let repo = decided_repo();
    write_proposal(&repo, 3, "Use SQLite");
    repo.because(&["link", "2", "supersedes", "3"]).ok();
    let (two, three) = (
        repo.read(P2),
        repo.read("docs/decisions/0003-use-sqlite.md"),
    );
    let err = repo
        .because(&["link", "3", "supersedes", "2"])
        .fails_with(1)
        .to_string();
    assert!(err.contains("cycle"), "{err}");
    assert_eq!(repo.read(P2), two);
    assert_eq!(repo.read("docs/decisions/0003-use-sqlite.md"), three);
}

#[test]
fn the_site_calls_only_accepted_records_in_force() {
    let repo = decided_repo();
    // 0002 accepted, with a pending successor 0003; 0004 superseded by 0005, later deprecated.
    repo.write(
        P2,
        &complete(
            "accepted",
            "Use PostgreSQL",
            "decided: 2026-01-10\nsuperseded-by: [3]\n",
        ),
    );
    repo.write(
        "docs/decisions/0003-use-sqlite.md",
        &complete("proposed", "Use SQLite", "supersedes: [2]\n"),
    );
    repo.write(
        "docs/decisions/0004-use-rest.md",
        &complete(
            "superseded",
            "Use REST",
            "decided: 2025-01-10\nsuperseded-by: [5]\n",
        ),
    );
    repo.write(
        "docs/decisions/0005-use-grpc.md",
        &complete(
            "deprecated",
            "Use gRPC",
            "decided: 2025-06-10\nsupersedes: [4]\n",
        ),
    );
    repo.because(&["build", "--no-history"]).ok();
    for page in std::fs::read_dir(repo.join("site/records")).unwrap() {
        let html = std::fs::read_to_string(page.unwrap().path()).unwrap();
        for (at, _) in html.match_indices("in force now") {
            let before = &html[..at];
            let badge = before
                .rfind("badge status-")
                .expect("a status badge before it");
            assert!(
                before[badge..].starts_with("badge status-accepted"),
                "\"in force now\" next to a record that is not accepted: {}",
                &before[badge..]
            );
        }
    }
    let page = repo.read("site/records/0002-use-postgresql.html");
    assert!(
        page.contains("A proposal to supersede this is open"),
        "{page}"
    );
    let json: serde_json::Value = serde_json::from_str(&repo.read("site/decisions.json")).unwrap();
    let in_force: Vec<(u64, bool)> = json["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["number"].as_u64().unwrap(),
                r["is_in_force"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        in_force,
        [(1, true), (2, true), (3, false), (4, false), (5, false)]
    );
}

#[test]
fn a_title_with_template_in_it_is_a_record() {
    let repo = TestRepo::initialized();
    let out = repo
        .because(&["new", "--no-edit", "Use templates for emails"])
        .ok()
        .to_string();
    assert_eq!(
        out.trim(),
        "docs/decisions/0002-use-templates-for-emails.md"
    );
    let listed = repo
        .because(&["list", "--format", "paths"])
        .ok()
        .to_string();
    assert!(
        listed.contains("0002-use-templates-for-emails.md"),
        "{listed}"
    );
    let next = repo.because(&["new", "--no-edit", "Next"]).ok().to_string();
    assert_eq!(next.trim(), "docs/decisions/0003-next.md");
}

#[test]
fn accept_refuses_while_sections_hold_template_text_and_writes_nothing() {
    let repo = TestRepo::initialized();
    repo.because(&["new", "--no-edit", "--decision-maker", "@sam", "Use Redis"])
        .ok();
    let path = "docs/decisions/0002-use-redis.md";
    let before = repo.read(path);
    let err = repo.because(&["accept", "2"]).fails_with(1).to_string();
    assert!(
        err.contains("Context") && err.contains("placeholder-left"),
        "{err}"
    );
    assert_eq!(repo.read(path), before);
}

#[test]
fn new_born_accepted_writes_decided_and_needs_a_decision_maker() {
    let repo = TestRepo::initialized();
    let err = repo
        .because(&["new", "--no-edit", "--status", "accepted", "Use Redis"])
        .fails_with(1)
        .to_string();
    assert!(err.contains("--decision-maker"), "{err}");
    assert_eq!(repo.records().len(), 1, "nothing written");
    repo.because(&[
        "new",
        "--no-edit",
        "--status",
        "accepted",
        "--decision-maker",
        "@sam",
        "Use Redis",
    ])
    .ok();
    let text = repo.read("docs/decisions/0002-use-redis.md");
    assert!(text.contains(&format!("decided: {TODAY}\n")), "{text}");
}

#[test]
fn a_deadline_in_the_past_is_refused_unless_allowed() {
    let repo = TestRepo::initialized();
    let args = [
        "new",
        "--no-edit",
        "--rfc",
        "--deadline",
        "2025-01-01",
        "Late",
    ];
    let err = repo.because(&args).fails_with(1).to_string();
    assert!(
        err.contains("in the past") && err.contains("--allow-past"),
        "{err}"
    );
    assert_eq!(repo.records().len(), 1);
    repo.because(&[&args[..], &["--allow-past"]].concat()).ok();
    assert_eq!(repo.records().len(), 2);
}

#[test]
fn an_editor_that_empties_the_record_gets_it_restored_from_the_template() {
    let repo = TestRepo::initialized();
    let run = repo
        .command()
        .env("EDITOR", "truncate -s 0")
        .args(["new", "--edit", "Use Redis"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = repo.read("docs/decisions/0002-use-redis.md");
    assert!(
        text.starts_with("---\nkind: adr\n") && text.contains("## Context"),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&run.stderr).contains("restored from the template"));
}

#[test]
fn after_the_editor_the_record_is_checked_and_findings_printed() {
    let repo = TestRepo::initialized();
    let run = repo
        .command()
        .env("EDITOR", "true")
        .args(["new", "--edit", "--rfc", "Adopt gRPC"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(err.contains("placeholder-left"), "{err}");
}

#[test]
fn a_kind_defined_in_config_gets_its_own_kind_and_sections() {
    let repo = TestRepo::initialized();
    repo.write(
        "because.toml",
        "[kinds.madr]\nopen = [\"proposed\"]\nclosed = [\"accepted\", \"rejected\"]\nsections = [\"Context and Problem Statement\", \"Decision Outcome\"]\n",
    );
    repo.because(&["new", "--no-edit", "--kind", "madr", "Use Redis"])
        .ok();
    let text = repo.read("docs/decisions/0002-use-redis.md");
    assert!(text.contains("kind: madr\n"), "{text}");
    assert!(
        text.contains("## Context and Problem Statement") && text.contains("## Decision Outcome"),
        "{text}"
    );
    assert!(!text.contains("## Consequences"), "{text}");
    let out = repo.because(&["check"]).stdout;
    assert!(
        out.contains("placeholder-left"),
        "the template text is recognised: {out}"
    );
}

#[test]
fn could_not_run_exits_2_and_names_what_is_allowed() {
    let repo = TestRepo::initialized();
    let err = repo
        .because(&["list", "--status", "bogus"])
        .fails_with(2)
        .to_string();
    assert!(
        err.contains("accepted") && err.contains("proposed"),
        "{err}"
    );
    repo.because(&["show", "99"]).fails_with(2);
    repo.because(&["accept", "999"]).fails_with(2);
}

/// Many records that all point at 0002, so `renumber 2` changes many files.
fn crowded_repo(n: u32) -> TestRepo {
    let repo = decided_repo();
    for i in 3..3 + n {
        repo.write(
            &format!("docs/decisions/{i:04}-note-{i}.md"),
            &complete("proposed", &format!("Note {i}"), "relates-to: [2]\n"),
        );
    }
    repo.write(
        P2,
        &complete(
            "accepted",
            "Use PostgreSQL",
            &format!(
                "decided: 2026-01-10\nrelates-to: [{}]\n",
                (3..3 + n)
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    );
    repo
}

/// After any interruption and one later command, the tree is all-old or all-new: no temp
/// files, exactly one of the two names, and `check` clean (no one-sided links).
#[track_caller]
fn assert_consistent(repo: &TestRepo) {
    let records = repo.records();
    assert!(records.iter().all(|r| !r.ends_with(".tmp")), "{records:?}");
    let old = repo.exists(P2);
    let new = repo.exists("docs/decisions/0999-use-postgresql.md");
    assert!(old ^ new, "old {old}, new {new}: {records:?}");
    repo.because(&["check"]).ok();
}

#[test]
fn a_renumber_aborted_mid_way_is_completed_by_the_next_command() {
    let repo = crowded_repo(20);
    let run = repo
        .command()
        .env("BECAUSE_TEST_ABORT_AFTER_STEP", "5")
        .args(["renumber", "2", "999"])
        .output()
        .unwrap();
    assert!(!run.status.success(), "the abort happened");
    let listed = repo.because(&["list"]);
    listed.ok();
    assert!(
        listed.stderr.contains("completed an interrupted change"),
        "{}",
        listed.stderr
    );
    assert!(repo.exists("docs/decisions/0999-use-postgresql.md"));
    assert_consistent(&repo);
}

#[test]
fn a_renumber_killed_at_any_moment_leaves_all_or_nothing() {
    for delay_ms in [0, 3, 6, 10, 15, 25] {
        let repo = crowded_repo(150);
        let mut child = repo
            .command()
            .args(["renumber", "2", "999"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL: no destructor, no cleanup
        let _ = child.wait();
        repo.because(&["list"]).ok();
        assert_consistent(&repo);
    }
}
