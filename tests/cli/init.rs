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
