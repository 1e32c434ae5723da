//! The one integration-test binary: runs the real `because` executable in temp repositories.
//! One module per verb; `TestRepo` gives each test a Git repository with a fixed author and clock.

mod support;

mod build;
mod edit;
mod init;
mod list_show;
mod new;
mod numbering;
