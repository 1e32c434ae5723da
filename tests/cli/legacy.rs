//! Reading records other tools wrote (issue 5): `list --format json` over fixture trees in
//! `tests/fixtures/legacy-*`, one per format and one for the oddities of real repositories.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::TestRepo;

/// A Git repository holding a copy of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> TestRepo {
    let repo = TestRepo::new();
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    for entry in walkdir::WalkDir::new(&source) {
        let entry = entry.expect("walk fixture");
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&source).expect("inside fixture");
        let dest = repo.path().join(rel);
        std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        std::fs::copy(entry.path(), &dest).expect("copy fixture file");
    }
    repo
}

/// `list --format json`, keyed by file name.
pub fn listed(repo: &TestRepo) -> Vec<Value> {
    let out = repo.because(&["list", "--format", "json"]);
    serde_json::from_str(out.ok()).expect("list prints JSON")
}

pub fn by_name<'a>(items: &'a [Value], file_name: &str) -> &'a Value {
    items
        .iter()
        .find(|r| r["file_name"] == file_name)
        .unwrap_or_else(|| panic!("{file_name} not listed in {items:#?}"))
}

pub fn file_names(items: &[Value]) -> Vec<&str> {
    items
        .iter()
        .map(|r| r["file_name"].as_str().unwrap())
        .collect()
}

/// Assert the fields of `expected` (a JSON object) on the record named `file_name`.
#[track_caller]
pub fn assert_record(items: &[Value], file_name: &str, expected: Value) {
    let record = by_name(items, file_name);
    for (key, want) in expected.as_object().expect("an object") {
        assert_eq!(&record[key], want, "{file_name}: `{key}` in {record:#}");
    }
}

#[test]
fn adr_tools_records_are_read_from_adr_dir() {
    let repo = fixture("legacy-adr-tools");
    let items = listed(&repo);
    assert_eq!(
        file_names(&items),
        [
            "0001-record-architecture-decisions.md",
            "0002-use-postgresql.md",
            "0003-use-sqlite.md",
            "0004-cache-reads.md"
        ],
        "README and the image are not records"
    );
    assert_record(
        &items,
        "0001-record-architecture-decisions.md",
        json!({"number": 1, "format": "adr-tools", "title": "Record architecture decisions",
               "status": "accepted", "status_raw": "Accepted", "date": "2020-01-31",
               "path": "doc/adr/0001-record-architecture-decisions.md"}),
    );
    assert_record(
        &items,
        "0002-use-postgresql.md",
        json!({"status": "superseded",
               "status_raw": "Superseded by [3. Use SQLite](0003-use-sqlite.md)",
               "relations": {"superseded-by": [3]}}),
    );
    assert_record(
        &items,
        "0003-use-sqlite.md",
        json!({"status": "accepted", "relations": {"supersedes": [2], "amended-by": [4]}}),
    );
    assert_record(
        &items,
        "0004-cache-reads.md",
        json!({"status": "proposed", "relations": {"amends": [3]}, "date": "2020-04-01"}),
    );
}

#[test]
fn show_works_on_an_adr_tools_record() {
    let repo = fixture("legacy-adr-tools");
    let out = repo.because(&["show", "2"]).ok().to_string();
    assert!(out.starts_with("0002  Use PostgreSQL\n"), "{out}");
    assert!(out.contains("superseded-by:  0003 Use SQLite"), "{out}");
    assert!(
        out.contains("status:         Superseded by [3. Use SQLite]"),
        "{out}"
    );
}

#[test]
fn madr2_bullets_are_read() {
    let repo = fixture("legacy-madr2");
    let items = listed(&repo);
    assert_eq!(items.len(), 3, "the template is skipped: {items:#?}");
    assert_record(
        &items,
        "0001-use-markdown-architectural-decision-records.md",
        json!({"number": 1, "format": "madr2", "status": "accepted", "date": "2017-12-13",
               "title": "Use Markdown Architectural Decision Records",
               "decision_makers": ["Oliver Kopp", "Olaf Zimmermann"]}),
    );
    assert_record(
        &items,
        "0002-use-yarn.md",
        json!({"status": "superseded", "relations": {"superseded-by": [3]},
               "status_raw": "superseded by [ADR-0003](0003-use-pnpm.md)",
               "decision_makers": ["Ann"], "date": "2018-05-02"}),
    );
    assert_record(
        &items,
        "0003-use-pnpm.md",
        json!({"status": "accepted", "status_raw": "**Accepted** ✅", "date": "2020-01-31",
               "date_raw": "31/01/2020", "tags": ["build", "tooling"],
               "decision_makers": ["Ann", "Bo"]}),
    );
}

