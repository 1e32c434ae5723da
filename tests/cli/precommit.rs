//! The pre-commit hook because ships (`.pre-commit-hooks.yaml`), run by the real `pre-commit`
//! from PyPI (`tests/requirements.txt`, installed by `scripts/test.sh`) with `try-repo` on this source tree, in a user's
//! repository: pre-commit builds because with `cargo install` as it would for a user.

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
    let output = Command::new("pre-commit")
        .args(["try-repo", &source.display().to_string(), "because-check"])
        .arg("--all-files")
        .current_dir(repo.path())
        .env("BECAUSE_NOW", NOW)
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        // A quick build instead of the release profile's LTO, kept between runs; the
        // Cargo.lock's crates are already in the cache.
        .env("CARGO_TARGET_DIR", source.join("target/pre-commit"))
        .env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_NET_OFFLINE", "true")
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
