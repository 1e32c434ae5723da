//! `because build`: the pages, sanitization, Git history, shallow clones, the output directory.

use std::cell::RefCell;
use std::path::Path;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::support::TestRepo;

/// Records written by hand (not by `because new`) so the snapshots do not follow template edits.
fn sample() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "because.toml",
        "[site]\ntitle = \"Acme decisions\"\n\n[people]\n\"@sam\" = { name = \"Sam Rivera\", email = \"sam@example.com\" }\n",
    );
    repo.write(
        "docs/decisions/0001-use-postgresql.md",
        "---\nstatus: superseded\ndate: 2025-06-01\ndecision-maker: \"@sam\"\nconsulted: [\"@alex\"]\ndecided: 2025-06-10\ntags: [db]\nsuperseded-by: [2]\n---\n# Use PostgreSQL\n\n## Context\n\nWe need a database.\n\n## Decision\n\nWe will use PostgreSQL.\n\n## Consequences\n\nOps must learn it.\n",
    );
    repo.write(
        "docs/decisions/0002-use-cockroachdb.md",
        "---\nstatus: accepted\ndate: 2026-01-05\ndecision-maker: \"@sam\"\ninformed: [\"#backend\"]\ndecided: 2026-01-20\ntags: [db, scale]\nsupersedes: [1]\n---\n# Use CockroachDB\n\n## Context\n\nPostgreSQL (see [0001](0001-use-postgresql.md#decision)) does not scale out.\n\n| option | cost |\n|---|---|\n| CockroachDB | high |\n\n- [x] benchmark\n- [ ] migrate\n\n## Decision\n\nWe will use CockroachDB[^1].\n\n[^1]: After the benchmark.\n\n## Consequences\n\nMigration work.\n",
    );
    repo.write(
        "docs/decisions/0003-cursor-pagination.md",
        "---\nkind: rfc\nstatus: proposed\ndate: 2026-02-20\ndecision-maker: \"@alex\"\nconsulted: [\"@sam\", \"@jordan\"]\ndeadline: 2026-03-05T17:00:00Z\ntags: [api]\nrelates-to: [2]\n---\n# Adopt cursor pagination\n\n## Context\n\nOffsets are slow.\n\n## Proposal\n\nCursors.\n\n## Alternatives considered\n\nKeyset.\n",
    );
    repo.write(
        "docs/decisions/0004-drop-soap.md",
        "---\nstatus: rejected\ndate: 2026-02-01\ndecision-maker: \"@alex\"\ndecided: 2026-02-02\n---\n# Drop the SOAP API\n\n## Context\n\nOld clients.\n",
    );
    repo.commit_all("records");
    repo
}

/// The `<main>` element of a built page.
#[track_caller]
fn main_of(repo: &TestRepo, page: &str) -> String {
    let html = repo.read(page);
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    html[start..end].to_string()
}

#[test]
fn build_writes_every_page_kind() {
    let repo = sample();
    let run = repo.because(&["build", "--no-history"]);
    run.ok();
    let err = &run.stderr;
    // index, in force, timeline, graph, code, people index, 4 records, 4 people (@sam, @alex,
    // @jordan, #backend).
    assert!(err.starts_with("built 14 pages in "), "{err}");
    assert!(err.trim_end().ends_with("→ site/"), "{err}");
    for file in [
        "site/index.html",
        "site/in-force.html",
        "site/graph.html",
        "site/timeline.html",
        "site/code.html",
        "site/people/index.html",
        "site/people/sam.html",
        "site/records/0001-use-postgresql.html",
        "site/decisions.json",
        "site/feed.xml",
        "site/search-index.js",
        "site/style.css",
        "site/app.js",
        "site/.because-site",
    ] {
        assert!(repo.exists(file), "{file} missing");
    }
}

#[test]
fn index_main_snapshot() {
    let repo = sample();
    repo.because(&["build", "--no-history"]).ok();
    insta::assert_snapshot!(main_of(&repo, "site/index.html"));
}

#[test]
fn record_main_snapshot_with_banner_relations_and_rendered_body() {
    let repo = sample();
    repo.because(&["build", "--no-history"]).ok();
    insta::assert_snapshot!(
        "superseded_record",
        main_of(&repo, "site/records/0001-use-postgresql.html")
    );
    insta::assert_snapshot!(
        "accepted_record",
        main_of(&repo, "site/records/0002-use-cockroachdb.html")
    );
    insta::assert_snapshot!(
        "open_rfc",
        main_of(&repo, "site/records/0003-cursor-pagination.html")
    );
}

#[test]
fn people_and_timeline_main_snapshots() {
    let repo = sample();
    repo.because(&["build", "--no-history"]).ok();
    insta::assert_snapshot!("person", main_of(&repo, "site/people/sam.html"));
    insta::assert_snapshot!("people", main_of(&repo, "site/people/index.html"));
    insta::assert_snapshot!("timeline", main_of(&repo, "site/timeline.html"));
}

