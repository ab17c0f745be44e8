//! Extract stage: [`RawDoc`] → [`Article`] (main text without boilerplate,
//! plus title, date, source, URL and author).
//!
//! Per document: text a scraper decoded twice is repaired (`mojibake`);
//! HTML goes through readability and three other candidates,
//! written as Markdown (`html`, `markup`); text and Markdown
//! are split into blocks (`blocks`); the leading matter (headline, dateline,
//! byline, captions, re-post header) becomes metadata (`head`); trailing and
//! inline boilerplate is removed by form (`boilerplate`). Then, across the
//! run, segments shared by otherwise unrelated documents are removed
//! (`repeated`). Metadata that came with the input (JSONL fields) wins over
//! what is found in the text.

mod author;
mod blocks;
mod boilerplate;
mod dates;
mod head;
mod html;
mod markup;
mod mojibake;
mod repeated;

use crate::model::{Article, DocId, Format, PubDate, RawDoc, Skipped};
use blocks::Block;
use chrono::NaiveDate;
use rayon::prelude::*;

pub use dates::{parse_date, parse_date_line};

/// Knobs of the extract stage.
#[derive(Debug, Clone)]
pub struct ExtractConfig {
    /// The day extraction treats as today: later dates are not publication
    /// dates. `None` means the system clock's date.
    pub today: Option<NaiveDate>,
    /// Remove segments repeated across otherwise unrelated documents.
    pub drop_repeated_segments: bool,
    /// Tell each article's language. Off where no later step reads it (the
    /// duplicate report): detection is the costliest step on plain text.
    pub detect_language: bool,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        ExtractConfig {
            today: None,
            drop_repeated_segments: true,
            detect_language: true,
        }
    }
}

/// The extract stage, built once from an [`ExtractConfig`].
#[derive(Debug, Clone)]
pub struct Extractor {
    today: NaiveDate,
    drop_repeated_segments: bool,
    detect_language: bool,
}

/// A document between the per-document and the whole-run steps.
struct Draft {
    blocks: Vec<Block>,
    article: Article,
}

impl Extractor {
    /// An extractor with the given configuration.
    pub fn new(config: ExtractConfig) -> Self {
        Extractor {
            today: config.today.unwrap_or_else(|| chrono::Utc::now().date_naive()),
            drop_repeated_segments: config.drop_repeated_segments,
            detect_language: config.detect_language,
        }
    }

    /// The same extractor, telling no languages (for callers that do not
    /// report them).
    pub fn without_language(&self) -> Extractor {
        Extractor {
            detect_language: false,
            ..self.clone()
        }
    }

    /// Extracts one document on its own (no cross-document step).
    pub fn extract(&self, doc: &RawDoc) -> Result<Article, Skipped> {
        finish(self.draft(doc), self.detect_language)
    }

    /// Extracts every document, with the cross-document step; results are in
    /// input order, one per document.
    pub fn extract_all(&self, docs: &[RawDoc]) -> Vec<Result<Article, Skipped>> {
        let drafts: Vec<Result<Draft, Skipped>> = docs.par_iter().map(|doc| self.draft(doc)).collect();
        let mut drafts = drafts;
        if self.drop_repeated_segments {
            let mut ok: Vec<&mut Draft> = drafts.iter_mut().filter_map(|d| d.as_mut().ok()).collect();
            let ids: Vec<DocId> = ok.iter().map(|d| d.article.id.clone()).collect();
            let id_refs: Vec<&DocId> = ids.iter().collect();
            let mut block_lists: Vec<Vec<Block>> = ok.iter_mut().map(|d| std::mem::take(&mut d.blocks)).collect();
            repeated::drop_repeated(&id_refs, &mut block_lists);
            for (draft, blocks) in ok.into_iter().zip(block_lists) {
                draft.blocks = blocks;
            }
        }
        drafts
            .into_par_iter()
            .map(|draft| finish(draft, self.detect_language))
            .collect()
    }

