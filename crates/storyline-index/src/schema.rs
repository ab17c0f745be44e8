//! The database layout, created on first open and checked on every open.
//!
//! One file holds everything: documents with their clean text and metadata,
//! MinHash signatures (the library's versioned `SLMH` format), one LSH bucket
//! row per band, the link-graph component and canonical copy of every
//! document, duplicate groups with their evidence, stories with their
//! timelines, quotes, and two full-text indexes (documents, stories).

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension};

/// Version of the layout below; bump on any change to it.
pub const SCHEMA_VERSION: i64 = 1;

const CREATE: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    doc_key TEXT NOT NULL UNIQUE,
    exact_hash INTEGER NOT NULL,
    title TEXT, published TEXT, published_precision TEXT, updated TEXT, updated_precision TEXT,
    language TEXT, source TEXT, original_source TEXT, url TEXT, author TEXT,
    text TEXT NOT NULL,
    words INTEGER NOT NULL,
    -- Distinct shingles: with the signature, bounds the similarity to a new document.
    shingles INTEGER NOT NULL,
    -- The smallest document id of its link-graph component (its own id when unlinked).
    component INTEGER NOT NULL,
    -- The document id of its group's canonical copy; NULL when it has no copies.
    canonical INTEGER,
    story TEXT,
    batch INTEGER NOT NULL
);
CREATE INDEX documents_exact ON documents (exact_hash);
CREATE INDEX documents_component ON documents (component);
CREATE INDEX documents_canonical ON documents (canonical);
CREATE INDEX documents_story ON documents (story);
CREATE TABLE signatures (doc INTEGER PRIMARY KEY REFERENCES documents (id), signature BLOB NOT NULL);
CREATE TABLE buckets (bucket INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (bucket, doc)) WITHOUT ROWID;
CREATE TABLE dup_groups (
    canonical INTEGER PRIMARY KEY REFERENCES documents (id),
    members INTEGER NOT NULL,
    evidence TEXT NOT NULL
);
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    documents INTEGER NOT NULL,
    first_date TEXT,
    last_date TEXT,
    record TEXT NOT NULL,
    -- The label alone (JSON), so that a list never parses whole records.
    label TEXT NOT NULL,
    -- The story's term profile (JSON): how a new article is placed without reclustering.
    profile TEXT NOT NULL
);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    story TEXT NOT NULL,
    doc INTEGER NOT NULL REFERENCES documents (id),
    speaker TEXT,
    text TEXT NOT NULL
);
CREATE INDEX stories_recent ON stories (last_date DESC, documents DESC, id);
CREATE INDEX quotes_story ON quotes (story);
CREATE TABLE skipped (doc_key TEXT PRIMARY KEY, reason TEXT NOT NULL, batch INTEGER NOT NULL);
CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    finished_at TEXT NOT NULL,
    inputs INTEGER NOT NULL,
    added INTEGER NOT NULL,
    already_indexed INTEGER NOT NULL,
    skipped INTEGER NOT NULL
);
-- Each story's strongest profile terms: how a new article finds the
-- stories it may join without scanning them all.
CREATE TABLE story_terms (term TEXT NOT NULL, story TEXT NOT NULL, last_date TEXT, PRIMARY KEY (term, story)) WITHOUT ROWID;
CREATE INDEX story_terms_recent ON story_terms (term, last_date DESC);
CREATE INDEX story_terms_story ON story_terms (story);
CREATE VIRTUAL TABLE documents_fts USING fts5 (title, text, content = 'documents', content_rowid = 'id');
CREATE VIRTUAL TABLE stories_fts USING fts5 (story UNINDEXED, title, label);
";

