//! Adding documents: one transaction per batch; duplicates regrouped within
//! the components the new documents touch, stories reclustered within the
//! stories they may join.

use crate::candidates::{copy_candidates, story_candidates, story_number, STORY_TERMS};
use crate::store::{ids_where, insert_article, load_articles, store_signature};
use crate::{Error, Index, Result};
use rayon::prelude::*;
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use storyline::dedup::DupGroup;
use storyline::fingerprint::Fingerprint;
use storyline::model::{Article, DocId, Skipped};
use storyline::pipeline::{Extracted, Outcome};
use storyline::read::Input;
use storyline::report::StoryRecord;

/// Knobs of ingestion.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    /// Inputs extracted and committed together, in one transaction: what a
    /// crash can lose, and the scope of cross-document boilerplate removal.
    pub batch_size: usize,
    /// Stories a new article is reclustered with, found by its label words.
    pub candidate_stories: usize,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            batch_size: 2000,
            candidate_stories: 5,
        }
    }
}

/// What one ingest did; every input is accounted for.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    /// Inputs read (documents and skipped inputs).
    pub inputs: usize,
    /// Documents added to the index.
    pub added: usize,
    /// Documents already in the index with the same text (left as they were).
    pub already_indexed: usize,
    /// Inputs not added, with the reason.
    pub skipped: Vec<Skipped>,
    /// Batches committed.
    pub batches: usize,
    /// Link-graph components regrouped.
    pub components_regrouped: usize,
    /// Stories written (new or changed).
    pub stories_written: usize,
}

impl Index {
    /// Adds the documents of `inputs`. Each batch of
    /// [`IngestConfig::batch_size`] inputs is committed on its own.
    pub fn ingest(&mut self, inputs: &[Input]) -> Result<IngestReport> {
        let mut report = IngestReport::default();
        let pipeline = self.pipeline.clone();
        pipeline.try_extract_batches(inputs, self.config.batch_size, |batch| {
            self.ingest_batch(batch, &mut report)
        })?;
        Ok(report)
    }

    fn ingest_batch(&mut self, extracted: Extracted, report: &mut IngestReport) -> Result<()> {
        let path = self.path.clone();
        let sql = |source| Error::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let batch: i64 = tx
            .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM batches", [], |r| r.get(0))
            .map_err(sql)?;
        let before = BatchCounts::of(report);
        report.inputs += extracted.inputs();
        let fresh = admit(&tx, &self.pipeline, extracted, batch, report).map_err(sql)?;
        let first_new: i64 = tx
            .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM documents", [], |r| r.get(0))
            .map_err(sql)?;
        let mut fresh_ids = Vec::with_capacity(fresh.len());
        for (article, print) in &fresh {
            let id = insert_article(&tx, article, print, batch).map_err(sql)?;
            store_signature(&tx, id, print, self.pipeline.deduplicator()).map_err(sql)?;
            fresh_ids.push(id);
        }
        report.added += fresh.len();
        let regrouped = regroup(&tx, &self.pipeline, &fresh, &fresh_ids, first_new).map_err(sql)?;
        report.components_regrouped += regrouped.components;
        report.stories_written += restory(
            &tx,
            &self.pipeline,
            &fresh,
            &fresh_ids,
            &regrouped.old_members,
            self.config.candidate_stories,
        )
        .map_err(sql)?;
        let now = BatchCounts::of(report);
        tx.execute(
            "INSERT INTO batches (id, finished_at, inputs, added, already_indexed, skipped) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                batch,
                chrono::Utc::now().to_rfc3339(),
                (now.inputs - before.inputs) as i64,
                (now.added - before.added) as i64,
                (now.already - before.already) as i64,
                (now.skipped - before.skipped) as i64,
            ],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        report.batches += 1;
        Ok(())
    }
}

struct BatchCounts {
    inputs: usize,
    added: usize,
    already: usize,
    skipped: usize,
}

impl BatchCounts {
    fn of(r: &IngestReport) -> Self {
        BatchCounts {
            inputs: r.inputs,
            added: r.added,
            already: r.already_indexed,
            skipped: Skipped::total(&r.skipped),
        }
    }
}

