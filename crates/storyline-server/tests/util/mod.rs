//! Helpers shared by the server's tests.

use std::path::{Path, PathBuf};
use storyline::read::Input;
use storyline_index::Index;

/// An index at `dir/index.db` of the five bundled example documents.
pub fn indexed_examples(dir: &Path) -> PathBuf {
    let db = dir.join("index.db");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let report = Index::open(&db).unwrap().ingest(&[Input::Path(seeds)]).unwrap();
    assert_eq!(report.added, 5);
    db
}
