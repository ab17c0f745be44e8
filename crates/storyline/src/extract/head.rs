//! The leading matter of a scraped text: re-post header, headline, dateline,
//! byline and photo captions, turned into metadata and removed from the body.
//!
//! News text opens in a handful of shapes: `SITE: “Headline” – Outlet` when a
//! re-poster credits the original; a headline line followed by a blank line or
//! a date; a date or `(Outlet – Jan. 5, 2023)` dateline; `By Name`; captions
//! (short lines that are not sentences, credit lines, a caption printed twice).
//! The walk stops at the first paragraph that reads as body text.

use super::blocks::{ends_sentence, Block};
use super::boilerplate::{is_caption_or_credit, is_headline_like, is_navigation, is_ui_label, url_of_line};
use super::dates::{parse_date, parse_date_line};
use crate::model::PubDate;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// How many blocks at the start may be leading matter.
const HEAD_WINDOW: usize = 10;

/// How many blocks after the first paragraph a byline or dateline may
/// follow (under a standfirst of a few lines).
const STANDFIRST_WINDOW: usize = 4;

static REPOST_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?P<via>[\p{Lu}0-9][\p{Lu}0-9&.'’ -]{1,40}):\s*[“"«‘](?P<title>.{8,300}?)[”"»’]\s*[–—-]+\s*(?P<source>[^–—]{2,60})$"#).unwrap()
});
static PAREN_DATELINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\((?P<inner>[^()]{6,100})\)$").unwrap());
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or)\s+(?P<name>\p{Lu}{2,6}(?-u:\b)|\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|da|di|del|la|le|bin|al))*?(?:\s+\p{Lu}[\p{L}.'’-]*))(?:\s*(?:,|\||/|–|—|-|and|&|\band\b|\s[Ff]or\s).*)?$").unwrap()
});

/// Metadata found in the leading matter.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Leading {
    /// Headline.
    pub title: Option<String>,
    /// Date from a dateline.
    pub published: Option<PubDate>,
    /// The site that re-posted the text (the `SITE:` of a re-post header).
    pub reposted_by: Option<String>,
    /// The original outlet a re-post header or dateline names.
    pub original_source: Option<String>,
    /// Author from a byline.
    pub author: Option<String>,
    /// A URL line found among the leading matter.
    pub url: Option<String>,
}

/// Takes the leading matter off `blocks` and returns what it said.
pub fn take_leading(blocks: &mut Vec<Block>, known_title: Option<&str>, today: NaiveDate) -> Leading {
    let mut lead = Leading::default();
    let mut start = 0;
    if let Some(caps) = blocks.first().and_then(|b| REPOST_HEADER.captures(&b.text)) {
        lead.reposted_by = Some(caps["via"].trim().to_string());
        lead.title = Some(caps["title"].trim().to_string());
        lead.original_source = Some(caps["source"].trim().to_string());
        start = 1;
    }
    if let Some(first) = blocks.get(start) {
        let same_as_known = known_title.is_some_and(|t| same_text(t, &first.text) || ends_in_title(&first.text, t));
        if same_as_known || (lead.title.is_none() && known_title.is_none() && is_title(blocks, start, today)) {
            if !same_as_known {
                lead.title = Some(first.text.trim_start_matches('#').trim().to_string());
            }
            start += 1;
        }
    }
    let mut drop = vec![false; blocks.len()];
    drop[..start].iter_mut().for_each(|d| *d = true);
    let mut i = start;
    while i < blocks.len().min(start + HEAD_WINDOW) {
        let block = &blocks[i];
        if let Some(date) = parse_date_line(&block.text, today) {
            lead.published.get_or_insert(date);
        } else if let Some((outlet, date)) = paren_dateline(&block.text, today) {
            lead.published.get_or_insert(date);
            if lead.original_source.is_none() && !outlet.is_empty() {
                lead.original_source = Some(outlet);
            }
        } else if let Some(name) = byline(block, today) {
            lead.author.get_or_insert(name);
            if let Some(date) = parse_date(&block.text, today) {
                lead.published.get_or_insert(date);
            }
        } else if let Some(url) = url_of_line(block) {
            lead.url.get_or_insert(url);
        } else if blocks.get(i + 1).is_some_and(|next| next.text == block.text) {
            drop[i] = true;
            i += 1;
        } else if !(is_caption_or_credit(block)
            || is_navigation(block)
            || is_ui_label(block)
            || (block.words <= 12 && !ends_sentence(&block.text) && !block.heading))
        {
            break;
        }
        drop[i] = true;
        i += 1;
    }
    // A byline or dateline just under a standfirst (the bullet points or
    // summary a page sets between headline and byline) is leading matter
    // too; nothing else there is.
    for j in i..blocks.len().min(i + STANDFIRST_WINDOW) {
        let block = &blocks[j];
        if let Some(name) = byline(block, today) {
            lead.author.get_or_insert(name);
            if let Some(date) = parse_date(&block.text, today) {
                lead.published.get_or_insert(date);
            }
            drop[j] = true;
        } else if let Some(date) = parse_date_line(&block.text, today) {
            lead.published.get_or_insert(date);
            drop[j] = true;
        }
    }
    // Nothing but leading matter means the guess was wrong: keep the text.
    if drop.iter().all(|d| *d) {
        return Leading {
            title: lead.title,
            ..Leading::default()
        };
    }
    let mut index = 0;
    blocks.retain(|_| {
        index += 1;
        !drop[index - 1]
    });
    lead
}

/// Whether block `i` reads as the headline of what follows.
fn is_title(blocks: &[Block], i: usize, today: NaiveDate) -> bool {
    let block = &blocks[i];
    if !is_headline_like(block) || block.words < 3 {
        return false;
    }
    let Some(next) = blocks.get(i + 1) else {
        return false;
    };
    block.heading
        || block.blank_after
        || parse_date_line(&next.text, today).is_some()
        || (next.words >= block.words * 3 / 2 && ends_sentence(&next.text))
}

