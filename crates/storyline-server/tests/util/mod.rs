//! Helpers shared by the server's tests.

use std::path::{Path, PathBuf};
use storyline::read::Input;
use storyline_index::Index;

/// An index at `dir/index.db` of the five bundled example documents.
#[allow(dead_code)]
pub fn indexed_examples(dir: &Path) -> PathBuf {
    let db = dir.join("index.db");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let report = Index::open(&db).unwrap().ingest(&[Input::Path(seeds)]).unwrap();
    assert_eq!(report.added, 5);
    db
}

/// An index at `dir/index.db` of the bundled examples and
/// `tests/data/newsroom.jsonl`: eight stories (five of two documents or
/// more) from eleven outlets in English and German, dated 2022 to
/// 2024-03-14, one of them with an undated article, one with a re-posted
/// copy.
#[allow(dead_code)]
pub fn indexed_newsroom(dir: &Path) -> PathBuf {
    let db = dir.join("index.db");
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inputs = [
        Input::Path(here.join("../../examples/seeds")),
        Input::Path(here.join("tests/data/newsroom.jsonl")),
    ];
    let report = Index::open(&db).unwrap().ingest(&inputs).unwrap();
    assert_eq!(report.added, 22);
    db
}
