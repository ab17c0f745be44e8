//! An embedded, incremental storyline index: one SQLite file that a
//! newsroom adds articles to all day and asks, right away, *have we seen
//! this? which story is it? what changed?*
//!
//! [`Index::ingest`] runs the library's pipeline (read → extract →
//! fingerprint → duplicates → stories) over new documents and merges the
//! result into what is stored, touching only what the new documents touch:
//!
//! - **Duplicates.** A new document's candidates are looked up by exact hash
//!   and by LSH bucket; the link-graph components of those candidates are
//!   regrouped together with the new documents by the library's
//!   [`Deduplicator`](storyline::dedup::Deduplicator). Components are closed
//!   (no member links outside), so the groups are those one run over
//!   everything would give (see `tests/batches.rs`).
//! - **Stories.** The stories a new article may join are found through the
//!   full-text index (its names and headline words); those stories' articles
//!   and the new ones are clustered again, and the result replaces them. An
//!   old story keeps its id when most of it survives. Stories can differ
//!   from one `analyze` over everything: term weights come from the stories
//!   reclustered, not the whole corpus, and two stories that no new article
//!   touches are never merged.
//!
//! Every batch is one transaction: a crash (even `kill -9`) loses at most the
//! batch in flight, and ingesting again adds exactly what is missing,
//! because documents are keyed by their id. Readers use WAL and never wait.

mod browse;
mod candidates;
mod compare;
mod detail;
mod ingest;
mod lookup;
mod migrate;
mod schema;
mod store;

pub use browse::{
    Facet, Facets, Page, SearchHit, StoryOrder, StoryQuery, StorySummary, ACTIVE_WINDOW_DAYS, SIZE_WEIGHT,
};
pub use compare::{ComparedDocument, Comparison, SharedKind, SharedSpan};
pub use detail::{DocumentSummary, DocumentView, GroupView};
pub use ingest::{IngestConfig, IngestReport};
pub use lookup::{Answer, DuplicateLink, QueryReport, StoryGuess};
pub use schema::SCHEMA_VERSION;

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use storyline::{Pipeline, PipelineConfig};

/// Why the index could not do what was asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite failed.
    #[error("index {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file is an index of another layout version.
    #[error("index {path} has schema version {found}; this build reads version {SCHEMA_VERSION}")]
    Version {
        /// The database file.
        path: PathBuf,
        /// The version found.
        found: i64,
    },
    /// Opened for reading, but the index holds signatures of an earlier
    /// format, which only a writer can bring up to date.
    #[error(
        "index {path} holds signatures of format {found}; this build reads format {}: open it for writing \
         once (`storyline ingest --db {path}` or `storyline serve --db {path}`) to fingerprint it again",
        storyline::fingerprint::SIGNATURE_FORMAT_VERSION
    )]
    SignatureFormat {
        /// The database file.
        path: PathBuf,
        /// The format found.
        found: u16,
    },
    /// Opened for reading, but there is no index there.
    #[error("no index at {0}; create one with `storyline ingest --db {0} PATH...`")]
    Missing(PathBuf),
    /// The pipeline's configuration is invalid.
    #[error(transparent)]
    Config(#[from] storyline::Error),
    /// A stored value could not be read back.
    #[error("index {path}: corrupt value: {detail}")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What was wrong.
        detail: String,
    },
}

/// Results of index operations.
pub type Result<T> = std::result::Result<T, Error>;

/// An open index: one SQLite connection and the pipeline that feeds it.
pub struct Index {
    conn: Connection,
    path: PathBuf,
    pipeline: Pipeline,
    config: IngestConfig,
    /// The last facets read, until another connection writes.
    facets: browse::FacetsCache,
}

impl Index {
    /// Opens the index at `path` for reading and writing, creating it when
    /// absent, with the default pipeline.
    pub fn open(path: impl AsRef<Path>) -> Result<Index> {
        Index::open_with(path, PipelineConfig::default(), IngestConfig::default())
    }

    /// Opens (or creates) the index with a given pipeline and ingest
    /// configuration. An index written with an earlier signature format is
    /// fingerprinted again first, from its stored texts.
    pub fn open_with(path: impl AsRef<Path>, pipeline: PipelineConfig, config: IngestConfig) -> Result<Index> {
        let path = path.as_ref().to_path_buf();
        let sql = |source| Error::Sqlite {
            path: path.clone(),
            source,
        };
        let mut conn = Connection::open(&path).map_err(sql)?;
        schema::configure(&conn).map_err(sql)?;
        schema::add_functions(&conn).map_err(sql)?;
        // A batch is one transaction. Once its pages outgrow the page cache
        // they spill to the WAL, and each later lookup searches the WAL's
        // hash tables, slower the larger it grows: give the writer a cache
        // in proportion to the batch (about 8 KB a document, 256 MB at
        // least, 2 GB at most), which the batch's articles already cost in memory.
        let cache_kib = (config.batch_size as i64).saturating_mul(8).clamp(262_144, 2 << 20);
        conn.pragma_update(None, "cache_size", -cache_kib).map_err(sql)?;
        Index::checked(&mut conn, &path)?;
        let pipeline = Pipeline::new(pipeline)?;
        migrate::signatures(&mut conn, &pipeline).map_err(sql)?;
        Ok(Index {
            conn,
            path,
            pipeline,
            config,
            facets: browse::FacetsCache::default(),
        })
    }

