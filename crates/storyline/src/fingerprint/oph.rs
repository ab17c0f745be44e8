//! One-permutation hashing with optimal densification (Li, Owen and Zhang
//! 2012; Shrivastava 2017): the signature's minima in one pass over the
//! shingles.
//!
//! Each shingle is hashed once with the seed; the top 32 bits of that hash
//! pick one of `bins` bins, the low 32 bits are its value, and each bin
//! keeps its smallest value. A bin that no shingle fell into borrows the
//! value of a filled bin, chosen by a probe sequence that depends only on
//! the seed, the empty bin and the attempt: two texts agree on a bin with
//! probability equal to the Jaccard similarity of their shingle sets, as
//! with `bins` independent permutations, at one hash per shingle instead
//! of `bins`.

use super::mix;

/// Which of `bins` bins the top 32 bits of a hash fall into.
fn bin_of(hash: u64, bins: usize) -> usize {
    (((hash >> 32) * bins as u64) >> 32) as usize
}

/// Seed offset of the probe sequence, so that it never repeats the hashes
/// that placed the shingles.
const PROBE: u64 = 0x6a09_e667_f3bc_c908;

/// The signature of a list of shingle hashes (repeats allowed): `bins`
/// minima, all `u32::MAX` when there are no shingles.
pub(super) fn minima(shingles: &[u64], bins: usize, seed: u64) -> Vec<u32> {
    let mut mins = vec![u32::MAX; bins];
    if bins == 0 || shingles.is_empty() {
        return mins;
    }
    let mut filled = vec![false; bins];
    for &shingle in shingles {
        let hash = mix(shingle ^ seed);
        let bin = bin_of(hash, bins);
        mins[bin] = mins[bin].min(hash as u32);
        filled[bin] = true;
    }
    let first_filled = filled.iter().position(|&f| f).unwrap_or(0);
    for empty in 0..bins {
        if filled[empty] {
            continue;
        }
        // A probe lands on a filled bin with probability at least 1/bins;
        // after 64·bins misses (odds below e^-64) the first filled bin is
        // taken, so the loop is bounded whatever the hashes.
        let from = (1..=64 * bins as u64)
            .map(|attempt| bin_of(mix(seed ^ PROBE ^ ((empty as u64) << 32 | attempt)), bins))
            .find(|&bin| filled[bin])
            .unwrap_or(first_filled);
        mins[empty] = mins[from];
    }
    mins
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition with nothing folded together: each bin's minimum over
    /// the shingles hashed into it, then each empty bin's first filled probe.
    fn by_definition(shingles: &[u64], bins: usize, seed: u64) -> Vec<u32> {
        let hashes: Vec<u64> = shingles.iter().map(|&s| mix(s ^ seed)).collect();
        let own: Vec<Option<u32>> = (0..bins)
            .map(|bin| {
                hashes
                    .iter()
                    .filter(|&&h| bin_of(h, bins) == bin)
                    .map(|&h| h as u32)
                    .min()
            })
            .collect();
        if own.iter().all(Option::is_none) {
            return vec![u32::MAX; bins];
        }
        (0..bins)
            .map(|bin| {
                own[bin].unwrap_or_else(|| {
                    (1u64..)
                        .find_map(|attempt| own[bin_of(mix(seed ^ PROBE ^ ((bin as u64) << 32 | attempt)), bins)])
                        .unwrap()
                })
            })
            .collect()
    }

    #[test]
    fn minima_follow_the_definition() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for (bins, count) in [(128, 500), (128, 3), (13, 7), (8, 0), (3, 1), (1, 9)] {
            let shingles: Vec<u64> = (0..count).map(|_| next()).collect();
            assert_eq!(minima(&shingles, bins, 7), by_definition(&shingles, bins, 7));
        }
    }

    #[test]
    fn repeats_and_order_do_not_matter() {
        let shingles: Vec<u64> = (0..300u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15)).collect();
        let mut shuffled: Vec<u64> = shingles.iter().rev().copied().collect();
        shuffled.extend_from_slice(&shingles[..50]);
        assert_eq!(minima(&shingles, 128, 1), minima(&shuffled, 128, 1));
    }

    #[test]
    fn agreement_estimates_jaccard() {
        // Sets of 1,000 with 600 in common: Jaccard 600 / 1,400 ≈ 0.43.
        let a: Vec<u64> = (0..1000).collect();
        let b: Vec<u64> = (400..1400).collect();
        let trials = 20;
        let mean = (0..trials)
            .map(|seed| {
                let (x, y) = (minima(&a, 128, seed), minima(&b, 128, seed));
                x.iter().zip(&y).filter(|(p, q)| p == q).count() as f64 / 128.0
            })
            .sum::<f64>()
            / trials as f64;
        assert!((mean - 600.0 / 1400.0).abs() < 0.03, "mean agreement {mean}");
        // Sparse sets leave most bins empty; densified, agreement still
        // tracks Jaccard (here 10 / 30).
        let small_a: Vec<u64> = (0..20).collect();
        let small_b: Vec<u64> = (10..30).collect();
        let mean = (0..200)
            .map(|seed| {
                let (x, y) = (minima(&small_a, 128, seed), minima(&small_b, 128, seed));
                x.iter().zip(&y).filter(|(p, q)| p == q).count() as f64 / 128.0
            })
            .sum::<f64>()
            / 200.0;
        assert!((mean - 1.0 / 3.0).abs() < 0.05, "mean agreement {mean}");
    }
}
