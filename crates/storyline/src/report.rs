//! The run's result, shaped as the JSON contract of `storyline analyze`:
//! `documents`, `duplicate_groups`, `stories`, `summary`. Fields may be added
//! over time; none is renamed or removed.

use crate::dedup::DupGroup;
use crate::model::{Article, DatePrecision, DocId, Skipped};
use crate::timeline::TimelineEntry;
use serde::{Serialize, Serializer};

/// Everything one run produced, every input accounted for.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Every document, in input order: an article or a skip with its reason.
    pub documents: Vec<DocumentRecord>,
    /// Groups of copies of one article.
    pub duplicate_groups: Vec<DupGroup>,
    /// Stories with their timelines.
    pub stories: Vec<StoryRecord>,
    /// Counts.
    pub summary: Summary,
}

impl Report {
    /// The inputs that were skipped, in input order.
    pub fn skipped(&self) -> impl Iterator<Item = &Skipped> {
        self.documents.iter().filter_map(|d| match d {
            DocumentRecord::Skipped(s) => Some(s),
            DocumentRecord::Article(_) => None,
        })
    }
}

/// One input document's outcome.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum DocumentRecord {
    /// Extracted article (boxed: an article is many times the size of a skip).
    Article(Box<ArticleRecord>),
    /// Not processed, with the reason.
    Skipped(Skipped),
}

/// An article as reported.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRecord {
    /// Document id.
    pub id: DocId,
    /// Headline.
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(serialize_with = "date_or_null")]
    pub published: Option<crate::model::PubDate>,
    /// Precision of `published`.
    pub published_precision: Option<DatePrecision>,
    /// `YYYY-MM-DD` of the last update, when stated apart from publication.
    #[serde(serialize_with = "date_or_null")]
    pub updated: Option<crate::model::PubDate>,
    /// ISO 639-3 language code.
    pub language: Option<String>,
    /// Outlet of this copy.
    pub source: Option<String>,
    /// Outlet a re-post credits.
    pub original_source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Clean main text.
    pub text: String,
    /// Words in `text`.
    pub words: usize,
    /// The id the input was given, when the reader had to rename it (the
    /// id was taken by an earlier input of the run, or too long).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<DocId>,
    /// The character set guessed for an input that was not UTF-8 and
    /// declared none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

impl From<Article> for ArticleRecord {
    fn from(a: Article) -> Self {
        ArticleRecord {
            words: a.word_count(),
            published_precision: a.published.map(|d| d.precision),
            id: a.id,
            title: a.title,
            published: a.published,
            updated: a.updated,
            language: a.language,
            source: a.source,
            original_source: a.original_source,
            url: a.url,
            author: a.author,
            text: a.text,
            renamed_from: a.renamed_from,
            encoding: a.encoding,
        }
    }
}

impl From<&Article> for ArticleRecord {
    fn from(a: &Article) -> Self {
        ArticleRecord::from(a.clone())
    }
}

/// A story as reported.
#[derive(Debug, Clone, Serialize)]
pub struct StoryRecord {
    /// Story id.
    pub id: String,
    /// Representative headline.
    pub title: String,
    /// Every copy in the story.
    pub documents: Vec<DocId>,
    /// Key terms and names that characterise the story.
    pub label: StoryLabel,
    /// Canonical articles by date.
    pub timeline: Vec<TimelineRecord>,
    /// Attributed quotes (filled by the quotes stage).
    pub quotes: Vec<QuoteRecord>,
    /// What an index compares new articles with; not part of the report.
    #[serde(skip)]
    pub profile: crate::stories::StoryProfile,
}

/// What a story is about, in a few words.
#[derive(Debug, Clone, Serialize)]
pub struct StoryLabel {
    /// Strongest words.
    pub key_terms: Vec<String>,
    /// Strongest names (people, organisations, places).
    pub names: Vec<String>,
    /// Those names that the texts show to be people.
    pub people: Vec<String>,
    /// Those that are organisations.
    pub organisations: Vec<String>,
    /// Those that are places.
    pub places: Vec<String>,
}

/// A timeline entry as reported.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineRecord {
    /// `YYYY-MM-DD`, or null when undated.
    #[serde(serialize_with = "date_or_null")]
    pub date: Option<crate::model::PubDate>,
    /// Precision of `date`.
    pub precision: Option<DatePrecision>,
    /// Canonical document.
    pub document: DocId,
    /// Headline.
    pub title: Option<String>,
    /// Outlet of the canonical copy.
    pub source: Option<String>,
    /// Outlets of all copies.
    pub sources: Vec<String>,
    /// Copies, canonical included.
    pub copies: usize,
    /// Sentences new relative to earlier entries.
    pub whats_new: Vec<String>,
}

impl From<&TimelineEntry> for TimelineRecord {
    fn from(e: &TimelineEntry) -> Self {
        TimelineRecord {
            date: e.date,
            precision: e.precision(),
            document: e.document.clone(),
            title: e.title.clone(),
            source: e.source.clone(),
            sources: e.sources.clone(),
            copies: e.copies,
            whats_new: e.whats_new.clone(),
        }
    }
}

/// An attributed quote.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuoteRecord {
    /// Who said it; null when unattributed.
    pub speaker: Option<String>,
    /// The quoted words.
    pub text: String,
    /// Where it was found.
    pub document: DocId,
    /// The speech verb that attributed it.
    pub cue: Option<String>,
    /// Character offset of the quoted words in the document's text.
    pub start: usize,
    /// Character offset just after the quoted words.
    pub end: usize,
}

impl From<crate::quotes::Quote> for QuoteRecord {
    fn from(q: crate::quotes::Quote) -> Self {
        QuoteRecord {
            speaker: q.speaker,
            text: q.text,
            document: q.document,
            cue: q.cue,
            start: q.start,
            end: q.end,
        }
    }
}

/// Counts over the run.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Documents found (articles + skipped).
    pub inputs: usize,
    /// Documents extracted as articles.
    pub articles: usize,
    /// Documents skipped.
    pub skipped: usize,
    /// Duplicate groups.
    pub duplicate_groups: usize,
    /// Stories.
    pub stories: usize,
}

fn date_or_null<S: Serializer>(date: &Option<crate::model::PubDate>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// What `dedup` reports: groups of copies, the documents that have none,
/// and the inputs that were skipped.
#[derive(Debug, Clone, Serialize)]
pub struct DedupReport {
    /// Groups of copies, with canonical copy and evidence per linked pair.
    pub duplicate_groups: Vec<DupGroup>,
    /// Articles that are copies of nothing else.
    pub singles: Vec<DocId>,
    /// Inputs not processed, with reasons.
    pub skipped: Vec<Skipped>,
    /// Counts.
    pub summary: DedupSummary,
}

/// Counts of a dedup run.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct DedupSummary {
    /// Documents found.
    pub inputs: usize,
    /// Articles extracted.
    pub articles: usize,
    /// Documents skipped.
    pub skipped: usize,
    /// Groups of copies.
    pub duplicate_groups: usize,
    /// Articles in no group.
    pub singles: usize,
}