    fn draft(&self, doc: &RawDoc) -> Result<Draft, Skipped> {
        let skipped = |reason: String| Skipped::new(doc.id.0.clone(), reason);
        // Text a scraper decoded twice is read as it was written.
        let body = mojibake::repair(&doc.body);
        let page = match doc.format {
            Format::Html => Some(html::parse_page(&body, doc.hints.url.as_deref()).map_err(skipped)?),
            Format::Text => None,
        };
        let mut blocks = match &page {
            Some(page) => blocks::split_blocks(&page.text),
            None => blocks::split_blocks(&body),
        };
        let known_title = doc
            .hints
            .title
            .clone()
            .or_else(|| page.as_ref().and_then(|p| p.title.clone()));
        if let Some(page) = &page {
            if let Some(reason) = boilerplate::listing_page(&blocks, page.declared_article) {
                return Err(skipped(reason));
            }
        }
        let lead = head::take_leading(&mut blocks, known_title.as_deref(), self.today);
        // A byline that names the outlet, a date or a login is no author.
        // A byline the producer gave is taken as given; one found in the
        // page must name a person, not the outlet, a date or a login.
        let author = doc.hints.author.clone().or_else(|| {
            [page.as_ref().and_then(|p| p.author.as_deref()), lead.author.as_deref()]
                .into_iter()
                .flatten()
                .find_map(author::person_name)
        });
        boilerplate::drop_teaser_cards(&mut blocks);
        let tail_url = boilerplate::trim_tail(
            &mut blocks,
            1,
            boilerplate::TailContext {
                today: self.today,
                author: author.as_deref(),
                markup: page.is_some(),
            },
        );
        let inline_url = boilerplate::drop_noise(&mut blocks);

        let page_field = |f: fn(&html::HtmlPage) -> Option<String>| page.as_ref().and_then(f);
        let url = doc
            .hints
            .url
            .clone()
            .or_else(|| page_field(|p| p.url.clone()))
            .or(lead.url)
            .or(tail_url)
            .or(inline_url);
        let url_date = url.as_deref().and_then(|u| dates::parse_url_date(u, self.today));
        let page_published = page_field(|p| p.published.clone());
        let published = self
            .given_date(doc.hints.published.as_deref())
            .or_else(|| {
                let declared = page_published.as_deref()?;
                Some(dates::publisher_day(
                    declared,
                    self.date_from(Some(declared))?,
                    url_date,
                ))
            })
            .or(lead.published)
            .or(url_date);
        let source = doc
            .hints
            .source
            .clone()
            .or(lead.reposted_by)
            .or_else(|| page_field(|p| p.site_name.clone()))
            .or_else(|| url.as_deref().and_then(host_of));
        let original_source = lead.original_source.filter(|o| Some(o) != source.as_ref());
        Ok(Draft {
            blocks,
            article: Article {
                id: doc.id.clone(),
                title: known_title.or(lead.title),
                published,
                updated: self.date_from(page_field(|p| p.updated.clone()).as_deref()),
                language: None,
                source,
                original_source,
                url,
                author,
                text: String::new(),
                renamed_from: doc.hints.renamed_from.clone(),
                encoding: doc.hints.encoding.clone(),
                input_digest: xxhash_rust::xxh3::xxh3_64(doc.body.as_bytes()),
            },
        })
    }

    /// A date the producer gave with the document.
    fn given_date(&self, text: Option<&str>) -> Option<PubDate> {
        text.and_then(|t| dates::parse_given_date(t, self.today))
    }

    fn date_from(&self, text: Option<&str>) -> Option<PubDate> {
        text.and_then(|t| dates::parse_date(t, self.today))
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::new(ExtractConfig::default())
    }
}

fn finish(draft: Result<Draft, Skipped>, detect_language: bool) -> Result<Article, Skipped> {
    let Draft { blocks, mut article } = draft?;
    article.text = blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n\n");
    // Soft hyphens are invisible break hints (`&shy;`), not text: left in,
    // they split words for every later stage.
    if article.text.contains('\u{ad}') {
        article.text = article.text.replace('\u{ad}', "");
    }
    if detect_language {
        article.language = whatlang::detect(sample_for_language(&article.text))
            .filter(whatlang::Info::is_reliable)
            .map(|info| info.lang().code().to_string());
    }
    // A text of invisible or punctuation characters only (a zero-width
    // space, a dash, a byte-order mark) has no word to fingerprint.
    if !article.text.chars().any(char::is_alphanumeric) {
        return Err(Skipped::new(article.id.0, "no article text found"));
    }
    Ok(article)
}

/// The opening of a text, enough to tell its language (detection cost grows
/// with length; accuracy does not, past a few hundred words).
fn sample_for_language(text: &str) -> &str {
    const SAMPLE_BYTES: usize = 600;
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The host of a URL without `www.`, used as a source name of last resort.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Hints;

    fn html(id: &str, body: String) -> RawDoc {
        RawDoc {
            id: DocId(id.into()),
            format: Format::Html,
            body,
            hints: Hints::default(),
        }
    }

    fn front_page(head: &str) -> String {
        let teasers: String = (0..30)
            .map(|n| format!("<li><a href='/story-{n}'>Council story number {n} makes the news today</a></li>"))
            .collect();
        format!(
            "<html><head>{head}</head><body><h1>City News</h1><ul>{teasers}</ul><p>Weather: sunny.</p></body></html>"
        )
    }

    #[test]
    fn a_front_page_is_skipped_as_a_listing_an_article_is_not() {
        let extractor = Extractor::default();
        let skipped = extractor.extract(&html("front", front_page(""))).unwrap_err();
        assert!(
            skipped
                .reason
                .starts_with("not an article: a listing of 30 linked lines"),
            "{}",
            skipped.reason
        );
        // The same page declaring itself an article is taken at its word.
        let declared = front_page("<meta property='og:type' content='article'>");
        assert!(
            !matches!(extractor.extract(&html("declared", declared)), Err(s) if s.reason.starts_with("not an article"))
        );
        let paragraph = "The council met on Tuesday evening and agreed the budget for the coming year, with more money for schools.";
        let links: String = (0..20)
            .map(|n| format!("<p><a href='/r{n}'>Related story {n}</a></p>"))
            .collect();
        let article = format!("<html><body><h1>Council agrees budget</h1><article><p>{paragraph}</p><p>{paragraph} Again.</p><p>{paragraph} Once more.</p></article>{links}</body></html>");
        assert!(extractor.extract(&html("article", article)).is_ok());
    }
}
