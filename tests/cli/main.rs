//! The one integration-test binary: runs the real `because` executable in temp repositories.
//! One module per verb; `TestRepo` gives each test a Git repository with a fixed author and clock.

mod support;

mod build;
mod check;
mod corpus;
mod edit;
mod graph_toc;
mod init;
mod legacy;
mod lifecycle;
mod list_show;
mod mcp;
mod migrate;
mod new;
mod numbering;
mod processes;
mod safety;
