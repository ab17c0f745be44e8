//! Article extraction on the labelled HTML sets, with each set's own metric:
//!
//! * AEB (and fundus-news, body): the Article Extraction Benchmark's
//!   shingle score — lower-cased `\w+` tokens, 4-gram shingle multisets,
//!   precision and recall per page, averaged over pages, F1 of the averages;
//! * WCXB: word-bag F1 per page (its `word_f1`), averaged over pages;
//! * titles: exact match up to whitespace (fundus-news, WCXB);
//! * dates: day accuracy where the gold has a date (WCXB).
//!
//! Pages are read with storyline's reader (gzip, charsets) and extracted
//! one by one, without the cross-document step, as a single page would be.

use crate::clustering::Prf;
use crate::EvalError;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use storyline::extract::Extractor;
use storyline::read::{Input, ReadItem, Reader};

/// Scores on one set.
#[derive(Debug, Clone, Serialize)]
pub struct ExtractScores {
    /// The set.
    pub set: String,
    /// Pages scored.
    pub pages: usize,
    /// Pages the extractor skipped (scored as empty output).
    pub skipped: usize,
    /// Body precision/recall/F1 by the set's metric.
    pub body: Prf,
    /// Share of exact titles, where the set has titles.
    pub title_exact: Option<f64>,
    /// Share of publication dates right to the day, over pages whose gold has one.
    pub date_day_accuracy: Option<f64>,
    /// Pages per second, extraction only, all cores.
    pub pages_per_second: f64,
    /// The score of every page, for finding where extraction goes wrong.
    #[serde(skip)]
    pub per_page: Vec<PageScore>,
}

/// How one page scored: what was extracted against the gold.
#[derive(Debug, Clone, Serialize)]
pub struct PageScore {
    /// The set.
    pub set: String,
    /// The page's file.
    pub page: String,
    /// Body precision by the set's metric.
    pub precision: f64,
    /// Body recall by the set's metric.
    pub recall: f64,
    /// Extracted title, where the set has a gold title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Gold title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold_title: Option<String>,
    /// Extracted publication day, where the set has a gold date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Gold publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold_date: Option<String>,
}

/// One labelled page.
struct Page {
    path: PathBuf,
    url: Option<String>,
    body: String,
    title: Option<String>,
    date: Option<String>,
}

/// Which metric scores the body.
#[derive(Clone, Copy)]
enum BodyMetric {
    Shingles,
    WordBag,
}

/// Evaluates the named set (`aeb`, `fundus-news` or `wcxb-dev`) under `data`.
pub fn evaluate(data: &Path, set: &str) -> Result<ExtractScores, EvalError> {
    let (pages, metric) = match set {
        "aeb" => (load_aeb(data)?, BodyMetric::Shingles),
        "fundus-news" => (load_fundus(data)?, BodyMetric::Shingles),
        "wcxb-dev" => (load_wcxb(data)?, BodyMetric::WordBag),
        other => {
            return Err(EvalError::Format {
                path: other.to_string(),
                line: 0,
                reason: "unknown set; expected aeb, fundus-news or wcxb-dev".into(),
            })
        }
    };
    let reader = Reader::default();
    let extractor = Extractor::default();
    let started = std::time::Instant::now();
    let outputs: Vec<Option<storyline::model::Article>> = pages
        .par_iter()
        .map(|page| {
            let items = reader.read_all(&[Input::Path(page.path.clone())]);
            let Some(ReadItem::Loaded(mut doc)) = items.into_iter().next() else {
                return None;
            };
            doc.hints.url = page.url.clone();
            extractor.extract(&doc).ok()
        })
        .collect();
    let seconds = started.elapsed().as_secs_f64();

    let mut precision = Vec::new();
    let mut recall = Vec::new();
    let mut f1s = Vec::new();
    let (mut titles, mut titles_right, mut dates, mut dates_right) = (0usize, 0usize, 0usize, 0usize);
    let mut per_page = Vec::with_capacity(pages.len());
    for (page, output) in pages.iter().zip(&outputs) {
        let text = output.as_ref().map_or("", |a| a.text.as_str());
        let (p, r) = match metric {
            BodyMetric::Shingles => shingle_pr(text, &page.body),
            BodyMetric::WordBag => word_pr(text, &page.body),
        };
        precision.push(p);
        recall.push(r);
        f1s.push(if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 });
        let mut score = PageScore {
            set: set.to_string(),
            page: page.path.display().to_string(),
            precision: p,
            recall: r,
            title: None,
            gold_title: page.title.clone(),
            date: None,
            gold_date: page.date.clone(),
        };
        if let Some(gold) = &page.title {
            titles += 1;
            let found = output.as_ref().and_then(|a| a.title.as_deref()).unwrap_or("");
            titles_right += usize::from(same_title(found, gold));
            score.title = Some(found.to_string());
        }
        if let Some(gold) = &page.date {
            dates += 1;
            let found = output.as_ref().and_then(|a| a.published).map(|d| d.to_string());
            dates_right += usize::from(found.as_deref() == gold.get(..10));
            score.date = Some(found.unwrap_or_default());
        }
        per_page.push(score);
    }
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let body = match metric {
        BodyMetric::Shingles => Prf::new(mean(&precision), mean(&recall)),
        BodyMetric::WordBag => Prf {
            precision: mean(&precision),
            recall: mean(&recall),
            f1: mean(&f1s),
        },
    };
    let share = |right: usize, n: usize| (n > 0).then(|| right as f64 / n as f64);
    Ok(ExtractScores {
        set: set.to_string(),
        pages: pages.len(),
        skipped: outputs.iter().filter(|o| o.is_none()).count(),
        body,
        title_exact: share(titles_right, titles),
        date_day_accuracy: share(dates_right, dates),
        pages_per_second: pages.len() as f64 / seconds.max(1e-9),
        per_page,
    })
}

