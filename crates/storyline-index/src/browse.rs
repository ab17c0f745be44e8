//! Reading the index for people: story lists and search, a story with its
//! timeline, a document with its copies and the evidence.

use crate::store::{article_from_row, ARTICLE_COLUMNS};
use crate::{Error, Index, Result};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use serde_json::Value;
use storyline::report::ArticleRecord;
use storyline::text::words;

/// One page of results.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    /// How many match in all.
    pub total: usize,
    /// Results skipped before this page.
    pub offset: usize,
    /// This page.
    pub items: Vec<T>,
}

/// A story in a list.
#[derive(Debug, Clone, Serialize)]
pub struct StorySummary {
    /// Story id.
    pub id: String,
    /// Representative headline.
    pub title: String,
    /// Documents (copies included).
    pub documents: usize,
    /// Date of its first dated article.
    pub first_date: Option<String>,
    /// Date of its latest dated article.
    pub last_date: Option<String>,
    /// Key terms and names.
    pub label: Value,
}

/// A document with everything the index knows of it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// Clean text and metadata.
    #[serde(flatten)]
    pub article: ArticleRecord,
    /// Its story.
    pub story: Option<String>,
    /// Its group of copies, with the evidence for each linked pair; `None`
    /// when it has no copies.
    pub group: Option<GroupView>,
}

/// A group of copies as stored.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// The canonical copy.
    pub canonical: String,
    /// The group as the duplicates stage reported it: members and pairs
    /// (rule, scores, shared passages with spans in both texts).
    pub evidence: Value,
}

/// A document that matches a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// Document id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Its story.
    pub story: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The matching passage; matched words are wrapped in U+0002 … U+0003,
    /// so a client can mark them after escaping the text.
    pub snippet: String,
}

/// A full-text query from free words: every word must occur (quoted, so no
/// user input is read as FTS5 syntax). `None` when no word is left.
pub fn fts_query(q: &str) -> Option<String> {
    let terms: Vec<String> = words(q)
        .take(16)
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// A count for SQL's `LIMIT` or `OFFSET`: past `i64::MAX` it stays
/// `i64::MAX` (more rows than any table holds), never wraps to a negative.
fn sql_count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Two text columns.
fn pair_of_strings(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String)> {
    Ok((r.get(0)?, r.get(1)?))
}

fn json(path: &std::path::Path, text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| Error::Corrupt {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })
}

