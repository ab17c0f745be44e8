//! Clustering metrics over two labelings of the same items.
//!
//! * BCubed (Bagga & Baldwin 1998; Amigó et al. 2009): per item, precision is
//!   the share of its predicted cluster that shares its gold label, recall the
//!   share of its gold cluster that shares its predicted cluster; both are
//!   averaged over items, F1 is their harmonic mean.
//! * Pairwise: precision/recall/F1 over the item pairs placed together.
//! * Adjusted Rand index (Hubert & Arabie 1985).

use serde::Serialize;
use std::collections::HashMap;

/// Precision, recall and their harmonic mean.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    /// Builds from precision and recall.
    pub fn new(precision: f64, recall: f64) -> Self {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf { precision, recall, f1 }
    }
}

/// Item counts per (gold, predicted) label pair, per gold label and per
/// predicted label.
struct Contingency {
    joint: HashMap<(usize, usize), u64>,
    gold: HashMap<usize, u64>,
    pred: HashMap<usize, u64>,
}

fn contingency(gold: &[usize], pred: &[usize]) -> Contingency {
    let mut c = Contingency {
        joint: HashMap::new(),
        gold: HashMap::new(),
        pred: HashMap::new(),
    };
    for (&a, &b) in gold.iter().zip(pred) {
        *c.joint.entry((a, b)).or_insert(0) += 1;
        *c.gold.entry(a).or_insert(0) += 1;
        *c.pred.entry(b).or_insert(0) += 1;
    }
    c
}

/// BCubed precision, recall and F1.
pub fn bcubed(gold: &[usize], pred: &[usize]) -> Prf {
    assert_eq!(gold.len(), pred.len(), "labelings of different lengths");
    if gold.is_empty() {
        return Prf::new(0.0, 0.0);
    }
    let Contingency {
        joint,
        gold: g,
        pred: p,
    } = contingency(gold, pred);
    let (mut precision, mut recall) = (0.0, 0.0);
    for (&a, &b) in gold.iter().zip(pred) {
        let both = joint[&(a, b)] as f64;
        precision += both / p[&b] as f64;
        recall += both / g[&a] as f64;
    }
    let n = gold.len() as f64;
    Prf::new(precision / n, recall / n)
}

fn pairs(n: u64) -> f64 {
    (n * n.saturating_sub(1)) as f64 / 2.0
}

/// Pairwise precision, recall and F1.
pub fn pairwise(gold: &[usize], pred: &[usize]) -> Prf {
    let Contingency {
        joint,
        gold: g,
        pred: p,
    } = contingency(gold, pred);
    let together: f64 = joint.values().map(|&n| pairs(n)).sum();
    let pred_pairs: f64 = p.values().map(|&n| pairs(n)).sum();
    let gold_pairs: f64 = g.values().map(|&n| pairs(n)).sum();
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 1.0 };
    Prf::new(ratio(together, pred_pairs), ratio(together, gold_pairs))
}

/// Adjusted Rand index.
pub fn adjusted_rand(gold: &[usize], pred: &[usize]) -> f64 {
    let Contingency {
        joint,
        gold: g,
        pred: p,
    } = contingency(gold, pred);
    let index: f64 = joint.values().map(|&n| pairs(n)).sum();
    let a: f64 = g.values().map(|&n| pairs(n)).sum();
    let b: f64 = p.values().map(|&n| pairs(n)).sum();
    let total = pairs(gold.len() as u64);
    if total == 0.0 {
        return 1.0;
    }
    let expected = a * b / total;
    let max = (a + b) / 2.0;
    if (max - expected).abs() < f64::EPSILON {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_degenerate_clusterings() {
        let gold = [0, 0, 1, 1];
        assert_eq!(bcubed(&gold, &[5, 5, 7, 7]).f1, 1.0);
        assert_eq!(pairwise(&gold, &[5, 5, 7, 7]).f1, 1.0);
        assert!((adjusted_rand(&gold, &[5, 5, 7, 7]) - 1.0).abs() < 1e-12);
        let one = bcubed(&gold, &[0, 0, 0, 0]);
        assert_eq!(one.recall, 1.0);
        assert_eq!(one.precision, 0.5);
    }

    #[test]
    fn known_values() {
        // gold {a,b,c} {d,e}; pred {a,b} {c,d,e}
        let gold = [0, 0, 0, 1, 1];
        let pred = [0, 0, 1, 1, 1];
        let b = bcubed(&gold, &pred);
        // precision: a,b: 1; c: 1/3; d,e: 2/3 → (2 + 1/3 + 4/3) / 5
        assert!((b.precision - (2.0 + 1.0 / 3.0 + 4.0 / 3.0) / 5.0).abs() < 1e-12);
        // recall: a,b: 2/3; c: 1/3; d,e: 1 → (4/3 + 1/3 + 2) / 5
        assert!((b.recall - (4.0 / 3.0 + 1.0 / 3.0 + 2.0) / 5.0).abs() < 1e-12);
        let p = pairwise(&gold, &pred);
        assert!((p.precision - 2.0 / 4.0).abs() < 1e-12);
        assert!((p.recall - 2.0 / 4.0).abs() < 1e-12);
        // Σ C(n_ij,2) = 2, Σ C(a,2) = 4, Σ C(b,2) = 4, C(5,2) = 10:
        // (2 - 1.6) / (4 - 1.6) = 1/6.
        assert!((adjusted_rand(&gold, &pred) - 1.0 / 6.0).abs() < 1e-9);
    }
}
