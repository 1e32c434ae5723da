//! One decision record: its model, the parser (front matter with line numbers), surgical edits,
//! file names and templates.
//!
//! Pure text in, data out: nothing here touches the file system or git (see `store`, `git`).

pub mod actions;
pub mod edit;
#[cfg(test)]
mod edit_props;
pub mod family;
pub mod field;
pub mod header;
pub mod migrate;
pub mod model;
pub mod name;
pub mod normalize;
pub mod parse;
pub mod text;

pub use actions::ActionItem;
pub use model::{Field, Format, FrontMatter, Link, Problem, Record, Relation, Section};
pub use parse::{parse, parse_with_sidecar};

/// The lifecycle status a record's bytes declare, read by the same parser as every command
/// (the site's history reads each commit's version with it). Only the head of the file is
/// read: every format states its status near the top.
pub fn status_of(bytes: &[u8]) -> Option<String> {
    const HEAD: usize = 16 * 1024;
    let end = bytes.len().min(HEAD);
    let head = &bytes[..end];
    let config = crate::config::Config::default();
    parse("status.md".into(), head, &config).status
}

/// A record for unit tests: `front` is the YAML between the fences, the title names the file.
#[cfg(test)]
pub fn sample(name: &str, front: &str) -> Record {
    let text = format!("---\n{front}\n---\n# Title of {name}\n");
    parse(
        name.into(),
        text.as_bytes(),
        &crate::config::Config::default(),
    )
}
