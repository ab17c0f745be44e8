//! Boilerplate repeated across the documents of a run: a site's footer,
//! newsletter box or standard disclaimer, found because it recurs in
//! documents that are otherwise different.
//!
//! Copies of one article share nearly all their paragraphs, so "repeated"
//! alone would delete the article from its duplicates. A segment is template
//! only when two documents that contain it are *otherwise unrelated*: less than
//! half of either one's words are in paragraphs the two share. It is then
//! removed if it recurs in three or more documents, or is short, or sits at
//! the start or end of both (where templates live). Documents are compared in
//! id order, so the outcome does not depend on input order.

use super::blocks::Block;
use crate::model::DocId;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The longest segment treated as template on the strength of one pair.
const SHORT_SEGMENT_WORDS: usize = 20;
/// How many documents containing a segment are compared pairwise.
const MAX_DOCS_COMPARED: usize = 8;
/// Positions from either end that count as a document's edge.
const EDGE_BLOCKS: usize = 3;

/// Removes template segments from every document in place.
pub fn drop_repeated(ids: &[&DocId], docs: &mut [Vec<Block>]) {
    let keys: Vec<Vec<u64>> = docs
        .par_iter()
        .map(|blocks| blocks.iter().map(|b| key(&b.text)).collect())
        .collect();
    let key_sets: Vec<HashSet<u64>> = keys.par_iter().map(|k| k.iter().copied().collect()).collect();
    let mut holders: HashMap<u64, Vec<usize>> = HashMap::default();
    for (doc, set) in key_sets.iter().enumerate() {
        for &k in set {
            holders.entry(k).or_default().push(doc);
        }
    }
    let mut unrelated_cache: HashMap<(usize, usize), bool> = HashMap::default();
    let mut template: HashSet<u64> = HashSet::default();
    for (&k, docs_with) in holders.iter().filter(|(_, d)| d.len() >= 2) {
        let mut sorted = docs_with.clone();
        sorted.sort_by(|a, b| ids[*a].cmp(ids[*b]));
        sorted.truncate(MAX_DOCS_COMPARED);
        let words = docs[sorted[0]]
            .iter()
            .zip(&keys[sorted[0]])
            .find(|(_, kk)| **kk == k)
            .map_or(0, |(b, _)| b.words);
        'pairs: for (i, &a) in sorted.iter().enumerate() {
            for &b in &sorted[i + 1..] {
                let unrelated = *unrelated_cache.entry((a, b)).or_insert_with(|| {
                    otherwise_unrelated(&docs[a], &keys[a], &key_sets[b])
                        && otherwise_unrelated(&docs[b], &keys[b], &key_sets[a])
                });
                if !unrelated {
                    continue;
                }
                let at_edges = at_edge(&keys[a], k) && at_edge(&keys[b], k);
                if docs_with.len() >= 3 || words <= SHORT_SEGMENT_WORDS || at_edges {
                    template.insert(k);
                    break 'pairs;
                }
            }
        }
    }
    if template.is_empty() {
        return;
    }
    for (blocks, keys) in docs.iter_mut().zip(&keys) {
        let mut index = 0;
        blocks.retain(|_| {
            index += 1;
            !template.contains(&keys[index - 1])
        });
    }
}

/// Less than half of `doc`'s words are in paragraphs that `other` also has.
fn otherwise_unrelated(doc: &[Block], keys: &[u64], other: &HashSet<u64>) -> bool {
    let total: usize = doc.iter().map(|b| b.words).sum();
    let shared: usize = doc
        .iter()
        .zip(keys)
        .filter(|(_, k)| other.contains(k))
        .map(|(b, _)| b.words)
        .sum();
    shared * 2 < total
}

fn at_edge(keys: &[u64], k: u64) -> bool {
    keys.iter()
        .position(|x| *x == k)
        .is_some_and(|pos| pos < EDGE_BLOCKS || pos + EDGE_BLOCKS >= keys.len())
}

/// Paragraph identity up to case, punctuation and spacing: the hash of the
/// paragraph's letters and digits, lower-cased. ASCII is judged byte by byte;
/// only other characters are decoded.
fn key(text: &str) -> u64 {
    let mut normalized: Vec<u8> = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|b| !b.is_ascii()) {
        push_ascii_key(&mut normalized, &rest.as_bytes()[..at]);
        let mut chars = rest[at..].chars();
        if let Some(c) = chars.next() {
            if crate::text::is_letter_or_digit(c) {
                for lower in c.to_lowercase() {
                    let mut utf8 = [0u8; 4];
                    normalized.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
                }
            }
        }
        rest = chars.as_str();
    }
    push_ascii_key(&mut normalized, rest.as_bytes());
    xxhash_rust::xxh3::xxh3_64(&normalized)
}

/// What each ASCII byte contributes to a key: letters and digits
/// lower-cased, anything else nothing (0).
const ASCII_KEY: [u8; 128] = {
    let mut key = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            key[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    key
};

fn push_ascii_key(out: &mut Vec<u8>, ascii: &[u8]) {
    let start = out.len();
    out.resize(start + ascii.len(), 0);
    let kept_out = &mut out[start..];
    let mut kept = 0;
    for &b in ascii {
        // Every byte is written; only letters and digits advance.
        let key = ASCII_KEY[usize::from(b & 0x7f)];
        kept_out[kept] = key;
        kept += usize::from(key != 0);
    }
    out.truncate(start + kept);
}

#[cfg(test)]
mod tests {
    use super::super::blocks::split_blocks;
    use super::*;

    #[test]
    fn keys_are_the_lower_cased_letters_and_digits() {
        for text in [
            "Plain ASCII, with punctuation!",
            "Ünïcödé İstanbul — “quoted” ΣΊΣΥΦΟΣ 42",
            "日本語の文章。",
            "",
        ] {
            let reference: String = text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(key(text), xxhash_rust::xxh3::xxh3_64(reference.as_bytes()), "{text}");
        }
    }

    #[test]
    fn site_footer_goes_duplicates_stay() {
        let footer = "© 2024 Riverside Gazette. All rights reserved. Follow the Gazette for more local news.";
        let bodies = [
            format!("The bakery on Main Street closed after forty years of business.\nIts owner plans to retire to the coast.\n{footer}"),
            format!("The school board voted to extend the school day by thirty minutes.\nParents were divided on the change.\n{footer}"),
            format!("A new bus line will connect the hospital and the train station.\nService starts in June.\n{footer}"),
            "The school board voted to extend the school day by thirty minutes.\nParents were divided on the change.".to_string(),
        ];
        let ids: Vec<DocId> = (0..bodies.len()).map(|i| DocId(format!("d{i}"))).collect();
        let id_refs: Vec<&DocId> = ids.iter().collect();
        let mut docs: Vec<Vec<Block>> = bodies.iter().map(|b| split_blocks(b)).collect();
        drop_repeated(&id_refs, &mut docs);
        for doc in &docs {
            assert!(doc.iter().all(|b| !b.text.contains("All rights reserved")));
        }
        assert_eq!(docs[1].len(), 2, "paragraphs shared with a duplicate stay");
        assert_eq!(docs[3].len(), 2);
    }
}
