//! The one place that runs the stages in order: read → extract → fingerprint
//! → duplicates → stories → timeline and quotes, returning a [`Report`].

use crate::dedup::{CopyFacts, DedupConfig, Deduplicator, DupGroup, SpillBuilder};
use crate::extract::{ExtractConfig, Extractor};
use crate::fingerprint::{Fingerprint, FingerprintConfig, Fingerprinter};
use crate::model::{Article, DocId, RawDoc, Skipped};
use crate::quotes::extract_quotes;
use crate::read::{Input, ReadConfig, ReadItem, Reader};
use crate::report::{
    ArticleRecord, DedupReport, DedupSummary, DocumentRecord, QuoteRecord, Report, StoryLabel, StoryRecord, Summary,
    TimelineRecord,
};
use crate::stories::{StoryClusterer, StoryConfig};
use crate::timeline::{build_timeline, Corpus};
use rayon::prelude::*;
use std::collections::HashSet;

/// Inputs extracted together by [`Pipeline::dedup`]: the scope of the
/// cross-document boilerplate step there, and what sits in memory at once.
pub const DEDUP_BATCH: usize = 20_000;

/// Configuration of every stage.
#[derive(Debug, Clone, Default)]
pub struct PipelineConfig {
    /// Read stage.
    pub read: ReadConfig,
    /// Extract stage.
    pub extract: ExtractConfig,
    /// Fingerprint stage.
    pub fingerprint: FingerprintConfig,
    /// Duplicates stage.
    pub dedup: DedupConfig,
    /// Stories stage.
    pub stories: StoryConfig,
}

/// The stages, built once.
#[derive(Debug, Clone)]
pub struct Pipeline {
    reader: Reader,
    extractor: Extractor,
    fingerprinter: Fingerprinter,
    deduplicator: Deduplicator,
    clusterer: StoryClusterer,
}

/// The extract stage's output for a run: the articles, and every input's
/// outcome in input order (an index into `articles`, or why it was skipped).
pub struct Extracted {
    /// Articles, in input order.
    pub articles: Vec<Article>,
    /// One entry per input, in input order.
    pub outcomes: Vec<Outcome>,
}

/// What became of one input.
pub enum Outcome {
    /// It is `articles[i]`.
    Article(usize),
    /// It was skipped, and why.
    Skipped(Skipped),
}

impl Extracted {
    /// One record per input, in input order, moving the articles' texts.
    pub fn into_documents(self) -> Vec<DocumentRecord> {
        let mut articles: Vec<Option<Article>> = self.articles.into_iter().map(Some).collect();
        self.outcomes
            .into_iter()
            .map(|o| match o {
                Outcome::Article(i) => match articles[i].take() {
                    Some(article) => DocumentRecord::Article(Box::new(ArticleRecord::from(article))),
                    None => unreachable!("each article has one outcome"),
                },
                Outcome::Skipped(s) => DocumentRecord::Skipped(s),
            })
            .collect()
    }

    /// Inputs accounted for: the articles and the skipped inputs (with
    /// those folded into one record counted).
    pub fn inputs(&self) -> usize {
        self.articles.len() + Skipped::total(self.skipped())
    }

    /// The inputs that were skipped, in input order.
    pub fn skipped(&self) -> impl Iterator<Item = &Skipped> {
        self.outcomes.iter().filter_map(|o| match o {
            Outcome::Skipped(s) => Some(s),
            Outcome::Article(_) => None,
        })
    }
}

impl Pipeline {
    /// Builds every stage, validating the configuration.
    pub fn new(config: PipelineConfig) -> crate::Result<Self> {
        Ok(Pipeline {
            reader: Reader::new(config.read),
            extractor: Extractor::new(config.extract),
            fingerprinter: Fingerprinter::new(config.fingerprint),
            deduplicator: Deduplicator::new(config.dedup)?,
            clusterer: StoryClusterer::new(config.stories)?,
        })
    }

