//! Numbers never collide across branches.

use crate::support::TestRepo;

#[test]
fn number_used_only_on_another_branch_is_not_reused() {
    let repo = TestRepo::initialized();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.because(&["new", "--no-edit", "Feature decision"]).ok();
    repo.commit_all("feature record");
    repo.git(&["checkout", "-q", "main"]);
    assert!(!repo.exists("docs/decisions/0002-feature-decision.md"));
    let out = repo
        .because(&["new", "--no-edit", "Main decision"])
        .ok()
        .to_string();
    assert_eq!(out.trim(), "docs/decisions/0003-main-decision.md");
}

#[test]
fn number_on_a_remote_tracking_branch_is_not_reused() {
    let origin = TestRepo::initialized();
    origin.git(&["checkout", "-q", "-b", "theirs"]);
    origin.because(&["new", "--no-edit", "Theirs"]).ok();
    origin.because(&["new", "--no-edit", "Theirs too"]).ok();
    origin.commit_all("theirs");
    origin.git(&["checkout", "-q", "main"]);
    let clone = TestRepo::plain();
    clone.git(&["clone", "-q", origin.path().to_str().unwrap(), "."]);
    let out = clone
        .because(&["new", "--no-edit", "Mine"])
        .ok()
        .to_string();
    assert_eq!(out.trim(), "docs/decisions/0004-mine.md");
}

#[test]
fn outside_git_the_working_tree_alone_counts() {
    let repo = TestRepo::plain();
    repo.because(&["init"]).ok();
    let out = repo
        .because(&["new", "--no-edit", "No git here"])
        .ok()
        .to_string();
    assert_eq!(out.trim(), "docs/decisions/0002-no-git-here.md");
}

#[test]
fn dir_flag_and_env_point_at_another_records_directory() {
    let repo = TestRepo::new();
    let out = repo
        .because(&["--dir", "adr", "new", "--no-edit", "Elsewhere"])
        .ok()
        .to_string();
    assert_eq!(out.trim(), "adr/0001-elsewhere.md");
    let out = repo
        .command()
        .env("BECAUSE_DIR", "adr")
        .args(["new", "--no-edit", "Again"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "adr/0002-again.md"
    );
}

#[test]
fn adr_dir_file_is_honoured() {
    let repo = TestRepo::new();
    repo.write(".adr-dir", "doc/arch\n");
    let out = repo
        .because(&["new", "--no-edit", "Honour adr tools"])
        .ok()
        .to_string();
    assert_eq!(out.trim(), "doc/arch/0001-honour-adr-tools.md");
}

#[test]
fn nested_repository_does_not_use_the_outer_projects_config() {
    let outer = TestRepo::initialized();
    let inner = outer.join("vendor/inner");
    std::fs::create_dir_all(&inner).unwrap();
    let status = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(&inner)
        .status()
        .unwrap();
    assert!(status.success());
    let out = outer
        .command()
        .current_dir(&inner)
        .args(["new", "--no-edit", "Inner"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "docs/decisions/0001-inner.md"
    );
    assert!(inner.join("docs/decisions/0001-inner.md").exists());
    assert_eq!(outer.records().len(), 1);
}
