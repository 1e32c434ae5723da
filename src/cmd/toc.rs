//! `because toc`: a Markdown table of contents of the records (number, title linked to the
//! file, status), printed, written to a file, or kept up to date in place between two marker
//! comments of a README (a pre-commit hook runs it).

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::load_index;
use crate::index::Index;
use crate::store::{self, Change};
use crate::workspace::{GlobalOptions, Workspace};

/// The markers between which `--in-place` writes.
pub const BEGIN: &str = "<!-- because:toc -->";
pub const END: &str = "<!-- because:toc:end -->";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the table of contents to FILE (created or replaced)
    #[arg(long, value_name = "FILE", conflicts_with = "in_place")]
    pub out: Option<PathBuf>,
    /// Replace what stands between `<!-- because:toc -->` and `<!-- because:toc:end -->` in FILE
    #[arg(long, value_name = "FILE")]
    pub in_place: Option<PathBuf>,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let index = load_index(&ws)?;
    let Some(target) = args.out.as_ref().or(args.in_place.as_ref()) else {
        out.write_all(table(&ws, &index, &ws.cwd).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    };
    let target = ws.cwd.join(target);
    let base = target.parent().unwrap_or(&ws.root).to_path_buf();
    let toc = table(&ws, &index, &base);
    let (old, new) = match args.in_place.is_some() {
        true => {
            let old = store::read_text(&ws, &target)?;
            let new = splice(&old, &toc)
                .map_err(|e| anyhow::anyhow!("{}: {e}", ws.display(&target).display()))?;
            (Some(old), new)
        }
        false => (store::read_text(&ws, &target).ok(), toc),
    };
    write(&ws, &target, old.as_deref(), new, out)
}

fn write(
    ws: &Workspace,
    target: &Path,
    old: Option<&str>,
    new: String,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let shown = ws.display(target);
    if old == Some(new.as_str()) {
        writeln!(out, "{} is up to date", shown.display())?;
        return Ok(ExitCode::SUCCESS);
    }
    let change = match old {
        Some(_) => Change::Replace {
            path: target.to_path_buf(),
            contents: new,
        },
        None => Change::Create {
            path: target.to_path_buf(),
            contents: new,
        },
    };
    store::apply(ws, "table of contents", &[change])?;
    writeln!(out, "wrote {}", shown.display())?;
    Ok(ExitCode::SUCCESS)
}

/// The Markdown table, links relative to `base` (the directory of the file it goes in).
pub fn table(ws: &Workspace, index: &Index, base: &Path) -> String {
    let mut out = String::from("| # | Decision | Status |\n|---|---|---|\n");
    for record in index.records() {
        let number = record.number.map(|n| format!("{n:04}")).unwrap_or_default();
        let link = relative(&ws.root.join(&record.path), base);
        out.push_str(&format!(
            "| {number} | [{}]({}) | {} |\n",
            cell(&record.display_title()),
            crate::text::slash_path(&link).replace(' ', "%20"),
            cell(record.status.as_deref().unwrap_or("")),
        ));
    }
    out
}

/// Text in a table cell: a `|` would end the cell, a newline the row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// `text` with the part between the markers replaced by `toc` (markers kept).
fn splice(text: &str, toc: &str) -> Result<String> {
    let (Some(begin), Some(end)) = (text.find(BEGIN), text.find(END)) else {
        bail!("no `{BEGIN}` … `{END}` markers; add both lines where the table of contents goes");
    };
    if end < begin {
        bail!("`{END}` comes before `{BEGIN}`; put the end marker after the start marker");
    }
    let head = &text[..begin + BEGIN.len()];
    Ok(format!("{head}\n{toc}{}", &text[end..]))
}

/// `path` relative to the directory `base`, both absolute.
fn relative(path: &Path, base: &Path) -> PathBuf {
    let path: Vec<Component> = path.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    out.extend(&path[common..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_file_they_go_in() {
        let file = Path::new("/repo/docs/decisions/0001-a.md");
        assert_eq!(
            relative(file, Path::new("/repo")),
            Path::new("docs/decisions/0001-a.md")
        );
        assert_eq!(
            relative(file, Path::new("/repo/docs/decisions")),
            Path::new("0001-a.md")
        );
        assert_eq!(
            relative(file, Path::new("/repo/site")),
            Path::new("../docs/decisions/0001-a.md")
        );
    }

    #[test]
    fn splice_keeps_everything_outside_the_markers() {
        let text = format!("# Readme\n\n{BEGIN}\nold\n{END}\n\nAfter.\n");
        assert_eq!(
            splice(&text, "new\n").unwrap(),
            format!("# Readme\n\n{BEGIN}\nnew\n{END}\n\nAfter.\n")
        );
        assert!(splice("no markers", "x").is_err());
    }
}
