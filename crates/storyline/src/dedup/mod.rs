//! Duplicates stage: articles + [`Fingerprint`]s → [`DupGroup`]s.
//!
//! Exact copies share a normalised-text hash. Near copies and truncated copies
//! are found among LSH candidates (`lsh`) and every candidate is verified on
//! the exact shingle sets (`verify`): a pair links when its Jaccard
//! similarity reaches `min_jaccard` (a near copy) or when the shorter text is
//! at least `min_containment` contained in the longer (a cut or re-wrapped
//! copy). Linked documents form components; each component then keeps only
//! the members verified against its canonical copy (or linked to a member
//! that is a near copy of it), so two unrelated texts never join through a
//! chain of weak links. The canonical copy is chosen by
//! a stated, deterministic [`CanonicalPolicy`].

mod explain;
mod lsh;
mod spill;
mod verify;

use crate::fingerprint::Fingerprint;
use crate::model::{Article, DocId};
use chrono::Datelike;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::collections::BTreeMap;

pub use explain::{passages_between, shared_passages, PassageWords, SharedPassage};
pub use spill::{SpillBuilder, SpilledDocuments};
pub use verify::{similarity, Similarity};

/// Which copy of a group is canonical.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CanonicalPolicy {
    /// The most complete copy: the longest text (copies within 2% of the
    /// longest count as equally long), then the most metadata, then the
    /// earliest date, then the smallest id.
    #[default]
    MostComplete,
    /// The longest text, then the earliest date, then the smallest id.
    Longest,
    /// The earliest dated copy, then the most complete.
    Earliest,
    /// A copy from this source (case-insensitive), then the most complete.
    Source(String),
}

/// Knobs of the duplicates stage.
#[derive(Debug, Clone)]
pub struct DedupConfig {
    /// LSH bands.
    pub bands: usize,
    /// Minima per band.
    pub rows: usize,
    /// Jaccard similarity at which two texts are near duplicates.
    pub min_jaccard: f64,
    /// Share of the shorter text found in the longer at which it is a copy.
    pub min_containment: f64,
    /// Fewest shingles the shorter text needs for containment to count.
    pub min_shingles_for_containment: usize,
    /// How the canonical copy is chosen.
    pub policy: CanonicalPolicy,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            bands: 64,
            rows: 2,
            min_jaccard: 0.5,
            min_containment: 0.8,
            min_shingles_for_containment: 20,
            policy: CanonicalPolicy::default(),
        }
    }
}

/// Why two documents were linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkRule {
    /// Same words in the same order.
    Exact,
    /// Jaccard similarity at or above the threshold.
    Near,
    /// The shorter copy is contained in the longer one.
    Containment,
}

/// The evidence for one linked pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairEvidence {
    /// One document (the smaller id).
    pub a: DocId,
    /// The other document.
    pub b: DocId,
    /// Jaccard similarity of their shingle sets.
    pub jaccard: f64,
    /// Share of the shorter copy found in the longer.
    pub containment: f64,
    /// Share of `a` found in `b`.
    pub a_in_b: f64,
    /// Share of `b` found in `a`.
    pub b_in_a: f64,
    /// The rule that linked them.
    pub rule: LinkRule,
    /// The longest passages both texts contain, with their spans.
    pub shared_passages: Vec<SharedPassage>,
}

/// Copies of one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DupGroup {
    /// The canonical copy.
    pub canonical: DocId,
    /// All copies, canonical included, sorted by id.
    pub members: Vec<DocId>,
    /// Verified links between members, sorted.
    pub pairs: Vec<PairEvidence>,
}

/// The result of grouping: the groups, and the components of the verified
/// link graph they were cut from. A component is closed: no member links to
/// a document outside it, so an index can regroup one component on its own
/// and get what a run over the whole corpus would.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    /// Copies of one article, sorted by canonical id.
    pub groups: Vec<DupGroup>,
    /// Linked components of two or more documents, each sorted by id; every
    /// group lies inside one component.
    pub components: Vec<Vec<DocId>>,
}

/// The duplicates stage, built once from a [`DedupConfig`].
#[derive(Debug, Clone, Default)]
pub struct Deduplicator {
    config: DedupConfig,
}

impl Deduplicator {
    /// A deduplicator with the given configuration.
    pub fn new(config: DedupConfig) -> crate::Result<Self> {
        if config.bands * config.rows == 0 {
            return Err(crate::Error::Config("LSH bands and rows must be positive".into()));
        }
        if !(0.0..=1.0).contains(&config.min_jaccard) || !(0.0..=1.0).contains(&config.min_containment) {
            return Err(crate::Error::Config("similarity thresholds must lie in [0, 1]".into()));
        }
        Ok(Deduplicator { config })
    }

