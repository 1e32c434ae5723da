//! `because man [--out DIR]`: the manual in roff. Without `--out`, `because.1` on stdout; with
//! it, `because.1` and one `because-<verb>.1` per verb, so every `because-init(1)` the main
//! page refers to exists.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write because.1 and one because-<verb>.1 per verb into DIR instead of printing because.1
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(args: &Args, command: clap::Command, out: &mut dyn Write) -> Result<ExitCode> {
    let pages = pages(command)?;
    match &args.out {
        None => out.write_all(&pages[0].1)?,
        Some(dir) => {
            for (name, roff) in &pages {
                let path = dir.join(name);
                store::write_generated(&path, roff)?;
                writeln!(out, "{}", path.display())?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// (file name, roff) of the main page first, then each visible verb's page.
fn pages(command: clap::Command) -> Result<Vec<(String, Vec<u8>)>> {
    // Building fills in the display names (`because-check`) the pages are named after.
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let mut pages = vec![page(command.clone())?];
    for verb in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages.push(page(verb.clone())?);
    }
    Ok(pages)
}

fn page(command: clap::Command) -> Result<(String, Vec<u8>)> {
    let man = clap_mangen::Man::new(command);
    let mut roff = Vec::new();
    man.render(&mut roff)?;
    Ok((man.get_filename(), roff))
}
