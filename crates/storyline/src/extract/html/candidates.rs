//! The main-text candidates beside readability's choice: the element the
//! page marks as its article body (or the parent of several marked
//! paragraphs), the element holding the most paragraph text, and the
//! page's `<main>`; and when each replaces readability's text.

use super::super::blocks::word_count;
use super::super::markup;
use super::clean::any_descendant;
use dom_query::Document;

/// Fewest words the marked body needs to replace readability's choice.
const MIN_ALTERNATIVE_WORDS: usize = 150;

/// Fewer words than this and readability found no article: the densest run
/// of paragraphs is taken instead, when it holds at least twice as many.
const MIN_READABLE_WORDS: usize = 40;

/// How many times readability's text the densest run of paragraphs, or the
/// page's `<main>`, must hold to replace it whatever they share:
/// readability settled on an introduction or a box beside a body split
/// into many sections.
const DWARFED: usize = 5;

/// Whether the densest run of paragraphs is a better main text: readability
/// found next to nothing, or less than half of it (its paragraphs sit in
/// separate wrappers that readability did not join), or at most a fifth of
/// it.
pub(super) fn cluster_replaces(current: &str, cluster: &str) -> bool {
    let (have, offered) = (word_count(current), word_count(cluster));
    (have < MIN_READABLE_WORDS && offered >= 2 * MIN_READABLE_WORDS)
        || dwarfs(current, cluster)
        || (offered >= 2 * have && shared_trigram_share(current, cluster) >= 0.9)
}

/// The text of the page's `<main>` element, as Markdown.
pub(super) fn main_element_text(document: &Document) -> Option<String> {
    let main = document.select("main");
    main.nodes().first().map(markup::to_markdown)
}

/// Whether `offered` holds [`DWARFED`] times the words of `current`, so
/// that it replaces it whatever they share.
pub(super) fn dwarfs(current: &str, offered: &str) -> bool {
    word_count(offered) >= DWARFED * word_count(current)
}

/// Whether the marked body is a better main text than readability's: it
/// holds far more text, or more text and none of the same (readability
/// settled on something else).
pub(super) fn replaces(current: &str, marked: &str) -> bool {
    let (have, offered) = (word_count(current), word_count(marked));
    offered > 2 * have || (offered > have && shared_trigram_share(current, marked) < 0.1)
}

/// Share of `a`'s word trigrams that `b` also holds: near 1 for a fragment
/// of `b`, near 0 for an unrelated text (single words are shared by any
/// two texts of one language).
fn shared_trigram_share(a: &str, b: &str) -> f64 {
    let trigrams = |text: &str| -> std::collections::HashSet<[String; 3]> {
        let words: Vec<String> = crate::text::words(text).collect();
        words
            .windows(3)
            .map(|w| [w[0].clone(), w[1].clone(), w[2].clone()])
            .collect()
    };
    let (mine, theirs) = (trigrams(a), trigrams(b));
    if mine.is_empty() {
        return 0.0;
    }
    mine.iter().filter(|t| theirs.contains(*t)).count() as f64 / mine.len() as f64
}

/// Containers whose paragraphs are not the article's (as are comment threads).
const NOT_ARTICLE: &[&str] = &["nav", "footer", "aside", "form", "header"];

/// The element whose paragraphs hold the most words, as Markdown: the
/// classic densest-block candidate, free of readability's class-name
/// guesses. A paragraph's words count for its parent, and less for the two
/// elements above, so a body split in sections still wins.
pub(super) fn paragraph_cluster_text(document: &Document) -> Option<String> {
    let outside_article = |a: &dom_query::NodeRef| {
        a.node_name().is_some_and(|n| NOT_ARTICLE.contains(&n.as_ref()))
            || [a.id_attr(), a.class()]
                .iter()
                .flatten()
                .any(|name| name.to_ascii_lowercase().contains("comment"))
    };
    let mut scores: std::collections::HashMap<dom_query::NodeId, usize> = std::collections::HashMap::new();
    let paragraphs = document.select("p");
    for p in paragraphs.nodes().iter().take(5_000) {
        let ancestors = p.ancestors(Some(12));
        if ancestors.iter().any(outside_article) {
            continue;
        }
        let words = word_count(&p.text());
        if words < 3 {
            continue;
        }
        // Weights 6:3:2 for parent, grandparent and the one above: a body
        // whose paragraphs each sit in their own wrapper still adds up.
        for (ancestor, weight) in ancestors.iter().zip([6, 3, 2]) {
            *scores.entry(ancestor.id).or_default() += weight * words;
        }
    }
    let (best, _) = scores
        .into_iter()
        .max_by_key(|(id, score)| (*score, std::cmp::Reverse(*id)))?;
    let node = dom_query::NodeRef::new(best, &document.tree);
    Some(markup::to_markdown(&node))
}

/// Elements pages use to mark their article body, most specific first.
const ARTICLE_BODY_SELECTORS: &str = "[itemprop='articleBody'], [class*='article-body'], [class*='articleBody'], \
     [class*='article__body'], [class*='story-body'], [class*='entry-content'], [class*='post-content'], article";

/// The text of the marked article element holding the most words. Some
/// pages mark every paragraph rather than the body (`article-body__element`);
/// the parent of three or more marked paragraphs is then a candidate too.
pub(super) fn marked_article_text(document: &Document) -> Option<String> {
    let marked = document.select(ARTICLE_BODY_SELECTORS);
    let nodes = marked.nodes();
    let mut marked_children: std::collections::BTreeMap<dom_query::NodeId, usize> = Default::default();
    for node in nodes
        .iter()
        .take(500)
        .filter(|n| n.node_name().is_some_and(|n| n.as_ref() == "p"))
    {
        if let Some(parent) = node.parent() {
            *marked_children.entry(parent.id).or_default() += 1;
        }
    }
    let parents = marked_children
        .into_iter()
        .filter(|(_, n)| *n >= 3)
        .map(|(id, _)| dom_query::NodeRef::new(id, &document.tree));
    // A marked element inside another taken one adds nothing (the outer
    // holds all its text) and would cost another pass over the same text.
    let mut taken: std::collections::HashSet<dom_query::NodeId> = Default::default();
    let mut wholes = Vec::new();
    for node in nodes.iter().take(50) {
        let scripted = any_descendant(node, |d| {
            d.node_name().is_some_and(|n| matches!(n.as_ref(), "script" | "style"))
        });
        if scripted || node.ancestors_it(None).any(|a| taken.contains(&a.id)) {
            continue;
        }
        taken.insert(node.id);
        wholes.push(*node);
    }
    wholes
        .into_iter()
        .chain(parents)
        .map(|node| markup::to_markdown(&node))
        .max_by_key(|text| word_count(text))
        .filter(|text| word_count(text) >= MIN_ALTERNATIVE_WORDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_paragraphs_five_times_readabilitys_text_replaces_it() {
        let intro = "Michelin named its new stars for New York on Tuesday, and here is our guide to them. ".repeat(5);
        let body = |n: usize| {
            (0..n)
                .map(|i| format!("Restaurant number {i} serves a small menu of dishes from the season's market. "))
                .collect::<String>()
        };
        assert!(cluster_replaces(&intro, &body(60)));
        assert!(dwarfs(&intro, &body(60)) && !dwarfs(&intro, &body(30)));
        // Twice as much that shares nothing is another block, not the body.
        assert!(!cluster_replaces(&intro, &body(12)));
    }
}