#[test]
fn madr_front_matter_is_read_with_status_phrases() {
    let repo = fixture("legacy-madr-front-matter");
    let items = listed(&repo);
    assert_record(
        &items,
        "0001-use-madr-3.md",
        json!({"format": "madr-front-matter", "status": "accepted",
               "decision_makers": ["Ann", "Bo"], "consulted": ["Cy"], "informed": ["Dee"]}),
    );
    assert_record(
        &items,
        "0002-old-api.md",
        json!({"format": "madr-front-matter", "status": "superseded",
               "status_raw": "superseded by ADR-0004", "relations": {"superseded-by": [4]},
               "decision_makers": ["Ann"]}),
    );
    assert_record(
        &items,
        "0003-native-record.md",
        json!({"format": "native", "status": "proposed", "decision_makers": ["@sam"]}),
    );
    assert_record(
        &items,
        "0004-new-api.md",
        json!({"format": "madr-front-matter", "status": "accepted",
               "status_raw": "accepted; supersedes ADR-0002", "relations": {"supersedes": [2]},
               "decision_makers": ["Ann", "Bo"], "consulted": ["Cy"]}),
    );
}

#[test]
fn log4brains_records_in_package_folders_have_no_number() {
    let repo = fixture("legacy-log4brains");
    let items = listed(&repo);
    assert_eq!(
        file_names(&items),
        [
            "20200101-use-log4brains.md",
            "20200215-use-react.md",
            "20200310-use-kotlin.md",
            "20200401-use-svelte.md"
        ],
        "records of every package, in date order; README, index and templates skipped"
    );
    for item in &items {
        assert_eq!(
            item["number"],
            Value::Null,
            "a date is not a number: {item:#}"
        );
        assert_eq!(item["format"], "log4brains");
    }
    assert_record(
        &items,
        "20200101-use-log4brains.md",
        json!({"status": "accepted", "date": "2020-01-01", "tags": ["doc"],
               "title": "Use Log4brains to manage the ADRs",
               "path": "docs/adr/20200101-use-log4brains.md"}),
    );
    assert_record(
        &items,
        "20200215-use-react.md",
        json!({"status": "superseded", "decision_makers": ["Ann", "Bo"],
               "links": [{"relation": "superseded-by", "target": "20200401-use-svelte.md",
                          "line": 3}]}),
    );
    assert_record(
        &items,
        "20200310-use-kotlin.md",
        json!({"status": "proposed", "path": "packages/backend/adr/20200310-use-kotlin.md"}),
    );
    let shown = repo
        .because(&["show", "20200310-use-kotlin.md"])
        .ok()
        .to_string();
    assert!(shown.starts_with("Use Kotlin\n"), "{shown}");
}

#[test]
fn rfc_bullet_headers_and_rfc_front_matter_are_read() {
    let repo = fixture("legacy-rfc");
    let items = listed(&repo);
    assert_eq!(items.len(), 3, "the template is skipped: {items:#?}");
    assert_record(
        &items,
        "0001-private-fields.md",
        json!({"number": 1, "format": "rfc-bullets", "kind": "rfc", "status": null,
               "title": "Private fields", "date": "2014-03-11"}),
    );
    assert_record(
        &items,
        "0002-ember-octane.md",
        json!({"format": "rfc-front-matter", "kind": "rfc", "status": "accepted",
               "status_raw": "released", "date": "2019-03-28",
               "date_raw": "2019-03-28T00:00:00.000Z", "title": "Ember Octane"}),
    );
    assert_record(
        &items,
        "0003-no-status.md",
        json!({"status": null, "date": "2020-01-31", "date_raw": "31/01/2020"}),
    );
}

