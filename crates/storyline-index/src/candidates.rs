//! What a new document should be compared with, found in the index without
//! scanning it: copies by exact hash and LSH bucket, stories by the words of
//! their labels.

use rusqlite::Connection;
use rustc_hash::{FxHashMap, FxHashSet};
use storyline::dedup::Deduplicator;
use storyline::fingerprint::Fingerprint;
use storyline::model::Article;
use storyline::text::terms::is_stop_word;
use storyline::text::words;

/// Most stories read from one label word (the most recent).
const STORIES_PER_TERM: usize = 200;
/// Words of the opening an article is looked up by.
const LEAD_WORDS: usize = 80;

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

/// The words an article is looked up by: headline and opening, lower-cased,
/// stop words and short words dropped.
pub fn lookup_words(article: &Article) -> Vec<String> {
    let title = article.title.as_deref().unwrap_or("");
    let mut seen = FxHashSet::default();
    words(title)
        .chain(words(&article.text).take(LEAD_WORDS))
        .filter(|w| w.chars().count() >= 3 && !is_stop_word(w) && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| seen.insert(w.clone()))
        .collect()
}

/// The words a story is found by: its key terms and names, and each word of
/// a name.
pub fn label_words(key_terms: &[String], names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = key_terms.iter().chain(names).flat_map(|t| words(t)).collect();
    out.sort();
    out.dedup();
    out
}

/// Up to `limit` stories whose labels share the most words with `article`
/// (ties: the most recent story, then the smallest id).
pub fn story_candidates(conn: &Connection, article: &Article, limit: usize) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT story, last_date FROM story_terms WHERE term = ?1 ORDER BY last_date DESC LIMIT {STORIES_PER_TERM}"
    ))?;
    let mut score: FxHashMap<String, (usize, Option<String>)> = FxHashMap::default();
    for word in lookup_words(article) {
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
