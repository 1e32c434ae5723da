//! One decision record: its model, the parser (front matter with line numbers), surgical edits,
//! file names and templates.
//!
//! Pure text in, data out: nothing here touches the file system or git (see `store`, `git`).

pub mod edit;
#[cfg(test)]
mod edit_props;
pub mod legacy;
pub mod migrate;
pub mod model;
pub mod name;
pub mod parse;
pub mod template;

pub use model::{Field, Format, FrontMatter, Link, Problem, Record, Relation, Section};
pub use parse::parse;
