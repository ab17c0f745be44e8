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
    let mut story_of: HashMap<String, String> = HashMap::new();
    for story in &report.stories {
        for doc in &story.documents {
            story_of.insert(doc.0.clone(), story.id.clone());
        }
    }
    Ok(score(path, &labels, &story_of, seconds))
}

/// Ingests `path` into a new index `batch_size` documents at a time and
/// scores the index's stories: how far incremental stories stay from the
/// labels (and from one run, [`evaluate`]).
pub fn evaluate_index(path: &Path, config: PipelineConfig, batch_size: usize) -> Result<StoryScores, EvalError> {
    let labels = read_labels(path)?;
    let db = std::env::temp_dir().join(format!("storyline-eval-{}-{batch_size}.db", std::process::id()));
    let remove = |db: &Path| {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    };
    remove(&db);
    let index_error = |e: storyline_index::Error| EvalError::Format {
        path: path.display().to_string(),
        line: 0,
        reason: e.to_string(),
    };
    let started = std::time::Instant::now();
    let ingest = storyline_index::IngestConfig {
        batch_size,
        ..storyline_index::IngestConfig::default()
    };
    let result = (|| {
        let mut index = storyline_index::Index::open_with(&db, config, ingest).map_err(index_error)?;
        index.ingest(&[Input::Path(path.to_path_buf())]).map_err(index_error)?;
        let seconds = started.elapsed().as_secs_f64();
        let mut story_of: HashMap<String, String> = HashMap::new();
        for (id, _) in &labels {
            if let Some(story) = index.document(id).map_err(index_error)?.and_then(|d| d.story) {
                story_of.insert(id.clone(), story);
            }
        }
        Ok(score(path, &labels, &story_of, seconds))
    })();
    remove(&db);
    result
}

/// Scores a document → story assignment against `id → label`.
fn score(path: &Path, labels: &[(String, String)], story_of: &HashMap<String, String>, seconds: f64) -> StoryScores {
    let mut label_ids: HashMap<&str, usize> = HashMap::new();
    let mut story_ids: HashMap<&str, usize> = HashMap::new();
    let (mut gold, mut pred) = (Vec::new(), Vec::new());
    let mut unplaced = 0;
    for (id, label) in labels {
        let next = label_ids.len();
        gold.push(*label_ids.entry(label.as_str()).or_insert(next));
        // A document the pipeline skipped counts as a story of its own.
        pred.push(match story_of.get(id) {
            Some(story) => {
                let next = story_ids.len();
                *story_ids.entry(story.as_str()).or_insert(next)
            }
            None => {
                unplaced += 1;
                usize::MAX - unplaced
            }
        });
    }
    let predicted_stories = pred.iter().collect::<std::collections::HashSet<_>>().len();
    StoryScores {
        data: path.display().to_string(),
        documents: labels.len(),
        gold_stories: label_ids.len(),
        predicted_stories,
        bcubed: bcubed(&gold, &pred),
        pairwise: pairwise(&gold, &pred),
        adjusted_rand: adjusted_rand(&gold, &pred),
        seconds,
    }
}
