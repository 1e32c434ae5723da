//! `because completions <shell>`: print a completion script for bash, zsh, fish, …

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap_complete::Shell;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Shell to generate completions for
    pub shell: Shell,
}

pub fn run(args: &Args, command: &mut clap::Command, out: &mut dyn Write) -> Result<ExitCode> {
    clap_complete::generate(args.shell, command, "because", out);
    Ok(ExitCode::SUCCESS)
}
