//! The one place that runs the stages in order: read → extract → fingerprint
//! → duplicates → stories → timeline and quotes, returning a [`Report`].

use crate::dedup::{DedupConfig, Deduplicator, DupGroup};
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

/// The extract stage's output for a run: articles, and every input's outcome
/// in input order.
pub struct Extracted {
    /// Articles, in input order.
    pub articles: Vec<Article>,
    /// One record per input, in input order.
    pub documents: Vec<DocumentRecord>,
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
        let items = self.reader.read_all(inputs);
        let raw: Vec<RawDoc> = items
            .iter()
            .filter_map(|item| match item {
                ReadItem::Loaded(doc) => Some(doc.clone()),
                ReadItem::Skipped(_) => None,
            })
            .collect();
        let mut extracted = self.extractor.extract_all(&raw).into_iter();
        let mut articles = Vec::new();
        let mut documents = Vec::with_capacity(items.len());
        for item in items {
            let outcome: Result<Article, Skipped> = match item {
                ReadItem::Skipped(skipped) => Err(skipped),
                ReadItem::Loaded(_) => extracted.next().expect("one extraction per loaded document"),
            };
            match outcome {
                Ok(article) => {
                    documents.push(DocumentRecord::Article(ArticleRecord::from(&article)));
                    articles.push(article);
                }
                Err(skipped) => documents.push(DocumentRecord::Skipped(skipped)),
            }
        }
        Extracted { articles, documents }
    }

    /// Fingerprints the articles and groups their copies.
    fn group_duplicates(&self, articles: &[Article]) -> Vec<DupGroup> {
        let prints: Vec<Fingerprint> = articles
            .par_iter()
            .map(|a| self.fingerprinter.fingerprint(&a.text))
            .collect();
        self.deduplicator.group(articles, &prints)
    }

    /// Runs read, extract and duplicates only.
    pub fn dedup(&self, inputs: &[Input]) -> DedupReport {
        let Extracted { articles, documents } = self.extract(inputs);
        let duplicate_groups = self.group_duplicates(&articles);
        let grouped: HashSet<&DocId> = duplicate_groups.iter().flat_map(|g| &g.members).collect();
        let singles: Vec<DocId> = articles
            .iter()
            .map(|a| &a.id)
            .filter(|id| !grouped.contains(id))
            .cloned()
            .collect();
        let skipped: Vec<Skipped> = documents
            .into_iter()
            .filter_map(|d| match d {
                DocumentRecord::Skipped(s) => Some(s),
                DocumentRecord::Article(_) => None,
            })
            .collect();
        DedupReport {
            summary: DedupSummary {
                inputs: articles.len() + skipped.len(),
                articles: articles.len(),
                skipped: skipped.len(),
                duplicate_groups: duplicate_groups.len(),
                singles: singles.len(),
            },
            duplicate_groups,
            singles,
            skipped,
        }
    }

    /// Runs the whole pipeline.
    pub fn run(&self, inputs: &[Input]) -> Report {
        let Extracted { articles, documents } = self.extract(inputs);
        let duplicate_groups = self.group_duplicates(&articles);
        let corpus = Corpus::new(&articles, &duplicate_groups);
        let stories: Vec<StoryRecord> = self
            .clusterer
            .cluster(&articles, &duplicate_groups)
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
                    },
                    timeline: timeline.iter().map(TimelineRecord::from).collect(),
                    quotes,
                }
            })
            .collect();
        let summary = Summary {
            inputs: documents.len(),
            articles: articles.len(),
            skipped: documents.len() - articles.len(),
            duplicate_groups: duplicate_groups.len(),
            stories: stories.len(),
        };
        Report {
            documents,
            duplicate_groups,
            stories,
            summary,
        }
    }
}