/// Sorts a batch into new documents (fingerprinted), documents already
/// indexed, and skipped inputs (recorded with their reason).
fn admit(
    tx: &Transaction<'_>,
    pipeline: &storyline::Pipeline,
    extracted: Extracted,
    batch: i64,
    report: &mut IngestReport,
) -> rusqlite::Result<Vec<(Article, Fingerprint)>> {
    let prints: Vec<Fingerprint> = extracted
        .articles
        .par_iter()
        .map(|a| pipeline.fingerprinter().fingerprint(&a.text))
        .collect();
    let mut articles: Vec<Option<(Article, Fingerprint)>> =
        extracted.articles.into_iter().zip(prints).map(Some).collect();
    let mut fresh = Vec::new();
    let mut seen: FxHashSet<DocId> = FxHashSet::default();
    let skip = |s: Skipped, report: &mut IngestReport| -> rusqlite::Result<()> {
        tx.prepare_cached("INSERT OR REPLACE INTO skipped (doc_key, reason, batch) VALUES (?1, ?2, ?3)")?
            .execute(params![s.id.0, s.reason, batch])?;
        report.skipped.push(s);
        Ok(())
    };
    for outcome in extracted.outcomes {
        let (article, print) = match outcome {
            Outcome::Skipped(s) => {
                skip(s, report)?;
                continue;
            }
            Outcome::Article(i) => articles[i].take().expect("each article has one outcome"),
        };
        if !seen.insert(article.id.clone()) {
            let reason = "the same id appears earlier in this input; ids must be unique".to_string();
            skip(Skipped::new(article.id.0, reason), report)?;
            continue;
        }
        // The same input, or the same clean text, is the document already
        // indexed: the clean text alone depends on the batch it was
        // extracted with (the cross-document step), the input does not.
        let stored: Option<(i64, Option<i64>)> = tx
            .prepare_cached(
                "SELECT d.exact_hash, i.digest FROM documents d LEFT JOIN inputs i ON i.doc = d.id WHERE d.doc_key = ?1",
            )?
            .query_row([&article.id.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match stored {
            Some((hash, digest)) if hash == print.exact as i64 || digest == Some(article.input_digest as i64) => {
                report.already_indexed += 1;
            }
            Some(_) => {
                let reason = "already indexed with a different text; give the new version another id".to_string();
                skip(Skipped::new(article.id.0, reason), report)?;
            }
            None => {
                tx.prepare_cached("DELETE FROM skipped WHERE doc_key = ?1")?
                    .execute([&article.id.0])?;
                fresh.push((article, print));
            }
        }
    }
    Ok(fresh)
}

struct Regrouped {
    /// Link-graph components written.
    components: usize,
    /// Stored documents whose grouping was recomputed.
    old_members: Vec<i64>,
}

/// Regroups the new documents with the components of every stored document
/// they could be linked to.
fn regroup(
    tx: &Transaction<'_>,
    pipeline: &storyline::Pipeline,
    fresh: &[(Article, Fingerprint)],
    fresh_ids: &[i64],
    first_new: i64,
) -> rusqlite::Result<Regrouped> {
    let dedup = pipeline.deduplicator();
    let mut components: BTreeSet<i64> = BTreeSet::new();
    for (_, print) in fresh {
        for id in copy_candidates(tx, dedup, print, first_new)? {
            components.insert(tx.query_row("SELECT component FROM documents WHERE id = ?1", [id], |r| r.get(0))?);
        }
    }
    let mut old_ids: Vec<i64> = Vec::new();
    for component in &components {
        old_ids.extend(ids_where(
            tx,
            "SELECT id FROM documents WHERE component = ?1",
            component,
        )?);
    }
    let old = load_articles(tx, &old_ids)?;
    let old_prints: Vec<Fingerprint> = old
        .par_iter()
        .map(|(_, a)| pipeline.fingerprinter().fingerprint(&a.text))
        .collect();
    let mut row_of: FxHashMap<DocId, i64> = FxHashMap::default();
    let mut articles: Vec<Article> = Vec::with_capacity(old.len() + fresh.len());
    let mut prints: Vec<Fingerprint> = Vec::with_capacity(old.len() + fresh.len());
    for ((id, article), print) in old.into_iter().zip(old_prints) {
        row_of.insert(article.id.clone(), id);
        articles.push(article);
        prints.push(print);
    }
    for ((article, print), &id) in fresh.iter().zip(fresh_ids) {
        row_of.insert(article.id.clone(), id);
        articles.push(article.clone());
        prints.push(print.clone());
    }
    let grouping = dedup.group_all(&articles, &prints);

    for &id in &old_ids {
        tx.prepare_cached("UPDATE documents SET component = id, canonical = NULL WHERE id = ?1")?
            .execute([id])?;
        tx.prepare_cached("DELETE FROM dup_groups WHERE canonical = ?1")?
            .execute([id])?;
    }
    for component in &grouping.components {
        let ids: Vec<i64> = component.iter().map(|d| row_of[d]).collect();
        let root = ids.iter().copied().min().unwrap_or_default();
        for id in ids {
            tx.prepare_cached("UPDATE documents SET component = ?1 WHERE id = ?2")?
                .execute([root, id])?;
        }
    }
    for group in &grouping.groups {
        let canonical = row_of[&group.canonical];
        let evidence = to_json(group)?;
        tx.prepare_cached("INSERT INTO dup_groups (canonical, members, evidence) VALUES (?1, ?2, ?3)")?
            .execute(params![canonical, group.members.len() as i64, evidence])?;
        for member in &group.members {
            tx.prepare_cached("UPDATE documents SET canonical = ?1 WHERE id = ?2")?
                .execute([canonical, row_of[member]])?;
        }
    }
    Ok(Regrouped {
        components: grouping.components.len(),
        old_members: old_ids,
    })
}

/// Reclusters the stories the new documents may join, with them, and writes
/// the result in their place. Returns the number of stories written.
fn restory(
    tx: &Transaction<'_>,
    pipeline: &storyline::Pipeline,
    fresh: &[(Article, Fingerprint)],
    fresh_ids: &[i64],
    regrouped: &[i64],
    candidates_per_article: usize,
) -> rusqlite::Result<usize> {
    if fresh.is_empty() {
        return Ok(0);
    }
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for &id in regrouped {
        let story: Option<String> = tx.query_row("SELECT story FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
        touched.extend(story);
    }
    for (article, _) in fresh {
        touched.extend(story_candidates(
            tx,
            pipeline.clusterer(),
            article,
            candidates_per_article,
        )?);
    }
    let mut members: Vec<i64> = fresh_ids.to_vec();
    members.extend_from_slice(regrouped);
    let mut old_story_of: FxHashMap<i64, String> = FxHashMap::default();
    for story in &touched {
        for id in ids_where(tx, "SELECT id FROM documents WHERE story = ?1", story)? {
            old_story_of.insert(id, story.clone());
            members.push(id);
        }
    }
    let loaded = load_articles(tx, &members)?;
    let row_of: FxHashMap<DocId, i64> = loaded.iter().map(|(id, a)| (a.id.clone(), *id)).collect();
    let key_of: FxHashMap<i64, DocId> = loaded.iter().map(|(id, a)| (*id, a.id.clone())).collect();
    let mut by_canonical: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (id, _) in &loaded {
        let canonical: Option<i64> =
            tx.query_row("SELECT canonical FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
        if let Some(c) = canonical {
            by_canonical.entry(c).or_default().push(*id);
        }
    }
    let groups: Vec<DupGroup> = by_canonical
        .into_iter()
        .filter(|(c, _)| key_of.contains_key(c))
        .map(|(c, ids)| {
            let mut members: Vec<DocId> = ids.iter().map(|i| key_of[i].clone()).collect();
            members.sort();
            DupGroup {
                canonical: key_of[&c].clone(),
                members,
                pairs: Vec::new(),
            }
        })
        .collect();
    let articles: Vec<Article> = loaded.into_iter().map(|(_, a)| a).collect();
    let mut records = pipeline.stories(&articles, &groups);
    name_stories(tx, &mut records, &row_of, &old_story_of)?;

    for story in &touched {
        tx.prepare_cached("DELETE FROM stories WHERE id = ?1")?
            .execute([story])?;
        tx.prepare_cached("DELETE FROM stories_fts WHERE story = ?1")?
            .execute([story])?;
        tx.prepare_cached("DELETE FROM story_terms WHERE story = ?1")?
            .execute([story])?;
        tx.prepare_cached("DELETE FROM quotes WHERE story = ?1")?
            .execute([story])?;
    }
    for record in &records {
        write_story(tx, record, &row_of)?;
    }
    Ok(records.len())
}

/// Gives each reclustered story the id of the old story it keeps most of
/// (largest overlap first), or a new id.
fn name_stories(
    tx: &Transaction<'_>,
    records: &mut [StoryRecord],
    row_of: &FxHashMap<DocId, i64>,
    old_story_of: &FxHashMap<i64, String>,
) -> rusqlite::Result<()> {
    let mut overlaps: Vec<(usize, u64, usize, String)> = Vec::new();
    for (n, record) in records.iter().enumerate() {
        let mut count: BTreeMap<&String, usize> = BTreeMap::new();
        for doc in &record.documents {
            if let Some(old) = old_story_of.get(&row_of[doc]) {
                *count.entry(old).or_default() += 1;
            }
        }
        for (old, k) in count {
            overlaps.push((k, story_number(old), n, old.clone()));
        }
    }
    overlaps.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut named: Vec<Option<String>> = vec![None; records.len()];
    let mut used: FxHashSet<String> = FxHashSet::default();
    for (_, _, n, old) in overlaps {
        if named[n].is_none() && !used.contains(&old) {
            used.insert(old.clone());
            named[n] = Some(old);
        }
    }
    let mut next: u64 = tx
        .query_row("SELECT value FROM meta WHERE key = 'next_story'", [], |r| {
            r.get::<_, String>(0)
        })?
        .parse()
        .unwrap_or(1);
    for (record, name) in records.iter_mut().zip(named) {
        record.id = name.unwrap_or_else(|| {
            next += 1;
            format!("s{}", next - 1)
        });
    }
    tx.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'next_story'",
        [next.to_string()],
    )?;
    Ok(())
}

fn write_story(tx: &Transaction<'_>, record: &StoryRecord, row_of: &FxHashMap<DocId, i64>) -> rusqlite::Result<()> {
    let dates: Vec<String> = record
        .timeline
        .iter()
        .filter_map(|e| e.date.map(|d| d.date.format("%Y-%m-%d").to_string()))
        .collect();
    let (first, last) = (dates.iter().min().cloned(), dates.iter().max().cloned());
    let json = to_json(record)?;
    let profile = to_json(&record.profile)?;
    let label_json = to_json(&record.label)?;
    tx.prepare_cached(
        "INSERT INTO stories (id, title, documents, first_date, last_date, record, label, profile) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        record.id,
        record.title,
        record.documents.len() as i64,
        first,
        last,
        json,
        label_json,
        profile
    ])?;
    let label = record
        .label
        .key_terms
        .iter()
        .chain(&record.label.names)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    tx.prepare_cached("INSERT INTO stories_fts (story, title, label) VALUES (?1, ?2, ?3)")?
        .execute(params![record.id, record.title, label])?;
    for (term, _, _) in record.profile.terms.iter().take(STORY_TERMS) {
        tx.prepare_cached("INSERT OR IGNORE INTO story_terms (term, story, last_date) VALUES (?1, ?2, ?3)")?
            .execute(params![term, record.id, last])?;
    }
    for quote in &record.quotes {
        tx.prepare_cached("INSERT INTO quotes (story, doc, speaker, text) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![record.id, row_of[&quote.document], quote.speaker, quote.text])?;
    }
    for doc in &record.documents {
        tx.prepare_cached("UPDATE documents SET story = ?1 WHERE id = ?2")?
            .execute(params![record.id, row_of[doc]])?;
    }
    Ok(())
}

/// A value as JSON for a TEXT column.
fn to_json(value: &impl Serialize) -> rusqlite::Result<String> {
    serde_json::to_string(value).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
}
