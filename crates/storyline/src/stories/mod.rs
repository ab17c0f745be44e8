//! Stories stage: articles + duplicate groups → [`Story`]s.
//!
//! Only canonical copies are clustered; duplicates follow their canonical.
//! Similarity is the average cosine between an article's TF-IDF vector
//! (`vector`) and the members of a story (average link, kept exact and
//! cheap through each story's sum vector). Four steps:
//!
//! 1. **Online pass** (topic detection and tracking, Allan et al. 1998):
//!    articles arrive in publication order (undated last, by id) and each
//!    joins the most similar live story if the similarity reaches the
//!    threshold, else starts one. A story is stale for an article dated more
//!    than `stale_days` after the story's latest article (or before its
//!    first): it then takes the article only at a higher similarity, so a
//!    trial that resumes after months revives its story while a new event of
//!    the same kind starts its own. Candidate stories
//!    come from an inverted index of each member's strongest terms, so an
//!    article is compared with the few stories sharing its key terms, not
//!    with all of them.
//! 2. **Refinement**: articles move to the story they are now most similar
//!    to, for a few passes (the online pass saw only the past).
//! 3. **Merging**: stories whose average inter-story similarity reaches the
//!    threshold merge, best pair first (average-link agglomeration over
//!    stories).
//! 4. **Splitting**: a story made of two tight groups that are much less
//!    similar to each other than within themselves (two events of one kind
//!    that drifted together) is split by 2-means.
//!
//! Every step works in (date, id) order, so the result does not depend on
//! input order.

mod label;
mod vector;

use crate::dedup::DupGroup;
use crate::model::{Article, DocId};
use crate::text::terms::is_title_word;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use vector::{SparseVec, Vectorizer};

pub use label::TypedNames;
pub use vector::VectorConfig;

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
    /// Average cosine similarity to a story's members needed to join it.
    pub threshold: f32,
    /// Days of silence after which a story is stale.
    pub stale_days: i64,
    /// How much more similar an article must be to revive a stale story.
    pub stale_factor: f32,
    /// Event or topic stories.
    pub granularity: Granularity,
    /// Refinement passes after the online pass.
    pub refine_passes: usize,
    /// Share of a story's cohesion (average similarity between its members)
    /// an article must reach to join it: keeps two similar events apart.
    pub relative_threshold: f32,
    /// A story splits in two when the similarity between its two halves is
    /// below this share of their cohesion (above the join share: a story is
    /// not split on the same evidence that let it form).
    pub split_ratio: f32,
    /// Strongest terms per article used to find candidate stories.
    pub index_terms: usize,
    /// Merge stories whose average inter-story similarity reaches the threshold.
    pub merge_stories: bool,
    /// How articles become vectors.
    pub vectors: VectorConfig,
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig {
            threshold: 0.2,
            stale_days: 60,
            stale_factor: 1.1,
            granularity: Granularity::Event,
            refine_passes: 3,
            relative_threshold: 0.6,
            split_ratio: 0.75,
            index_terms: 20,
            merge_stories: true,
            vectors: VectorConfig::default(),
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
    /// Canonical copies in the story, in (date, id) order.
    pub articles: Vec<DocId>,
    /// Every copy in the story, duplicates included, sorted.
    pub documents: Vec<DocId>,
    /// The words that weigh most in the story, strongest first.
    pub key_terms: Vec<String>,
    /// The names (people, organisations, places) that weigh most, strongest first.
    pub names: Vec<String>,
    /// The same names sorted by kind, where the texts tell.
    pub typed_names: TypedNames,
    /// What a new article is compared with to tell whether it would join.
    pub profile: StoryProfile,
}

/// A story's strongest terms with their summed weights: enough to tell
/// whether a new article would join the story (by the rule of the online
/// pass) without clustering again. Term keys are stable across runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoryProfile {
    /// (term key, summed weight over the members, inverse document
    /// frequency in the run that made the story), strongest first.
    pub terms: Vec<(String, f32, f32)>,
    /// Canonical articles in the story.
    pub members: usize,
    /// Average similarity between two members (1 for one member).
    pub cohesion: f32,
    /// Day (from the common era) of the first dated member.
    pub first_day: Option<i64>,
    /// Day of the last dated member.
    pub last_day: Option<i64>,
}

