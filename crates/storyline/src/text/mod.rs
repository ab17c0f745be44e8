//! Text helpers shared by the stages after extraction: the one definition of
//! a "word" that fingerprints, duplicate checks and story vectors agree on,
//! content terms ([`terms`]) and sentences ([`sentences`]).

pub mod sentences;
pub mod terms;

/// Lower-cased word tokens: maximal runs of letters, digits and `_` (the
/// `\w+` of the extraction benchmarks), so quote styles, dashes and
/// Markdown leftovers never change a document's words.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// What [`str::split_whitespace`] would make of a text, taken in one pass
/// over its bytes (no decoding of ASCII, nor of most other characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spacing {
    /// Number of whitespace-separated tokens.
    pub tokens: usize,
    /// Tokens are separated by single ASCII spaces, with none at either end:
    /// collapsing the whitespace would change nothing.
    pub collapsed: bool,
    /// No character of a script written without spaces between words (Thai,
    /// Lao, Myanmar, Khmer, kana, CJK ideographs) can be in the text.
    pub spaced_script: bool,
}

const SPACE: u8 = 1;
const OTHER_ASCII_SPACE: u8 = 2;
/// Lead byte of U+0085, U+00A0, U+1680, U+2000…U+205F or U+3000.
const MAYBE_SPACE: u8 = 4;
/// Lead byte of U+0E00…U+0FFF, U+1000…U+1FFF, U+3000…U+FFFF or beyond.
const MAYBE_UNSPACED: u8 = 8;

const BYTE_CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = match b as u8 {
            b' ' => SPACE,
            b'\t'..=b'\r' => OTHER_ASCII_SPACE,
            0xC2 | 0xE2 => MAYBE_SPACE,
            0xE1 | 0xE3 => MAYBE_SPACE | MAYBE_UNSPACED,
            0xE0 | 0xE4..=0xF4 => MAYBE_UNSPACED,
            _ => 0,
        };
        b += 1;
    }
    class
};

/// Measures a text's [`Spacing`].
pub fn spacing(text: &str) -> Spacing {
    let bytes = text.as_bytes();
    let (mut tokens, mut doubled, mut irregular, mut unspaced) = (0usize, 0u8, false, 0u8);
    // The start of the text counts as a space before the first token.
    let mut after_space = 1u8;
    let mut at = 0;
    while at < bytes.len() {
        let class = BYTE_CLASS[bytes[at] as usize];
        if class & !SPACE == 0 {
            // The common case, a space or a byte of no class, is counted
            // without branching on which it is.
            tokens += usize::from(after_space & !class & 1);
            doubled |= after_space & class;
            after_space = class;
            at += 1;
            continue;
        }
        unspaced |= class & MAYBE_UNSPACED;
        let (space, width) = if class & OTHER_ASCII_SPACE != 0 {
            (true, 1)
        } else if class & MAYBE_SPACE != 0 {
            // Bytes inside a multi-byte character are never of a class,
            // so the other characters are stepped over a byte at a time.
            let c = text[at..].chars().next().unwrap_or('\0');
            (c.is_whitespace(), if c.is_whitespace() { c.len_utf8() } else { 1 })
        } else {
            (false, 1)
        };
        if space {
            irregular = true;
        } else {
            tokens += usize::from(after_space);
        }
        after_space = u8::from(space);
        at += width;
    }
    let trailing = after_space == 1 && !bytes.is_empty();
    Spacing {
        tokens,
        collapsed: doubled == 0 && !irregular && !trailing,
        spaced_script: unspaced == 0,
    }
}

/// Byte ranges of the words of `text` (the same words as [`words`]).
fn word_bounds(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start: Option<usize> = None;
    text.char_indices()
        .map(Some)
        .chain(std::iter::once(None))
        .filter_map(move |item| {
            let in_word = item.is_some_and(|(_, c)| c.is_alphanumeric() || c == '_');
            let at = item.map_or(text.len(), |(i, _)| i);
            match (in_word, start) {
                (true, None) => {
                    start = Some(at);
                    None
                }
                (false, Some(s)) => {
                    start = None;
                    Some((s, at))
                }
                _ => None,
            }
        })
}

/// Words with their byte spans: `(start, end, lower-cased word)`, the same
/// words as [`words`].
pub fn word_spans(text: &str) -> Vec<(usize, usize, String)> {
    word_bounds(text)
        .map(|(s, e)| (s, e, text[s..e].to_lowercase()))
        .collect()
}

/// Words with their byte spans and a hash of the lower-cased word: the
/// same words as [`word_spans`], cheaper to compare.
pub fn word_hashes(text: &str) -> Vec<(usize, usize, u64)> {
    let mut lower = String::new();
    word_bounds(text)
        .map(|(s, e)| {
            lower.clear();
            lower.extend(text[s..e].chars().flat_map(char::to_lowercase));
            (s, e, xxhash_rust::xxh3::xxh3_64(lower.as_bytes()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_agrees_with_split_whitespace() {
        for text in [
            "",
            " ",
            "one",
            "one two three",
            " leading",
            "trailing ",
            "double  space",
            "tab\tand\nnewline",
            "vertical\x0btab\x0cfeed",
            "no\u{a0}break\u{85}next\u{1680}ogham\u{2003}em\u{2028}line\u{202f}narrow\u{205f}math\u{3000}ideo",
            "“Quoted” — Ünïcödé ΣΊΣΥΦΟΣ dash\u{200b}zero-width",
            "日本語の 文章 ภาษาไทย ကမ္ဘာ",
        ] {
            let tokens: Vec<&str> = text.split_whitespace().collect();
            let measured = spacing(text);
            assert_eq!(measured.tokens, tokens.len(), "{text:?}");
            assert_eq!(measured.collapsed, tokens.join(" ") == text, "{text:?}");
            let unspaced = text
                .chars()
                .any(|c| matches!(c as u32, 0x0E00..=0x0FFF | 0x1000..=0x1FFF | 0x3000..));
            assert!(!(measured.spaced_script && unspaced), "{text:?}");
        }
        assert!(spacing("“Quoted” — Ünïcödé ΣΊΣΥΦΟΣ").spaced_script);
    }

    #[test]
    fn quote_styles_and_dashes_do_not_matter() {
        let a: Vec<String> = words("“We’re here,” NATO–Russia said.").collect();
        let b: Vec<String> = words("\"We're here,\" NATO-Russia said.").collect();
        assert_eq!(a, b);
        assert_eq!(a, ["we", "re", "here", "nato", "russia", "said"]);
        let spans: Vec<String> = word_spans("“We’re here,” NATO–Russia said.")
            .into_iter()
            .map(|s| s.2)
            .collect();
        assert_eq!(spans, a);
        let hashes: Vec<u64> = word_hashes("“We’re here,” NATO–Russia said.")
            .into_iter()
            .map(|h| h.2)
            .collect();
        let expected: Vec<u64> = a.iter().map(|w| xxhash_rust::xxh3::xxh3_64(w.as_bytes())).collect();
        assert_eq!(hashes, expected);
    }
}
