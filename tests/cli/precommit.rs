//! The pre-commit hooks because ships (`.pre-commit-hooks.yaml`), run by the real `pre-commit`
//! from PyPI (`tests/requirements.txt`, installed by `scripts/test.sh`) in a user's repository:
//! pre-commit builds because with `cargo install` from this source tree, as for a user.

use std::path::Path;
use std::process::Command;

use crate::support::{NOW, TestRepo};

const BAD: &str = "---\nstatus: accepted\ndate: 2026-02-01\n---\n# Use Kafka\n\n## Context\n\nQueues.\n\n## Decision\n\nKafka.\n\n## Consequences\n\nOps.\n";

#[test]
fn pre_commit_hook_checks_the_records_and_ignores_other_files() {
    let found = Command::new("pre-commit").arg("--version").output();
    assert!(
        found.is_ok_and(|o| o.status.success()),
        "`pre-commit` is not on the PATH; scripts/test.sh installs it (pip install -r tests/requirements.txt)"
    );
    let repo = TestRepo::initialized();
    repo.write("README.md", "# A project\n");
    repo.write("src/main.rs", "fn main() {}\n");
    repo.write("docs/decisions/0002-use-kafka.md", BAD);
    repo.git(&["add", "-A"]);
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = pre_commit(&repo)
        .args(["try-repo", &source.display().to_string(), "because-check"])
        .arg("--all-files")
        .output()
        .expect("run pre-commit");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the hook fails on the bad record\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stdout.contains("docs/decisions/0002-use-kafka.md:")
            && stdout.contains("error[missing-field]"),
        "{stdout}"
    );
    // README.md and src/main.rs were passed too: ignored, not "could not run".
    assert!(stdout.contains("in 2 records"), "{stdout}");
    assert!(!stdout.contains("error: "), "{stdout}");
}

/// `pre-commit` in `repo`, building because quickly (no LTO), offline, into a target kept
/// between runs; the Cargo.lock's crates are already in the cache.
fn pre_commit(repo: &TestRepo) -> Command {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::new("pre-commit");
    cmd.current_dir(repo.path())
        .env("BECAUSE_NOW", NOW)
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("CARGO_TARGET_DIR", source.join("target/pre-commit"))
        .env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_NET_OFFLINE", "true");
    cmd
}

#[test]
fn pre_commit_toc_hook_fills_the_marked_table_of_contents() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let head = String::from_utf8(
        Command::new("git")
            .args(["rev-parse", "HEAD"])
            .current_dir(source)
            .output()
            .expect("git rev-parse")
            .stdout,
    )
    .unwrap();
    let repo = TestRepo::initialized();
    repo.write(
        "docs/decisions/README.md",
        "# Decisions\n\n<!-- because:toc -->\n<!-- because:toc:end -->\n",
    );
    // The hooks as a user's config names them: this repository at its last commit.
    repo.write(
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: because-toc\n        args: [docs/decisions/README.md]\n",
            source.display(),
            head.trim()
        ),
    );
    repo.git(&["add", "-A"]);
    let output = pre_commit(&repo)
        .env("PRE_COMMIT_HOME", source.join("target/pre-commit/home"))
        .args(["run", "--all-files", "because-toc"])
        .output()
        .expect("run pre-commit");
    let stdout = String::from_utf8_lossy(&output.stdout);
    // A hook that changes a file fails the commit, so the person stages the new table.
    assert_eq!(
        output.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("files were modified by this hook"),
        "{stdout}"
    );
    let readme = repo.read("docs/decisions/README.md");
    assert!(
        readme.contains("0001-record-architecture-decisions.md"),
        "{readme}"
    );
}
