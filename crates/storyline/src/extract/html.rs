//! HTML pages → main text and page metadata, through `dom_smoothie` (a port of
//! Mozilla's readability.js), checked against two other candidates: the
//! element the page marks as its article body, and the element holding the
//! most paragraph text. The chosen content is written as Markdown
//! ([`super::markup`]), so links, headings and list items reach the same
//! block rules as scraped Markdown.
//!
//! Metadata is read from the parsed page before readability rewrites it:
//! the headline from `<h1>` when the page's declared titles contain it (they
//! often carry the site's name: "Headline | Site"), else from Open Graph or
//! `<title>` with a site suffix removed; the publication date from JSON-LD
//! `datePublished`, then `article:published_time` and other date metas, then
//! `<time datetime>`, then the text of an element whose class names a date
//! (trafilatura's htmldate follows a similar order).

use super::blocks::word_count;
use super::markup;
use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use regex::Regex;
use std::sync::LazyLock;

/// What the page yielded.
#[derive(Debug, Clone, Default)]
pub struct HtmlPage {
    /// Main text, paragraphs separated by blank lines.
    pub text: String,
    /// Title from JSON-LD, Open Graph or `<title>`.
    pub title: Option<String>,
    /// Byline, when the page names an author.
    pub author: Option<String>,
    /// Site name.
    pub site_name: Option<String>,
    /// Publication time as the page writes it.
    pub published: Option<String>,
    /// Last modification time as the page writes it.
    pub updated: Option<String>,
    /// Canonical URL, when declared.
    pub url: Option<String>,
    /// The page declares itself an article (JSON-LD `Article` kinds, or
    /// `og:type` `article`).
    pub declared_article: bool,
}

/// Element nesting beyond which tags are dropped (their text kept): the
/// readability scoring is quadratic in depth, and no real page nests deeper.
const MAX_NESTING: usize = 512;

/// Extracts the main text and metadata of an HTML page.
pub fn parse_page(html: &str, url: Option<&str>) -> Result<HtmlPage, String> {
    let html = flatten_deep_nesting(html, MAX_NESTING);
    let config = Config {
        // Its text is not used: the cleaned content is read as Markdown.
        text_mode: TextMode::Raw,
        max_elements_to_parse: 200_000,
        ..Default::default()
    };
    let document = Document::from(html.as_ref());
    let scripts = json_ld(&document);
    let title = headline(&document, &scripts);
    let published = published_date(&document, &scripts);
    let updated = modified_date(&document, &scripts);
    let declared_article = declares_article(&document, &scripts);
    // After the metadata: headlines carry screen-reader separators
    // ("Kicker<span class=visually-hidden>: </span>Headline").
    remove_non_content(&document);
    let marked_body = marked_article_text(&document);
    let cluster = paragraph_cluster_text(&document);
    // Readability resolves links against the URL and rejects one that is not
    // absolute; a page with a partial URL is still a page.
    let url = url.filter(|u| u.contains("://"));
    let mut readability =
        Readability::with_document(document, url, Some(config)).map_err(|e| format!("cannot parse HTML: {e}"))?;
    let article = readability.parse();
    let readable = article.as_ref().ok().map(|article| {
        let content = Document::from(article.content.as_ref());
        let body = content.select("body");
        body.nodes().first().map(markup::to_markdown).unwrap_or_default()
    });
    // Readability sometimes settles on a fragment (a teaser, one section) or
    // on the wrong block altogether (a consent notice); the page's marked
    // article body or its densest run of paragraphs can then do better.
    let text = match (readable, marked_body) {
        (Some(readable), Some(marked)) if replaces(&readable, &marked) => Some(marked),
        (None, marked) => marked,
        (readable, _) => readable,
    };
    let text = match (text, cluster) {
        (Some(text), Some(cluster)) if cluster_replaces(&text, &cluster) => Some(cluster),
        (None, cluster) => cluster,
        (text, _) => text,
    };
    let text = match (text, &article) {
        (Some(text), _) => text,
        (None, Err(e)) => return Err(format!("no article text found in HTML: {e}")),
        (None, Ok(_)) => String::new(),
    };
    let article = article.ok();
    let non_empty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let field = |f: fn(&dom_smoothie::Article) -> Option<String>| non_empty(article.as_ref().and_then(f));
    Ok(HtmlPage {
        text,
        title: title.or_else(|| field(|a| Some(a.title.clone()))),
        author: field(|a| a.byline.clone()),
        site_name: field(|a| a.site_name.clone()),
        published: published.or_else(|| field(|a| a.published_time.clone())),
        updated: updated.or_else(|| field(|a| a.modified_time.clone())),
        url: field(|a| a.url.clone()),
        declared_article,
    })
}