/// Terms kept in a story's profile.
const PROFILE_TERMS: usize = 300;

/// How many key terms and names a story's label lists.
const LABEL_SIZE: usize = 6;

/// The strongest words and names of a cluster, by summed weight; a name
/// contained in a stronger longer name ("larue" in "fred larue") is left out.
fn label(cluster: &Cluster, vectorizer: &Vectorizer) -> (Vec<String>, Vec<String>) {
    let mut weighted: Vec<(u32, f32)> = cluster
        .sum
        .iter()
        .map(|(&t, &w)| (t, w))
        .filter(|(_, w)| *w > 0.0)
        .collect();
    weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut terms: Vec<(u32, String)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (t, _) in weighted {
        let surface = vectorizer.surface(t).to_string();
        if vectorizer.is_name(t) {
            let covered = names.iter().any(|n| n.split(' ').any(|part| part == surface));
            // "Foreign", "Minister": capitalised titles are not names.
            if names.len() < LABEL_SIZE && !covered && !is_title_word(&surface) {
                names.push(surface);
            }
        } else if !surface.chars().next().is_some_and(|c| c.is_ascii_digit()) && terms.len() < 2 * LABEL_SIZE {
            terms.push((t, surface));
        }
    }
    // A word that is also one of the names says nothing new.
    let words = terms
        .into_iter()
        .map(|(_, w)| w)
        .filter(|w| !names.iter().any(|n| n.split(' ').any(|part| part == w)))
        .take(LABEL_SIZE)
        .collect();
    (words, names)
}

/// When an article may join a story: the online pass's rule, shared with
/// [`StoryClusterer::place`].
#[derive(Debug, Clone, Copy)]
struct JoinRule {
    threshold: f32,
    relative: f32,
    stale_days: i64,
    stale_factor: f32,
}

impl JoinRule {
    /// Whether similarity `s` admits an article to a story of `members`
    /// with the given cohesion; a stale story asks for more.
    fn admits(&self, s: f32, cohesion: f32, members: usize, stale: bool) -> bool {
        let threshold = if stale {
            self.threshold * self.stale_factor
        } else {
            self.threshold
        };
        s >= threshold && s >= self.relative * cohesion * f32::from(members >= 2)
    }

    /// Whether a story spanning `first..=last` is live for an article of `day`.
    fn live(&self, day: Option<i64>, first: Option<i64>, last: Option<i64>) -> bool {
        match (day, first, last) {
            (Some(d), Some(first), Some(last)) => d <= last + self.stale_days && d + self.stale_days >= first,
            _ => true,
        }
    }
}

/// The stories stage, built once from a [`StoryConfig`].
#[derive(Debug, Clone, Default)]
pub struct StoryClusterer {
    config: StoryConfig,
}

/// Fewest articles on each side of a split story.
const MIN_SPLIT_SIDE: usize = 3;
/// Rounds of the 2-means split.
const SPLIT_ITERATIONS: usize = 5;

/// Most stories read from one term's posting list (the newest).
const POSTINGS_SCANNED: usize = 128;

/// Most candidate stories an article (or a story, when merging) is compared with.
const MAX_CANDIDATES: usize = 48;

/// A story under construction: members are positions in the (date, id)
/// order, `sum` the sum of their vectors.
#[derive(Default)]
struct Cluster {
    members: BTreeSet<usize>,
    sum: FxHashMap<u32, f32>,
    /// Squared norm of `sum`, kept up to date: gives the cohesion cheaply.
    sum_norm2: f32,
    first_day: Option<i64>,
    last_day: Option<i64>,
}

impl Cluster {
    /// Average cosine similarity of `v` to the members.
    fn similarity(&self, v: &SparseVec) -> f32 {
        if self.members.is_empty() {
            return 0.0;
        }
        dot(v, &self.sum) / self.members.len() as f32
    }

    /// Average cosine between two members (1 for a single member).
    fn cohesion(&self) -> f32 {
        let n = self.members.len() as f32;
        if n < 2.0 {
            return 1.0;
        }
        ((self.sum_norm2 - n) / (n * (n - 1.0))).max(0.0)
    }