    /// Groups copies; `articles[i]` is described by `prints[i]`. Groups are
    /// sorted by canonical id and independent of input order.
    pub fn group(&self, articles: &[Article], prints: &[Fingerprint]) -> Vec<DupGroup> {
        self.group_all(articles, prints).groups
    }

    /// The LSH bucket keys of a signature, one per band: two documents are
    /// candidates when they share one. Stable across runs; they change only
    /// with the signature format ([`crate::fingerprint::SIGNATURE_FORMAT_VERSION`]),
    /// so an index may store them.
    pub fn bucket_keys(&self, mins: &[u32]) -> Vec<u64> {
        lsh::bucket_keys(mins, self.config.bands, self.config.rows).collect()
    }

    /// Whether two documents could be linked, judged from their MinHash
    /// signatures and shingle counts alone (no texts): a cheap filter before
    /// [`Deduplicator::link`]. The margins lie several standard errors of a
    /// 128-permutation estimate below the thresholds, so a pair that would
    /// link is kept.
    pub fn may_link(&self, a: &[u32], a_shingles: usize, b: &[u32], b_shingles: usize) -> bool {
        let agree = a.iter().zip(b).filter(|(x, y)| x == y).count();
        let perms = a.len().min(b.len()).max(1);
        let jaccard = agree as f64 / perms as f64;
        let shared = jaccard * (a_shingles + b_shingles) as f64 / (1.0 + jaccard);
        let containment = shared / a_shingles.min(b_shingles).max(1) as f64;
        jaccard >= self.config.min_jaccard - 0.2 || containment >= self.config.min_containment - 0.3
    }

    /// The rule that links two fingerprinted texts, with their similarity
    /// (oriented from `a` to `b`), or `None` when they are not copies.
    pub fn link(&self, a: &Fingerprint, b: &Fingerprint) -> Option<(Similarity, LinkRule)> {
        self.link_sets(a.exact, &a.shingles, b.exact, &b.shingles)
    }

    /// Groups copies as [`Deduplicator::group`] does, and also returns the
    /// link-graph components the groups were cut from.
    pub fn group_all(&self, articles: &[Article], prints: &[Fingerprint]) -> Grouping {
        self.group_documents(&InMemory { articles, prints })
    }

    /// Groups the copies among any [`Documents`]: in memory, or spilled to
    /// disk for corpora larger than memory. Only the documents that some
    /// candidate pair names have their shingles in memory at once.
    pub fn group_documents(&self, docs: &impl Documents) -> Grouping {
        // Work in id order so that every tie-break is order-independent.
        let mut order: Vec<usize> = (0..docs.count()).collect();
        order.sort_by(|&x, &y| docs.id(x).cmp(docs.id(y)));

        let mut candidates: Vec<(usize, usize)> = Vec::new();
        let mut by_exact: HashMap<u64, usize> = HashMap::default();
        for &i in &order {
            match by_exact.get(&docs.exact(i)) {
                Some(&first) => candidates.push(key(first, i)),
                None => {
                    by_exact.insert(docs.exact(i), i);
                }
            }
        }
        drop(by_exact);
        let with_shingles: Vec<usize> = order.iter().copied().filter(|&i| docs.has_shingles(i)).collect();
        let signatures: Vec<&[u32]> = with_shingles.iter().map(|&i| docs.signature(i)).collect();
        let lsh_pairs = lsh::candidate_pairs(&signatures, self.config.bands, self.config.rows);
        drop(signatures);
        candidates.extend(
            lsh_pairs
                .into_iter()
                .map(|(x, y)| key(with_shingles[x], with_shingles[y])),
        );
        candidates.sort_unstable();
        candidates.dedup();

        // Shingles of every document some candidate pair names, once each.
        let mut named: Vec<usize> = candidates.iter().flat_map(|&(i, j)| [i, j]).collect();
        named.sort_unstable();
        named.dedup();
        let shingles: HashMap<usize, std::borrow::Cow<'_, [u64]>> =
            named.par_iter().map(|&i| (i, docs.shingles(i))).collect();
        let verify = |i: usize, j: usize| {
            let (a, b) = key(i, j);
            self.link_sets(docs.exact(a), &shingles[&a], docs.exact(b), &shingles[&b])
        };
        let mut links: BTreeMap<(usize, usize), (Similarity, LinkRule)> = candidates
            .par_iter()
            .filter_map(|&(i, j)| verify(i, j).map(|link| ((i, j), link)))
            .collect();

        let mut groups = Vec::new();
        let mut linked = Vec::new();
        for component in components(docs.count(), links.keys().copied(), &order) {
            let mut ids: Vec<DocId> = component.iter().map(|&i| docs.id(i).clone()).collect();
            ids.sort();
            linked.push(ids);
            split_coherent(component, docs, &self.config.policy, &verify, &mut links, &mut groups);
        }
        linked.sort();
        groups.sort_by(|a: &DupGroup, b| a.canonical.cmp(&b.canonical));
        let row: HashMap<&DocId, usize> = named.iter().map(|&i| (docs.id(i), i)).collect();
        // Each group's texts are read and their words hashed once, however
        // many of its pairs name them.
        groups.par_iter_mut().for_each(|group| {
            let mut paired: Vec<usize> = group.pairs.iter().flat_map(|p| [row[&p.a], row[&p.b]]).collect();
            paired.sort_unstable();
            paired.dedup();
            let texts: Vec<std::borrow::Cow<'_, str>> = paired.par_iter().map(|&i| docs.text(i)).collect();
            let words: HashMap<usize, PassageWords<'_>> = paired
                .par_iter()
                .zip(&texts)
                .map(|(&i, text)| (i, PassageWords::of(text)))
                .collect();
            group
                .pairs
                .par_iter_mut()
                .for_each(|pair| pair.shared_passages = passages_between(&words[&row[&pair.a]], &words[&row[&pair.b]]));
        });
        Grouping {
            groups,
            components: linked,
        }
    }

