//! Duplicate detection on a labelled set (see [`crate::dedup_set`]):
//! pairwise precision/recall/F1 and adjusted Rand index over the groups,
//! recall per kind of copy (is the copy grouped with its original?) and the
//! false-merge rate of hard negatives.

use crate::clustering::{adjusted_rand, pairwise, Prf};
use crate::dedup_set::LabelledDoc;
use crate::EvalError;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use storyline::read::Input;
use storyline::{Pipeline, PipelineConfig};

/// Scores of one run.
#[derive(Debug, Clone, Serialize)]
pub struct DedupScores {
    /// Documents in the set.
    pub documents: usize,
    /// Pairwise precision, recall, F1 over "same article" pairs.
    pub pairwise: Prf,
    /// Adjusted Rand index.
    pub adjusted_rand: f64,
    /// Per kind of copy: (copies, share grouped with their original).
    pub recall_by_kind: BTreeMap<String, (usize, f64)>,
    /// Per kind of hard negative: (documents, share wrongly grouped with another article).
    pub false_merges_by_kind: BTreeMap<String, (usize, f64)>,
    /// Seconds for the pipeline run (read, extract, fingerprint, group).
    pub seconds: f64,
}

/// Runs the pipeline's duplicate detection on a labelled JSONL set.
pub fn evaluate(path: &Path, config: PipelineConfig) -> Result<DedupScores, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let docs: Vec<LabelledDoc> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).map_err(|e| EvalError::Format {
                path: path.display().to_string(),
                line: n + 1,
                reason: e.to_string(),
            })
        })
        .collect::<Result<_, _>>()?;
    let pipeline = Pipeline::new(config)?;
    let started = std::time::Instant::now();
    let report = pipeline.dedup(&[Input::Path(path.to_path_buf())])?;
    let seconds = started.elapsed().as_secs_f64();

    let mut group_of: HashMap<&str, &str> = HashMap::new();
    for group in &report.duplicate_groups {
        for member in &group.members {
            group_of.insert(member.0.as_str(), group.canonical.0.as_str());
        }
    }
    let predicted = |id: &str| group_of.get(id).copied().unwrap_or(id).to_string();
    let mut gold_ids: HashMap<&str, usize> = HashMap::new();
    let mut pred_ids: HashMap<String, usize> = HashMap::new();
    let (mut gold, mut pred) = (Vec::new(), Vec::new());
    for doc in &docs {
        let next = gold_ids.len();
        gold.push(*gold_ids.entry(doc.cluster.as_str()).or_insert(next));
        let next = pred_ids.len();
        pred.push(*pred_ids.entry(predicted(&doc.id)).or_insert(next));
    }
    let original: HashMap<&str, &str> = docs
        .iter()
        .filter(|d| d.kind == "original")
        .map(|d| (d.cluster.as_str(), d.id.as_str()))
        .collect();
    let clusters_in_group: HashMap<String, std::collections::HashSet<&str>> =
        docs.iter().fold(HashMap::new(), |mut acc, d| {
            acc.entry(predicted(&d.id)).or_default().insert(d.cluster.as_str());
            acc
        });
    let mut recall: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut merges: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for doc in &docs {
        match doc.kind.as_str() {
            "original" => {}
            "template-negative" | "same-event" => {
                let entry = merges.entry(doc.kind.clone()).or_default();
                entry.0 += 1;
                entry.1 += usize::from(clusters_in_group[&predicted(&doc.id)].len() > 1);
            }
            kind => {
                let entry = recall.entry(kind.to_string()).or_default();
                entry.0 += 1;
                let found = original
                    .get(doc.cluster.as_str())
                    .is_some_and(|o| predicted(o) == predicted(&doc.id));
                entry.1 += usize::from(found);
            }
        }
    }
    let share = |(n, k): (usize, usize)| (n, if n == 0 { 0.0 } else { k as f64 / n as f64 });
    Ok(DedupScores {
        documents: docs.len(),
        pairwise: pairwise(&gold, &pred),
        adjusted_rand: adjusted_rand(&gold, &pred),
        recall_by_kind: recall.into_iter().map(|(k, v)| (k, share(v))).collect(),
        false_merges_by_kind: merges.into_iter().map(|(k, v)| (k, share(v))).collect(),
        seconds,
    })
}