    fn add(&mut self, k: usize, v: &SparseVec, day: Option<i64>) {
        self.members.insert(k);
        self.sum_norm2 += 2.0 * dot(v, &self.sum) + norm2(v);
        for (t, w) in v {
            *self.sum.entry(*t).or_default() += w;
        }
        self.first_day = min_day(self.first_day, day);
        self.last_day = self.last_day.max(day);
    }

    fn remove(&mut self, k: usize, v: &SparseVec) {
        self.members.remove(&k);
        for (t, w) in v {
            *self.sum.entry(*t).or_default() -= w;
        }
        self.sum_norm2 -= 2.0 * dot(v, &self.sum) + norm2(v);
    }
}

fn min_day(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

fn norm2(v: &SparseVec) -> f32 {
    v.iter().map(|(_, w)| w * w).sum()
}

fn dot(v: &SparseVec, sum: &FxHashMap<u32, f32>) -> f32 {
    v.iter().map(|(t, w)| w * sum.get(t).copied().unwrap_or(0.0)).sum()
}

/// The clustering state shared by the three steps.
struct Clustering<'a> {
    vectors: &'a [SparseVec],
    days: &'a [Option<i64>],
    keys: Vec<Vec<u32>>,
    clusters: Vec<Cluster>,
    assigned: Vec<usize>,
    index: FxHashMap<u32, BTreeSet<usize>>,
    threshold: f32,
    relative: f32,
    split_ratio: f32,
    stale_days: i64,
    stale_factor: f32,
}

