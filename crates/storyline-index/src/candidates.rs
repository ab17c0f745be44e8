//! What a new document should be compared with, found in the index without
//! scanning it: copies by exact hash and LSH bucket, stories by their
//! strongest terms.

use rusqlite::Connection;
use rustc_hash::FxHashMap;
use storyline::dedup::Deduplicator;
use storyline::fingerprint::Fingerprint;
use storyline::model::Article;
use storyline::stories::StoryClusterer;

/// Most stories read from one label word (the most recent).
const STORIES_PER_TERM: usize = 200;

/// Stored documents (row id below `below`) that share the exact hash or an
/// LSH bucket with `print`: every document a run over everything would
/// verify against it.
pub fn copy_candidates(
    conn: &Connection,
    dedup: &Deduplicator,
    print: &Fingerprint,
    below: i64,
) -> rusqlite::Result<Vec<i64>> {
    let mut found: Vec<i64> = Vec::new();
    let mut exact = conn.prepare_cached("SELECT id FROM documents WHERE exact_hash = ?1 AND id < ?2")?;
    for id in exact.query_map(rusqlite::params![print.exact as i64, below], |r| r.get(0))? {
        found.push(id?);
    }
    if !print.shingles.is_empty() {
        let mut bucket = conn.prepare_cached("SELECT doc FROM buckets WHERE bucket = ?1 AND doc < ?2")?;
        for key in dedup.bucket_keys(&print.signature.mins) {
            for id in bucket.query_map(rusqlite::params![key as i64, below], |r| r.get(0))? {
                found.push(id?);
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

/// Terms of an article looked up in `story_terms`.
pub const ARTICLE_TERMS: usize = 30;
/// Terms of a story's profile written to `story_terms`.
pub const STORY_TERMS: usize = 40;

/// Up to `limit` stories whose strongest terms share the most with the
/// article's (at least two; ties: the most recent story, then the smallest id).
pub fn story_candidates(
    conn: &Connection,
    clusterer: &StoryClusterer,
    article: &Article,
    limit: usize,
) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT story, last_date FROM story_terms WHERE term = ?1 ORDER BY last_date DESC LIMIT {STORIES_PER_TERM}"
    ))?;
    let mut score: FxHashMap<String, (usize, Option<String>)> = FxHashMap::default();
    for word in clusterer.article_terms(article, ARTICLE_TERMS) {
        for row in stmt.query_map([&word], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })? {
            let (story, last) = row?;
            let entry = score.entry(story).or_insert((0, last));
            entry.0 += 1;
        }
    }
    let mut ranked: Vec<(String, (usize, Option<String>))> = score.into_iter().filter(|(_, (n, _))| *n >= 2).collect();
    ranked.sort_by(|a, b| {
        (b.1 .0, &b.1 .1)
            .cmp(&(a.1 .0, &a.1 .1))
            .then_with(|| story_number(&a.0).cmp(&story_number(&b.0)))
    });
    Ok(ranked.into_iter().take(limit).map(|(s, _)| s).collect())
}

/// The number in a story id `sN`, for ordering.
pub fn story_number(id: &str) -> u64 {
    id.trim_start_matches('s').parse().unwrap_or(u64::MAX)
}
