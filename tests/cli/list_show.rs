//! `because list`, `because show`, help, completions and man.

use crate::support::TestRepo;

fn sample() -> TestRepo {
    let repo = TestRepo::initialized();
    repo.because(&[
        "new",
        "--no-edit",
        "Use PostgreSQL for events",
        "--tag",
        "db",
    ])
    .ok();
    repo.because(&[
        "new",
        "--no-edit",
        "--rfc",
        "Adopt cursor pagination",
        "--decision-maker",
        "@sam",
        "--deadline",
        "2026-03-12",
        "--tag",
        "api",
        "--consulted",
        "@alex",
    ])
    .ok();
    repo.write(
        "docs/decisions/README.md",
        "# Decisions\n\nThis is not a record.\n",
    );
    repo
}

#[test]
fn list_table_shows_every_record_and_skips_readme() {
    let repo = sample();
    let out = repo.because(&["list"]).ok().to_string();
    insta::assert_snapshot!(out, @r"
    NUMBER  STATUS    KIND  DATE        DECISION-MAKER  DEADLINE                              TITLE
    0001    accepted  adr   2026-03-01  Ada Author      -                                     Record architecture decisions
    0002    proposed  adr   2026-03-01  -               -                                     Use PostgreSQL for events
    0003    proposed  rfc   2026-03-01  @sam            Thu 12 Mar 23:59 UTC, due in 11 days  Adopt cursor pagination
    ");
}

#[test]
fn list_filters_by_status_kind_tag_and_person() {
    let repo = sample();
    let paths = |args: &[&str]| {
        let mut full = vec!["list", "--format", "paths"];
        full.extend_from_slice(args);
        repo.because(&full)
            .ok()
            .lines()
            .map(|l| l[15..19].to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(&["--status", "Proposed"]), ["0002", "0003"]);
    assert_eq!(paths(&["--kind", "rfc"]), ["0003"]);
    assert_eq!(paths(&["--tag", "db"]), ["0002"]);
    assert_eq!(paths(&["--person", "sam"]), ["0003"]);
    assert_eq!(paths(&["--person", "@alex"]), ["0003"]);
}

#[test]
fn list_json_has_metadata() {
    let repo = sample();
    let out = repo.because(&["list", "--format", "json"]).ok().to_string();
    let items: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rfc = &items[2];
    assert_eq!(rfc["number"], 3);
    assert_eq!(rfc["title"], "Adopt cursor pagination");
    assert_eq!(rfc["kind"], "rfc");
    assert_eq!(rfc["decision_makers"][0], "@sam");
    assert_eq!(rfc["deadline"], "2026-03-12T23:59:59+00:00[UTC]");
    assert_eq!(
        rfc["path"],
        "docs/decisions/0003-adopt-cursor-pagination.md"
    );
}

#[test]
fn show_prints_metadata_relations_both_ways_and_body() {
    let repo = sample();
    repo.because(&["new", "--no-edit", "--supersedes", "2", "Use SQLite"])
        .ok();
    let out = repo.because(&["show", "2"]).ok().to_string();
    assert!(
        out.starts_with("0002  Use PostgreSQL for events\n"),
        "{out}"
    );
    // Supersession takes effect on acceptance (issue 11): 0004 is only proposed.
    assert!(out.contains("status:         proposed"), "{out}");
    assert!(out.contains("superseded-by:  0004 Use SQLite"), "{out}");
    assert!(out.contains("## Context"));
    let json: serde_json::Value =
        serde_json::from_str(repo.because(&["show", "4", "--format", "json"]).ok()).unwrap();
    assert_eq!(json["relations"]["supersedes"][0], 2);
    assert!(json["body"].as_str().unwrap().contains("# Use SQLite"));
}

#[test]
fn show_missing_record_cannot_run() {
    let repo = sample();
    let err = repo.because(&["show", "42"]).fails_with(2).to_string();
    assert!(
        err.contains("no record numbered 42") && err.contains("because list"),
        "{err}"
    );
}

#[test]
fn closed_stdout_pipe_is_not_a_panic() {
    let repo = sample();
    for i in 0..30 {
        repo.because(&["new", "--no-edit", &format!("Many {i}")])
            .ok();
    }
    let mut child = repo
        .command()
        .args(["list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once, like `| head -0`
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn help_lists_every_verb() {
    let repo = TestRepo::plain();
    insta::assert_snapshot!(repo.because(&["--help"]).ok());
}

#[test]
fn completions_and_man_are_generated() {
    let repo = TestRepo::plain();
    // Dynamic completion: the script calls back into because on TAB (tests/cli/complete.rs).
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = repo.because(&["completions", shell]).ok().to_string();
        assert!(
            out.contains("COMPLETE") && out.contains("because"),
            "{shell}: {out}"
        );
    }
    assert!(repo.because(&["man"]).ok().contains(".TH because"));
}

#[test]
fn a_person_is_one_identity_under_every_name_and_teams_are_not_unknown_people() {
    let repo = TestRepo::initialized();
    let config = repo.read("because.toml").replace(
        "[people]\n",
        "[people]\n\"@sam\" = { name = \"Sam Rivera\", email = \"sam@example.com\", aliases = [\"srivera\"] }\n",
    );
    repo.write("because.toml", &config);
    repo.because(&[
        "new",
        "--no-edit",
        "--decision-maker",
        "Sam Rivera",
        "--informed",
        "#api-guild",
        "Use PostgreSQL",
    ])
    .ok();
    repo.because(&["new", "--no-edit", "--decision-maker", "@sam", "Use Redis"])
        .ok();
    for name in ["@sam", "Sam Rivera", "srivera", "sam@example.com"] {
        let json: serde_json::Value = serde_json::from_str(
            repo.because(&["list", "--person", name, "--format", "json"])
                .ok(),
        )
        .unwrap();
        assert_eq!(json.as_array().unwrap().len(), 2, "{name}: {json}");
    }
    let check = repo.because(&["check", "--format", "json"]);
    // Only the init record's git author is unknown: not the channel, not Sam's other name.
    let unknown: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.contains("is not in the [people] table"))
        .collect();
    assert!(
        unknown.len() == 1 && unknown[0].contains("Ada Author"),
        "{}",
        check.stdout
    );
    repo.because(&["build", "--no-history"]).ok();
    let page = repo.read("site/people/sam.html");
    assert!(page.contains("Sam Rivera (@sam)"), "{page}");
    assert!(!repo.exists("site/people/sam-rivera.html"));
}

/// Sets a file's mtime an hour back, so the metadata cache may store it (a file written in
/// the last two seconds is never stored: a write in the same clock tick could follow).
fn age(repo: &TestRepo, rel: &str) {
    let file = std::fs::File::options()
        .write(true)
        .open(repo.join(rel))
        .unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    file.set_modified(hour_ago).unwrap();
}

fn cache_files(repo: &TestRepo) -> Vec<String> {
    let dir = repo.join(".git/because");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("records-"))
        .collect()
}

#[test]
fn list_reuses_the_metadata_cache_only_while_a_file_is_unchanged() {
    let repo = sample();
    let first = "docs/decisions/0002-use-postgresql-for-events.md";
    for rel in repo.records() {
        age(&repo, &format!("docs/decisions/{rel}"));
    }
    let before = repo.because(&["list", "--format", "json"]).ok().to_string();
    assert_eq!(
        cache_files(&repo).len(),
        1,
        "the first list stores the cache"
    );
    assert_eq!(repo.because(&["list", "--format", "json"]).ok(), before);

    // An edit in place of the same length, mtime set back: ctime still tells it apart.
    let text = repo
        .read(first)
        .replace("status: proposed", "status: declined");
    assert_eq!(text.len(), repo.read(first).len());
    std::fs::write(repo.join(first), &text).unwrap();
    age(&repo, first);
    let after: serde_json::Value =
        serde_json::from_str(repo.because(&["list", "--format", "json"]).ok()).unwrap();
    let record = after
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["number"] == 2)
        .unwrap();
    assert_eq!(record["status"], "rejected", "{record}");

    // Another configuration reads the same files differently: the cache starts afresh.
    let config = repo.read("because.toml");
    let aliased = config.replace(
        "\n[status-aliases]\n",
        "\n[status-aliases]\ndeclined = \"withdrawn\"\n",
    );
    assert_ne!(aliased, config);
    repo.write("because.toml", &aliased);
    let listed = repo.because(&["list", "--format", "json"]).ok().to_string();
    assert!(listed.contains("\"withdrawn\""), "{listed}");

    std::fs::remove_file(repo.join(first)).unwrap();
    let gone = repo.because(&["list"]).ok().to_string();
    assert!(!gone.contains("PostgreSQL"), "{gone}");
}
