//! Reading the index for people: story lists (filtered, sorted, a page at
//! a time), search, and the outlets and languages the filters offer. A
//! story or a document in full is in `detail.rs`.
//!
//! Every list is answered from SQLite indexes, never by reading every story
//! record: filters go through the documents' (source, story), (language,
//! story) and (published, story) indexes and the stories' date and size
//! columns; a story's outlets and languages are read from its own rows of
//! the (story, source, language) index (schema.rs, `ADDED`).

use crate::{Error, Index, Result};
use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, OptionalExtension};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use storyline::text::words;

/// Most outlets a story summary names (most frequent first).
const SUMMARY_SOURCES: usize = 5;

/// Days of articles that make a story active: those dated within this many
/// days up to the index's newest date ([`StoryOrder::Active`]).
pub const ACTIVE_WINDOW_DAYS: i64 = 14;

/// How much a story's size counts against its text match in
/// [`StoryOrder::Relevance`]: the weight of `ln(documents)`.
pub const SIZE_WEIGHT: f64 = 1.0;

/// The stories with documents dated in the active window (its two bounds
/// the first parameters), and how many each has.
const RECENT: &str = "WITH recent (story, n) AS (SELECT story, COUNT(*) FROM documents \
     WHERE published > ? AND published <= ? AND story IS NOT NULL GROUP BY story) ";

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

impl<T> Page<T> {
    fn empty(offset: usize) -> Self {
        Page {
            total: 0,
            offset,
            items: Vec::new(),
        }
    }
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
    /// Its outlets, most documents first (ties by name), at most five.
    pub sources: Vec<String>,
    /// How many outlets it has in all.
    pub source_count: usize,
    /// Its languages (ISO 639-3), most documents first.
    pub languages: Vec<String>,
    /// Date of its first dated article.
    pub first_date: Option<String>,
    /// Date of its latest dated article.
    pub last_date: Option<String>,
    /// How much of `first_date` is known (`year`, `month` or `day`), as
    /// its article's date is stored.
    pub first_date_precision: Option<String>,
    /// How much of `last_date` is known.
    pub last_date_precision: Option<String>,
    /// Its documents dated in the active window; only in a list ordered by
    /// [`StoryOrder::Active`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recent_documents: Option<usize>,
    /// Key terms and names.
    pub label: Value,
}

/// How a story list is ordered; ties fall to the story id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryOrder {
    /// Latest article first (undated stories last), then larger first.
    Latest,
    /// Most documents first, then latest.
    Size,
    /// Most documents dated in the [`ACTIVE_WINDOW_DAYS`] days up to the
    /// index's newest date first (the window: after newest − 14 days, up to
    /// newest), then latest.
    Active,
    /// Best text match first, a story's size counting too: by
    /// `bm25(headline, label) − SIZE_WEIGHT × ln(documents)`, lower first
    /// (SQLite's bm25 is negative, more so for a better match), so a
    /// 15-document story passes a one-document story matching about as
    /// well (ln 15 ≈ 2.7; a single-word match scores about −4 to −8).
    /// Without a text query, the same as [`StoryOrder::Latest`].
    Relevance,
}

impl std::str::FromStr for StoryOrder {
    type Err = String;

    fn from_str(name: &str) -> std::result::Result<Self, String> {
        match name {
            "latest" => Ok(StoryOrder::Latest),
            "size" => Ok(StoryOrder::Size),
            "active" => Ok(StoryOrder::Active),
            "relevance" => Ok(StoryOrder::Relevance),
            other => Err(format!(
                "unknown order {other:?}; use latest, size, active or relevance"
            )),
        }
    }
}

/// Which stories a list shows, and in what order. Every filter given must
/// hold.
#[derive(Debug, Clone, Default)]
pub struct StoryQuery {
    /// Free words that the story's headline or label must all contain.
    pub text: Option<String>,
    /// An outlet (exactly as stored) that at least one of its documents has.
    pub source: Option<String>,
    /// A language (ISO 639-3, as stored) that at least one of its documents has.
    pub language: Option<String>,
    /// Its latest article is dated on or after this day.
    pub from: Option<NaiveDate>,
    /// Its first article is dated on or before this day.
    pub to: Option<NaiveDate>,
    /// It has at least this many documents (copies included).
    pub min_documents: usize,
    /// The order; by default [`StoryOrder::Relevance`] with `text`,
    /// [`StoryOrder::Latest`] without.
    pub order: Option<StoryOrder>,
}

