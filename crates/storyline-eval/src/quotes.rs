//! Quote extraction against a hand-annotated set (see
//! `data/quotes/GUIDELINE.md`): span F1 with the half-overlap rule and
//! speaker accuracy on matched quotes.

use crate::clustering::Prf;
use crate::EvalError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use storyline::extract::Extractor;
use storyline::model::{DocId, Format, Hints, RawDoc};
use storyline::quotes::extract_quotes;

#[derive(Deserialize)]
struct GoldFile {
    data: String,
    documents: Vec<String>,
    quotes: Vec<GoldQuote>,
}

#[derive(Deserialize, Clone)]
struct GoldQuote {
    doc: String,
    start: usize,
    end: usize,
    speaker: Option<String>,
}

/// Scores of one run.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteScores {
    /// Documents annotated.
    pub documents: usize,
    /// Gold quotes.
    pub gold: usize,
    /// Predicted quotes.
    pub predicted: usize,
    /// Span precision, recall, F1.
    pub spans: Prf,
    /// Share of matched quotes whose speaker agrees.
    pub speaker_accuracy: f64,
    /// Matched quotes whose speaker disagrees: (document, gold, predicted).
    pub speaker_errors: Vec<(String, Option<String>, Option<String>)>,
    /// Predictions matching no gold quote: (document, predicted text).
    pub unmatched_predictions: Vec<(String, String)>,
    /// Gold quotes no prediction matched: (document, start, end).
    pub missed: Vec<(String, usize, usize)>,
}

/// The project's own annotation (`data/quotes/ecbplus-gold.json`), compiled
/// in so that the evaluation runs from any folder.
pub const BUILT_IN_GOLD: &str = include_str!("../data/quotes/ecbplus-gold.json");

