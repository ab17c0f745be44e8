//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use storyline::read::Input;
use storyline::report::{ArticleRecord, DocumentRecord, Report};
use storyline::{Pipeline, PipelineConfig};

/// A path under the repository root.
pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative)
}

/// A path under this crate's `tests/data`.
pub fn data_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(relative)
}

/// Runs the default pipeline over the given paths.
pub fn analyze(paths: &[PathBuf]) -> Report {
    let inputs: Vec<Input> = paths.iter().cloned().map(Input::Path).collect();
    Pipeline::new(PipelineConfig::default()).unwrap().run(&inputs)
}

/// The article with this id; panics if it is missing or skipped.
pub fn article<'a>(report: &'a Report, id: &str) -> &'a ArticleRecord {
    report
        .documents
        .iter()
        .find_map(|d| match d {
            DocumentRecord::Article(a) if a.id.0 == id => Some(a),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no article {id}"))
}

/// Ids as plain strings.
pub fn ids(list: &[storyline::model::DocId]) -> Vec<&str> {
    list.iter().map(|d| d.0.as_str()).collect()
}