#[test]
fn messy_repository_lists_every_record() {
    let repo = fixture("legacy-messy");
    let items = listed(&repo);
    let numbers: Vec<&Value> = items.iter().map(|r| &r["number"]).collect();
    assert_eq!(
        numbers,
        [0, 1, 5, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
        "gaps and duplicates kept; notes, README, index and the image skipped"
    );
    let cases = [
        (
            "0000-starts-at-zero.md",
            json!({"status": "accepted", "date": "2020-01-31", "date_raw": "2020-01-31T10:00:00Z"}),
        ),
        (
            "001-three-digits.md",
            json!({"number": 1, "format": "adr-tools", "title": "Three digits", "status": "proposed", "date": "2020-01-31"}),
        ),
        (
            "0005-after-a-gap.md",
            json!({"status": "accepted", "status_raw": "**Accepted**"}),
        ),
        (
            "0007-duplicate-one.md",
            json!({"status": "proposed", "title": "Duplicate one"}),
        ),
        (
            "0007-duplicate-two.md",
            json!({"status": "rejected", "title": "Duplicate two"}),
        ),
        (
            "0008-bad-yaml.md",
            json!({"status": "accepted", "title": "Bad YAML", "decision_makers": ["@sam"]}),
        ),
        (
            "0009-emoji-status.md",
            json!({"status": "accepted", "status_raw": "✅ Accepted on 2020-02-03", "decided": "2020-02-03", "date": "2020-02-02"}),
        ),
        (
            "0010-badge.md",
            json!({"status": "rejected", "date": "2020-01-31", "date_raw": "January 31, 2020"}),
        ),
        (
            "0011-mixed-case.md",
            json!({"format": "native", "status": "proposed", "status_raw": "ProPosed"}),
        ),
        (
            "0012-no-title.md",
            json!({"title": "No title", "status": "accepted"}),
        ),
        (
            "0013-only-an-h2.md",
            json!({"title": "Only an h2", "status": "proposed", "status_raw": "draft"}),
        ),
        (
            "0014-setext.md",
            json!({"title": "Setext title", "status": "accepted", "status_raw": "Approved"}),
        ),
        (
            "0015-crlf.md",
            json!({"format": "adr-tools", "title": "CRLF endings", "status": "accepted", "date": "2020-06-01"}),
        ),
        (
            "0016-mixed-endings.md",
            json!({"title": "Mixed endings", "status": "accepted", "status_raw": "Adopted", "date": "2020-06-02"}),
        ),
        (
            "0017-bom.md",
            json!({"format": "native", "title": "Byte order mark", "status": "accepted"}),
        ),
        (
            "0018-raw-html.md",
            json!({"title": "Raw HTML", "status": "accepted", "status_raw": "Final"}),
        ),
        (
            "0019-trailing-date.md",
            json!({"status": "accepted", "decided": "2021-05-04"}),
        ),
    ];
    for (file_name, expected) in cases {
        assert_record(&items, file_name, expected);
    }
    // The table view and `show` do not fail either.
    repo.because(&["list"]).ok();
    repo.because(&["show", "0008-bad-yaml.md"]).ok();
}

#[test]
fn very_large_and_non_utf8_files_are_listed() {
    let repo = fixture("legacy-messy");
    let mut big =
        String::from("# 20. Big\n\nDate: 2020-07-01\n\n## Status\n\nAccepted\n\n## Context\n\n");
    while big.len() < 8 * 1024 * 1024 {
        big.push_str("A long line of context that repeats <b>with HTML</b> and ![img](x.png).\n");
    }
    repo.write("docs/decisions/0020-big.md", &big);
    std::fs::write(
        repo.join("docs/decisions/0021-latin1.md"),
        b"# Caf\xe9\n\n* Status: accepted\n",
    )
    .unwrap();
    let items = listed(&repo);
    assert_record(
        &items,
        "0020-big.md",
        json!({"status": "accepted", "title": "Big"}),
    );
    assert_record(
        &items,
        "0021-latin1.md",
        json!({"status": "accepted", "number": 21}),
    );
}

#[test]
fn formats_mix_in_one_repository() {
    let repo = fixture("legacy-adr-tools");
    repo.write(
        "doc/adr/0005-madr-two.md",
        "# MADR two\n\n* Status: proposed\n",
    );
    repo.write(
        "doc/adr/0006-front-matter.md",
        "---\nstatus: accepted\ndeciders: Ann\n---\n# Front matter\n",
    );
    repo.write(
        "doc/adr/0007-native.md",
        "---\nstatus: accepted\ndecision-maker: Ann\n---\n# Native\n",
    );
    let items = listed(&repo);
    let formats: Vec<&str> = items
        .iter()
        .map(|r| r["format"].as_str().unwrap())
        .collect();
    assert_eq!(
        formats,
        [
            "adr-tools",
            "adr-tools",
            "adr-tools",
            "adr-tools",
            "madr2",
            "madr-front-matter",
            "native"
        ]
    );
}

#[test]
fn status_aliases_from_config_are_applied() {
    let repo = fixture("legacy-madr2");
    repo.write(
        "because.toml",
        "[status-aliases]\n\"signed off\" = \"accepted\"\n",
    );
    repo.write(
        "docs/decisions/0004-signed.md",
        "# Signed\n\n* Status: Signed Off\n",
    );
    let items = listed(&repo);
    assert_record(
        &items,
        "0004-signed.md",
        json!({"status": "accepted", "status_raw": "Signed Off"}),
    );
}
