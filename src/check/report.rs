//! Reporters: findings → human text, JSON, GitHub workflow commands, SARIF 2.1.0, JUnit XML
//! or a GitLab Code Quality report.
//!
//! Each writes one complete document to `out` and nothing else, so `--format json > x.json`
//! is valid JSON. Paths are printed as given in the diagnostics (the command decides whether
//! they are relative to the working directory or to the repository root).

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;
use serde_json::{Value, json};

use super::{Diagnostic, Summary, rules};
use crate::config::{Config, Severity};
use crate::terminal::safe_line;
use crate::text::{escape_markup as xml, slash_path};

/// What a reporter needs besides the findings.
pub struct Report<'a> {
    pub diagnostics: &'a [Diagnostic],
    /// Every record checked, in order (JUnit has one test case per record).
    pub checked: &'a [PathBuf],
    pub summary: Summary,
    pub config: &'a Config,
    /// Colour the human format (only on a terminal, never with NO_COLOR).
    pub color: bool,
    pub deny_warnings: bool,
}

/// ANSI styles for the human format; empty strings when colour is off.
struct Style {
    bold: &'static str,
    error: &'static str,
    warning: &'static str,
    help: &'static str,
    reset: &'static str,
}

impl Style {
    fn new(color: bool) -> Style {
        if color {
            Style {
                bold: "\x1b[1m",
                error: "\x1b[1;31m",
                warning: "\x1b[1;33m",
                help: "\x1b[1;36m",
                reset: "\x1b[0m",
            }
        } else {
            Style {
                bold: "",
                error: "",
                warning: "",
                help: "",
                reset: "",
            }
        }
    }
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Off => "off",
    }
}

/// `path:line:col: error[rule]: message`, an indented `help:` line, then the summary.
pub fn human(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let style = Style::new(report.color);
    for d in report.diagnostics {
        writeln!(out, "{}", finding_text(d, &style))?;
    }
    if !report.diagnostics.is_empty() {
        writeln!(out)?;
    }
    writeln!(
        out,
        "{}{}{}",
        style.bold,
        summary_line(&report.summary),
        style.reset
    )
}

/// `2 errors, 1 warning in 14 records`.
pub fn summary_line(summary: &Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {} in {}",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.records, "record")
    )
}

/// One finding in the JSON format, fields in the documented order.
#[derive(Serialize)]
struct JsonFinding<'a> {
    file: String,
    line: usize,
    column: usize,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: &'a str,
}

/// One JSON array of findings.
pub fn json(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let items: Vec<JsonFinding<'_>> = report
        .diagnostics
        .iter()
        .map(|d| JsonFinding {
            file: slash_path(&d.path),
            line: d.line,
            column: d.column,
            rule: d.rule,
            severity: severity_word(d.severity),
            message: &d.message,
            help: &d.help,
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}

/// GitHub Actions workflow commands: one `::error …::message` annotation per finding.
pub fn github(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    for d in report.diagnostics {
        writeln!(
            out,
            "::{} file={},line={},col={},title={}::{}",
            severity_word(d.severity),
            escape_property(&slash_path(&d.path)),
            d.line,
            d.column,
            escape_property(d.rule),
            escape_data(&format!("{}\nhelp: {}", d.message, d.help)),
        )?;
    }
    Ok(())
}

/// Escaping of a workflow command's message (the runner's `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a workflow command's property value (the runner's `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// SARIF 2.1.0, as GitHub code scanning uploads it: every rule in the driver, one result per
/// finding, locations relative to the repository root (`%SRCROOT%`).
pub fn sarif(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let rules: Vec<Value> = rules::RULES
        .iter()
        .map(|rule| {
            let level = sarif_level(report.config.severity(rule.id, rule.severity));
            json!({
                "id": rule.id,
                "name": rule.id,
                "shortDescription": { "text": rule.summary },
                "help": { "text": rule.summary },
                "helpUri": rules::doc_url(rule.id),
                "defaultConfiguration": { "level": level },
            })
        })
        .collect();
    let results: Vec<Value> = report.diagnostics.iter().map(sarif_result).collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "because",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn sarif_result(d: &Diagnostic) -> Value {
    let mut result = json!({
        "ruleId": d.rule,
        "level": sarif_level(d.severity),
        "message": { "text": format!("{}\nhelp: {}", d.message, d.help) },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {
                    "uri": uri_path(&slash_path(&d.path)),
                    "uriBaseId": "%SRCROOT%",
                },
                "region": { "startLine": d.line, "startColumn": d.column },
            }
        }],
    });
    if let Some(index) = rules::position(d.rule) {
        result["ruleIndex"] = json!(index);
    }
    result
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Off => "none",
    }
}

