//! Monorepos (issue 16): at the root, `list`, `check` and `build` cover every member (folders
//! with a `because.toml` of their own, `records-dirs`), each numbered and checked on its own.

use serde_json::Value;

use crate::support::{Run, TestRepo};

/// A filled-in record, so `check` has nothing to say about it.
fn record(title: &str, status: &str) -> String {
    format!(
        "---\nkind: adr\nstatus: {status}\ndate: 2026-03-01\n---\n# {title}\n\n## Context\n\nThe services need {title}.\n\n## Decision\n\nWe will do it.\n\n## Consequences\n\nOne more thing to run.\n"
    )
}

fn run_in(repo: &TestRepo, dir: &str, args: &[&str]) -> Run {
    let output = repo
        .command()
        .current_dir(repo.join(dir))
        .args(args)
        .output();
    Run::from(output.expect("run because"))
}

/// A root `because.toml` (no records of its own) and two packages set up with `because init`
/// in `services/a` and `services/b`, each with 0001 and 0002; a dependency folder holding a
/// `because.toml` that is not a member.
fn monorepo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("because.toml", "[site]\ntitle = \"Acme decisions\"\n");
    for (dir, title) in [("services/a", "Use queues"), ("services/b", "Use gRPC")] {
        std::fs::create_dir_all(repo.join(dir)).unwrap();
        run_in(&repo, dir, &["init"]).ok();
        let created = run_in(&repo, dir, &["new", "--no-edit", title])
            .ok()
            .to_string();
        // Numbering is per member: both packages' second record is 0002.
        assert!(created.starts_with("docs/decisions/0002-"), "{created}");
        repo.write(
            &format!("{dir}/{}", created.trim()),
            &record(title, "proposed"),
        );
    }
    repo.write("node_modules/lib/because.toml", "");
    repo.write("node_modules/lib/docs/decisions/0001-x.md", "not a record");
    repo.commit_all("two packages");
    repo
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn list_at_the_root_shows_every_member_with_its_root() {
    let repo = monorepo();
    let table = repo.because(&["list"]).ok().to_string();
    let header = table.lines().next().unwrap();
    assert!(
        header.starts_with("ROOT") && header.contains("NUMBER"),
        "{table}"
    );
    assert_eq!(table.lines().count(), 5, "{table}");
    assert!(table.contains("services/a  0002"), "{table}");
    assert!(table.contains("services/b  0002"), "{table}");
    assert!(!table.contains("node_modules"), "{table}");
    let items = json(repo.because(&["list", "--format", "json"]).ok());
    let roots: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["root"].as_str().expect("every record names its root"))
        .collect();
    assert_eq!(
        roots,
        ["services/a", "services/a", "services/b", "services/b"]
    );
}

#[test]
fn root_filters_list_check_and_build_to_one_member() {
    let repo = monorepo();
    let only_b = repo
        .because(&["list", "--root", "services/b"])
        .ok()
        .to_string();
    assert_eq!(only_b.lines().count(), 3, "{only_b}");
    assert!(only_b.contains("Use gRPC") && !only_b.contains("Use queues"));
    assert!(
        only_b.starts_with("ROOT"),
        "a monorepo's list names the root"
    );
    let check = repo
        .because(&["check", "--root", "./services/a/"])
        .ok()
        .to_string();
    assert!(check.contains("in 2 records"), "{check}");
    let unknown = repo.because(&["list", "--root", "services/c"]);
    let err = unknown.fails_with(2);
    assert!(err.contains("services/a, services/b"), "{err}");
    repo.because(&["build", "--no-history", "--root", "services/a"])
        .ok();
    assert!(repo.exists("site/services-a/index.html"));
    assert!(!repo.exists("site/services-b"));
}

#[test]
fn a_command_inside_a_package_sees_that_package_only() {
    let repo = monorepo();
    let list = run_in(&repo, "services/a", &["list"]).ok().to_string();
    assert!(
        list.starts_with("NUMBER"),
        "no ROOT column inside a package:\n{list}"
    );
    assert_eq!(list.lines().count(), 3, "{list}");
    let items = json(run_in(&repo, "services/a", &["list", "--format", "json"]).ok());
    assert!(
        items[0].get("root").is_none(),
        "single-repo JSON is unchanged"
    );
}

#[test]
fn check_at_the_root_checks_each_member_alone() {
    let repo = monorepo();
    let human = repo.because(&["check", "--deny-warnings"]).ok().to_string();
    assert!(!human.contains("duplicate-number"), "{human}");
    assert!(
        human.contains("0 errors, 0 warnings in 4 records"),
        "{human}"
    );
}

