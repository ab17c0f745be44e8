//! Article → weighted term vector for story similarity.
//!
//! Terms are content words (stop words dropped, Snowball-stemmed) and names
//! (capitalised words not opening a sentence), which mark *which* event a
//! text is about more sharply than common words do; headline terms count
//! twice. Weights are sublinear term frequency × smoothed inverse document
//! frequency over the run, L2-normalised (as in scikit-learn's
//! `TfidfVectorizer(sublinear_tf=True)`).

use crate::model::Article;
use crate::text::sentences::sentence_spans;
use crate::text::terms::{is_stop_word, ContentTerms};
use rustc_hash::FxHashMap as HashMap;

/// A sparse vector: (term id, weight), sorted by term id.
pub type SparseVec = Vec<(u32, f32)>;

/// How articles become vectors.
#[derive(Debug, Clone, PartialEq)]
pub struct VectorConfig {
    /// Weight of a headline occurrence relative to a body one.
    pub title_weight: f32,
    /// Weight of a term in the lead sentences.
    pub lead_weight: f32,
    /// How many opening sentences form the lead.
    pub lead_sentences: usize,
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
            lead_weight: 2.0,
            lead_sentences: 2,
            name_weight: 1.0,
            name_share: 0.3,
        }
    }
}

/// Builds term vectors with a vocabulary shared across one run.
pub struct Vectorizer {
    config: VectorConfig,
    terms: ContentTerms,
    vocabulary: HashMap<String, u32>,
    keys: Vec<String>,
    surface: Vec<String>,
    is_name: Vec<bool>,
}

impl Vectorizer {
    /// An empty vectorizer.
    pub fn new(config: VectorConfig) -> Self {
        Vectorizer {
            config,
            terms: ContentTerms::new(),
            vocabulary: HashMap::default(),
            keys: Vec::new(),
            surface: Vec::new(),
            is_name: Vec::new(),
        }
    }

    /// Weighted term counts of an article.
    pub fn counts(&mut self, article: &Article) -> HashMap<u32, f32> {
        let mut counts: HashMap<u32, f32> = HashMap::default();
        let title = article.title.as_deref().unwrap_or("");
        // The lead (first sentences) states the event; the rest elaborates.
        let spans = sentence_spans(&article.text);
        let lead_end = spans
            .get(self.config.lead_sentences.saturating_sub(1))
            .map_or(0, |s| s.1);
        let lead_end = if spans.len() > self.config.lead_sentences {
            lead_end
        } else {
            0
        };
        let parts = [
            (title, self.config.title_weight),
            (&article.text[..lead_end], self.config.lead_weight),
            (&article.text[lead_end..], 1.0),
        ];
        for (text, weight) in parts {
            for (term, surface, term_weight) in self.terms(text) {
                let next = self.vocabulary.len() as u32;
                let is_name = term.starts_with('#');
                let id = *self.vocabulary.entry(term.clone()).or_insert(next);
                if id == next {
                    self.keys.push(term);
                    self.is_name.push(is_name);
                    self.surface.push(surface);
                }
                *counts.entry(id).or_default() += weight * term_weight;
            }
        }
        counts
    }

    /// (term, surface form, weight) of a text: stemmed content words,
    /// names prefixed `#`, numbers prefixed `=`.
    fn terms(&self, text: &str) -> Vec<(String, String, f32)> {
        let mut terms: Vec<(String, String, f32)> = self
            .terms
            .content_terms(text)
            .into_iter()
            .map(|(stem, word)| (stem, word, 1.0))
            .collect();
        if self.config.name_weight > 0.0 {
            terms.extend(
                names(text)
                    .into_iter()
                    .map(|n| (format!("#{n}"), n, self.config.name_weight)),
            );
        }
        terms.extend(numbers(text).map(|n| (format!("={n}"), n, 1.0)));
        terms
    }

    /// The key of a term: its stem, `#name` or `=number`; the same across
    /// runs, so a stored profile can be matched with a new article.
    pub fn key(&self, term: u32) -> &str {
        &self.keys[term as usize]
    }

    /// The surface form of a term (the first one seen).
    pub fn surface(&self, term: u32) -> &str {
        &self.surface[term as usize]
    }

    /// Whether a term is a name.
    pub fn is_name(&self, term: u32) -> bool {
        self.is_name[term as usize]
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
            if run.len() == 1 || is_stop_word(&run[0]) {
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
        let word = word
            .strip_suffix("’s")
            .or_else(|| word.strip_suffix("'s"))
            .unwrap_or(word);
        let capitalised = word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() > 1;
        let lower = word.to_lowercase();
        if capitalised && !(run.is_empty() && !sentence_start && is_stop_word(&lower)) {
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
    out.retain(|n| n.chars().count() > 2 && !is_stop_word(n));
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
    /// One article's sublinear TF-IDF vector, inverse document frequencies
    /// given by `idf`: words and names each L2-normalised, then weighted by
    /// their share of the similarity.
    pub fn vector(&self, counts: &HashMap<u32, f32>, idf: impl Fn(u32) -> f32) -> SparseVec {
        let share = self.config.name_share.clamp(0.0, 1.0);
        let scales = [(1.0 - share).sqrt(), share.sqrt()];
        let mut v: SparseVec = counts.iter().map(|(&t, &c)| (t, (1.0 + c.ln()) * idf(t))).collect();
        v.sort_unstable_by_key(|(t, _)| *t);
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
    }
}

/// Smoothed inverse document frequency of a term found in `df` of `n` documents.
pub fn idf(df: f32, n: f32) -> f32 {
    ((n + 1.0) / (df + 1.0)).ln() + 1.0
}

/// Smoothed inverse document frequency of every term of a run.
pub fn idf_table(all_counts: &[HashMap<u32, f32>]) -> HashMap<u32, f32> {
    let n = all_counts.len() as f32;
    let mut df: HashMap<u32, f32> = HashMap::default();
    for counts in all_counts {
        for &term in counts.keys() {
            *df.entry(term).or_default() += 1.0;
        }
    }
    df.into_iter().map(|(t, d)| (t, idf(d, n))).collect()
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
