//! `because check`: one fixture tree per rule (tests/fixtures/invalid-<rule>), the all-valid
//! tree, every output format, the clock, configuration, PATH arguments and `--against`.

use std::path::Path;

use serde_json::Value;

use crate::support::{Run, TestRepo};

/// A Git repository holding a copy of `tests/fixtures/<name>`.
fn fixture(name: &str) -> TestRepo {
    let repo = TestRepo::new();
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    assert!(source.is_dir(), "no fixture {}", source.display());
    copy_dir(&source, repo.path());
    repo
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_symlink() {
            // Copied as a link, never followed: the unsafe-path fixture points at /etc/passwd.
            let link = std::fs::read_link(entry.path()).unwrap();
            std::os::unix::fs::symlink(link, &target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// One finding from `--format json`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Finding {
    file: String,
    line: u64,
    column: u64,
    rule: String,
    severity: String,
}

fn findings(run: &Run) -> Vec<Finding> {
    let items: Vec<Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    items
        .iter()
        .map(|d| Finding {
            file: d["file"].as_str().unwrap().to_string(),
            line: d["line"].as_u64().unwrap(),
            column: d["column"].as_u64().unwrap(),
            rule: d["rule"].as_str().unwrap().to_string(),
            severity: d["severity"].as_str().unwrap().to_string(),
        })
        .collect()
}

fn check_json(repo: &TestRepo, extra: &[&str]) -> (Run, Vec<Finding>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let run = repo.because(&args);
    let found = findings(&run);
    (run, found)
}

/// The fixture `invalid-<rule>` reports `rule` at `file:line` — and nothing else — and exits
/// with `code`.
#[track_caller]
fn assert_rule(rule: &str, file: &str, line: u64, code: i32) {
    let repo = fixture(&format!("invalid-{rule}"));
    let (run, found) = check_json(&repo, &[]);
    assert_eq!(run.code, code, "{found:#?}\n{}", run.stderr);
    let path = format!("docs/decisions/{file}");
    assert!(
        found
            .iter()
            .any(|f| f.rule == rule && f.file == path && f.line == line),
        "expected {rule} at {path}:{line}, got {found:#?}"
    );
    let others: Vec<&Finding> = found.iter().filter(|f| f.rule != rule).collect();
    assert!(others.is_empty(), "unexpected findings: {others:#?}");
}

macro_rules! rule_cases {
    ($($name:ident: $rule:literal at $file:literal : $line:literal exits $code:literal;)*) => {
        $(
            #[test]
            fn $name() {
                assert_rule($rule, $file, $line, $code);
            }
        )*
    };
}

rule_cases! {
    invalid_encoding_is_an_error: "invalid-encoding" at "0001-latin1.md":11 exits 1;
    front_matter_syntax_points_into_the_yaml: "front-matter-syntax" at "0001-bad-yaml.md":3 exits 1;
    unknown_field_is_a_warning: "unknown-field" at "0001-typo.md":4 exits 0;
    invalid_date_is_an_error: "invalid-date" at "0001-bad-date.md":3 exits 1;
    invalid_deadline_is_an_error: "invalid-deadline" at "0001-bad-deadline.md":5 exits 1;
    unknown_kind_is_an_error: "unknown-kind" at "0001-memo.md":2 exits 1;
    unknown_status_is_an_error: "unknown-status" at "0001-typo-status.md":2 exits 1;
    proposed_rfc_without_decision_maker_is_missing_a_field: "missing-field" at "0001-no-decision-maker.md":3 exits 1;
    deadline_passed_while_open_is_an_error: "deadline-passed" at "0001-late.md":5 exits 1;
    deadline_soon_is_a_warning: "deadline-soon" at "0001-due-tomorrow.md":5 exits 0;
    review_due_is_a_warning: "review-due" at "0001-old.md":6 exits 0;
    action_item_overdue_is_a_warning: "action-item-overdue" at "0001-follow-up.md":20 exits 0;
    multiple_decision_makers_is_a_warning: "multiple-decision-makers" at "0001-two-deciders.md":3 exits 0;
    unknown_person_is_a_warning_when_people_are_listed: "unknown-person" at "0001-stranger.md":3 exits 0;
    duplicate_number_is_reported_on_both_files: "duplicate-number" at "0001-use-sqlite.md":1 exits 1;
    bad_file_name_is_a_warning: "bad-file-name" at "7-Use_PostgreSQL.md":1 exits 0;
    title_missing_is_an_error: "title-missing" at "0001-untitled.md":7 exits 1;
    broken_relation_is_an_error: "broken-link" at "0001-links.md":6 exits 1;
    broken_markdown_link_is_an_error: "broken-link" at "0001-links.md":16 exits 1;
    one_sided_link_is_an_error: "one-sided-link" at "0002-use-postgresql.md":6 exits 1;
    supersede_cycle_is_an_error: "supersede-cycle" at "0002-use-postgresql.md":3 exits 1;
    superseded_without_successor_is_an_error: "superseded-without-successor" at "0001-orphan.md":2 exits 1;
    superseded_by_a_proposal_is_an_error: "superseded-by-unaccepted" at "0001-use-postgresql.md":2 exits 1;
    successor_rejected_is_a_stale_supersession: "stale-supersession" at "0001-use-postgresql.md":6 exits 1;
    temp_file_of_an_interrupted_write_is_an_error: "stray-temp-file" at ".because-Xy12ab.tmp":1 exits 1;
    section_missing_is_an_error: "section-missing" at "0001-no-consequences.md":7 exits 1;
    section_empty_is_an_error: "section-empty" at "0001-empty-decision.md":13 exits 1;
    placeholder_left_is_an_error: "placeholder-left" at "0001-boilerplate-text.md":15 exits 1;
    binary_file_is_an_error: "binary-file" at "0001-diagram.md":1 exits 1;
    symlink_out_of_the_repository_is_an_error: "unsafe-path" at "0001-passwd.md":1 exits 1;
}

#[test]
fn every_rule_in_the_table_has_a_fixture_or_a_git_test() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    // Rules whose input cannot live in the repository: Git history, or a file over 8 MiB
    // (generated at run time in tests/cli/safety.rs).
    let with_git_tests = [
        "number-taken",
        "accepted-record-edited",
        "closed-status-changed",
        "closed-field-changed",
        "closed-record-deleted",
        "file-too-large",
    ];
    for rule in because::check::rules::RULES {
        let dir = fixtures.join(format!("invalid-{}", rule.id));
        assert!(
            dir.is_dir() || with_git_tests.contains(&rule.id),
            "rule {} has no fixture tree {}",
            rule.id,
            dir.display()
        );
    }
}

#[test]
fn valid_tree_exits_zero_with_a_summary() {
    let repo = fixture("valid");
    let out = repo.because(&["check"]).ok().to_string();
    assert_eq!(out, "0 errors, 0 warnings in 5 records\n");
}

#[test]
fn duplicate_number_names_the_other_file() {
    let repo = fixture("invalid-duplicate-number");
    let (_, found) = check_json(&repo, &[]);
    let files: Vec<&str> = found.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(
        files,
        [
            "docs/decisions/0001-use-postgresql.md",
            "docs/decisions/0001-use-sqlite.md"
        ]
    );
}

#[test]
fn front_matter_syntax_has_the_yaml_column() {
    let repo = fixture("invalid-front-matter-syntax");
    let (_, found) = check_json(&repo, &[]);
    assert_eq!((found[0].line, found[0].column), (3, 17));
}

#[test]
fn unknown_field_suggests_the_closest_known_field() {
    let repo = fixture("invalid-unknown-field");
    let out = repo.because(&["check"]).ok().to_string();
    assert!(
        out.contains("help: did you mean `decision-maker`?"),
        "{out}"
    );
}

#[test]
fn unknown_status_lists_the_allowed_ones() {
    let repo = fixture("invalid-unknown-status");
    let run = repo.because(&["check"]);
    run.fails_with(1);
    assert!(
        run.stdout.contains("did you mean `accepted`? allowed statuses: proposed, accepted, rejected, deprecated, superseded"),
        "{}",
        run.stdout
    );
}

// ---- output formats ----

fn mixed(format: &str) -> String {
    let repo = fixture("mixed");
    let run = repo.because(&["check", "--format", format]);
    run.fails_with(1);
    run.stdout
}

#[test]
fn human_format_snapshot() {
    insta::assert_snapshot!(mixed("human"));
}

#[test]
fn json_format_snapshot() {
    insta::assert_snapshot!(mixed("json"));
}

#[test]
fn github_format_snapshot() {
    insta::assert_snapshot!(mixed("github"));
}

#[test]
fn junit_format_snapshot() {
    insta::assert_snapshot!(mixed("junit"));
}

#[test]
fn sarif_format_snapshot() {
    let out = mixed("sarif").replace(
        &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"[version]\"",
    );
    insta::assert_snapshot!(out);
}

/// The OASIS SARIF 2.1.0 schema as published (tests/fixtures/sarif-schema-2.1.0.json, from the
/// serde-sarif crate), made compilable: its two `language` patterns have a stray `]` that a
/// strict `format: regex` meta-check rejects. `because` never writes `language`.
fn sarif_schema() -> Value {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json"),
    )
    .unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    for definition in ["run", "toolComponent"] {
        let pattern = schema
            .pointer_mut(&format!(
                "/definitions/{definition}/properties/language/pattern"
            ))
            .expect("the language pattern is where the published schema has it");
        assert_eq!(pattern, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *pattern = Value::from("^[a-zA-Z]{2}$|^[a-zA-Z]{2}-[a-zA-Z]{2}$");
    }
    schema
}

#[test]
fn sarif_output_is_valid_against_the_sarif_2_1_0_schema() {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&sarif_schema())
        .expect("the schema compiles");
    for tree in ["mixed", "valid", "invalid-duplicate-number"] {
        let repo = fixture(tree);
        let run = repo.because(&["check", "--format", "sarif"]);
        let log: Value = serde_json::from_str(&run.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{tree}: {errors:#?}");
    }
    let mut broken: Value = serde_json::from_str(&mixed("sarif")).unwrap();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(
        !validator.is_valid(&broken),
        "the schema check must be able to fail"
    );
}

#[test]
fn ci_report_paths_are_relative_to_the_repository_root() {
    let repo = fixture("mixed");
    let from_docs = |format: &str| {
        let run = repo
            .command()
            .current_dir(repo.join("docs"))
            .args(["check", "--format", format])
            .output()
            .unwrap();
        String::from_utf8_lossy(&run.stdout).into_owned()
    };
    let out = from_docs("github");
    assert!(
        out.lines().all(|l| l.contains("file=docs/decisions/000")),
        "{out}"
    );
    let junit = from_docs("junit");
    assert!(junit.contains(r#"file="docs/decisions/0001-"#), "{junit}");
    assert!(!junit.contains(r#"file="decisions/"#), "{junit}");
    let sarif: Value = serde_json::from_str(&from_docs("sarif")).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert!(
        uri.as_str().unwrap().starts_with("docs/decisions/"),
        "{uri}"
    );
    let human = repo
        .command()
        .current_dir(repo.join("docs"))
        .args(["check"])
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(human.starts_with("decisions/0001-"), "{human}");
}

/// GitLab's Code Quality report format as a JSON schema (tests/fixtures/, written from the
/// published format: the fields GitLab reads and their types).
fn gitlab_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gitlab-codequality-schema.json"),
    )
    .unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).expect("the schema compiles")
}

#[test]
fn gitlab_report_is_valid_code_quality_json_with_stable_distinct_fingerprints() {
    let validator = gitlab_schema();
    for tree in [
        "mixed",
        "valid",
        "invalid-duplicate-number",
        "invalid-broken-link",
    ] {
        let repo = fixture(tree);
        let run = repo
            .command()
            .current_dir(repo.join("docs"))
            .args(["check", "--format", "gitlab"])
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&run.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{tree}: {errors:#?}");
        let issues = report.as_array().unwrap();
        let mut fingerprints: Vec<&str> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        fingerprints.sort_unstable();
        fingerprints.dedup();
        assert_eq!(
            fingerprints.len(),
            issues.len(),
            "{tree}: fingerprints collide"
        );
        for issue in issues {
            let path = issue["location"]["path"].as_str().unwrap();
            assert!(path.starts_with("docs/decisions/"), "{tree}: {path}");
        }
    }
    let again = mixed("gitlab");
    assert_eq!(
        again,
        mixed("gitlab"),
        "the same findings give the same report"
    );
    let mut broken: Value = serde_json::from_str(&again).unwrap();
    broken[0]["severity"] = Value::from("error");
    assert!(
        !validator.is_valid(&broken),
        "the schema check must be able to fail"
    );
    let first = &serde_json::from_str::<Value>(&again).unwrap()[0];
    assert!(first["check_name"].is_string() && first["location"]["lines"]["begin"].is_u64());
}

#[test]
fn sarif_rules_link_to_their_anchor_in_docs_rules_md() {
    let log: Value = serde_json::from_str(&mixed("sarif")).unwrap();
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md"))
        .unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.len() > 20);
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let uri = rule["helpUri"].as_str().unwrap();
        assert_eq!(
            uri,
            format!("https://github.com/because-dev/because/blob/main/docs/rules.md#{id}")
        );
        assert!(docs.contains(&format!("\n## {id}\n")), "no anchor for {id}");
    }
}

#[test]
fn colour_is_never_used_off_a_terminal() {
    let repo = fixture("mixed");
    let run = repo
        .command()
        .env_remove("NO_COLOR")
        .arg("check")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&run.stdout).contains('\x1b'));
}

