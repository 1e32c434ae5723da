//! The corpus generator behind `gen-corpus` (also compiled into the test suite, so the
//! benchmark's input cannot rot): records and history streamed into `git fast-import`.
//!
//! Deterministic: the same spec gives the same repository. Every record is valid for
//! `because check` at the clock `2026-01-01`: relations are two-sided, decided records name
//! a decision-maker and a date, open RFCs have a far deadline, sections are filled.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

pub struct Spec {
    pub records: usize,
    pub commits: usize,
}

const AUTHORS: [(&str, &str); 8] = [
    ("Ada Lovelace", "ada@example.com"),
    ("Grace Hopper", "grace@example.com"),
    ("Alan Turing", "alan@example.com"),
    ("Barbara Liskov", "barbara@example.com"),
    ("Edsger Dijkstra", "edsger@example.com"),
    ("Frances Allen", "frances@example.com"),
    ("Ken Thompson", "ken@example.com"),
    ("Margaret Hamilton", "margaret@example.com"),
];

const HANDLES: [&str; 8] = [
    "@ada",
    "@grace",
    "@alan",
    "@barbara",
    "@edsger",
    "@frances",
    "@ken",
    "@margaret",
];

const TECH: [&str; 16] = [
    "PostgreSQL",
    "SQLite",
    "Kafka",
    "gRPC",
    "GraphQL",
    "Redis",
    "Rust",
    "TypeScript",
    "Kubernetes",
    "Terraform",
    "OpenTelemetry",
    "S3",
    "event sourcing",
    "feature flags",
    "cursor pagination",
    "blue-green deploys",
];
const AREA: [&str; 12] = [
    "billing",
    "search",
    "the user API",
    "notifications",
    "audit logs",
    "reporting",
    "onboarding",
    "payments",
    "the mobile app",
    "internal tools",
    "data export",
    "identity",
];
const TAGS: [&str; 8] = [
    "api", "storage", "security", "infra", "frontend", "process", "data", "ops",
];
const WORDS: [&str; 48] = [
    "latency",
    "throughput",
    "team",
    "cost",
    "risk",
    "migration",
    "schema",
    "client",
    "service",
    "deploy",
    "review",
    "budget",
    "operations",
    "incident",
    "customer",
    "contract",
    "backfill",
    "consistency",
    "availability",
    "ownership",
    "boundary",
    "interface",
    "library",
    "version",
    "support",
    "rollout",
    "metric",
    "alert",
    "queue",
    "index",
    "cache",
    "request",
    "response",
    "the",
    "we",
    "will",
    "because",
    "and",
    "with",
    "for",
    "when",
    "this",
    "that",
    "must",
    "can",
    "should",
    "each",
    "every",
];

