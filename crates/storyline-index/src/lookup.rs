//! "Have we seen this?": a document checked against the index without
//! adding it: its copies (why, with the evidence) and the story it would join.

use crate::candidates::{copy_candidates, story_candidates};
use crate::store::load_articles;
use crate::{Index, Result};
use rayon::prelude::*;
use rusqlite::OptionalExtension;
use serde::Serialize;
use storyline::dedup::{shared_passages, LinkRule, SharedPassage};
use storyline::fingerprint::Signature;
use storyline::model::{Article, DocId, Skipped};
use storyline::read::Input;
use storyline::stories::StoryProfile;

/// The index's answer for one document.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The queried document.
    pub id: DocId,
    /// The canonical copy of the group it belongs to, when it is a copy.
    pub duplicate_of: Option<DocId>,
    /// Every stored document it is verified to copy, strongest first.
    pub duplicates: Vec<DuplicateLink>,
    /// The story it belongs to or would join.
    pub story: StoryGuess,
}

/// A verified link between the queried document and a stored one.
#[derive(Debug, Clone, Serialize)]
pub struct DuplicateLink {
    /// The stored document.
    pub document: DocId,
    /// The rule that links them.
    pub rule: LinkRule,
    /// Jaccard similarity of their shingle sets.
    pub jaccard: f64,
    /// Share of the queried text found in the stored one.
    pub query_in_document: f64,
    /// Share of the stored text found in the queried one.
    pub document_in_query: f64,
    /// Longest shared passages: `a` spans the queried text, `b` the stored one.
    pub shared_passages: Vec<SharedPassage>,
}

/// Where a queried document would go.
#[derive(Debug, Clone, Serialize)]
pub struct StoryGuess {
    /// The existing story; `None` when it would start a new one.
    pub id: Option<String>,
    /// That story's headline.
    pub title: Option<String>,
    /// Why: `duplicate` (its copies' story), `similar articles`, or `new story`.
    pub reason: &'static str,
}

/// Answers for every queried input, and the inputs that could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct QueryReport {
    /// One answer per extracted document, in input order.
    pub answers: Vec<Answer>,
    /// Inputs not processed, with the reason.
    pub skipped: Vec<Skipped>,
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

impl Index {
    /// Reads and extracts `inputs` and answers for each document.
    pub fn query(&self, inputs: &[Input]) -> Result<QueryReport> {
        let extracted = self.pipeline.extract(inputs);
        let skipped: Vec<Skipped> = extracted.skipped().cloned().collect();
        let answers = extracted
            .articles
            .iter()
            .map(|a| self.query_article(a))
            .collect::<Result<Vec<_>>>()?;
        Ok(QueryReport { answers, skipped })
    }

    /// Answers for one extracted article.
    pub fn query_article(&self, article: &Article) -> Result<Answer> {
        // One read transaction for the whole answer: one consistent view,
        // and the file is locked once rather than per statement.
        let read = self.conn.unchecked_transaction().map_err(|e| self.sql(e))?;
        let answer = self.answer(article).map_err(|e| self.sql(e))?;
        read.finish().map_err(|e| self.sql(e))?;
        Ok(answer)
    }

    fn answer(&self, article: &Article) -> rusqlite::Result<Answer> {
        let conn = &self.conn;
        let print = self.pipeline.fingerprinter().fingerprint(&article.text);
        let pipeline = &self.pipeline;
        let dedup = pipeline.deduplicator();
        let mut plausible = Vec::new();
        let mut stmt = conn.prepare_cached(
            "SELECT d.exact_hash, d.shingles, s.signature FROM documents d JOIN signatures s ON s.doc = d.id \
             WHERE d.id = ?1",
        )?;
        for id in copy_candidates(conn, dedup, &print, i64::MAX)? {
            let (exact, shingles, signature): (i64, i64, Vec<u8>) =
                stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let stored = Signature::from_bytes(&signature)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Blob, e.into()))?;
            let mins = &print.signature.mins;
            if exact == print.exact as i64
                || dedup.may_link(mins, print.shingles.len(), &stored.mins, shingles as usize)
            {
                plausible.push(id);
            }
        }
        let candidates = load_articles(conn, &plausible)?;
        let mut duplicates: Vec<(i64, DuplicateLink)> = candidates
            .par_iter()
            .filter_map(|(row, stored)| {
                let (s, rule) = dedup.link(&print, &pipeline.fingerprinter().fingerprint(&stored.text))?;
                Some((
                    *row,
                    DuplicateLink {
                        document: stored.id.clone(),
                        rule,
                        jaccard: round4(s.jaccard),
                        query_in_document: round4(s.a_in_b),
                        document_in_query: round4(s.b_in_a),
                        shared_passages: shared_passages(&article.text, &stored.text),
                    },
                ))
            })
            .collect();
        duplicates.sort_by(|a, b| {
            b.1.jaccard
                .total_cmp(&a.1.jaccard)
                .then(
                    b.1.query_in_document
                        .max(b.1.document_in_query)
                        .total_cmp(&a.1.query_in_document.max(a.1.document_in_query)),
                )
                .then(a.1.document.cmp(&b.1.document))
        });
        let mut duplicate_of = None;
        let mut story = None;
        if let Some((row, _)) = duplicates.first() {
            let (canonical, story_id): (String, Option<String>) = conn.query_row(
                "SELECT c.doc_key, c.story FROM documents d JOIN documents c ON c.id = COALESCE(d.canonical, d.id) \
                 WHERE d.id = ?1",
                [row],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            duplicate_of = Some(DocId(canonical));
            story = story_id.map(|id| (id, "duplicate"));
        }
        if story.is_none() {
            story = self.closest_story(article)?.map(|id| (id, "similar articles"));
        }
        let story = match story {
            Some((id, reason)) => {
                let title: Option<String> = conn
                    .query_row("SELECT title FROM stories WHERE id = ?1", [&id], |r| r.get(0))
                    .optional()?;
                StoryGuess {
                    id: Some(id),
                    title,
                    reason,
                }
            }
            None => StoryGuess {
                id: None,
                title: None,
                reason: "new story",
            },
        };
        Ok(Answer {
            id: article.id.clone(),
            duplicate_of,
            duplicates: duplicates.into_iter().map(|(_, link)| link).collect(),
            story,
        })
    }

    /// The story the article would join by the online pass's rule, among
    /// the stories sharing its strongest terms, compared through their
    /// stored profiles.
    fn closest_story(&self, article: &Article) -> rusqlite::Result<Option<String>> {
        let conn = &self.conn;
        let clusterer = self.pipeline.clusterer();
        let mut ids = Vec::new();
        let mut profiles = Vec::new();
        let mut stmt = conn.prepare_cached("SELECT profile FROM stories WHERE id = ?1")?;
        for story in story_candidates(conn, clusterer, article, self.config.candidate_stories)? {
            let json: String = stmt.query_row([&story], |r| r.get(0))?;
            let profile: StoryProfile = serde_json::from_str(&json)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into()))?;
            ids.push(story);
            profiles.push(profile);
        }
        Ok(clusterer.place(article, &profiles).map(|(n, _)| ids[n].clone()))
    }
}