impl Index {
    /// Every row of a query, mapped; errors name the index.
    fn rows<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        self.conn
            .prepare_cached(sql)
            .and_then(|mut stmt| stmt.query_map(params, map)?.collect())
            .map_err(|e| self.sql(e))
    }

    /// The number a `SELECT COUNT(*)` query gives.
    pub(crate) fn count(&self, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
        self.conn
            .query_row(sql, params, |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(|e| self.sql(e))
    }

    /// Stories, most recent first (undated last); with `q`, those whose headline or label
    /// match every word, best match first.
    pub fn stories(&self, q: Option<&str>, limit: usize, offset: usize) -> Result<Page<StorySummary>> {
        let (page, skip) = (sql_count(limit), sql_count(offset));
        let columns = "s.id, s.title, s.documents, s.first_date, s.last_date, s.label";
        let row = |r: &rusqlite::Row<'_>| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        };
        let (total, rows) = match q.and_then(fts_query) {
            Some(query) => (
                self.count("SELECT COUNT(*) FROM stories_fts WHERE stories_fts MATCH ?1", [&query])?,
                self.rows(
                    &format!(
                        "SELECT {columns} FROM stories_fts f JOIN stories s ON s.id = f.story \
                         WHERE stories_fts MATCH ?1 ORDER BY f.rank, s.id LIMIT ?2 OFFSET ?3"
                    ),
                    params![query, page, skip],
                    row,
                )?,
            ),
            None if q.is_some_and(|q| !q.trim().is_empty()) => (0, Vec::new()),
            None => (
                self.count("SELECT COUNT(*) FROM stories", [])?,
                self.rows(
                    &format!(
                        "SELECT {columns} FROM stories s \
                         ORDER BY s.last_date DESC, s.documents DESC, s.id LIMIT ?1 OFFSET ?2"
                    ),
                    params![page, skip],
                    row,
                )?,
            ),
        };
        let items = rows
            .into_iter()
            .map(|(id, title, documents, first_date, last_date, label)| {
                Ok(StorySummary {
                    id,
                    title,
                    documents: documents as usize,
                    first_date,
                    last_date,
                    label: json(&self.path, &label)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Page { total, offset, items })
    }

    /// A story: title, label, timeline with what's new, quotes, documents,
    /// and `copies`: for each timeline entry with copies, their ids.
    pub fn story(&self, id: &str) -> Result<Option<Value>> {
        let record: Option<String> = self
            .conn
            .query_row("SELECT record FROM stories WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| self.sql(e))?;
        let Some(record) = record else { return Ok(None) };
        let mut story = json(&self.path, &record)?;
        let mut copies = serde_json::Map::new();
        let rows = self.rows(
            "SELECT c.doc_key, d.doc_key FROM documents d JOIN documents c ON c.id = d.canonical \
             WHERE d.story = ?1 ORDER BY c.doc_key, d.doc_key",
            [id],
            pair_of_strings,
        )?;
        for (canonical, member) in rows {
            if let Value::Array(list) = copies.entry(canonical).or_insert_with(|| Value::Array(Vec::new())) {
                list.push(Value::String(member));
            }
        }
        if let Value::Object(map) = &mut story {
            map.insert("copies".into(), Value::Object(copies));
        }
        Ok(Some(story))
    }

    /// A document by id, with its story and its group's evidence.
    pub fn document(&self, id: &str) -> Result<Option<DocumentView>> {
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS}, story, (SELECT c.doc_key FROM documents c WHERE c.id = documents.canonical), \
             (SELECT g.evidence FROM dup_groups g WHERE g.canonical = documents.canonical) \
             FROM documents WHERE doc_key = ?1"
        );
        let found = self
            .conn
            .query_row(&sql, [id], |r| {
                let (_, article) = article_from_row(r)?;
                Ok((
                    article,
                    r.get::<_, Option<String>>(13)?,
                    r.get::<_, Option<String>>(14)?,
                    r.get::<_, Option<String>>(15)?,
                ))
            })
            .optional()
            .map_err(|e| self.sql(e))?;
        let Some((article, story, canonical, evidence)) = found else {
            return Ok(None);
        };
        let group = match (canonical, evidence) {
            (Some(canonical), Some(evidence)) => Some(GroupView {
                canonical,
                evidence: json(&self.path, &evidence)?,
            }),
            _ => None,
        };
        Ok(Some(DocumentView {
            article: ArticleRecord::from(article),
            story,
            group,
        }))
    }

    /// Every group of copies: canonical id → member ids (canonical
    /// included), both sorted.
    pub fn duplicate_groups(&self) -> Result<std::collections::BTreeMap<String, Vec<String>>> {
        let rows = self.rows(
            "SELECT c.doc_key, d.doc_key FROM documents d JOIN documents c ON c.id = d.canonical \
             ORDER BY c.doc_key, d.doc_key",
            [],
            pair_of_strings,
        )?;
        let mut groups: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
        for (canonical, member) in rows {
            groups.entry(canonical).or_default().push(member);
        }
        Ok(groups)
    }

    /// Documents whose headline or text contain every word of `q`, best first.
    pub fn search(&self, q: &str, limit: usize, offset: usize) -> Result<Page<SearchHit>> {
        let Some(query) = fts_query(q) else {
            return Ok(Page {
                total: 0,
                offset,
                items: Vec::new(),
            });
        };
        let total = self.count(
            "SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?1",
            [&query],
        )?;
        let items = self.rows(
            "SELECT d.doc_key, d.title, d.story, d.published, \
             snippet(documents_fts, 1, char(2), char(3), '…', 16) \
             FROM documents_fts f JOIN documents d ON d.id = f.rowid \
             WHERE documents_fts MATCH ?1 ORDER BY f.rank, d.id LIMIT ?2 OFFSET ?3",
            params![query, sql_count(limit), sql_count(offset)],
            |r| {
                Ok(SearchHit {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    story: r.get(2)?,
                    published: r.get(3)?,
                    snippet: r.get(4)?,
                })
            },
        )?;
        Ok(Page { total, offset, items })
    }
}
