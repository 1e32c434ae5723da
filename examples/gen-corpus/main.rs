//! `cargo run --release --example gen-corpus -- --records N --commits M OUT`: write a Git
//! repository with N realistic decision records and M commits for the benchmark.

mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut records = 1_000;
    let mut commits = None;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let number = |v: Option<String>| v.and_then(|v| v.replace('_', "").parse::<usize>().ok());
        match arg.as_str() {
            "--records" => records = number(args.next()).unwrap_or(records),
            "--commits" => commits = number(args.next()),
            "-h" | "--help" => {
                println!("usage: gen-corpus [--records N] [--commits M] OUT");
                return ExitCode::SUCCESS;
            }
            other => out = Some(PathBuf::from(other)),
        }
    }
    let Some(out) = out else {
        eprintln!(
            "error: give the output directory; usage: gen-corpus [--records N] [--commits M] OUT"
        );
        return ExitCode::from(2);
    };
    let spec = corpus::Spec {
        records,
        commits: commits.unwrap_or(records * 2),
    };
    let started = std::time::Instant::now();
    match corpus::generate(&spec, &out) {
        Ok(()) => {
            eprintln!(
                "wrote {} records in {} commits to {} in {:.1} s",
                spec.records,
                spec.commits.max(spec.records),
                out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}
