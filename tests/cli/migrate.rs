//! `because migrate`: legacy records rewritten into the native format, bodies kept byte for
//! byte, log4brains records numbered in date order, `--dry-run` writing nothing, idempotence.

use std::collections::BTreeMap;

use crate::legacy::{fixture, listed};
use crate::support::TestRepo;

/// Every file of the repository (outside `.git`) with its bytes.
fn tree(repo: &TestRepo) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(repo.path())
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(repo.path()).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// `text` without its lines numbered in `lines` (1-based), line endings kept as they are.
fn without_lines(text: &str, lines: std::ops::RangeInclusive<usize>) -> String {
    text.split_inclusive('\n')
        .enumerate()
        .filter(|(i, _)| !lines.contains(&(i + 1)))
        .map(|(_, line)| line)
        .collect()
}

/// Split a migrated file into (front matter with fences, body).
fn split(text: &str) -> (&str, &str) {
    let eol = if text.starts_with("---\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let close = format!("{eol}---{eol}");
    let end = text.find(&close).expect("closing fence") + close.len();
    text.split_at(end)
}

const FIXTURES: [&str; 5] = [
    "legacy-adr-tools",
    "legacy-madr2",
    "legacy-madr-front-matter",
    "legacy-log4brains",
    "legacy-rfc",
];

#[test]
fn dry_run_prints_a_unified_diff_and_writes_nothing() {
    let repo = fixture("legacy-adr-tools");
    let before = tree(&repo);
    let out = repo.because(&["migrate", "--dry-run"]).ok().to_string();
    assert_eq!(tree(&repo), before, "--dry-run wrote something");
    let first = out.split("--- a/doc/adr/0002").next().unwrap();
    insta::assert_snapshot!(first, @r"
    --- a/doc/adr/0001-record-architecture-decisions.md
    +++ b/doc/adr/0001-record-architecture-decisions.md
    @@ -1,10 +1,10 @@
    +---
    +status: accepted
    +date: 2020-01-31
    +decided: 2020-01-31
    +migrated-from: adr-tools
    +---
     # 1. Record architecture decisions
    -
    -Date: 2020-01-31
    -
    -## Status
    -
    -Accepted
     
     ## Context
     
    ");
    assert!(
        out.ends_with("4 files would change (dry run: nothing written)\n"),
        "{out}"
    );
}

#[test]
fn adr_tools_bodies_keep_every_other_byte() {
    let repo = fixture("legacy-adr-tools");
    let original = repo.read("doc/adr/0003-use-sqlite.md");
    repo.because(&["migrate"]).ok();
    let migrated = repo.read("doc/adr/0003-use-sqlite.md");
    let (front, body) = split(&migrated);
    assert_eq!(
        front,
        "---\nstatus: accepted\ndate: 2020-03-10\ndecided: 2020-03-10\nsupersedes: [2]\namended-by: [4]\nmigrated-from: adr-tools\n---\n"
    );
    // Date line, the emptied `## Status` section (heading, status, two links) and the blank
    // lines that separated them.
    assert_eq!(body, without_lines(&original, 3..=12));
    // Prose in a status section stays under its heading.
    let original = fixture("legacy-adr-tools").read("doc/adr/0004-cache-reads.md");
    let migrated = repo.read("doc/adr/0004-cache-reads.md");
    let expected_body = [3..=4, 7..=10]
        .into_iter()
        .rev()
        .fold(original, |text, lines| without_lines(&text, lines));
    assert_eq!(split(&migrated).1, expected_body);
    assert!(expected_body.contains("## Status\n\nThe team votes on this next sprint.\n"));
}

#[test]
fn madr2_and_rfc_bodies_keep_every_other_byte() {
    let repo = fixture("legacy-madr2");
    let name = "docs/decisions/0001-use-markdown-architectural-decision-records.md";
    let original = repo.read(name);
    repo.because(&["migrate"]).ok();
    let migrated = repo.read(name);
    let (front, body) = split(&migrated);
    assert_eq!(
        front,
        "---\nstatus: accepted\ndate: 2017-12-13\ndecided: 2017-12-13\ndecision-maker: [Oliver Kopp, Olaf Zimmermann]\n---\n"
    );
    assert_eq!(body, without_lines(&original, 3..=6));
    assert!(body.contains("Technical Story: Record decisions"), "{body}");

    let repo = fixture("legacy-rfc");
    let original = repo.read("text/0001-private-fields.md");
    repo.because(&["migrate"]).ok();
    let migrated = repo.read("text/0001-private-fields.md");
    let (front, body) = split(&migrated);
    assert_eq!(front, "---\nkind: rfc\ndate: 2014-03-11\n---\n");
    assert_eq!(
        body,
        without_lines(&original, 2..=2),
        "only `Start Date` moves"
    );
}

#[test]
fn crlf_mixed_endings_and_bom_survive_migration() {
    let repo = fixture("legacy-messy");
    // The record with invalid YAML would stop the migration; it has its own test.
    std::fs::remove_file(repo.join("docs/decisions/0008-bad-yaml.md")).unwrap();
    let crlf = repo.read("docs/decisions/0015-crlf.md");
    let mixed = repo.read("docs/decisions/0016-mixed-endings.md");
    let bom = std::fs::read(repo.join("docs/decisions/0017-bom.md")).unwrap();
    repo.because(&["migrate"]).ok();

    let migrated = repo.read("docs/decisions/0015-crlf.md");
    let (front, body) = split(&migrated);
    assert_eq!(
        front,
        "---\r\nstatus: accepted\r\ndate: 2020-06-01\r\ndecided: 2020-06-01\r\nmigrated-from: adr-tools\r\n---\r\n"
    );
    assert_eq!(body, without_lines(&crlf, 3..=8));

    let migrated = repo.read("docs/decisions/0016-mixed-endings.md");
    let (front, body) = split(&migrated);
    assert_eq!(
        front,
        "---\r\nstatus: accepted\r\ndate: 2020-06-02\r\ndecided: 2020-06-02\r\nmigrated-from: madr2\r\n---\r\n"
    );
    assert_eq!(body, without_lines(&mixed, 3..=5));

    let unchanged = std::fs::read(repo.join("docs/decisions/0017-bom.md")).unwrap();
    assert_eq!(
        unchanged, bom,
        "a native record is not touched, BOM and all"
    );
}

#[test]
fn log4brains_records_are_numbered_in_date_order_with_references_rewritten() {
    let repo = fixture("legacy-log4brains");
    let react = repo.read("docs/adr/20200215-use-react.md");
    let out = repo.because(&["migrate", "--number"]).ok().to_string();
    assert!(
        out.contains(
            "migrated packages/backend/adr/20200310-use-kotlin.md → packages/backend/adr/0003-use-kotlin.md"
        ),
        "{out}"
    );
    for name in [
        "docs/adr/0001-use-log4brains.md",
        "docs/adr/0002-use-react.md",
        "packages/backend/adr/0003-use-kotlin.md",
        "docs/adr/0004-use-svelte.md",
    ] {
        assert!(repo.exists(name), "{name} missing");
    }
    assert!(!repo.exists("docs/adr/20200215-use-react.md"));
    let migrated = repo.read("docs/adr/0002-use-react.md");
    let (front, body) = split(&migrated);
    assert_eq!(
        front,
        "---\nstatus: superseded\ndate: 2020-02-15\ndecision-maker: [Ann, Bo]\ntags: [frontend]\nsuperseded-by: [4]\n---\n"
    );
    let expected =
        without_lines(&react, 3..=7).replace("(20200401-use-svelte.md)", "(0004-use-svelte.md)");
    assert_eq!(body, expected);
    assert!(
        repo.read("docs/adr/0004-use-svelte.md")
            .contains("[Use React](0002-use-react.md)")
    );

    let items = listed(&repo);
    let numbers: Vec<_> = items
        .iter()
        .map(|r| r["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert_eq!(items[1]["relations"]["superseded-by"][0], 4);
}

#[test]
fn log4brains_numbers_start_above_existing_records() {
    let repo = fixture("legacy-log4brains");
    repo.write(
        "docs/adr/0007-numbered-already.md",
        "---\nstatus: accepted\n---\n# Numbered already\n",
    );
    repo.because(&["migrate", "--number"]).ok();
    assert!(repo.exists("docs/adr/0008-use-log4brains.md"));
    assert!(repo.exists("docs/adr/0011-use-svelte.md"));
}

#[test]
fn a_second_migration_changes_nothing() {
    for name in FIXTURES {
        let repo = fixture(name);
        // log4brains records keep their slugs unless numbered (issue 11).
        let migrate: &[&str] = match name {
            "legacy-log4brains" => &["migrate", "--number"],
            _ => &["migrate"],
        };
        repo.because(migrate).ok();
        let once = tree(&repo);
        let out = repo.because(migrate).ok().to_string();
        assert_eq!(
            out, "nothing to migrate: every record is in the native format\n",
            "{name}"
        );
        let dry_run = [migrate, &["--dry-run"]].concat();
        assert_eq!(repo.because(&dry_run).ok(), out, "{name}");
        assert_eq!(tree(&repo), once, "{name}: the second run changed files");
        for item in listed(&repo) {
            assert_eq!(item["format"], "native", "{name}: {item:#}");
        }
    }
}

#[test]
fn log4brains_slugs_are_kept_without_number() {
    let repo = fixture("legacy-log4brains");
    let run = repo.because(&["migrate"]);
    run.ok();
    assert!(repo.exists("docs/adr/20200215-use-react.md"), "slug kept");
    assert!(
        !repo.exists("docs/adr/0001-use-log4brains.md"),
        "nothing numbered"
    );
    assert!(run.stderr.contains("--number"), "{}", run.stderr);
}

#[test]
fn migrated_adr_tools_records_pass_check_and_keep_their_own_decision_dates() {
    let repo = fixture("legacy-adr-tools");
    repo.because(&["migrate"]).ok();
    repo.because(&["check"]).ok();
    let first = repo.read("doc/adr/0001-record-architecture-decisions.md");
    assert!(first.contains("decided: 2020-01-31\n"), "{first}");
}

#[test]
fn invalid_yaml_stops_the_migration_before_anything_is_written() {
    let repo = fixture("legacy-messy");
    let before = tree(&repo);
    let err = repo.because(&["migrate"]).fails_with(1).to_string();
    assert!(
        err.contains("0008-bad-yaml.md: line 3: front matter is not valid YAML"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(tree(&repo), before);
}

#[test]
fn migrated_records_can_be_edited_by_because() {
    let repo = fixture("legacy-adr-tools");
    repo.because(&["migrate"]).ok();
    repo.because(&["supersede", "1", "--by", "4"]).ok();
    let one = repo.read("doc/adr/0001-record-architecture-decisions.md");
    assert!(one.contains("superseded-by: [4]"), "{one}");
    let four = repo.read("doc/adr/0004-cache-reads.md");
    assert!(four.contains("supersedes: [1]"), "{four}");
}

#[test]
fn native_repository_has_nothing_to_migrate() {
    let repo = TestRepo::initialized();
    let before = tree(&repo);
    let out = repo.because(&["migrate"]).ok().to_string();
    assert_eq!(
        out,
        "nothing to migrate: every record is in the native format\n"
    );
    assert_eq!(tree(&repo), before);
}
