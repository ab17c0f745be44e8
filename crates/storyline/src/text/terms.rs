//! Content terms: the words that say what a text is about, with stop words
//! dropped and English Snowball stemming, so "talks", "talked" and "talk"
//! count as one term. Shared by story vectors and "what's new".

use super::words;
use rust_stemmers::{Algorithm, Stemmer};

#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "said", "same", "says", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "s", "t", "re", "ve", "ll", "d", "m", "told", "according", "year", "years", "one", "two", "new", "last", "first", "may", "like", "us", "mr", "mrs", "ms", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week", "today", "yesterday", "time", "people", "well", "get", "got", "make", "made",
];

/// Whether a lower-cased word carries no content.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

#[rustfmt::skip]
const TITLE_WORDS: &[&str] = &[
    "president", "minister", "foreign", "secretary", "state", "general", "spokesman", "spokeswoman",
    "senator", "governor", "mayor", "chancellor", "prime", "vice", "deputy", "chief", "director",
    "ambassador", "king", "queen", "prince", "princess", "pope", "mr", "mrs", "ms", "dr", "sir",
];

/// Whether a lower-cased word is a title or office ("minister", "foreign").
pub fn is_title_word(word: &str) -> bool {
    TITLE_WORDS.contains(&word)
}

/// Extracts stemmed content terms.
pub struct ContentTerms {
    stemmer: Stemmer,
}

impl ContentTerms {
    /// An English content-term extractor.
    pub fn new() -> Self {
        ContentTerms {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    /// (stem, word) for every content word of `text`: three or more
    /// characters, not a stop word, not a bare number.
    pub fn content_terms(&self, text: &str) -> Vec<(String, String)> {
        words(text)
            .filter(|w| w.chars().count() > 2 && !is_stop_word(w))
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
            .map(|w| (self.stemmer.stem(&w).into_owned(), w))
            .collect()
    }
}

impl Default for ContentTerms {
    fn default() -> Self {
        ContentTerms::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_share_a_stem() {
        let terms = ContentTerms::new().content_terms("The talks ended; they talked and will talk.");
        let stems: Vec<&str> = terms.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(stems, ["talk", "end", "talk", "talk"]);
    }
}