/// A document that matches a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// Document id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Its story.
    pub story: Option<String>,
    /// Its story's headline.
    pub story_title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The matching passage; matched words are wrapped in U+0002 … U+0003,
    /// so a client can mark them after escaping the text.
    pub snippet: String,
}

/// What the stored documents hold, for a client's filter menus.
#[derive(Debug, Clone, Serialize)]
pub struct Facets {
    /// Outlets, most documents first (ties by name), at most the number asked.
    pub sources: Vec<Facet>,
    /// How many outlets there are in all.
    pub source_count: usize,
    /// Languages (ISO 639-3), most documents first.
    pub languages: Vec<Facet>,
    /// The earliest publication date.
    pub first_date: Option<String>,
    /// The latest publication date: the end of the active window.
    pub last_date: Option<String>,
    /// Days in the window that [`StoryOrder::Active`] counts.
    pub active_window_days: i64,
}

/// One value of a facet and how much carries it.
#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    /// The value as stored.
    pub value: String,
    /// Documents with it.
    pub documents: usize,
    /// Stories with at least one such document.
    pub stories: usize,
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
pub(crate) fn sql_count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(crate) fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Two text columns.
fn pair_of_strings(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String)> {
    Ok((r.get(0)?, r.get(1)?))
}

pub(crate) fn json(path: &std::path::Path, text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| Error::Corrupt {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })
}

/// How a condition on a story's documents (an outlet, a language) is put
/// to SQLite. Either reads rows of an index at about the same cost per row;
/// which reads fewer depends on how many documents have the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lookup {
    /// `s.id IN (SELECT story FROM documents WHERE …)`: reads every document
    /// with the value once.
    Gather,
    /// `EXISTS (…)`: one probe per story considered, which a walk in date
    /// or size order stops once a page is full.
    Probe,
}