    /// Opens an existing index for reading only; fails when there is none.
    ///
    /// A reader of a WAL database needs its shared-memory file (`-shm`),
    /// which SQLite creates beside the index. Where it cannot (a read-only
    /// mount, or a file and folder without write permission) the index is
    /// opened as immutable instead: nothing can be writing to it there, but
    /// transactions left in a `-wal` file that no writer checkpointed are
    /// not seen.
    pub fn open_read(path: impl AsRef<Path>) -> Result<Index> {
        let path = path.as_ref().to_path_buf();
        if !path.is_file() {
            return Err(Error::Missing(path));
        }
        match Index::open_read_as(&path, false) {
            Err(Error::Sqlite { source, .. }) if cannot_share(&source) => Index::open_read_as(&path, true),
            opened => opened,
        }
    }

    fn open_read_as(path: &Path, immutable: bool) -> Result<Index> {
        let sql = |source| Error::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let immutable = if immutable { immutable_uri(path) } else { None };
        let mut conn = match immutable {
            Some(uri) => Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI),
            None => Connection::open_with_flags(path, flags),
        }
        .map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(sql)?;
        schema::add_functions(&conn).map_err(sql)?;
        // Readers answer from memory-mapped pages: a lookup touches many
        // small rows across the file. The map and the page cache are per
        // connection and a server holds one connection per reading thread,
        // so both stay modest; pages past the map go through the cache.
        conn.pragma_update(None, "mmap_size", READ_MMAP_BYTES).map_err(sql)?;
        conn.pragma_update(None, "cache_size", -(READ_CACHE_BYTES >> 10))
            .map_err(sql)?;
        let version: std::result::Result<String, _> =
            conn.query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| r.get(0));
        match version {
            Ok(v) if v.parse::<i64>().ok() == Some(SCHEMA_VERSION) => {}
            Ok(v) => {
                return Err(Error::Version {
                    path: path.to_path_buf(),
                    found: v.parse().unwrap_or(-1),
                })
            }
            Err(err) if cannot_share(&err) => return Err(sql(err)),
            Err(_) => Index::checked(&mut conn, path)?,
        }
        match migrate::stored_format(&conn).map_err(sql)? {
            storyline::fingerprint::SIGNATURE_FORMAT_VERSION => {}
            found => {
                return Err(Error::SignatureFormat {
                    path: path.to_path_buf(),
                    found,
                })
            }
        }
        Ok(Index {
            conn,
            path: path.to_path_buf(),
            pipeline: Pipeline::new(PipelineConfig::default())?,
            config: IngestConfig::default(),
            facets: browse::FacetsCache::default(),
        })
    }

    fn checked(conn: &mut Connection, path: &Path) -> Result<()> {
        match schema::prepare(conn).map_err(|source| Error::Sqlite {
            path: path.to_path_buf(),
            source,
        })? {
            schema::Layout::Current => Ok(()),
            schema::Layout::Other(found) => Err(Error::Version {
                path: path.to_path_buf(),
                found,
            }),
        }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self, source: rusqlite::Error) -> Error {
        Error::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Counts of what is stored: documents, duplicate groups, stories, quotes.
    pub fn counts(&self) -> Result<Counts> {
        let count = |table: &str| self.count(&format!("SELECT COUNT(*) FROM {table}"), []);
        Ok(Counts {
            documents: count("documents")?,
            duplicate_groups: count("dup_groups")?,
            stories: count("stories")?,
            quotes: count("quotes")?,
            skipped: count("skipped")?,
        })
    }

    /// Runs SQLite's own consistency check and the index's invariants: every
    /// document has its signature and one bucket row per band, every group's
    /// members point at its canonical copy, every document of a story exists.
    /// Returns the problems found (empty when consistent).
    pub fn check(&self) -> Result<Vec<String>> {
        store::check(&self.conn).map_err(|e| self.sql(e))
    }
}

/// Bytes of the index file a read connection maps into memory.
const READ_MMAP_BYTES: i64 = 256 << 20;
/// Bytes of page cache a read connection keeps.
const READ_CACHE_BYTES: i64 = 16 << 20;

/// Whether SQLite failed because the files beside a WAL database (`-shm`,
/// `-wal`) can neither be opened nor created.
fn cannot_share(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
    )
}

/// The SQLite URI that opens `path` as an immutable database; `None` for a
/// path that is not UTF-8.
fn immutable_uri(path: &Path) -> Option<String> {
    let mut uri = String::from("file:");
    for c in path.to_str()?.chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            '\\' if cfg!(windows) => uri.push('/'),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    Some(uri)
}

/// How much an index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Documents indexed.
    pub documents: usize,
    /// Groups of copies.
    pub duplicate_groups: usize,
    /// Stories.
    pub stories: usize,
    /// Attributed quotes.
    pub quotes: usize,
    /// Inputs skipped (their latest reason is kept).
    pub skipped: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn an_index_whose_shared_memory_file_cannot_be_opened_is_read_as_immutable() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("odd ?#% name.db");
        drop(Index::open(&db).unwrap());
        // SQLite opens the `-shm` file without following links: a link
        // there fails as a read-only mount does, for root too (who passes
        // every permission check).
        std::os::unix::fs::symlink("/nonexistent", dir.path().join("odd ?#% name.db-shm")).unwrap();
        let shared = Index::open_read_as(&db, false);
        assert!(matches!(shared, Err(Error::Sqlite { source, .. }) if cannot_share(&source)));
        let index = Index::open_read(&db).unwrap();
        assert_eq!(index.counts().unwrap().documents, 0);
        assert!(Index::open_read(dir.path().join("absent.db")).is_err());
    }

    #[test]
    fn immutable_uris_escape_what_sqlite_would_read_as_syntax() {
        assert_eq!(
            immutable_uri(Path::new("/a b/c?d#e%f.db")).unwrap(),
            "file:/a b/c%3Fd%23e%25f.db?immutable=1"
        );
    }
}
