//! `because why`: records tied to code by `governs` globs, citing commits (several message
//! forms), a commit changing a record and code together, code comments, a superseded
//! governing record; a file, a line, a directory, `--all`, and `--changed` for a branch.

use serde_json::Value;

use crate::support::TestRepo;

fn record(title: &str, status: &str, extra: &str) -> String {
    let slug = title.to_lowercase().replace(' ', "-");
    let decided = match status {
        "proposed" => String::new(),
        _ => "decision-maker: \"@sam\"\ndecided: 2026-01-10\n".into(),
    };
    format!(
        "---\nstatus: {status}\ndate: 2026-01-05\n{decided}{extra}---\n# {title}\n\n## Context\n\nWhy {slug}.\n\n## Decision\n\nWe will.\n\n## Consequences\n\nSome.\n"
    )
}

const POOL: &str = "//! The connection pool.\n// see ADR-0004\npub fn size() -> u32 { 10 }\n";

/// Six records and five commits:
/// 1. everything at once (six records changed: a sweep, which ties no record by changing it);
/// 2. `Tune pool size (ADR-2)`; 3. a citation in the body (`ADR 0002`, and `RFC 99`, which
///    no record has); 4. record 0005 changed together with the pool; 5. a path citation.
fn governed_repo() -> TestRepo {
    let repo = TestRepo::new();
    let dir = "docs/decisions";
    let files = [
        (
            "0001-use-mysql.md",
            record(
                "Use MySQL",
                "superseded",
                "governs: [\"src/db/**\"]\nsuperseded-by: [3]\n",
            ),
        ),
        ("0002-pool-sizing.md", record("Pool sizing", "accepted", "")),
        (
            "0003-use-postgresql.md",
            record(
                "Use PostgreSQL",
                "accepted",
                "governs: [\"src/db/**\", \"migrations/*.sql\"]\nsupersedes: [1]\n",
            ),
        ),
        (
            "0004-retry-policy.md",
            record("Retry policy", "accepted", ""),
        ),
        (
            "0005-connection-limits.md",
            record("Connection limits", "accepted", ""),
        ),
        (
            "0006-cache-queries.md",
            record("Cache queries", "proposed", "governs: [\"src/db/**\"]\n"),
        ),
    ];
    for (name, text) in &files {
        repo.write(&format!("{dir}/{name}"), text);
    }
    repo.write("src/db/pool.rs", POOL);
    repo.write("src/api/handler.rs", "pub fn handle() {}\n");
    repo.write("migrations/0001.sql", "create table t ();\n");
    repo.commit_all("Add records and code");
    repo.write("src/db/pool.rs", &POOL.replace("10", "20"));
    repo.commit_all("Tune pool size (ADR-2)");
    let pool = format!("{}pub fn retry() {{}}\n", POOL.replace("10", "20"));
    repo.write("src/db/pool.rs", &pool);
    repo.commit_all("Retry on timeout\n\nPer ADR 0002 and RFC 99.");
    repo.write(
        "src/db/pool.rs",
        &format!("{pool}pub const LIMIT: u32 = 50;\n"),
    );
    let limits = record("Connection limits", "accepted", "").replace("Some.", "At most 50.");
    repo.write(&format!("{dir}/0005-connection-limits.md"), &limits);
    repo.commit_all("Limit connections");
    repo.write("src/api/handler.rs", "pub fn handle() { retry() }\n");
    repo.commit_all("Retry in the handler, see docs/decisions/0004-retry-policy.md");
    repo
}

fn short(repo: &TestRepo, rev: &str) -> String {
    repo.git(&["rev-parse", "--short=7", rev])
        .trim()
        .to_string()
}

#[test]
fn why_a_file_ranks_globs_then_commits_by_recency_then_comments() {
    let repo = governed_repo();
    let out = repo.because(&["why", "src/db/pool.rs"]).ok().to_string();
    let (limit, retry, tune) = (
        short(&repo, "HEAD~1"),
        short(&repo, "HEAD~2"),
        short(&repo, "HEAD~3"),
    );
    let expected = format!(
        "0003 Use PostgreSQL [accepted]
  governs `src/db/**`
0005 Connection limits [accepted]
  commit {limit} 'Limit connections' changed this file together with the record
0002 Pool sizing [accepted]
  commit {retry} 'Retry on timeout' changed this file
  commit {tune} 'Tune pool size (ADR-2)' changed this file
0004 Retry policy [accepted]
  comment at src/db/pool.rs:2: // see ADR-0004

superseded:
0001 Use MySQL [superseded], replaced by 0003 Use PostgreSQL
  governs `src/db/**`
"
    );
    assert_eq!(out, expected);
}

