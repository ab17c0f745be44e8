//! Candidate pairs by MinHash banding (locality-sensitive hashing): split each
//! signature into `bands` bands of `rows` minima; documents agreeing on a
//! whole band share a bucket. With the defaults (42 × 3) a pair with Jaccard
//! 0.5 becomes a candidate with probability 0.996, one with 0.1 with 0.04, so
//! work grows with the number of similar pairs, not the square of the corpus.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Buckets larger than this are treated as a template signal, not a group:
/// each member is paired only with its neighbours in id order.
const MAX_BUCKET_PAIRS: usize = 64;

/// Candidate pairs `(i, j)` with `i < j` among `signatures`, sorted.
pub fn candidate_pairs(signatures: &[&[u32]], bands: usize, rows: usize) -> Vec<(usize, usize)> {
    let mut pairs: HashSet<(usize, usize)> = HashSet::default();
    for band in 0..bands {
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::default();
        for (doc, mins) in signatures.iter().enumerate() {
            if let Some(bucket) = bucket_key(mins, band, rows) {
                buckets.entry(bucket).or_default().push(doc);
            }
        }
        for members in buckets.values().filter(|m| m.len() > 1) {
            if members.len() <= MAX_BUCKET_PAIRS {
                for (x, &i) in members.iter().enumerate() {
                    for &j in &members[x + 1..] {
                        pairs.insert((i.min(j), i.max(j)));
                    }
                }
            } else {
                for window in members.windows(2) {
                    pairs.insert((window[0].min(window[1]), window[0].max(window[1])));
                }
            }
        }
    }
    let mut sorted: Vec<(usize, usize)> = pairs.into_iter().collect();
    sorted.sort_unstable();
    sorted
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
    let bytes: Vec<u8> = slice.iter().flat_map(|m| m.to_le_bytes()).collect();
    Some(xxh3_64_with_seed(&bytes, band as u64))
}