impl Clustering<'_> {
    /// Whether similarity `s` to `cluster` is enough to join it: above the
    /// threshold, and close enough to the cluster's own cohesion that the
    /// article looks like a member rather than a neighbour.
    fn accepts(&self, cluster: &Cluster, s: f32, stale: bool) -> bool {
        self.rule().admits(s, cluster.cohesion(), cluster.members.len(), stale)
    }

    fn live(&self, cluster: &Cluster, day: Option<i64>) -> bool {
        self.rule().live(day, cluster.first_day, cluster.last_day)
    }

    fn rule(&self) -> JoinRule {
        JoinRule {
            threshold: self.threshold,
            relative: self.relative,
            stale_days: self.stale_days,
            stale_factor: self.stale_factor,
        }
    }

    /// The stories sharing most of the given key terms (at most
    /// [`MAX_CANDIDATES`], ties to the lowest id), so that the cost per
    /// article does not grow with the number of stories.
    fn stories_sharing(&self, terms: &[u32]) -> Vec<usize> {
        let mut shared: FxHashMap<usize, u32> = FxHashMap::default();
        for t in terms {
            // The newest stories holding the term: old ones are mostly stale,
            // and a term held by thousands of stories says little.
            let postings = self
                .index
                .get(t)
                .into_iter()
                .flat_map(|set| set.iter().rev().take(POSTINGS_SCANNED));
            for &c in postings {
                if !self.clusters[c].members.is_empty() {
                    *shared.entry(c).or_default() += 1;
                }
            }
        }
        let mut ranked: Vec<(usize, u32)> = shared.into_iter().collect();
        let order = |a: &(usize, u32), b: &(usize, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if ranked.len() > MAX_CANDIDATES {
            ranked.select_nth_unstable_by(MAX_CANDIDATES, order);
            ranked.truncate(MAX_CANDIDATES);
        }
        let mut ids: Vec<usize> = ranked.into_iter().map(|(c, _)| c).collect();
        ids.sort_unstable();
        ids
    }

    fn candidates(&self, k: usize) -> Vec<usize> {
        self.stories_sharing(&self.keys[k])
    }

    /// Candidate stories for merging with story `a`: those sharing the
    /// strongest terms of its sum vector.
    fn neighbour_stories(&self, a: usize, key_terms: usize) -> Vec<usize> {
        let mut strongest: Vec<(u32, f32)> = self.clusters[a].sum.iter().map(|(&t, &w)| (t, w)).collect();
        strongest.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let terms: Vec<u32> = strongest.into_iter().take(key_terms).map(|(t, _)| t).collect();
        self.stories_sharing(&terms)
    }

    /// The most similar live cluster other than `except`, ties to the lowest id.
    fn best(&self, k: usize, except: Option<usize>) -> Option<(usize, f32)> {
        self.candidates(k)
            .into_iter()
            .filter(|&c| Some(c) != except)
            .map(|c| (c, self.clusters[c].similarity(&self.vectors[k])))
            .fold(None, |best, (c, s)| match best {
                Some((_, bs)) if bs >= s => best,
                _ => Some((c, s)),
            })
    }

    fn join(&mut self, k: usize, c: usize) {
        self.clusters[c].add(k, &self.vectors[k], self.days[k]);
        for &t in &self.keys[k] {
            self.index.entry(t).or_default().insert(c);
        }
        self.assigned[k] = c;
    }

    fn online(&mut self) {
        for k in 0..self.vectors.len() {
            let target = match self.best(k, None) {
                Some((c, s)) if self.accepts(&self.clusters[c], s, !self.live(&self.clusters[c], self.days[k])) => c,
                _ => {
                    self.clusters.push(Cluster::default());
                    self.clusters.len() - 1
                }
            };
            self.join(k, target);
        }
    }

    fn refine(&mut self, passes: usize) {
        for _ in 0..passes {
            let mut moved = false;
            for k in 0..self.vectors.len() {
                let own = self.assigned[k];
                self.clusters[own].remove(k, &self.vectors[k]);
                let own_sim = self.clusters[own].similarity(&self.vectors[k]);
                let target = match self.best(k, Some(own)) {
                    Some((c, s))
                        if s > own_sim
                            && self.accepts(&self.clusters[c], s, !self.live(&self.clusters[c], self.days[k])) =>
                    {
                        c
                    }
                    _ => own,
                };
                moved |= target != own;
                self.join(k, target);
            }
            if !moved {
                break;
            }
        }
    }

    /// Articles left alone (the cohesion rule kept them out of tight
    /// stories) join their most similar story when it passes the absolute
    /// threshold: a lone article is more likely an unusual angle on an
    /// event than an event of its own.
    /// Splits a story in two when it holds two tight groups that are far
    /// less similar to each other than within themselves (two events of one
    /// kind that drifted together): a 2-means split, kept when the cross
    /// similarity is below the cohesion rule's share of both groups' cohesion.
    fn split_incoherent(&mut self) {
        for c in 0..self.clusters.len() {
            let members: Vec<usize> = self.clusters[c].members.iter().copied().collect();
            if members.len() < 2 * MIN_SPLIT_SIDE {
                continue;
            }
            let Some((left, right)) = self.two_means(&members) else {
                continue;
            };
            let side = |group: &[usize]| {
                let mut cluster = Cluster::default();
                for &k in group {
                    cluster.add(k, &self.vectors[k], self.days[k]);
                }
                cluster
            };
            let (a, b) = (side(&left), side(&right));
            let cross = a
                .sum
                .iter()
                .map(|(t, w)| w * b.sum.get(t).copied().unwrap_or(0.0))
                .sum::<f32>()
                / (left.len() * right.len()) as f32;
            if cross < self.split_ratio * a.cohesion().min(b.cohesion()) {
                for &k in &right {
                    self.clusters[c].remove(k, &self.vectors[k]);
                }
                self.clusters.push(Cluster::default());
                let new = self.clusters.len() - 1;
                for &k in &right {
                    self.join(k, new);
                }
            }
        }
    }

    /// Two groups of `members` by spherical 2-means, seeded with the member
    /// least like the story and the member least like that one; `None` when
    /// a side would be too small.
    fn two_means(&self, members: &[usize]) -> Option<(Vec<usize>, Vec<usize>)> {
        let mut whole: FxHashMap<u32, f32> = FxHashMap::default();
        for &k in members {
            for (t, w) in &self.vectors[k] {
                *whole.entry(*t).or_default() += w;
            }
        }
        let least_like = |reference: &FxHashMap<u32, f32>| {
            members.iter().copied().min_by(|&x, &y| {
                dot(&self.vectors[x], reference)
                    .total_cmp(&dot(&self.vectors[y], reference))
                    .then(x.cmp(&y))
            })
        };
        let seed_a = least_like(&whole)?;
        let a_map: FxHashMap<u32, f32> = self.vectors[seed_a].iter().copied().collect();
        let seed_b = least_like(&a_map)?;
        let mut centres: [FxHashMap<u32, f32>; 2] = [a_map, self.vectors[seed_b].iter().copied().collect()];
        let mut sides: (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
        for _ in 0..SPLIT_ITERATIONS {
            sides = members
                .iter()
                .copied()
                .partition(|&k| dot(&self.vectors[k], &centres[0]) >= dot(&self.vectors[k], &centres[1]));
            for (centre, group) in centres.iter_mut().zip([&sides.0, &sides.1]) {
                centre.clear();
                for &k in group {
                    for (t, w) in &self.vectors[k] {
                        *centre.entry(*t).or_default() += w;
                    }
                }
            }
        }
        (sides.0.len() >= MIN_SPLIT_SIDE && sides.1.len() >= MIN_SPLIT_SIDE).then_some(sides)
    }

    fn absorb_outliers(&mut self) {
        for k in 0..self.vectors.len() {
            let own = self.assigned[k];
            if self.clusters[own].members.len() != 1 {
                continue;
            }
            if let Some((c, s)) = self.best(k, Some(own)) {
                let live = self.live(&self.clusters[c], self.days[k]);
                if s >= self.threshold * if live { 1.0 } else { self.stale_factor } {
                    self.clusters[own].remove(k, &self.vectors[k]);
                    self.join(k, c);
                }
            }
        }
    }

    fn merge(&mut self) {
        // After the first round only stories that changed need new pairs.
        let mut changed: Option<BTreeSet<usize>> = None;
        let key_terms = self.keys.first().map_or(0, Vec::len);
        loop {
            let sources: Vec<usize> = match &changed {
                None => (0..self.clusters.len()).collect(),
                Some(set) => set.iter().copied().collect(),
            };
            let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
            for a in sources.into_iter().filter(|&a| !self.clusters[a].members.is_empty()) {
                for b in self.neighbour_stories(a, key_terms).into_iter().filter(|&b| b != a) {
                    pairs.insert((a.min(b), a.max(b)));
                }
            }
            let mut scored: Vec<(f32, usize, usize)> = pairs
                .into_iter()
                .filter_map(|(a, b)| {
                    let (ca, cb) = (&self.clusters[a], &self.clusters[b]);
                    let (small, large) = if ca.sum.len() <= cb.sum.len() {
                        (ca, cb)
                    } else {
                        (cb, ca)
                    };
                    let sim = small
                        .sum
                        .iter()
                        .map(|(t, w)| w * large.sum.get(t).copied().unwrap_or(0.0))
                        .sum::<f32>()
                        / (ca.members.len() * cb.members.len()) as f32;
                    // Stale relative to each other when one ends long before the other starts.
                    let stale = match (ca.first_day, ca.last_day, cb.first_day, cb.last_day) {
                        (Some(af), Some(al), Some(bf), Some(bl)) => (bf - al).max(af - bl) > self.stale_days,
                        _ => false,
                    };
                    (self.accepts(ca, sim, stale) && self.accepts(cb, sim, stale)).then_some((sim, a, b))
                })
                .collect();
            if scored.is_empty() {
                return;
            }
            scored.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
            let mut touched = BTreeSet::new();
            for (_, a, b) in scored {
                if touched.contains(&a) || touched.contains(&b) {
                    continue;
                }
                touched.insert(a);
                touched.insert(b);
                let members: Vec<usize> = self.clusters[b].members.iter().copied().collect();
                self.clusters[b] = Cluster::default();
                for k in members {
                    self.join(k, a);
                }
            }
            changed = Some(touched);
        }
    }
}

impl StoryClusterer {
    /// A clusterer with the given configuration.
    pub fn new(config: StoryConfig) -> crate::Result<Self> {
        if !(0.0..=1.0).contains(&config.threshold) || config.stale_days < 0 || config.index_terms == 0 {
            return Err(crate::Error::Config(
                "story threshold must lie in [0, 1], stale_days be positive and index_terms at least 1".into(),
            ));
        }
        Ok(StoryClusterer { config })
    }

    /// The join rule of this configuration (the topic granularity joins
    /// more loosely and stays live longer).
    fn rule(&self) -> JoinRule {
        let (threshold, stale_days) = match self.config.granularity {
            Granularity::Event => (self.config.threshold, self.config.stale_days),
            Granularity::Topic => (self.config.threshold * 0.6, self.config.stale_days * 3),
        };
        JoinRule {
            threshold,
            relative: self.config.relative_threshold,
            stale_days,
            stale_factor: self.config.stale_factor,
        }
    }

    /// The strongest term keys of an article (weighted counts, no corpus
    /// needed): what a store looks stories up by.
    pub fn article_terms(&self, article: &Article, limit: usize) -> Vec<String> {
        let mut vectorizer = Vectorizer::new(self.config.vectors.clone());
        let counts = vectorizer.counts(article);
        let mut ranked: Vec<(u32, f32)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(vectorizer.key(a.0).cmp(vectorizer.key(b.0))));
        ranked
            .into_iter()
            .take(limit)
            .map(|(t, _)| vectorizer.key(t).to_string())
            .collect()
    }

    /// The story (an index into `profiles`) a new article would join by the
    /// online pass's rule, with its similarity; `None` when it would start
    /// a story of its own. Term weights use the frequencies stored in the
    /// profiles; a term none of them holds counts as rare.
    pub fn place(&self, article: &Article, profiles: &[StoryProfile]) -> Option<(usize, f32)> {
        let mut vectorizer = Vectorizer::new(self.config.vectors.clone());
        let counts = vectorizer.counts(article);
        let mut known: FxHashMap<&str, f32> = FxHashMap::default();
        for profile in profiles {
            for (term, _, idf) in &profile.terms {
                known.entry(term.as_str()).or_insert(*idf);
            }
        }
        // A term no profile holds is not among any candidate story's
        // strongest: weigh it as a typical term, not as the rarest.
        let mut seen: Vec<f32> = known.values().copied().collect();
        seen.sort_by(f32::total_cmp);
        let typical = seen.get(seen.len() / 2).copied().unwrap_or(1.0);
        let v = vectorizer.vector(&counts, |t| known.get(vectorizer.key(t)).copied().unwrap_or(typical));
        let weights: FxHashMap<&str, f32> = v.iter().map(|&(t, w)| (vectorizer.key(t), w)).collect();
        let day = article
            .published
            .map(|p| chrono::Datelike::num_days_from_ce(&p.date) as i64);
        let rule = self.rule();
        profiles
            .iter()
            .enumerate()
            .filter(|(_, p)| p.members > 0)
            .map(|(n, p)| {
                let dot: f32 = p
                    .terms
                    .iter()
                    .filter_map(|(t, w, _)| weights.get(t.as_str()).map(|x| x * w))
                    .sum();
                (n, p, dot / p.members as f32)
            })
            .filter(|(_, p, s)| {
                let stale = !rule.live(day, p.first_day, p.last_day);
                rule.admits(*s, p.cohesion, p.members, stale)
            })
            .max_by(|a, b| a.2.total_cmp(&b.2).then(b.0.cmp(&a.0)))
            .map(|(n, _, s)| (n, s))
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
        // A canonical copy without a date takes the earliest of its copies'.
        let day_of = |i: usize| {
            let copies = copies_of.get(&i).map_or(&[][..], |c| c.as_slice());
            std::iter::once(&i)
                .chain(copies)
                .filter_map(|&c| articles[c].published)
                .map(|p| chrono::Datelike::num_days_from_ce(&p.date) as i64)
                .min()
        };
        let mut order: Vec<(Option<i64>, usize)> = (0..articles.len())
            .filter(|&i| !is_copy[i])
            .map(|i| (day_of(i), i))
            .collect();
        order.sort_by(|a, b| (a.0.is_none(), a.0, &articles[a.1].id).cmp(&(b.0.is_none(), b.0, &articles[b.1].id)));
        let days: Vec<Option<i64>> = order.iter().map(|(d, _)| *d).collect();
        let order: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();

        let mut vectorizer = Vectorizer::new(self.config.vectors.clone());
        let counts: Vec<FxHashMap<u32, f32>> = order.iter().map(|&i| vectorizer.counts(&articles[i])).collect();
        let idf = vector::idf_table(&counts);
        let vectors: Vec<SparseVec> = counts.iter().map(|c| vectorizer.vector(c, |t| idf[&t])).collect();
        let keys = vectors
            .iter()
            .map(|v| {
                let mut strongest: Vec<&(u32, f32)> = v.iter().collect();
                strongest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                strongest
                    .iter()
                    .take(self.config.index_terms)
                    .map(|(t, _)| *t)
                    .collect()
            })
            .collect();

        let rule = self.rule();
        let (threshold, stale_days) = (rule.threshold, rule.stale_days);
        let mut state = Clustering {
            vectors: &vectors,
            days: &days,
            keys,
            clusters: Vec::new(),
            assigned: vec![0; vectors.len()],
            index: FxHashMap::default(),
            threshold,
            relative: self.config.relative_threshold,
            split_ratio: self.config.split_ratio,
            stale_days,
            stale_factor: self.config.stale_factor,
        };
        state.online();
        state.refine(self.config.refine_passes);
        if self.config.merge_stories {
            state.merge();
        }
        state.split_incoherent();
        state.absorb_outliers();

        let mut stories: Vec<(usize, Story)> = state
            .clusters
            .iter()
            .filter(|c| !c.members.is_empty())
            .map(|c| {
                let canonical: Vec<usize> = c.members.iter().map(|&k| order[k]).collect();
                let title = story_title(c, &vectors, &order, articles);
                let mut documents: Vec<DocId> = canonical
                    .iter()
                    .flat_map(|i| copies_of.get(i).cloned().unwrap_or_else(|| vec![*i]))
                    .map(|i| articles[i].id.clone())
                    .collect();
                documents.sort();
                documents.dedup();
                let first = c.members.iter().next().copied().unwrap_or(usize::MAX);
                let (key_terms, names) = label(c, &vectorizer);
                let texts: Vec<&str> = canonical.iter().map(|&i| articles[i].text.as_str()).collect();
                let typed_names = label::type_names(&names, &texts);
                let story = Story {
                    id: String::new(),
                    title,
                    articles: canonical.iter().map(|&i| articles[i].id.clone()).collect(),
                    documents,
                    key_terms,
                    names,
                    typed_names,
                    profile: profile(c, &vectorizer, &idf),
                };
                (first, story)
            })
            .collect();
        stories.sort_by_key(|(first, _)| *first);
        stories
            .into_iter()
            .enumerate()
            .map(|(n, (_, mut story))| {
                story.id = format!("s{}", n + 1);
                story
            })
            .collect()
    }
}