const DATE_METAS: &[&str] = &[
    "meta[property='article:published_time']",
    "meta[name='article:published_time']",
    "meta[itemprop='datePublished']",
    "meta[property='og:published_time']",
    "meta[name='pubdate']",
    "meta[name='publishdate']",
    "meta[name='publish-date']",
    "meta[name='published']",
    "meta[name='date']",
    "meta[name='dc.date.issued']",
    "meta[name='DC.date.issued']",
    "meta[name='parsely-pub-date']",
    "meta[name='sailthru.date']",
    "meta[property='article:published']",
];

fn attr_of(document: &Document, selector: &str, attr: &str) -> Option<String> {
    document
        .select(selector)
        .first()
        .attr(attr)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Runs of whitespace as one space; soft hyphens (invisible break hints
/// that `Paläs\u{ad}ti\u{ad}nenser` carries) dropped.
fn collapse(text: &str) -> String {
    text.replace('\u{ad}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fewest words an alternative needs to replace readability's choice.
const MIN_ALTERNATIVE_WORDS: usize = 150;

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
    if dialog {
        return Some(NonContent::Box);
    }
    let style = node.attr("style").map(|v| v.to_ascii_lowercase()).unwrap_or_default();
    let hidden = node.has_attr("hidden")
        || tokens().any(|t| HIDDEN_CLASSES.contains(&t))
        || style.contains("display:none")
        || style.contains("display: none");
    hidden.then_some(NonContent::Hidden)
}

/// Removes consent dialogs, comment threads and hidden text before any
/// candidate is scored, in one walk over the elements. An element that wraps
/// the page (holds the headline or the main element) only carries a flag in
/// its class list (`consent-managed`); a hidden one with running text is
/// article text a script would reveal, and a link's hidden label still
/// tells that the card around it is a link.
fn remove_non_content(document: &Document) {
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

fn wraps_page(node: &dom_query::NodeRef) -> bool {
    let named =
        |n: &dom_query::NodeRef, names: &[&str]| n.node_name().is_some_and(|name| names.contains(&name.as_ref()));
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
fn short_text(node: &dom_query::NodeRef, limit: usize) -> Option<String> {
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
fn any_descendant(node: &dom_query::NodeRef, test: impl Fn(&dom_query::NodeRef) -> bool) -> bool {
    node.descendants_it()
        .take(DESCENDANT_BUDGET)
        .filter(|d| d.is_element())
        .any(|d| test(&d))
}

/// Fewer words than this and readability found no article: the densest run
/// of paragraphs is taken instead, when it holds at least twice as many.
const MIN_READABLE_WORDS: usize = 40;

/// Whether the densest run of paragraphs is a better main text: readability
/// found next to nothing, or less than half of it (its paragraphs sit in
/// separate wrappers that readability did not join).
fn cluster_replaces(current: &str, cluster: &str) -> bool {
    let (have, offered) = (word_count(current), word_count(cluster));
    (have < MIN_READABLE_WORDS && offered >= 2 * MIN_READABLE_WORDS)
        || (offered >= 2 * have && shared_trigram_share(current, cluster) >= 0.9)
}

/// Whether the marked body is a better main text than readability's: it
/// holds far more text, or more text and none of the same (readability
/// settled on something else).
fn replaces(current: &str, marked: &str) -> bool {
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

/// The element whose own paragraphs hold the most words (a paragraph also
/// counts half for its grandparent, so a body split in sections still wins),
/// as Markdown: the classic densest-block candidate, free of readability's
/// class-name guesses.
fn paragraph_cluster_text(document: &Document) -> Option<String> {
    let mut scores: std::collections::HashMap<dom_query::NodeId, usize> = std::collections::HashMap::new();
    let paragraphs = document.select("p");
    for p in paragraphs.nodes().iter().take(5_000) {
        let ancestors = p.ancestors(Some(12));
        let outside_article = |a: &dom_query::NodeRef| {
            a.node_name().is_some_and(|n| NOT_ARTICLE.contains(&n.as_ref()))
                || [a.id_attr(), a.class()]
                    .iter()
                    .flatten()
                    .any(|name| name.to_ascii_lowercase().contains("comment"))
        };
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
fn marked_article_text(document: &Document) -> Option<String> {
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

/// The page's JSON-LD blocks, where news sites state headline and dates;
/// blocks that do not parse are passed over.
fn json_ld(document: &Document) -> Vec<serde_json::Value> {
    document
        .select("script[type='application/ld+json']")
        .iter()
        .filter_map(|s| serde_json::from_str(s.text().trim()).ok())
        .collect()
}

/// The first string value of `key` anywhere in the JSON-LD blocks.
fn json_ld_string(blocks: &[serde_json::Value], key: &str) -> Option<String> {
    fn find(value: &serde_json::Value, key: &str) -> Option<String> {
        match value {
            serde_json::Value::Object(map) => match map.get(key) {
                Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
                _ => map.values().find_map(|v| find(v, key)),
            },
            serde_json::Value::Array(items) => items.iter().find_map(|v| find(v, key)),
            _ => None,
        }
    }
    blocks.iter().find_map(|b| find(b, key)).map(|s| decode_entities(&s))
}

/// Whether the page says it is an article: a JSON-LD `@type` of the
/// Article family (NewsArticle, BlogPosting, Report…) or `og:type` article.
fn declares_article(document: &Document, blocks: &[serde_json::Value]) -> bool {
    fn typed(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::Object(map) => {
                let own = match map.get("@type") {
                    Some(serde_json::Value::String(t)) => article_type(t),
                    Some(serde_json::Value::Array(ts)) => ts.iter().filter_map(|t| t.as_str()).any(article_type),
                    _ => false,
                };
                own || map.values().any(typed)
            }
            serde_json::Value::Array(items) => items.iter().any(typed),
            _ => false,
        }
    }
    fn article_type(t: &str) -> bool {
        t.ends_with("Article") || matches!(t, "BlogPosting" | "Report" | "LiveBlogPosting" | "OpinionNewsArticle")
    }
    blocks.iter().any(typed)
        || attr_of(document, "meta[property='og:type']", "content").is_some_and(|t| t.eq_ignore_ascii_case("article"))
}

/// Decodes the HTML character references that leak into metadata values
/// ("&amp;", "&#038;", "&#x2019;").
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    ENTITY
        .replace_all(text, |caps: &regex::Captures| {
            let name = &caps[1];
            let decoded = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            };
            decoded.map_or_else(|| caps[0].to_string(), String::from)
        })
        .into_owned()
}

static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-z]{2,6});").unwrap());

/// The page's headline: of the `<h1>`s that are not the site's name, one
/// that the declared titles (JSON-LD, Open Graph, `<title>`) contain; else
/// the first of three or more words (the visible headline, which declared
/// titles often rephrase for search engines); else the first declared
/// title without its site suffix.
fn headline(document: &Document, blocks: &[serde_json::Value]) -> Option<String> {
    let declared: Vec<String> = [
        json_ld_string(blocks, "headline").map(|t| decode_entities(&t)),
        attr_of(document, "meta[property='og:title']", "content").map(|t| decode_entities(&t)),
        Some(collapse(&document.select("title").first().text())),
    ]
    .into_iter()
    .flatten()
    .map(|t| collapse(&t))
    .filter(|t| !t.is_empty())
    .collect();
    let key = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let h1s: Vec<String> = document
        .select("h1")
        .iter()
        .map(|h| collapse(&h.text()))
        .filter(|h| !h.is_empty())
        .collect();
    let site_names: Vec<String> = attr_of(document, "meta[property='og:site_name']", "content")
        .into_iter()
        .chain(declared.iter().filter_map(|d| site_suffix(d).map(str::to_string)))
        .map(|s| key(&s))
        .collect();
    // Not the site's name, not a menu or dialog label set in an `<h1>`, not
    // a short brand line the page repeats.
    let repeated = |h1: &String| h1.split_whitespace().count() <= 3 && h1s.iter().filter(|h| *h == h1).count() > 1;
    let headlines: Vec<&String> = h1s
        .iter()
        .filter(|h1| !site_names.contains(&key(h1)) && !UI_HEADING.is_match(h1) && !repeated(h1))
        .collect();
    // The same words as a declared title, where the page's markup lost the
    // punctuation between a kicker and the headline ("Kicker Headline" in
    // spans, "Kicker: Headline" declared): the declared spelling.
    let spelled = |h1: &String| {
        declared
            .iter()
            .map(|d| strip_site_suffix(d))
            // Not a declaration carrying Markdown or quotes of its own.
            .filter(|d| !d.contains(['#', '*', '_']) && !d.starts_with(['"', '“', '\'']))
            .find(|d| key(d) == key(h1))
            .unwrap_or_else(|| h1.clone())
    };
    let confirmed = headlines
        .iter()
        .find(|h1| h1.split_whitespace().count() >= 2 && declared.iter().any(|d| key(d).contains(&key(h1))));
    if let Some(h1) = confirmed {
        return Some(spelled(h1));
    }
    if let Some(h1) = headlines.iter().find(|h1| h1.split_whitespace().count() >= 3) {
        return Some(spelled(h1));
    }
    declared.first().map(|t| strip_site_suffix(t))
}

/// Interface labels that pages set in `<h1>` elements.
static UI_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:open|close|main)\s+menu(?:\s+close\s+menu)?|menu|navigation|search|contact(?:\s+us)?|follow\s+us|select\s+an?\s+\w+|return\s+to\s+.{1,40}|log\s*in|sign\s*in|subscribe|newsletter|cookies?(?:\s+\w+)?)$").unwrap()
});

/// The site part of "Headline | Site", when the title has one.
fn site_suffix(title: &str) -> Option<&str> {
    let stripped = strip_site_suffix(title);
    (stripped.len() < title.len()).then(|| {
        title[stripped.len()..]
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim()
    })
}

/// "Headline | Site" → "Headline" when the last part is short.
fn strip_site_suffix(title: &str) -> String {
    for separator in [" | ", " – ", " — ", " - ", " :: ", " · ", " » "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 2 {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// The publication date as the page declares it.
fn published_date(document: &Document, blocks: &[serde_json::Value]) -> Option<String> {
    // A declaration that holds no readable date ("", "{{date}}") gives way
    // to the next kind of evidence.
    let readable = |date: &String| super::dates::parse_date(date, chrono::NaiveDate::MAX).is_some();
    json_ld_string(blocks, "datePublished")
        .filter(readable)
        .or_else(|| {
            DATE_METAS
                .iter()
                .filter_map(|selector| attr_of(document, selector, "content"))
                .find(readable)
        })
        .or_else(|| {
            [
                ("[itemprop='datePublished']", "content"),
                ("time[itemprop='datePublished']", "datetime"),
                ("article time[datetime]", "datetime"),
                ("time[datetime]", "datetime"),
            ]
            .iter()
            .find_map(|(selector, attr)| {
                document
                    .select(selector)
                    .nodes()
                    .iter()
                    .take(20)
                    .filter_map(|node| node.attr(attr).map(|v| v.trim().to_string()))
                    .find(readable)
            })
        })
        .or_else(|| dated_element_text(document))
        .or_else(|| headline_area_date(document))
        .or_else(|| first_date_line(document))
}

/// The first element, in reading order, whose whole text is a date ("Nov
/// 21, 2018", "Published April 8, 2024") outside navigation, sidebars and
/// comment threads: the date a page shows under its headline without
/// marking it.
fn first_date_line(document: &Document) -> Option<String> {
    let aside = |node: &dom_query::NodeRef| {
        node.node_name()
            .is_some_and(|n| matches!(n.as_ref(), "nav" | "footer" | "aside" | "header" | "form"))
            || [node.id_attr(), node.class()].iter().flatten().any(|name| {
                let name = name.to_ascii_lowercase();
                ["comment", "related", "sidebar", "recommend", "footer"]
                    .iter()
                    .any(|word| name.contains(word))
            })
    };
    document
        .select("time, span, p, small, div, li, strong, em")
        .nodes()
        .iter()
        .take(3_000)
        .filter_map(|node| short_text(node, 80).map(|text| (node, text)))
        .find(|(node, text)| shows_publication_date(text, 80, true) && !node.ancestors_it(Some(15)).any(|a| aside(&a)))
        .map(|(_, text)| text)
}

/// A short text holding a date in the block around the headline (the
/// `<h1>`'s parent and two more ancestors), where pages show "Published
/// Mar 27, 2024" or "Author – 27.03.2024" without marking it: close enough
/// to the headline not to be a related article's date.
fn headline_area_date(document: &Document) -> Option<String> {
    // The headline, not a logo set in an `<h1>`.
    let h1 = document
        .select("h1")
        .iter()
        .find(|h| h.text().split_whitespace().count() >= 3)?;
    let mut area = h1.parent();
    for _ in 0..3 {
        if area.is_empty() {
            break;
        }
        let found = area
            .select("time, span, p, div, small, li")
            .iter()
            .take(80)
            .map(|element| collapse(&element.text()))
            .find(|text| shows_publication_date(text, 80, false));
        if found.is_some() {
            return found;
        }
        area = area.parent();
    }
    None
}

/// The short text of the first element whose class or id says it holds a
/// date ("post-date", "published", "entry-meta"), as pages show it to readers.
fn dated_element_text(document: &Document) -> Option<String> {
    let selector = "[class*='date'], [class*='Date'], [class*='publish'], [class*='posted'], \
                    [class*='byline'], [class*='entry-meta'], [class*='post-meta'], [id*='date']";
    document
        .select(selector)
        .iter()
        .take(20)
        .map(|element| collapse(&element.text()))
        .find(|text| shows_publication_date(text, 120, false))
}

/// Whether a short text a page shows holds its date: 6 to `max` bytes, a
/// date in it (or, `whole_line`, nothing but a date and its labels). A date
/// labelled "Updated" counts: where a page shows only that, it is the date
/// readers (and WCXB's annotators) take for the page's.
fn shows_publication_date(text: &str, max: usize, whole_line: bool) -> bool {
    let dated = if whole_line {
        super::dates::parse_date_line(text, chrono::NaiveDate::MAX).is_some()
    } else {
        super::dates::parse_date(text, chrono::NaiveDate::MAX).is_some()
    };
    (6..=max).contains(&text.len()) && dated
}

/// The last-modified date as the page declares it.
fn modified_date(document: &Document, blocks: &[serde_json::Value]) -> Option<String> {
    json_ld_string(blocks, "dateModified")
        .or_else(|| attr_of(document, "meta[property='article:modified_time']", "content"))
        .or_else(|| attr_of(document, "meta[itemprop='dateModified']", "content"))
}

/// Elements that never take a closing tag, or close implicitly and so must
/// not count towards nesting.
const NON_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p",
    "li", "td", "th", "tr", "option", "dt", "dd", "!doctype",
];

/// Drops the tags of elements nested deeper than `max_depth`, keeping their
/// text, in one linear pass; returns the input unchanged when it is shallow.
fn flatten_deep_nesting(html: &str, max_depth: usize) -> std::borrow::Cow<'_, str> {
    let mut depth = 0usize;
    let mut out: Option<String> = None;
    let mut copied_to = 0;
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset;
        let Some(len) = html[start..].find('>') else { break };
        let end = start + len + 1;
        let tag = &html[start + 1..end - 1];
        i = end;
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || NON_NESTING.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        if !closing && (name == "script" || name == "style") {
            // Raw text: skip to the matching end tag without counting.
            if let Some(pos) = find_end_tag(&html[end..], &name) {
                i = end + pos;
            }
            continue;
        }
        let deep = if closing {
            let was = depth;
            depth = depth.saturating_sub(1);
            was > max_depth
        } else {
            depth += 1;
            depth > max_depth
        };
        if deep {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(&html[copied_to..start]);
            copied_to = end;
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied_to..]);
            std::borrow::Cow::Owned(buf)
        }
    }
}