#[test]
fn why_a_line_follows_its_blamed_commit() {
    let repo = governed_repo();
    let run = repo.because(&["why", "src/db/pool.rs:5", "--format", "json"]);
    let value: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(value["path"], "src/db/pool.rs");
    assert_eq!(value["line"], 5);
    let numbers: Vec<u64> = value["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["number"].as_u64().unwrap())
        .collect();
    // The glob, the commit that wrote line 5, the comment three lines above it.
    assert_eq!(numbers, [3, 5, 4]);
    let tie = &value["decisions"][1]["ties"][0];
    assert_eq!(tie["tie"], "commit");
    assert_eq!(tie["how"], "changed-with-record");
    assert_eq!(tie["line"], 5);
    assert_eq!(tie["subject"], "Limit connections");
    assert_eq!(tie["commit"], repo.git(&["rev-parse", "HEAD~1"]).trim());
    assert_eq!(value["decisions"][0]["ties"][0]["glob"], "src/db/**");
    assert_eq!(value["decisions"][2]["ties"][0]["line"], 2);
    assert_eq!(value["superseded"][0]["number"], 1);
    assert_eq!(value["superseded"][0]["successor"], 3);

    let line3 = repo.because(&["why", "src/db/pool.rs:3"]).ok().to_string();
    assert!(
        line3.contains(&format!(
            "commit {} 'Tune pool size (ADR-2)' changed this line",
            short(&repo, "HEAD~3")
        )),
        "{line3}"
    );
    assert!(!line3.contains("Connection limits"), "{line3}");
    assert!(
        line3.starts_with("0003 Use PostgreSQL [accepted]\n  governs `src/db/**`\n"),
        "{line3}"
    );
    // Line 1 was written by the first commit, which changed six records at once: a sweep.
    let line1 = repo.because(&["why", "src/db/pool.rs:1"]).ok().to_string();
    assert!(!line1.contains("commit "), "{line1}");
}

#[test]
fn an_uncommitted_line_is_nobodys_yet() {
    let repo = governed_repo();
    let text = repo.read("src/db/pool.rs");
    repo.write("src/db/pool.rs", &format!("{text}pub fn new_line() {{}}\n"));
    let out = repo.because(&["why", "src/db/pool.rs:7"]).ok().to_string();
    assert!(!out.contains("commit "), "{out}");
    assert!(out.starts_with("0003 Use PostgreSQL"), "{out}");
}

#[test]
fn why_all_lists_every_status_and_a_path_citation_ties_a_commit() {
    let repo = governed_repo();
    let out = repo
        .because(&["why", "--all", "src/db/pool.rs"])
        .ok()
        .to_string();
    assert!(
        out.contains("0006 Cache queries [proposed]\n  governs `src/db/**`"),
        "{out}"
    );
    assert!(out.contains("0001 Use MySQL [superseded]"), "{out}");
    assert!(!out.contains("superseded:\n"), "{out}");
    let handler = repo
        .because(&["why", "src/api/handler.rs"])
        .ok()
        .to_string();
    assert_eq!(
        handler,
        format!(
            "0004 Retry policy [accepted]\n  commit {} 'Retry in the handler, see docs/decisions/0004-retry-policy.md' changed this file\n",
            short(&repo, "HEAD")
        )
    );
}

#[test]
fn why_a_directory_names_the_file_a_glob_matched() {
    let repo = governed_repo();
    let out = repo.because(&["why", "migrations/"]).ok().to_string();
    assert_eq!(
        out,
        "0003 Use PostgreSQL [accepted]\n  governs `migrations/*.sql` (matches migrations/0001.sql)\n"
    );
    let nothing = repo.because(&["why", "README.md"]);
    nothing.fails_with(2);
    repo.write("README.md", "hello\n");
    let out = repo.because(&["why", "README.md"]).ok().to_string();
    assert_eq!(out, "no decision in force is tied to `README.md`\n");
}

#[test]
fn why_changed_annotates_the_touched_files_for_github() {
    let repo = governed_repo();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        "src/api/handler.rs",
        "pub fn handle() { retry(); retry() }\n",
    );
    repo.write("migrations/0002.sql", "alter table t;\n");
    repo.commit_all("Retry twice");
    // A record changed on the branch is not code: it is left out of the files reported.
    let sizing = repo.read("docs/decisions/0002-pool-sizing.md");
    repo.write(
        "docs/decisions/0002-pool-sizing.md",
        &sizing.replace("Some.", "Fewer."),
    );
    repo.commit_all("Clarify 0002");
    let run = repo.because(&[
        "why",
        "--changed",
        "--against",
        "main",
        "--format",
        "github",
    ]);
    let out = run.ok();
    let mut found: Vec<(String, String)> = out
        .lines()
        .map(|line| {
            assert!(line.starts_with("::notice file="), "{line}");
            let file = line["::notice file=".len()..]
                .split(',')
                .next()
                .unwrap()
                .to_string();
            let governed = line.split("governed by ").nth(1).unwrap();
            (file, governed[..4].to_string())
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("migrations/0002.sql".to_string(), "0003".to_string()),
            ("src/api/handler.rs".to_string(), "0004".to_string()),
        ]
    );
    assert!(out.contains("help: governs `migrations/*.sql`"), "{out}");

    let human = repo
        .because(&["why", "--changed", "--against", "main"])
        .ok()
        .to_string();
    assert!(
        human.ends_with("2 code files changed, 2 files tied to 2 decisions\n"),
        "{human}"
    );
    let json = repo.because(&["why", "--changed", "--against", "main", "--format", "json"]);
    let items: Value = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 2);
    assert_eq!(items[0]["severity"], "notice");
    assert_eq!(items[0]["rule"], "governed-by");
}