#[test]
fn check_reports_every_members_findings_in_every_format() {
    let repo = monorepo();
    repo.write(
        "services/a/docs/decisions/0003-bad.md",
        &record("Bad", "bogus"),
    );
    repo.write(
        "services/b/docs/decisions/0003-worse.md",
        &record("Worse", "bogus"),
    );
    let a = "services/a/docs/decisions/0003-bad.md";
    let b = "services/b/docs/decisions/0003-worse.md";
    let human = repo.because(&["check"]);
    human.fails_with(1);
    assert!(
        human.stdout.contains(a) && human.stdout.contains(b),
        "{}",
        human.stdout
    );
    let findings = json(&repo.because(&["check", "--format", "json"]).stdout);
    let paths: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&a) && paths.contains(&b), "{paths:?}");
    let github = repo.because(&["check", "--format", "github"]).stdout;
    assert!(github.contains(&format!("file={a}")) && github.contains(&format!("file={b}")));
    let sarif = json(&repo.because(&["check", "--format", "sarif"]).stdout);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), paths.len(), "one result per finding");
    let gitlab = json(&repo.because(&["check", "--format", "gitlab"]).stdout);
    assert_eq!(gitlab.as_array().unwrap().len(), paths.len());
    let junit = repo.because(&["check", "--format", "junit"]);
    junit.fails_with(1);
    assert!(
        junit.stdout.contains(r#"tests="6" failures="2""#),
        "{}",
        junit.stdout
    );
    // Inside a package, only that package is checked.
    let inside = run_in(&repo, "services/b", &["check", "--format", "json"]);
    assert!(!inside.stdout.contains("0003-bad"), "{}", inside.stdout);
}

#[test]
fn build_at_the_root_writes_each_members_site_and_a_top_index() {
    let repo = monorepo();
    std::fs::create_dir_all(repo.join("services/c")).unwrap();
    run_in(&repo, "services/c", &["init"]).ok();
    repo.because(&["build", "--no-history"]).ok();
    for page in [
        "site/services-a/index.html",
        "site/services-a/records/0002-use-queues.html",
        "site/services-b/records/0002-use-grpc.html",
        "site/services-b/style.css",
        "site/style.css",
    ] {
        assert!(repo.exists(page), "no {page}");
    }
    let top = repo.read("site/index.html");
    assert!(top.contains("<title>Acme decisions</title>"), "{top}");
    for link in [
        r#"href="services-a/records/0001-record-architecture-decisions.html""#,
        r#"href="services-a/records/0002-use-queues.html">Use queues</a>"#,
        r#"href="services-b/records/0002-use-grpc.html">Use gRPC</a>"#,
        r##"href="#member-services-b">services/b</a>"##,
    ] {
        assert!(top.contains(link), "no {link} in\n{top}");
    }
    assert!(top.contains("status-proposed"), "{top}");
    // A member that is gone takes its pages with it; what the user keeps in the site stays.
    repo.write("site/CNAME", "decisions.example.com");
    assert!(repo.exists("site/services-c/index.html"));
    std::fs::remove_dir_all(repo.join("services/c")).unwrap();
    repo.because(&["build", "--no-history"]).ok();
    assert!(
        !repo.exists("site/services-c"),
        "the gone member's site is removed"
    );
    assert!(repo.exists("site/CNAME"), "the user's file is kept");
    assert!(repo.exists("site/services-a/index.html") && repo.exists("site/services-b"));
    assert!(!repo.read("site/index.html").contains("services-c"));
}

#[test]
fn members_keep_their_history_caches_between_builds() {
    let repo = monorepo();
    repo.because(&["build"]).ok();
    let dir = repo.git(&["rev-parse", "--git-common-dir"]);
    let cache = |member: &str| {
        let file = format!("because/history-v2-services-{member}-docs-decisions.jsonl");
        let path = repo.join(dir.trim()).join(file);
        std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let before = (cache("a"), cache("b"));
    repo.because(&["build"]).ok();
    assert_eq!(
        (cache("a"), cache("b")),
        before,
        "a rebuild reads both caches, writes neither"
    );
    let page = repo.read("site/services-b/records/0002-use-grpc.html");
    assert!(page.contains("two packages"), "the history is on the page");
}

#[test]
fn records_dirs_in_the_root_config_are_members_too() {
    let repo = TestRepo::new();
    repo.write(
        "because.toml",
        "records-dirs = [\"services/a/adr\", \"./services/b/adr/\"]\n",
    );
    for dir in ["services/a/adr", "services/b/adr"] {
        repo.write(
            &format!("{dir}/0001-start.md"),
            &record("Start", "proposed"),
        );
    }
    repo.commit_all("records");
    let list = repo.because(&["list"]).ok().to_string();
    assert!(list.contains("services/a/adr  0001"), "{list}");
    assert!(list.contains("services/b/adr  0001"), "{list}");
    let check = repo.because(&["check"]).ok().to_string();
    assert!(
        check.contains("in 2 records") && !check.contains("duplicate"),
        "{check}"
    );
    repo.because(&["build", "--no-history"]).ok();
    assert!(repo.exists("site/services-a-adr/records/0001-start.html"));
    repo.write("because.toml", "records-dirs = [\"/etc\"]\n");
    let err = repo.because(&["list"]).fails_with(2).to_string();
    assert!(err.contains("`records-dirs` lists `/etc`"), "{err}");
}
