//! `because new "Title"`: render a template into the next free `NNNN-slug.md` and print its path.
//!
//! The number is picked under a lock and the file created with create-new semantics, so
//! concurrent runs never share a number or overwrite a file. `--supersedes`/`--amends` also
//! edit the older records; those edits are computed before anything is written.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::template;
use super::{kind_template, lifecycle, load_index_for, next_number, plan::Plan, resolve};
use crate::config::KindConfig;
use crate::error::refuse;
use crate::index::ACCEPTED;
use crate::record::{Relation, edit, name};
use crate::store;
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
    /// A path glob of the code this decision governs, gitignore-style from the repository
    /// root (repeatable; `src/db/**`, `*.sql`)
    #[arg(long, value_name = "GLOB")]
    pub governs: Vec<String>,
    /// A person consulted (repeat, or separate with commas)
    #[arg(long, value_name = "PERSON", value_delimiter = ',')]
    pub consulted: Vec<String>,
    /// A person or channel informed (repeat, or separate with commas)
    #[arg(long, value_name = "PERSON", value_delimiter = ',')]
    pub informed: Vec<String>,
    /// A record this one supersedes; it becomes `superseded` when this one is accepted
    /// (repeatable)
    #[arg(long, value_name = "RECORD")]
    pub supersedes: Vec<String>,
    /// A record this one amends (repeatable)
    #[arg(long, value_name = "RECORD")]
    pub amends: Vec<String>,
    /// Accept a deadline in the past (to record one that already passed)
    #[arg(long)]
    pub allow_past: bool,
    /// Write from this record template instead of the kind's: a built-in one (adr, rfc,
    /// madr-full, madr-minimal) or a file NAME.md in the templates directory
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// Do not open $VISUAL/$EDITOR
    #[arg(long)]
    pub no_edit: bool,
    /// Open $VISUAL/$EDITOR even when not at a terminal (a GUI editor, `code --wait`)
    #[arg(long, conflicts_with = "no_edit")]
    pub edit: bool,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let kind = kind_name(args);
    let Some(kind_config) = ws.config.kind(&kind) else {
        bail!(
            "unknown kind `{kind}`; known kinds: {}",
            ws.config.kind_names().join(", ")
        );
    };
    let status = initial_status(&ws, args, &kind, kind_config)?;
    let deadline = deadline(&ws, args)?;
    let title = title(args)?;
    refuse_invalid_globs(args)?;
    refuse_decided_without_decision_maker(args, kind_config, &status)?;
    store::create_records_dir(&ws)?;

    // Held while the number is picked and the files written, never while a person edits.
    let lock = store::lock_records(&ws)?;
    let number = next_number(&ws, &lock)?;
    let decided = kind_config
        .required_fields(&status)
        .iter()
        .any(|f| f == "decided")
        .then(|| ws.clock.today().to_string());
    let record = template::NewRecord {
        number,
        title: title.clone(),
        kind: kind.clone(),
        date: ws.clock.today().to_string(),
        decision_maker: args.decision_maker.clone(),
        deadline: deadline.clone(),
        decided,
        consulted: args.consulted.clone(),
        informed: args.informed.clone(),
        tags: clean(&args.tags),
        governs: args.governs.clone(),
        sections: kind_config
            .required_sections(Some(&status))
            .cloned()
            .collect(),
        deadline_shown: deadline_shown(&ws, deadline.as_deref()),
        template: args.template.clone(),
        status,
        ..Default::default()
    };
    let path = ws
        .records_dir
        .join(name::file_name(number, &name::slugify(&title)));
    write_record(&ws, &lock, args, kind_config, record.clone(), &path)?;
    drop(lock);
    writeln!(out, "{}", ws.display(&path).display())?;
    out.flush()?;
    hint_missing_fields(&ws, &record);
    if !args.no_edit {
        edit_record(&ws, &path, &record, kind_config, args.edit)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Render the record and write it with the edits to the records it supersedes or amends,
/// all in one change set.
fn write_record(
    ws: &Workspace,
    lock: &store::Lock,
    args: &Args,
    kind: &KindConfig,
    mut record: template::NewRecord,
    path: &Path,
) -> Result<()> {
    let references: Vec<&str> = args
        .supersedes
        .iter()
        .chain(&args.amends)
        .map(String::as_str)
        .collect();
    let index = load_index_for(ws, lock, &references)?;
    let mut plan = Plan::new(ws);
    let accepted = record.status == ACCEPTED;
    for reference in &args.supersedes {
        let old = resolve(ws, &index, reference)?;
        let old_n = old.number.ok_or_else(|| no_number(old))?;
        lifecycle::link_superseded(ws, &mut plan, old, record.number, accepted)?;
        record.supersedes.push(old_n);
    }
    for reference in &args.amends {
        let old = resolve(ws, &index, reference)?;
        let old_n = old.number.ok_or_else(|| no_number(old))?;
        plan.edit(old, |t| {
            edit::add_number(t, Relation::AmendedBy.key(), record.number)
        })?;
        record.amends.push(old_n);
    }
    plan.create(path.to_path_buf(), render(ws, kind, &record)?);
    plan.apply(&format!("new record {}", ws.display(path).display()))
}

fn no_number(record: &crate::record::Record) -> anyhow::Error {
    crate::error::Refusal::new(format!(
        "`{}` has no number in its file name, so it cannot be linked to",
        record.path.display()
    ))
    .into()
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

fn initial_status(ws: &Workspace, args: &Args, kind: &str, config: &KindConfig) -> Result<String> {
    let status = ws
        .config
        .canonical_status(args.status.as_deref().unwrap_or(&config.initial));
    if !config.has_status(&status) {
        let known: Vec<&str> = config.statuses().map(String::as_str).collect();
        bail!(
            "`{status}` is not a status of kind `{kind}`; use one of: {}",
            known.join(", ")
        );
    }
    Ok(status)
}

/// A record born decided (`--status accepted`) names who decided: `check` requires it.
fn refuse_decided_without_decision_maker(
    args: &Args,
    kind: &KindConfig,
    status: &str,
) -> Result<()> {
    let needs = kind
        .required_fields(status)
        .iter()
        .any(|f| f == "decision-maker");
    if needs && args.decision_maker.is_none() && !kind.is_open(status) {
        return refuse(format!(
            "a record created as {status} needs its decision-maker; add --decision-maker @someone"
        ));
    }
    Ok(())
}

/// A glob `check` would reject is refused before anything is written.
fn refuse_invalid_globs(args: &Args) -> Result<()> {
    for glob in &args.governs {
        if let Some(reason) = crate::governs::problem(glob) {
            return Err(crate::error::Refusal::new(format!(
                "invalid --governs `{glob}`: {reason}; write a gitignore-style glob relative to the repository root, e.g. `src/db/**`"
            ))
            .into());
        }
    }
    Ok(())
}

/// The deadline as written to the record; one in the past is refused unless `--allow-past`.
fn deadline(ws: &Workspace, args: &Args) -> Result<Option<String>> {
    let Some(text) = &args.deadline else {
        return Ok(None);
    };
    let resolved = time::resolve_input(text, &ws.clock)
        .map_err(|e| crate::error::Refusal::new(format!("invalid --deadline: {e}")))?;
    let due = &resolved.deadline;
    if due.instant() < ws.clock.now && !args.allow_past {
        return refuse(format!(
            "--deadline {text} is in the past (now is {}); give a future deadline, or pass --allow-past to record a past one",
            time::wall(&ws.clock.now.to_zoned_datetime(ws.clock.reader.clone()), 0)
        ));
    }
    say_resolved(ws, &resolved);
    Ok(Some(due.written()))
}

/// The deadline as the record's body shows it: its own wall time and zone name.
fn deadline_shown(ws: &Workspace, written: Option<&str>) -> Option<String> {
    let due = time::read_deadline(written?, &ws.config.tz()).ok()?;
    let wall = time::wall(due.zoned(), 0);
    Some(match due.zone_name() {
        Some(zone) => format!("{wall} ({zone})"),
        None => wall,
    })
}

/// Say, on stderr, which instant the typed deadline became: in the writer's zone and in the
/// zone written, with what the reading assumed (`PST read as America/Los_Angeles`).
fn say_resolved(ws: &Workspace, resolved: &time::Resolved) {
    let due = &resolved.deadline;
    let mut line = format!(
        "deadline: {}, written {}",
        time::in_reader_zone(due, &ws.clock.reader, ws.clock.now),
        due.written()
    );
    for note in &resolved.notes {
        line.push_str("; ");
        line.push_str(note);
    }
    eprintln!("{line}");
}

/// The title from the words given; one line, not empty.
fn title(args: &Args) -> Result<String> {
    let title = args.title.join(" ").trim().to_string();
    if title.is_empty() {
        bail!(
            "the title is empty; write what is being decided, e.g. because new \"Use PostgreSQL\""
        );
    }
    if title.contains(['\n', '\r']) {
        bail!("the title has a line break; a title is one line (write the rest in the record)");
    }
    Ok(title)
}

fn clean(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

fn render(ws: &Workspace, kind: &KindConfig, record: &template::NewRecord) -> Result<String> {
    let (file, source) = match &record.template {
        Some(name) => named_template(ws, name)?,
        None => kind_template(ws, &record.kind, kind)?,
    };
    template::render(&file, &source, record)
        .map_err(|e| anyhow::anyhow!("template `{file}` failed: {e}"))
}

/// The template `--template NAME` names: an override file, else a built-in one.
fn named_template(ws: &Workspace, name: &str) -> Result<(String, String)> {
    let file = format!("{}.md", name.trim_end_matches(".md"));
    let embedded = crate::templates::record(&file).unwrap_or("");
    let source = ws.template_source(&file, embedded)?;
    if source.is_empty() {
        bail!(
            "unknown template `{name}`; built-in ones are adr, rfc, madr-full and madr-minimal, or add `{}`",
            ws.display(&ws.templates_dir().join(&file)).display()
        );
    }
    Ok((file, source))
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

/// Let the author write the record in their editor, then hold what they saved to the same
/// rules `check` applies: an emptied file is restored from the template (never a 0-byte
/// record), and findings are printed so the author knows what is still missing.
fn edit_record(
    ws: &Workspace,
    path: &Path,
    record: &template::NewRecord,
    kind: &KindConfig,
    force: bool,
) -> Result<()> {
    if !open_editor(path, force)? {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&store::read_bytes(ws, path)?).into_owned();
    if text.trim().is_empty() {
        let _lock = store::lock_records(ws)?;
        let restored = render(ws, kind, record)?;
        store::apply(
            ws,
            "restore an emptied record",
            &[store::Change::Replace {
                path: path.to_path_buf(),
                contents: restored,
            }],
        )?;
        eprintln!(
            "note: the editor left `{}` empty; it was restored from the template (delete the file to drop the record)",
            ws.display(path).display()
        );
        return Ok(());
    }
    report_findings(ws, path, &text)
}

fn report_findings(ws: &Workspace, path: &Path, text: &str) -> Result<()> {
    let Some(saved) = store::load_files(ws, &[path.to_path_buf()])?.pop() else {
        return Ok(());
    };
    for d in super::writer_findings(ws, &saved, text)? {
        eprintln!(
            "{}:{}:{}: {:?}[{}]: {}",
            d.path.display(),
            d.line,
            d.column,
            d.severity,
            d.rule,
            d.message
        );
    }
    Ok(())
}

/// Open $VISUAL or $EDITOR on the new record when a person is at a terminal, or always with
/// `--edit`. True when an editor ran.
fn open_editor(path: &Path, force: bool) -> Result<bool> {
    if !force && !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    let Some(editor) = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
    else {
        return Ok(false);
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
    Ok(true)
}
