//! The `because` binary: parse arguments, run the verb, map the outcome to an exit code.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

fn main() -> ExitCode {
    // `COMPLETE=bash because …` (set by the script `because completions` prints) answers a
    // TAB press and exits here.
    clap_complete::CompleteEnv::with_factory(|| {
        because::complete::command(because::cli::Cli::command())
    })
    .complete();
    let cli = because::cli::Cli::parse();
    match because::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // `because list | head` closes stdout early: that is the reader's choice, not a failure.
            if because::error::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            // Messages quote record titles and paths: nothing in them may drive the terminal.
            let message = format!("{err:#}");
            eprintln!("error: {}", because::terminal::safe(&message));
            ExitCode::from(because::error::exit_code(&err))
        }
    }
}

/// mimalloc instead of glibc's malloc: parsing thousands of records on rayon's threads made
/// glibc grow its per-thread arenas with thousands of `mprotect` calls (decision 0015).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