/// A relative path as a URI reference: unreserved characters and `/` kept, the rest
/// percent-encoded (a space in a file name must not break the SARIF).
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A GitLab Code Quality report (the Code Climate subset GitLab reads): one issue per finding,
/// errors `major` and warnings `minor`. The fingerprint leaves out the line, so a finding
/// that only moved is the same finding in the merge request widget; identical findings in one
/// file are told apart by their order.
pub fn gitlab(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let mut seen: std::collections::HashMap<(String, &str, &str), usize> = Default::default();
    let issues: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let path = slash_path(&d.path);
            let nth = seen
                .entry((path.clone(), d.rule, d.message.as_str()))
                .and_modify(|n| *n += 1)
                .or_insert(0);
            let key = format!("{path}\0{}\0{}\0{nth}", d.rule, d.message);
            json!({
                "description": format!("{} (help: {})", d.message, d.help),
                "check_name": d.rule,
                "fingerprint": fingerprint(&key),
                "severity": match d.severity {
                    Severity::Error => "major",
                    _ => "minor",
                },
                "location": { "path": path, "lines": { "begin": d.line } },
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

/// 128 bits of FNV-1a as 32 hex digits: stable across runs and platforms (no random seed).
fn fingerprint(key: &str) -> String {
    let fnv = |offset: u64| {
        key.bytes().fold(offset, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:016x}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x6c62_272e_07bb_0142)
    )
}

/// JUnit XML: one test case per record checked; a record with an error (or, under
/// `--deny-warnings`, a warning) fails, and its findings are the failure's text.
pub fn junit(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let failing = |d: &Diagnostic| d.severity == Severity::Error || report.deny_warnings;
    let cases: Vec<(&PathBuf, Vec<&Diagnostic>)> = report
        .checked
        .iter()
        .map(|path| {
            let found = report
                .diagnostics
                .iter()
                .filter(|d| &d.path == path)
                .collect();
            (path, found)
        })
        .collect();
    let failures = cases
        .iter()
        .filter(|(_, found)| found.iter().any(|d| failing(d)))
        .count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    let counts = format!(
        r#"tests="{}" failures="{failures}" errors="0" skipped="0""#,
        cases.len()
    );
    writeln!(out, r#"<testsuites name="because check" {counts}>"#)?;
    writeln!(out, r#"  <testsuite name="because check" {counts}>"#)?;
    for (path, found) in &cases {
        let path = xml(&slash_path(path));
        write!(
            out,
            r#"    <testcase name="{path}" classname="because.check" file="{path}""#
        )?;
        if found.is_empty() {
            writeln!(out, "/>")?;
            continue;
        }
        writeln!(out, ">")?;
        let text: Vec<String> = found.iter().map(|d| plain_line(d)).collect();
        if let Some(first) = found.iter().find(|d| failing(d)) {
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                first.rule,
                xml(&first.message),
                xml(&text.join("\n"))
            )?;
        } else {
            writeln!(
                out,
                "      <system-out>{}</system-out>",
                xml(&text.join("\n"))
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// A finding as the human format prints it, without colour.
fn plain_line(d: &Diagnostic) -> String {
    finding_text(d, &Style::new(false))
}

/// `path:line:col: error[rule]: message` and an indented `help:` line, in `style`.
/// One finding as the human format prints it without colour, for messages that quote `check`.
pub fn finding_plain(d: &Diagnostic) -> String {
    finding_text(d, &Style::new(false))
}

fn finding_text(d: &Diagnostic, style: &Style) -> String {
    let colour = match d.severity {
        Severity::Error => style.error,
        _ => style.warning,
    };
    format!(
        "{b}{}:{}:{}:{r} {colour}{}[{}]{r}{b}: {}{r}\n  {}help:{r} {}",
        safe_line(&slash_path(&d.path)),
        d.line,
        d.column,
        severity_word(d.severity),
        d.rule,
        safe_line(&d.message),
        style.help,
        safe_line(&d.help),
        b = style.bold,
        r = style.reset,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn uris_encode_what_is_not_path_safe() {
        assert_eq!(
            uri_path("docs/decisions/0001 x.md"),
            "docs/decisions/0001%20x.md"
        );
    }

    #[test]
    fn fingerprints_are_stable_and_tell_keys_apart() {
        assert_eq!(fingerprint("a"), fingerprint("a"));
        assert_ne!(fingerprint("a\u{0}0"), fingerprint("a\u{0}1"));
        assert_eq!(fingerprint("").len(), 32);
    }

    #[test]
    fn xml_escapes_markup() {
        assert_eq!(xml("<a & 'b'>"), "&lt;a &amp; &#39;b&#39;&gt;");
    }
}