#[test]
fn deadline_badge_follows_now() {
    let repo = sample();
    repo.because(&["build", "--no-history"]).ok();
    let page = repo.read("site/records/0003-cursor-pagination.html");
    assert!(page.contains("due in 5 days"), "{page}");
    let late = repo
        .command()
        .env("BECAUSE_NOW", "2026-03-06T00:00:00Z")
        .args(["build", "--no-history"])
        .output()
        .unwrap();
    assert!(late.status.success());
    let page = repo.read("site/records/0003-cursor-pagination.html");
    // Without script the badge says when it was computed; deadlines.js recomputes it.
    assert!(page.contains(">overdue (as of 2026-03-06)<"), "{page}");
}

#[test]
fn decisions_json_has_metadata_and_relations_both_ways() {
    let repo = sample();
    repo.because(&["build", "--no-history"]).ok();
    let json: serde_json::Value = serde_json::from_str(&repo.read("site/decisions.json")).unwrap();
    let records = json["records"].as_array().unwrap();
    assert_eq!(records.len(), 4);
    assert_eq!(json["title"], "Acme decisions");
    let first = &records[0];
    assert_eq!(first["number"], 1);
    assert_eq!(first["status"], "superseded");
    assert_eq!(first["path"], "docs/decisions/0001-use-postgresql.md");
    assert_eq!(first["url"], "records/0001-use-postgresql.html");
    assert_eq!(first["relations"]["superseded-by"][0], 2);
    assert_eq!(first["in_force"], 2);
    // 0002 writes `relates-to` nowhere; 0003 names it, and the site shows it from both ends.
    assert_eq!(records[1]["relations"]["relates-to"][0], 3);
    assert_eq!(records[1]["relations"]["supersedes"][0], 1);
}

#[test]
fn feed_is_atom_newest_first_and_uses_the_base_url() {
    let repo = sample();
    let config = repo.read("because.toml").replace(
        "title = \"Acme decisions\"",
        "title = \"Acme decisions\"\nbase-url = \"https://example.com/adr\"",
    );
    repo.write("because.toml", &config);
    repo.because(&["build", "--no-history"]).ok();
    let feed = repo.read("site/feed.xml");
    assert!(feed.starts_with("<?xml"), "{feed}");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    assert!(feed.contains("<link rel=\"alternate\" href=\"https://example.com/adr/records/0003-cursor-pagination.html\"/>"), "{feed}");
    let third = feed.find("0003 Adopt cursor pagination").unwrap();
    let second = feed.find("0002 Use CockroachDB").unwrap();
    assert!(third < second, "newest first");
    assert!(
        feed.contains("<updated>2026-02-20T00:00:00Z</updated>"),
        "{feed}"
    );
}

#[test]
fn same_repository_gives_the_same_bytes() {
    let repo = sample();
    repo.because(&["build", "--out", "one"]).ok();
    repo.because(&["build", "--out", "two"]).ok();
    let files = walk(&repo.join("one"));
    assert!(files.len() > 10);
    for rel in files {
        let a = std::fs::read(repo.join("one").join(&rel)).unwrap();
        let b = std::fs::read(repo.join("two").join(&rel)).unwrap();
        assert!(a == b, "{rel} differs between two builds");
    }
    let footer = repo.read("one/index.html");
    assert!(
        !footer.contains(" on <time"),
        "no build time without SOURCE_DATE_EPOCH"
    );
    let dated = repo
        .command()
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(["build", "--out", "three"])
        .output()
        .unwrap();
    assert!(dated.status.success());
    assert!(
        repo.read("three/index.html")
            .contains("<time datetime=\"2026-01-01T00:00:00Z\">2026-01-01</time>")
    );
}

