//! The README's tour, run command by command in a new repository: the README can never show a
//! command that fails.

use std::process::Command;

use crate::support::{NOW, TestRepo};

/// The logical lines of the first `sh` block after `## A short tour` (`\` continuations joined).
fn tour_commands(readme: &str) -> Vec<String> {
    let tour = &readme[readme.find("## A short tour").expect("README has a tour")..];
    let block = &tour[tour.find("```sh\n").expect("tour has an sh block") + 6..];
    let block = &block[..block.find("```").expect("sh block is closed")];
    let mut commands = Vec::new();
    let mut pending = String::new();
    for line in block.lines() {
        match line.strip_suffix('\\') {
            Some(head) => pending.push_str(head),
            None => {
                pending.push_str(line);
                commands.push(std::mem::take(&mut pending));
            }
        }
    }
    commands.retain(|c| !c.trim().is_empty());
    commands
}

/// An `$EDITOR` standing in for a person writing: each line of template text becomes real text.
const EDITOR: &str = "#!/bin/sh\nsed -i '/^[A-Z]/s/.*/Written during the tour./' \"$@\"\n";

#[test]
fn readme_tour_runs_command_by_command() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("read README.md");
    let commands = tour_commands(&readme);
    assert!(commands.len() > 10, "tour too short: {commands:?}");
    let repo = TestRepo::new();
    let home = tempfile::tempdir().expect("temp home");
    let editor = home.path().join("editor.sh");
    std::fs::write(&editor, EDITOR).expect("write editor");
    Command::new("chmod")
        .arg("+x")
        .arg(&editor)
        .status()
        .expect("chmod");
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_because"))
        .parent()
        .expect("binary dir");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for command in &commands {
        assert!(
            !command.contains("/etc"),
            "the tour must not write outside the user's files: {command}"
        );
        let output = Command::new("bash")
            .args(["-euo", "pipefail", "-c", command])
            .current_dir(repo.path())
            .env("PATH", &path)
            .env("HOME", home.path())
            .env("EDITOR", &editor)
            .env("BECAUSE_NOW", NOW)
            .env("NO_COLOR", "1")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env_remove("BECAUSE_DIR")
            .output()
            .expect("run bash");
        assert!(
            output.status.success(),
            "README tour command failed ({}): {command}\nstdout:\n{}\nstderr:\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // What the tour says happened, happened.
    assert!(
        repo.read("docs/decisions/0002-use-postgresql-for-events.md")
            .contains("status: superseded")
    );
    assert!(repo.exists("docs/decisions/0009-drop-the-soap-api.md"));
    assert!(repo.exists("site/index.html"));
    assert!(repo.exists("because.sarif"));
    assert!(repo.exists("man/because-check.1"));
    assert!(
        home.path()
            .join(".local/share/bash-completion/completions/because")
            .is_file()
    );
}

#[test]
fn readme_opens_with_the_install_line_and_two_commands() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("read README.md");
    let block = &readme[readme.find("```sh\n").expect("an sh block") + 6..];
    let lines: Vec<&str> = block.lines().take(3).collect();
    assert!(lines[0].starts_with("cargo install --path ."), "{lines:?}");
    assert!(
        lines[1].starts_with("cargo run --release -- build"),
        "{lines:?}"
    );
    assert!(lines[2].starts_with("scripts/test.sh"), "{lines:?}");
}
