//! Candidate pairs by MinHash banding (locality-sensitive hashing): split each
//! signature into `bands` bands of `rows` minima; documents agreeing on a
//! whole band share a bucket. With the defaults (64 × 2) a pair with Jaccard
//! 0.5 becomes a candidate with probability 1 − 0.75⁶⁴ (all but certain), one
//! with 0.2 with 0.93 and one with 0.1 with 0.47; every candidate is then
//! verified on its exact shingle sets. Work grows with the number of similar
//! pairs, not the square of the corpus.

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Buckets larger than this are treated as a template signal, not a group:
/// each member is paired only with its neighbours in id order.
const MAX_BUCKET_PAIRS: usize = 64;

/// Candidate pairs `(i, j)` with `i < j` among `signatures`, sorted. Bands
/// are bucketed in parallel, each by sorting `(key, document)` rather than
/// growing a map of lists.
pub fn candidate_pairs(signatures: &[&[u32]], bands: usize, rows: usize) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = (0..bands)
        .into_par_iter()
        .flat_map_iter(|band| band_pairs(signatures, band, rows))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The pairs that share a bucket in one band.
fn band_pairs(signatures: &[&[u32]], band: usize, rows: usize) -> Vec<(usize, usize)> {
    let mut keyed: Vec<(u64, usize)> = signatures
        .iter()
        .enumerate()
        .filter_map(|(doc, mins)| bucket_key(mins, band, rows).map(|key| (key, doc)))
        .collect();
    keyed.sort_unstable();
    let mut pairs = Vec::new();
    for bucket in keyed.chunk_by(|x, y| x.0 == y.0).filter(|b| b.len() > 1) {
        if bucket.len() <= MAX_BUCKET_PAIRS {
            for (x, &(_, i)) in bucket.iter().enumerate() {
                pairs.extend(bucket[x + 1..].iter().map(|&(_, j)| (i, j)));
            }
        } else {
            pairs.extend(bucket.windows(2).map(|w| (w[0].1, w[1].1)));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The bucket key of each whole band of a signature: the band's minima
/// hashed with the band number as seed, so equal minima in two different
/// bands fall in different buckets.
pub fn bucket_keys(mins: &[u32], bands: usize, rows: usize) -> impl Iterator<Item = u64> + '_ {
    (0..bands).map_while(move |band| bucket_key(mins, band, rows))
}

/// The bucket key of one band, `None` when the signature is too short.
fn bucket_key(mins: &[u32], band: usize, rows: usize) -> Option<u64> {
    let slice = mins.get(band * rows..(band + 1) * rows)?;
    let mut bytes = [0u8; 64];
    if slice.len() * 4 > bytes.len() {
        let long: Vec<u8> = slice.iter().flat_map(|m| m.to_le_bytes()).collect();
        return Some(xxh3_64_with_seed(&long, band as u64));
    }
    for (at, m) in slice.iter().enumerate() {
        bytes[4 * at..4 * at + 4].copy_from_slice(&m.to_le_bytes());
    }
    Some(xxh3_64_with_seed(&bytes[..4 * slice.len()], band as u64))
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
