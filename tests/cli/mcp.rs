//! `because mcp` driven by a real MCP client: the official Python SDK (PyPI `mcp`, installed
//! by `scripts/test.sh`), over stdio, against a repository with three records.

use std::process::Command;

use crate::support::TestRepo;

const FILLED: &str = "## Context\n\nEvents need a durable log.\n\n## Decision\n\nWe will use PostgreSQL.\n\n## Consequences\n\nOne more table to watch.\n";

fn repository() -> TestRepo {
    let repo = TestRepo::initialized();
    repo.because(&[
        "new",
        "--no-edit",
        "--decision-maker",
        "@sam",
        "Use PostgreSQL for events",
    ])
    .ok();
    let path = "docs/decisions/0002-use-postgresql-for-events.md";
    let text = repo.read(path);
    let front_end = text
        .find("## Context")
        .expect("template has a Context section");
    repo.write(path, &format!("{}{FILLED}", &text[..front_end]));
    repo.because(&["new", "--no-edit", "Draft the archive policy"])
        .ok();
    repo.commit_all("records");
    repo
}

#[test]
fn a_real_mcp_client_reads_and_with_allow_write_writes() {
    let repo = repository();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mcp/client_test.py");
    let output = Command::new("python3")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_because"))
        .arg(repo.path())
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named 'mcp'"),
        "the MCP client is missing: `pip install mcp` (scripts/test.sh installs it)"
    );
    assert!(
        output.status.success(),
        "stdout:\n{}\nstderr:\n{stderr}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("mcp client test: ok"));
    // The writes went through the store like the command line's: the record is accepted.
    let accepted = repo.read("docs/decisions/0002-use-postgresql-for-events.md");
    assert!(accepted.contains("status: accepted"), "{accepted}");
    assert!(repo.exists("docs/decisions/0004-cache-sessions-in-redis.md"));
}