    /// [`Deduplicator::link`] on exact hashes and shingle sets.
    fn link_sets(&self, exact_a: u64, a: &[u64], exact_b: u64, b: &[u64]) -> Option<(Similarity, LinkRule)> {
        let s = similarity(a, b);
        if exact_a == exact_b {
            Some((s, LinkRule::Exact))
        } else if s.jaccard >= self.config.min_jaccard {
            Some((s, LinkRule::Near))
        } else if s.containment() >= self.config.min_containment
            && s.smaller >= self.config.min_shingles_for_containment
        {
            Some((s, LinkRule::Containment))
        } else {
            None
        }
    }
}

/// Keeps the members verified against the canonical copy; the rest are
/// grouped again among themselves.
fn split_coherent(
    mut component: Vec<usize>,
    docs: &impl Documents,
    policy: &CanonicalPolicy,
    verify: &(impl Fn(usize, usize) -> Option<(Similarity, LinkRule)> + Sync),
    links: &mut BTreeMap<(usize, usize), (Similarity, LinkRule)>,
    groups: &mut Vec<DupGroup>,
) {
    while component.len() >= 2 {
        let canonical = choose_canonical_among(&component, docs, policy);
        let mut members = vec![canonical];
        let mut rest = Vec::new();
        for &m in component.iter().filter(|&&m| m != canonical) {
            if let std::collections::btree_map::Entry::Vacant(slot) = links.entry(key(m, canonical)) {
                match verify(m, canonical) {
                    Some(link) => {
                        slot.insert(link);
                    }
                    None => {
                        rest.push(m);
                        continue;
                    }
                }
            }
            members.push(m);
        }
        admit_through_near_copies(canonical, &mut members, &mut rest, links);
        if members.len() >= 2 {
            groups.push(make_group(canonical, &members, docs, links));
        }
        component = rest;
    }
}

/// Admits the documents that failed against the canonical copy but are
/// linked to a member that is itself a copy of it by the exact or the near
/// rule (not by containment): a cut copy of the original whose canonical is
/// an edited version. One step only, through a near copy, so what joins
/// still shares most of its text with the canonical copy; links by
/// containment, which a small part of a text can satisfy, never vouch.
fn admit_through_near_copies(
    canonical: usize,
    members: &mut Vec<usize>,
    rest: &mut Vec<usize>,
    links: &BTreeMap<(usize, usize), (Similarity, LinkRule)>,
) {
    let near: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&m| m != canonical)
        .filter(|&m| {
            links
                .get(&key(m, canonical))
                .is_some_and(|(_, rule)| matches!(rule, LinkRule::Exact | LinkRule::Near))
        })
        .collect();
    rest.retain(|&r| {
        let vouched = near.iter().any(|&m| links.contains_key(&key(r, m)));
        if vouched {
            members.push(r);
        }
        !vouched
    });
}

