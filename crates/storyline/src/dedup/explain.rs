//! Why two texts are copies, shown as the longest passages they share:
//! maximal runs of words that appear in the same order in both, found by
//! extending every matching word 5-gram (the shingle size) greedily. Spans
//! are character offsets into each article's text.

use crate::text::word_hashes;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

/// Words a shared run needs before it is reported.
const MIN_PASSAGE_WORDS: usize = 8;
/// Longest passages reported per pair.
const MAX_PASSAGES: usize = 3;
/// Words per seed n-gram.
const SEED_WORDS: usize = 5;

/// One passage found in both texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedPassage {
    /// Character offset of the passage in the first text.
    pub a_start: usize,
    /// Character offset just after it in the first text.
    pub a_end: usize,
    /// Character offset of the passage in the second text.
    pub b_start: usize,
    /// Character offset just after it in the second text.
    pub b_end: usize,
    /// Number of words.
    pub words: usize,
}

/// A text with its words hashed, ready to be compared with others: a text
/// in several pairs is read once.
#[derive(Debug, Clone)]
pub struct PassageWords<'a> {
    text: &'a str,
    /// Byte spans of the words, with their hashes.
    words: Vec<(usize, usize, u64)>,
}

impl<'a> PassageWords<'a> {
    /// Hashes the words of a text.
    pub fn of(text: &'a str) -> Self {
        PassageWords {
            text,
            words: word_hashes(text),
        }
    }
}

/// The longest passages `a` and `b` share, longest first.
pub fn shared_passages(a: &str, b: &str) -> Vec<SharedPassage> {
    passages_between(&PassageWords::of(a), &PassageWords::of(b))
}

/// [`shared_passages`] of two texts whose words are already hashed.
pub fn passages_between(a: &PassageWords<'_>, b: &PassageWords<'_>) -> Vec<SharedPassage> {
    let (wa, wb) = (&a.words, &b.words);
    if wa.len() < SEED_WORDS || wb.len() < SEED_WORDS {
        return Vec::new();
    }
    let mut seeds: HashMap<&[u64], usize> = HashMap::with_capacity_and_hasher(wb.len(), Default::default());
    let words_b: Vec<u64> = wb.iter().map(|w| w.2).collect();
    let words_a: Vec<u64> = wa.iter().map(|w| w.2).collect();
    for j in 0..=words_b.len() - SEED_WORDS {
        seeds.entry(&words_b[j..j + SEED_WORDS]).or_insert(j);
    }
    let mut passages = Vec::new();
    let mut i = 0;
    while i + SEED_WORDS <= words_a.len() {
        let Some(&j) = seeds.get(&words_a[i..i + SEED_WORDS]) else {
            i += 1;
            continue;
        };
        let mut len = SEED_WORDS;
        while i + len < words_a.len() && j + len < words_b.len() && words_a[i + len] == words_b[j + len] {
            len += 1;
        }
        if len >= MIN_PASSAGE_WORDS {
            // Byte offsets until the passages to report are known.
            passages.push(SharedPassage {
                a_start: wa[i].0,
                a_end: wa[i + len - 1].1,
                b_start: wb[j].0,
                b_end: wb[j + len - 1].1,
                words: len,
            });
        }
        i += len;
    }
    passages.sort_by(|x, y| y.words.cmp(&x.words).then(x.a_start.cmp(&y.a_start)));
    passages.truncate(MAX_PASSAGES);
    for passage in &mut passages {
        passage.a_start = char_offset(a.text, passage.a_start);
        passage.a_end = char_offset(a.text, passage.a_end);
        passage.b_start = char_offset(b.text, passage.b_start);
        passage.b_end = char_offset(b.text, passage.b_end);
    }
    passages
}

fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_shared_run_in_both_texts() {
        let a = "Intro line here. The council approved the new budget for the coming year on Tuesday night. Bye.";
        let b = "REPOST: the council approved the new budget for the coming year on Tuesday night — more later";
        let found = shared_passages(a, b);
        assert_eq!(found.len(), 1);
        let p = &found[0];
        assert_eq!(p.words, 13);
        let slice = |t: &str, s: usize, e: usize| t.chars().skip(s).take(e - s).collect::<String>();
        assert_eq!(
            slice(a, p.a_start, p.a_end),
            "The council approved the new budget for the coming year on Tuesday night"
        );
        assert!(slice(b, p.b_start, p.b_end).starts_with("the council approved"));
    }
}