fn walk(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            files.push(
                entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    files
}

#[test]
fn out_refuses_a_directory_it_did_not_create() {
    let repo = sample();
    repo.write("docs/guide.md", "# A guide\n");
    let err = repo
        .because(&["build", "--out", "docs"])
        .fails_with(2)
        .to_string();
    assert!(err.contains("refusing"), "{err}");
    assert!(repo.exists("docs/guide.md"));
    assert!(repo.exists("docs/decisions/0001-use-postgresql.md"));

    repo.write("other/notes.txt", "mine\n");
    let err = repo
        .because(&["build", "--out", "other"])
        .fails_with(2)
        .to_string();
    assert!(
        err.contains("refusing to write the site into `other`"),
        "{err}"
    );
    assert!(err.contains(".because-site"), "{err}");
    assert_eq!(repo.read("other/notes.txt"), "mine\n");

    // A directory the build made is rewritten: the pages of a removed record go.
    repo.because(&["build", "--no-history"]).ok();
    assert!(repo.exists("site/records/0001-use-postgresql.html"));
    std::fs::remove_file(repo.join("docs/decisions/0001-use-postgresql.md")).unwrap();
    repo.because(&["build", "--no-history"]).ok();
    assert!(!repo.exists("site/records/0001-use-postgresql.html"));
    assert!(repo.exists("site/index.html"));
}

#[test]
fn eject_templates_copies_defaults_and_overrides_apply_one_file_at_a_time() {
    let repo = sample();
    let out = repo
        .because(&["build", "--eject-templates"])
        .ok()
        .to_string();
    assert!(out.contains(".because/templates/record.html"), "{out}");
    assert!(out.contains(".because/templates/style.css"), "{out}");
    // Keep only one override: the others fall back to the embedded defaults.
    for entry in std::fs::read_dir(repo.join(".because/templates")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() != "style.css" {
            std::fs::remove_file(path).unwrap();
        }
    }
    repo.write(
        ".because/templates/style.css",
        "body { color: rebeccapurple; }\n",
    );
    repo.because(&["build", "--no-history"]).ok();
    assert_eq!(
        repo.read("site/style.css"),
        "body { color: rebeccapurple; }\n"
    );
    assert!(repo.read("site/index.html").contains("Acme decisions"));
    // A second eject keeps the user's file.
    let run = repo.because(&["build", "--eject-templates"]);
    assert!(run.stderr.contains("kept"), "{}", run.stderr);
    assert_eq!(
        repo.read(".because/templates/style.css"),
        "body { color: rebeccapurple; }\n"
    );
}

#[test]
fn a_template_that_fails_to_render_keeps_the_old_site() {
    let repo = sample();
    repo.because(&["build", "--no-history"]).ok();
    let site = repo.join("site");
    let snapshot = || -> Vec<(String, Vec<u8>)> {
        let files = walk(&site).into_iter();
        files
            .map(|f| (f.clone(), std::fs::read(site.join(f)).unwrap()))
            .collect()
    };
    let before = snapshot();
    // Parses, but fails on every page: pages stream to disk, so this must fail before any does.
    for template in ["record.html", "person.html"] {
        repo.write(
            &format!(".because/templates/{template}"),
            "{{ no_such_function() }}\n",
        );
        let err = repo
            .because(&["build", "--no-history"])
            .fails_with(2)
            .to_string();
        assert!(err.contains(template), "{err}");
        assert!(snapshot() == before, "the old site changed");
        std::fs::remove_file(repo.join(&format!(".because/templates/{template}"))).unwrap();
    }
}

#[test]
fn pages_carry_a_csp_and_only_external_scripts() {
    let repo = sample();
    repo.because(&["build", "--no-history"]).ok();
    for rel in walk(&repo.join("site")) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = repo.read(&format!("site/{rel}"));
        assert!(
            html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self';"),
            "{rel} has no CSP"
        );
        for tag in tags(&html) {
            if tag.name == "script" {
                assert!(tag.attr("src").is_some(), "{rel}: inline script");
            }
            // Nothing the page loads comes from another host.
            let loaded = match tag.name.as_str() {
                "script" | "img" => tag.attr("src"),
                // The empty icon stops browsers asking a server for /favicon.ico.
                "link" if tag.attr("rel") == Some("icon") => None,
                "link" => tag.attr("href"),
                _ => None,
            };
            if let Some(url) = loaded {
                assert!(
                    !url.contains("//") && !url.contains(':'),
                    "{rel}: loads {url} from elsewhere"
                );
            }
        }
    }
}

/// A record full of ways to run script, in the body and in front-matter values.
const HOSTILE: &str = r#"---
status: accepted
decision-maker: "<script>alert('dm')</script>"
consulted: ["\" onmouseover=\"alert(1)", "javascript:alert(1)"]
tags: ["<img src=x onerror=alert(1)>"]
relates-to: [1]
---
# <script>alert("title")</script> Title with <b>markup</b>

## Context

<script>alert(1)</script>
<SCRIPT SRC=//evil.example/x.js></SCRIPT>
<img src=x onerror="alert(1)">
<svg onload=alert(1)><script>alert(2)</script></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert(3)></style></mglyph></table></mtext></math>
<iframe src="javascript:alert(1)"></iframe>
<object data="javascript:alert(1)"></object>
<embed src="javascript:alert(1)">
<a href="javascript:alert(1)">a</a>
<a href="  JaVaScRiPt:alert(1)">b</a>
<a href="jav&#x09;ascript:alert(1)">c</a>
<a href="data:text/html,<script>alert(1)</script>">d</a>
<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)">
<base href="javascript:alert(1)//">
<div style="background:url(javascript:alert(1))">s</div>
<input onfocus=alert(1) autofocus>
<details open ontoggle=alert(1)><summary>t</summary></details>
<link rel=stylesheet href="javascript:alert(1)">
<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>

