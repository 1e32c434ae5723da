//! `because accept|reject|withdraw|deprecate N` and `because status N STATUS`: move a record
//! through its lifecycle, refusing moves the lifecycle forbids or that leave a required field
//! empty.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::{label, lifecycle, load_index_for, plan::Plan, resolve};
use crate::config::KindConfig;
use crate::error::{Refusal, refuse};
use crate::index::Index;
use crate::record::{self, Record, edit};
use crate::store;
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
    let lock = store::lock_records(&ws)?;
    let index = load_index_for(&ws, &lock, &[&args.record])?;
    let record = resolve(&ws, &index, &args.record)?;
    let target = ws.config.canonical_status(&args.status);
    refuse_superseded_without_successor(&index, record, &target)?;
    check_transition(&ws, record, &target)?;
    let mut plan = Plan::new(&ws);
    let decision_maker = args.decision_maker.as_deref();
    plan.edit(record, |t| {
        status_edit(&ws, record, t, &target, decision_maker)
    })?;
    let text = plan.text(record)?.to_string();
    require_fields(&ws, record, &text, &target)?;
    if matches!(target.as_str(), "accepted" | "rejected") {
        require_sections(&ws, record, &text)?;
    }
    lifecycle::follow_status(&ws, &index, &mut plan, record, &target)?;
    let others: Vec<String> = plan
        .changed()
        .into_iter()
        .filter(|p| *p != record.path)
        .map(|p| p.display().to_string())
        .collect();
    let from = record.status.as_deref().unwrap_or("(none)");
    plan.apply(&format!("{} {from} → {target}", label(record)))?;
    writeln!(out, "{}: {from} → {target}", label(record))?;
    for path in others {
        writeln!(out, "  also updated {path}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `status N superseded` by hand needs an accepted successor to point at.
fn refuse_superseded_without_successor(index: &Index, record: &Record, target: &str) -> Result<()> {
    let has_successor = record
        .number
        .is_some_and(|n| !index.effective_successors(n).is_empty());
    if target != "superseded" || has_successor {
        return Ok(());
    }
    refuse(format!(
        "a superseded record must name an accepted record that replaces it; run `because supersede {} --by <record>` (it takes effect when that record is accepted)",
        record
            .number
            .map(|n| n.to_string())
            .unwrap_or_else(|| record.file_name.clone())
    ))
}

/// Refuse to decide a record whose required sections are missing, empty or still hold the
/// template's text: `check` would reject what this command wrote.
fn require_sections(ws: &Workspace, record: &Record, text: &str) -> Result<()> {
    let findings = super::writer_findings(ws, record, text)?;
    let wrong: Vec<String> = findings
        .iter()
        .filter(|d| {
            matches!(
                d.rule,
                "section-missing" | "section-empty" | "placeholder-left"
            )
        })
        .map(|d| {
            format!(
                "  {}:{}: {} [{}]",
                d.path.display(),
                d.line,
                d.message,
                d.rule
            )
        })
        .collect();
    if wrong.is_empty() {
        return Ok(());
    }
    refuse(format!(
        "cannot decide {} while its sections are incomplete; fill them in first:\n{}",
        label(record),
        wrong.join("\n")
    ))
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
            crate::words::article(&record.kind),
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
) -> Result<String, edit::EditError> {
    let mut text = edit::set_field(text, "status", target)?;
    let stamps_decided = ws
        .config
        .kind(&record.kind)
        .is_some_and(|k| k.required_fields(target).iter().any(|f| f == "decided"));
    if stamps_decided {
        text = edit::set_field(&text, "decided", &decided_date(ws, record))?;
    }
    if let Some(person) = decision_maker {
        text = edit::set_field(&text, "decision-maker", person)?;
    }
    if matches!(target, "accepted" | "rejected") {
        let who = decision_maker
            .or(record.decision_maker())
            .unwrap_or("the decision-maker");
        let stamp = format!(
            "{} by {who} on {}.",
            capitalized(target),
            decided_at(ws, record)
        );
        text = edit::stamp_decision(&text, &stamp);
    }
    Ok(text)
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// When the decision is made, in the deadline's zone (else the configured one), with the
/// deadline beside it: `Thu 12 Mar 2026 16:30 PDT, before the deadline (Thu 12 Mar 2026 17:00 PDT)`.
fn decided_at(ws: &Workspace, record: &Record) -> String {
    let deadline = record
        .deadline
        .as_deref()
        .and_then(|text| crate::time::read_deadline(text, &ws.config.tz()).ok());
    let zone = deadline
        .as_ref()
        .map(|d| d.zoned().time_zone().clone())
        .unwrap_or_else(|| ws.config.tz());
    let now = crate::time::wall(&ws.clock.now.to_zoned_datetime(zone), 0);
    match deadline {
        Some(d) if d.instant() >= ws.clock.now => {
            format!(
                "{now}, before the deadline ({})",
                crate::time::wall(d.zoned(), 0)
            )
        }
        Some(d) => format!(
            "{now}, after the deadline ({})",
            crate::time::wall(d.zoned(), 0)
        ),
        None => now,
    }
}

/// The day the decision is made where its deadline is due (issue 14): a decision at 16:30 in
/// Los Angeles, before a 17:00 deadline there, is not dated the next day in Seoul.
fn decided_date(ws: &Workspace, record: &Record) -> String {
    let deadline = record
        .deadline
        .as_deref()
        .and_then(|text| crate::time::read_deadline(text, &ws.config.tz()).ok());
    ws.clock.decided_date(deadline.as_ref()).to_string()
}

/// Refuse when the edited record lacks a field its new status requires.
fn require_fields(ws: &Workspace, record: &Record, text: &str, target: &str) -> Result<()> {
    let kind = kind_config(ws, record)?;
    let edited = record::parse(record.path.clone(), text.as_bytes(), &ws.config);
    let missing: Vec<&String> = kind
        .required_fields(target)
        .iter()
        .filter(|field| !edited.has(field))
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
        crate::words::article(target),
        record.kind,
        names.join(" and ")
    ))
}
