//! Text and Markdown → [`Block`]s: the paragraphs and lines that the
//! boilerplate rules look at.
//!
//! Markdown syntax is reduced to plain text (links keep their words, images go,
//! emphasis markers go) while remembering what the syntax said: how many words
//! were link text, whether the line was a heading, whether it ended in a bold
//! credit. Hard-wrapped paragraphs are joined; otherwise every line is a block,
//! since scraped text often has one paragraph per line and no blank lines.

use crate::text::{collapse_and_measure, collapse_whitespace, spacing};
use regex::Regex;
use std::sync::LazyLock;

/// One paragraph or line of a document, with what its markup told us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Plain text, whitespace collapsed.
    pub text: String,
    /// Number of words.
    pub words: usize,
    /// Words that were link text.
    pub link_words: usize,
    /// Written as a Markdown heading.
    pub heading: bool,
    /// Ends in a bold segment, as photo credits in Markdown do.
    pub credit_tail: bool,
    /// Followed by a blank line (or the end of the document).
    pub blank_after: bool,
}

impl Block {
    /// A block of plain text with no markup information.
    #[cfg(test)]
    pub fn plain(text: &str) -> Block {
        let text = collapse_whitespace(text);
        Block {
            words: word_count(&text),
            text,
            link_words: 0,
            heading: false,
            credit_tail: false,
            blank_after: true,
        }
    }
}

static IMAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\([^)]*\)").unwrap());
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\[([^\]]*)\]\(\s*[^)\s]*(?:\s+"[^"]*")?\s*\)"#).unwrap());
static REF_LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([^\]]+)\]\[[^\]]*\]").unwrap());
static AUTOLINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<((?:https?|ftp)://[^>\s]+)>").unwrap());
static BOLD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\*\*([^*]+)\*\*|__([^_]+)__").unwrap());
static BOLD_TAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\S.*(?:\*\*[^*]+\*\*|__[^_]+__)\s*$").unwrap());
static HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s{0,3}#{1,6}\s+").unwrap());
static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+").unwrap());
static RULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,}|(?:=\s*){3,})$").unwrap());
static REF_DEF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\[[^\]]+\]:\s+\S+").unwrap());
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</?[a-zA-Z][^<>]{0,200}>").unwrap());

/// One source line after Markdown reduction.
struct Line {
    text: String,
    /// As [`word_count`] gives it.
    words: usize,
    link_words: usize,
    heading: bool,
    credit_tail: bool,
    /// Written as a list item: items are never one wrapped paragraph.
    list_item: bool,
}

fn reduce_line(raw: &str) -> Option<Line> {
    if !may_hold_markup(raw) {
        let (text, spacing) = collapse_and_measure(raw);
        let words = if spacing.spaced_script {
            spacing.tokens
        } else {
            word_count(&text)
        };
        return (!text.is_empty()).then_some(Line {
            text,
            words,
            link_words: 0,
            heading: false,
            credit_tail: false,
            list_item: false,
        });
    }
    if RULE.is_match(raw) || REF_DEF.is_match(raw) {
        return None;
    }
    let heading = HEADING.is_match(raw);
    let mut line = HEADING.replace(raw, "").into_owned();
    line = line.trim_start_matches('>').trim_start().to_string();
    let list_item = LIST_MARKER.is_match(&line);
    line = LIST_MARKER.replace(&line, "").into_owned();
    let credit_tail = BOLD_TAIL.is_match(&line);
    line = IMAGE.replace_all(&line, "").into_owned();
    let mut link_words = 0;
    line = LINK
        .replace_all(&line, |caps: &regex::Captures| {
            link_words += word_count(&caps[1]);
            caps[1].to_string()
        })
        .into_owned();
    line = REF_LINK.replace_all(&line, "$1").into_owned();
    line = AUTOLINK.replace_all(&line, "$1").into_owned();
    line = BOLD
        .replace_all(&line, |caps: &regex::Captures| {
            caps.get(1).or(caps.get(2)).map_or("", |m| m.as_str()).to_string()
        })
        .into_owned();
    line = TAG.replace_all(&line, "").into_owned();
    let text = collapse_whitespace(&line);
    (!text.is_empty()).then_some(Line {
        words: word_count(&text),
        text,
        link_words,
        heading,
        credit_tail,
        list_item,
    })
}

/// Splits a text or Markdown body into blocks.
pub fn split_blocks(body: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut group: Vec<Line> = Vec::new();
    for raw in body.lines() {
        if raw.trim().is_empty() {
            flush(&mut group, &mut blocks);
        } else if let Some(line) = reduce_line(raw) {
            group.push(line);
        }
    }
    flush(&mut group, &mut blocks);
    blocks
}

