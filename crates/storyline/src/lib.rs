//! # storyline
//!
//! Turns a pile of scraped news into clean articles, duplicate groups and
//! developing stories with timelines.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! | stage | module | input → output |
//! |---|---|---|
//! | read | [`read`] | files, folders, stdin → [`model::RawDoc`] or [`model::Skipped`] |
//! | extract | [`extract`] | `RawDoc` → [`model::Article`] (main text, metadata) |
//! | fingerprint | [`fingerprint`] | article text → [`fingerprint::Fingerprint`] |
//! | duplicates | [`dedup`] | articles + fingerprints → [`dedup::DupGroup`]s |
//! | stories | [`stories`] | articles + groups → [`stories::Story`]s |
//! | timeline | [`timeline`] | a story → [`timeline::TimelineEntry`]s |
//!
//! [`pipeline::Pipeline`] runs them in order and returns a
//! [`report::Report`], in which every input is accounted for.
//!
//! ```
//! use storyline::pipeline::{Pipeline, PipelineConfig};
//! use storyline::read::Input;
//!
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("a.txt"), "The council approved the budget on Tuesday after a long debate.").unwrap();
//! let report = Pipeline::new(PipelineConfig::default())
//!     .unwrap()
//!     .run(&[Input::Path(dir.path().to_path_buf())]);
//! assert_eq!(report.summary.articles, 1);
//! assert_eq!(report.summary.stories, 1);
//! ```
#![warn(missing_docs)]

pub mod dedup;
pub mod error;
pub mod extract;
pub mod fingerprint;
pub mod model;
pub mod pipeline;
pub mod quotes;
pub mod read;
pub mod report;
pub mod stories;
pub mod text;
pub mod timeline;

pub use error::{Error, Result};
pub use pipeline::{Pipeline, PipelineConfig};
pub use report::Report;
