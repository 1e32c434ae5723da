//! The benchmark's corpus generator, run small, so the benchmark cannot rot.

#[path = "../../examples/gen-corpus/corpus.rs"]
mod generator;

use crate::support::TestRepo;

#[test]
fn generated_corpus_is_valid_for_check_and_has_history() {
    let parent = TestRepo::plain();
    let out = parent.join("corpus");
    generator::generate(
        &generator::Spec {
            records: 60,
            commits: 150,
        },
        &out,
    )
    .expect("generate");
    let names = std::fs::read_dir(out.join("docs/decisions"))
        .unwrap()
        .count();
    assert_eq!(names, 60);
    let mut cmd = parent.command();
    let listed = cmd
        .current_dir(&out)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(listed.status.success());
    let items: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 60);
    let mut cmd = parent.command();
    let checked = cmd
        .current_dir(&out)
        .args(["check", "--deny-warnings", "--now", "2026-01-01T00:00:00Z"])
        .output()
        .unwrap();
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
    let commits = std::process::Command::new("git")
        .arg("-C")
        .arg(&out)
        .args(["rev-list", "--count", "HEAD"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&commits.stdout).trim(), "150");
}
