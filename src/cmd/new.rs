//! `because new "Title"`: render a template into the next free `NNNN-slug.md` and print its path.
//!
//! The number is picked under a lock and the file created with create-new semantics, so
//! concurrent runs never share a number or overwrite a file. `--supersedes`/`--amends` also
//! edit the older records; those edits are computed before anything is written.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::{absolute, edit_refusal, load_index, next_number, resolve};
use crate::error::refuse;
use crate::record::{Relation, edit, name, template};
use crate::store::{self, Edit};
use crate::time;
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The decision's title (words are joined with spaces)
    #[arg(required = true, num_args = 1..)]
    pub title: Vec<String>,
    /// Write an RFC (kind `rfc`) instead of an ADR
    #[arg(long, conflicts_with = "kind")]
    pub rfc: bool,
    /// Record kind from because.toml (default: adr)
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Initial status (default: the kind's initial status, `proposed`)
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
    /// The one person accountable for the decision
    #[arg(long, value_name = "PERSON")]
    pub decision_maker: Option<String>,
    /// When the decision is due: RFC 3339, a date, or "YYYY-MM-DD HH:MM Area/City"
    #[arg(long, value_name = "TIME")]
    pub deadline: Option<String>,
    /// A tag (repeat, or separate with commas)
    #[arg(long = "tag", value_name = "TAG", value_delimiter = ',')]
    pub tags: Vec<String>,
    /// A person consulted (repeat, or separate with commas)
    #[arg(long, value_name = "PERSON", value_delimiter = ',')]
    pub consulted: Vec<String>,
    /// A person or channel informed (repeat, or separate with commas)
    #[arg(long, value_name = "PERSON", value_delimiter = ',')]
    pub informed: Vec<String>,
    /// A record this one supersedes; it becomes `superseded` (repeatable)
    #[arg(long, value_name = "RECORD")]
    pub supersedes: Vec<String>,
    /// A record this one amends (repeatable)
    #[arg(long, value_name = "RECORD")]
    pub amends: Vec<String>,
    /// Do not open $VISUAL/$EDITOR
    #[arg(long)]
    pub no_edit: bool,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let kind = kind_name(args);
    let Some(kind_config) = ws.config.kind(&kind) else {
        return refuse(format!(
            "unknown kind `{kind}`; known kinds: {}",
            ws.config.kind_names().join(", ")
        ));
    };
    let status = ws
        .config
        .canonical_status(args.status.as_deref().unwrap_or(&kind_config.initial));
    if !kind_config.has_status(&status) {
        let known: Vec<&str> = kind_config.statuses().map(String::as_str).collect();
        return refuse(format!(
            "`{status}` is not a status of kind `{kind}`; use one of: {}",
            known.join(", ")
        ));
    }
    let deadline = match &args.deadline {
        Some(text) => Some(time::format_deadline(
            &time::parse_deadline(text, ws.config.tz())
                .map_err(|e| crate::error::Refusal::new(format!("invalid --deadline: {e}")))?,
        )),
        None => None,
    };
    let title = args.title.join(" ").trim().to_string();
    if title.is_empty() {
        return refuse(
            "the title is empty; write what is being decided, e.g. because new \"Use PostgreSQL\"",
        );
    }
    std::fs::create_dir_all(&ws.records_dir).with_context(|| {
        format!(
            "failed to create `{}`",
            ws.display(&ws.records_dir).display()
        )
    })?;

    let _lock = store::lock_records(&ws)?;
    let number = next_number(&ws)?;
    let related = related_edits(&ws, args, number)?;
    let record = template::NewRecord {
        number,
        title: title.clone(),
        kind: kind.clone(),
        status,
        date: ws.clock.today().to_string(),
        decision_maker: args.decision_maker.clone(),
        deadline,
        decided: None,
        consulted: args.consulted.clone(),
        informed: args.informed.clone(),
        tags: args
            .tags
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        supersedes: related.supersedes.clone(),
        amends: related.amends.clone(),
    };
    let text = render(&ws, &kind, kind_config.template.as_deref(), &record)?;
    let path = ws
        .records_dir
        .join(name::file_name(number, &name::slugify(&title)));
    store::create_new(&path, &text)?;
    if let Err(err) = store::write_all(&related.edits) {
        // Roll back so a failed `new` leaves the directory as it was.
        let _ = std::fs::remove_file(&path);
        return Err(err);
    }
    writeln!(out, "{}", ws.display(&path).display())?;
    out.flush()?;
    hint_missing_fields(&ws, &record);
    if !args.no_edit {
        open_editor(&path)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn kind_name(args: &Args) -> String {
    if args.rfc {
        "rfc".to_string()
    } else {
        args.kind
            .clone()
            .unwrap_or_else(|| "adr".to_string())
            .to_lowercase()
    }
}

/// Relations to older records, and the edits that write the inverse on them.
struct Related {
    supersedes: Vec<u32>,
    amends: Vec<u32>,
    edits: Vec<Edit>,
}

fn related_edits(ws: &Workspace, args: &Args, number: u32) -> Result<Related> {
    let mut related = Related {
        supersedes: Vec::new(),
        amends: Vec::new(),
        edits: Vec::new(),
    };
    if args.supersedes.is_empty() && args.amends.is_empty() {
        return Ok(related);
    }
    let index = load_index(ws)?;
    for reference in &args.supersedes {
        let old = resolve(ws, &index, reference)?;
        related
            .edits
            .push(super::supersede::superseded_edit(ws, old, number)?);
        related.supersedes.extend(old.number);
    }
    for reference in &args.amends {
        let old = resolve(ws, &index, reference)?;
        let path = absolute(ws, old);
        let text = store::read_text(ws, &path)?;
        let contents = edit::add_number(&text, Relation::AmendedBy.key(), number)
            .map_err(|e| edit_refusal(old, e))?;
        related.edits.push(Edit { path, contents });
        related.amends.extend(old.number);
    }
    Ok(related)
}

fn render(
    ws: &Workspace,
    kind: &str,
    template_name: Option<&str>,
    record: &template::NewRecord,
) -> Result<String> {
    let file = format!("{}.md", template_name.unwrap_or(kind));
    let embedded =
        template::embedded(&file).unwrap_or(template::embedded("adr.md").expect("embedded adr"));
    let source = ws.template_source(&file, embedded)?;
    template::render(&file, &source, record)
        .map_err(|e| anyhow::anyhow!("template `{file}` failed: {e}"))
}

/// Tell the author, on stderr, what `because check` will ask for before this record passes.
fn hint_missing_fields(ws: &Workspace, record: &template::NewRecord) {
    let Some(kind) = ws.config.kind(&record.kind) else {
        return;
    };
    let missing: Vec<&str> = kind
        .required_fields(&record.status)
        .iter()
        .map(String::as_str)
        .filter(|f| match *f {
            "decision-maker" => record.decision_maker.is_none(),
            "deadline" => record.deadline.is_none(),
            _ => false,
        })
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "note: a {} {} needs {} before `because check` passes; add it to the front matter (or use --decision-maker / --deadline)",
            record.status,
            record.kind,
            missing.join(" and ")
        );
    }
}

/// Open $VISUAL or $EDITOR on the new record, only when a person is at a terminal.
fn open_editor(path: &Path) -> Result<()> {
    if !std::io::stdin().is_terminal() {
        return Ok(());
    }
    let Some(editor) = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
    else {
        return Ok(());
    };
    let mut parts = editor.split_whitespace();
    let program = parts.next().expect("non-empty editor");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(path)
        .status()
        .with_context(|| format!("failed to start editor `{editor}`"))?;
    if !status.success() {
        eprintln!(
            "note: editor `{editor}` exited with {status}; the record is saved at {}",
            path.display()
        );
    }
    Ok(())
}
