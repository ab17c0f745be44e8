//! "Have we seen this?": a document checked against the index without
//! adding it: its copies (why, with the evidence) and the story it would join.

use crate::candidates::{copy_candidates, story_candidates};
use crate::store::{ids_where, load_articles};
use crate::{Index, Result};
use rayon::prelude::*;
use rusqlite::OptionalExtension;
use serde::Serialize;
use storyline::dedup::{shared_passages, LinkRule, SharedPassage};
use storyline::model::{Article, DocId, Skipped};
use storyline::read::Input;

/// Most articles of one candidate story compared with a queried document
/// (the most recent): enough to place it, and the answer stays fast.
const STORY_SAMPLE: usize = 40;

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
        self.answer(article).map_err(|e| self.sql(e))
    }

    fn answer(&self, article: &Article) -> rusqlite::Result<Answer> {
        let conn = &self.conn;
        let print = self.pipeline.fingerprinter().fingerprint(&article.text);
        let pipeline = &self.pipeline;
        let dedup = pipeline.deduplicator();
        let candidates = load_articles(conn, &copy_candidates(conn, dedup, &print, i64::MAX)?)?;
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

    /// Clusters the article with the recent articles of its candidate
    /// stories; the story whose articles it lands with, if any.
    fn closest_story(&self, article: &Article) -> rusqlite::Result<Option<String>> {
        let conn = &self.conn;
        let mut members: Vec<(i64, String)> = Vec::new();
        for story in story_candidates(conn, article, self.config.candidate_stories)? {
            let sql = format!(
                "SELECT id FROM documents WHERE story = ?1 AND (canonical IS NULL OR canonical = id) \
                 ORDER BY published DESC, id DESC LIMIT {STORY_SAMPLE}"
            );
            members.extend(ids_where(conn, &sql, &story)?.into_iter().map(|id| (id, story.clone())));
        }
        if members.is_empty() {
            return Ok(None);
        }
        let ids: Vec<i64> = members.iter().map(|(id, _)| *id).collect();
        let loaded = load_articles(conn, &ids)?;
        let story_by_row: rustc_hash::FxHashMap<i64, &String> = members.iter().map(|(id, s)| (*id, s)).collect();
        let story_of: rustc_hash::FxHashMap<DocId, &String> = loaded
            .iter()
            .map(|(row, a)| (a.id.clone(), story_by_row[row]))
            .collect();
        let mut articles: Vec<Article> = loaded.iter().map(|(_, a)| a.clone()).collect();
        let mut probe = article.clone();
        // The probe must not collide with a stored id.
        probe.id = DocId(format!("\u{0}query:{}", article.id));
        articles.push(probe.clone());
        let stories = self.pipeline.clusterer().cluster(&articles, &[]);
        let Some(home) = stories.iter().find(|s| s.articles.contains(&probe.id)) else {
            return Ok(None);
        };
        let mut votes: std::collections::BTreeMap<&String, usize> = std::collections::BTreeMap::new();
        for doc in &home.articles {
            if let Some(story) = story_of.get(doc) {
                *votes.entry(story).or_default() += 1;
            }
        }
        Ok(votes
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(s, _)| s.clone()))
    }
}
