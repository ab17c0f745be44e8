//! An index written with an earlier signature format is refused by readers
//! with a clear error and fingerprinted again by the first writer, after
//! which it holds what an index built by this build holds.

use std::path::Path;
use storyline::read::Input;
use storyline_index::{Error, Index};

type Rows = Vec<(i64, i64, i64, Vec<u8>)>;

/// Every document's exact hash and shingle count, its signature bytes, and
/// the bucket rows.
fn fingerprints(db: &Path) -> (Rows, Vec<(i64, i64)>) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let rows = conn
        .prepare("SELECT d.id, d.exact_hash, d.shingles, s.signature FROM documents d JOIN signatures s ON s.doc = d.id ORDER BY d.id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let buckets = conn
        .prepare("SELECT bucket, doc FROM buckets ORDER BY bucket, doc")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    (rows, buckets)
}

#[test]
fn an_index_of_an_earlier_signature_format_is_fingerprinted_again() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("index.db");
    let added = Index::open(&db)
        .unwrap()
        .ingest(&[Input::Path(seeds.clone())])
        .unwrap()
        .added;
    let groups = Index::open_read(&db).unwrap().duplicate_groups().unwrap();
    assert!(!groups.is_empty(), "the seeds hold copies");
    let current = fingerprints(&db);

    // What an index of format 1 looks like to this build: other hashes,
    // other signature bytes, other buckets, and the format on record.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "UPDATE meta SET value = '1' WHERE key = 'signature_format';
         UPDATE documents SET exact_hash = id;
         UPDATE signatures SET signature = x'534c4d480100';
         DELETE FROM buckets;",
    )
    .unwrap();
    drop(conn);

    match Index::open_read(&db) {
        Err(err @ Error::SignatureFormat { found: 1, .. }) => {
            assert!(err.to_string().contains("storyline ingest --db"), "{err}")
        }
        Err(other) => panic!("unexpected error: {other}"),
        Ok(_) => panic!("a reader must not use signatures of another format"),
    }

    let mut index = Index::open(&db).unwrap();
    assert_eq!(index.check().unwrap(), Vec::<String>::new());
    assert_eq!(index.duplicate_groups().unwrap(), groups);
    let again = index.ingest(&[Input::Path(seeds)]).unwrap();
    assert_eq!((again.added, again.already_indexed), (0, added));
    drop(index);
    assert_eq!(fingerprints(&db), current);
    assert!(Index::open_read(&db).is_ok());
}
