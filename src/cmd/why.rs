//! `because why PATH[:LINE]` and `because why --changed --against REV`: the decisions tied to
//! code, strongest first, each with the tie that found it (issue 17).
//!
//! The evidence and ranking are [`crate::why`]'s; this file turns an answer into text, JSON,
//! or (for `--changed`, and for a path in the CI formats) `check`'s findings as notices.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde_json::{Value, json};

use super::check::Format;
use super::load_metadata_index;
use crate::check::{Diagnostic, Summary, report};
use crate::config::Severity;
use crate::index::Index;
use crate::why::{Answer, Context, Decision, How, Tie};
use crate::workspace::{GlobalOptions, Workspace};

/// The id `--changed` findings carry in every format.
const RULE: &str = "governed-by";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A file, a directory, or FILE:LINE
    #[arg(value_name = "PATH[:LINE]", required_unless_present = "changed")]
    pub target: Option<String>,
    /// The files HEAD changed since it left --against REV, instead of one path
    #[arg(long, requires = "against", conflicts_with = "target")]
    pub changed: bool,
    /// The revision a change is compared with (`origin/main`)
    #[arg(long, value_name = "REV")]
    pub against: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// List records of every status, not only those in force
    #[arg(long)]
    pub all: bool,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let index = load_metadata_index(&ws)?;
    let context = Context::new(&ws, &index)?;
    if args.changed {
        let Some(rev) = &args.against else {
            bail!("--changed needs --against REV, e.g. `--against origin/main`");
        };
        let changed = context.changed(rev, args.all)?;
        changed_report(
            &ws,
            &index,
            &changed.files,
            &changed.answers,
            args.format,
            out,
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let arg = args.target.as_deref().unwrap_or(".");
    let target = context.target(arg)?;
    let answer = context.explain(&target, args.all)?;
    let shown = match target.line {
        Some(line) => format!("{}:{line}", target.path),
        None => target.path.clone(),
    };
    match args.format {
        Format::Human => human(out, &index, &target.path, &shown, &answer)?,
        Format::Json => {
            let value = answer_json(&index, &target.path, target.line, &answer);
            serde_json::to_writer_pretty(&mut *out, &value)?;
            writeln!(out)?;
        }
        format => {
            let answers = [(target.path.clone(), answer)];
            let files = [target.path.clone()];
            changed_report(&ws, &index, &files, &answers, format, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `0007 Use PostgreSQL [accepted]` with one indented line per tie, then superseded records.
fn human(
    out: &mut dyn Write,
    index: &Index,
    path: &str,
    shown: &str,
    answer: &Answer,
) -> Result<()> {
    if answer.decisions.is_empty() {
        writeln!(out, "no decision in force is tied to `{shown}`")?;
    }
    for decision in &answer.decisions {
        writeln!(out, "{}", heading(index, decision.number))?;
        write_ties(out, path, decision)?;
    }
    if !answer.superseded.is_empty() {
        writeln!(out, "\nsuperseded:")?;
    }
    for old in &answer.superseded {
        let replaced = match old.successor {
            Some(n) => format!(", replaced by {}", title_of(index, n)),
            None => ", nothing in force replaces it".into(),
        };
        writeln!(out, "{}{replaced}", heading(index, old.decision.number))?;
        write_ties(out, path, &old.decision)?;
    }
    Ok(())
}

fn write_ties(out: &mut dyn Write, path: &str, decision: &Decision) -> Result<()> {
    for tie in &decision.ties {
        writeln!(out, "  {}", describe(tie, path))?;
    }
    Ok(())
}

fn heading(index: &Index, n: u32) -> String {
    let status = index.status(n).unwrap_or("no status");
    format!("{} [{status}]", title_of(index, n))
}

fn title_of(index: &Index, n: u32) -> String {
    match index.get(n) {
        Some(record) => format!("{n:04} {}", record.display_title()),
        None => format!("{n:04}"),
    }
}

/// One tie in words: what found the record, quoting the glob, commit or comment.
fn describe(tie: &Tie, shown: &str) -> String {
    match tie {
        Tie::Governs { glob, path } if path == shown => format!("governs `{glob}`"),
        Tie::Governs { glob, path } => format!("governs `{glob}` (matches {path})"),
        Tie::Commit {
            short,
            subject,
            how,
            path,
            line,
            ..
        } => {
            let what = match (line, path == shown || shown.starts_with(path.as_str())) {
                (Some(_), _) => "changed this line".to_string(),
                (None, true) => "changed this file".to_string(),
                (None, false) => format!("changed {path}"),
            };
            let with = match how {
                How::Cites => "",
                How::ChangedWithRecord => " together with the record",
            };
            format!("commit {short} '{subject}' {what}{with}")
        }
        Tie::Comment { path, line, text } => format!("comment at {path}:{line}: {text}"),
    }
}

fn answer_json(index: &Index, path: &str, line: Option<usize>, answer: &Answer) -> Value {
    let decision = |d: &Decision| {
        let record = index.get(d.number);
        json!({
            "number": d.number,
            "title": record.map(|r| r.display_title()),
            "status": index.status(d.number),
            "file": record.map(|r| crate::text::slash_path(&r.path)),
            "in_force": index.is_in_force(d.number),
            "ties": d.ties.iter().map(tie_json).collect::<Vec<_>>(),
        })
    };
    let superseded: Vec<Value> = answer
        .superseded
        .iter()
        .map(|s| {
            let mut value = decision(&s.decision);
            value["successor"] = json!(s.successor);
            value
        })
        .collect();
    json!({
        "path": path,
        "line": line,
        "decisions": answer.decisions.iter().map(decision).collect::<Vec<_>>(),
        "superseded": superseded,
    })
}

/// A tie as JSON, the commit time in RFC 3339.
fn tie_json(tie: &Tie) -> Value {
    let mut value = serde_json::to_value(tie).unwrap_or(Value::Null);
    if let Tie::Commit { time, .. } = tie {
        value["time"] = json!(
            jiff::Timestamp::from_second(*time)
                .ok()
                .map(|t| t.to_string())
        );
    }
    value
}

/// The tied decisions as `check` findings (notices), in any of `check`'s formats: human text
/// lists them per file.
fn changed_report(
    ws: &Workspace,
    index: &Index,
    files: &[String],
    answers: &[(String, Answer)],
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let diagnostics: Vec<Diagnostic> = answers
        .iter()
        .flat_map(|(file, answer)| answer.decisions.iter().map(move |d| notice(index, file, d)))
        .collect();
    let checked: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
    let report = report::Report {
        diagnostics: &diagnostics,
        checked: &checked,
        summary: Summary::new(&diagnostics, checked.len()),
        config: &ws.config,
        color: false,
        deny_warnings: false,
    };
    match format {
        Format::Human => changed_human(out, index, files, answers)?,
        other => super::check::write_report(out, other, &report)?,
    }
    Ok(())
}

fn notice(index: &Index, file: &str, decision: &Decision) -> Diagnostic {
    let line = decision.ties.iter().find_map(|t| match t {
        Tie::Comment { line, .. } => Some(*line),
        _ => None,
    });
    let why: Vec<String> = decision.ties.iter().map(|t| describe(t, file)).collect();
    Diagnostic {
        path: PathBuf::from(file),
        line: line.unwrap_or(1),
        column: 1,
        rule: RULE,
        severity: Severity::Notice,
        message: format!(
            "this change touches code governed by {}",
            title_of(index, decision.number)
        ),
        help: why.join("; "),
    }
}

fn changed_human(
    out: &mut dyn Write,
    index: &Index,
    files: &[String],
    answers: &[(String, Answer)],
) -> Result<()> {
    for (file, answer) in answers {
        writeln!(out, "{file}")?;
        for decision in &answer.decisions {
            writeln!(out, "  {}", heading(index, decision.number))?;
            for tie in &decision.ties {
                writeln!(out, "    {}", describe(tie, file))?;
            }
        }
    }
    let tied: std::collections::BTreeSet<u32> = answers
        .iter()
        .flat_map(|(_, a)| a.decisions.iter().map(|d| d.number))
        .collect();
    writeln!(
        out,
        "{} changed, {} tied to {}",
        crate::words::plural(files.len(), "code file"),
        crate::words::plural(answers.len(), "file"),
        crate::words::plural(tied.len(), "decision")
    )?;
    Ok(())
}