// ---- clock ----

#[test]
fn now_makes_deadline_results_reproducible() {
    let repo = fixture("invalid-deadline-passed");
    let rules_at = |now: &str| {
        let (_, found) = check_json(&repo, &["--now", now]);
        found.into_iter().map(|f| f.rule).collect::<Vec<_>>()
    };
    // The deadline is 2026-02-20, the end of that day in UTC.
    assert_eq!(rules_at("2026-02-01"), Vec::<String>::new());
    assert_eq!(rules_at("2026-02-19T12:00:00Z"), ["deadline-soon"]);
    assert_eq!(rules_at("2026-02-21T00:00:00Z"), ["deadline-passed"]);
    let first = repo.because(&["check", "--now", "2026-03-05 09:00 Europe/Berlin"]);
    let second = repo.because(&["check", "--now", "2026-03-05 09:00 Europe/Berlin"]);
    assert_eq!(first.stdout, second.stdout);
    assert!(
        first.stdout.contains("passed 12 days ago"),
        "{}",
        first.stdout
    );
    let from_env = repo
        .command()
        .env("BECAUSE_NOW", "2026-03-05 09:00 Europe/Berlin")
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&from_env.stdout), first.stdout);
}

// ---- exit codes and configuration ----

#[test]
fn deny_warnings_fails_on_a_warning() {
    let repo = fixture("invalid-unknown-field");
    repo.because(&["check"]).ok();
    repo.because(&["check", "--deny-warnings"]).fails_with(1);
}