fn flush(group: &mut Vec<Line>, blocks: &mut Vec<Block>) {
    if group.is_empty() {
        return;
    }
    let lines = std::mem::take(group);
    if is_hard_wrapped(&lines) {
        let text = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
        blocks.push(Block {
            // Joining lines with a space joins their tokens, so the counts add.
            words: lines.iter().map(|l| l.words).sum(),
            text,
            link_words: lines.iter().map(|l| l.link_words).sum(),
            heading: false,
            credit_tail: lines.last().is_some_and(|l| l.credit_tail),
            blank_after: true,
        });
        return;
    }
    let count = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        blocks.push(Block {
            words: line.words,
            text: line.text,
            link_words: line.link_words,
            heading: line.heading,
            credit_tail: line.credit_tail,
            blank_after: i + 1 == count,
        });
    }
}

/// A group of lines is one wrapped paragraph when its lines break at similar
/// widths mid-sentence rather than at sentence ends.
fn is_hard_wrapped(lines: &[Line]) -> bool {
    if lines.len() < 2 || lines.iter().any(|l| l.heading || l.list_item) {
        return false;
    }
    let inner = &lines[..lines.len() - 1];
    let mid_sentence = inner
        .iter()
        .filter(|l| {
            let len = l.text.chars().count();
            (30..=110).contains(&len) && !ends_sentence(&l.text)
        })
        .count();
    mid_sentence * 10 >= inner.len() * 7
}

/// Whether text ends like a sentence (terminal punctuation, maybe quoted),
/// in Latin or CJK punctuation.
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['"', '”', '’', '\'', '»', ')', ' ', '」', '』', '）']);
    trimmed.ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

/// Words in a text. Scripts written without spaces (Chinese, Japanese, Thai
/// and their neighbours) count by characters, at the typical length of a
/// word in each, so a paragraph of Japanese weighs as much as its English
/// translation rather than as one "word".
pub fn word_count(text: &str) -> usize {
    let spacing = spacing(text);
    if spacing.spaced_script {
        return spacing.tokens;
    }
    text.split_whitespace()
        .map(|token| {
            if token.is_ascii() {
                return 1;
            }
            let (mut ideographic, mut southeast_asian) = (0usize, 0usize);
            for c in token.chars() {
                match c as u32 {
                    0x3040..=0x30FF
                    | 0x31F0..=0x31FF
                    | 0x3400..=0x4DBF
                    | 0x4E00..=0x9FFF
                    | 0xF900..=0xFAFF
                    | 0xFF66..=0xFF9F
                    | 0x20000..=0x2FFFF => ideographic += 1,
                    0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF => southeast_asian += 1,
                    _ => {}
                }
            }
            (ideographic / 2 + southeast_asian / 4).max(1)
        })
        .sum()
}

/// Whether a line may hold Markdown or HTML syntax; lines that cannot skip
/// the reduction's patterns.
fn may_hold_markup(raw: &str) -> bool {
    let start = raw.trim_start();
    // Whole chunks are tested without stopping at the first hit, which lets
    // the compiler compare many bytes at once.
    raw.as_bytes().chunks(64).any(|chunk| {
        chunk.iter().fold(false, |any, &b| {
            any | matches!(b, b'[' | b'*' | b'_' | b'<' | b'#' | b'>' | b'=')
        })
    }) || start.starts_with(['-', '+', '\u{2022}'])
        || start.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_links_keep_their_words() {
        let blocks =
            split_blocks("Officials [said](#) on **Monday** that ![img](a.png)it [rained](http://x.y \"t\").\n");
        assert_eq!(blocks[0].text, "Officials said on Monday that it rained.");
        assert_eq!(blocks[0].link_words, 2);
    }

    #[test]
    fn lines_without_blank_lines_are_separate_blocks() {
        let blocks = split_blocks("First paragraph ends here.\nSecond paragraph ends here.\n");
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let body = "The council met on Tuesday evening to discuss the new budget for\nthe coming year, which includes more money for schools and roads\nand a smaller reserve.\n\nNext paragraph.";
        let blocks = split_blocks(body);
        assert_eq!(blocks.len(), 2);
        assert!(blocks[0].text.contains("budget for the coming year"));
    }

    #[test]
    fn list_items_stay_apart() {
        let body = "- The council will meet on Tuesday evening to discuss the new\n- The mayor has said that the plan for the harbour is not yet\n- Residents can send their views by the end of the month in";
        assert_eq!(split_blocks(body).len(), 3);
    }

    #[test]
    fn headings_and_bold_credits_are_noted() {
        let blocks = split_blocks("## A heading\n\nA caption of a photo. **Agency / Photographer**\n");
        assert!(blocks[0].heading);
        assert!(blocks[1].credit_tail);
        assert_eq!(blocks[1].text, "A caption of a photo. Agency / Photographer");
    }
}
