//! Exact similarity of two shingle sets: the check every candidate pair
//! passes before it may link two documents.

/// Similarity of two documents' shingle sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// |A ∩ B| / |A ∪ B|.
    pub jaccard: f64,
    /// |A ∩ B| / |A|: how much of A is found in B.
    pub a_in_b: f64,
    /// |A ∩ B| / |B|: how much of B is found in A.
    pub b_in_a: f64,
    /// Size of the smaller set.
    pub smaller: usize,
}

impl Similarity {
    /// Containment of the shorter copy in the longer one.
    pub fn containment(&self) -> f64 {
        self.a_in_b.max(self.b_in_a)
    }
}

/// Computes [`Similarity`] of two sorted, distinct hash lists in linear time.
pub fn similarity(a: &[u64], b: &[u64]) -> Similarity {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        // Hashes are random, so which list steps is unpredictable: both
        // steps are computed rather than branched on.
        let (x, y) = (a[i], b[j]);
        shared += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    let union = a.len() + b.len() - shared;
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    Similarity {
        jaccard: ratio(shared, union),
        a_in_b: ratio(shared, a.len()),
        b_in_a: ratio(shared, b.len()),
        smaller: a.len().min(b.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_copy_is_contained() {
        let long: Vec<u64> = (0..100).collect();
        let short: Vec<u64> = (0..40).collect();
        let s = similarity(&short, &long);
        assert!((s.jaccard - 0.4).abs() < 1e-9);
        assert!((s.a_in_b - 1.0).abs() < 1e-9);
        assert!((s.containment() - 1.0).abs() < 1e-9);
        assert_eq!(s.smaller, 40);
    }

    #[test]
    fn shared_hashes_are_counted_once() {
        let a = [1, 3, 5, 7, 9, 11];
        let b = [2, 3, 4, 9, 10, 11, 12];
        let s = similarity(&a, &b);
        assert!((s.jaccard - 3.0 / 10.0).abs() < 1e-9);
        assert!((s.a_in_b - 3.0 / 6.0).abs() < 1e-9);
        assert!((s.b_in_a - 3.0 / 7.0).abs() < 1e-9);
        assert_eq!(similarity(&[], &b).jaccard, 0.0);
    }
}
