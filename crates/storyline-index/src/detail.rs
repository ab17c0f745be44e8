//! One story or one document in full, as a reader sees it: a story's
//! record with what its timeline and quotes need besides (links, copies,
//! what is new since a date), a document with its story and its copies.

use crate::browse::{day, json};
use crate::store::{article_from_row, ARTICLE_COLUMNS};
use crate::{Error, Index, Result};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use storyline::report::ArticleRecord;

/// A document in a list: what identifies it to a reader.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    /// Document id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// How much of `published` is known: `year`, `month` or `day`.
    pub published_precision: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// Language (ISO 639-3).
    pub language: Option<String>,
}

/// The columns [`summary_from_row`] reads, of a table named `d`.
const SUMMARY_COLUMNS: &str = "d.doc_key, d.title, d.source, d.published, d.published_precision, d.url, d.language";

fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        source: r.get(2)?,
        published: r.get(3)?,
        published_precision: r.get(4)?,
        url: r.get(5)?,
        language: r.get(6)?,
    })
}

/// A document with everything the index knows of it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// Clean text and metadata.
    #[serde(flatten)]
    pub article: ArticleRecord,
    /// Its story.
    pub story: Option<String>,
    /// Its story's headline.
    pub story_title: Option<String>,
    /// The other documents of its group of copies, by date; empty when it
    /// has none.
    pub copies: Vec<DocumentSummary>,
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

impl Index {
    /// A story: title, label, timeline with what's new, quotes, documents,
    /// and `copies`: for each timeline entry with copies, their ids. The
    /// same as [`Index::story_since`] without a date.
    pub fn story(&self, id: &str) -> Result<Option<Value>> {
        self.story_since(id, None)
    }

    /// A story as stored (the JSON contract's story record), with what a
    /// reader of it needs besides:
    ///
    /// - `copies`: for each timeline entry with copies, their ids
    ///   (canonical → members, both included);
    /// - on each timeline entry, `url` and `language` of its document and
    ///   `copy_documents`, its other copies ([`DocumentSummary`]);
    /// - on each quote, `date`: its document's publication date;
    /// - `sources` (outlets, most documents first), `source_count` and
    ///   `languages`.
    ///
    /// With `since`, nothing is left out: each timeline entry and quote is
    /// marked `"new": true` when its date is after `since` (undated ones
    /// are not new), and `since` says `{date, entries, quotes}`: the date
    /// and how many are new.
    pub fn story_since(&self, id: &str, since: Option<NaiveDate>) -> Result<Option<Value>> {
        let record: Option<String> = self
            .conn
            .query_row("SELECT record FROM stories WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| self.sql(e))?;
        let Some(record) = record else { return Ok(None) };
        let Value::Object(mut story) = json(&self.path, &record)? else {
            return Err(Error::Corrupt {
                path: self.path.clone(),
                detail: format!("story {id} is not a JSON object"),
            });
        };
        let members = self.rows(
            &format!(
                "SELECT {SUMMARY_COLUMNS}, c.doc_key FROM documents d LEFT JOIN documents c ON c.id = d.canonical \
                 WHERE d.story = ?1 ORDER BY d.published, d.doc_key"
            ),
            [id],
            |r| Ok((summary_from_row(r)?, r.get::<_, Option<String>>(7)?)),
        )?;
        let mut copies: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (member, canonical) in &members {
            if let Some(canonical) = canonical {
                copies.entry(canonical.clone()).or_default().push(member.id.clone());
            }
        }
        let by_id: BTreeMap<&str, &DocumentSummary> = members.iter().map(|(m, _)| (m.id.as_str(), m)).collect();
        let since_day = since.map(day);
        let is_new = |date: Option<&str>| match (&since_day, date) {
            (Some(since), Some(date)) => Some(date > since.as_str()),
            (Some(_), None) => Some(false),
            (None, _) => None,
        };
        let mut new_entries = 0;
        if let Some(Value::Array(timeline)) = story.get_mut("timeline") {
            for entry in timeline.iter_mut().filter_map(Value::as_object_mut) {
                let document = entry
                    .get("document")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let summary = by_id.get(document.as_str());
                entry.insert("url".into(), summary.and_then(|s| s.url.clone()).into());
                entry.insert("language".into(), summary.and_then(|s| s.language.clone()).into());
                let others: Vec<&DocumentSummary> = copies
                    .get(&document)
                    .into_iter()
                    .flatten()
                    .filter(|c| **c != document)
                    .filter_map(|c| by_id.get(c.as_str()).copied())
                    .collect();
                entry.insert(
                    "copy_documents".into(),
                    serde_json::to_value(others).unwrap_or_default(),
                );
                if let Some(new) = is_new(entry.get("date").and_then(Value::as_str)) {
                    new_entries += usize::from(new);
                    entry.insert("new".into(), new.into());
                }
            }
        }
        let mut new_quotes = 0;
        if let Some(Value::Array(quotes)) = story.get_mut("quotes") {
            for quote in quotes.iter_mut().filter_map(Value::as_object_mut) {
                let date = quote
                    .get("document")
                    .and_then(Value::as_str)
                    .and_then(|d| by_id.get(d))
                    .and_then(|s| s.published.clone());
                if let Some(new) = is_new(date.as_deref()) {
                    new_quotes += usize::from(new);
                    quote.insert("new".into(), new.into());
                }
                quote.insert("date".into(), date.into());
            }
        }
        if let Some(date) = since_day {
            story.insert(
                "since".into(),
                serde_json::json!({ "date": date, "entries": new_entries, "quotes": new_quotes }),
            );
        }
        let outlets = self.outlets(id)?;
        story.insert("source_count".into(), outlets.sources.len().into());
        story.insert("sources".into(), outlets.sources.into());
        story.insert("languages".into(), outlets.languages.into());
        story.insert("copies".into(), serde_json::to_value(copies).unwrap_or_default());
        Ok(Some(Value::Object(story)))
    }

    /// A document by id, with its story and its group's evidence.
    pub fn document(&self, id: &str) -> Result<Option<DocumentView>> {
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS}, story, (SELECT c.doc_key FROM documents c WHERE c.id = documents.canonical), \
             (SELECT g.evidence FROM dup_groups g WHERE g.canonical = documents.canonical), \
             (SELECT s.title FROM stories s WHERE s.id = documents.story), canonical \
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
                    r.get::<_, Option<String>>(16)?,
                    r.get::<_, Option<i64>>(17)?,
                ))
            })
            .optional()
            .map_err(|e| self.sql(e))?;
        let Some((article, story, canonical, evidence, story_title, canonical_row)) = found else {
            return Ok(None);
        };
        let group = match (canonical, evidence) {
            (Some(canonical), Some(evidence)) => Some(GroupView {
                canonical,
                evidence: json(&self.path, &evidence)?,
            }),
            _ => None,
        };
        let copies = match canonical_row {
            Some(canonical) => self.rows(
                &format!(
                    "SELECT {SUMMARY_COLUMNS} FROM documents d WHERE d.canonical = ?1 AND d.doc_key != ?2 \
                     ORDER BY d.published, d.doc_key"
                ),
                params![canonical, id],
                summary_from_row,
            )?,
            None => Vec::new(),
        };
        Ok(Some(DocumentView {
            article: ArticleRecord::from(article),
            story,
            story_title,
            copies,
            group,
        }))
    }
}