    /// Reads and extracts every input.
    pub fn extract(&self, inputs: &[Input]) -> Extracted {
        let mut all = None;
        self.extract_batches(inputs, usize::MAX, |batch| all = Some(batch));
        all.unwrap_or(Extracted {
            articles: Vec::new(),
            outcomes: Vec::new(),
        })
    }

    /// Reads every input and extracts them `batch_size` inputs at a time,
    /// handing each batch to `sink` in input order; the cross-document
    /// boilerplate step sees one batch at a time. Stops early when `sink`
    /// returns an error, and returns it.
    pub fn try_extract_batches<E>(
        &self,
        inputs: &[Input],
        batch_size: usize,
        sink: impl FnMut(Extracted) -> Result<(), E>,
    ) -> Result<(), E> {
        self.extract_batches_with(&self.extractor, inputs, batch_size, sink)
    }

    /// [`Pipeline::try_extract_batches`] through the given extractor.
    fn extract_batches_with<E>(
        &self,
        extractor: &Extractor,
        inputs: &[Input],
        batch_size: usize,
        mut sink: impl FnMut(Extracted) -> Result<(), E>,
    ) -> Result<(), E> {
        let batch_size = batch_size.max(1);
        let mut pending: Vec<ReadItem> = Vec::new();
        let mut failed: Option<E> = None;
        let mut flush = |items: Vec<ReadItem>, failed: &mut Option<E>| {
            if failed.is_none() {
                if let Err(err) = sink(Self::extract_items(extractor, items)) {
                    *failed = Some(err);
                }
            }
        };
        // Documents are read as they come and extracted a batch at a time,
        // so inputs of any size pass through in bounded memory.
        self.reader.read_each(inputs, &mut |item| {
            if failed.is_some() {
                return;
            }
            pending.push(item);
            if pending.len() >= batch_size {
                flush(std::mem::take(&mut pending), &mut failed);
            }
        });
        if !pending.is_empty() {
            flush(pending, &mut failed);
        }
        failed.map_or(Ok(()), Err)
    }

    /// Extracts one batch of read items, keeping their order.
    fn extract_items(extractor: &Extractor, items: Vec<ReadItem>) -> Extracted {
        let mut raw: Vec<RawDoc> = Vec::new();
        let mut slots: Vec<Option<Skipped>> = Vec::new();
        for item in items {
            match item {
                ReadItem::Loaded(doc) => {
                    raw.push(doc);
                    slots.push(None);
                }
                ReadItem::Skipped(skipped) => slots.push(Some(skipped)),
            }
        }
        let mut extracted = extractor.extract_all(&raw).into_iter();
        drop(raw);
        let mut articles = Vec::new();
        let mut outcomes = Vec::with_capacity(slots.len());
        for slot in slots {
            let outcome: Result<Article, Skipped> = match slot {
                Some(skipped) => Err(skipped),
                None => extracted.next().expect("one extraction per loaded document"),
            };
            outcomes.push(match outcome {
                Ok(article) => {
                    articles.push(article);
                    Outcome::Article(articles.len() - 1)
                }
                Err(skipped) => Outcome::Skipped(skipped),
            });
        }
        Extracted { articles, outcomes }
    }

    /// [`Pipeline::try_extract_batches`] with a sink that cannot fail.
    pub fn extract_batches(&self, inputs: &[Input], batch_size: usize, mut sink: impl FnMut(Extracted)) {
        let never: Result<(), std::convert::Infallible> = self.try_extract_batches(inputs, batch_size, |batch| {
            sink(batch);
            Ok(())
        });
        let Ok(()) = never;
    }

    /// The fingerprint stage.
    pub fn fingerprinter(&self) -> &Fingerprinter {
        &self.fingerprinter
    }

    /// The stories stage.
    pub fn clusterer(&self) -> &StoryClusterer {
        &self.clusterer
    }

    /// The duplicates stage.
    pub fn deduplicator(&self) -> &Deduplicator {
        &self.deduplicator
    }