fn paren_dateline(text: &str, today: NaiveDate) -> Option<(String, PubDate)> {
    let inner = PAREN_DATELINE.captures(text)?.name("inner")?.as_str();
    let date = parse_date(inner, today)?;
    // Only a source and a date may be inside: "(Outlet – – Jan. 18, 2022)".
    if inner.split_whitespace().count() > 10 {
        return None;
    }
    let outlet = inner
        .split(['–', '—', '|', ','])
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| c.is_whitespace() || c == '-')
        .to_string();
    let outlet_is_date = parse_date_line(&outlet, today).is_some() || outlet.chars().any(|c| c.is_ascii_digit());
    Some((if outlet_is_date { String::new() } else { outlet }, date))
}

/// The author of a byline: "By Name", alone or with an outlet, or with the
/// dates of the piece ("By Staff | Nov 18, 2019 at 2:26 PM - Updated …").
fn byline(block: &Block, today: NaiveDate) -> Option<String> {
    let dated = || block.words <= 30 && parse_date(&block.text, today).is_some();
    if block.words > 12 && !dated() {
        return None;
    }
    BYLINE.captures(&block.text).map(|c| c["name"].trim().to_string())
}

/// Whether `text` is a breadcrumb trail ending in the headline ("Home Sport
/// News Headline"): the headline plus a few words before it.
fn ends_in_title(text: &str, title: &str) -> bool {
    let (text, title) = (normalized(text), normalized(title));
    title.len() >= 12 && text.len() > title.len() && text.ends_with(&title) && text.len() - title.len() <= 60
}

fn same_text(a: &str, b: &str) -> bool {
    normalized(a) == normalized(b)
}

/// Letters and digits only, lower-cased.
fn normalized(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::blocks::split_blocks;
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()
    }

    #[test]
    fn headline_dateline_byline_and_caption() {
        let mut blocks = split_blocks(
            "Storm closes ports along the coast\n\nMarch 3, 2024\nBy Maria Lopez\n\nWaves break over a pier in the harbour (left)\n\nA powerful storm closed every port along the coast on Sunday, officials said.",
        );
        let lead = take_leading(&mut blocks, None, today());
        assert_eq!(lead.title.as_deref(), Some("Storm closes ports along the coast"));
        assert_eq!(lead.published.map(|d| d.to_string()).as_deref(), Some("2024-03-03"));
        assert_eq!(lead.author.as_deref(), Some("Maria Lopez"));
        assert_eq!(blocks.len(), 1);
        assert!(blocks[0].text.starts_with("A powerful storm"));
    }

    #[test]
    fn repost_header_and_paren_dateline() {
        let mut blocks = split_blocks(
            "NEWSWIRE DIGEST: “Council Approves New Budget” – City Herald\n\n(City Herald – Feb. 2, 2023)\n\nThe council approved the new budget on Thursday after a long debate.",
        );
        let lead = take_leading(&mut blocks, None, today());
        assert_eq!(lead.reposted_by.as_deref(), Some("NEWSWIRE DIGEST"));
        assert_eq!(lead.title.as_deref(), Some("Council Approves New Budget"));
        assert_eq!(lead.original_source.as_deref(), Some("City Herald"));
        assert_eq!(lead.published.map(|d| d.to_string()).as_deref(), Some("2023-02-02"));
        assert_eq!(blocks.len(), 1);
    }

    #[test]
    fn byline_and_dateline_under_a_standfirst() {
        let mut blocks = split_blocks(
            "Two batches of dollar bills printed in 2014 and 2016 carry a printing error\n\n\
             By Dolores Chang For Dailymail.Com\n\n\
             Published: 15:56 BST, 27 April 2024 | Updated: 15:57 BST, 27 April 2024\n\n\
             Think twice before you spend any dollar bill in your wallet, as it could fetch thousands.\n\n\
             The exhibition runs 29 November 2018 | 20 January 2019",
        );
        let lead = take_leading(&mut blocks, Some("Your dollar bill could be worth thousands"), today());
        assert_eq!(lead.author.as_deref(), Some("Dolores Chang"));
        assert_eq!(lead.published.map(|d| d.to_string()).as_deref(), Some("2024-04-27"));
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(texts[0].starts_with("Two batches"));
        assert!(texts[1].starts_with("Think twice"));
        // Two dates without an update's label are a span of days: text.
        assert!(parse_date_line("29 November 2018 | 20 January 2019", today()).is_none());
    }

    #[test]
    fn breadcrumb_and_dated_byline() {
        let mut blocks = split_blocks(
            "Home Sport News Chelsea sign a new goalkeeper\n\nBy HNN Staff | November 18, 2019 at 2:26 PM - Updated November 18 at 4:46 PM\n\nChelsea signed a new goalkeeper on Wednesday for a record fee, the club said.",
        );
        let lead = take_leading(&mut blocks, Some("Chelsea sign a new goalkeeper"), today());
        assert_eq!(lead.author.as_deref(), Some("HNN Staff"));
        assert_eq!(lead.published.map(|d| d.to_string()).as_deref(), Some("2019-11-18"));
        assert_eq!(blocks.len(), 1);
        assert!(blocks[0].text.starts_with("Chelsea signed"));
    }

    #[test]
    fn a_lede_sentence_is_not_a_title() {
        let mut blocks = split_blocks("The council approved the budget on Thursday.\nIt now goes to the mayor.");
        let lead = take_leading(&mut blocks, None, today());
        assert_eq!(lead.title, None);
        assert_eq!(blocks.len(), 2);
    }
}
