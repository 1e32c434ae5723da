//! `because new`.

use crate::support::{TODAY, TestRepo};

#[test]
fn new_prints_path_of_next_numbered_record() {
    let repo = TestRepo::initialized();
    let out = repo
        .because(&["new", "--no-edit", "Use PostgreSQL for events"])
        .ok()
        .to_string();
    assert_eq!(out, "docs/decisions/0002-use-postgresql-for-events.md\n");
    let text = repo.read("docs/decisions/0002-use-postgresql-for-events.md");
    assert!(
        text.starts_with(&format!(
            "---\nkind: adr\nstatus: proposed\ndate: {TODAY}\n---\n# Use PostgreSQL for events\n"
        )),
        "{text}"
    );
    for section in ["## Context", "## Decision", "## Consequences"] {
        assert!(text.contains(section), "{section} missing in {text}");
    }
}

#[test]
fn new_rfc_writes_decision_maker_deadline_with_zone_and_tags() {
    let repo = TestRepo::initialized();
    let out = repo
        .because(&[
            "new",
            "--no-edit",
            "--rfc",
            "Adopt cursor pagination",
            "--decision-maker",
            "@sam",
            "--deadline",
            "2026-03-12 17:00 America/Los_Angeles",
            "--tag",
            "api",
        ])
        .ok()
        .to_string();
    let path = out.trim();
    let text = repo.read(path);
    assert!(text.contains("kind: rfc\n"));
    assert!(text.contains("decision-maker: \"@sam\"\n"));
    assert!(
        text.contains("deadline: 2026-03-12T17:00:00-07:00[America/Los_Angeles]\n"),
        "{text}"
    );
    assert!(text.contains("tags: [\"api\"]\n"));
    for section in [
        "## Context",
        "## Proposal",
        "## Alternatives considered",
        "## Consequences",
    ] {
        assert!(text.contains(section));
    }
}

#[test]
fn new_refuses_unreadable_deadline_and_lists_forms() {
    let repo = TestRepo::initialized();
    let err = repo
        .because(&[
            "new",
            "--no-edit",
            "--rfc",
            "X",
            "--deadline",
            "next friday",
        ])
        .fails_with(1)
        .to_string();
    assert!(err.contains("next friday"), "{err}");
    assert!(
        err.contains("RFC 3339") && err.contains("America/Los_Angeles"),
        "{err}"
    );
    assert_eq!(repo.records().len(), 1, "nothing written");
}

#[test]
fn new_supersedes_updates_both_records() {
    let repo = TestRepo::initialized();
    repo.because(&["new", "--no-edit", "Use PostgreSQL for events"])
        .ok();
    let out = repo
        .because(&[
            "new",
            "--no-edit",
            "--supersedes",
            "2",
            "Use SQLite for events",
        ])
        .ok()
        .to_string();
    assert_eq!(out.trim(), "docs/decisions/0003-use-sqlite-for-events.md");
    let old = repo.read("docs/decisions/0002-use-postgresql-for-events.md");
    // The intent is written on both ends; 0002 stays proposed until 0003 is accepted.
    assert!(
        old.contains("status: proposed\n") && old.contains("superseded-by: [3]\n"),
        "{old}"
    );
    let new = repo.read("docs/decisions/0003-use-sqlite-for-events.md");
    assert!(new.contains("supersedes: [2]\n"), "{new}");
}

#[test]
fn new_supersedes_missing_record_writes_nothing() {
    let repo = TestRepo::initialized();
    let err = repo
        .because(&["new", "--no-edit", "--supersedes", "42", "X"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("no record numbered 42"), "{err}");
    assert_eq!(
        repo.records(),
        vec!["0001-record-architecture-decisions.md"]
    );
}

#[test]
fn new_with_hostile_title_stays_inside_records_directory() {
    let repo = TestRepo::initialized();
    let long = "x".repeat(300);
    for title in ["../../etc/passwd", "CON", long.as_str(), "🎉🚀"] {
        let out = repo.because(&["new", "--no-edit", title]).ok().to_string();
        let path = std::path::Path::new(out.trim());
        assert_eq!(
            path.parent().unwrap(),
            std::path::Path::new("docs/decisions"),
            "{out}"
        );
        assert!(path.file_name().unwrap().len() <= 4 + 1 + 60 + 3, "{out}");
    }
}

#[test]
fn new_unknown_kind_is_refused() {
    let repo = TestRepo::initialized();
    let err = repo
        .because(&["new", "--no-edit", "--kind", "memo", "X"])
        .fails_with(2)
        .to_string();
    assert!(
        err.contains("unknown kind `memo`") && err.contains("adr, rfc"),
        "{err}"
    );
}

#[test]
fn new_uses_template_override() {
    let repo = TestRepo::initialized();
    repo.write(
        ".because/templates/adr.md",
        "---\nstatus: {{ status }}\n---\n# {{ title }}\n\nCustom {{ number }}\n",
    );
    let out = repo
        .because(&["new", "--no-edit", "Custom one"])
        .ok()
        .to_string();
    assert_eq!(
        repo.read(out.trim()),
        "---\nstatus: proposed\n---\n# Custom one\n\nCustom 2\n"
    );
}

#[test]
fn twenty_concurrent_new_commands_get_twenty_distinct_numbers() {
    let repo = TestRepo::initialized();
    // Spawn all twenty before waiting on any, so they really race for a number.
    let handles: Vec<_> = (0..20)
        .map(|i| {
            repo.command()
                .args(["new", "--no-edit", &format!("Concurrent decision {i}")])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for handle in handles {
        assert!(handle.wait_with_output().expect("wait").status.success());
    }
    let names = repo.records();
    assert_eq!(names.len(), 21);
    let mut numbers: Vec<&str> = names.iter().map(|n| &n[..4]).collect();
    numbers.dedup();
    assert_eq!(numbers.len(), 21, "duplicate numbers in {names:?}");
}

#[test]
fn new_writes_madr_4_from_its_built_in_templates_and_check_reads_them() {
    let repo = TestRepo::initialized();
    for (template, headings) in [
        (
            "madr-minimal",
            &[
                "Context and Problem Statement",
                "Considered Options",
                "Decision Outcome",
            ][..],
        ),
        (
            "madr-full",
            &[
                "Decision Drivers",
                "Pros and Cons of the Options",
                "More Information",
            ][..],
        ),
    ] {
        let title = format!("Use Kafka via {template}");
        let args = [
            "new",
            "--no-edit",
            "--template",
            template,
            &title,
            "--decision-maker",
            "@sam",
        ];
        let path = repo.because(&args).ok().trim().to_string();
        let text = repo.read(&path);
        assert!(text.contains("decision-makers: [\"@sam\"]\n"), "{text}");
        for heading in headings {
            assert!(
                text.contains(&format!("## {heading}\n")),
                "{heading}: {text}"
            );
        }
        let run = repo.because(&["check", &path]);
        run.fails_with(1);
        // MADR's own sample text counts as template text left in place.
        assert!(run.stdout.contains("placeholder-left"), "{}", run.stdout);
    }
    let err = repo
        .because(&["new", "--no-edit", "--template", "nope", "X"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("madr-full and madr-minimal"), "{err}");
}
