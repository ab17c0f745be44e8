//! Page metadata read from the parsed page before readability rewrites it:
//! the headline (`<h1>` checked against the declared titles), publication
//! and modification dates in the order JSON-LD → metas → `<time>` → shown
//! dates, whether the page declares itself an article, and JSON-LD itself.

use super::clean::short_text;
use super::{attr_of, collapse};
use dom_query::Document;
use regex::Regex;
use std::sync::LazyLock;

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
    "meta[name='published-date']",
    "meta[name='publication_date']",
    "meta[name='publication-date']",
    "meta[name='original-publish-date']",
    "meta[name='article.published']",
    "meta[name='citation_publication_date']",
    "meta[name='citation_date']",
    // Site-prefixed names ("w-published-date", "cXenseParse:recs:publishtime").
    "meta[name*='publish'], meta[property*='publish']",
];

/// The page's JSON-LD blocks, where news sites state headline and dates;
/// blocks that do not parse are passed over.
pub(super) fn json_ld(document: &Document) -> Vec<serde_json::Value> {
    document
        .select("script[type='application/ld+json']")
        .iter()
        .filter_map(|s| serde_json::from_str(s.text().trim()).ok())
        .collect()
}

/// The first string value of `key` anywhere in the JSON-LD blocks.
pub(super) fn json_ld_string(blocks: &[serde_json::Value], key: &str) -> Option<String> {
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
pub(super) fn declares_article(document: &Document, blocks: &[serde_json::Value]) -> bool {
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
pub(super) fn decode_entities(text: &str) -> String {
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
pub(super) fn headline(document: &Document, blocks: &[serde_json::Value]) -> Option<String> {
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
    // A post's date set in its heading is not part of the headline.
    let h1s: Vec<String> = document
        .select("h1")
        .iter()
        .map(|h| collapse(&h.text()))
        .map(|h| match crate::extract::dates::after_leading_date(&h) {
            rest if rest.len() < h.len() && rest.split_whitespace().count() >= 2 => rest.to_string(),
            _ => h,
        })
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
    // Nor, where the page declares a title, one set in capitals in the
    // markup itself ("SUPPORTING GAAP COMPLIANCE"): a section label, or the
    // headline shouted where the declaration spells it.
    let shouted = |h1: &String| {
        !declared.is_empty()
            && h1.split_whitespace().count() >= 2
            && h1.chars().any(char::is_uppercase)
            && !h1.chars().any(char::is_lowercase)
    };
    let headlines: Vec<&String> = h1s
        .iter()
        .filter(|h1| !site_names.contains(&key(h1)) && !UI_HEADING.is_match(h1) && !repeated(h1) && !shouted(h1))
        .collect();
    // The same words as a declared title, where the page's markup lost the
    // punctuation between a kicker and the headline ("Kicker Headline" in
    // spans, "Kicker: Headline" declared): the declared spelling.
    // A declaration that dropped the headline's closing question mark or
    // full stop, or that ends in a decoration ("⋆", a dangling "|"), is
    // not a better spelling.
    let ends_sentence = |title: &str| title.ends_with(['?', '!', '.', '…']);
    let spelled = |h1: &String| {
        declared
            .iter()
            .map(|d| strip_site_suffix(d))
            // Not a declaration carrying Markdown or quotes of its own.
            .filter(|d| !d.contains(['#', '*', '_']) && !d.starts_with(['"', '“', '\'']))
            .filter(|d| {
                !d.ends_with(|c: char| !c.is_alphanumeric() && !c.is_ascii_punctuation() && !"…’”»)".contains(c))
            })
            .filter(|d| ends_sentence(d) || !ends_sentence(h1))
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
pub(super) fn strip_site_suffix(title: &str) -> String {
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
pub(super) fn published_date(document: &Document, blocks: &[serde_json::Value]) -> Option<String> {
    let declared = declared_published_date(document, blocks)?;
    Some(if writes_day_first(document) {
        crate::extract::dates::with_day_first(&declared)
    } else {
        declared
    })
}

/// Whether the page's language writes "03/10/2023" day first: any but
/// American English (and English with no region, which American sites
/// declare).
fn writes_day_first(document: &Document) -> bool {
    let lang = attr_of(document, "html", "lang")
        .unwrap_or_default()
        .to_ascii_lowercase();
    !(lang.is_empty() || lang == "en" || lang.starts_with("en-us") || lang.starts_with("en_us"))
}

fn declared_published_date(document: &Document, blocks: &[serde_json::Value]) -> Option<String> {
    let shown = || {
        headline_area_date(document)
            .or_else(|| dated_element_text(document))
            .or_else(|| first_date_line(document))
    };
    let Some(declared) = machine_published_date(document, blocks) else {
        return shown();
    };
    // A date the page shows its readers labelled as the publication date
    // ("Published Apr 26, 2023") wins over a declaration days or years
    // away from it (a template's, or the last republication's); a day
    // apart is the same moment in another time zone.
    let day = |text: &str| crate::extract::dates::parse_date(text, chrono::NaiveDate::MAX).map(|d| d.date);
    // Only the cheap places are looked at here: the headline's block and
    // elements whose class names a date.
    let near = headline_area_date(document).or_else(|| dated_element_text(document));
    match near {
        Some(shown)
            if PUBLISHED_LABEL.is_match(&shown)
                && !crate::extract::dates::labels_update(&shown)
                && day(&shown)
                    .zip(day(&declared))
                    .is_some_and(|(a, b)| (a - b).num_days().abs() > 1) =>
        {
            Some(shown)
        }
        _ => Some(declared),
    }
}

/// The label of a publication date as pages show it.
static PUBLISHED_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)publish|posted|veröffentlicht|publié|publicado|pubblicato").unwrap());

/// The publication date in the page's machine-readable declarations.
fn machine_published_date(document: &Document, blocks: &[serde_json::Value]) -> Option<String> {
    // A declaration that holds no readable date ("", "{{date}}") gives way
    // to the next kind of evidence.
    let readable = |date: &String| crate::extract::dates::parse_date(date, chrono::NaiveDate::MAX).is_some();
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
        .or_else(|| {
            // Microdata on the element shown to readers, without a `content`.
            document
                .select("[itemprop='datePublished']")
                .nodes()
                .iter()
                .take(20)
                .filter_map(|node| short_text(node, 80))
                .find(readable)
        })
}

/// The first element, in reading order, whose whole text is a date ("Nov
/// 21, 2018", "Published April 8, 2024") outside navigation, sidebars and
/// comment threads: the date a page shows under its headline without
/// marking it.
fn first_date_line(document: &Document) -> Option<String> {
    document
        .select("time, span, p, small, div, li, strong, em")
        .nodes()
        .iter()
        .take(3_000)
        .filter_map(|node| short_text(node, 80).map(|text| (node, text)))
        .find(|(node, text)| shows_publication_date(text, 80, true) && !aside(node))
        .map(|(_, text)| text)
}

/// Whether an element is, or sits in, a part of the page whose dates are
/// not the article's: navigation, page header and footer, sidebars, boxes
/// of other content.
fn aside(node: &dom_query::NodeRef) -> bool {
    let page_part = |node: &dom_query::NodeRef| {
        node.node_name()
            .is_some_and(|n| matches!(n.as_ref(), "nav" | "footer" | "aside" | "header" | "form"))
    };
    in_box_named(node, &["sidebar", "footer"])
        || in_box_named(node, OTHER_CONTENT)
        || page_part(node)
        || node.ancestors_it(Some(15)).any(|a| page_part(&a))
}

/// Class and id words of boxes holding other content than the article:
/// related lists, comment threads, a widget showing today's date.
const OTHER_CONTENT: &[&str] = &["comment", "related", "recommend", "today"];

/// Whether an element is, or sits in, a box whose class or id holds one of
/// `words`.
fn in_box_named(node: &dom_query::NodeRef, words: &[&str]) -> bool {
    // Not the page's own classes ("has-sidebar", "woo-related-columns-4").
    let named = |node: &dom_query::NodeRef| {
        !node.node_name().is_some_and(|n| matches!(n.as_ref(), "body" | "html"))
            && [node.id_attr(), node.class()].iter().flatten().any(|name| {
                let name = name.to_ascii_lowercase();
                words.iter().any(|word| name.contains(word))
            })
    };
    named(node) || node.ancestors_it(Some(15)).any(|a| named(&a))
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
            .nodes()
            .iter()
            .take(80)
            .filter_map(|node| short_text(node, 80))
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
        .nodes()
        .iter()
        .filter(|node| !in_box_named(node, OTHER_CONTENT))
        .take(20)
        .filter_map(|node| short_text(node, 120))
        .find(|text| shows_publication_date(text, 120, false))
}

/// Whether a short text a page shows holds its date: 6 to `max` bytes, a
/// date in it (or, `whole_line`, nothing but a date and its labels). A date
/// labelled "Updated" counts: where a page shows only that, it is the date
/// readers (and WCXB's annotators) take for the page's.
fn shows_publication_date(text: &str, max: usize, whole_line: bool) -> bool {
    // The length first: parsing a long text only to reject it is most of
    // the cost on pages with big containers around the headline.
    (6..=max).contains(&text.len())
        && if whole_line {
            crate::extract::dates::parse_date_line(text, chrono::NaiveDate::MAX).is_some()
        } else {
            crate::extract::dates::parse_date(text, chrono::NaiveDate::MAX).is_some()
        }
}

/// The last-modified date as the page declares it.
pub(super) fn modified_date(document: &Document, blocks: &[serde_json::Value]) -> Option<String> {
    json_ld_string(blocks, "dateModified")
        .or_else(|| attr_of(document, "meta[property='article:modified_time']", "content"))
        .or_else(|| attr_of(document, "meta[itemprop='dateModified']", "content"))
}
