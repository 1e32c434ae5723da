//! Completion: the script `because completions bash` prints, sourced in a real bash, offers the
//! repository's record numbers, statuses, kinds and people on TAB.

use std::process::Command;

use crate::support::{NOW, TestRepo};

/// What bash offers for `words` (the last one being completed) after sourcing the script.
fn complete(repo: &TestRepo, words: &[&str]) -> Vec<String> {
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_because"))
        .parent()
        .unwrap()
        .display()
        .to_string();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        "source <(because completions bash)\nCOMP_WORDS=(because {words})\nCOMP_CWORD={cword}\nCOMP_TYPE=9\n_clap_complete_because because '{current}' '{previous}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = quoted.join(" "),
        cword = words.len(),
        current = words.last().unwrap(),
        previous = words.get(words.len().wrapping_sub(2)).unwrap_or(&"because"),
    );
    let output = Command::new("bash")
        .args(["-c", &script])
        .current_dir(repo.path())
        .env(
            "PATH",
            format!("{bin_dir}:{}", std::env::var("PATH").unwrap()),
        )
        .env("BECAUSE_NOW", NOW)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn completion_offers_the_repositorys_records_statuses_kinds_and_people() {
    let repo = TestRepo::initialized();
    repo.because(&[
        "new",
        "--no-edit",
        "Use Kafka",
        "--decision-maker",
        "@sam",
        "--consulted",
        "@alex",
    ])
    .ok();
    let records = complete(&repo, &["show", ""]);
    assert!(
        records.contains(&"1".to_string()) && records.contains(&"2".to_string()),
        "{records:?}"
    );
    let statuses = complete(&repo, &["status", "2", ""]);
    assert!(statuses.contains(&"accepted".to_string()), "{statuses:?}");
    assert!(statuses.contains(&"withdrawn".to_string()), "{statuses:?}");
    let kinds = complete(&repo, &["list", "--kind", ""]);
    assert_eq!(kinds, ["adr", "rfc"]);
    let people = complete(&repo, &["accept", "2", "--decision-maker", "@"]);
    assert_eq!(people, ["@alex", "@sam"]);
    // A new record is offered at once: candidates are read on each TAB.
    repo.because(&["new", "--no-edit", "Use Redis"]).ok();
    assert!(complete(&repo, &["show", ""]).contains(&"3".to_string()));
}
