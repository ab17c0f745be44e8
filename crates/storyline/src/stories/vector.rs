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

/// How articles become vectors.
#[derive(Debug, Clone, PartialEq)]
pub struct VectorConfig {
    /// Weight of a headline occurrence relative to a body one.
    pub title_weight: f32,
    /// Weight of a name occurrence (added to its word's own count).
    pub name_weight: f32,
    /// Share of the similarity that comes from names (the rest from words):
    /// the two parts are normalised separately, so names that tell two
    /// events of one kind apart are not drowned by the words they share.
    pub name_share: f32,
}

impl Default for VectorConfig {
    fn default() -> Self {
        VectorConfig {
            title_weight: 2.0,
            name_weight: 1.0,
            name_share: 0.7,
        }
    }
}

/// Builds term vectors with a vocabulary shared across one run.
pub struct Vectorizer {
    config: VectorConfig,
    stemmer: Stemmer,
    vocabulary: HashMap<String, u32>,
    is_name: Vec<bool>,
}

impl Vectorizer {
    /// An empty vectorizer.
    pub fn new(config: VectorConfig) -> Self {
        Vectorizer {
            config,
            stemmer: Stemmer::create(Algorithm::English),
            vocabulary: HashMap::new(),
            is_name: Vec::new(),
        }
    }

    /// Weighted term counts of an article.
    pub fn counts(&mut self, article: &Article) -> HashMap<u32, f32> {
        let mut counts: HashMap<u32, f32> = HashMap::new();
        let title = article.title.as_deref().unwrap_or("");
        for (text, weight) in [(title, self.config.title_weight), (article.text.as_str(), 1.0)] {
            for (term, term_weight) in self.terms(text) {
                let next = self.vocabulary.len() as u32;
                let is_name = term.starts_with('#');
                let id = *self.vocabulary.entry(term).or_insert(next);
                if id == next {
                    self.is_name.push(is_name);
                }
                *counts.entry(id).or_default() += weight * term_weight;
            }
        }
        counts
    }

    fn terms(&self, text: &str) -> Vec<(String, f32)> {
        let mut terms: Vec<(String, f32)> = words(text)
            .filter(|w| w.chars().count() > 2 && !STOP_WORDS.contains(&w.as_str()))
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
            .map(|w| (self.stemmer.stem(&w).into_owned(), 1.0))
            .collect();
        if self.config.name_weight > 0.0 {
            terms.extend(
                names(text)
                    .into_iter()
                    .map(|n| (format!("#{n}"), self.config.name_weight)),
            );
        }
        terms.extend(numbers(text).map(|n| (format!("={n}"), 1.0)));
        terms
    }
}

/// Names: runs of capitalised words, lower-cased, each word and (for runs
/// of two to four) the whole run ("fred larue"), which tells two people who
/// share a surname or first name apart. A single capitalised word opening a
/// sentence is just a capital letter, not a name.
fn names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut run_opens_sentence = false;
    let mut sentence_start = true;
    let flush = |run: &mut Vec<String>, opens: bool, out: &mut Vec<String>| {
        if opens && !run.is_empty() {
            // "The", "In": a sentence opener is part of the name only in a run.
            if run.len() == 1 || STOP_WORDS.contains(&run[0].as_str()) {
                run.remove(0);
            }
        }
        if (2..=4).contains(&run.len()) {
            out.push(run.join(" "));
        }
        out.append(run);
    };
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let capitalised = word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() > 1;
        let lower = word.to_lowercase();
        if capitalised && !(run.is_empty() && !sentence_start && STOP_WORDS.contains(&lower.as_str())) {
            if run.is_empty() {
                run_opens_sentence = sentence_start;
            }
            run.push(lower);
        } else {
            flush(&mut run, run_opens_sentence, &mut out);
        }
        let ends_clause = raw.ends_with(['.', '!', '?', ':', ',', ';', '"', '”', ')']);
        if ends_clause && !run.is_empty() {
            flush(&mut run, run_opens_sentence, &mut out);
        }
        sentence_start = raw.ends_with(['.', '!', '?', ':', '"', '”']);
    }
    flush(&mut run, run_opens_sentence, &mut out);
    out.retain(|n| n.chars().count() > 2 && !STOP_WORDS.contains(&n.as_str()));
    out
}

/// Numbers as written ("4.6", "23"), a decimal's spaces closed up.
fn numbers(text: &str) -> impl Iterator<Item = String> + '_ {
    NUMBER
        .find_iter(text)
        .map(|m| m.as_str().replace(' ', "").replace(',', "."))
}

static NUMBER: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"\b\d+(?:[.,] ?\d+)?\b").unwrap());

impl Vectorizer {
    /// Turns counts into sublinear TF-IDF vectors: words and names each
    /// L2-normalised, then weighted by their share of the similarity.
    pub fn tfidf(&self, all_counts: &[HashMap<u32, f32>]) -> Vec<SparseVec> {
        let share = self.config.name_share.clamp(0.0, 1.0);
        let scales = [(1.0 - share).sqrt(), share.sqrt()];
        tfidf(all_counts)
            .into_iter()
            .map(|mut v| {
                let mut norms = [0.0f32; 2];
                for (t, w) in &v {
                    norms[usize::from(self.is_name[*t as usize])] += w * w;
                }
                let present = [norms[0] > 0.0, norms[1] > 0.0];
                for (t, w) in v.iter_mut() {
                    let kind = usize::from(self.is_name[*t as usize]);
                    // A text without names is all words, and the reverse.
                    let scale = if present[0] && present[1] { scales[kind] } else { 1.0 };
                    *w *= scale / norms[kind].sqrt();
                }
                v
            })
            .collect()
    }
}

/// Turns counts into sublinear TF-IDF vectors, L2-normalised.
fn tfidf(all_counts: &[HashMap<u32, f32>]) -> Vec<SparseVec> {
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
    fn numbers_close_up_decimals() {
        let found: Vec<String> = numbers("a 4. 6 quake; 23 pirates; 4.4 magnitude").collect();
        assert_eq!(found, ["4.6", "23", "4.4"]);
    }

    #[test]
    fn names_skip_sentence_openers() {
        let found = names("The minister met Lavrov in Geneva. Talks ended. Fred LaRue died.");
        assert_eq!(found, ["lavrov", "geneva", "fred larue", "fred", "larue"]);
    }
}