/// A small deterministic PRNG (xorshift64*), so the corpus needs no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Clone)]
struct Rec {
    number: usize,
    kind: &'static str,
    title: String,
    slug: String,
    status: &'static str,
    final_status: &'static str,
    created: String,
    decision_maker: &'static str,
    consulted: [&'static str; 2],
    tags: [&'static str; 2],
    supersedes: Vec<usize>,
    superseded_by: Vec<usize>,
    relates_to: Vec<usize>,
    revision: usize,
    words: usize,
    seed: u64,
    /// Index into [`AREA`]: the code directory the record is about.
    area: usize,
}

/// Code files per area directory (`src/<area>/module<i>.rs`).
const FILES_PER_AREA: usize = 8;

/// The code directory of an area: `src/the-user-api`.
fn area_dir(area: usize) -> String {
    format!("src/{}", slugify(AREA[area]))
}

/// Some accepted ADRs say which code they govern (`because why`), always a directory that
/// exists, so the corpus stays clean for `check`.
fn governs(rec: &Rec) -> bool {
    rec.kind == "adr" && rec.number.is_multiple_of(4)
}

fn final_status(kind: &str, roll: usize) -> &'static str {
    match (kind, roll % 20) {
        ("rfc", 0) => "withdrawn",
        ("rfc", 1) => "postponed",
        ("rfc", 2 | 3) => "proposed",
        ("rfc", 4) => "draft",
        (_, 5) => "rejected",
        (_, 6) => "deprecated",
        ("adr", 7) => "proposed",
        _ => "accepted",
    }
}

fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

fn plan(spec: &Spec, rng: &mut Rng) -> Vec<Rec> {
    let mut recs: Vec<Rec> = (1..=spec.records)
        .map(|number| {
            let kind = if number % 3 == 0 { "rfc" } else { "adr" };
            let tech = TECH[rng.below(TECH.len())];
            let area = rng.below(AREA.len());
            let title = format!("Use {tech} for {} ({number})", AREA[area]);
            let final_status = final_status(kind, rng.below(1000));
            Rec {
                number,
                kind,
                slug: slugify(&title),
                title,
                status: if kind == "rfc" { "draft" } else { "proposed" },
                final_status,
                created: String::new(),
                decision_maker: HANDLES[rng.below(HANDLES.len())],
                consulted: [HANDLES[rng.below(8)], HANDLES[rng.below(8)]],
                tags: [TAGS[rng.below(TAGS.len())], TAGS[rng.below(TAGS.len())]],
                supersedes: Vec::new(),
                superseded_by: Vec::new(),
                relates_to: Vec::new(),
                revision: 0,
                words: 300 + rng.below(500),
                seed: rng.next(),
                area,
            }
        })
        .collect();
    // About one record in twelve supersedes an older accepted one; one in eight relates to one.
    // A successor ends accepted: supersession takes effect on acceptance, and a successor
    // left rejected or proposed would make the corpus fail `check`.
    for j in 1..recs.len() {
        let i = rng.below(j);
        if j % 12 == 0 && recs[i].final_status == "accepted" && recs[i].superseded_by.is_empty() {
            recs[j].final_status = "accepted";
            recs[i].final_status = "superseded";
            recs[i].superseded_by.push(j + 1);
            recs[j].supersedes.push(i + 1);
        } else if j % 8 == 0 && !recs[i].relates_to.contains(&(j + 1)) {
            recs[i].relates_to.push(j + 1);
            recs[j].relates_to.push(i + 1);
        }
    }
    recs
}

fn list(numbers: &[usize]) -> String {
    numbers
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The record's text for its current status and revision; relations to records not yet
/// created are left out, so every commit's tree is consistent too.
fn render(rec: &Rec, created: usize) -> String {
    let mut rng = Rng(rec.seed ^ rec.revision as u64);
    let mut out = String::with_capacity(rec.words * 8 + 512);
    let _ = writeln!(
        out,
        "---\nkind: {}\nstatus: {}\ndate: {}",
        rec.kind, rec.status, rec.created
    );
    let _ = writeln!(out, "decision-maker: \"{}\"", rec.decision_maker);
    let _ = writeln!(
        out,
        "consulted: [\"{}\", \"{}\"]",
        rec.consulted[0], rec.consulted[1]
    );
    let _ = writeln!(out, "informed: [\"#engineering\"]");
    let open = matches!(rec.status, "proposed" | "draft");
    if rec.kind == "rfc" || open {
        let deadline = if open {
            "2099-12-31T17:00:00+00:00".to_string()
        } else {
            format!("{}T17:00:00+00:00", rec.created)
        };
        let _ = writeln!(out, "deadline: {deadline}");
    }
    if matches!(
        rec.status,
        "accepted" | "rejected" | "superseded" | "deprecated"
    ) {
        let _ = writeln!(out, "decided: {}", rec.created);
    }
    let _ = writeln!(out, "tags: [{}, {}]", rec.tags[0], rec.tags[1]);
    if governs(rec) {
        let _ = writeln!(out, "governs: [\"{}/**\"]", area_dir(rec.area));
    }
    let visible = |v: &[usize]| {
        v.iter()
            .copied()
            .filter(|&n| n <= created)
            .collect::<Vec<_>>()
    };
    for (key, numbers) in [
        ("supersedes", &rec.supersedes),
        ("superseded-by", &rec.superseded_by),
        ("relates-to", &rec.relates_to),
    ] {
        let shown = visible(numbers);
        if !shown.is_empty() {
            let _ = writeln!(out, "{key}: [{}]", list(&shown));
        }
    }
    let _ = writeln!(out, "---\n# {}\n", rec.title);
    let sections: &[&str] = if rec.kind == "rfc" {
        &[
            "Context",
            "Proposal",
            "Alternatives considered",
            "Open questions",
            "Decision criteria",
            "Consequences",
        ]
    } else {
        &["Context", "Decision", "Consequences"]
    };
    let per_section = rec.words / sections.len();
    for section in sections {
        let _ = writeln!(out, "## {section}\n");
        for w in 0..per_section {
            out.push_str(WORDS[rng.below(WORDS.len())]);
            out.push(if w % 14 == 13 { '\n' } else { ' ' });
        }
        out.push_str("\n\n");
    }
    if let Some(&old) = rec.supersedes.first() {
        let _ = writeln!(out, "This replaces record {old:04}.");
    }
    out
}

fn path(rec: &Rec) -> String {
    format!("docs/decisions/{:04}-{}.md", rec.number, rec.slug)
}

struct Stream {
    buf: Vec<u8>,
    mark: usize,
    time: i64,
}

impl Stream {
    fn commit(&mut self, author: usize, message: &str, files: &[(String, String)]) {
        let (name, email) = AUTHORS[author % AUTHORS.len()];
        self.mark += 1;
        self.time += 3_600;
        let _ = write!(self.buf, "commit refs/heads/main\nmark :{}\n", self.mark);
        let _ = write!(
            self.buf,
            "author {name} <{email}> {} +0000\ncommitter {name} <{email}> {} +0000\n",
            self.time, self.time
        );
        let _ = write!(self.buf, "data {}\n{message}\n", message.len());
        if self.mark > 1 {
            let _ = writeln!(self.buf, "from :{}", self.mark - 1);
        }
        for (path, text) in files {
            let _ = write!(
                self.buf,
                "M 100644 inline {path}\ndata {}\n{text}\n",
                text.len()
            );
        }
    }

    fn date(&self) -> String {
        jiff::Timestamp::from_second(self.time)
            .expect("valid time")
            .strftime("%Y-%m-%d")
            .to_string()
    }
}

/// Write the repository at `out` (created; must not exist or be empty).
pub fn generate(spec: &Spec, out: &Path) -> Result<(), String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut recs = plan(spec, &mut rng);
    let n = recs.len();
    let total = spec.commits.max(n);
    let mut stream = Stream {
        buf: Vec::new(),
        mark: 0,
        time: 1_420_070_400,
    };
    let mut code = Code::new();
    // Phase 1: one commit per record, writing the inverse relations on older records too.
    for j in 0..n {
        recs[j].created = stream.date();
        let mut files = vec![(path(&recs[j]), render(&recs[j], j + 1))];
        if j == 0 {
            files.extend(code.all());
        }
        for i in recs[j].supersedes.clone() {
            recs[i - 1].status = "superseded";
            files.push((path(&recs[i - 1]), render(&recs[i - 1], j + 1)));
        }
        for i in recs[j].relates_to.clone().into_iter().filter(|&i| i <= j) {
            files.push((path(&recs[i - 1]), render(&recs[i - 1], j + 1)));
        }
        let message = format!("Add {:04}: {}", j + 1, recs[j].title);
        stream.commit(j, &message, &files);
    }
    // Phase 2: status changes to each record's final status, then edits of the text.
    let rest = total - n;
    for k in 0..rest {
        let lo = k * n / rest.max(1);
        let hi = ((k + 1) * n / rest.max(1)).max(lo + 1).min(n);
        let mut files = Vec::new();
        let mut message = String::new();
        for rec in &mut recs[lo.min(n - 1)..hi] {
            if rec.status != rec.final_status && rec.status != "superseded" {
                rec.status = rec.final_status;
                message = format!("{} {:04}", capitalize(rec.final_status), rec.number);
            } else {
                rec.revision += 1;
                message = format!("Clarify {:04}", rec.number);
            }
            files.push((path(rec), render(rec, n)));
        }
        // The code the change is about changes with the record; every third message cites it.
        let rec = &recs[lo.min(n - 1)];
        files.push(code.change(rec, k));
        if k % 3 == 0 {
            message.push_str(&format!(" (ADR-{:04})", rec.number));
        }
        stream.commit(k * 7 + 3, &message, &files);
    }
    // Records the history did not reach (fewer commits than 2N) get their final status at once.
    let pending: Vec<(String, String)> = recs
        .iter_mut()
        .filter(|r| r.status != r.final_status && r.status != "superseded")
        .map(|r| {
            r.status = r.final_status;
            (path(r), render(r, n))
        })
        .collect();
    if !pending.is_empty() {
        stream.commit(1, "Record the remaining decisions", &pending);
    }
    import(out, &stream.buf)
}

/// The code files of every area, as they are now.
struct Code {
    files: Vec<String>,
}

impl Code {
    fn new() -> Code {
        let files = (0..AREA.len() * FILES_PER_AREA)
            .map(|i| {
                format!(
                    "//! Module {} of {}.\n\npub fn run() {{}}\n",
                    i % FILES_PER_AREA,
                    AREA[i / FILES_PER_AREA]
                )
            })
            .collect();
        Code { files }
    }

