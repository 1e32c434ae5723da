//! Error kinds that decide the exit code: a refusal by a rule (1) versus could not run (2).
//!
//! Everything else travels as `anyhow::Error` with a context chain naming the path that failed.

use std::fmt;

/// A command understood the request but a rule forbids it (missing field, bad transition,
/// taken number). Exits 1, unlike I/O or usage problems which exit 2.
#[derive(Debug)]
pub struct Refusal {
    pub message: String,
}

impl Refusal {
    pub fn new(message: impl Into<String>) -> Self {
        Refusal {
            message: message.into(),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refusal {}

/// Shorthand for returning a refusal from a command.
pub fn refuse<T>(message: impl Into<String>) -> anyhow::Result<T> {
    Err(Refusal::new(message).into())
}

/// Exit code for an error that reached `main`: 1 for a refusal, 2 for anything else.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.downcast_ref::<Refusal>().is_some() {
        1
    } else {
        2
    }
}

/// True when the error chain holds a broken pipe (stdout closed by the reader).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
