//! HTML pages → main text and page metadata. In order: the metadata is read
//! from the page as parsed ([`meta`]: headline, dates, declared type);
//! related-content sections, consent dialogs, comment threads, hover cards
//! and hidden text are removed ([`clean`]);
//! `dom_smoothie` (a port of Mozilla's readability.js) picks the main text,
//! checked against the page's marked body, its densest paragraphs and its
//! `<main>` ([`candidates`]). The chosen content is written as Markdown
//! ([`super::markup`]), so links, headings and list items reach the same
//! block rules as scraped Markdown.

mod candidates;
mod clean;
mod meta;
mod shape;

use super::markup;
use candidates::{cluster_replaces, dwarfs, main_element_text, marked_article_text, paragraph_cluster_text, replaces};
use clean::remove_non_content;
use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use meta::{declares_article, headline, json_ld, modified_date, published_date};

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

/// Extracts the main text and metadata of an HTML page.
pub fn parse_page(html: &str, url: Option<&str>) -> Result<HtmlPage, String> {
    let html = shape::bound_shape(html, shape::MAX_NESTING, shape::MAX_ATTRIBUTES);
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
    let main_text = main_element_text(&document);
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
    // The page's `<main>`, where readability and the densest paragraphs
    // both settled on a small part of a body split into many sections.
    let text = match (text, main_text) {
        (Some(text), Some(main)) if dwarfs(&text, &main) => Some(main),
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

#[cfg(test)]
mod tests {
    use super::meta::{decode_entities, strip_site_suffix};
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
    fn publication_dates_under_other_meta_names() {
        for meta in [
            r#"<meta name="published-date" content="2021-02-16">"#,
            r#"<meta name="citation_publication_date" content="2021-02-16">"#,
        ] {
            let html = format!(
                "<html><head>{meta}</head><body><h1>Storm closes ports</h1><article>\
                 <p>A powerful storm closed every port along the coast on Sunday, officials said.</p></article></body></html>"
            );
            let page = parse_page(&html, None).unwrap();
            assert_eq!(page.published.as_deref(), Some("2021-02-16"), "{meta}");
        }
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
    fn a_heading_in_capitals_or_opening_with_a_date_gives_way() {
        let html = r#"<html><head><meta property="og:title" content="Harbour dues: What every skipper pays this year"></head>
            <body><h1>SUPPORTING SMALL HARBOURS</h1><p>The dues rise again.</p></body></html>"#;
        assert_eq!(
            headline_of(html).as_deref(),
            Some("Harbour dues: What every skipper pays this year")
        );
        let html = r#"<html><head><title>Preparing the winter timetable | Ferry notes</title></head>
            <body><h1><span>Dec 18 2025</span> Preparing the winter timetable</h1><p>Fewer crossings.</p></body></html>"#;
        assert_eq!(headline_of(html).as_deref(), Some("Preparing the winter timetable"));
    }

    #[test]
    fn a_declared_spelling_that_drops_the_question_mark_or_adds_a_decoration_is_not_taken() {
        let html = r#"<html><head><title>Where did the harbour money go | Coast News</title></head><body>
            <h1>Where did the harbour money go?</h1><p>Nobody at the council could say.</p></body></html>"#;
        assert_eq!(headline_of(html).as_deref(), Some("Where did the harbour money go?"));
        let html = r#"<html><head><meta property="og:title" content="Ten ferries to take this summer ⋆"></head><body>
            <h1>Ten ferries to take this summer</h1><p>From the islands to the fjords.</p></body></html>"#;
        assert_eq!(headline_of(html).as_deref(), Some("Ten ferries to take this summer"));
    }

    #[test]
    fn dates_of_related_posts_and_of_today_are_not_the_articles() {
        let html = r#"<html><head><meta name="w-published-date" content="2025-05-27T06:03:43Z"></head>
            <body><p>Ferries stayed in harbour all day.</p></body></html>"#;
        let document = Document::from(html);
        assert_eq!(published_date(&document, &[]).as_deref(), Some("2025-05-27T06:03:43Z"));
        let html = r#"<html><body class="has-sidebar woo-related-columns-4"><p id="todays-date">Friday, December 19, 2025</p>
            <div class="related-posts"><div class="post-date">December 2, 2025</div></div>
            <div class="post-meta"><div class="post-date">Last updated: Dec 12, 2025</div></div>
            <p>Ferries stayed in harbour all day.</p></body></html>"#;
        let document = Document::from(html);
        assert_eq!(
            published_date(&document, &[]).as_deref(),
            Some("Last updated: Dec 12, 2025")
        );
        let html = r#"<html><body><div class="card__meta"><span>March 13, 2026</span></div>
            <div class="article-meta"><span itemprop="datePublished">December 7, 2020</span></div></body></html>"#;
        let document = Document::from(html);
        assert_eq!(published_date(&document, &[]).as_deref(), Some("December 7, 2020"));
    }

    #[test]
    fn a_shown_publication_date_wins_over_a_declaration_far_from_it() {
        let page = |shown: &str| {
            format!(
                r#"<html><head><script type="application/ld+json">{{"datePublished": "2025-08-21"}}</script></head>
                <body><div><h1>Electricians on the skyline</h1><div class="post-meta">{shown}</div></div>
                <p>Crews worked through the night.</p></body></html>"#
            )
        };
        let date_of = |html: String| {
            let document = Document::from(html.as_str());
            published_date(&document, &json_ld(&document))
        };
        assert_eq!(
            date_of(page("Published Apr 26, 2023")).as_deref(),
            Some("Published Apr 26, 2023")
        );
        // An update, an unlabelled date, or a day's difference (a time
        // zone) leave the declaration standing.
        for shown in ["Updated Apr 26, 2023", "Apr 26, 2023", "Published Aug 22, 2025"] {
            assert_eq!(date_of(page(shown)).as_deref(), Some("2025-08-21"), "{shown}");
        }
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
    fn a_hover_card_is_not_glued_into_the_sentence() {
        let html = r#"<html><body><article><h1>Man pleads guilty</h1>
            <p>A man pleaded guilty to threatening Rep. <span class="rollover-people"><a href="/people/omar">Ilhan Omar</a><span class="rollover-people-block"><img src="o.jpg"><a href="/a">Progressives oppose funding bill over surveillance authority</a> <a href="/b">Omar asks court for compassion</a></span></span> in a phone call to her office, prosecutors said on Tuesday.</p>
            <p>He faces up to ten years in prison when he is sentenced in February, the court said.</p></article></body></html>"#;
        let page = parse_page(html, None).unwrap();
        assert!(page.text.contains("Omar](#) in a phone call"), "{}", page.text);
        assert!(!page.text.contains("Progressives"), "{}", page.text);
    }

    #[test]
    fn a_section_opened_by_a_related_heading_is_not_article_text() {
        let paragraph = "The council met on Tuesday evening and agreed the budget for the coming year, which adds money for schools, roads and the harbour.";
        let teaser = "Ferry timetables change again as the winter storms close the northern route for a week, leaving islanders without supplies.";
        let html = format!(
            r#"<html><body><div class="posts"><article><h1>Council agrees budget</h1><p>{paragraph}</p><p>{paragraph}</p>
            <p>Tags: budget</p></article>
            <article class="postbox"><h3 class="relatedpoststitle">You may like</h3>
            <article><p>{teaser}</p></article><article><p>{teaser}</p></article><article><p>{teaser}</p></article></article></div>
            </body></html>"#
        );
        let page = parse_page(&html, None).unwrap();
        assert!(page.text.contains("agreed the budget"), "{}", page.text);
        assert!(!page.text.contains("Ferry timetables"), "{}", page.text);
        // A heading whose id merely mentions the word opens article text.
        let html = format!(
            r#"<html><body><article><h1>Council agrees budget</h1><p>{paragraph}</p>
            <h2 id="harbour-related-spending">Harbour-related spending</h2><p>{teaser}</p></article></body></html>"#
        );
        let page = parse_page(&html, None).unwrap();
        assert!(page.text.contains("Ferry timetables"), "{}", page.text);
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

    #[test]
    fn element_with_many_attributes_is_extracted_quickly() {
        let attributes: String = (0..200_000).map(|i| format!(" a{i}=\"v\"")).collect();
        let html = format!(
            "<html><body><div{attributes}><p>The harbour reopened on Monday after a week of storms, officials said.</p></div></body></html>"
        );
        let started = std::time::Instant::now();
        let page = parse_page(&html, None).unwrap();
        assert!(page.text.contains("harbour reopened"));
        assert!(started.elapsed().as_secs() < 5);
    }
}
