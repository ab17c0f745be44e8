//! The library's error type.
//!
//! A bad *document* is data, not an error: it becomes a [`crate::model::Skipped`]
//! record in the report. [`Error`] is returned only when a whole run cannot go on
//! (for example, an invalid configuration).

/// Why a run could not go on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A configuration value is out of its valid range.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// The temporary file that holds texts during a large run failed.
    #[error("cannot use a temporary file for the texts being grouped: {0}")]
    Spill(#[source] std::io::Error),
    /// Reading standard input failed.
    #[error("cannot read standard input: {0}")]
    Stdin(#[source] std::io::Error),
}

/// `Result` with the library's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
