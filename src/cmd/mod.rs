//! One module per verb (`Args` + `run`), plus the lookups several verbs share.

pub mod build;
pub mod check;
pub mod completions;
pub mod due;
pub mod graph;
pub mod init;
pub mod lifecycle;
pub mod link;
pub mod list;
pub mod man;
pub mod mcp;
pub mod migrate;
pub mod new;
pub mod plan;
pub mod renumber;
pub mod serve;
pub mod show;
pub mod status;
pub mod supersede;
pub mod template;
pub mod toc;
pub mod why;

use std::path::Path;

use anyhow::{Result, bail};

use crate::error::refuse;

use crate::check::{self as rules_check, Diagnostic};
use crate::config::KindConfig;
use crate::index::Index;
use crate::record::{Record, edit::EditError};
use crate::store;
use crate::workspace::{GlobalOptions, Member, Workspace, members};

/// `--root NAME`, shared by the verbs that cover every member of a monorepo.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RootArg {
    /// Only this member of a monorepo: its folder (`services/a`), or `.` for the root
    #[arg(long = "root", value_name = "NAME")]
    pub root: Option<String>,
}

/// The members a reader covers (issue 16): the workspace's own, narrowed by `--root`.
pub struct Members {
    /// The workspace the command was started in (the repository root of a monorepo).
    pub top: Workspace,
    /// More than one member before `--root` narrowed them: output names each record's member.
    pub is_monorepo: bool,
    pub selected: Vec<Member>,
}

/// Discover the workspace and the members `--root` selects.
pub fn members(global: &GlobalOptions, root: &RootArg) -> Result<Members> {
    let top = Workspace::discover(global)?;
    let all = top.members(global)?;
    Ok(Members {
        is_monorepo: all.len() > 1,
        selected: members::select(all, root.root.as_deref())?,
        top,
    })
}

/// Load every record once and index it.
pub fn load_index(ws: &Workspace) -> Result<Index> {
    Ok(Index::new(store::load(ws)?))
}

/// Every record's metadata, indexed, without the texts: for commands that show or follow
/// fields and links but never read a body.
pub fn load_metadata_index(ws: &Workspace) -> Result<Index> {
    Ok(Index::new(store::load_metadata(ws)?))
}

/// The records a writer names, and those their supersession links reach, indexed: found by
/// number from the file names its lock listed, so the edit costs the same at 10 or 10,000
/// records (issue 15). Every record is read when file names do not settle it. Links written
/// only on a record outside this set are not seen; `check` reports them as `one-sided-link`.
pub fn load_index_for(ws: &Workspace, lock: &store::Lock, references: &[&str]) -> Result<Index> {
    let wanted: Vec<store::Wanted> = references.iter().map(|r| wanted(r)).collect();
    match store::load_around(ws, lock, &wanted)? {
        Some(records) => Ok(Index::new(records)),
        None => load_index_locked(ws, lock),
    }
}

/// Every record a writer's lock listed, read and indexed.
pub fn load_index_locked(ws: &Workspace, lock: &store::Lock) -> Result<Index> {
    Ok(Index::new(store::load_locked(ws, lock)?))
}

fn wanted(reference: &str) -> store::Wanted<'_> {
    match reference_number(reference) {
        Some(n) => store::Wanted::Number(n),
        None => store::Wanted::FileName(
            Path::new(reference)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(reference),
        ),
    }
}

/// The number in a reference such as `7`, `0007`, `#7` or `R7`.
fn reference_number(reference: &str) -> Option<u32> {
    reference.trim_start_matches(['#', 'r', 'R']).parse().ok()
}

