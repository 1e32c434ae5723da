//! `TestRepo`: a temp Git repository with a fixed author and clock, and a way to run `because`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The clock every test runs at, so dates in records and diagnostics are reproducible.
pub const NOW: &str = "2026-03-01T12:00:00Z";
pub const TODAY: &str = "2026-03-01";

pub struct TestRepo {
    dir: tempfile::TempDir,
}

/// What a `because` run did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Assert exit 0 and return stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stdout
    }

    /// Assert the given exit code and return stderr.
    #[track_caller]
    pub fn fails_with(&self, code: i32) -> &str {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stderr
    }
}

impl TestRepo {
    /// A fresh Git repository (no commits yet).
    pub fn new() -> TestRepo {
        let repo = TestRepo::plain();
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Ada Author"]);
        repo
    }

    /// A temp directory that is not a Git repository.
    pub fn plain() -> TestRepo {
        TestRepo {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A repository after `because init`, committed.
    pub fn initialized() -> TestRepo {
        let repo = TestRepo::new();
        repo.because(&["init"]).ok();
        repo.commit_all("init");
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, contents: &str) {
        let path = self.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
    }

    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.join(rel).exists()
    }

    /// File names in the records directory, sorted.
    pub fn records(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.join("docs/decisions"))
            .map(|rd| {
                rd.filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// A `because` command in this repository with a fixed clock and no editor.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_because"));
        cmd.current_dir(self.path())
            .env("BECAUSE_NOW", NOW)
            .env_remove("BECAUSE_DIR")
            .env_remove("TZ")
            .env_remove("EDITOR")
            .env_remove("VISUAL")
            .env("NO_COLOR", "1");
        isolate_git(&mut cmd);
        cmd
    }

    pub fn because(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().expect("run because"))
    }

    /// Run git with a fixed author and date; panics on failure.
    #[track_caller]
    pub fn git(&self, args: &[&str]) -> String {
        let mut cmd = Command::new("git");
        cmd.current_dir(self.path()).args(args);
        isolate_git(&mut cmd);
        let output = cmd.output().expect("run git");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
    }
}

/// Fixed identity and dates; no user or system git config leaks into tests.
fn isolate_git(cmd: &mut Command) {
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Ada Author")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada Author")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("GIT_AUTHOR_DATE", "2026-02-01T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-02-01T10:00:00Z");
}
