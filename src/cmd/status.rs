//! `because accept|reject|withdraw|deprecate N` and `because status N STATUS`: move a record
//! through its lifecycle, refusing moves the lifecycle forbids or that leave a required field
//! empty.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::{absolute, edit_refusal, label, load_index, resolve};
use crate::config::KindConfig;
use crate::error::{Refusal, refuse};
use crate::record::{self, Record, edit};
use crate::store::{self, Edit};
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, clap::Args)]
pub struct DecideArgs {
    /// The record (number or file)
    pub record: String,
    /// Set the decision-maker while deciding
    #[arg(long, value_name = "PERSON")]
    pub decision_maker: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record (number or file)
    pub record: String,
    /// The new status, from the record kind's lifecycle
    pub status: String,
    /// Set the decision-maker at the same time
    #[arg(long, value_name = "PERSON")]
    pub decision_maker: Option<String>,
}

pub fn decide(
    global: &GlobalOptions,
    args: &DecideArgs,
    status: &str,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let args = Args {
        record: args.record.clone(),
        status: status.to_string(),
        decision_maker: args.decision_maker.clone(),
    };
    run(global, &args, out)
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let _lock = store::lock_records(&ws)?;
    let index = load_index(&ws)?;
    let record = resolve(&ws, &index, &args.record)?;
    let target = ws.config.canonical_status(&args.status);
    if target == "superseded" && record.related(record::Relation::SupersededBy).is_empty() {
        return refuse(format!(
            "a superseded record must say what replaces it; run `because supersede {} --by <record>`",
            record
                .number
                .map(|n| n.to_string())
                .unwrap_or_else(|| record.file_name.clone())
        ));
    }
    check_transition(&ws, record, &target)?;
    let path = absolute(&ws, record);
    let text = store::read_text(&ws, &path)?;
    let text = status_edit(&ws, record, &text, &target, args.decision_maker.as_deref())?;
    require_fields(&ws, record, &text, &target)?;
    store::write_all(&[Edit {
        path,
        contents: text,
    }])?;
    let from = record.status.as_deref().unwrap_or("(none)");
    writeln!(out, "{}: {from} → {target}", label(record))?;
    Ok(ExitCode::SUCCESS)
}

fn kind_config<'a>(ws: &'a Workspace, record: &Record) -> Result<&'a KindConfig> {
    ws.config.kind(&record.kind).ok_or_else(|| {
        Refusal::new(format!(
            "`{}` has kind `{}`, which because.toml does not define; known kinds: {}",
            record.path.display(),
            record.kind,
            ws.config.kind_names().join(", ")
        ))
        .into()
    })
}

/// Refuse a move the record's lifecycle does not allow, saying which moves exist.
pub fn check_transition(ws: &Workspace, record: &Record, target: &str) -> Result<()> {
    let kind = kind_config(ws, record)?;
    if !kind.has_status(target) {
        let known: Vec<&str> = kind.statuses().map(String::as_str).collect();
        return refuse(format!(
            "`{target}` is not a status of kind `{}`; its statuses are: {}",
            record.kind,
            known.join(", ")
        ));
    }
    let Some(current) = record.status.as_deref() else {
        return Ok(());
    };
    if current == target {
        return refuse(format!("{} is already {target}", label(record)));
    }
    if !kind.has_status(current) {
        return Ok(()); // An unknown status is `check`'s finding; moving out of it is the fix.
    }
    let allowed = kind.allowed_from(current);
    if allowed.iter().any(|s| s == target) {
        return Ok(());
    }
    let options = if allowed.is_empty() {
        format!("{current} is final")
    } else {
        format!(
            "from {current}, {} {} may move to: {}",
            article(&record.kind),
            record.kind,
            allowed.join(", ")
        )
    };
    refuse(format!(
        "cannot move {} from {current} to {target}: {options} (transitions are set in because.toml)",
        label(record)
    ))
}

/// The record text with its new status, `decided:` when deciding, and the decision-maker.
fn status_edit(
    ws: &Workspace,
    record: &Record,
    text: &str,
    target: &str,
    decision_maker: Option<&str>,
) -> Result<String> {
    let mut text = edit::set_field(text, "status", target).map_err(|e| edit_refusal(record, e))?;
    let kind = kind_config(ws, record)?;
    if kind.required_fields(target).iter().any(|f| f == "decided") {
        let today = ws.clock.today().to_string();
        text = edit::set_field(&text, "decided", &today).map_err(|e| edit_refusal(record, e))?;
    }
    if let Some(person) = decision_maker {
        text = edit::set_field(&text, "decision-maker", person)
            .map_err(|e| edit_refusal(record, e))?;
    }
    Ok(text)
}

/// Refuse when the edited record lacks a field its new status requires.
fn require_fields(ws: &Workspace, record: &Record, text: &str, target: &str) -> Result<()> {
    let kind = kind_config(ws, record)?;
    let edited = record::parse(record.path.clone(), text.as_bytes(), &ws.config);
    let missing: Vec<&String> = kind
        .required_fields(target)
        .iter()
        .filter(|field| !has_field(&edited, field))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
    let hint = if names.contains(&"decision-maker") {
        format!(
            "; add \"decision-maker: \\\"@someone\\\"\" to `{}` or pass --decision-maker @someone",
            record.path.display()
        )
    } else {
        format!(
            "; add {} to the front matter of `{}`",
            names.join(", "),
            record.path.display()
        )
    };
    refuse(format!(
        "cannot make {} {target}: {} {target} {} needs {}{hint}",
        label(record),
        article(target),
        record.kind,
        names.join(" and ")
    ))
}

/// Whether a required field is present and non-empty (aliases count: deciders, decision-makers).
pub fn has_field(record: &Record, field: &str) -> bool {
    match field {
        "decision-maker" => !record.decision_makers.is_empty(),
        "deadline" => record.deadline.is_some(),
        "decided" => record.decided.is_some(),
        "date" => record.date.is_some(),
        "review-by" => record.review_by.is_some(),
        "consulted" => !record.consulted.is_empty(),
        "informed" => !record.informed.is_empty(),
        "tags" => !record.tags.is_empty(),
        other => record.field(other).is_some_and(|f| {
            !f.value.is_null() && f.value != serde_json::Value::String(String::new())
        }),
    }
}

/// "a" or "an" before a word, for messages.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