/// A story list's conditions, with their parameters, before they are put
/// to SQLite.
struct StoryFilter {
    /// `FROM …`: `s` the stories, `f` their full-text rows with a text query.
    tables: &'static str,
    /// Conditions on the stories' own columns (and the text query), with
    /// their parameters.
    on_stories: Vec<(&'static str, SqlValue)>,
    /// Documents the story must have: a column and its value.
    on_documents: Vec<(&'static str, String)>,
}

impl StoryFilter {
    /// The stories matching `query`, `match_text` its full-text query.
    fn new(query: &StoryQuery, match_text: Option<&str>) -> Self {
        let mut on_stories = Vec::new();
        let tables = match match_text {
            Some(text) => {
                on_stories.push(("stories_fts MATCH ?", SqlValue::Text(text.to_string())));
                "FROM stories_fts f JOIN stories s ON s.id = f.story"
            }
            None => "FROM stories s",
        };
        if let Some(from) = query.from {
            on_stories.push(("s.last_date >= ?", SqlValue::Text(day(from))));
        }
        if let Some(to) = query.to {
            on_stories.push(("s.first_date <= ?", SqlValue::Text(day(to))));
        }
        if query.min_documents > 1 {
            on_stories.push(("s.documents >= ?", SqlValue::Integer(sql_count(query.min_documents))));
        }
        let on_documents = [("source", &query.source), ("language", &query.language)]
            .into_iter()
            .filter_map(|(column, value)| Some((column, value.clone()?)))
            .collect();
        StoryFilter {
            tables,
            on_stories,
            on_documents,
        }
    }

    /// ` WHERE …` (or nothing) of the conditions on the stories' own
    /// columns alone, and their parameters.
    fn story_conditions(&self) -> (String, Vec<SqlValue>) {
        StoryFilter {
            tables: self.tables,
            on_stories: self.on_stories.clone(),
            on_documents: Vec::new(),
        }
        .conditions(&[], &[])
    }

    /// ` WHERE …` (or nothing) with `extra` conditions besides, and the
    /// parameters in order; `lookup[i]` says how the i-th document
    /// condition is asked (one for each).
    fn conditions(&self, lookup: &[Lookup], extra: &[&str]) -> (String, Vec<SqlValue>) {
        debug_assert_eq!(lookup.len(), self.on_documents.len());
        let mut clauses: Vec<String> = Vec::new();
        let mut values = Vec::new();
        for (clause, value) in &self.on_stories {
            clauses.push(clause.to_string());
            values.push(value.clone());
        }
        for ((column, value), lookup) in self.on_documents.iter().zip(lookup) {
            clauses.push(match lookup {
                Lookup::Gather => format!("s.id IN (SELECT story FROM documents WHERE {column} = ?)"),
                Lookup::Probe => format!("EXISTS (SELECT 1 FROM documents d WHERE d.{column} = ? AND d.story = s.id)"),
            });
            values.push(SqlValue::Text(value.clone()));
        }
        clauses.extend(extra.iter().map(|c| c.to_string()));
        match clauses.is_empty() {
            true => (String::new(), values),
            false => (format!(" WHERE {}", clauses.join(" AND ")), values),
        }
    }
}

impl Index {
    /// Every row of a query, mapped; errors name the index.
    pub(crate) fn rows<T>(
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

    /// Stories, most recent first (undated last); with `q`, those whose
    /// headline or label match every word, best match first. The same as
    /// [`Index::find_stories`] with only a text query.
    pub fn stories(&self, q: Option<&str>, limit: usize, offset: usize) -> Result<Page<StorySummary>> {
        let query = StoryQuery {
            text: q.map(String::from),
            ..StoryQuery::default()
        };
        self.find_stories(&query, limit, offset)
    }

    /// The stories `query` selects, in its order, `limit` from `offset`,
    /// with how many it selects in all.
    pub fn find_stories(&self, query: &StoryQuery, limit: usize, offset: usize) -> Result<Page<StorySummary>> {
        let text = query.text.as_deref().filter(|q| !q.trim().is_empty());
        let match_text = match text.map(fts_query) {
            Some(None) => return Ok(Page::empty(offset)),
            Some(Some(m)) => Some(m),
            None => None,
        };
        let order = match (query.order, &match_text) {
            (Some(StoryOrder::Relevance) | None, Some(_)) => StoryOrder::Relevance,
            (Some(StoryOrder::Relevance) | None, None) => StoryOrder::Latest,
            (Some(order), _) => order,
        };
        let filter = StoryFilter::new(query, match_text.as_deref());
        // Gather the stories of a value when it has fewer documents than
        // there are stories to probe (those the other conditions leave); a
        // walk that stops at a full page probes, unless the value is rare
        // (an eighth of that).
        let mut documents_with = Vec::new();
        let mut candidates = 0;
        if !filter.on_documents.is_empty() {
            let (conditions, values) = filter.story_conditions();
            candidates = self.count(
                &format!("SELECT COUNT(*) {}{conditions}", filter.tables),
                params_from_iter(&values),
            )?;
            for (column, value) in &filter.on_documents {
                documents_with.push(self.documents_with(column, value, candidates)?);
            }
        }
        let lookups = |share: usize| -> Vec<Lookup> {
            documents_with
                .iter()
                .map(|&n| match n.saturating_mul(share) <= candidates {
                    true => Lookup::Gather,
                    false => Lookup::Probe,
                })
                .collect()
        };
        let (every, walked) = (lookups(1), lookups(8));
        let (conditions, values) = filter.conditions(&every, &[]);
        let total = self.count(
            &format!("SELECT COUNT(*) {}{conditions}", filter.tables),
            params_from_iter(&values),
        )?;
        if total <= offset {
            return Ok(Page {
                total,
                offset,
                items: Vec::new(),
            });
        }
        let tables = filter.tables;
        // The page's ids first, its stories' details then: a sort reads
        // only what it sorts by.
        let page_of = |order_by: &str, lookup: &[Lookup], extra: &[&str], with: &[SqlValue], at: usize, n: usize| {
            let (conditions, mut values) = filter.conditions(lookup, extra);
            values.splice(0..0, with.iter().cloned());
            values.push(SqlValue::Integer(sql_count(n)));
            values.push(SqlValue::Integer(sql_count(at)));
            let recent = match with.is_empty() {
                true => "",
                false => RECENT,
            };
            self.rows(
                &format!("{recent}SELECT s.id {tables}{conditions} ORDER BY {order_by} LIMIT ? OFFSET ?"),
                params_from_iter(&values),
                |r| r.get::<_, String>(0),
            )
        };
        const LATEST: &str = "s.last_date DESC, s.documents DESC, s.id";
        let mut recent_counts: BTreeMap<String, usize> = BTreeMap::new();
        let ids = match order {
            StoryOrder::Latest => page_of(LATEST, &walked, &[], &[], offset, limit)?,
            StoryOrder::Size => page_of(
                "s.documents DESC, s.last_date DESC, s.id",
                &walked,
                &[],
                &[],
                offset,
                limit,
            )?,
            StoryOrder::Relevance => page_of(
                &format!("bm25(stories_fts) - {SIZE_WEIGHT:?} * ln(s.documents), s.id"),
                &every,
                &[],
                &[],
                offset,
                limit,
            )?,
            StoryOrder::Active => {
                // The stories with recent documents (few), by how many;
                // then the others, which all have none, in the latest's
                // order, walked through its index.
                let window = match self.newest_date()? {
                    Some(newest) => vec![
                        SqlValue::Text(day(newest - chrono::Duration::days(ACTIVE_WINDOW_DAYS))),
                        SqlValue::Text(day(newest)),
                    ],
                    None => Vec::new(),
                };
                let mut ids = Vec::new();
                if !window.is_empty() {
                    let (conditions, mut values) = filter.conditions(&every, &[]);
                    values.splice(0..0, window.iter().cloned());
                    values.push(SqlValue::Integer(sql_count(offset.saturating_add(limit))));
                    let active = self.rows(
                        &format!(
                            "{RECENT}SELECT s.id, r.n {tables} JOIN recent r ON r.story = s.id{conditions} \
                             ORDER BY r.n DESC, {LATEST} LIMIT ?"
                        ),
                        params_from_iter(&values),
                        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize)),
                    )?;
                    let active_count = active.len();
                    for (id, n) in active.into_iter().skip(offset) {
                        recent_counts.insert(id.clone(), n);
                        ids.push(id);
                    }
                    if ids.len() < limit {
                        let rest = page_of(
                            LATEST,
                            &walked,
                            &["s.id NOT IN (SELECT story FROM recent)"],
                            &window,
                            offset.saturating_sub(active_count),
                            limit - ids.len(),
                        )?;
                        ids.extend(rest);
                    }
                } else {
                    ids = page_of(LATEST, &walked, &[], &[], offset, limit)?;
                }
                ids
            }
        };
        let items = ids
            .into_iter()
            .map(|id| {
                let mut summary = self.story_summary(&id)?;
                if order == StoryOrder::Active {
                    summary.recent_documents = Some(recent_counts.get(&id).copied().unwrap_or(0));
                }
                Ok(summary)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Page { total, offset, items })
    }

    /// How many documents have `value` in `column`, counted up to `cap`.
    fn documents_with(&self, column: &str, value: &str, cap: usize) -> Result<usize> {
        self.count(
            &format!("SELECT COUNT(*) FROM (SELECT 1 FROM documents WHERE {column} = ?1 LIMIT ?2)"),
            params![value, sql_count(cap.saturating_add(1))],
        )
    }

    /// A story's summary for a list.
    fn story_summary(&self, id: &str) -> Result<StorySummary> {
        let (title, documents, first_date, last_date) = self
            .conn
            .prepare_cached("SELECT title, documents, first_date, last_date FROM stories WHERE id = ?1")
            .and_then(|mut stmt| {
                stmt.query_row([id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                })
            })
            .map_err(|e| self.sql(e))?;
        // An index opened read-only before a writer added the labels'
        // table reads them from the stories, more slowly.
        let labels = match self.has_table("story_labels")? {
            true => "SELECT label FROM story_labels WHERE story = ?1",
            false => "SELECT label FROM stories WHERE id = ?1",
        };
        let label: String = self
            .conn
            .prepare_cached(labels)
            .and_then(|mut stmt| stmt.query_row([id], |r| r.get(0)))
            .map_err(|e| self.sql(e))?;
        let outlets = self.outlets(id)?;
        let precision = |date: &Option<String>| date.as_deref().map(|d| self.date_precision(id, d)).transpose();
        Ok(StorySummary {
            first_date_precision: precision(&first_date)?.flatten(),
            last_date_precision: precision(&last_date)?.flatten(),
            id: id.to_string(),
            title,
            documents: documents as usize,
            source_count: outlets.sources.len(),
            sources: outlets.sources.into_iter().take(SUMMARY_SOURCES).collect(),
            languages: outlets.languages,
            first_date,
            last_date,
            recent_documents: None,
            label: json(&self.path, &label)?,
        })
    }

    /// The precision of a date as stored for a story's article of that
    /// date (the most precise, when several have it).
    fn date_precision(&self, story: &str, date: &str) -> Result<Option<String>> {
        self.conn
            .prepare_cached(
                "SELECT published_precision FROM documents WHERE published = ?1 AND story = ?2 \
                 ORDER BY CASE published_precision WHEN 'day' THEN 0 WHEN 'month' THEN 1 ELSE 2 END LIMIT 1",
            )
            .and_then(|mut stmt| stmt.query_row([date, story], |r| r.get(0)).optional())
            .map(Option::flatten)
            .map_err(|e| self.sql(e))
    }

    /// Whether the index has a table of this name.
    fn has_table(&self, name: &str) -> Result<bool> {
        self.conn
            .prepare_cached("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1")
            .and_then(|mut stmt| stmt.exists([name]))
            .map_err(|e| self.sql(e))
    }

    /// A story's outlets and languages, each most documents first (ties by
    /// name), read in one pass over its rows of the (story, source,
    /// language) index.
    pub(crate) fn outlets(&self, story: &str) -> Result<Outlets> {
        let rows = self.rows(
            "SELECT source, language, COUNT(*) FROM documents WHERE story = ?1 GROUP BY source, language",
            [story],
            |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, i64>(2)? as usize,
                ))
            },
        )?;
        let mut sources: BTreeMap<String, usize> = BTreeMap::new();
        let mut languages: BTreeMap<String, usize> = BTreeMap::new();
        for (source, language, n) in rows {
            if let Some(source) = source {
                *sources.entry(source).or_default() += n;
            }
            if let Some(language) = language {
                *languages.entry(language).or_default() += n;
            }
        }
        Ok(Outlets {
            sources: most_first(sources),
            languages: most_first(languages),
        })
    }

    /// The latest publication date stored.
    fn newest_date(&self) -> Result<Option<NaiveDate>> {
        let newest: Option<String> = self
            .conn
            .query_row("SELECT MAX(published) FROM documents", [], |r| r.get(0))
            .map_err(|e| self.sql(e))?;
        Ok(newest.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
    }

    /// The outlets (the `max_sources` with most documents) and languages of
    /// the stored documents, with counts, and the span of their dates.
    ///
    /// They take a pass over two indexes of every document (25 ms at
    /// 100,000), so the answer is kept until a write: until SQLite's
    /// `data_version` of this connection changes, or this connection writes.
    pub fn facets(&self, max_sources: usize) -> Result<Facets> {
        let version = (self.data_version()?, self.conn.total_changes());
        let mut cache = self.facets.0.borrow_mut();
        let all = match cache.take() {
            Some((seen, all)) if seen == version => all,
            _ => self.all_facets()?,
        };
        let mut facets = all.clone();
        facets.sources.truncate(max_sources);
        *cache = Some((version, all));
        Ok(facets)
    }

    /// SQLite's count of commits by other connections, as this one sees it.
    fn data_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.sql(e))
    }

    /// Every outlet and language, and the span of dates.
    fn all_facets(&self) -> Result<Facets> {
        let facet = |column: Faceted| -> Result<Vec<Facet>> {
            let column = column.column();
            let mut values = self.rows(
                &format!(
                    "SELECT {column}, COUNT(*), COUNT(DISTINCT story) FROM documents \
                     WHERE {column} IS NOT NULL GROUP BY {column}"
                ),
                [],
                |r| {
                    Ok(Facet {
                        value: r.get(0)?,
                        documents: r.get::<_, i64>(1)? as usize,
                        stories: r.get::<_, i64>(2)? as usize,
                    })
                },
            )?;
            values.sort_by(|a, b| b.documents.cmp(&a.documents).then_with(|| a.value.cmp(&b.value)));
            Ok(values)
        };
        let sources = facet(Faceted::Source)?;
        let source_count = sources.len();
        let (first_date, last_date) = self
            .conn
            .query_row("SELECT MIN(published), MAX(published) FROM documents", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(|e| self.sql(e))?;
        Ok(Facets {
            sources,
            source_count,
            languages: facet(Faceted::Language)?,
            first_date,
            last_date,
            active_window_days: ACTIVE_WINDOW_DAYS,
        })
    }

    /// Every group of copies: canonical id → member ids (canonical
    /// included), both sorted.
    pub fn duplicate_groups(&self) -> Result<BTreeMap<String, Vec<String>>> {
        let rows = self.rows(
            "SELECT c.doc_key, d.doc_key FROM documents d JOIN documents c ON c.id = d.canonical \
             ORDER BY c.doc_key, d.doc_key",
            [],
            pair_of_strings,
        )?;
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (canonical, member) in rows {
            groups.entry(canonical).or_default().push(member);
        }
        Ok(groups)
    }

    /// Documents whose headline or text contain every word of `q`, best first.
    pub fn search(&self, q: &str, limit: usize, offset: usize) -> Result<Page<SearchHit>> {
        let Some(query) = fts_query(q) else {
            return Ok(Page::empty(offset));
        };
        let total = self.count(
            "SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?1",
            [&query],
        )?;
        let items = self.rows(
            "SELECT d.doc_key, d.title, d.source, d.story, s.title, d.published, \
             snippet(documents_fts, 1, char(2), char(3), '…', 16) \
             FROM documents_fts f JOIN documents d ON d.id = f.rowid LEFT JOIN stories s ON s.id = d.story \
             WHERE documents_fts MATCH ?1 ORDER BY f.rank, d.id LIMIT ?2 OFFSET ?3",
            params![query, sql_count(limit), sql_count(offset)],
            |r| {
                Ok(SearchHit {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    source: r.get(2)?,
                    story: r.get(3)?,
                    story_title: r.get(4)?,
                    published: r.get(5)?,
                    snippet: r.get(6)?,
                })
            },
        )?;
        Ok(Page { total, offset, items })
    }
}

/// The facets a connection read last, with the `data_version` and count
/// of its own changes they were read at.
#[derive(Default)]
pub(crate) struct FacetsCache(std::cell::RefCell<Option<((i64, u64), Facets)>>);

/// A story's outlets and languages, most documents first.
pub(crate) struct Outlets {
    pub(crate) sources: Vec<String>,
    pub(crate) languages: Vec<String>,
}

/// The keys of a count, most counted first, ties in key order.
fn most_first(counts: BTreeMap<String, usize>) -> Vec<String> {
    let mut counted: Vec<(String, usize)> = counts.into_iter().collect();
    counted.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    counted.into_iter().map(|(key, _)| key).collect()
}

/// A document column that facets count by value.
#[derive(Debug, Clone, Copy)]
enum Faceted {
    Source,
    Language,
}

impl Faceted {
    fn column(self) -> &'static str {
        match self {
            Faceted::Source => "source",
            Faceted::Language => "language",
        }
    }
}