/// What the canonical-copy policy weighs about one copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyFacts<'a> {
    /// Words in the clean text.
    pub words: usize,
    /// Metadata fields known (title, date, source, URL, author).
    pub metadata: usize,
    /// Publication day (days from the common era).
    pub day: Option<i64>,
    /// Outlet.
    pub source: Option<&'a str>,
}

impl<'a> CopyFacts<'a> {
    /// The facts of an article.
    pub fn of(article: &'a Article) -> Self {
        CopyFacts {
            words: article.word_count(),
            metadata: article.metadata_count(),
            day: article.published.map(|p| p.date.num_days_from_ce() as i64),
            source: article.source.as_deref(),
        }
    }
}

/// The documents the duplicates stage groups, by position. Implemented for
/// articles held in memory, and by [`SpilledDocuments`] for corpora whose
/// texts live on disk while they are grouped.
pub trait Documents: Sync {
    /// How many documents.
    fn count(&self) -> usize;
    /// Document id.
    fn id(&self, i: usize) -> &DocId;
    /// Hash of the normalised word sequence.
    fn exact(&self, i: usize) -> u64;
    /// MinHash signature minima.
    fn signature(&self, i: usize) -> &[u32];
    /// Whether the text has any shingle (a text without words has none).
    fn has_shingles(&self, i: usize) -> bool;
    /// Sorted distinct shingle hashes, computed again where not kept.
    fn shingles(&self, i: usize) -> std::borrow::Cow<'_, [u64]>;
    /// The clean text.
    fn text(&self, i: usize) -> std::borrow::Cow<'_, str>;
    /// What the canonical-copy policy weighs.
    fn facts(&self, i: usize) -> CopyFacts<'_>;
}

struct InMemory<'a> {
    articles: &'a [Article],
    prints: &'a [Fingerprint],
}

impl Documents for InMemory<'_> {
    fn count(&self) -> usize {
        self.articles.len()
    }
    fn id(&self, i: usize) -> &DocId {
        &self.articles[i].id
    }
    fn exact(&self, i: usize) -> u64 {
        self.prints[i].exact
    }
    fn signature(&self, i: usize) -> &[u32] {
        &self.prints[i].signature.mins
    }
    fn has_shingles(&self, i: usize) -> bool {
        !self.prints[i].shingles.is_empty()
    }
    fn shingles(&self, i: usize) -> std::borrow::Cow<'_, [u64]> {
        std::borrow::Cow::Borrowed(&self.prints[i].shingles)
    }
    fn text(&self, i: usize) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(&self.articles[i].text)
    }
    fn facts(&self, i: usize) -> CopyFacts<'_> {
        CopyFacts::of(&self.articles[i])
    }
}

fn key(i: usize, j: usize) -> (usize, usize) {
    (i.min(j), i.max(j))
}