/// Position of `</name` (any case) in `text`.
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(offset) = text[from..].find("</") {
        let at = from + offset;
        let candidate = text.as_bytes().get(at + 2..at + 2 + name.len())?;
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_url_does_not_lose_the_page() {
        let html = "<html><body><article><p>The bridge reopened on Monday after repairs that took six months, the city said.</p></article></body></html>";
        assert!(parse_page(html, Some("news.example/bridge")).is_ok());
    }

    #[test]
    fn entities_in_metadata_are_decoded() {
        assert_eq!(
            decode_entities("Rates &amp; Prices &#038; more &#x2019;"),
            "Rates & Prices & more ’"
        );
        assert_eq!(decode_entities("AT&T"), "AT&T");
    }

    #[test]
    fn visible_headline_and_the_date_beside_it() {
        let html = r#"<html><head><title>Ports closed: what we know | Coast News</title>
            <meta property="og:site_name" content="Coast News"></head>
            <body><header><h1>Coast News</h1></header>
            <aside><span>Older: Mar 1, 2020</span></aside>
            <div class="hero"><h1>Storm closes every port along the coast</h1>
            <div><a href="/a">Ana Ruiz</a> - Mar 3, 2024</div></div>
            <article><p>A powerful storm closed every port along the coast on Sunday, officials said, and ferries stayed in harbour all day.</p>
            <p>Forecasters expect the wind to ease by Tuesday, when the ports should reopen.</p></article></body></html>"#;
        let page = parse_page(html, None).unwrap();
        assert_eq!(page.title.as_deref(), Some("Storm closes every port along the coast"));
        assert!(
            page.published.as_deref().is_some_and(|d| d.contains("Mar 3, 2024")),
            "{:?}",
            page.published
        );
    }

    #[test]
    fn headline_and_date_from_page_metadata() {
        let html = r#"<html><head><title>Storm closes ports | Coast News</title>
            <meta property="article:published_time" content="2024-03-03T08:00:00Z"></head>
            <body><h1>Storm closes ports</h1><article><p>A powerful storm closed every port along the coast on Sunday, officials said, and ferries stayed in harbour all day.</p>
            <p>Forecasters expect the wind to ease by Tuesday, when the ports should reopen.</p></article></body></html>"#;
        let page = parse_page(html, None).unwrap();
        assert_eq!(page.title.as_deref(), Some("Storm closes ports"));
        assert_eq!(page.published.as_deref(), Some("2024-03-03T08:00:00Z"));
        assert_eq!(strip_site_suffix("A long headline here - Site"), "A long headline here");
    }

    #[test]
    fn menu_labels_and_repeated_brand_lines_are_not_headlines() {
        let html = r#"<html><head><title>Storm closes every port - Coast</title></head><body>
            <h1>Open Menu Close Menu</h1><h1>The Harbour</h1><h1>The Harbour</h1>
            <h1>Storm closes every port along the coast</h1><p>Ferries stayed in harbour all day.</p></body></html>"#;
        assert_eq!(
            headline_of(html).as_deref(),
            Some("Storm closes every port along the coast")
        );
    }

    fn headline_of(html: &str) -> Option<String> {
        let document = Document::from(html);
        headline(&document, &json_ld(&document))
    }

    #[test]
    fn a_headline_split_in_spans_takes_the_declared_punctuation() {
        let html = r#"<html><head><meta property="og:title" content="Flood inquiry: Two resign, many questions open">
            <meta property="og:site_name" content="Coast News"></head><body>
            <h1><span>Flood inquiry</span> <span>Two resign, many questions open</span></h1>
            <p>The inquiry into last year's floods lost two members on Tuesday, and its report is now months late.</p></body></html>"#;
        assert_eq!(
            headline_of(html).as_deref(),
            Some("Flood inquiry: Two resign, many questions open")
        );
    }

    #[test]
    fn unreadable_declarations_give_way_and_a_bare_date_line_counts() {
        let html = r#"<html><head><script type="application/ld+json">{"datePublished": ""}</script></head>
            <body><time datetime="02-12-2025">x</time><time datetime="2025-12-02">December 2</time></body></html>"#;
        let document = Document::from(html);
        assert_eq!(
            published_date(&document, &json_ld(&document)).as_deref(),
            Some("2025-12-02")
        );
        let html = r#"<html><body><aside class="sidebar"><span>Jan 2, 2019</span></aside>
            <h2>Notes</h2><div><span>Ana Ruiz</span><p>Nov 21, 2018</p></div>
            <p>The council met on Tuesday and agreed the budget for the coming year.</p></body></html>"#;
        let document = Document::from(html);
        assert_eq!(published_date(&document, &[]).as_deref(), Some("Nov 21, 2018"));
    }

    #[test]
    fn consent_dialogs_hidden_labels_and_comments_are_not_article_text() {
        let paragraph = "The council met on Tuesday evening and agreed the budget for the coming year, which adds money for schools, roads and the harbour.";
        let html = format!(
            r#"<html><body class="consent-managed"><h1>Council agrees budget</h1>
            <div id="onetrust-consent-sdk"><p>{cookie}</p><p>{cookie}</p><p>{cookie}</p></div>
            <article><div class="visually-hidden">Article content</div><p>{paragraph}</p><p>{paragraph}</p>
            <figure><img src="a.jpg"><figcaption>The council chamber. (Ana Ruiz/Coast News)</figcaption></figure></article>
            <div id="comments"><p>First! {paragraph}</p></div></body></html>"#,
            cookie = "We and our partners store cookies on your device to personalise advertising and measure the audience of this site.",
        );
        let page = parse_page(&html, None).unwrap();
        assert!(page.text.contains("agreed the budget"), "{}", page.text);
        for absent in ["cookies", "Article content", "council chamber", "First!"] {
            assert!(!page.text.contains(absent), "{absent} in {}", page.text);
        }
    }

    #[test]
    fn deep_nesting_is_flattened_text_kept() {
        let n = 2000;
        let html = format!(
            "<body>{}<p>Deep words here.</p>{}</body>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let flat = flatten_deep_nesting(&html, 512);
        assert_eq!(flat.matches("<div>").count(), 511);
        assert!(flat.contains("<p>Deep words here.</p>"));
        let shallow = "<div><p>a</p></div>";
        assert!(matches!(
            flatten_deep_nesting(shallow, 512),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn deeply_nested_page_is_extracted_quickly() {
        let n = 100_000;
        let html = format!(
            "<html><body>{}<p>The harbour reopened on Monday after a week of storms, officials said.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let started = std::time::Instant::now();
        let page = parse_page(&html, None).unwrap();
        assert!(page.text.contains("harbour reopened"));
        assert!(started.elapsed().as_secs() < 30);
    }
}