#[test]
fn new_writes_governs_globs_and_refuses_an_invalid_one() {
    let repo = TestRepo::initialized();
    repo.write("src/cache/lru.rs", "pub struct Lru;\n");
    let path = repo
        .because(&[
            "new",
            "--no-edit",
            "Use an LRU cache",
            "--governs",
            "src/cache/**",
            "--governs",
            "*.sql",
        ])
        .ok()
        .trim()
        .to_string();
    let text = repo.read(&path);
    assert!(
        text.contains("governs: [\"src/cache/**\",\"*.sql\"]\n"),
        "{text}"
    );
    let why = repo
        .because(&["why", "src/cache/lru.rs", "--all"])
        .ok()
        .to_string();
    assert!(
        why.contains("0002 Use an LRU cache [proposed]\n  governs `src/cache/**`"),
        "{why}"
    );
    let refused = repo.because(&["new", "--no-edit", "Bad", "--governs", "src/[x"]);
    assert!(
        refused.fails_with(1).contains("invalid --governs `src/[x`"),
        "{}",
        refused.stderr
    );
    assert_eq!(repo.records().len(), 2);
}

#[test]
fn a_citation_pattern_can_be_configured() {
    let repo = governed_repo();
    repo.write("because.toml", "[why]\ncitations = ['\\bD([0-9]+)\\b']\n");
    repo.write(
        "src/db/pool.rs",
        &format!("{}// D5\n", repo.read("src/db/pool.rs")),
    );
    let out = repo.because(&["why", "src/db/pool.rs"]).ok().to_string();
    // `ADR-2` is no longer a citation; `D5` in a comment is.
    assert!(!out.contains("Pool sizing"), "{out}");
    assert!(out.contains("comment at src/db/pool.rs:6: // D5"), "{out}");
    repo.write("because.toml", "[why]\ncitations = ['ADR-[0-9]+']\n");
    let bad = repo.because(&["why", "src/db/pool.rs"]);
    assert!(bad.fails_with(2).contains("has no group"), "{}", bad.stderr);
}