#[test]
fn config_sets_rule_severities() {
    let repo = fixture("mixed");
    repo.write(
        "because.toml",
        "[rules]\nunknown-field = \"error\"\nmissing-field = \"off\"\nsection-empty = \"off\"\nbroken-link = \"warning\"\none-sided-link = \"off\"\n",
    );
    let (run, found) = check_json(&repo, &[]);
    run.fails_with(1);
    let seen: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.rule.as_str(), f.severity.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("review-due", "warning"),
            ("unknown-field", "error"),
            ("broken-link", "warning")
        ]
    );
}

#[test]
fn config_changes_required_fields_and_sections_per_kind_and_status() {
    let repo = fixture("valid");
    repo.write(
        "because.toml",
        r#"[kinds.adr]
open = ["proposed"]
closed = ["accepted", "rejected", "deprecated", "superseded"]
sections = ["Context", "Decision", "Risks"]
[kinds.adr.required]
accepted = ["decision-maker", "decided", "review-by"]
"#,
    );
    let (run, found) = check_json(&repo, &[]);
    run.fails_with(1);
    let seen: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.file.as_str(), f.rule.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (
                "docs/decisions/0001-record-architecture-decisions.md",
                "missing-field"
            ),
            (
                "docs/decisions/0001-record-architecture-decisions.md",
                "section-missing"
            ),
            (
                "docs/decisions/0002-use-mysql-for-events.md",
                "section-missing"
            ),
            (
                "docs/decisions/0003-use-postgresql-for-events.md",
                "section-missing"
            ),
        ]
    );
}