/// Tables and indexes added since layout 1 came out, created in older
/// indexes when a writer opens them: additions only, so the layout version
/// stays. An index opened only for reading answers without the indexes,
/// more slowly.
const ADDED: &str = "
-- The hash of each document's input as read: a document's identity, which
-- (unlike its clean text) does not depend on the batch it was extracted in.
CREATE TABLE IF NOT EXISTS inputs (doc INTEGER PRIMARY KEY REFERENCES documents (id), digest INTEGER NOT NULL);
-- What the story lists filter and sort by (browse.rs): a story's outlets
-- and languages read from its own rows, the stories of one outlet or
-- language, the articles of a date range, and stories by size.
CREATE INDEX IF NOT EXISTS documents_story_outlets ON documents (story, source, language);
CREATE INDEX IF NOT EXISTS documents_source ON documents (source, story);
CREATE INDEX IF NOT EXISTS documents_language ON documents (language, story);
CREATE INDEX IF NOT EXISTS documents_published ON documents (published, story);
CREATE INDEX IF NOT EXISTS stories_size ON stories (documents DESC, last_date DESC, id);
-- Each story's label apart from its record, for lists: a column stored
-- after a long record is read only by walking the record's overflow pages
-- (a story of 1,000 documents: a megabyte). Kept by triggers; filled
-- once from the stories of an index written before it (FILL_STORY_LABELS).
CREATE TABLE IF NOT EXISTS story_labels (story TEXT PRIMARY KEY, label TEXT NOT NULL) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS story_labels_added AFTER INSERT ON stories BEGIN
    INSERT OR REPLACE INTO story_labels (story, label) VALUES (NEW.id, NEW.label);
END;
CREATE TRIGGER IF NOT EXISTS story_labels_changed AFTER UPDATE OF id, label ON stories BEGIN
    DELETE FROM story_labels WHERE story = OLD.id;
    INSERT OR REPLACE INTO story_labels (story, label) VALUES (NEW.id, NEW.label);
END;
CREATE TRIGGER IF NOT EXISTS story_labels_removed AFTER DELETE ON stories BEGIN
    DELETE FROM story_labels WHERE story = OLD.id;
END;
";

/// Fills the labels' table of an index written before it (see `ADDED`).
const FILL_STORY_LABELS: &str = "INSERT OR IGNORE INTO story_labels (story, label) SELECT id, label FROM stories";

/// Opens settings every connection needs: WAL so readers never wait for
/// the writer, a busy timeout so two writers queue instead of failing.
pub fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    Ok(())
}

/// SQL functions the browse queries need that this SQLite build lacks (its
/// math functions are not compiled in): `ln(x)`, the natural logarithm,
/// NULL for `x <= 0`.
pub fn add_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("ln", 1, flags, |ctx| {
        let x: f64 = ctx.get(0)?;
        Ok((x > 0.0).then(|| x.ln()))
    })
}

/// What [`prepare`] found.
pub enum Layout {
    /// The layout this build writes.
    Current,
    /// Another version.
    Other(i64),
}

/// Creates the layout in an empty database, or reports the version found.
pub fn prepare(conn: &mut Connection) -> rusqlite::Result<Layout> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let exists: Option<String> = tx
        .query_row(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_none() {
        tx.execute_batch(CREATE)?;
        tx.execute_batch(ADDED)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', ?1), ('signature_format', ?2), ('next_story', '1')",
            rusqlite::params![SCHEMA_VERSION.to_string(), storyline::fingerprint::SIGNATURE_FORMAT_VERSION.to_string()],
        )?;
        tx.commit()?;
        return Ok(Layout::Current);
    }
    let version: String = tx.query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| r.get(0))?;
    let version: i64 = version.parse().unwrap_or(-1);
    if version == SCHEMA_VERSION {
        let had_labels = tx
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'story_labels'",
                [],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        tx.execute_batch(ADDED)?;
        if !had_labels {
            tx.execute_batch(FILL_STORY_LABELS)?;
        }
    }
    tx.commit()?;
    Ok(if version == SCHEMA_VERSION {
        Layout::Current
    } else {
        Layout::Other(version)
    })
}
