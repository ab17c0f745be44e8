//! Stories stage: articles + duplicate groups → [`Story`]s.
//!
//! Only canonical copies are clustered; duplicates follow their canonical.
//! The clustering is online (single pass, as in topic detection and tracking,
//! Allan et al. 1998): articles arrive in publication order (undated ones
//! last, by id) and each joins the most similar live story, by cosine between
//! its TF-IDF vector ([`vector`]) and the story's centroid, when that
//! similarity reaches the threshold; otherwise it starts a story. A story
//! goes stale when the article's date is more than `stale_days` after the
//! story's latest article. One refinement pass then moves any article whose
//! best story is another one. Ordering by (date, id) makes the result
//! independent of input order.

mod vector;

use crate::dedup::DupGroup;
use crate::model::{Article, DocId};
use std::collections::HashMap;
use vector::{tfidf, SparseVec, Vectorizer};

/// How coarse a story is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Granularity {
    /// One developing event.
    #[default]
    Event,
    /// A broader topic: related events together.
    Topic,
}

/// Knobs of the stories stage.
#[derive(Debug, Clone)]
pub struct StoryConfig {
    /// Cosine similarity to a story's centroid needed to join it.
    pub threshold: f32,
    /// Days after a story's latest article at which it stops taking new ones.
    pub stale_days: i64,
    /// Event or topic stories.
    pub granularity: Granularity,
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig {
            threshold: 0.2,
            stale_days: 30,
            granularity: Granularity::Event,
        }
    }
}

/// A group of articles about one developing story.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// Stable id (`s1`, `s2`, … in order of the story's first article).
    pub id: String,
    /// A representative headline.
    pub title: String,
    /// Canonical copies in the story.
    pub articles: Vec<DocId>,
    /// Every copy in the story, duplicates included, sorted.
    pub documents: Vec<DocId>,
}

/// The stories stage, built once from a [`StoryConfig`].
#[derive(Debug, Clone, Default)]
pub struct StoryClusterer {
    config: StoryConfig,
}

struct Cluster {
    members: Vec<usize>,
    centroid: HashMap<u32, f32>,
    last_day: Option<i64>,
}

impl Cluster {
    fn similarity(&self, v: &SparseVec) -> f32 {
        let norm = self.centroid.values().map(|w| w * w).sum::<f32>().sqrt();
        if norm == 0.0 {
            return 0.0;
        }
        v.iter()
            .map(|(t, w)| w * self.centroid.get(t).copied().unwrap_or(0.0))
            .sum::<f32>()
            / norm
    }

    fn add(&mut self, v: &SparseVec, sign: f32) {
        for (t, w) in v {
            *self.centroid.entry(*t).or_default() += sign * w;
        }
    }
}

impl StoryClusterer {
    /// A clusterer with the given configuration.
    pub fn new(config: StoryConfig) -> crate::Result<Self> {
        if !(0.0..=1.0).contains(&config.threshold) || config.stale_days < 0 {
            return Err(crate::Error::Config(
                "story threshold must lie in [0, 1] and stale_days be positive".into(),
            ));
        }
        Ok(StoryClusterer { config })
    }