#[test]
fn unknown_rule_in_config_cannot_run() {
    let repo = fixture("valid");
    repo.write("because.toml", "[rules]\ndeadline-son = \"off\"\n");
    let err = repo.because(&["check"]).fails_with(2).to_string();
    assert!(
        err.contains("because.toml")
            && err.contains("`deadline-son` (did you mean `deadline-soon`?)"),
        "{err}"
    );
}

#[test]
fn bad_config_cannot_run() {
    let repo = fixture("valid");
    repo.write("because.toml", "[rules\n");
    let err = repo.because(&["check"]).fails_with(2).to_string();
    assert!(err.contains("because.toml"), "{err}");
}

#[test]
fn missing_records_directory_cannot_run() {
    let repo = TestRepo::new();
    let err = repo.because(&["check"]).fails_with(2).to_string();
    assert!(
        err.contains("docs/decisions") && err.contains("because init"),
        "{err}"
    );
}

#[test]
fn fresh_records_from_new_do_not_pass_until_written() {
    let repo = TestRepo::initialized();
    repo.because(&["check"]).ok();
    repo.because(&["new", "--no-edit", "--rfc", "Adopt cursor pagination"])
        .ok();
    let (run, found) = check_json(&repo, &[]);
    run.fails_with(1);
    let rules: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
    assert!(rules.contains(&"missing-field"), "{rules:?}");
    assert!(rules.contains(&"placeholder-left"), "{rules:?}");
}