#[test]
fn the_site_shows_what_each_record_governs_and_a_code_page() {
    let repo = governed_repo();
    let before = repo.because(&["why", "src/db/pool.rs"]).ok().to_string();
    repo.because(&["build", "--out", "site"]).ok();
    // The build left the history cache: `why` reads which records a commit changed from it,
    // and says the same as when it compared the trees itself.
    assert!(repo.exists(".git/because/history-v2-docs-decisions.jsonl"));
    let after = repo.because(&["why", "src/db/pool.rs"]).ok().to_string();
    assert_eq!(after, before);
    assert!(after.contains("together with the record"), "{after}");
    let postgres = repo.read("site/records/0003-use-postgresql.html");
    assert!(
        postgres.contains("<li><code>src/db/**</code>: <code>src/db/pool.rs</code></li>"),
        "{postgres}"
    );
    assert!(
        postgres
            .contains("<li><code>migrations/*.sql</code>: <code>migrations/0001.sql</code></li>"),
        "{postgres}"
    );
    let limits = repo.read("site/records/0005-connection-limits.html");
    assert!(
        limits.contains("Changed by commits that cite this record or change it with code:"),
        "{limits}"
    );
    assert!(
        limits.contains("<li><code>src/db/pool.rs</code></li>"),
        "{limits}"
    );
    let code = repo.read("site/code.html");
    let row = |path: &str| -> Vec<String> {
        let start = code
            .find(&format!("<code>{path}</code></th>"))
            .unwrap_or_else(|| panic!("no row {path}:\n{code}"));
        let row = &code[start..start + code[start..].find("</tr>").unwrap()];
        row.split(".html\">")
            .skip(1)
            .map(|s| s[..4].to_string())
            .collect()
    };
    // In force only: 0001 is superseded, 0006 proposed; the sweep commit ties nothing.
    assert_eq!(row("src/"), ["0002", "0003", "0004", "0005"]);
    assert_eq!(row("migrations/"), ["0003"]);
    let no_history = repo.because(&["build", "--no-history", "--out", "site2"]);
    no_history.ok();
    let limits = repo.read("site2/records/0005-connection-limits.html");
    assert!(!limits.contains("Changed by commits"), "{limits}");
}

#[test]
fn a_line_moved_by_a_later_commit_still_leads_to_the_commit_that_wrote_it() {
    let repo = governed_repo();
    let tune = short(&repo, "HEAD~3");
    let text = repo.read("src/db/pool.rs");
    repo.write("src/db/pool.rs", &format!("// Pool header.\n{text}"));
    repo.commit_all("Add a header");
    // `size()` was line 3, written by `Tune pool size (ADR-2)`; the header moved it to 4.
    let out = repo.because(&["why", "src/db/pool.rs:4"]).ok().to_string();
    assert!(
        out.contains(&format!(
            "commit {tune} 'Tune pool size (ADR-2)' changed this line"
        )),
        "{out}"
    );
    let header = repo.because(&["why", "src/db/pool.rs:1"]).ok().to_string();
    assert!(!header.contains("commit "), "{header}");
}

#[test]
fn the_code_cache_learns_new_commits_and_answers_as_the_tree_walk_does() {
    let repo = governed_repo();
    let first = repo.because(&["why", "src/db/pool.rs"]).ok().to_string();
    let cache = repo.join(".git/because/code-v1-docs-decisions.jsonl");
    assert!(
        cache.is_file(),
        "the first `why` stores what each commit changed"
    );
    assert_eq!(repo.because(&["why", "src/db/pool.rs"]).ok(), first);

    // A commit made after the cache was written is read from git and added.
    repo.write("src/db/pool.rs", &format!("{POOL}pub fn drain() {{}}\n"));
    repo.commit_all("Drain the pool on shutdown (ADR-4)");
    let out = repo.because(&["why", "src/db/pool.rs"]).ok().to_string();
    let drain = short(&repo, "HEAD");
    assert!(
        out.contains(&format!(
            "commit {drain} 'Drain the pool on shutdown (ADR-4)' changed this file"
        )),
        "{out}"
    );

    // A cache that does not parse is ignored and rebuilt: the answer stays the same.
    std::fs::write(&cache, "not json\n").unwrap();
    assert_eq!(repo.because(&["why", "src/db/pool.rs"]).ok(), out);
    assert!(std::fs::read_to_string(&cache).unwrap().starts_with('{'));
}
