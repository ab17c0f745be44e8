//! Candidate pairs by MinHash banding (locality-sensitive hashing): split each
//! signature into `bands` bands of `rows` minima; documents agreeing on a
//! whole band share a bucket. With the defaults (64 × 2) a pair with Jaccard
//! 0.5 becomes a candidate with probability 1 − 0.75⁶⁴ (all but certain), one
//! with 0.2 with 0.93 and one with 0.1 with 0.47; every candidate is then
//! verified on its exact shingle sets. Work grows with the number of similar
//! pairs, not the square of the corpus.

use rayon::prelude::*;

/// Buckets larger than this are treated as a template signal, not a group:
/// each member is paired only with its neighbours in id order.
const MAX_BUCKET_PAIRS: usize = 64;

/// Bands keyed in one pass over the signatures: a signature is read once
/// for all of them instead of once per band (8 bands of 2 minima are one
/// cache line of it).
const BANDS_PER_PASS: usize = 8;

/// Documents keyed together in one parallel task.
const DOCS_PER_TASK: usize = 4096;

/// Candidate pairs `(i, j)` with `i < j` among `signatures`, sorted. Each
/// band is bucketed by sorting plain integers: a document's position in the
/// low bits, the top bits of its bucket key above. Two keys that agree on
/// those top bits share a bucket; the few extra candidates that makes
/// (about n² / 2^(64 − log₂ n) a band) are verified like any other, so the
/// groups do not change.
pub fn candidate_pairs(signatures: &[&[u32]], bands: usize, rows: usize) -> Vec<(usize, usize)> {
    let doc_bits = 64 - (signatures.len().max(2) - 1).leading_zeros();
    let doc_mask = (1u64 << doc_bits) - 1;
    let mut pairs: Vec<u64> = Vec::new();
    for first in (0..bands).step_by(BANDS_PER_PASS) {
        let keyed = band_keys(signatures, first..(first + BANDS_PER_PASS).min(bands), rows, doc_mask);
        pairs.par_extend(keyed.into_par_iter().flat_map_iter(|band| bucket_pairs(band, doc_mask)));
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
        .into_iter()
        .map(|pair| ((pair >> 32) as usize, (pair & u64::from(u32::MAX)) as usize))
        .collect()
}

/// For each band of `bands`, every document's packed bucket key (documents
/// whose signature is too short for the band left out), in document order.
fn band_keys(signatures: &[&[u32]], bands: std::ops::Range<usize>, rows: usize, doc_mask: u64) -> Vec<Vec<u64>> {
    let tasks: Vec<Vec<Vec<u64>>> = signatures
        .par_chunks(DOCS_PER_TASK)
        .enumerate()
        .map(|(task, chunk)| {
            let mut keyed = vec![Vec::with_capacity(chunk.len()); bands.len()];
            for (at, mins) in chunk.iter().enumerate() {
                let doc = (task * DOCS_PER_TASK + at) as u64;
                for (slot, band) in bands.clone().enumerate() {
                    if let Some(key) = bucket_key(mins, band, rows) {
                        keyed[slot].push((key & !doc_mask) | doc);
                    }
                }
            }
            keyed
        })
        .collect();
    (0..bands.len())
        .map(|slot| tasks.iter().flat_map(|task| task[slot].iter().copied()).collect())
        .collect()
}

/// The pairs that share a bucket in one band's packed keys, each as
/// `i << 32 | j`.
fn bucket_pairs(mut keyed: Vec<u64>, doc_mask: u64) -> Vec<u64> {
    keyed.sort_unstable();
    let pair = |i: u64, j: u64| (i & doc_mask) << 32 | (j & doc_mask);
    let mut pairs = Vec::new();
    for bucket in keyed.chunk_by(|x, y| (x ^ y) & !doc_mask == 0).filter(|b| b.len() > 1) {
        if bucket.len() <= MAX_BUCKET_PAIRS {
            for (x, &i) in bucket.iter().enumerate() {
                pairs.extend(bucket[x + 1..].iter().map(|&j| pair(i, j)));
            }
        } else {
            pairs.extend(bucket.windows(2).map(|w| pair(w[0], w[1])));
        }
    }
    pairs
}

/// The bucket key of each whole band of a signature: two documents whose
/// minima agree on a whole band share its key, and equal minima in two
/// different bands give different keys.
pub fn bucket_keys(mins: &[u32], bands: usize, rows: usize) -> impl Iterator<Item = u64> + '_ {
    (0..bands).map_while(move |band| bucket_key(mins, band, rows))
}

/// The bucket key of one band, `None` when the signature is too short: the
/// band's minima folded into a hash seeded by the band number.
fn bucket_key(mins: &[u32], band: usize, rows: usize) -> Option<u64> {
    let slice = mins.get(band * rows..(band + 1) * rows)?;
    let seeded = (band as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    Some(
        slice
            .iter()
            .fold(seeded, |key, &m| crate::fingerprint::mix(key ^ u64::from(m))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_the_documents_that_agree_on_a_whole_band() {
        let (bands, rows) = (4, 2);
        let signatures: Vec<Vec<u32>> = vec![
            vec![1, 2, 3, 4, 5, 6, 7, 8],
            vec![1, 2, 0, 0, 0, 0, 0, 0],
            vec![9, 9, 9, 9, 9, 9, 7, 8],
            vec![1, 9, 3, 9, 5, 9, 7, 9],
            vec![1, 2, 3, 4, 5, 6, 7, 8],
            vec![1, 2, 3],
        ];
        let refs: Vec<&[u32]> = signatures.iter().map(Vec::as_slice).collect();
        let mut expected = Vec::new();
        for i in 0..refs.len() {
            for j in i + 1..refs.len() {
                let agree = (0..bands).any(|band| {
                    let range = band * rows..(band + 1) * rows;
                    matches!((refs[i].get(range.clone()), refs[j].get(range)), (Some(x), Some(y)) if x == y)
                });
                if agree {
                    expected.push((i, j));
                }
            }
        }
        assert_eq!(candidate_pairs(&refs, bands, rows), expected);
        assert_eq!(
            expected,
            [(0, 1), (0, 2), (0, 4), (0, 5), (1, 4), (1, 5), (2, 4), (4, 5)]
        );
    }

    #[test]
    fn crowded_buckets_pair_neighbours_only() {
        let signatures: Vec<Vec<u32>> = (0..MAX_BUCKET_PAIRS + 6).map(|_| vec![7, 7]).collect();
        let refs: Vec<&[u32]> = signatures.iter().map(Vec::as_slice).collect();
        let pairs = candidate_pairs(&refs, 1, 2);
        assert_eq!(pairs, (1..refs.len()).map(|j| (j - 1, j)).collect::<Vec<_>>());
    }
}