#[test]
fn override_template_text_counts_as_placeholder() {
    let repo = fixture("valid");
    repo.write(
        ".because/templates/adr.md",
        "---\nstatus: {{ status }}\n---\n# {{ title }}\n\n## Context\n\nWhy, in our house style.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo what.\n",
    );
    let path = "docs/decisions/0001-record-architecture-decisions.md";
    let text = repo.read(path).replace(
        "We need a place for the events the billing service emits.",
        "Why, in our house style.",
    );
    repo.write(path, &text);
    let (_, found) = check_json(&repo, &[]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].rule.as_str(), found[0].line),
        ("placeholder-left", 11)
    );
}

// ---- PATH arguments ----

#[test]
fn paths_limit_the_report_but_links_use_every_record() {
    let repo = fixture("invalid-duplicate-number");
    let (run, found) = check_json(&repo, &["docs/decisions/0001-use-sqlite.md"]);
    run.fails_with(1);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].file, "docs/decisions/0001-use-sqlite.md");
    let out = repo
        .because(&["check", "docs/decisions/0001-use-sqlite.md"])
        .stdout;
    assert!(out.ends_with("1 error, 0 warnings in 1 record\n"), "{out}");
}

#[test]
fn a_directory_path_checks_the_records_in_it_and_readme_is_skipped() {
    let repo = fixture("valid");
    repo.because(&["check", "docs"]).ok();
    let out = repo
        .because(&["check", "docs/decisions/README.md"])
        .ok()
        .to_string();
    assert_eq!(out, "0 errors, 0 warnings in 0 records\n");
}

#[test]
fn missing_path_cannot_run_and_is_named() {
    let repo = fixture("valid");
    let err = repo
        .because(&["check", "docs/decisions/0009-nope.md"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("`docs/decisions/0009-nope.md`"), "{err}");
}

#[test]
fn file_arguments_check_only_the_records_among_them_against_every_record() {
    let repo = fixture("valid");
    repo.write("README.md", "# readme\n");
    repo.write("src/main.rs", "fn main() {}\n");
    repo.write("notes/0001-x.md", "# x\n");
    // 0002 is superseded by 0003, which is not passed: resolved against the whole index.
    let out = repo
        .because(&[
            "check",
            "README.md",
            "src/main.rs",
            "notes/0001-x.md",
            "docs/decisions/0002-use-mysql-for-events.md",
        ])
        .ok()
        .to_string();
    assert_eq!(out, "0 errors, 0 warnings in 1 record\n");
    // A second 0005 collides with one that was not passed.
    repo.write(
        "docs/decisions/0005-other.md",
        &repo.read("docs/decisions/0002-use-mysql-for-events.md"),
    );
    let run = repo.because(&["check", "--format", "json", "docs/decisions/0005-other.md"]);
    run.fails_with(1);
    assert!(run.stdout.contains("duplicate-number"), "{}", run.stdout);
    assert!(!run.stdout.contains("0002-use-mysql"), "{}", run.stdout);
}

#[test]
fn nothing_to_check_among_the_files_is_success() {
    let repo = fixture("valid");
    repo.write("README.md", "# readme\n");
    repo.write("src/lib.rs", "\n");
    let out = repo
        .because(&["check", "README.md", "src/lib.rs"])
        .ok()
        .to_string();
    assert_eq!(out, "0 errors, 0 warnings in 0 records\n");
}

// ---- --against ----

const DECIDED: &str = "---\nstatus: accepted\ndate: 2026-01-05\ndecision-maker: \"@sam\"\ndecided: 2026-01-10\n---\n# Use PostgreSQL\n\n## Context\n\nWe need a database.\n\n## Decision\n\nWe will use PostgreSQL\nfor every service.\n\n## Consequences\n\nOps work.\n";

fn record_text(title: &str) -> String {
    DECIDED.replace("Use PostgreSQL", title)
}

/// A repository whose `main` has 0001 (accepted) and a branch `feature` made from it.
fn two_branches() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("docs/decisions/0001-use-postgresql.md", DECIDED);
    repo.commit_all("first decision");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo
}

