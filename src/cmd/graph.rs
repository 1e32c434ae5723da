//! `because graph`: the relation graph (supersedes, amends, relates-to) with each record's
//! status, as Graphviz DOT, Mermaid or JSON.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::load_metadata_index;
use crate::graph::{self, Graph};
use crate::workspace::{GlobalOptions, Workspace};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Dot,
    Mermaid,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format (`dot -Tsvg` draws DOT; GitHub renders Mermaid in Markdown)
    #[arg(long, value_enum, default_value_t = Format::Dot)]
    pub format: Format,
    /// Only records with at least one relation
    #[arg(long)]
    pub connected: bool,
}

pub fn run(global: &GlobalOptions, args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let ws = Workspace::discover(global)?;
    let index = load_metadata_index(&ws)?;
    let mut graph = Graph::of(&index);
    if args.connected {
        graph = graph.connected();
    }
    match args.format {
        Format::Dot => out.write_all(graph::dot(&graph).as_bytes())?,
        Format::Mermaid => out.write_all(graph::mermaid(&graph).as_bytes())?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &graph)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
