//! # storyline-eval
//!
//! Measures storyline with the metrics each field uses, on labelled data
//! sets passed by path (they are never copied into the project):
//!
//! * [`clustering`]: BCubed, pairwise precision/recall/F1 and the adjusted
//!   Rand index, for story clustering;
//! * [`stories`]: runs the pipeline over a JSONL set with `event_cluster`
//!   labels (ECB+, NewsWCL50) and scores its stories;
//! * [`quotes`]: quote spans and speakers against the hand-annotated set in
//!   `data/quotes/` (its guideline is beside it).
//!
//! `storyline eval …` is a thin shell over these functions.
#![warn(missing_docs)]

pub mod clustering;
pub mod dedup;
pub mod dedup_set;
pub mod extract;
pub mod quotes;
pub mod stories;

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// The data set could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A line of the data set is not what the evaluation expects.
    #[error("{path}:{line}: {reason}")]
    Format {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The pipeline configuration is invalid.
    #[error(transparent)]
    Pipeline(#[from] storyline::Error),
}