#[test]
fn against_reports_a_number_taken_on_the_other_branch() {
    let repo = two_branches();
    repo.write(
        "docs/decisions/0002-use-redis.md",
        &record_text("Use Redis"),
    );
    repo.commit_all("feature decision");
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        "docs/decisions/0002-use-kafka.md",
        &record_text("Use Kafka"),
    );
    repo.commit_all("main decision");
    repo.git(&["checkout", "-q", "feature"]);
    repo.because(&["check"]).ok();
    let (run, found) = check_json(&repo, &["--against", "main"]);
    run.fails_with(1);
    assert_eq!(
        found,
        [Finding {
            file: "docs/decisions/0002-use-redis.md".into(),
            line: 1,
            column: 1,
            rule: "number-taken".into(),
            severity: "error".into(),
        }]
    );
    let human = repo.because(&["check", "--against", "main"]).stdout;
    assert!(
        human.contains("number 0002 is already used on `main` by `0002-use-kafka.md`"),
        "{human}"
    );
}

#[test]
fn against_accepts_a_record_renamed_on_this_branch() {
    let repo = two_branches();
    repo.git(&[
        "mv",
        "docs/decisions/0001-use-postgresql.md",
        "docs/decisions/0001-use-postgresql-everywhere.md",
    ]);
    repo.commit_all("rename");
    repo.because(&["check", "--against", "main"]).ok();
}

#[test]
fn against_reports_an_edited_accepted_decision() {
    let repo = two_branches();
    let path = "docs/decisions/0001-use-postgresql.md";
    repo.write(
        path,
        &DECIDED.replace("for every service", "for most services"),
    );
    let (run, found) = check_json(&repo, &["--against", "main"]);
    run.fails_with(1);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].rule.as_str(), found[0].line),
        ("accepted-record-edited", 16)
    );
}

/// Each change to a decision closed on `main`, made on the branch, and the rule that reports it.
#[test]
fn against_guards_every_protected_part_of_a_closed_decision() {
    let path = "docs/decisions/0001-use-postgresql.md";
    let cases: [(&str, &str, &str); 6] = [
        (
            "status: accepted",
            "status: proposed",
            "closed-status-changed",
        ),
        (
            "status: accepted",
            "status: rejected",
            "closed-status-changed",
        ),
        (
            "decision-maker: \"@sam\"",
            "decision-maker: \"@kim\"",
            "closed-field-changed",
        ),
        (
            "decided: 2026-01-10",
            "decided: 2026-02-10",
            "closed-field-changed",
        ),
        ("# Use PostgreSQL", "# Use Postgres", "closed-field-changed"),
        ("Ops work.", "No ops work.", "accepted-record-edited"),
    ];
    for (from, to, rule) in cases {
        let repo = two_branches();
        repo.write(path, &DECIDED.replace(from, to));
        let (run, found) = check_json(&repo, &["--against", "main"]);
        run.fails_with(1);
        let rules: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, [rule], "{from} → {to}: {found:#?}");
    }
}

#[test]
fn against_reports_a_deleted_closed_decision_and_says_how_to_retire_it() {
    let repo = two_branches();
    repo.write(
        "docs/decisions/0002-use-redis.md",
        &record_text("Use Redis"),
    );
    repo.git(&["rm", "-q", "docs/decisions/0001-use-postgresql.md"]);
    repo.commit_all("drop it");
    let (run, found) = check_json(&repo, &["--against", "main"]);
    run.fails_with(1);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, "closed-record-deleted");
    let human = repo.because(&["check", "--against", "main"]).stdout;
    assert!(human.contains("because deprecate"), "{human}");
}

