//! Reading the decision processes that exist (issue 13): one fixture per family under
//! `tests/fixtures/process-*`, written from each process's public template, read with
//! `list --format json`, checked by the family's own rules and published with their roles.

use serde_json::{Map, Value, json};

use crate::legacy::{assert_record, by_name, file_names, fixture, listed};
use crate::support::TestRepo;

/// The clock every check here runs at: inside SE-0401's review window, before EIP-5000's
/// last call ends.
const NOW: &str = "2026-07-20T00:00:00Z";

/// The record as `list` shows it, without the values that say nothing (null, empty) and
/// without its path (which the file name already names).
fn meaningful(record: &Value) -> Value {
    let map: Map<String, Value> = record
        .as_object()
        .expect("a record is an object")
        .iter()
        .filter(|(k, v)| {
            *k != "path"
                && !v.is_null()
                && v.as_array().is_none_or(|a| !a.is_empty())
                && v.as_object().is_none_or(|o| !o.is_empty())
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Value::Object(map)
}

/// Assert everything `list` says about `file_name`, no more and no less.
#[track_caller]
fn assert_full(items: &[Value], file_name: &str, expected: Value) {
    assert_eq!(
        meaningful(by_name(items, file_name)),
        expected,
        "{file_name}"
    );
}

#[test]
fn pep_headers_give_number_roles_dates_and_relations() {
    let items = listed(&fixture("process-pep"));
    assert_eq!(
        file_names(&items),
        [
            "pep-0008.rst",
            "pep-0042.txt",
            "pep-0484.rst",
            "pep-0750.md",
            "pep-3107.rst"
        ],
        "reStructuredText files are records"
    );
    assert_full(
        &items,
        "pep-0484.rst",
        json!({
            "authors": ["Alan Turing", "Barbara Liskov"],
            "date": "2014-09-29", "date_raw": "29-Sep-2014",
            "decision_makers": ["Edsger Dijkstra"],
            "extra": {
                "Discussions-To": "https://discuss.example.org/t/pep-484/1234",
                "Post-History": "16-Jan-2015, 20-Mar-2015",
                "Python-Version": "3.5",
                "Resolution": "https://mail.example.org/archives/2015-May/140104.html",
                "Topic": "Typing",
                "Type": "Standards Track"
            },
            "file_name": "pep-0484.rst", "format": "pep", "id": "PEP 484", "kind": "rfc",
            "namespace": "PEP", "number": 484, "relations": {"supersedes": [3107]},
            "status": "accepted", "status_raw": "Final", "title": "Type Hints"
        }),
    );
    assert_record(
        &items,
        "pep-0008.rst",
        json!({"number": 8, "id": "PEP 8", "status": "accepted", "status_raw": "Active",
               "authors": ["Ada Lovelace", "Grace Hopper"], "date": "2001-07-05",
               "title": "Style Guide for Example Code", "decision_makers": []}),
    );
    assert_record(
        &items,
        "pep-0750.md",
        json!({"number": 750, "status": "draft", "date": "2024-07-08",
               "decision_makers": ["Edsger Dijkstra"], "relations": {"requires": [484]}}),
    );
    assert_record(
        &items,
        "pep-3107.rst",
        json!({"status": "superseded", "relations": {"superseded-by": [484]},
               "date": "2006-12-02", "title": "Function Annotations"}),
    );
}

#[test]
fn eip_front_matter_gives_statuses_requires_and_last_call_deadline() {
    let items = listed(&fixture("process-eip"));
    assert_eq!(
        file_names(&items),
        [
            "eip-20.md",
            "eip-165.md",
            "eip-214.md",
            "eip-1046.md",
            "eip-5000.md",
            "eip-6000.md"
        ]
    );
    assert_full(
        &items,
        "eip-5000.md",
        json!({
            "authors": ["Alice Example (@alice)", "Bob Example"],
            "date": "2026-04-02", "date_raw": "2026-04-02", "deadline": "2026-08-01",
            "extra": {
                "category": "ERC",
                "discussions-to": "https://ethereum-magicians.example.org/t/eip-5000/1234",
                "type": "Standards Track"
            },
            "file_name": "eip-5000.md", "format": "eip", "id": "EIP-5000", "kind": "rfc",
            "namespace": "EIP", "number": 5000, "relations": {"requires": [20, 165]},
            "status": "proposed", "status_raw": "Last Call", "title": "Approval Registry"
        }),
    );
    let statuses: Vec<(&str, &str)> = items
        .iter()
        .map(|r| {
            (
                r["status_raw"].as_str().unwrap(),
                r["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("Final", "accepted"),
            ("Final", "accepted"),
            ("Final", "accepted"),
            ("Review", "proposed"),
            ("Last Call", "proposed"),
            ("Stagnant", "postponed")
        ]
    );
    assert_record(
        &items,
        "eip-165.md",
        json!({"relations": {"requires": [214]}, "authors": ["Christian Example (@chris)", "Nick Example (@nick)"]}),
    );
}

#[test]
fn kep_folders_read_their_sidecar_and_readme_front_matter() {
    let items = listed(&fixture("process-kep"));
    let paths: Vec<&str> = items.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            // A KEP with no number yet sorts before the numbered ones.
            "keps/sig-node/node-role-labels.md",
            "keps/sig-cli/0042-kubectl-plugins.md",
            "keps/sig-node/1234-pod-priority/README.md",
            "keps/sig-apps/2345-rolling-jobs/README.md"
        ]
    );
    assert_full(
        &items,
        "0042-kubectl-plugins.md",
        json!({
            "authors": ["@hana"], "consulted": ["@ivan"], "date": "2018-03-01",
            "date_raw": "2018-03-01", "decision_makers": ["@judy"],
            "extra": {"owning-sig": "sig-cli"}, "file_name": "0042-kubectl-plugins.md",
            "format": "kep", "id": "KEP-42", "kind": "rfc", "namespace": "KEP", "number": 42,
            "relations": {"superseded-by": [1234]}, "status": "superseded",
            "status_raw": "replaced", "title": "Kubectl Plugins"
        }),
    );
    let pod = &items[2];
    assert_eq!(
        meaningful(pod),
        json!({
            "authors": ["@alice", "@bob"], "consulted": ["@carol"], "date": "2026-01-15",
            "date_raw": "2026-01-15", "decision_makers": ["@dana", "@erin"],
            "extra": {"disable-supported": "true", "latest-milestone": "v1.30",
                      "owning-sig": "sig-node", "participating-sigs": "sig-scheduling",
                      "stage": "stable"},
            "file_name": "README.md", "format": "kep", "id": "KEP-1234", "kind": "rfc",
            "namespace": "KEP", "number": 1234, "relations": {"supersedes": [42]},
            "status": "accepted", "status_raw": "implemented",
            "title": "Pod Priority and Preemption"
        })
    );
    assert_eq!(items[3]["status"], "proposed", "provisional");
    assert_eq!(items[3]["title"], "Rolling Jobs");
}

#[test]
fn review_bullets_give_review_manager_window_and_namespaced_ids() {
    let items = listed(&fixture("process-swift"));
    assert_full(
        &items,
        "0401-typed-throws.md",
        json!({
            "authors": ["Jorge Example", "Doug Example"], "deadline": "2026-07-31",
            "decision_makers": ["Holly Example"],
            "extra": {
                "Implementation": "[swiftlang/swift#69000](https://github.com/swiftlang/swift/pull/69000)",
                "Review": "([pitch](https://forums.example.org/t/typed-throws/68507))"
            },
            "file_name": "0401-typed-throws.md", "format": "review-bullets", "id": "SE-0401",
            "kind": "rfc", "namespace": "SE", "number": 401, "status": "proposed",
            "status_raw": "**Active review (July 17 - July 31, 2026)**",
            "status_text": "Active review (July 17 - July 31, 2026)", "title": "Typed throws"
        }),
    );
    let ids: Vec<(&str, &str, &str)> = items
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["status"].as_str().unwrap(),
                r["decision_makers"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            ("SE-0001", "accepted", "Joe Example"),
            ("ST-0001", "accepted", "Joe Example"),
            ("SE-0401", "proposed", "Holly Example"),
            ("SE-0402", "draft", "Holly Example"),
            ("SE-0403", "accepted", "Joe Example")
        ],
        "Implemented, Returned for revision, Accepted with modifications"
    );
    assert_record(
        &items,
        "0001-keywords-as-argument-labels.md",
        json!({"status_text": "Implemented (Swift 2.2)", "authors": ["Doug Example"],
               "relations": {}, "extra": {"Bug": "[SR-1](https://bugs.example.org/browse/SR-1)"}}),
    );
}

#[test]
fn rust_rfcs_take_the_configured_status_of_merged_rfcs() {
    let items = listed(&fixture("process-rust-rfc"));
    assert_full(
        &items,
        "0001-private-fields.md",
        json!({
            "date": "2014-03-11", "date_raw": "2014-03-11",
            "extra": {
                "Feature Name": "`private_fields`",
                "RFC PR": "[rust-lang/rfcs#1](https://github.com/rust-lang/rfcs/pull/1)",
                "Rust Issue": "[rust-lang/rust#8122](https://github.com/rust-lang/rust/issues/8122)"
            },
            "file_name": "0001-private-fields.md", "format": "rfc-bullets", "kind": "rfc",
            "number": 1, "status": "accepted", "title": "Private fields"
        }),
    );
    assert_record(
        &items,
        "2229-closure-capture.md",
        json!({"relations": {}, "status": "accepted", "date": "2017-11-28"}),
    );
}

#[test]
fn adr_repositories_in_the_wild_keep_decorated_statuses_and_odd_dates() {
    let items = listed(&fixture("process-madr-wild"));
    assert_full(
        &items,
        "0001-use-madr.md",
        json!({
            "date": "2026-01-05", "date_raw": "2026-01-05",
            "decision_makers": ["Alice Example", "Bob Example"],
            "extra": {"Technical Story": "[#12](https://github.com/example/app/issues/12)"},
            "file_name": "0001-use-madr.md", "format": "madr2", "kind": "adr", "number": 1,
            "status": "accepted", "status_raw": "accepted",
            "title": "Use Markdown Architectural Decision Records"
        }),
    );
    assert_record(
        &items,
        "0002-use-postgresql.md",
        json!({"status": "accepted", "date": "2026-02-05", "date_raw": "05/02/26",
               "relations": {}, "format": "adr-tools"}),
    );
    assert_full(
        &items,
        "0003-cache-reads.md",
        json!({
            "date": "2026-03-01", "date_raw": "2026-03-01",
            "extra": {"nav_order": "3", "parent": "Decisions"},
            "file_name": "0003-cache-reads.md", "format": "adr-tools", "kind": "adr",
            "number": 3, "relations": {"superseded-by": [4]}, "status": "superseded",
            "status_raw": "Superseded by [4. Use Memcached](0004-use-memcached.md)",
            "status_text": "Superseded by 4. Use Memcached", "title": "Cache reads"
        }),
    );
    assert_record(
        &items,
        "0004-use-memcached.md",
        json!({"status": "accepted", "date": "2026-03-01", "relations": {"supersedes": [3]},
               "status_text": "Accepted (partially: reads only)"}),
    );
}

#[test]
fn every_family_passes_check_by_its_own_rules() {
    for name in [
        "process-pep",
        "process-eip",
        "process-kep",
        "process-swift",
        "process-rust-rfc",
        "process-madr-wild",
        "process-grpc",
    ] {
        let repo = fixture(name);
        let run = repo.because(&["check", "--deny-warnings", "--now", NOW]);
        assert_eq!(run.code, 0, "{name}:\n{}{}", run.stdout, run.stderr);
    }
}

#[test]
fn family_check_still_finds_real_problems() {
    let repo = fixture("process-swift");
    // The same namespace twice is a real duplicate; SE-0001 beside ST-0001 is not.
    let twin = repo.read("proposals/0402-if-expressions.md");
    repo.write(
        "proposals/0001-if-twin.md",
        &twin.replace("SE-0402", "SE-0001"),
    );
    let out = repo.because(&["check", "--now", "2026-08-05T00:00:00Z"]);
    let text = out.fails_with(1).to_string() + &out.stdout;
    assert!(
        text.contains("0001-if-twin.md:1:1: error[duplicate-number]"),
        "{text}"
    );
    assert!(
        !text.contains("0001-parallel-tests.md:1:1: error[duplicate-number]"),
        "{text}"
    );
    // The review window has closed while the proposal is still in review.
    assert!(
        text.contains("0401-typed-throws.md:1:1: error[deadline-passed]"),
        "{text}"
    );

    let repo = fixture("process-eip");
    let eip = repo.read("EIPS/eip-20.md");
    repo.write(
        "EIPS/eip-20.md",
        &eip.replace("category: ERC", "categroy: ERC"),
    );
    let out = repo.because(&["check", "--deny-warnings", "--now", NOW]);
    assert!(
        out.stdout
            .contains("eip-20.md:6:1: warning[unknown-field]: unknown field `categroy`"),
        "{}",
        out.stdout
    );
}

#[test]
fn review_manager_is_counted_as_decided_and_authors_as_authored() {
    let repo: TestRepo = fixture("process-swift");
    repo.commit_all("Add proposals");
    repo.because(&["build", "--out", "site"]).ok();
    let joe = repo.read("site/people/joe-example.html");
    assert!(
        joe.contains("Decided <span class=\"count-badge\">3</span>"),
        "{joe}"
    );
    let doug = repo.read("site/people/doug-example.html");
    assert!(
        doug.contains("Authored <span class=\"count-badge\">2</span>"),
        "{doug}"
    );
    let page = repo.read("site/records/0401-typed-throws.html");
    assert!(page.contains("<dt>Authors</dt>"), "{page}");
    assert!(page.contains("SE-0401"), "{page}");
}

#[test]
fn init_writes_the_config_a_process_layout_needs() {
    for (name, dir, format) in [
        ("process-pep", "peps", "pep"),
        ("process-eip", "EIPS", "eip"),
        ("process-kep", "keps", "kep"),
        ("process-swift", "proposals", "review-bullets"),
        ("process-rust-rfc", "text", "rfc-bullets"),
    ] {
        let repo = fixture(name);
        let config = repo.join("because.toml");
        std::fs::remove_file(&config).expect("fixture has a config");
        let out = repo.because(&["init"]).ok().to_string();
        assert!(
            out.contains(&format!("in `{dir}` written as {format}")),
            "{name}: {out}"
        );
        let written = repo.read("because.toml");
        assert!(
            written.contains(&format!("\nrecords-dir = \"{dir}\"\n")),
            "{written}"
        );
        assert!(
            !repo.exists("docs/decisions"),
            "{name}: no native records directory"
        );
        let run = repo.because(&["check", "--deny-warnings", "--now", NOW]);
        assert_eq!(run.code, 0, "{name}:\n{}{}", run.stdout, run.stderr);
        assert!(!listed(&repo).is_empty(), "{name}");
    }
}

#[test]
fn show_names_the_id_the_authors_and_the_process_keys() {
    let repo = fixture("process-kep");
    let out = repo.because(&["show", "1234"]).ok().to_string();
    assert!(
        out.starts_with("KEP-1234  Pod Priority and Preemption\n"),
        "{out}"
    );
    assert!(
        out.contains("\n  authors:            @alice, @bob\n"),
        "{out}"
    );
    assert!(out.contains("\n  owning-sig:         sig-node\n"), "{out}");
}

#[test]
fn adr_records_in_the_wild_give_their_tables_asides_shortcodes_and_pages() {
    let items = listed(&fixture("process-madr-wild"));
    assert_full(
        &items,
        "0005-publish-events-as-json.md",
        json!({
            "authors": ["@ana", "@ben"], "date": "2026-04-02", "date_raw": "2026-04-02",
            "extra": {"Metadata": "Value"},
            "file_name": "0005-publish-events-as-json.md", "format": "madr2", "kind": "adr",
            "number": 5, "status": "accepted",
            "status_raw": "`Partially Implemented`", "status_text": "Partially Implemented",
            "tags": ["events", "api"], "title": "Publish events as JSON"
        }),
    );
    // A relation in a parenthesised aside leaves the word before it the status.
    assert_record(
        &items,
        "0006-one-database-per-service.md",
        json!({"status": "accepted", "relations": {"amended-by": [7]},
               "decision_makers": ["Carla Example"]}),
    );
    // An ADR written as a draft stands where the ADR lifecycle's open state is.
    assert_record(
        &items,
        "0007-share-the-reporting-replica.md",
        json!({"status": "proposed", "status_raw": "draft", "relations": {"amends": [6]}}),
    );
    // A Hugo shortcode as a link's target: its label names the record.
    assert_record(
        &items,
        "0008-build-the-docs-with-hugo.md",
        json!({"status": "superseded", "relations": {"superseded-by": [9]},
               "title": "Build the docs with Hugo", "date": "2026-05-01"}),
    );
    assert_record(
        &items,
        "0009-build-the-docs-with-docusaurus.md",
        json!({"status": "accepted", "relations": {"supersedes": [8]}}),
    );
    // Docusaurus front matter over a page that states nothing: a record named like one,
    // with nothing claimed for it.
    assert_record(
        &items,
        "adr010-avoid-default-exports.md",
        json!({"number": 10, "format": "plain", "status": null,
               "title": "Avoid default exports"}),
    );
}

#[test]
fn grpc_proposals_give_setext_titles_approvers_and_letter_ids() {
    let repo = fixture("process-grpc");
    let items = listed(&repo);
    assert_eq!(
        file_names(&items),
        [
            "A12-client-side-retries.md",
            "L116-core-keepalive-defaults.md"
        ]
    );
    assert_record(
        &items,
        "A12-client-side-retries.md",
        json!({"title": "Client-side retries", "number": 12, "id": "A-12", "namespace": "A",
               "format": "review-bullets", "kind": "rfc", "status": "draft",
               "authors": ["ana"], "decision_makers": ["ben"]}),
    );
    assert_record(
        &items,
        "L116-core-keepalive-defaults.md",
        json!({"title": "C-core: keepalive defaults", "id": "L-116", "status": "accepted",
               "authors": ["Carla Example", "Dan Example"]}),
    );
    // Records at the repository's root: `init` points the config there.
    let out = repo.because(&["init"]).ok().to_string();
    assert!(out.contains("in `.` written as review-bullets"), "{out}");
    assert!(
        repo.read("because.toml")
            .contains("\nrecords-dir = \".\"\n")
    );
    let run = repo.because(&["check", "--deny-warnings", "--now", NOW]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn old_plain_text_peps_and_kep_front_matter_without_a_number_are_read() {
    let items = listed(&fixture("process-pep"));
    assert_record(
        &items,
        "pep-0042.txt",
        json!({"id": "PEP 42", "status": "accepted", "date": "2000-09-12",
               "authors": ["Jeremy Example"]}),
    );
    assert!(
        !file_names(&items).contains(&"pep-NNNN.rst"),
        "the template is not a record"
    );
    let items = listed(&fixture("process-kep"));
    assert_record(
        &items,
        "node-role-labels.md",
        json!({"format": "kep", "kind": "rfc", "status": "accepted",
               "status_raw": "implementable", "date": "2019-07-16",
               "decision_makers": ["@jordan", "@tim"], "consulted": ["@lava"],
               "authors": ["@clay"]}),
    );
}

/// adr-tools records in `docs/architecture/decisions`, with nothing saying they are there.
fn undeclared_adr_tools_repo() -> TestRepo {
    let repo = TestRepo::new();
    for (n, title) in [(1, "Record architecture decisions"), (2, "Use PostgreSQL")] {
        let slug = title.to_lowercase().replace(' ', "-");
        repo.write(
            &format!("docs/architecture/decisions/{n:04}-{slug}.md"),
            &format!(
                "# {n}. {title}\n\nDate: 2026-01-0{n}\n\n## Status\n\nAccepted\n\n## Context\n\nC.\n\n## Decision\n\nD.\n\n## Consequences\n\nE.\n"
            ),
        );
    }
    repo.write(
        "docs/guide/0001-getting-started.md",
        "# Getting started\n\nRun it.\n",
    );
    repo
}

#[test]
fn records_no_config_points_at_are_found_where_they_are() {
    let repo = undeclared_adr_tools_repo();
    let items = listed(&repo);
    assert_eq!(
        file_names(&items),
        [
            "0001-record-architecture-decisions.md",
            "0002-use-postgresql.md"
        ]
    );
    // `new` numbers after them, beside them.
    let out = repo
        .because(&["new", "--no-edit", "Use Redis"])
        .ok()
        .to_string();
    assert!(
        out.contains("docs/architecture/decisions/0003-use-redis.md"),
        "{out}"
    );
    assert!(!repo.exists("docs/decisions"));
}

#[test]
fn init_writes_the_records_folder_an_adr_repository_already_has() {
    let repo = undeclared_adr_tools_repo();
    let out = repo.because(&["init"]).ok().to_string();
    assert!(
        out.contains("found 2 records in `docs/architecture/decisions` written as adr-tools"),
        "{out}"
    );
    let written = repo.read("because.toml");
    assert!(
        written.contains("\nrecords-dir = \"docs/architecture/decisions\"\n"),
        "{written}"
    );
    assert!(!repo.exists("docs/decisions"), "no first record of its own");
    let run = repo.because(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}