/// A cluster's profile: its strongest summed term weights with their idf.
fn profile(cluster: &Cluster, vectorizer: &Vectorizer, idf: &FxHashMap<u32, f32>) -> StoryProfile {
    let mut terms: Vec<(u32, f32)> = cluster
        .sum
        .iter()
        .map(|(&t, &w)| (t, w))
        .filter(|(_, w)| *w > 0.0)
        .collect();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    StoryProfile {
        terms: terms
            .into_iter()
            .take(PROFILE_TERMS)
            .map(|(t, w)| (vectorizer.key(t).to_string(), w, idf[&t]))
            .collect(),
        members: cluster.members.len(),
        cohesion: cluster.cohesion(),
        first_day: cluster.first_day,
        last_day: cluster.last_day,
    }
}

/// The headline of the titled member most similar to the rest of the
/// story; else the opening words of the first article.
fn story_title(cluster: &Cluster, vectors: &[SparseVec], order: &[usize], articles: &[Article]) -> String {
    let titled = cluster
        .members
        .iter()
        .filter_map(|&k| articles[order[k]].title.as_ref().map(|t| (k, t)))
        .map(|(k, t)| (cluster.similarity(&vectors[k]), std::cmp::Reverse(k), t))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    if let Some((_, _, title)) = titled {
        return title.clone();
    }
    let first = cluster
        .members
        .iter()
        .next()
        .map_or("", |&k| articles[order[k]].text.as_str());
    let words: Vec<&str> = first.split_whitespace().take(12).collect();
    let ellipsis = if first.split_whitespace().count() > 12 {
        "…"
    } else {
        ""
    };
    format!("{}{ellipsis}", words.join(" "))
}