[md link](javascript:alert(1))
[md link 2](<javascript:alert(1)>)
![img](javascript:alert(1))
<javascript:alert(1)>
[ref]: javascript:alert(1)
"#;

#[test]
fn hostile_records_cannot_run_script() {
    let repo = sample();
    repo.write("docs/decisions/0005-hostile.md", HOSTILE);
    repo.commit_all("hostile");
    repo.because(&["build"]).ok();
    let mut checked = 0;
    for rel in walk(&repo.join("site")) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = repo.read(&format!("site/{rel}"));
        for tag in tags(&html) {
            let own_script = match tag.attr("src") {
                Some("search.js") => !rel.contains('/'),
                Some("../search.js") => rel.contains('/'),
                Some("app.js" | "deadlines.js") => rel == "index.html",
                Some("../deadlines.js") => {
                    rel.starts_with("records/") || rel.starts_with("people/")
                }
                _ => false,
            };
            assert!(
                tag.name != "script" || own_script,
                "{rel}: a script survived: {tag:?}"
            );
            let own_form = (rel == "index.html" && tag.attr("id") == Some("filters"))
                || tag.attr("id") == Some("site-search");
            assert!(
                tag.name != "form" || own_form,
                "{rel}: <form> survived: {tag:?}"
            );
            // The site's own relation graph is the one SVG allowed: built by because, never
            // from record HTML (the sanitizer drops <svg> there).
            let own_graph = tag.name == "svg"
                && tag.attr("class") == Some("graph")
                && tag.attr("aria-label") == Some("Relations between decisions");
            for name in [
                "iframe", "object", "embed", "base", "style", "math", "noscript",
            ] {
                assert_ne!(tag.name, name, "{rel}: <{name}> survived: {tag:?}");
            }
            assert!(
                tag.name != "svg" || own_graph,
                "{rel}: <svg> survived: {tag:?}"
            );
            if tag.name == "meta" {
                assert!(
                    matches!(
                        tag.attr("http-equiv"),
                        None | Some("Content-Security-Policy")
                    ),
                    "{rel}: {tag:?}"
                );
            }
            if tag.name == "link" {
                assert!(
                    matches!(tag.attr("rel"), Some("stylesheet" | "alternate" | "icon")),
                    "{rel}: {tag:?}"
                );
            }
            // The empty icon (`data:,`) is the site's own, to stop a request for /favicon.ico.
            let own_icon = tag.name == "link" && tag.attr("href") == Some("data:,");
            for (name, value) in tag.attrs.iter().filter(|_| !own_icon) {
                assert!(
                    !name.starts_with("on"),
                    "{rel}: event handler survived: {tag:?}"
                );
                assert_ne!(name, "style", "{rel}: style attribute survived: {tag:?}");
                let url: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_lowercase();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(
                        !url.starts_with(scheme)
                            || name == "content"
                            || name == "title"
                            || name == "value",
                        "{rel}: {name}={value:?} survived: {tag:?}"
                    );
                }
            }
        }
        checked += 1;
    }
    assert!(checked >= 9);
    let page = repo.read("site/records/0005-hostile.html");
    assert!(
        page.contains("<h1>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Title with &lt;b&gt;markup&lt;/b&gt;</h1>"),
        "the title is shown as text"
    );
    assert!(repo.read("site/search-index.js").contains("0005"));
}

