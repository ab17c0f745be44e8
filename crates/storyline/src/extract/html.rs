//! HTML pages → main text and page metadata, through `dom_smoothie` (a port of
//! Mozilla's readability.js). Its formatted text keeps paragraph breaks, so
//! the result goes through the same block rules as scraped text.

use dom_smoothie::{Config, Readability, TextMode};

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
    /// Canonical URL, when declared.
    pub url: Option<String>,
}

/// Extracts the main text and metadata of an HTML page.
pub fn parse_page(html: &str, url: Option<&str>) -> Result<HtmlPage, String> {
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: 200_000,
        ..Default::default()
    };
    let mut readability = Readability::new(html, url, Some(config)).map_err(|e| format!("cannot parse HTML: {e}"))?;
    let article = readability
        .parse()
        .map_err(|e| format!("no article text found in HTML: {e}"))?;
    let non_empty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(HtmlPage {
        text: article.text_content.to_string(),
        title: non_empty(Some(article.title)),
        author: non_empty(article.byline),
        site_name: non_empty(article.site_name),
        published: non_empty(article.published_time),
        url: non_empty(article.url),
    })
}
