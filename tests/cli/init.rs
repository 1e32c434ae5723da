//! `because init`.

use crate::support::{TODAY, TestRepo};

#[test]
fn init_writes_config_directory_and_first_accepted_record() {
    let repo = TestRepo::new();
    let out = repo.because(&["init"]).ok().to_string();
    assert!(out.contains("created because.toml"), "{out}");
    assert!(
        out.contains("created docs/decisions/0001-record-architecture-decisions.md"),
        "{out}"
    );
    let record = repo.read("docs/decisions/0001-record-architecture-decisions.md");
    assert!(record.contains("status: accepted\n"));
    assert!(record.contains(&format!("decided: {TODAY}\n")));
    assert!(
        record.contains("decision-maker: \"Ada Author\"\n"),
        "{record}"
    );
    assert!(repo.read("because.toml").contains("# because.toml"));
}

#[test]
fn init_twice_overwrites_nothing() {
    let repo = TestRepo::new();
    repo.because(&["init"]).ok();
    repo.write("because.toml", "timezone = \"Europe/Berlin\"\n");
    let before = repo.read("docs/decisions/0001-record-architecture-decisions.md");
    let out = repo.because(&["init"]).ok().to_string();
    assert!(out.contains("exists; left as it is"), "{out}");
    assert_eq!(repo.read("because.toml"), "timezone = \"Europe/Berlin\"\n");
    assert_eq!(
        repo.read("docs/decisions/0001-record-architecture-decisions.md"),
        before
    );
    assert_eq!(repo.records().len(), 1);
}

#[test]
fn invalid_config_is_exit_2_naming_the_file_and_key() {
    let repo = TestRepo::new();
    repo.write("because.toml", "timezon = \"UTC\"\n");
    let err = repo.because(&["list"]).fails_with(2).to_string();
    assert!(err.contains("because.toml"), "{err}");
    assert!(err.contains("timezon"), "{err}");
}

#[test]
fn init_in_a_monorepo_package_writes_there_and_ignores_its_site() {
    let repo = TestRepo::new();
    repo.write("README.md", "# monorepo\n");
    std::fs::create_dir_all(repo.join("services/a")).unwrap();
    let run = repo
        .command()
        .current_dir(repo.join("services/a"))
        .arg("init")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(repo.exists("services/a/because.toml"));
    assert!(repo.exists("services/a/docs/decisions/0001-record-architecture-decisions.md"));
    assert!(!repo.exists("because.toml") && !repo.exists("docs"));
    assert_eq!(repo.read("services/a/.gitignore"), "/site/\n");
    let build = repo
        .command()
        .current_dir(repo.join("services/a"))
        .args(["build", "--no-history"])
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(repo.exists("services/a/site/index.html"));
    let status = repo.git(&["status", "--porcelain", "--untracked-files=all"]);
    assert!(
        !status.contains("site/"),
        "the built site shows as untracked:\n{status}"
    );
}

#[test]
fn init_adds_the_site_to_an_existing_gitignore_once() {
    let repo = TestRepo::new();
    repo.write(".gitignore", "/target");
    repo.because(&["init"]).ok();
    assert_eq!(repo.read(".gitignore"), "/target\n/site/\n");
    repo.because(&["init"]).ok();
    assert_eq!(repo.read(".gitignore"), "/target\n/site/\n");
}

#[test]
fn init_outside_git_says_why_it_writes_no_gitignore() {
    let repo = TestRepo::plain();
    let out = repo.because(&["init"]).ok().to_string();
    assert!(out.contains("not in a Git repository"), "{out}");
    assert!(!repo.exists(".gitignore"));
}