#[test]
fn history_names_authors_commits_and_status_changes() {
    let repo = TestRepo::new();
    repo.write(
        "docs/decisions/0001-use-queues.md",
        "---\nstatus: proposed\ndate: 2026-01-10\ndecision-maker: \"@cy\"\n---\n# Use queues\n\n## Context\n\nx\n",
    );
    commit_as(
        &repo,
        "Bea Builder <bea@example.com>",
        "2026-01-10T09:00:00Z",
        "Propose queues",
    );
    repo.write(
        "docs/decisions/0001-use-queues.md",
        "---\nstatus: proposed\ndate: 2026-01-10\ndecision-maker: \"@cy\"\n---\n# Use queues\n\n## Context\n\nx and y\n",
    );
    commit_as(
        &repo,
        "Dan Doe <dan@example.com>",
        "2026-01-12T09:00:00Z",
        "Clarify context",
    );
    repo.write("README.md", "unrelated\n");
    commit_as(
        &repo,
        "Eve <eve@example.com>",
        "2026-01-13T09:00:00Z",
        "Unrelated change",
    );
    repo.write(
        "docs/decisions/0001-use-queues.md",
        "---\nstatus: accepted\ndate: 2026-01-10\ndecision-maker: \"@cy\"\ndecided: 2026-01-15\n---\n# Use queues\n\n## Context\n\nx and y\n",
    );
    commit_as(
        &repo,
        "Cy Checker <cy@example.com>",
        "2026-01-15T09:00:00Z",
        "Accept queues",
    );
    // `because renumber` renames the file; the history follows it by its slug.
    repo.git(&[
        "mv",
        "docs/decisions/0001-use-queues.md",
        "docs/decisions/0007-use-queues.md",
    ]);
    commit_as(
        &repo,
        "Dan Doe <dan@example.com>",
        "2026-01-16T09:00:00Z",
        "Renumber",
    );

    repo.because(&["build"]).ok();
    let page = repo.read("site/records/0007-use-queues.html");
    let main = main_of(&repo, "site/records/0007-use-queues.html");
    assert!(main.contains("Created by <a href=\"../people/bea-builder.html\">Bea Builder</a> on <time datetime=\"2026-01-10\">2026-01-10</time>"), "{main}");
    assert!(main.contains("created as <strong>proposed</strong> by <a href=\"../people/bea-builder.html\">Bea Builder</a>"), "{main}");
    assert!(main.contains("proposed → <strong>accepted</strong> by <a href=\"../people/cy-checker.html\">Cy Checker</a>"), "{main}");
    for subject in [
        "Propose queues",
        "Clarify context",
        "Accept queues",
        "Renumber",
    ] {
        assert!(main.contains(subject), "{subject} missing: {main}");
    }
    assert!(!main.contains("Unrelated change"));
    assert!(main.contains("renamed from 0001-use-queues.md"), "{main}");
    // Newest first.
    assert!(main.find("Renumber").unwrap() < main.find("Propose queues").unwrap());
    assert!(!page.contains("shallow"));
    let bea = main_of(&repo, "site/people/bea-builder.html");
    assert!(bea.contains("0007 Use queues"), "{bea}");
    assert!(
        bea.contains("Created in Git <span class=\"count-badge\">1</span>"),
        "{bea}"
    );
    let json: serde_json::Value = serde_json::from_str(&repo.read("site/decisions.json")).unwrap();
    assert_eq!(json["records"][0]["created"]["author"], "Bea Builder");
    assert_eq!(json["records"][0]["commits"], 4);
}

/// Regression (issue 10): the history read statuses with its own reader, so a MADR
/// `* Status: **proposed**` bullet showed as `created as ** proposed`.
#[test]
fn history_reads_a_madr_status_like_list_does() {
    let repo = TestRepo::new();
    let path = "docs/decisions/0001-use-queues.md";
    let madr = "# Use queues\n\n* Status: **proposed**\n* Deciders: Cy\n* Date: 2026-01-10\n\n## Context and Problem Statement\n\nx\n";
    repo.write(path, madr);
    commit_as(
        &repo,
        "Bea Builder <bea@example.com>",
        "2026-01-10T09:00:00Z",
        "Propose",
    );
    repo.write(path, &madr.replace("**proposed**", "accepted ✅"));
    commit_as(
        &repo,
        "Cy Checker <cy@example.com>",
        "2026-01-15T09:00:00Z",
        "Accept",
    );
    let listed = repo.because(&["list", "--format", "json"]).ok().to_string();
    assert!(listed.contains("\"status\": \"accepted\""), "{listed}");
    repo.because(&["build"]).ok();
    let main = main_of(&repo, "site/records/0001-use-queues.html");
    assert!(
        main.contains("created as <strong>proposed</strong>"),
        "{main}"
    );
    assert!(
        main.contains("proposed → <strong>accepted</strong>"),
        "{main}"
    );
}

#[test]
fn history_credits_commits_on_merged_branches_once() {
    let repo = TestRepo::new();
    repo.write(
        "docs/decisions/0001-a.md",
        "---\nstatus: accepted\n---\n# A\n",
    );
    commit_as(
        &repo,
        "Ann <ann@example.com>",
        "2026-01-01T00:00:00Z",
        "Add A",
    );
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write(
        "docs/decisions/0002-b.md",
        "---\nstatus: proposed\n---\n# B\n",
    );
    commit_as(
        &repo,
        "Ben <ben@example.com>",
        "2026-01-02T00:00:00Z",
        "Add B",
    );
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        "docs/decisions/0003-c.md",
        "---\nstatus: proposed\n---\n# C\n",
    );
    commit_as(
        &repo,
        "Cat <cat@example.com>",
        "2026-01-03T00:00:00Z",
        "Add C",
    );
    repo.git(&["merge", "-q", "--no-ff", "-m", "Merge side", "side"]);
    repo.because(&["build"]).ok();
    let b = main_of(&repo, "site/records/0002-b.html");
    assert!(
        b.contains("Created by <a href=\"../people/ben.html\">Ben</a>"),
        "{b}"
    );
    assert!(!b.contains("Merge side"), "{b}");
    let c = main_of(&repo, "site/records/0003-c.html");
    assert!(!c.contains("Merge side"), "{c}");
}

