//! Hostile input and interrupted writes: nothing crashes, hangs, or loses a byte.

use std::time::{Duration, Instant};

use crate::support::{Run, TODAY, TestRepo};

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

/// A kill before the journal leaves only temp files: the next writer removes them and says
/// so; a reader leaves them for `check` to report.
#[test]
fn temp_files_of_a_change_killed_before_its_journal_are_removed_by_the_next_writer() {
    let repo = TestRepo::initialized();
    let stray = "docs/decisions/.because-Xy12ab.tmp";
    repo.write(stray, "---\nstatus: deprecated\n");
    repo.because(&["list"]).ok();
    assert!(repo.exists(stray), "a reader removes nothing");
    let run = repo.because(&["deprecate", "1"]);
    run.ok();
    assert!(
        run.stderr.contains(
            "rolled back an interrupted change (1 temp file removed; no record was changed)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(repo.records(), ["0001-record-architecture-decisions.md"]);
    let next = repo.because(&["new", "--no-edit", "Next"]);
    next.ok();
    assert!(!next.stderr.contains("rolled back"), "{}", next.stderr);
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
fn with_config_line(repo: &TestRepo, line: &str) {
    let config = repo.read("because.toml");
    repo.write("because.toml", &format!("{line}\n{config}"));
}

#[test]
fn template_override_symlinked_to_a_secret_is_refused_not_published() {
    let repo = TestRepo::initialized();
    std::fs::create_dir_all(repo.join(".because/templates")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", repo.join(".because/templates/app.js"))
        .unwrap();
    let run = Run::from(
        repo.command()
            .env("FAKE_CI_TOKEN", "s3cr3t-token")
            .args(["build", "--no-history"])
            .output()
            .unwrap(),
    );
    let err = run.fails_with(2);
    assert!(err.contains(".because/templates/app.js"), "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    assert!(!repo.exists("site/app.js"));
}

#[test]
fn templates_dir_outside_the_repository_is_refused() {
    let repo = TestRepo::initialized();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(
        elsewhere.path().join("adr.md"),
        "# {{ title }}\n\nsecret from outside\n",
    )
    .unwrap();
    let config = repo.read("because.toml").replace(
        "templates-dir = \".because/templates\"",
        &format!("templates-dir = \"{}\"", elsewhere.path().display()),
    );
    repo.write("because.toml", &config);
    let err = repo
        .because(&["new", "--no-edit", "Leak"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("outside the repository"), "{err}");
    assert!(err.contains("adr.md"), "{err}");
    assert_eq!(repo.records(), ["0001-record-architecture-decisions.md"]);
    let err = repo
        .because(&["build", "--eject-templates"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("outside the repository"), "{err}");
}

#[test]
fn record_template_symlinked_out_of_the_repository_is_refused() {
    let repo = TestRepo::initialized();
    let elsewhere = tempfile::tempdir().unwrap();
    let secret = elsewhere.path().join("secret.md");
    std::fs::write(&secret, "# {{ title }}\n\nsecret\n").unwrap();
    std::fs::create_dir_all(repo.join(".because/templates")).unwrap();
    std::os::unix::fs::symlink(&secret, repo.join(".because/templates/adr.md")).unwrap();
    let err = repo
        .because(&["new", "--no-edit", "Leak"])
        .fails_with(2)
        .to_string();
    assert!(err.contains(".because/templates/adr.md"), "{err}");
    assert_eq!(repo.records(), ["0001-record-architecture-decisions.md"]);
}

#[test]
fn build_never_writes_through_a_symlink_inside_the_output() {
    let repo = TestRepo::initialized();
    repo.because(&["build", "--no-history"]).ok();
    let public = tempfile::tempdir().unwrap();
    let page = "0001-record-architecture-decisions.html";
    std::fs::write(public.path().join(page), "my homepage").unwrap();
    std::fs::remove_dir_all(repo.join("site/records")).unwrap();
    std::os::unix::fs::symlink(public.path(), repo.join("site/records")).unwrap();
    let err = repo
        .because(&["build", "--no-history"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("site/records"), "{err}");
    assert!(err.contains("symlink"), "{err}");
    assert_eq!(
        std::fs::read_to_string(public.path().join(page)).unwrap(),
        "my homepage"
    );
    assert!(
        repo.join("site/records").is_symlink(),
        "the link is left alone"
    );
}

#[test]
fn rebuild_keeps_git_cname_and_dotfiles_in_the_site() {
    let repo = TestRepo::initialized();
    repo.because(&["build", "--no-history"]).ok();
    repo.write("site/CNAME", "decisions.example.com\n");
    repo.write("site/.nojekyll", "");
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .current_dir(repo.join("site"))
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(["-c", "user.name=A", "-c", "user.email=a@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "gh-pages"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "site"]);
    repo.because(&["build", "--no-history"]).ok();
    assert_eq!(repo.read("site/CNAME"), "decisions.example.com\n");
    assert!(repo.exists("site/.nojekyll"));
    assert!(repo.join("site/.git").is_dir());
    git(&["status", "--short"]);
    assert!(repo.exists("site/records/0001-record-architecture-decisions.html"));
}

#[test]
fn a_build_that_failed_half_way_is_taken_up_by_the_next_build() {
    let repo = TestRepo::initialized();
    for (n, who) in [(2, "@amy"), (3, "@zed")] {
        repo.write(
            &format!("docs/decisions/000{n}-by-{}.md", &who[1..]),
            &format!("---\nstatus: proposed\ndecision-maker: \"{who}\"\n---\n# By {who}\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n"),
        );
    }
    // Fails on the second person page only: after every record page is written.
    let person = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/site/person.html"
    ))
    .unwrap();
    let failing = person.replacen(
        "{% block title %}",
        "{% block title %}{% if \"zed\" in page.person.url %}{{ no_such_function() }}{% endif %}",
        1,
    );
    assert_ne!(failing, person);
    repo.write(".because/templates/person.html", &failing);
    repo.because(&["build", "--no-history"]).fails_with(2);
    assert!(
        repo.exists("site/records/0002-by-amy.html"),
        "pages were written before the failure"
    );
    std::fs::remove_file(repo.join(".because/templates/person.html")).unwrap();
    repo.because(&["build", "--no-history"]).ok();
    assert!(repo.exists("site/people/zed.html"));
}

#[test]
fn records_dir_outside_the_repository_is_refused_unless_opted_in() {
    let repo = TestRepo::initialized();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(
        elsewhere.path().join("0001-outside.md"),
        "---\nstatus: proposed\n---\n# Outside\n",
    )
    .unwrap();
    let config = repo.read("because.toml");
    with_config_line(
        &repo,
        &format!("records-dir = \"{}\"", elsewhere.path().display()),
    );
    let err = repo.because(&["list"]).fails_with(2).to_string();
    assert!(err.contains("outside the repository"), "{err}");
    assert!(err.contains("records-outside-repository"), "{err}");
    repo.because(&["new", "--no-edit", "Stray"]).fails_with(2);
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 1);
    with_config_line(&repo, "records-outside-repository = true");
    assert!(repo.because(&["list"]).ok().contains("Outside"));

    // The default records directory as a symlink out of the repository: refused the same way.
    repo.write("because.toml", &config);
    std::fs::remove_dir_all(repo.join("docs/decisions")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), repo.join("docs/decisions")).unwrap();
    let err = repo.because(&["list"]).fails_with(2).to_string();
    assert!(err.contains("outside the repository"), "{err}");
}

/// Before depth was bounded, one such record took 57 s (`* `) and 19 s (`> `) to build.
#[test]
fn forty_thousand_levels_of_nesting_build_in_seconds() {
    for (n, prefix) in [(2, "* "), (3, "> ")] {
        let repo = TestRepo::initialized();
        repo.write(
            &format!("docs/decisions/000{n}-deep.md"),
            &format!(
                "---\nstatus: proposed\n---\n# Deep\n\n{}deep text\n",
                prefix.repeat(40_000)
            ),
        );
        let started = Instant::now();
        repo.because(&["build", "--no-history"]).ok();
        let elapsed = started.elapsed();
        // Wall time on a shared CI machine: loose, yet far below the minutes it took before.
        assert!(elapsed < Duration::from_secs(20), "{prefix:?}: {elapsed:?}");
        let page = repo.read(&format!("site/records/000{n}-deep.html"));
        assert!(page.contains("deep text"), "{prefix:?}");
    }
}

/// Each of these is a record `check` cannot read; a writer must not edit it either.
#[test]
fn writers_refuse_a_record_check_cannot_read_with_checks_message() {
    let body = "# Broken\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n";
    let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    let cases = [
        (
            "duplicate keys",
            "status: proposed\nstatus: accepted\n".to_string(),
        ),
        ("alias bomb", format!("status: proposed\n{bomb}")),
        ("tabs", "status: proposed\ntags:\n\t- a\n".to_string()),
        ("NUL byte", "status: proposed\nnote: \"a\0b\"\n".to_string()),
    ];
    for (what, front) in cases {
        let repo = TestRepo::initialized();
        let path = "docs/decisions/0002-broken.md";
        let text = format!("---\n{front}decision-maker: \"@x\"\n---\n{body}");
        repo.write(path, &text);
        let checked = repo.because(&["check"]);
        let finding = checked
            .stdout
            .lines()
            .find(|l| l.starts_with(path))
            .unwrap_or_else(|| panic!("{what}: check reports nothing: {}", checked.stdout))
            .to_string();
        let err = repo
            .because(&["accept", "2", "--decision-maker", "@x"])
            .fails_with(1)
            .to_string();
        assert!(
            err.contains(&finding),
            "{what}: {err}\ncheck said: {finding}"
        );
        assert_eq!(repo.read(path), text, "{what}: the file is untouched");
    }
}

#[test]
fn link_onto_a_binary_record_is_refused_on_both_ends() {
    let repo = TestRepo::initialized();
    std::fs::write(
        repo.join("docs/decisions/0002-binary.md"),
        b"\x7fELF\x00\x00\x01",
    )
    .unwrap();
    let before = repo.read("docs/decisions/0001-record-architecture-decisions.md");
    let err = repo
        .because(&["link", "1", "relates-to", "2"])
        .fails_with(1)
        .to_string();
    assert!(err.contains("binary-file"), "{err}");
    assert_eq!(
        repo.read("docs/decisions/0001-record-architecture-decisions.md"),
        before
    );
}

/// A status or title holding a screen clear, an OSC 8 link or a bidi override is shown as a
/// visible escape by `list`, `show` and `check`, never passed to the terminal.
#[test]
fn terminal_escapes_in_record_text_are_never_printed_raw() {
    let repo = TestRepo::initialized();
    repo.write(
        "docs/decisions/0002-evil.md",
        "---\nstatus: \"proposed\\e[2J\"\nreview-by: \"soon\\e[2J\"\n---\n# Evil \u{1b}]8;;http://evil.example\u{7}click\u{1b}]8;;\u{7} \u{202e}txt.exe\n\nBody \u{1b}[31mred\n",
    );
    let runs = [
        repo.because(&["list"]),
        repo.because(&["show", "2"]),
        repo.because(&["check"]),
        repo.because(&["accept", "2", "--decision-maker", "@x"]),
    ];
    for run in &runs {
        for text in [&run.stdout, &run.stderr] {
            assert!(!text.contains('\u{1b}'), "raw ESC in {text:?}");
            assert!(!text.contains('\u{7}'), "raw BEL in {text:?}");
            assert!(!text.contains('\u{202e}'), "raw bidi override in {text:?}");
        }
    }
    assert!(runs[0].stdout.contains("\\u{1b}]8;;"), "{}", runs[0].stdout);
    assert!(
        runs[1].stdout.contains("Body \\u{1b}[31mred"),
        "{}",
        runs[1].stdout
    );
    // The status reader keeps the lifecycle word of a decorated status; check still reports
    // on the record, and prints nothing raw (asserted above).
    assert!(
        runs[2].stdout.contains("0002-evil.md"),
        "{}",
        runs[2].stdout
    );
}

#[test]
fn base_url_must_be_http_or_relative() {
    let repo = TestRepo::initialized();
    let config = repo.read("because.toml");
    let with = |url: &str| {
        let changed = config.replace(
            "# base-url = \"https://example.com/decisions/\"",
            &format!("base-url = \"{url}\""),
        );
        assert_ne!(changed, config);
        repo.write("because.toml", &changed);
    };
    with("javascript:alert(document.cookie)//");
    let err = repo
        .because(&["build", "--no-history"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("base-url") && err.contains("http"), "{err}");
    assert!(!repo.exists("site/feed.xml"));
    with("https://example.com/decisions/");
    repo.because(&["build", "--no-history"]).ok();
    with("/decisions/");
    repo.because(&["build", "--no-history"]).ok();
}

#[test]
fn a_person_named_index_keeps_their_page_apart_from_the_people_index() {
    let repo = TestRepo::initialized();
    repo.write(
        "docs/decisions/0002-x.md",
        "---\nstatus: proposed\ndecision-maker: \"@index\"\n---\n# X\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n",
    );
    repo.because(&["build", "--no-history"]).ok();
    let people = repo.read("site/people/index.html");
    assert!(people.contains("index-person.html"), "{people}");
    let page = repo.read("site/people/index-person.html");
    assert!(page.contains("0002"), "{page}");
}

#[test]
fn record_html_cannot_fake_the_sites_banners_or_ids() {
    let repo = TestRepo::initialized();
    repo.write(
        "docs/decisions/0002-x.md",
        "---\nstatus: rejected\n---\n# X\n\n<div class=\"banner banner-accepted\" id=\"main\">Accepted by the board</div>\n",
    );
    repo.because(&["build", "--no-history"]).ok();
    let page = repo.read("site/records/0002-x.html");
    let body = &page[page.find("Accepted by the board").unwrap() - 200..];
    assert!(!body[..200].contains("banner-accepted"), "{body}");
    assert_eq!(
        page.matches("id=\"main\"").count(),
        1,
        "only the site's own"
    );
}

#[test]
fn bare_repository_is_refused() {
    let repo = TestRepo::plain();
    std::process::Command::new("git")
        .args(["init", "-q", "--bare"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    let err = repo
        .because(&["new", "--no-edit", "X"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("bare git repository"), "{err}");
    assert!(!repo.exists("docs"), "nothing written into the git dir");
}

#[test]
fn fifos_and_non_utf8_file_names_are_reported_not_skipped() {
    use std::os::unix::ffi::OsStrExt;
    let repo = TestRepo::initialized();
    let fifo = repo.join("docs/decisions/0002-fifo.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let name = std::ffi::OsStr::from_bytes(b"0003-caf\xe9.md");
    std::fs::write(
        repo.join("docs/decisions").join(name),
        "---\nstatus: proposed\n---\n# Cafe\n",
    )
    .unwrap();
    let started = Instant::now();
    let run = repo.because(&["check"]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "a FIFO must not block"
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("0002-fifo.md:1:1: error[unsafe-path]: the file is not a regular file"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("the file name is not valid UTF-8"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_missing_git_object_suggests_no_history() {
    let repo = TestRepo::initialized();
    repo.write(
        "docs/decisions/0001-record-architecture-decisions.md",
        "---\nstatus: accepted\n---\n# Changed\n",
    );
    repo.commit_all("two");
    let first = repo.git(&["rev-parse", "HEAD~1"]);
    let first = first.trim();
    std::fs::remove_file(repo.join(&format!(".git/objects/{}/{}", &first[..2], &first[2..])))
        .unwrap();
    let err = repo.because(&["build"]).fails_with(2).to_string();
    assert!(err.contains("--no-history"), "{err}");
    repo.because(&["build", "--no-history"]).ok();
}

/// A full disk, simulated with a file-size limit (`ulimit -f`, SIGXFSZ ignored so writes fail
/// with EFBIG as on ENOSPC): the command fails, and no record, empty or partial, and no temp
/// file is left behind; the records it would have changed are byte-identical.
#[test]
fn a_full_disk_leaves_no_empty_record_and_no_temp_file() {
    let repo = TestRepo::initialized();
    let big = format!(
        "---\nstatus: proposed\n---\n# Big\n\n## Context\n\n{}\n\n## Decision\n\nd\n\n## Consequences\n\ne\n",
        "words ".repeat(2_000)
    );
    repo.write("docs/decisions/0002-big.md", &big);
    repo.write(
        ".because/templates/adr.md",
        &big.replace("# Big", "# {{ title }}"),
    );
    let limited = |args: &str| {
        let because = repo.command();
        let mut sh = std::process::Command::new("sh");
        sh.current_dir(repo.path())
            .envs(because.get_envs().filter_map(|(k, v)| Some((k, v?))))
            .arg("-c")
            .arg(format!("trap '' XFSZ; ulimit -f 4; exec \"$0\" {args}"))
            .arg(because.get_program());
        Run::from(sh.output().unwrap())
    };
    let before = repo.records();
    let err = limited("new --no-edit Overflow").fails_with(2).to_string();
    assert!(err.contains("failed to write"), "{err}");
    assert_eq!(repo.records(), before, "no new record, no temp file");
    let err = limited("renumber 2 7").fails_with(2).to_string();
    assert!(err.contains("failed to write"), "{err}");
    assert_eq!(repo.records(), before);
    assert_eq!(repo.read("docs/decisions/0002-big.md"), big);
}

/// In a linked worktree `.git` is a file; the lock and journal go to its git dir, never
/// beside the records.
#[test]
fn in_a_worktree_the_lock_lives_in_the_git_dir() {
    let repo = TestRepo::initialized();
    repo.git(&["worktree", "add", "-q", "wt", "-b", "side"]);
    let wt = repo.join("wt");
    let run = Run::from(
        repo.command()
            .current_dir(&wt)
            .args(["new", "--no-edit", "In the worktree"])
            .output()
            .unwrap(),
    );
    run.ok();
    let names: Vec<String> = std::fs::read_dir(wt.join("docs/decisions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
    assert!(repo.join(".git/worktrees/wt/because.lock").exists());
}

#[test]
fn a_title_with_a_line_break_is_refused_not_split_into_the_body() {
    let repo = TestRepo::initialized();
    let err = repo
        .because(&["new", "--no-edit", "Use X\n## Decision\n\nforged"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("line break"), "{err}");
    assert_eq!(repo.records(), ["0001-record-architecture-decisions.md"]);
}