#[test]
fn against_fails_a_change_only_for_the_overdue_records_it_touches() {
    let repo = two_branches();
    let late = "---\nkind: rfc\nstatus: proposed\ndate: 2026-01-05\ndecision-maker: \"@sam\"\ndeadline: 2026-02-01T17:00:00Z\n---\n# Adopt gRPC\n\n## Context\n\nC.\n\n## Proposal\n\nP.\n\n## Alternatives considered\n\nA.\n\n## Open questions\n\nQ.\n\n## Decision criteria\n\nD.\n";
    repo.write("docs/decisions/0002-adopt-grpc.md", late);
    repo.commit_all("an RFC");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "feature"]);
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.write(
        "docs/decisions/0003-use-redis.md",
        &record_text("Use Redis"),
    );
    // Untouched by this change: a warning, so the pull request is not failed for it.
    let (run, found) = check_json(&repo, &["--against", "main"]);
    run.ok();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].rule.as_str(), found[0].severity.as_str()),
        ("deadline-passed", "warning")
    );
    // Touched by this change: an error again.
    repo.write(
        "docs/decisions/0002-adopt-grpc.md",
        &late.replace("P.", "P, revised."),
    );
    check_json(&repo, &["--against", "main"]).0.fails_with(1);
    // Without --against (the scheduled job) it stays an error.
    check_json(&repo, &[]).0.fails_with(1);
}

#[test]
fn relation_numbers_may_be_written_zero_padded_or_as_ids() {
    let repo = TestRepo::new();
    repo.write(
        "docs/decisions/0007-use-postgresql.md",
        &record_text("Use PostgreSQL").replace(
            "decided: 2026-01-10\n",
            "decided: 2026-01-10\nrelates-to: [1, 2, 3]\n",
        ),
    );
    for (n, entry) in [(1, "[0007]"), (2, "[\"0007\"]"), (3, "[ADR-0007]")] {
        let text = record_text("Other").replace(
            "decided: 2026-01-10\n",
            &format!("decided: 2026-01-10\nrelates-to: {entry}\n"),
        );
        repo.write(&format!("docs/decisions/000{n}-other-{n}.md"), &text);
    }
    repo.because(&["check"]).ok();
}

#[test]
fn against_allows_status_relation_review_and_rewrapping_changes() {
    let repo = two_branches();
    repo.write(
        "docs/decisions/0002-use-sqlite.md",
        &record_text("Use SQLite").replace(
            "decided: 2026-01-10\n",
            "decided: 2026-01-10\nsupersedes: [1]\n",
        ),
    );
    let edited = DECIDED
        .replace("status: accepted", "status: superseded")
        .replace(
            "decided: 2026-01-10\n",
            "decided: 2026-01-10\nreview-by: 2027-01-01\nsuperseded-by: [2]\n",
        )
        .replace("PostgreSQL\nfor every", "PostgreSQL for\nevery");
    repo.write("docs/decisions/0001-use-postgresql.md", &edited);
    repo.because(&["check", "--against", "main"]).ok();
}

#[test]
fn against_an_unknown_revision_cannot_run() {
    let repo = two_branches();
    let err = repo
        .because(&["check", "--against", "mian"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("unknown revision `mian`"), "{err}");
}

#[test]
fn against_a_base_a_shallow_ci_clone_lacks_says_how_to_fetch_it() {
    let upstream = two_branches();
    upstream.commit_all("feature work");
    // What actions/checkout does: one branch, one commit deep.
    let clone = TestRepo::plain();
    let url = format!("file://{}", upstream.path().display());
    clone.git(&["init", "-q"]);
    clone.git(&["remote", "add", "origin", &url]);
    clone.git(&["fetch", "-q", "--depth", "1", "origin", "feature"]);
    clone.git(&["checkout", "-q", "-b", "feature", "FETCH_HEAD"]);
    let err = clone
        .because(&["check", "--against", "origin/main"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("unknown revision `origin/main`"), "{err}");
    assert!(err.contains("`git fetch origin main`"), "{err}");
    assert!(err.contains("fetch-depth: 0"), "{err}");
    assert!(!err.contains("e.g. `--against origin/main`"), "{err}");
    // Fetching the base as told makes the same command work.
    clone.git(&["fetch", "-q", "origin", "main"]);
    clone.because(&["check", "--against", "origin/main"]).ok();
}

#[test]
fn against_outside_git_cannot_run_but_check_alone_can() {
    let repo = TestRepo::plain();
    repo.write("docs/decisions/0001-use-postgresql.md", DECIDED);
    repo.because(&["check"]).ok();
    let err = repo
        .because(&["check", "--against", "main"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("--against needs a Git repository"), "{err}");
}