#[test]
fn shallow_clone_is_reported_and_dates_come_from_front_matter() {
    let origin = sample();
    origin.write(
        "docs/decisions/0003-cursor-pagination.md",
        &origin
            .read("docs/decisions/0003-cursor-pagination.md")
            .replace("Cursors.", "Cursors, opaque."),
    );
    commit_as(
        &origin,
        "Bea Builder <bea@example.com>",
        "2026-02-25T09:00:00Z",
        "Refine",
    );
    let clone = TestRepo::plain();
    let url = format!("file://{}", origin.path().display());
    clone.git(&["clone", "-q", "--depth", "1", &url, "repo"]);
    let run = clone
        .command()
        .current_dir(clone.join("repo"))
        .args(["build"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("shallow clone"), "{stderr}");
    let index = clone.read("repo/site/index.html");
    assert!(index.contains("built from a shallow Git clone"), "{index}");
    let main = main_of(&clone, "repo/site/records/0003-cursor-pagination.html");
    assert!(main.contains("Built from a shallow clone"), "{main}");
    assert!(
        !main.contains("Created by"),
        "creation is unknown in a shallow clone: {main}"
    );
    assert!(
        main.contains("<dt>Date</dt><dd><time datetime=\"2026-02-20\">2026-02-20</time></dd>"),
        "{main}"
    );
    assert!(
        main.contains("present at the shallow-clone boundary"),
        "{main}"
    );
    assert!(!main.contains("created as"), "{main}");
}

#[test]
fn build_outside_git_and_with_no_history_says_so() {
    let repo = TestRepo::plain();
    repo.write(
        "docs/decisions/0001-a.md",
        "---\nstatus: accepted\n---\n# A\n",
    );
    repo.because(&["build"]).ok();
    assert!(
        repo.read("site/records/0001-a.html")
            .contains("outside a Git repository")
    );
    repo.because(&["build", "--no-history"]).ok();
    assert!(
        repo.read("site/records/0001-a.html")
            .contains("--no-history")
    );
}

#[test]
fn history_from_the_cache_matches_history_read_afresh() {
    let repo = TestRepo::new();
    repo.write(
        "docs/decisions/0001-use-queues.md",
        "---\nstatus: proposed\n---\n# Use queues\n",
    );
    commit_as(
        &repo,
        "Bea <bea@example.com>",
        "2026-01-10T09:00:00Z",
        "Propose",
    );
    repo.because(&["build"]).ok();
    let cache = repo.git(&["rev-parse", "--git-common-dir"]);
    let cache = repo
        .join(cache.trim())
        .join("because/history-v2-docs-decisions.jsonl");
    assert!(cache.is_file(), "the first build writes the cache");
    // New commits after the cache was written: a status change and a rename.
    repo.write(
        "docs/decisions/0001-use-queues.md",
        "---\nstatus: accepted\n---\n# Use queues\n",
    );
    commit_as(
        &repo,
        "Cy <cy@example.com>",
        "2026-01-11T09:00:00Z",
        "Accept",
    );
    repo.git(&[
        "mv",
        "docs/decisions/0001-use-queues.md",
        "docs/decisions/0002-use-queues.md",
    ]);
    commit_as(
        &repo,
        "Dan <dan@example.com>",
        "2026-01-12T09:00:00Z",
        "Renumber",
    );
    repo.because(&["build"]).ok();
    let cached = repo.read("site/decisions.json") + &repo.read("site/records/0002-use-queues.html");
    std::fs::write(&cache, "not json\n").unwrap();
    repo.because(&["build"]).ok();
    let afresh = repo.read("site/decisions.json") + &repo.read("site/records/0002-use-queues.html");
    assert_eq!(cached, afresh);
    assert!(
        afresh.contains("Renumber") && afresh.contains("Propose"),
        "{afresh}"
    );
}

/// Commit everything as `author` at `date`.
fn commit_as(repo: &TestRepo, author: &str, date: &str, message: &str) {
    repo.git(&["add", "-A"]);
    repo.git(&[
        "commit", "-q", "--author", author, "--date", date, "-m", message,
    ]);
}

/// A start tag as a browser's tokenizer sees it.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

struct Collect(RefCell<Vec<Tag>>);

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token
            && tag.kind == TagKind::StartTag
        {
            let name = tag.name.to_string();
            self.0.borrow_mut().push(Tag {
                name: name.clone(),
                attrs: tag
                    .attrs
                    .iter()
                    .map(|a| (a.name.local.to_string().to_lowercase(), a.value.to_string()))
                    .collect(),
            });
            // Switch states as a browser's tree builder would, so text is not read as tags.
            return match name.as_str() {
                "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                    TokenSinkResult::RawData(RawKind::Rawtext)
                }
                _ => TokenSinkResult::Continue,
            };
        }
        TokenSinkResult::Continue
    }
}

