//! `because serve`: build the site into a temp directory, serve it on loopback, rebuild when a
//! record, the config or a template changes, and reload the open pages (decision 0009).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::load_index;
use crate::serve::{self, Generation};
use crate::site;
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port to listen on [default: a free port, printed]
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Address to listen on; anything but loopback lets other machines read the records
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub host: String,
    /// Skip reading Git history (faster rebuilds; pages show no commits)
    #[arg(long)]
    pub no_history: bool,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let site_dir = serve::SiteDir::new()?;
    let options = site::Options {
        out: site_dir.path().to_path_buf(),
        history: !args.no_history,
    };
    build(&ws, &options)?;
    let (listener, addr) = serve::bind(&args.host, args.port)?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: serving on {addr}: anyone who can reach this machine can read these records"
        );
    }
    writeln!(
        out,
        "serving http://{addr}/ (rebuilds on change; Ctrl-C to stop)"
    )?;
    out.flush()?;
    let generation = Generation::default();
    let _watcher = serve::watch(&watched(&ws), generation.clone(), {
        let global = global.clone();
        move || rebuild(&global, &options)
    })?;
    serve::serve(listener, site_dir.path(), &generation)?;
    Ok(ExitCode::SUCCESS)
}

fn build(ws: &Workspace, options: &site::Options) -> Result<site::Summary> {
    let index = load_index(ws)?;
    site::build(ws, &index, options, &|_, _, _| {})
}

/// A failed rebuild (a half-typed record, a template error) keeps the last good site.
fn rebuild(global: &GlobalOptions, options: &site::Options) {
    let result = Workspace::discover(global).and_then(|ws| build(&ws, options));
    match result {
        Ok(summary) => eprintln!(
            "rebuilt {} pages in {:.2} s",
            summary.pages,
            summary.elapsed.as_secs_f64()
        ),
        Err(err) => eprintln!("error: rebuild failed, serving the last good site: {err:#}"),
    }
}

/// What the site is made from: the records, the config and the template overrides.
fn watched(ws: &Workspace) -> Vec<PathBuf> {
    let mut paths = vec![ws.records_dir.clone(), ws.templates_dir()];
    paths.extend(ws.package_dirs.iter().cloned());
    paths.extend(ws.config_path.iter().cloned());
    paths
}
