//! Story clustering on a labelled JSONL set: each line has an `id`, a
//! `text` and an `event_cluster` label (ECB+, NewsWCL50). The whole pipeline
//! runs on the file (extraction, duplicates, stories) with the given
//! configuration, and every labelled document's story is compared with its
//! label.

use crate::clustering::{adjusted_rand, bcubed, pairwise, Prf};
use crate::EvalError;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use storyline::read::Input;
use storyline::{Pipeline, PipelineConfig};

/// Scores of one run.
#[derive(Debug, Clone, Serialize)]
pub struct StoryScores {
    /// The data set.
    pub data: String,
    /// Labelled documents scored.
    pub documents: usize,
    /// Gold stories.
    pub gold_stories: usize,
    /// Predicted stories.
    pub predicted_stories: usize,
    /// BCubed precision/recall/F1.
    pub bcubed: Prf,
    /// Pairwise precision/recall/F1.
    pub pairwise: Prf,
    /// Adjusted Rand index.
    pub adjusted_rand: f64,
    /// Wall-clock seconds of the pipeline run.
    pub seconds: f64,
}

/// Reads `id → label` from a labelled JSONL file.
pub fn read_labels(path: &Path) -> Result<Vec<(String, String)>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let mut labels = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = |reason: &str| EvalError::Format {
            path: path.display().to_string(),
            line: n + 1,
            reason: reason.to_string(),
        };
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| bad(&e.to_string()))?;
        let id = match &value["id"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(x) => x.to_string(),
            _ => return Err(bad("no `id`")),
        };
        let label = match &value["event_cluster"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(x) => x.to_string(),
            _ => return Err(bad("no `event_cluster` label")),
        };
        labels.push((id, label));
    }
    Ok(labels)
}

/// Runs the pipeline on `path` and scores its stories against the labels.
pub fn evaluate(path: &Path, config: PipelineConfig) -> Result<StoryScores, EvalError> {
    let labels = read_labels(path)?;
    let pipeline = Pipeline::new(config)?;
    let started = std::time::Instant::now();
    let report = pipeline.run(&[Input::Path(path.to_path_buf())]);
    let seconds = started.elapsed().as_secs_f64();
    let mut story_of: HashMap<&str, usize> = HashMap::new();
    for (n, story) in report.stories.iter().enumerate() {
        for doc in &story.documents {
            story_of.insert(doc.0.as_str(), n);
        }
    }
    let mut label_ids: HashMap<&str, usize> = HashMap::new();
    let (mut gold, mut pred) = (Vec::new(), Vec::new());
    let mut unplaced = report.stories.len();
    for (id, label) in &labels {
        let next = label_ids.len();
        gold.push(*label_ids.entry(label.as_str()).or_insert(next));
        // A document the pipeline skipped counts as a story of its own.
        pred.push(story_of.get(id.as_str()).copied().unwrap_or_else(|| {
            unplaced += 1;
            unplaced
        }));
    }
    let predicted_stories = pred.iter().collect::<std::collections::HashSet<_>>().len();
    Ok(StoryScores {
        data: path.display().to_string(),
        documents: labels.len(),
        gold_stories: label_ids.len(),
        predicted_stories,
        bcubed: bcubed(&gold, &pred),
        pairwise: pairwise(&gold, &pred),
        adjusted_rand: adjusted_rand(&gold, &pred),
        seconds,
    })
}