/// Find the record a user named: a number (`7`, `0007`) or a file path / name.
pub fn resolve<'a>(ws: &Workspace, index: &'a Index, reference: &str) -> Result<&'a Record> {
    if let Some(n) = reference_number(reference) {
        let matches: Vec<&Record> = index.all_numbered(n).collect();
        return match matches.as_slice() {
            [one] => Ok(one),
            // Nothing could run: an unknown record is a usage error (exit 2), not a refusal.
            [] => bail!(
                "no record numbered {n} in `{}`; `because list` shows the records there",
                ws.display(&ws.records_dir).display()
            ),
            many => refuse(format!(
                "{} records are numbered {n} ({}); name one by its file, or fix the duplicate with `because renumber <file> <new-number>`",
                many.len(),
                many.iter()
                    .map(|r| format!("`{}`", r.path.display()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
    }
    let wanted = Path::new(reference)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    match index
        .records()
        .iter()
        .find(|r| Some(&r.file_name) == wanted.as_ref())
    {
        Some(record) => Ok(record),
        None => bail!(
            "no record `{reference}` in `{}`; give a record number or a file name from `because list`",
            ws.display(&ws.records_dir).display()
        ),
    }
}

/// The absolute path of a record (records carry the path shown to the user).
pub fn absolute(ws: &Workspace, record: &Record) -> std::path::PathBuf {
    ws.cwd.join(&record.path)
}

/// The next free number: one above every number in the working tree and on every branch.
pub fn next_number(ws: &Workspace, lock: &store::Lock) -> Result<u32> {
    let on_branches = crate::git::numbers_on_branches(&ws.records_dir)?;
    Ok(next_number_above(lock, &on_branches))
}

/// The next free number given the numbers already read from the branches.
pub fn next_number_above(lock: &store::Lock, on_branches: &[u32]) -> u32 {
    let highest = lock
        .numbers()
        .into_iter()
        .chain(on_branches.iter().copied())
        .max();
    highest.unwrap_or(0) + 1
}

/// Turn a surgical-edit failure into a refusal that names the file.
pub fn edit_refusal(record: &Record, err: EditError) -> anyhow::Error {
    crate::error::Refusal::new(format!("cannot edit `{}`: {err}", record.path.display())).into()
}

/// Refuse to edit a record `check` cannot read (invalid YAML, duplicate keys, tabs, an alias
/// bomb, a NUL byte, invalid UTF-8): the writer would otherwise edit what every reader
/// rejects. The message is `check`'s own finding (issue 12, item 7).
pub fn refuse_unreadable(ws: &Workspace, record: &Record) -> Result<()> {
    if record.problems.is_empty() {
        return Ok(());
    }
    let findings: Vec<String> = check_alone(ws, record.clone(), &rules_check::Placeholders::new())
        .iter()
        .filter(|d| record.problems.iter().any(|p| p.rule == d.rule))
        .map(rules_check::report::finding_plain)
        .collect();
    if findings.is_empty() {
        return Ok(()); // its rules are turned off: `check` accepts it as it is
    }
    refuse(format!(
        "cannot edit `{}`: `because check` cannot read it; fix it first:\n{}",
        record.path.display(),
        findings.join("\n")
    ))
}

/// What `check` would report on `record` if its text were `text`, judged alone (links and
/// numbers are not its business here): writers refuse to leave behind what `check` rejects.
pub fn writer_findings(ws: &Workspace, record: &Record, text: &str) -> Result<Vec<Diagnostic>> {
    let edited = crate::record::parse(record.path.clone(), text.as_bytes(), &ws.config);
    Ok(check_alone(ws, edited, &placeholders(ws)?))
}

/// Every rule over one record as if it were the only one.
fn check_alone(
    ws: &Workspace,
    record: Record,
    placeholders: &rules_check::Placeholders,
) -> Vec<Diagnostic> {
    let index = Index::new(vec![record]);
    rules_check::run(&rules_check::Input {
        index: &index,
        config: &ws.config,
        clock: &ws.clock,
        placeholders,
        only: None,
        against: None,
        strays: &[],
        files: None,
    })
}

/// Placeholder text per kind, from the template `new` renders for it (override, embedded,
/// or generic), so `check` and the writers can tell a section nobody filled in.
pub fn placeholders(ws: &Workspace) -> Result<rules_check::Placeholders> {
    let mut out = rules_check::Placeholders::new();
    for (name, kind) in &ws.config.kinds {
        let (file, source) = kind_template(ws, name, kind)?;
        let sample = template::NewRecord {
            kind: name.clone(),
            sections: kind.sections.clone(),
            ..Default::default()
        };
        let render = |text: &str| template::render(&file, text, &sample).unwrap_or(text.into());
        let mut sections = template::placeholder_sections(&render(&source));
        // Records written before an override was added still hold the embedded text.
        if let Some(embedded) = crate::templates::record(&file).filter(|e| *e != source) {
            sections.extend(template::placeholder_sections(&render(embedded)));
        }
        // `new --template madr-…` writes MADR's text into a record of this kind.
        for madr in ["madr-full.md", "madr-minimal.md"] {
            let embedded = crate::templates::record(madr).expect("MADR templates are embedded");
            sections.extend(template::placeholder_sections(&render(embedded)));
        }
        out.insert(name.clone(), sections);
    }
    Ok(out)
}

/// The template a new record of kind `name` is rendered from: `(file name, source)`. The
/// override file when there is one, else the embedded template the kind names, else the
/// generic template that writes the kind's own `kind:` and sections.
pub fn kind_template(ws: &Workspace, name: &str, kind: &KindConfig) -> Result<(String, String)> {
    let file = format!("{}.md", kind.template.as_deref().unwrap_or(name));
    let embedded = crate::templates::record(&file)
        .or_else(|| crate::templates::record(crate::templates::GENERIC))
        .expect("the generic template is embedded");
    let source = ws.template_source(&file, embedded)?;
    Ok((file, source))
}

/// Format a record reference for messages: `0007 (Use PostgreSQL)`.
pub fn label(record: &Record) -> String {
    match record.number {
        Some(n) => format!(
            "{n:04} ({})",
            crate::terminal::safe_line(&record.display_title())
        ),
        None => format!("`{}`", record.path.display()),
    }
}

/// A record's deadline as the reader sees it (their zone, the record's beside it), with the
/// time left while the decision is open; the text as written when it cannot be read.
pub fn shown_deadline(ws: &Workspace, record: &Record) -> Option<String> {
    let text = record.deadline.as_ref()?;
    let Some(due) = crate::inbox::deadline_of(record, &ws.config) else {
        return Some(text.clone());
    };
    let now = ws.clock.now;
    let shown = crate::time::in_reader_zone(&due, &ws.clock.reader, now);
    if !crate::inbox::is_open(record, &ws.config) {
        return Some(shown);
    }
    Some(format!("{shown}, {}", crate::time::time_left(&due, now)))
}

/// Rows under a header, columns padded to their widest cell; the last column is not padded.
pub fn write_table<R: AsRef<[String]>>(
    out: &mut dyn std::io::Write,
    header: &[&str],
    rows: &[R],
) -> Result<()> {
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row.as_ref()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let all = std::iter::once(header.as_slice()).chain(rows.iter().map(AsRef::as_ref));
    for row in all {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
