//! The editing verbs: link, supersede, accept/reject/withdraw/deprecate/status, renumber.
//! Every test compares bytes: only the lines a command must change may change.

use crate::support::{TODAY, TestRepo};

/// A hand-written record with comments, odd key order and quoting that edits must keep.
const HAND_WRITTEN: &str = "---\n# Written by hand; keep this comment.\ntags: [db]   # trailing comment\nstatus: 'proposed'\ndate: 2026-01-05\ncustom-key: kept\n---\n# Use PostgreSQL\n\n## Context\n\nWe  need   a database.\n\n## Decision\n\nPostgreSQL.\n\n## Consequences\n\nOps work.\n";

fn repo_with_hand_written() -> TestRepo {
    let repo = TestRepo::initialized();
    repo.write("docs/decisions/0002-use-postgresql.md", HAND_WRITTEN);
    repo
}

const P2: &str = "docs/decisions/0002-use-postgresql.md";
const P1: &str = "docs/decisions/0001-record-architecture-decisions.md";

#[test]
fn accept_changes_status_adds_decided_and_nothing_else() {
    let repo = repo_with_hand_written();
    repo.because(&["accept", "2", "--decision-maker", "@sam"])
        .ok();
    let expected = HAND_WRITTEN
        .replace("status: 'proposed'", "status: 'accepted'")
        .replace(
            "custom-key: kept\n",
            &format!("custom-key: kept\ndecided: {TODAY}\ndecision-maker: \"@sam\"\n"),
        );
    assert_eq!(repo.read(P2), expected);
}

#[test]
fn accept_without_decision_maker_is_refused_and_leaves_file_alone() {
    let repo = repo_with_hand_written();
    let err = repo.because(&["accept", "2"]).fails_with(1).to_string();
    assert!(err.contains("decision-maker") && err.contains(P2), "{err}");
    assert_eq!(repo.read(P2), HAND_WRITTEN);
}

#[test]
fn forbidden_transition_names_the_allowed_ones() {
    let repo = repo_with_hand_written();
    repo.because(&["reject", "2", "--decision-maker", "@sam"])
        .ok();
    let before = repo.read(P2);
    let err = repo.because(&["accept", "2"]).fails_with(1).to_string();
    assert!(
        err.contains("from rejected") && err.contains("proposed"),
        "{err}"
    );
    assert_eq!(repo.read(P2), before);
}

#[test]
fn status_rejects_unknown_status_listing_known_ones() {
    let repo = repo_with_hand_written();
    let err = repo
        .because(&["status", "2", "postponed"])
        .fails_with(1)
        .to_string();
    assert!(
        err.contains("not a status of kind `adr`") && err.contains("accepted"),
        "{err}"
    );
}

#[test]
fn rfc_lifecycle_withdraw_and_postpone() {
    let repo = TestRepo::initialized();
    repo.because(&[
        "new",
        "--no-edit",
        "--rfc",
        "An RFC",
        "--decision-maker",
        "@sam",
        "--deadline",
        "2026-04-01",
    ])
    .ok();
    repo.because(&["status", "2", "postponed"]).ok();
    repo.because(&["status", "2", "proposed"]).ok();
    repo.because(&["withdraw", "2"]).ok();
    assert!(
        repo.read("docs/decisions/0002-an-rfc.md")
            .contains("status: withdrawn\n")
    );
}

#[test]
fn deprecate_accepted_record() {
    let repo = TestRepo::initialized();
    let out = repo.because(&["deprecate", "1"]).ok().to_string();
    assert!(out.contains("accepted → deprecated"), "{out}");
}

#[test]
fn link_writes_both_ends_and_keeps_bytes() {
    let repo = repo_with_hand_written();
    let before_1 = repo.read(P1);
    repo.because(&["link", "2", "amends", "1"]).ok();
    assert_eq!(
        repo.read(P2),
        HAND_WRITTEN.replace("custom-key: kept\n", "custom-key: kept\namends: [1]\n")
    );
    assert_eq!(
        repo.read(P1),
        before_1.replace("\n---\n# Record", "\namended-by: [2]\n---\n# Record")
    );
    // Linking again changes nothing.
    repo.because(&["link", "2", "amends", "1"]).ok();
    assert_eq!(
        repo.read(P2),
        HAND_WRITTEN.replace("custom-key: kept\n", "custom-key: kept\namends: [1]\n")
    );
}

