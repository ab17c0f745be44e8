//! Timeline stage: a [`Story`] → its [`TimelineEntry`]s, one per canonical
//! article, ordered by date with undated articles last (never given an
//! invented date). A canonical copy without a date takes the earliest date
//! any of its copies states.
//!
//! What's new: for every entry after the first, the sentences whose content
//! terms are mostly absent from all earlier entries of the story (novelty
//! detection by term overlap, as in the TREC Novelty track baselines).

use crate::dedup::DupGroup;
use crate::model::{Article, DatePrecision, DocId, PubDate};
use crate::stories::Story;
use crate::text::sentences::sentences;
use crate::text::terms::ContentTerms;
use std::collections::{HashMap, HashSet};

/// One article on a story's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    /// Publication date, if any copy states one.
    pub date: Option<PubDate>,
    /// The canonical copy.
    pub document: DocId,
    /// Headline (of the canonical copy, else of any copy).
    pub title: Option<String>,
    /// Outlet of the canonical copy.
    pub source: Option<String>,
    /// Outlets of every copy, re-posts named as such, distinct.
    pub sources: Vec<String>,
    /// Number of copies, canonical included.
    pub copies: usize,
    /// Sentences carrying information absent from earlier entries (empty for
    /// the first entry).
    pub whats_new: Vec<String>,
}

/// Share of a sentence's content terms that must be new for it to count.
const NOVELTY: f32 = 0.6;
/// Fewest content terms a sentence needs to be judged.
const MIN_TERMS: usize = 4;
/// Most "what's new" sentences listed per entry.
const MAX_NEW_SENTENCES: usize = 3;

/// Fills `whats_new` of each entry from the articles' texts, in timeline order.
fn add_whats_new(entries: &mut [TimelineEntry], by_id: &HashMap<&DocId, &Article>) {
    let terms = ContentTerms::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (n, entry) in entries.iter_mut().enumerate() {
        let Some(article) = by_id.get(&entry.document) else {
            continue;
        };
        let sentences = sentences(&article.text);
        let stems: Vec<Vec<String>> = sentences
            .iter()
            .map(|s| terms.content_terms(s).into_iter().map(|(stem, _)| stem).collect())
            .collect();
        if n > 0 {
            let scored: Vec<(usize, f32)> = stems
                .iter()
                .enumerate()
                .filter(|(_, t)| t.len() >= MIN_TERMS)
                .map(|(i, t)| {
                    (
                        i,
                        t.iter().filter(|s| !seen.contains(*s)).count() as f32 / t.len() as f32,
                    )
                })
                .filter(|(_, novelty)| *novelty >= NOVELTY)
                .collect();
            // News puts what matters first: the earliest novel sentences.
            entry.whats_new = scored
                .into_iter()
                .take(MAX_NEW_SENTENCES)
                .map(|(i, _)| sentences[i].to_string())
                .collect();
        }
        seen.extend(stems.into_iter().flatten());
    }
}

impl TimelineEntry {
    /// The date's precision, if dated.
    pub fn precision(&self) -> Option<DatePrecision> {
        self.date.map(|d| d.precision)
    }
}

/// Lookups over one run's articles and groups, built once for all stories.
pub struct Corpus<'a> {
    by_id: HashMap<&'a DocId, &'a Article>,
    group_of: HashMap<&'a DocId, &'a DupGroup>,
}

impl<'a> Corpus<'a> {
    /// Indexes articles by id and groups by canonical copy.
    pub fn new(articles: &'a [Article], groups: &'a [DupGroup]) -> Self {
        Corpus {
            by_id: articles.iter().map(|a| (&a.id, a)).collect(),
            group_of: groups.iter().map(|g| (&g.canonical, g)).collect(),
        }
    }

    /// The article with this id.
    pub fn article(&self, id: &DocId) -> Option<&'a Article> {
        self.by_id.get(id).copied()
    }
}

/// Builds the timeline of `story`.
pub fn build_timeline(story: &Story, corpus: &Corpus) -> Vec<TimelineEntry> {
    let (by_id, group_of) = (&corpus.by_id, &corpus.group_of);
    let mut entries: Vec<TimelineEntry> = story
        .articles
        .iter()
        .filter_map(|id| by_id.get(id).copied())
        .map(|canonical| {
            let copies: Vec<&Article> = match group_of.get(&canonical.id) {
                Some(group) => group.members.iter().filter_map(|m| by_id.get(m).copied()).collect(),
                None => vec![canonical],
            };
            let date = canonical
                .published
                .or_else(|| copies.iter().filter_map(|a| a.published).min());
            let title = canonical
                .title
                .clone()
                .or_else(|| copies.iter().find_map(|a| a.title.clone()));
            let mut sources: Vec<String> = Vec::new();
            for copy in std::iter::once(&canonical).chain(copies.iter()) {
                let name = match (&copy.source, &copy.original_source) {
                    (Some(s), Some(o)) => Some(format!("{s} (re-post of {o})")),
                    (Some(s), None) => Some(s.clone()),
                    (None, Some(o)) => Some(o.clone()),
                    (None, None) => None,
                };
                if let Some(name) = name.filter(|n| !sources.contains(n)) {
                    sources.push(name);
                }
            }
            TimelineEntry {
                date,
                document: canonical.id.clone(),
                title,
                source: canonical.source.clone(),
                sources,
                copies: copies.len(),
                whats_new: Vec::new(),
            }
        })
        .collect();
    entries.sort_by(|a, b| {
        (a.date.is_none(), a.date.map(|d| d.date), &a.document).cmp(&(
            b.date.is_none(),
            b.date.map(|d| d.date),
            &b.document,
        ))
    });
    add_whats_new(&mut entries, by_id);
    entries
}