    /// Fingerprints the articles and groups their copies.
    fn group_duplicates(&self, articles: &[Article]) -> Vec<DupGroup> {
        let prints: Vec<Fingerprint> = articles
            .par_iter()
            .map(|a| self.fingerprinter.fingerprint(&a.text))
            .collect();
        self.deduplicator.group(articles, &prints)
    }

    /// Runs read, extract and duplicates only, in bounded memory: articles
    /// are extracted [`DEDUP_BATCH`] at a time, and their texts wait in a
    /// temporary file while the copies are grouped (see [`SpillBuilder`]).
    pub fn dedup(&self, inputs: &[Input]) -> crate::Result<DedupReport> {
        let mut spill = SpillBuilder::new(self.fingerprinter.clone()).map_err(crate::Error::Spill)?;
        let mut skipped: Vec<Skipped> = Vec::new();
        let mut inputs_seen = 0;
        // The report names no languages: detecting them would be wasted.
        let extractor = self.extractor.without_language();
        self.extract_batches_with(&extractor, inputs, DEDUP_BATCH, |batch| {
            inputs_seen += batch.inputs();
            skipped.extend(batch.skipped().cloned());
            spill.push_all(&batch.articles, |a| {
                (self.fingerprinter.sketch(&a.text), CopyFacts::of(a))
            })
        })
        .map_err(crate::Error::Spill)?;
        let documents = spill.finish().map_err(crate::Error::Spill)?;
        let duplicate_groups = self.deduplicator.group_documents(&documents).groups;
        let grouped: HashSet<&DocId> = duplicate_groups.iter().flat_map(|g| &g.members).collect();
        let singles: Vec<DocId> = documents.ids().filter(|id| !grouped.contains(id)).cloned().collect();
        let skipped_inputs = Skipped::total(&skipped);
        let articles = inputs_seen - skipped_inputs;
        Ok(DedupReport {
            summary: DedupSummary {
                inputs: inputs_seen,
                articles,
                skipped: skipped_inputs,
                duplicate_groups: duplicate_groups.len(),
                singles: singles.len(),
            },
            duplicate_groups,
            singles,
            skipped,
        })
    }

    /// Clusters articles (all copies) into stories, each with its timeline,
    /// what's new, label and the quotes of its canonical copies.
    pub fn stories(&self, articles: &[Article], duplicate_groups: &[DupGroup]) -> Vec<StoryRecord> {
        let corpus = Corpus::new(articles, duplicate_groups);
        self.clusterer
            .cluster(articles, duplicate_groups)
            .iter()
            .map(|story| {
                let timeline = build_timeline(story, &corpus);
                // Quotes of canonical copies, in timeline order: copies repeat them.
                let quotes = timeline
                    .iter()
                    .filter_map(|entry| corpus.article(&entry.document))
                    .flat_map(extract_quotes)
                    .map(QuoteRecord::from)
                    .collect();
                StoryRecord {
                    id: story.id.clone(),
                    title: story.title.clone(),
                    documents: story.documents.clone(),
                    label: StoryLabel {
                        key_terms: story.key_terms.clone(),
                        names: story.names.clone(),
                        people: story.typed_names.people.clone(),
                        organisations: story.typed_names.organisations.clone(),
                        places: story.typed_names.places.clone(),
                    },
                    timeline: timeline.iter().map(TimelineRecord::from).collect(),
                    quotes,
                    profile: story.profile.clone(),
                }
            })
            .collect()
    }

    /// Runs the whole pipeline.
    pub fn run(&self, inputs: &[Input]) -> Report {
        let extracted = self.extract(inputs);
        let articles = &extracted.articles;
        let duplicate_groups = self.group_duplicates(articles);
        let stories = self.stories(articles, &duplicate_groups);
        let summary = Summary {
            inputs: extracted.inputs(),
            articles: articles.len(),
            skipped: extracted.inputs() - articles.len(),
            duplicate_groups: duplicate_groups.len(),
            stories: stories.len(),
        };
        let documents = extracted.into_documents();
        Report {
            documents,
            duplicate_groups,
            stories,
            summary,
        }
    }
}