/// Connected components of the link graph (union-find), each sorted in id
/// order, only those of two or more documents.
fn components(n: usize, edges: impl Iterator<Item = (usize, usize)>, order: &[usize]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (a, b) in edges {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in order {
        let root = find(&mut parent, i);
        by_root.entry(root).or_default().push(i);
    }
    by_root.into_values().filter(|c| c.len() >= 2).collect()
}

fn make_group(
    canonical: usize,
    members: &[usize],
    docs: &impl Documents,
    links: &BTreeMap<(usize, usize), (Similarity, LinkRule)>,
) -> DupGroup {
    let mut pairs = Vec::new();
    for (x, &i) in members.iter().enumerate() {
        for &j in &members[x + 1..] {
            if let Some((s, rule)) = links.get(&key(i, j)) {
                let (lo, hi) = key(i, j);
                let (a, b, a_in_b, b_in_a) = if docs.id(lo) <= docs.id(hi) {
                    (lo, hi, s.a_in_b, s.b_in_a)
                } else {
                    (hi, lo, s.b_in_a, s.a_in_b)
                };
                pairs.push(PairEvidence {
                    a: docs.id(a).clone(),
                    b: docs.id(b).clone(),
                    jaccard: round4(s.jaccard),
                    containment: round4(s.containment()),
                    a_in_b: round4(a_in_b),
                    b_in_a: round4(b_in_a),
                    rule: *rule,
                    // Filled in afterwards, in parallel over all pairs.
                    shared_passages: Vec::new(),
                });
            }
        }
    }
    pairs.sort_by(|p, q| (&p.a, &p.b).cmp(&(&q.a, &q.b)));
    let mut ids: Vec<DocId> = members.iter().map(|&m| docs.id(m).clone()).collect();
    ids.sort();
    DupGroup {
        canonical: docs.id(canonical).clone(),
        members: ids,
        pairs,
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Picks the canonical member of a group of articles under `policy`.
pub fn choose_canonical(members: &[usize], articles: &[Article], policy: &CanonicalPolicy) -> usize {
    pick_canonical(members, &|m| (&articles[m].id, CopyFacts::of(&articles[m])), policy)
}

fn choose_canonical_among(members: &[usize], docs: &impl Documents, policy: &CanonicalPolicy) -> usize {
    pick_canonical(members, &|m| (docs.id(m), docs.facts(m)), policy)
}

/// The policy's ranking: its primary key, then completeness (within 2% of
/// the longest, metadata, earliest date, length), then the smallest id.
fn pick_canonical<'a>(
    members: &[usize],
    facts_of: &dyn Fn(usize) -> (&'a DocId, CopyFacts<'a>),
    policy: &CanonicalPolicy,
) -> usize {
    let longest = members.iter().map(|&m| facts_of(m).1.words).max().unwrap_or(0);
    let rank = |m: usize| {
        let (id, f) = facts_of(m);
        let primary: i64 = match policy {
            CanonicalPolicy::MostComplete => 0,
            CanonicalPolicy::Longest => f.words as i64,
            CanonicalPolicy::Earliest => f.day.map_or(i64::MIN, |d| -d),
            CanonicalPolicy::Source(name) => i64::from(f.source.is_some_and(|s| s.eq_ignore_ascii_case(name))),
        };
        let completeness = (
            f.words * 100 >= longest * 98,
            f.metadata,
            std::cmp::Reverse(f.day.unwrap_or(i64::MAX)),
            f.words,
        );
        (primary, completeness, std::cmp::Reverse(id))
    };
    members.iter().copied().max_by_key(|&m| rank(m)).unwrap_or(members[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::Fingerprinter;

    /// Distinct words `w{from}` … `w{to - 1}`.
    fn words(from: usize, to: usize) -> Vec<String> {
        (from..to).map(|i| format!("w{i}")).collect()
    }

    fn group(articles: &[Article]) -> Vec<DupGroup> {
        let fingerprinter = Fingerprinter::default();
        let prints: Vec<Fingerprint> = articles.iter().map(|a| fingerprinter.fingerprint(&a.text)).collect();
        Deduplicator::default().group(articles, &prints)
    }

    fn containment(a: &str, b: &str) -> f64 {
        let fingerprinter = Fingerprinter::default();
        similarity(&fingerprinter.shingles(a), &fingerprinter.shingles(b)).containment()
    }

    #[test]
    fn a_cut_copy_joins_through_the_original_when_the_canonical_is_edited() {
        let original = words(0, 300);
        // Every twentieth word changed, and a closing line added: the edited
        // copy is the longest, so canonical.
        let mut edited: Vec<String> = original
            .iter()
            .enumerate()
            .map(|(i, w)| if i % 20 == 3 { format!("x{i}") } else { w.clone() })
            .collect();
        edited.extend(words(1000, 1020));
        edited.extend(["closing", "line", "of", "the", "edited", "copy"].map(String::from));
        let cut = original[..140].join(" ");
        let (original, edited) = (original.join(" "), edited.join(" "));
        assert!(
            containment(&cut, &edited) < 0.8,
            "the cut copy fails against the edited one"
        );
        assert!(containment(&cut, &original) >= 0.8);
        let groups = group(&[
            Article::new("a-edited", edited),
            Article::new("b-original", original),
            Article::new("c-cut", cut),
        ]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].canonical.0, "a-edited");
        assert_eq!(groups[0].members.len(), 3);
    }

    #[test]
    fn a_member_linked_only_by_containment_vouches_for_nothing() {
        let canonical = words(0, 500);
        let part = canonical[..200].join(" ");
        // Holds the part, and as much again that no other text has.
        let holder = format!("{part} {}", words(5000, 5300).join(" "));
        let canonical = canonical.join(" ");
        assert!(containment(&holder, &canonical) < 0.8);
        assert!(containment(&part, &holder) >= 0.8);
        let groups = group(&[
            Article::new("a-canonical", canonical),
            Article::new("b-part", part),
            Article::new("c-holder", holder),
        ]);
        let with_canonical = groups.iter().find(|g| g.canonical.0 == "a-canonical").unwrap();
        let members: Vec<&str> = with_canonical.members.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(members, ["a-canonical", "b-part"]);
    }
}
