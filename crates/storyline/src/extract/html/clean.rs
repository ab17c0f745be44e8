//! What a page carries besides its content: sections of related links,
//! cookie and privacy consent dialogs, reader comment threads, and text it
//! hides (screen-reader labels, boxes a script reveals). Found in one walk over the elements and removed
//! before any candidate is scored; every look into a subtree is bounded, so
//! nested boxes cost the page once.

use super::super::blocks::word_count;
use super::collapse;
use dom_query::Document;

/// What an element is, when it is not the page's content.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NonContent {
    /// A consent dialog or a comment thread: removed unless it wraps the page.
    Box,
    /// Hidden or screen-reader-only: removed unless it holds running text.
    Hidden,
}

/// Substrings of an `id` (lower-cased) naming a cookie or privacy consent
/// dialog, by the names their managers (OneTrust, Didomi, Sourcepoint,
/// Cookiebot, Usercentrics…) and sites give them; pages ship them in full,
/// often longer than the article.
const CONSENT_IDS: &[&str] = &[
    "onetrust",
    "consent",
    "cookie",
    "gdpr",
    "didomi",
    "cookiebot",
    "usercentrics",
    "sp_message",
];
/// Substrings of a `class` attribute (lower-cased) naming a consent dialog.
const CONSENT_CLASSES: &[&str] = &["consent", "cookie-banner", "cookie-notice", "cookie-consent", "gdpr"];
/// Reader comment threads, by the ids and classes blog engines and comment
/// services give them.
const COMMENT_IDS: &[&str] = &["comments", "disqus_thread", "respond"];
const COMMENT_CLASSES: &[&str] = &[
    "comments",
    "comment-list",
    "commentlist",
    "comments-area",
    "comments-wrapper",
    "comment-section",
    "comments-section",
    "comment-respond",
];
/// Classes of text the page does not show: screen-reader labels ("Article
/// content") and boxes kept hidden (sign-in walls, alternate versions).
const HIDDEN_CLASSES: &[&str] = &[
    "hidden",
    "visually-hidden",
    "sr-only",
    "screen-reader-text",
    "screenreader-only",
    "d-none",
    "is-hidden",
];

/// The class of a card a script shows when the pointer rests on a name or
/// a term (`rollover-people-block`, `tooltiptext`, `popover-content`): its
/// links and summaries would otherwise be glued into the sentence. The
/// element wrapping the name itself (`rollover-people`) does not match.
static HOVER_CARD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)^(?:rollover|tooltip|popover|hover-?card)[-_a-z]*?[-_]?(?:block|content|text|card|body|popup)$",
    )
    .unwrap()
});

/// Whether a class names a hover card; the prefixes are checked before the
/// pattern, since every class of every element passes here.
fn is_hover_card(class: &str) -> bool {
    ["rollover", "tooltip", "popover", "hover"].iter().any(|prefix| {
        class
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    }) && HOVER_CARD.is_match(class)
}

/// Classifies one element by its `id`, `class`, `hidden` and `style`.
fn non_content(node: &dom_query::NodeRef) -> Option<NonContent> {
    let id = node.attr("id").map(|v| v.to_ascii_lowercase()).unwrap_or_default();
    let class = node.attr("class").map(|v| v.to_string()).unwrap_or_default();
    let class_lower = class.to_ascii_lowercase();
    let tokens = || class.split_ascii_whitespace();
    let dialog = CONSENT_IDS.iter().any(|s| id.contains(s))
        || CONSENT_CLASSES.iter().any(|s| class_lower.contains(s))
        || COMMENT_IDS.contains(&id.as_str())
        || tokens().any(|t| COMMENT_CLASSES.contains(&t));
    if dialog || tokens().any(is_hover_card) {
        return Some(NonContent::Box);
    }
    let style = node.attr("style").map(|v| v.to_ascii_lowercase()).unwrap_or_default();
    let hidden = node.has_attr("hidden")
        || tokens().any(|t| HIDDEN_CLASSES.contains(&t))
        || style.contains("display:none")
        || style.contains("display: none");
    hidden.then_some(NonContent::Hidden)
}

