//! `because completions <shell>`: print the script that registers completion for a shell.
//!
//! Bash, zsh, fish, elvish and PowerShell get dynamic completion (`crate::complete`), which
//! offers the current repository's record numbers, statuses, kinds and people.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap_complete::Shell;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Shell to generate completions for
    pub shell: Shell,
}

pub fn run(args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    match crate::complete::write_registration(&args.shell.to_string(), out) {
        Some(written) => written?,
        None => bail!("no completion for {}", args.shell),
    }
    Ok(ExitCode::SUCCESS)
}