/// Titles agree when equal up to runs of whitespace (gold titles keep
/// no-break spaces that an extractor normalises).
fn same_title(found: &str, gold: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    norm(found) == norm(gold)
}

fn tokens(text: &str) -> Vec<String> {
    storyline::text::words(text).collect()
}

/// AEB: precision and recall of 4-gram shingle multisets.
fn shingle_pr(predicted: &str, gold: &str) -> (f64, f64) {
    let grams = |text: &str| -> HashMap<Vec<String>, usize> {
        let t = tokens(text);
        let mut counts = HashMap::new();
        for w in t.windows(4) {
            *counts.entry(w.to_vec()).or_insert(0) += 1;
        }
        counts
    };
    overlap_pr(&grams(predicted), &grams(gold))
}

/// WCXB: precision and recall of word multisets.
fn word_pr(predicted: &str, gold: &str) -> (f64, f64) {
    let bag = |text: &str| -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for w in tokens(text) {
            *counts.entry(w).or_insert(0) += 1;
        }
        counts
    };
    overlap_pr(&bag(predicted), &bag(gold))
}

fn overlap_pr<K: std::hash::Hash + Eq>(pred: &HashMap<K, usize>, gold: &HashMap<K, usize>) -> (f64, f64) {
    let (np, ng): (usize, usize) = (pred.values().sum(), gold.values().sum());
    if ng == 0 {
        return if np == 0 { (1.0, 1.0) } else { (0.0, 0.0) };
    }
    if np == 0 {
        return (0.0, 0.0);
    }
    let shared: usize = pred
        .iter()
        .map(|(k, n)| (*n).min(gold.get(k).copied().unwrap_or(0)))
        .sum();
    (shared as f64 / np as f64, shared as f64 / ng as f64)
}

fn read_json(path: &Path) -> Result<serde_json::Value, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.display().to_string(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| EvalError::Format {
        path: path.display().to_string(),
        line: e.line(),
        reason: e.to_string(),
    })
}

fn text_field(value: &serde_json::Value, key: &str) -> Option<String> {
    value[key]
        .as_str()
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty() && s != "None")
}

fn load_aeb(data: &Path) -> Result<Vec<Page>, EvalError> {
    let truth = read_json(&data.join("aeb/ground-truth.json"))?;
    let mut pages: Vec<Page> = truth
        .as_object()
        .into_iter()
        .flatten()
        .map(|(id, v)| Page {
            path: data.join(format!("aeb/html/{id}.html.gz")),
            url: text_field(v, "url"),
            body: text_field(v, "articleBody").unwrap_or_default(),
            title: None,
            date: None,
        })
        .collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(pages)
}

fn load_fundus(data: &Path) -> Result<Vec<Page>, EvalError> {
    let path = data.join("fundus-news/manifest.jsonl");
    let text = std::fs::read_to_string(&path).map_err(|source| EvalError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            Some(Page {
                path: data.join("fundus-news").join(text_field(&v, "html")?),
                url: text_field(&v, "url"),
                body: text_field(&v, "gold_body").unwrap_or_default(),
                title: text_field(&v, "title"),
                date: None,
            })
        })
        .collect())
}

fn load_wcxb(data: &Path) -> Result<Vec<Page>, EvalError> {
    let dir = data.join("wcxb-dev/ground-truth");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|source| EvalError::Io {
            path: dir.display().to_string(),
            source,
        })?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut pages = Vec::new();
    for file in files {
        let v = read_json(&file)?;
        if v["_internal"]["page_type"]["primary"]
            .as_str()
            .is_some_and(|t| t != "article")
        {
            continue;
        }
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let gt = &v["ground_truth"];
        pages.push(Page {
            path: data.join(format!("wcxb-dev/html/{stem}.html.gz")),
            url: text_field(&v, "url"),
            body: text_field(gt, "main_content").unwrap_or_default(),
            title: text_field(gt, "title"),
            date: text_field(gt, "publish_date"),
        });
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_score_counts_multisets() {
        let (p, r) = shingle_pr("a b c d e", "a b c d e f g");
        assert!((p - 1.0).abs() < 1e-12);
        assert!((r - 2.0 / 4.0).abs() < 1e-12);
        assert_eq!(shingle_pr("", ""), (1.0, 1.0));
        assert_eq!(shingle_pr("", "a b c d"), (0.0, 0.0));
    }

    #[test]
    fn word_bag_like_wcxb() {
        let (p, r) = word_pr("The cat the", "the cat sat");
        assert!((p - 2.0 / 3.0).abs() < 1e-12);
        assert!((r - 2.0 / 3.0).abs() < 1e-12);
    }
}