/// Every start tag in `html`, tokenized as the HTML standard says.
fn tags(html: &str) -> Vec<Tag> {
    let tokenizer = Tokenizer::new(Collect(RefCell::new(Vec::new())), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

#[test]
fn ejected_record_templates_are_the_ones_new_uses() {
    let repo = sample();
    let out = repo
        .because(&["build", "--eject-templates"])
        .ok()
        .to_string();
    for name in ["adr.md", "rfc.md", "init.md", "kind.md"] {
        assert!(out.contains(&format!(".because/templates/{name}")), "{out}");
    }
    let adr = repo.read(".because/templates/adr.md");
    assert!(adr.contains("## Context"), "{adr}");
    repo.write(
        ".because/templates/adr.md",
        &adr.replace(
            "## Consequences",
            "## Consequences\n\nReviewed by the guild.",
        ),
    );
    repo.because(&["new", "--no-edit", "Use ejected templates"])
        .ok();
    let written = repo
        .records()
        .into_iter()
        .find(|r| r.contains("ejected"))
        .unwrap();
    assert!(
        repo.read(&format!("docs/decisions/{written}"))
            .contains("Reviewed by the guild."),
    );
}

#[test]
fn mermaid_ships_only_with_a_diagram_and_only_its_page_loads_it() {
    let repo = sample();
    repo.because(&["build", "--no-history"]).ok();
    assert!(!repo.exists("site/mermaid.min.js"));
    repo.because(&["new", "--no-edit", "Draw the flow"]).ok();
    let path = repo
        .records()
        .into_iter()
        .find(|r| r.contains("draw-the-flow"))
        .unwrap();
    let path = format!("docs/decisions/{path}");
    let text = repo.read(&path);
    repo.write(
        &path,
        &format!("{text}\n```mermaid\nflowchart LR\n  a --> b\n```\n"),
    );
    repo.because(&["build", "--no-history"]).ok();
    assert!(repo.read("site/mermaid.min.js").len() > 1_000_000);
    let page = repo.read(&format!(
        "site/records/{}",
        path.rsplit('/').next().unwrap().replace(".md", ".html")
    ));
    assert!(
        page.contains("<script src=\"../mermaid.min.js\" defer></script>"),
        "{page}"
    );
    assert!(page.contains("style-src 'self' 'unsafe-inline'"), "{page}");
    assert!(
        page.contains("class=\"language-mermaid\""),
        "the source stays readable: {page}"
    );
    let other = repo.read("site/index.html");
    assert!(!other.contains("mermaid") && other.contains("style-src 'self';"));
}

#[test]
fn a_long_record_opens_with_a_table_of_contents_that_links_its_sections() {
    let repo = sample();
    repo.write(
        "docs/decisions/0005-long-rfc.md",
        "---\nkind: rfc\nstatus: proposed\ndate: 2026-03-01\ndecision-maker: \"@alex\"\n---\n# A long RFC\n\n## Context\n\nWhy.\n\n## Proposal\n\nWhat.\n\n### Rollout\n\nHow.\n\n## Alternatives considered\n\nOthers.\n\n## Open questions\n\nSome.\n",
    );
    repo.because(&["build", "--no-history"]).ok();
    let long = main_of(&repo, "site/records/0005-long-rfc.html");
    let start = long
        .find("<nav class=\"contents\"")
        .expect("a table of contents");
    let nav = &long[start..long[start..].find("</nav>").unwrap() + start];
    for (id, text) in [
        ("context", "Context"),
        ("proposal", "Proposal"),
        ("rollout", "Rollout"),
        ("open-questions", "Open questions"),
    ] {
        assert!(
            nav.contains(&format!("<a href=\"#{id}\">{text}</a>")),
            "{nav}"
        );
        assert!(long.contains(&format!("id=\"{id}\"")), "no section #{id}");
    }
    assert!(nav.contains("contents-level-3"), "{nav}");
    let short = main_of(&repo, "site/records/0004-drop-soap.html");
    assert!(
        !short.contains("class=\"contents\""),
        "a short record has no contents"
    );
}

#[test]
fn the_records_directory_readme_is_the_home_pages_introduction() {
    let repo = sample();
    repo.write(
        "docs/decisions/README.md",
        "# Architecture decisions\n\nWhy we keep records; start with [0002-use-cockroachdb.md](0002-use-cockroachdb.md).\n\n<script>alert(1)</script>\n",
    );
    repo.because(&["build", "--no-history"]).ok();
    let home = main_of(&repo, "site/index.html");
    let start = home
        .find("<section class=\"intro")
        .expect("an introduction");
    let intro = &home[start..home[start..].find("</section>").unwrap() + start];
    assert!(intro.contains("Why we keep records"), "{intro}");
    assert!(
        intro.contains("href=\"records/0002-use-cockroachdb.html\""),
        "{intro}"
    );
    assert!(intro.contains("0002 Use CockroachDB"), "{intro}");
    assert!(!intro.contains("<script"), "{intro}");
    // The README is no record: it gets no page and is not counted.
    assert!(!repo.path().join("site/records/README.html").exists());
}

#[cfg(unix)]
#[test]
fn a_symlinked_readme_is_not_published() {
    let repo = sample();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "TOKEN=hunter2\n").unwrap();
    std::os::unix::fs::symlink(&secret, repo.path().join("docs/decisions/README.md")).unwrap();
    let run = repo.because(&["build", "--no-history"]);
    run.ok();
    assert!(
        run.stderr.contains("README.md` is not shown"),
        "{}",
        run.stderr
    );
    assert!(!repo.read("site/index.html").contains("hunter2"));
}

#[test]
fn a_mailmap_makes_two_git_identities_one_person() {
    let repo = TestRepo::new();
    repo.write(
        "because.toml",
        "[people]\n\"@bea\" = { name = \"Bea Builder\", email = \"bea@example.com\" }\n",
    );
    repo.write(
        "docs/decisions/0001-use-queues.md",
        "---\nstatus: proposed\ndate: 2026-01-10\ndecision-maker: \"@bea\"\n---\n# Use queues\n\n## Context\n\nx\n",
    );
    commit_as(
        &repo,
        "bb <bea@laptop.local>",
        "2026-01-10T09:00:00Z",
        "Propose queues",
    );
    repo.write(
        "docs/decisions/0001-use-queues.md",
        "---\nstatus: proposed\ndate: 2026-01-10\ndecision-maker: \"@bea\"\n---\n# Use queues\n\n## Context\n\nx and y\n",
    );
    commit_as(
        &repo,
        "Bea Builder <bea@example.com>",
        "2026-01-12T09:00:00Z",
        "Clarify",
    );
    repo.because(&["build"]).ok();
    let before = main_of(&repo, "site/records/0001-use-queues.html");
    assert!(
        before.contains(">bb</a>"),
        "without a mailmap the laptop identity is its own: {before}"
    );

    repo.write(
        ".mailmap",
        "Bea Builder <bea@example.com> <bea@laptop.local>\n",
    );
    repo.because(&["build"]).ok();
    let after = main_of(&repo, "site/records/0001-use-queues.html");
    assert!(!after.contains(">bb<"), "{after}");
    assert!(
        after.contains("Created by <a href=\"../people/bea.html\">Bea Builder</a>"),
        "{after}"
    );
    assert!(!repo.path().join("site/people/bb.html").exists());
}

#[test]
fn in_force_lists_accepted_records_no_accepted_record_supersedes_by_tag() {
    let repo = sample();
    repo.because(&["build", "--no-history"]).ok();
    let page = main_of(&repo, "site/in-force.html");
    let sections: Vec<&str> = page.split("<section").skip(1).collect();
    let tags: Vec<String> = sections
        .iter()
        .map(|s| s[s.find("<h2").unwrap()..s.find("</h2>").unwrap()].to_string())
        .collect();
    assert_eq!(tags.len(), 2, "{page}");
    assert!(
        tags[0].ends_with(">db") && tags[1].ends_with(">scale"),
        "{tags:?}"
    );
    for section in &sections {
        assert!(section.contains("0002 Use CockroachDB"), "{section}");
        assert!(
            section.contains("decided <time datetime=\"2026-01-20\">"),
            "{section}"
        );
    }
    // Superseded, proposed and rejected records are not in force.
    for absent in ["Use PostgreSQL", "cursor pagination", "SOAP"] {
        assert!(
            !page.contains(absent),
            "{absent} listed as in force: {page}"
        );
    }
}

#[test]
fn the_status_pill_is_the_lifecycle_status_and_the_words_as_written_sit_beside_it() {
    let repo = TestRepo::new();
    repo.write(
        "docs/decisions/0001-use-x.md",
        "# 1. Use X\n\nDate: 2026-01-01\n\n## Status\n\n**Accepted** (after the July 17 - July 31, 2026 review) ![badge](https://img.shields.io/x)\n\n## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n",
    );
    repo.because(&["build", "--no-history"]).ok();
    let page = main_of(&repo, "site/records/0001-use-x.html");
    let shown = "<span class=\"badge status-accepted\">accepted</span> <span class=\"status-text\">Accepted (after the July 17 - July 31, 2026 review)</span>";
    assert_eq!(page.matches(shown).count(), 2, "{page}");
    // A status written as the lifecycle word has nothing beside the pill.
    let plain = sample();
    plain.because(&["build", "--no-history"]).ok();
    assert!(!main_of(&plain, "site/records/0002-use-cockroachdb.html").contains("status-text"));
}
