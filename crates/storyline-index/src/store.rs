//! Rows ↔ library types, and the index's consistency check.

use rusqlite::{params, Connection, Row};
use storyline::dedup::Deduplicator;
use storyline::fingerprint::Fingerprint;
use storyline::model::{Article, DatePrecision, DocId, PubDate};

/// The columns [`article_from_row`] reads, in its order.
pub const ARTICLE_COLUMNS: &str = "id, doc_key, title, published, published_precision, updated, updated_precision, \
     language, source, original_source, url, author, text";

fn precision_name(p: DatePrecision) -> &'static str {
    match p {
        DatePrecision::Year => "year",
        DatePrecision::Month => "month",
        DatePrecision::Day => "day",
    }
}

fn date_of(date: Option<String>, precision: Option<String>) -> Option<PubDate> {
    let date = chrono::NaiveDate::parse_from_str(&date?, "%Y-%m-%d").ok()?;
    let precision = match precision.as_deref() {
        Some("year") => DatePrecision::Year,
        Some("month") => DatePrecision::Month,
        _ => DatePrecision::Day,
    };
    Some(PubDate { date, precision })
}

/// A stored document as the library's [`Article`], with its row id.
pub fn article_from_row(row: &Row<'_>) -> rusqlite::Result<(i64, Article)> {
    Ok((
        row.get(0)?,
        Article {
            id: DocId(row.get(1)?),
            title: row.get(2)?,
            published: date_of(row.get(3)?, row.get(4)?),
            updated: date_of(row.get(5)?, row.get(6)?),
            language: row.get(7)?,
            source: row.get(8)?,
            original_source: row.get(9)?,
            url: row.get(10)?,
            author: row.get(11)?,
            text: row.get(12)?,
            renamed_from: None,
            encoding: None,
            input_digest: 0,
        },
    ))
}

/// Stores a document's signature and one bucket row per LSH band (none for
/// a text without shingles, which no bucket could pair), replacing what
/// was stored for it.
pub fn store_signature(conn: &Connection, id: i64, print: &Fingerprint, dedup: &Deduplicator) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO signatures (doc, signature) VALUES (?1, ?2)")?
        .execute(params![id, print.signature.to_bytes()])?;
    if !print.shingles.is_empty() {
        let mut insert = conn.prepare_cached("INSERT OR IGNORE INTO buckets (bucket, doc) VALUES (?1, ?2)")?;
        for key in dedup.bucket_keys(&print.signature.mins) {
            insert.execute(params![key as i64, id])?;
        }
    }
    Ok(())
}

/// Stores a new article; its component is itself until grouped.
pub fn insert_article(conn: &Connection, article: &Article, print: &Fingerprint, batch: i64) -> rusqlite::Result<i64> {
    let date = |d: Option<PubDate>| d.map(|d| d.date.format("%Y-%m-%d").to_string());
    let precision = |d: Option<PubDate>| d.map(|d| precision_name(d.precision));
    conn.prepare_cached(
        "INSERT INTO documents (doc_key, exact_hash, title, published, published_precision, updated, \
         updated_precision, language, source, original_source, url, author, text, words, shingles, component, batch) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0, ?16)",
    )?
    .execute(params![
        article.id.0,
        print.exact as i64,
        article.title,
        date(article.published),
        precision(article.published),
        date(article.updated),
        precision(article.updated),
        article.language,
        article.source,
        article.original_source,
        article.url,
        article.author,
        article.text,
        article.word_count() as i64,
        print.shingles.len() as i64,
        batch,
    ])?;
    let id = conn.last_insert_rowid();
    conn.prepare_cached("UPDATE documents SET component = ?1 WHERE id = ?1")?
        .execute([id])?;
    conn.prepare_cached("INSERT INTO inputs (doc, digest) VALUES (?1, ?2)")?
        .execute(params![id, article.input_digest as i64])?;
    conn.prepare_cached("INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?
        .execute(params![id, article.title.as_deref().unwrap_or(""), article.text])?;
    Ok(id)
}

/// Loads stored articles by row id, in row-id order.
pub fn load_articles(conn: &Connection, ids: &[i64]) -> rusqlite::Result<Vec<(i64, Article)>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut stmt = conn.prepare_cached(&format!("SELECT {ARTICLE_COLUMNS} FROM documents WHERE id = ?1"))?;
    ids.iter().map(|&id| stmt.query_row([id], article_from_row)).collect()
}

/// Row ids of documents selected by one integer-valued column.
pub fn ids_where(conn: &Connection, sql: &str, value: impl rusqlite::ToSql) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([value], |r| r.get::<_, i64>(0))?;
    rows.collect()
}

/// The index's invariants; each violation as a sentence.
pub fn check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut problems = Vec::new();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        problems.push(format!("SQLite integrity check: {integrity}"));
    }
    let checks = [
        (
            "documents without a signature",
            "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM signatures s WHERE s.doc = d.id)",
        ),
        (
            "documents without bucket rows",
            "SELECT COUNT(*) FROM documents d WHERE d.words > 0 \
             AND NOT EXISTS (SELECT 1 FROM buckets b WHERE b.doc = d.id)",
        ),
        (
            "documents whose canonical copy is not a group",
            "SELECT COUNT(*) FROM documents d WHERE d.canonical IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM dup_groups g WHERE g.canonical = d.canonical)",
        ),
        (
            "groups whose member count disagrees with their members",
            "SELECT COUNT(*) FROM dup_groups g WHERE g.members != \
             (SELECT COUNT(*) FROM documents d WHERE d.canonical = g.canonical)",
        ),
        (
            "documents in a story that does not exist",
            "SELECT COUNT(*) FROM documents d WHERE d.story IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = d.story)",
        ),
        (
            "documents in no story",
            "SELECT COUNT(*) FROM documents WHERE story IS NULL",
        ),
        (
            "stories whose document count disagrees with their documents",
            "SELECT COUNT(*) FROM stories s WHERE s.documents != (SELECT COUNT(*) FROM documents d WHERE d.story = s.id)",
        ),
        (
            "copies of one article in different stories",
            "SELECT COUNT(*) FROM documents d JOIN documents c ON c.id = d.canonical WHERE d.story IS NOT c.story",
        ),
        (
            "full-text rows missing",
            "SELECT (SELECT COUNT(*) FROM documents) - (SELECT COUNT(*) FROM documents_fts_docsize)",
        ),
    ];
    for (what, sql) in checks {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
        if n != 0 {
            problems.push(format!("{what}: {n}"));
        }
    }
    Ok(problems)
}