    /// Clusters `articles` (all copies) given their duplicate `groups`.
    pub fn cluster(&self, articles: &[Article], groups: &[DupGroup]) -> Vec<Story> {
        let index: HashMap<&DocId, usize> = articles.iter().enumerate().map(|(i, a)| (&a.id, i)).collect();
        let mut copies_of: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut is_copy = vec![false; articles.len()];
        for group in groups {
            let canonical = index[&group.canonical];
            for member in &group.members {
                let m = index[member];
                copies_of.entry(canonical).or_default().push(m);
                is_copy[m] = m != canonical;
            }
        }
        let day = |i: usize| {
            articles[i]
                .published
                .map(|p| chrono::Datelike::num_days_from_ce(&p.date) as i64)
        };
        let mut order: Vec<usize> = (0..articles.len()).filter(|&i| !is_copy[i]).collect();
        order.sort_by(|&a, &b| {
            (day(a).is_none(), day(a), &articles[a].id).cmp(&(day(b).is_none(), day(b), &articles[b].id))
        });

        let mut vectorizer = Vectorizer::new();
        let counts: Vec<HashMap<u32, f32>> = order.iter().map(|&i| vectorizer.counts(&articles[i])).collect();
        let vectors = tfidf(&counts);

        let (threshold, stale_days) = match self.config.granularity {
            Granularity::Event => (self.config.threshold, self.config.stale_days),
            Granularity::Topic => (self.config.threshold * 0.6, self.config.stale_days * 3),
        };
        let mut clusters: Vec<Cluster> = Vec::new();
        let mut assigned: Vec<usize> = Vec::with_capacity(order.len());
        for (k, &doc) in order.iter().enumerate() {
            let live = |c: &Cluster| match (day(doc), c.last_day) {
                (Some(d), Some(last)) => d - last <= stale_days,
                _ => true,
            };
            let best = clusters
                .iter()
                .enumerate()
                .filter(|(_, c)| live(c))
                .map(|(ci, c)| (ci, c.similarity(&vectors[k])))
                .fold(None, |best: Option<(usize, f32)>, (ci, s)| match best {
                    Some((_, bs)) if bs >= s => best,
                    _ => Some((ci, s)),
                });
            let target = match best {
                Some((ci, s)) if s >= threshold => ci,
                _ => {
                    clusters.push(Cluster {
                        members: Vec::new(),
                        centroid: HashMap::new(),
                        last_day: None,
                    });
                    clusters.len() - 1
                }
            };
            let cluster = &mut clusters[target];
            cluster.members.push(k);
            cluster.add(&vectors[k], 1.0);
            cluster.last_day = cluster.last_day.max(day(doc));
            assigned.push(target);
        }
        refine(&mut clusters, &mut assigned, &vectors, threshold);

        let mut stories: Vec<Story> = clusters
            .into_iter()
            .filter(|c| !c.members.is_empty())
            .map(|c| {
                let mut members = c.members.clone();
                members.sort_unstable();
                let title = story_title(&members, &c, &vectors, &order, articles);
                let canonical: Vec<usize> = members.iter().map(|&k| order[k]).collect();
                let mut documents: Vec<DocId> = canonical
                    .iter()
                    .flat_map(|i| copies_of.get(i).cloned().unwrap_or_else(|| vec![*i]))
                    .map(|i| articles[i].id.clone())
                    .collect();
                documents.sort();
                documents.dedup();
                Story {
                    id: String::new(),
                    title,
                    articles: canonical.iter().map(|&i| articles[i].id.clone()).collect(),
                    documents,
                }
            })
            .collect();
        // Members are in (date, id) order, so the first is the story's opening.
        let first_key = |s: &Story| {
            order
                .iter()
                .position(|&i| articles[i].id == s.articles[0])
                .unwrap_or(usize::MAX)
        };
        stories.sort_by_key(first_key);
        for (n, story) in stories.iter_mut().enumerate() {
            story.id = format!("s{}", n + 1);
        }
        stories
    }
}

/// Moves each article to its best story when that is not its own; one pass,
/// in order, so the result stays deterministic.
fn refine(clusters: &mut [Cluster], assigned: &mut [usize], vectors: &[SparseVec], threshold: f32) {
    for k in 0..assigned.len() {
        let own = assigned[k];
        if clusters[own].members.len() == 1 {
            continue;
        }
        clusters[own].add(&vectors[k], -1.0);
        let own_sim = clusters[own].similarity(&vectors[k]);
        let best = clusters
            .iter()
            .enumerate()
            .filter(|(ci, c)| *ci != own && !c.members.is_empty())
            .map(|(ci, c)| (ci, c.similarity(&vectors[k])))
            .fold(None, |best: Option<(usize, f32)>, (ci, s)| match best {
                Some((_, bs)) if bs >= s => best,
                _ => Some((ci, s)),
            });
        match best {
            Some((ci, s)) if s > own_sim && s >= threshold => {
                clusters[own].members.retain(|&m| m != k);
                clusters[ci].members.push(k);
                clusters[ci].add(&vectors[k], 1.0);
                assigned[k] = ci;
            }
            _ => clusters[own].add(&vectors[k], 1.0),
        }
    }
}

/// The headline of the member closest to the centroid; else the opening
/// words of the first article.
fn story_title(
    members: &[usize],
    cluster: &Cluster,
    vectors: &[SparseVec],
    order: &[usize],
    articles: &[Article],
) -> String {
    let titled = members
        .iter()
        .filter_map(|&k| articles[order[k]].title.as_ref().map(|t| (k, t)))
        .map(|(k, t)| (cluster.similarity(&vectors[k]), std::cmp::Reverse(k), t))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    if let Some((_, _, title)) = titled {
        return title.clone();
    }
    let first = &articles[order[members[0]]].text;
    let words: Vec<&str> = first.split_whitespace().take(12).collect();
    let ellipsis = if first.split_whitespace().count() > 12 {
        "…"
    } else {
        ""
    };
    format!("{}{ellipsis}", words.join(" "))
}
