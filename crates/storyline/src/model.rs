//! Records the stages share: documents as read, articles as extracted, and the
//! small value types (ids, dates) they carry. Data and invariants only; no
//! stage logic lives here.

use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// A document's stable identifier: a path relative to the directory argument,
/// the path as given for a file argument, or a JSONL line's `id`
/// (else `<file>:<line>`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for DocId {
    fn from(s: &str) -> Self {
        DocId(s.to_string())
    }
}

/// How a document's body is written, which decides how it is extracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text or Markdown (scraped text often mixes both).
    Text,
    /// An HTML page.
    Html,
}

/// Metadata that arrived with a document (JSONL fields), before extraction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// Headline given by the producer.
    pub title: Option<String>,
    /// Source URL given by the producer.
    pub url: Option<String>,
    /// Publication date as written by the producer (parsed by extract).
    pub published: Option<String>,
    /// Site or outlet name given by the producer.
    pub source: Option<String>,
    /// Author given by the producer.
    pub author: Option<String>,
    /// The character set guessed for a text file that declared none and
    /// was not UTF-8.
    pub encoding: Option<String>,
    /// The id the document was given, when the reader renamed it (another
    /// input of the run had it already, or it was too long to be a name).
    pub renamed_from: Option<DocId>,
}

/// One document as read from its input, decoded to text.
#[derive(Debug, Clone)]
pub struct RawDoc {
    /// Stable identifier.
    pub id: DocId,
    /// How the body is written.
    pub format: Format,
    /// The decoded body.
    pub body: String,
    /// Metadata that came with the document.
    pub hints: Hints,
}

/// An input that could not be turned into an article, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The input's id (a path, `<file>:<line>`, or `-` for stdin).
    pub id: DocId,
    /// A human-readable reason naming the problem.
    pub reason: String,
    /// How many inputs this record stands for: 1, or the skipped records of
    /// one file beyond those listed one by one, counted here.
    #[serde(skip_serializing_if = "is_one")]
    pub count: usize,
}

impl Skipped {
    /// One skipped input.
    pub fn new(id: impl Into<String>, reason: impl Into<String>) -> Self {
        Skipped {
            id: DocId(id.into()),
            reason: reason.into(),
            count: 1,
        }
    }

    /// How many inputs the records stand for, folded ones counted.
    pub fn total<'a>(skipped: impl IntoIterator<Item = &'a Skipped>) -> usize {
        skipped.into_iter().map(|s| s.count).sum()
    }
}

fn is_one(count: &usize) -> bool {
    *count == 1
}

/// How exactly a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// Only the year is known.
    Year,
    /// Year and month are known.
    Month,
    /// The calendar day is known.
    Day,
}

/// A calendar date with its precision (missing parts are set to the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PubDate {
    /// The date; unknown month/day are 1.
    pub date: NaiveDate,
    /// Which parts of `date` are known.
    pub precision: DatePrecision,
}

impl PubDate {
    /// A date known to the day.
    pub fn day(date: NaiveDate) -> Self {
        PubDate {
            date,
            precision: DatePrecision::Day,
        }
    }
}

impl fmt::Display for PubDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date.format("%Y-%m-%d"))
    }
}

/// A clean article: main text with boilerplate removed, plus metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable identifier, from the raw document.
    pub id: DocId,
    /// Headline, if one was found.
    pub title: Option<String>,
    /// Publication date, if one was found (never in the future).
    pub published: Option<PubDate>,
    /// Date of the last update, when the page states one apart from publication.
    pub updated: Option<PubDate>,
    /// Language of the text (ISO 639-3, e.g. `eng`), when it can be told.
    pub language: Option<String>,
    /// Outlet or site that published this copy.
    pub source: Option<String>,
    /// The outlet a re-post names as the original publisher.
    pub original_source: Option<String>,
    /// Source URL (canonical where known).
    pub url: Option<String>,
    /// Author, when a byline names one.
    pub author: Option<String>,
    /// Main text: paragraphs separated by one blank line.
    pub text: String,
    /// The id the input was given, when the reader had to rename it.
    pub renamed_from: Option<DocId>,
    /// The character set guessed for an input that was not UTF-8.
    pub encoding: Option<String>,
    /// A hash of the input as read (before extraction): the input's identity,
    /// which unlike the clean text does not depend on the other documents
    /// extracted with it. 0 when unknown.
    pub input_digest: u64,
}

impl Article {
    /// An article with an id and a clean text, and no metadata.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Article {
        Article {
            id: DocId(id.into()),
            title: None,
            published: None,
            updated: None,
            language: None,
            source: None,
            original_source: None,
            url: None,
            author: None,
            text: text.into(),
            renamed_from: None,
            encoding: None,
            input_digest: 0,
        }
    }

    /// Paragraphs of the main text.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.text.split("\n\n").filter(|p| !p.trim().is_empty())
    }

    /// Number of words in the main text.
    pub fn word_count(&self) -> usize {
        crate::text::spacing(&self.text).tokens
    }

    /// How many of the optional metadata fields are known.
    pub fn metadata_count(&self) -> usize {
        [
            self.title.is_some(),
            self.published.is_some(),
            self.source.is_some(),
            self.url.is_some(),
            self.author.is_some(),
        ]
        .iter()
        .filter(|known| **known)
        .count()
    }
}
