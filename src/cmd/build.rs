//! `because build`: write the static site (see `site`), or copy its templates out to customise;
//! at a monorepo's root, one site with a subfolder per member (`site::monorepo`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::load_index;
use crate::site;
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory to write the site to [default: site/ at the repository root]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Skip reading Git history (faster; pages show no commits, dates come from front matter)
    #[arg(long)]
    pub no_history: bool,
    /// Copy the default templates and CSS into the templates directory to customise them, and exit
    #[arg(long, conflicts_with_all = ["out", "no_history"])]
    pub eject_templates: bool,
    #[command(flatten)]
    pub root: super::RootArg,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let members = super::members(global, &args.root)?;
    let ws = &members.top;
    if args.eject_templates {
        return eject(ws, out);
    }
    let options = site::Options {
        out: match &args.out {
            Some(dir) => ws.cwd.join(dir),
            None => ws.root.join(crate::config::DEFAULT_SITE_DIR),
        },
        history: !args.no_history,
    };
    let terminal = std::io::stderr().is_terminal();
    let progress = |step: &str, done: usize, total: usize| {
        if terminal {
            show_progress(step, done, total);
        }
    };
    let summary = match members.is_monorepo {
        false => {
            let only = &members.selected[0].ws;
            site::build(only, &load_index(only)?, &options, &progress)?
        }
        true => build_monorepo(&members, &options, &progress)?,
    };
    let mut err = std::io::stderr().lock();
    if terminal {
        write!(err, "\r\x1b[2K")?;
    }
    if summary.history == "shallow" {
        writeln!(
            err,
            "note: this is a shallow clone, so Git history is incomplete; the site says so and takes dates from front matter"
        )?;
    }
    writeln!(
        err,
        "built {} pages in {:.2} s → {}/",
        summary.pages,
        summary.elapsed.as_secs_f64(),
        ws.display(&options.out).display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// One site for the selected members: each in a subfolder, and a top page listing them all.
fn build_monorepo(
    members: &super::Members,
    options: &site::Options,
    progress: site::Progress<'_>,
) -> Result<site::Summary> {
    let indexes = members
        .selected
        .iter()
        .map(|m| load_index(&m.ws))
        .collect::<Result<Vec<_>>>()?;
    let parts: Vec<site::monorepo::Part<'_>> = members
        .selected
        .iter()
        .zip(&indexes)
        .map(|(member, index)| site::monorepo::Part { member, index })
        .collect();
    site::monorepo::build(&members.top, &parts, options, progress)
}

/// One line, rewritten in place; only every 2% so a fast build does not spend its time printing.
fn show_progress(step: &str, done: usize, total: usize) {
    let step_size = (total / 50).max(1);
    if total > 0 && !done.is_multiple_of(step_size) && done != total {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = if total > 0 {
        write!(err, "\r\x1b[2K{step} {done}/{total} pages")
    } else {
        write!(err, "\r\x1b[2K{step}…")
    };
    let _ = err.flush();
}

fn eject(ws: &Workspace, out: &mut dyn Write) -> Result<ExitCode> {
    for (path, written) in site::eject_templates(ws)? {
        let shown = ws.display(&path);
        if written {
            writeln!(out, "{}", shown.display())?;
        } else {
            eprintln!("kept `{}`: it already exists", shown.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
