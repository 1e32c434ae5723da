//! `because graph` and `because toc`: the relation graph and a README's table of contents.

use crate::support::TestRepo;

fn repository() -> TestRepo {
    let repo = TestRepo::initialized();
    repo.because(&["new", "--no-edit", "Use PostgreSQL | for events"])
        .ok();
    repo.because(&[
        "new",
        "--no-edit",
        "--supersedes",
        "2",
        "Use SQLite for events",
    ])
    .ok();
    repo.because(&["link", "3", "relates-to", "1"]).ok();
    repo
}

#[test]
fn graph_draws_each_relation_once_with_statuses() {
    let repo = repository();
    let dot = repo.because(&["graph"]).ok().to_string();
    assert!(dot.starts_with("digraph decisions {"), "{dot}");
    // 0003 supersedes 0002 is written at both ends; it is one edge.
    assert_eq!(dot.matches("r3 -> r2").count(), 1, "{dot}");
    assert!(dot.contains("r1 -> r3 [label=\"relates-to\""), "{dot}");
    assert!(
        dot.contains("0002 Use PostgreSQL | for events [proposed]"),
        "{dot}"
    );
    let mermaid = repo
        .because(&["graph", "--format", "mermaid"])
        .ok()
        .to_string();
    assert!(mermaid.starts_with("flowchart TB\n"), "{mermaid}");
    assert!(mermaid.contains("r3 -->|supersedes| r2"), "{mermaid}");
    let json: serde_json::Value =
        serde_json::from_str(repo.because(&["graph", "--format", "json"]).ok()).unwrap();
    assert_eq!(json["nodes"].as_array().unwrap().len(), 3);
    assert_eq!(json["edges"].as_array().unwrap().len(), 2);
}

#[test]
fn toc_in_place_rewrites_only_between_the_markers() {
    let repo = repository();
    let before =
        "# Project\n\nIntro.\n\n<!-- because:toc -->\nstale\n<!-- because:toc:end -->\n\nFooter.\n";
    repo.write("README.md", before);
    repo.because(&["toc", "--in-place", "README.md"]).ok();
    let after = repo.read("README.md");
    assert!(
        after.starts_with(
            "# Project\n\nIntro.\n\n<!-- because:toc -->\n| # | Decision | Status |\n"
        ),
        "{after}"
    );
    assert!(
        after.ends_with("<!-- because:toc:end -->\n\nFooter.\n"),
        "{after}"
    );
    assert!(after.contains("| 0002 | [Use PostgreSQL \\| for events](docs/decisions/0002-use-postgresql-for-events.md) | proposed |"), "{after}");
    assert!(!after.contains("stale"));
    // A second run finds nothing to do and leaves the file as it is.
    let again = repo
        .because(&["toc", "--in-place", "README.md"])
        .ok()
        .to_string();
    assert!(again.contains("up to date"), "{again}");
    assert_eq!(repo.read("README.md"), after);
}

#[test]
fn toc_links_are_relative_to_the_file_and_markers_are_required() {
    let repo = repository();
    repo.because(&["toc", "--out", "docs/decisions/README.md"])
        .ok();
    let toc = repo.read("docs/decisions/README.md");
    assert!(
        toc.contains("[Record architecture decisions](0001-record-architecture-decisions.md)"),
        "{toc}"
    );
    repo.write("NOTES.md", "# Notes\n");
    let err = repo
        .because(&["toc", "--in-place", "NOTES.md"])
        .fails_with(2)
        .to_string();
    assert!(
        err.contains("NOTES.md") && err.contains("<!-- because:toc -->"),
        "{err}"
    );
    assert_eq!(repo.read("NOTES.md"), "# Notes\n");
}
