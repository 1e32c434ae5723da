//! Hostile input and interrupted writes: nothing crashes, hangs, or loses a byte.

use std::time::{Duration, Instant};

use crate::support::{TODAY, TestRepo};

fn problems(repo: &TestRepo, record: &str) -> Vec<String> {
    let out = repo.because(&["show", record, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rule"].as_str().unwrap().to_string())
        .collect()
}

/// User + system CPU seconds of one `because` run, as bash's `times` reports its children.
fn child_cpu_seconds(repo: &TestRepo, args: &[&str]) -> f64 {
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg("\"$0\" \"$@\" >/dev/null 2>&1; times")
        .arg(env!("CARGO_BIN_EXE_because"))
        .args(args)
        .current_dir(repo.path())
        .env("BECAUSE_NOW", crate::support::NOW)
        .output()
        .expect("bash runs");
    let times = String::from_utf8_lossy(&output.stdout);
    let children = times
        .lines()
        .nth(1)
        .expect("`times` prints the children's line");
    children
        .split_whitespace()
        .map(|t| {
            let (m, s) = t.trim_end_matches('s').split_once('m').expect("NmS.SSSs");
            m.parse::<f64>().unwrap() * 60.0 + s.parse::<f64>().unwrap()
        })
        .sum()
}

#[test]
fn yaml_alias_bomb_is_rejected_quickly() {
    let repo = TestRepo::initialized();
    let mut bomb = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!(
            "{i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    bomb.push_str("status: accepted\n---\n# Bomb\n");
    repo.write("docs/decisions/0002-bomb.md", &bomb);
    assert_eq!(problems(&repo, "2"), ["front-matter-syntax"]);
    // CPU time, not wall-clock time: a loaded CI machine must not fail this, and an expanding
    // bomb (9^9 strings) takes minutes of CPU.
    let cpu = child_cpu_seconds(&repo, &["show", "2", "--format", "json"]);
    assert!(cpu < 5.0, "took {cpu:.2} s of CPU");
}

#[test]
fn deeply_nested_yaml_is_a_finding_not_a_stack_overflow() {
    let repo = TestRepo::initialized();
    let deep = format!(
        "---\nx: {}{}\n---\n# Deep\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    repo.write("docs/decisions/0002-deep.md", &deep);
    assert_eq!(problems(&repo, "2"), ["front-matter-syntax"]);
}

#[test]
fn huge_binary_and_broken_files_are_listed_with_findings() {
    let repo = TestRepo::initialized();
    let huge = format!(
        "---\nstatus: proposed\n---\n# Huge\n\n{}",
        "word ".repeat(10_500_000)
    );
    repo.write("docs/decisions/0002-huge.md", &huge);
    std::fs::write(
        repo.join("docs/decisions/0003-binary.md"),
        b"\x7fELF\x00\x00\x01binary",
    )
    .unwrap();
    std::fs::write(
        repo.join("docs/decisions/0004-latin1.md"),
        b"---\nstatus: proposed\n---\n# Caf\xe9\n",
    )
    .unwrap();
    repo.write(
        "docs/decisions/0005-long-line.md",
        &format!(
            "---\nstatus: proposed\n---\n# Long\n\n{}\n",
            "x".repeat(100_000)
        ),
    );
    std::os::unix::fs::symlink("/etc/passwd", repo.join("docs/decisions/0006-passwd.md")).unwrap();
    let started = Instant::now();
    let listed = repo.because(&["list", "--format", "json"]).ok().to_string();
    assert!(started.elapsed() < Duration::from_secs(10));
    let items: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 6);
    assert_eq!(problems(&repo, "2"), ["file-too-large"]);
    assert_eq!(problems(&repo, "3"), ["binary-file"]);
    assert_eq!(problems(&repo, "4"), ["invalid-encoding"]);
    assert!(problems(&repo, "5").is_empty());
    assert_eq!(problems(&repo, "6"), ["unsafe-path"]);
    let shown = repo.because(&["show", "6"]).ok().to_string();
    assert!(
        !shown.contains("root:"),
        "the symlink target must not be read: {shown}"
    );
    // `check` on the whole hostile tree finishes and reports every one of them.
    let checked = repo.because(&["check", "--format", "json"]);
    assert_eq!(checked.code, 1, "{}", checked.stderr);
    let findings: serde_json::Value = serde_json::from_str(&checked.stdout).unwrap();
    let rules: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for rule in [
        "file-too-large",
        "binary-file",
        "invalid-encoding",
        "unsafe-path",
    ] {
        assert!(rules.contains(&rule), "{rule} missing from {rules:?}");
    }
}

#[test]
fn failure_between_temp_write_and_rename_leaves_original_byte_identical() {
    let repo = TestRepo::initialized();
    let path = "docs/decisions/0001-record-architecture-decisions.md";
    let before = repo.read(path);
    let run = repo
        .command()
        .env("BECAUSE_TEST_FAIL_BEFORE_RENAME", "1")
        .args(["deprecate", "1"])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(repo.read(path), before);
    assert_eq!(
        repo.records(),
        ["0001-record-architecture-decisions.md"],
        "no temp files left"
    );
}

#[test]
fn failed_new_with_supersedes_leaves_no_new_file_and_old_record_untouched() {
    let repo = TestRepo::initialized();
    let path = "docs/decisions/0001-record-architecture-decisions.md";
    let before = repo.read(path);
    let run = repo
        .command()
        .env("BECAUSE_TEST_FAIL_BEFORE_RENAME", "1")
        .args(["new", "--no-edit", "--supersedes", "1", "Replacement"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(repo.read(path), before);
    assert_eq!(repo.records(), ["0001-record-architecture-decisions.md"]);
}

#[test]
fn two_processes_accepting_one_record_one_wins_the_other_refuses() {
    let repo = TestRepo::initialized();
    repo.write(
        "docs/decisions/0002-race.md",
        "---\nstatus: proposed\ndecision-maker: \"@sam\"\n---\n# Race\n\n## Context\n\nTwo deciders.\n\n## Decision\n\nOne wins.\n\n## Consequences\n\nThe other is refused.\n",
    );
    let children: Vec<_> = (0..2)
        .map(|_| {
            repo.command()
                .args(["accept", "2"])
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let codes: Vec<i32> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
        .collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(sorted, [0, 1], "{codes:?}");
    let text = repo.read("docs/decisions/0002-race.md");
    assert_eq!(text.matches("decided: ").count(), 1, "{text}");
    assert!(text.contains("status: accepted\n") && text.contains(&format!("decided: {TODAY}\n")));
}