    fn path(i: usize) -> String {
        format!(
            "{}/module{}.rs",
            area_dir(i / FILES_PER_AREA),
            i % FILES_PER_AREA
        )
    }

    fn all(&self) -> Vec<(String, String)> {
        (0..self.files.len())
            .map(|i| (Code::path(i), self.files[i].clone()))
            .collect()
    }

    /// Change one file of `rec`'s area (a comment naming the record every tenth time).
    fn change(&mut self, rec: &Rec, k: usize) -> (String, String) {
        let i = rec.area * FILES_PER_AREA + k % FILES_PER_AREA;
        let line = match k % 10 {
            0 => format!("// see ADR-{:04}\n", rec.number),
            _ => format!("pub const STEP_{k}: u32 = {k};\n"),
        };
        self.files[i].push_str(&line);
        (Code::path(i), self.files[i].clone())
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn git(out: &Path, args: &[&str]) -> Result<(), String> {
    let status = Command::new("git")
        .arg("-C")
        .arg(out)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .map_err(|e| format!("failed to run git: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("git {args:?} failed in `{}`", out.display()))
    }
}

fn import(out: &Path, stream: &[u8]) -> Result<(), String> {
    std::fs::create_dir_all(out)
        .map_err(|e| format!("failed to create `{}`: {e}", out.display()))?;
    git(out, &["init", "-q", "-b", "main"])?;
    let mut child = Command::new("git")
        .arg("-C")
        .arg(out)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| format!("failed to run git fast-import: {e}"))?;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(stream)
        .map_err(|e| format!("failed to feed git fast-import: {e}"))?;
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("git fast-import failed".into());
    }
    git(out, &["reset", "-q", "--hard", "main"])
}
