//! The one integration-test binary: runs the real `because` executable in temp repositories.
//! One module per verb; `TestRepo` gives each test a Git repository with a fixed author and clock.

mod support;

mod action;
mod build;
mod check;
mod complete;
mod corpus;
mod deadlines;
mod edit;
mod graph_toc;
mod init;
mod legacy;
mod lifecycle;
mod list_show;
mod man;
mod mcp;
mod migrate;
mod monorepo;
mod new;
mod numbering;
mod precommit;
mod processes;
mod readme;
mod safety;
mod serve;
mod why;