#[test]
fn link_refuses_unknown_relation_and_missing_record() {
    let repo = repo_with_hand_written();
    let err = repo
        .because(&["link", "2", "likes", "1"])
        .fails_with(2)
        .to_string();
    assert!(
        err.contains("supersedes, superseded-by, amends, amended-by, relates-to"),
        "{err}"
    );
    let err = repo
        .because(&["link", "2", "amends", "9"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("no record numbered 9"), "{err}");
    assert_eq!(repo.read(P2), HAND_WRITTEN);
}

#[test]
fn supersede_updates_both_records() {
    let repo = repo_with_hand_written();
    // An accepted successor supersedes at once (a proposed one only records the intent).
    repo.because(&[
        "new",
        "--no-edit",
        "--status",
        "accepted",
        "--decision-maker",
        "@sam",
        "Use SQLite",
    ])
    .ok();
    let before_3 = repo.read("docs/decisions/0003-use-sqlite.md");
    repo.because(&["supersede", "2", "--by", "3"]).ok();
    assert_eq!(
        repo.read(P2),
        HAND_WRITTEN
            .replace("status: 'proposed'", "status: 'superseded'")
            .replace(
                "custom-key: kept\n",
                "custom-key: kept\nsuperseded-by: [3]\n"
            )
    );
    assert_eq!(
        repo.read("docs/decisions/0003-use-sqlite.md"),
        before_3.replace(
            "\n---\n# Use SQLite",
            "\nsupersedes: [2]\n---\n# Use SQLite"
        )
    );
}

#[test]
fn supersede_refused_when_one_record_cannot_be_edited_leaves_both_alone() {
    let repo = repo_with_hand_written();
    repo.write(
        "docs/decisions/0003-legacy.md",
        "# 3. Legacy\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n",
    );
    let err = repo
        .because(&["supersede", "2", "--by", "3"])
        .fails_with(1)
        .to_string();
    assert!(
        err.contains("0003-legacy.md") && err.contains("migrate"),
        "{err}"
    );
    assert_eq!(repo.read(P2), HAND_WRITTEN);
}

#[test]
fn renumber_renames_and_rewrites_every_reference() {
    let repo = repo_with_hand_written();
    repo.because(&["new", "--no-edit", "--supersedes", "2", "Use SQLite"])
        .ok();
    repo.write(
        "docs/decisions/0004-notes.md",
        "---\nstatus: proposed\nrelates-to: [\"0002\", 3]\n---\n# Notes\n\nSee [the old one](0002-use-postgresql.md) and [the new](./0003-use-sqlite.md#decision).\n",
    );
    let out = repo.because(&["renumber", "3", "9"]).ok().to_string();
    assert!(
        out.contains("0003-use-sqlite.md → docs/decisions/0009-use-sqlite.md"),
        "{out}"
    );
    assert!(!repo.exists("docs/decisions/0003-use-sqlite.md"));
    assert!(
        repo.read("docs/decisions/0009-use-sqlite.md")
            .contains("supersedes: [2]\n")
    );
    assert!(repo.read(P2).contains("superseded-by: [9]\n"));
    assert_eq!(
        repo.read("docs/decisions/0004-notes.md"),
        "---\nstatus: proposed\nrelates-to: [\"0002\", 9]\n---\n# Notes\n\nSee [the old one](0002-use-postgresql.md) and [the new](./0009-use-sqlite.md#decision).\n"
    );
}

#[test]
fn renumber_to_a_taken_number_is_refused() {
    let repo = repo_with_hand_written();
    let err = repo
        .because(&["renumber", "2", "1"])
        .fails_with(1)
        .to_string();
    assert!(err.contains("number 1 is taken"), "{err}");
    assert_eq!(repo.read(P2), HAND_WRITTEN);
}

#[test]
fn renumber_fixes_a_duplicate_named_by_file() {
    let repo = repo_with_hand_written();
    repo.write(
        "docs/decisions/0002-other.md",
        "---\nstatus: proposed\n---\n# Other\n",
    );
    let err = repo.because(&["accept", "2"]).fails_with(1).to_string();
    assert!(err.contains("2 records are numbered 2"), "{err}");
    repo.because(&["renumber", "0002-other.md"]).ok();
    assert!(repo.exists("docs/decisions/0003-other.md"));
    assert_eq!(repo.read(P2), HAND_WRITTEN);
}

#[test]
fn crlf_record_keeps_crlf_after_edit() {
    let repo = TestRepo::initialized();
    let text = "---\r\nstatus: proposed\r\ndecision-maker: \"@sam\"\r\n---\r\n# Windows\r\n\r\n## Context\r\n\r\nA.\r\n\r\n## Decision\r\n\r\nB.\r\n\r\n## Consequences\r\n\r\nC.\r\n";
    repo.write("docs/decisions/0002-windows.md", text);
    repo.because(&["accept", "2"]).ok();
    assert_eq!(
        repo.read("docs/decisions/0002-windows.md"),
        format!(
            "---\r\nstatus: accepted\r\ndecision-maker: \"@sam\"\r\ndecided: {TODAY}\r\n---\r\n# Windows\r\n\r\n## Context\r\n\r\nA.\r\n\r\n## Decision\r\n\r\nB.\r\n\r\n## Consequences\r\n\r\nC.\r\n"
        )
    );
}

#[test]
fn no_temp_files_remain_after_edits() {
    let repo = repo_with_hand_written();
    repo.because(&["link", "2", "relates-to", "1"]).ok();
    repo.because(&["accept", "2"]).fails_with(1);
    let stray: Vec<_> = repo
        .records()
        .into_iter()
        .filter(|n| n.ends_with(".tmp") || n.starts_with('.'))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn supersede_refused_by_lifecycle_changes_nothing() {
    let repo = repo_with_hand_written();
    repo.because(&["reject", "2", "--decision-maker", "@sam"])
        .ok();
    repo.because(&["new", "--no-edit", "Use SQLite"]).ok();
    let before_2 = repo.read(P2);
    let before_3 = repo.read("docs/decisions/0003-use-sqlite.md");
    let err = repo
        .because(&["supersede", "2", "--by", "3"])
        .fails_with(1)
        .to_string();
    assert!(err.contains("from rejected to superseded"), "{err}");
    assert_eq!(repo.read(P2), before_2);
    assert_eq!(repo.read("docs/decisions/0003-use-sqlite.md"), before_3);
}

#[test]
fn self_links_and_self_supersede_are_refused() {
    let repo = repo_with_hand_written();
    let err = repo
        .because(&["link", "2", "relates-to", "2"])
        .fails_with(1)
        .to_string();
    assert!(err.contains("cannot be linked to itself"), "{err}");
    let err = repo
        .because(&["supersede", "2", "--by", "2"])
        .fails_with(1)
        .to_string();
    assert!(err.contains("cannot supersede itself"), "{err}");
    assert_eq!(repo.read(P2), HAND_WRITTEN);
}

#[test]
fn status_superseded_without_successor_points_at_supersede() {
    let repo = repo_with_hand_written();
    let err = repo
        .because(&["status", "2", "superseded"])
        .fails_with(1)
        .to_string();
    assert!(err.contains("because supersede 2 --by"), "{err}");
}

#[test]
fn block_list_relation_gains_an_item_in_its_own_style() {
    let repo = TestRepo::initialized();
    let text = "---\nstatus: proposed\nrelates-to:\n  - 1   # the first\n---\n# Block\n";
    repo.write("docs/decisions/0002-block.md", text);
    repo.because(&["new", "--no-edit", "Third"]).ok();
    repo.because(&["link", "2", "relates-to", "3"]).ok();
    assert_eq!(
        repo.read("docs/decisions/0002-block.md"),
        "---\nstatus: proposed\nrelates-to:\n  - 1   # the first\n  - 3\n---\n# Block\n"
    );
}
