//! Article → weighted term vector for story similarity.
//!
//! Terms are content words (stop words dropped, Snowball-stemmed) and names
//! (capitalised words not opening a sentence), which mark *which* event a
//! text is about more sharply than common words do; headline terms count
//! twice. Weights are sublinear term frequency × smoothed inverse document
//! frequency over the run, L2-normalised (as in scikit-learn's
//! `TfidfVectorizer(sublinear_tf=True)`).

use crate::model::Article;
use crate::text::words;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;

/// A sparse vector: (term id, weight), sorted by term id.
pub type SparseVec = Vec<(u32, f32)>;

const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "said",
    "same",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "s",
    "t",
    "re",
    "ve",
    "ll",
    "d",
    "m",
    "told",
    "according",
    "year",
    "years",
    "one",
    "two",
    "new",
    "last",
    "first",
    "may",
    "like",
    "us",
    "mr",
    "mrs",
    "ms",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "week",
    "today",
    "yesterday",
    "time",
    "people",
    "well",
    "get",
    "got",
    "make",
    "made",
];

/// Builds term vectors with a vocabulary shared across one run.
pub struct Vectorizer {
    stemmer: Stemmer,
    vocabulary: HashMap<String, u32>,
}

impl Vectorizer {
    /// An empty vectorizer.
    pub fn new() -> Self {
        Vectorizer {
            stemmer: Stemmer::create(Algorithm::English),
            vocabulary: HashMap::new(),
        }
    }

    /// Term counts of an article (headline terms count twice).
    pub fn counts(&mut self, article: &Article) -> HashMap<u32, f32> {
        let mut counts: HashMap<u32, f32> = HashMap::new();
        let title = article.title.as_deref().unwrap_or("");
        for (text, weight) in [(title, 2.0), (article.text.as_str(), 1.0)] {
            for term in self.terms(text) {
                let next = self.vocabulary.len() as u32;
                let id = *self.vocabulary.entry(term).or_insert(next);
                *counts.entry(id).or_default() += weight;
            }
        }
        counts
    }

    fn terms(&self, text: &str) -> Vec<String> {
        let mut terms: Vec<String> = words(text)
            .filter(|w| w.chars().count() > 2 && !STOP_WORDS.contains(&w.as_str()))
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit()) || w.len() == 4)
            .map(|w| self.stemmer.stem(&w).into_owned())
            .collect();
        terms.extend(names(text).map(|n| format!("#{n}")));
        terms
    }
}

impl Default for Vectorizer {
    fn default() -> Self {
        Vectorizer::new()
    }
}

/// Capitalised words that do not open a sentence, lower-cased.
fn names(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut sentence_start = true;
    text.split_whitespace().filter_map(move |raw| {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let opens = sentence_start;
        sentence_start = raw.ends_with(['.', '!', '?', ':', '"', '”']);
        let mut chars = word.chars();
        let capitalised = chars.next().is_some_and(char::is_uppercase) && word.chars().count() > 2;
        let lower = word.to_lowercase();
        (!opens && capitalised && !STOP_WORDS.contains(&lower.as_str())).then_some(lower)
    })
}

/// Turns counts into sublinear TF-IDF vectors, L2-normalised.
pub fn tfidf(all_counts: &[HashMap<u32, f32>]) -> Vec<SparseVec> {
    let n = all_counts.len() as f32;
    let mut df: HashMap<u32, f32> = HashMap::new();
    for counts in all_counts {
        for &term in counts.keys() {
            *df.entry(term).or_default() += 1.0;
        }
    }
    all_counts
        .iter()
        .map(|counts| {
            let mut v: SparseVec = counts
                .iter()
                .map(|(&t, &c)| (t, (1.0 + c.ln()) * (((n + 1.0) / (df[&t] + 1.0)).ln() + 1.0)))
                .collect();
            v.sort_unstable_by_key(|(t, _)| *t);
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            v
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_skip_sentence_openers() {
        let found: Vec<String> = names("The minister met Lavrov in Geneva. Talks ended.").collect();
        assert_eq!(found, ["lavrov", "geneva"]);
    }
}