/// Runs extraction and quote attribution on the annotated documents; the
/// annotation is read from `gold_path`, or is the built-in one.
pub fn evaluate(gold_path: Option<&Path>, data_dir: &Path) -> Result<QuoteScores, EvalError> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| EvalError::Io {
            path: path.display().to_string(),
            source,
        })
    };
    let (gold_text, gold_name) = match gold_path {
        Some(path) => (read(path)?, path.display().to_string()),
        None => (BUILT_IN_GOLD.to_string(), "the built-in annotation".to_string()),
    };
    let gold: GoldFile = serde_json::from_str(&gold_text).map_err(|e| EvalError::Format {
        path: gold_name,
        line: e.line(),
        reason: e.to_string(),
    })?;
    let data_path = data_dir.join(&gold.data);
    let mut texts: HashMap<String, String> = HashMap::new();
    for line in read(&data_path)?.lines().filter(|l| !l.trim().is_empty()) {
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| EvalError::Format {
            path: data_path.display().to_string(),
            line: 0,
            reason: e.to_string(),
        })?;
        if let (Some(id), Some(text)) = (value["id"].as_str(), value["text"].as_str()) {
            if gold.documents.iter().any(|d| d == id) {
                texts.insert(id.to_string(), text.to_string());
            }
        }
    }
    let extractor = Extractor::default();
    let mut predicted: Vec<(String, usize, usize, Option<String>)> = Vec::new();
    let mut predicted_texts: Vec<String> = Vec::new();
    for doc in &gold.documents {
        let Some(text) = texts.get(doc) else {
            return Err(EvalError::Format {
                path: data_path.display().to_string(),
                line: 0,
                reason: format!("annotated document {doc} is missing"),
            });
        };
        let raw = RawDoc {
            id: DocId(doc.clone()),
            format: Format::Text,
            body: text.clone(),
            hints: Hints::default(),
        };
        let Ok(article) = extractor.extract(&raw) else { continue };
        let mut from = 0;
        for quote in extract_quotes(&article) {
            if let Some((start, end)) = locate(text, &quote.text, from) {
                from = start;
                predicted.push((doc.clone(), start, end, quote.speaker));
                predicted_texts.push(quote.text);
            }
        }
    }
    let mut used = vec![false; predicted.len()];
    let (mut matched, mut speakers_right) = (0usize, 0usize);
    let mut speaker_errors = Vec::new();
    let mut missed = Vec::new();
    for g in &gold.quotes {
        let need = (g.end - g.start).div_ceil(2);
        let found = predicted
            .iter()
            .enumerate()
            .find(|(i, p)| !used[*i] && p.0 == g.doc && p.2.min(g.end).saturating_sub(p.1.max(g.start)) >= need);
        if let Some((i, p)) = found {
            used[i] = true;
            matched += 1;
            if same_speaker(g.speaker.as_deref(), p.3.as_deref()) {
                speakers_right += 1;
            } else {
                speaker_errors.push((g.doc.clone(), g.speaker.clone(), p.3.clone()));
            }
        } else {
            missed.push((g.doc.clone(), g.start, g.end));
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Ok(QuoteScores {
        documents: gold.documents.len(),
        gold: gold.quotes.len(),
        predicted: predicted.len(),
        spans: Prf::new(ratio(matched, predicted.len()), ratio(matched, gold.quotes.len())),
        speaker_accuracy: ratio(speakers_right, matched),
        speaker_errors,
        unmatched_predictions: predicted
            .iter()
            .zip(predicted_texts)
            .zip(&used)
            .filter(|(_, used)| !**used)
            .map(|((p, text), _)| (p.0.clone(), text))
            .collect(),
        missed,
    })
}

/// Character span of `needle` in `text` at or after char `from`, ignoring
/// differences in whitespace.
fn locate(text: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    let (squeezed, positions) = squeeze(text);
    let (needle, _) = squeeze(needle.trim());
    if needle.is_empty() {
        return None;
    }
    let start_at = positions.iter().position(|&p| p >= from).unwrap_or(0);
    let chars: Vec<char> = squeezed.chars().collect();
    let pattern: Vec<char> = needle.chars().collect();
    let found = (start_at..chars.len().saturating_sub(pattern.len() - 1))
        .find(|&i| chars[i..i + pattern.len()] == pattern[..])
        .or_else(|| {
            (0..chars.len().saturating_sub(pattern.len() - 1)).find(|&i| chars[i..i + pattern.len()] == pattern[..])
        })?;
    Some((positions[found], positions[found + pattern.len() - 1] + 1))
}

/// Text with whitespace runs reduced to one space, and for each kept
/// character its char index in the original.
fn squeeze(text: &str) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut positions = Vec::new();
    let mut last_space = true;
    for (i, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                positions.push(i);
            }
            last_space = true;
        } else {
            out.push(c);
            positions.push(i);
            last_space = false;
        }
    }
    (out, positions)
}

fn normalise(speaker: &str) -> Vec<String> {
    let words: Vec<String> = speaker
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let skip = usize::from(
        words
            .first()
            .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the" | "her" | "his" | "its" | "their")),
    );
    words[skip..].to_vec()
}

fn same_speaker(gold: Option<&str>, predicted: Option<&str>) -> bool {
    match (gold, predicted) {
        (None, None) => true,
        (Some(g), Some(p)) => {
            let (g, p) = (normalise(g), normalise(p));
            !g.is_empty() && !p.is_empty() && (g.ends_with(&p) || p.ends_with(&g))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_agree_up_to_determiners_and_surnames() {
        assert!(same_speaker(Some("Christopher Gunness"), Some("Gunness")));
        assert!(same_speaker(
            Some("a Surrey Police spokeswoman"),
            Some("Surrey Police spokeswoman")
        ));
        assert!(!same_speaker(Some("Tim Fanning"), Some("Luke Pigeon")));
        assert!(!same_speaker(None, Some("police")));
    }

    #[test]
    fn located_despite_whitespace() {
        let text = "He said `` we are\nready , '' today.";
        assert_eq!(locate(text, "we are ready ,", 0), Some((11, 25)));
    }
}