/// Removes related-content sections, consent dialogs, comment threads and
/// hidden text before any candidate is scored, in one walk over the
/// elements after the sections are gone. An element that wraps
/// the page (holds the headline or the main element) only carries a flag in
/// its class list (`consent-managed`); a hidden one with running text is
/// article text a script would reveal, and a link's hidden label still
/// tells that the card around it is a link.
pub(super) fn remove_non_content(document: &Document) {
    remove_related_sections(document);
    let found: Vec<(dom_query::NodeRef, NonContent)> = document
        .root()
        .descendants_it()
        .filter(|node| node.is_element())
        .filter_map(|node| non_content(&node).map(|kind| (node, kind)))
        .collect();
    for (node, kind) in found {
        let keep = wraps_page(&node)
            || (kind == NonContent::Hidden
                && (holds_running_text(&node)
                    || node
                        .ancestors_it(Some(3))
                        .any(|a| a.node_name().is_some_and(|n| n.as_ref() == "a"))));
        if !keep {
            node.remove_from_parent();
        }
    }
}

/// Most related-content sections looked at on one page.
const MAX_RELATED_SECTIONS: usize = 20;
/// Most elements a related-content section has; one with more is the page.
const MAX_SECTION_ELEMENTS: usize = 100;

/// Removes each section that a heading marked as related content opens
/// (`<h3 class="relatedpoststitle">`, `<h2 id="related-articles">`): the
/// heading and the elements after it in its parent, which is where pages
/// put teaser lists, whether the parent is a box of its own or the
/// article body's end. Marked by class or id, not by its words: a heading
/// reading "Read more" or "Mehr zum Thema" also opens sections of the
/// article itself. A section that holds the headline is left alone.
fn remove_related_sections(document: &Document) {
    let headings = document.select("h2, h3, h4, h5, h6");
    let marked = headings.nodes().iter().filter(|heading| {
        heading
            .class()
            .is_some_and(|c| c.to_ascii_lowercase().contains("related"))
            || heading
                .id_attr()
                .is_some_and(|i| i.to_ascii_lowercase().starts_with("related"))
    });
    // Bounds for a page built to be slow: a page has a few such sections of
    // a few elements each.
    for heading in marked.take(MAX_RELATED_SECTIONS) {
        let section: Vec<dom_query::NodeRef> =
            std::iter::successors(Some(*heading), |node| node.next_element_sibling())
                .take(MAX_SECTION_ELEMENTS + 1)
                .collect();
        if section.len() > MAX_SECTION_ELEMENTS
            || section
                .iter()
                .any(|node| any_descendant(node, |d| named(d, &["h1", "main"])))
        {
            continue;
        }
        for node in section {
            node.remove_from_parent();
        }
    }
}

fn named(node: &dom_query::NodeRef, names: &[&str]) -> bool {
    node.node_name().is_some_and(|name| names.contains(&name.as_ref()))
}

fn wraps_page(node: &dom_query::NodeRef) -> bool {
    named(node, &["html", "body", "main", "article"]) || any_descendant(node, |d| named(d, &["h1", "main"]))
}

/// A paragraph of 30 words or more (dialogs and labels are shorter).
fn holds_running_text(node: &dom_query::NodeRef) -> bool {
    any_descendant(node, |d| {
        d.node_name().is_some_and(|n| n.as_ref() == "p") && word_count(&d.text()) >= 30
    })
}

/// The element's text when it is at most `limit` bytes, found without
/// reading a large subtree (the walk stops at a few dozen nodes).
pub(super) fn short_text(node: &dom_query::NodeRef, limit: usize) -> Option<String> {
    let mut length = 0;
    for descendant in node.descendants_it().take(64) {
        if descendant.is_text() {
            length += descendant.text().len();
            if length > limit * 4 {
                return None;
            }
        }
    }
    if node.descendants_it().nth(64).is_some() {
        return None;
    }
    let text = collapse(&node.text());
    (text.len() <= limit).then_some(text)
}

/// Descendants looked at when telling a box from the page: a dialog is
/// small, and a bound keeps nested boxes from costing the square of the page.
const DESCENDANT_BUDGET: usize = 5_000;

/// Whether one of the first [`DESCENDANT_BUDGET`] descendants satisfies `test`.
pub(super) fn any_descendant(node: &dom_query::NodeRef, test: impl Fn(&dom_query::NodeRef) -> bool) -> bool {
    node.descendants_it()
        .take(DESCENDANT_BUDGET)
        .filter(|d| d.is_element())
        .any(|d| test(&d))
}
