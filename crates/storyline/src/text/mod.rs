//! Text helpers shared by the stages: the one definition of
//! a "word" that fingerprints, duplicate checks and story vectors agree on,
//! content terms ([`terms`]), sentences ([`sentences`]) and the names of
//! organisations ([`names`]).

pub mod names;
pub mod sentences;
pub mod terms;

/// Whether a character is a letter or digit ([`char::is_alphanumeric`]).
/// Characters below U+0800 (Latin, Greek, Cyrillic, Armenian, Hebrew,
/// Arabic) are looked up in a table built once; the standard library
/// searches its Unicode tables for every character outside ASCII, which
/// dominates the cost of reading text in those scripts.
#[inline]
pub fn is_letter_or_digit(c: char) -> bool {
    const TABLE_END: usize = 0x800;
    static TABLE: std::sync::LazyLock<[u64; TABLE_END / 64]> = std::sync::LazyLock::new(|| {
        let mut table = [0u64; TABLE_END / 64];
        for (code, c) in (0..TABLE_END as u32).filter_map(|code| Some((code as usize, char::from_u32(code)?))) {
            if c.is_alphanumeric() {
                table[code / 64] |= 1 << (code % 64);
            }
        }
        table
    });
    let code = c as usize;
    if code < TABLE_END {
        TABLE[code / 64] >> (code % 64) & 1 == 1
    } else {
        c.is_alphanumeric()
    }
}

/// Lower-cased word tokens: maximal runs of letters, digits and `_` (the
/// `\w+` of the extraction benchmarks), so quote styles, dashes and
/// Markdown leftovers never change a document's words.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(is_letter_or_digit(c) || c == '_'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// What [`str::split_whitespace`] would make of a text, taken in one pass
/// over its bytes (no decoding of ASCII, nor of most other characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spacing {
    /// Number of whitespace-separated tokens.
    pub tokens: usize,
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
    walk_spacing(text, &mut Measure)
}

/// Bytes measured, written nowhere.
struct Measure;

/// Where [`walk_spacing`] hands the collapsed text.
trait Sink {
    /// Whether the sink keeps the text, so that chunks must be copied as
    /// they are (no space after a space in them).
    const WRITES: bool;
    /// One byte, kept or not: a sink writes every byte at the same place
    /// until one is kept.
    fn byte(&mut self, byte: u8, kept: bool);
    /// A chunk of bytes, all kept.
    fn chunk(&mut self, chunk: &[u8]);
}

impl Sink for Measure {
    const WRITES: bool = false;
    fn byte(&mut self, _: u8, _: bool) {}
    fn chunk(&mut self, _: &[u8]) {}
}

/// The collapsed text, written in place.
struct Collapse {
    out: Vec<u8>,
    written: usize,
}

impl Sink for Collapse {
    const WRITES: bool = true;
    #[inline(always)]
    fn byte(&mut self, byte: u8, kept: bool) {
        self.out[self.written] = byte;
        self.written += usize::from(kept);
    }
    #[inline(always)]
    fn chunk(&mut self, chunk: &[u8]) {
        self.out[self.written..self.written + chunk.len()].copy_from_slice(chunk);
        self.written += chunk.len();
    }
}

/// Where a walk over a text stands: tokens so far, whether a character of
/// an unspaced script may have been seen, whether the last byte was a space.
struct Walk {
    tokens: usize,
    unspaced: u8,
    after_space: u8,
}

impl Default for Walk {
    fn default() -> Self {
        // The start of the text counts as a space: leading spaces are dropped.
        Walk {
            tokens: 0,
            unspaced: 0,
            after_space: 1,
        }
    }
}

impl Walk {
    fn spacing(&self) -> Spacing {
        Spacing {
            tokens: self.tokens,
            spaced_script: self.unspaced == 0,
        }
    }
}

/// The one pass behind [`spacing`] and [`collapse_and_measure`]: measures
/// the text and hands `sink` the collapsed text (the closing space, if any,
/// is kept and left to the caller to trim). Runs of printable ASCII, the
/// bulk of most texts, go 32 bytes at a time: a token starts at each byte
/// that is not a space and follows one, and a chunk without two spaces in
/// a row is copied whole. Other chunks are walked byte by byte.
#[inline(always)]
fn walk_spacing<S: Sink>(text: &str, sink: &mut S) -> Spacing {
    const CHUNK: usize = 32;
    let bytes = text.as_bytes();
    let mut walk = Walk::default();
    let mut at = 0;
    while at + CHUNK <= bytes.len() {
        let chunk: &[u8; CHUNK] = bytes[at..at + CHUNK].try_into().expect("a whole chunk");
        let printable = chunk.iter().fold(true, |all, &b| all & (b.wrapping_sub(b' ') < 0x60));
        let mut starts = usize::from(chunk[0] != b' ') & usize::from(walk.after_space);
        let mut doubled = (chunk[0] == b' ') & (walk.after_space == 1);
        for pair in chunk.windows(2) {
            starts += usize::from(pair[1] != b' ') & usize::from(pair[0] == b' ');
            doubled |= (pair[0] == b' ') & (pair[1] == b' ');
        }
        if !printable || (S::WRITES && doubled) {
            at = walk_until(text, at, at + CHUNK, &mut walk, sink);
            continue;
        }
        sink.chunk(chunk);
        walk.tokens += starts;
        walk.after_space = u8::from(chunk[CHUNK - 1] == b' ');
        at += CHUNK;
    }
    walk_until(text, at, bytes.len(), &mut walk, sink);
    walk.spacing()
}

/// Walks from byte `at` to the first character boundary at or after
/// `until`, which it returns.
#[inline(always)]
fn walk_until(text: &str, mut at: usize, until: usize, walk: &mut Walk, sink: &mut impl Sink) -> usize {
    let bytes = text.as_bytes();
    while at < until {
        let class = BYTE_CLASS[bytes[at] as usize];
        if class & !SPACE == 0 {
            // The common case, a space (class 1) or a byte of no class, is
            // written and counted without branching on which it is; a space
            // after a space is not kept.
            sink.byte(bytes[at], (class ^ 1) | (walk.after_space ^ 1) == 1);
            walk.tokens += usize::from((class ^ 1) & walk.after_space);
            walk.after_space = class;
            at += 1;
            continue;
        }
        walk.unspaced |= class & MAYBE_UNSPACED;
        let (space, width) = classed_space(text, at, class);
        if space {
            sink.byte(b' ', walk.after_space == 0);
        } else {
            sink.byte(bytes[at], true);
            walk.tokens += usize::from(walk.after_space);
        }
        walk.after_space = u8::from(space);
        at += width;
    }
    at
}

/// Whether the byte at `at`, of a class other than plain or [`SPACE`],
/// begins a whitespace character, and how many bytes to step. Bytes inside a
/// multi-byte character are never of a class, so characters that are not
/// spaces are stepped over a byte at a time.
fn classed_space(text: &str, at: usize, class: u8) -> (bool, usize) {
    if class & OTHER_ASCII_SPACE != 0 {
        (true, 1)
    } else if class & MAYBE_SPACE != 0 {
        match text[at..].chars().next() {
            Some(c) if c.is_whitespace() => (true, c.len_utf8()),
            _ => (false, 1),
        }
    } else {
        (false, 1)
    }
}

/// Collapses runs of whitespace to single spaces and trims: the tokens of
/// [`str::split_whitespace`] joined by one space, written in one pass.
pub fn collapse_whitespace(text: &str) -> String {
    collapse_and_measure(text).0
}

/// [`collapse_whitespace`], with the [`Spacing`] of the text measured on the
/// way (collapsing changes no token).
pub fn collapse_and_measure(text: &str) -> (String, Spacing) {
    let mut sink = Collapse {
        out: vec![0u8; text.len()],
        written: 0,
    };
    let measured = walk_spacing(text, &mut sink);
    let Collapse { mut out, mut written } = sink;
    if written > 0 && out[written - 1] == b' ' {
        written -= 1;
    }
    out.truncate(written);
    // Whole characters are copied or replaced by one ASCII space, so the
    // bytes stay UTF-8.
    let collapsed = String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (collapsed, measured)
}

/// The next word of `text` at or after byte `from` (the words of
/// [`words`]): its byte range and whether it is all ASCII. ASCII bytes are
/// judged without decoding, other characters one by one.
pub(crate) fn next_word(text: &str, from: usize) -> Option<(usize, usize, bool)> {
    let bytes = text.as_bytes();
    let in_word = |at: usize| -> (bool, usize) {
        let b = bytes[at];
        if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'_', 1)
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            (is_letter_or_digit(c), c.len_utf8())
        }
    };
    let mut at = from;
    let start = loop {
        if at >= bytes.len() {
            return None;
        }
        let (inside, width) = in_word(at);
        if inside {
            break at;
        }
        at += width;
    };
    let mut ascii = true;
    while at < bytes.len() {
        let (inside, width) = in_word(at);
        if !inside {
            break;
        }
        ascii &= width == 1;
        at += width;
    }
    Some((start, at, ascii))
}

/// Which ASCII bytes belong to words: letters, digits and `_`.
const ASCII_WORD: [u8; 128] = {
    let mut word = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        word[b] = ((b as u8).is_ascii_alphanumeric() || b as u8 == b'_') as u8;
        b += 1;
    }
    word
};

/// Byte ranges of the words of `text`, with whether each is all ASCII. One
/// pass: word starts and ends are recorded at every ASCII byte and kept
/// where the byte begins or ends a word, without branching on which; other
/// characters are decoded one by one.
fn word_bounds(text: &str) -> Vec<(usize, usize, bool)> {
    let bytes = text.as_bytes();
    let room = bytes.len() / 2 + 2;
    let (mut starts, mut ends, mut ascii) = (vec![0usize; room], vec![0usize; room], vec![true; room]);
    let (mut started, mut ended, mut in_word) = (0usize, 0usize, 0usize);
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let (word, width) = if b.is_ascii() {
            (usize::from(ASCII_WORD[b as usize]), 1)
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            let word = usize::from(is_letter_or_digit(c));
            if word == 1 {
                ascii[started - in_word] = false;
            }
            (word, c.len_utf8())
        };
        starts[started] = at;
        started += word & (in_word ^ 1);
        ends[ended] = at;
        ended += in_word & (word ^ 1);
        in_word = word;
        at += width;
    }
    if in_word == 1 {
        ends[ended] = bytes.len();
        ended += 1;
    }
    debug_assert_eq!(started, ended);
    (0..ended).map(|w| (starts[w], ends[w], ascii[w])).collect()
}

/// Words with their byte spans: `(start, end, lower-cased word)`, the same
/// words as [`words`].
pub fn word_spans(text: &str) -> Vec<(usize, usize, String)> {
    word_bounds(text)
        .into_iter()
        .map(|(s, e, _)| (s, e, text[s..e].to_lowercase()))
        .collect()
}

/// Words with their byte spans and a hash of the lower-cased word: the
/// same words as [`word_spans`], cheaper to compare. The hash (64-bit
/// FNV-1a over the lower-cased UTF-8) is for telling words apart within a
/// run; it is not stored anywhere.
pub fn word_hashes(text: &str) -> Vec<(usize, usize, u64)> {
    const BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    let step = |hash: u64, byte: u8| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    word_bounds(text)
        .into_iter()
        .map(|(s, e, ascii)| {
            let hash = if ascii {
                text.as_bytes()[s..e]
                    .iter()
                    .fold(BASIS, |hash, &b| step(hash, b.to_ascii_lowercase()))
            } else {
                text[s..e].chars().flat_map(char::to_lowercase).fold(BASIS, |hash, c| {
                    let mut utf8 = [0u8; 4];
                    c.encode_utf8(&mut utf8).bytes().fold(hash, step)
                })
            };
            (s, e, hash)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_digits_are_those_of_the_standard_library() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?} (U+{:04X})", c as u32);
        }
    }

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
            let unspaced = text
                .chars()
                .any(|c| matches!(c as u32, 0x0E00..=0x0FFF | 0x1000..=0x1FFF | 0x3000..));
            assert!(!(measured.spaced_script && unspaced), "{text:?}");
        }
        assert!(spacing("“Quoted” — Ünïcödé ΣΊΣΥΦΟΣ").spaced_script);
    }

    proptest::proptest! {
        #[test]
        fn spacing_and_collapsing_agree_with_split_whitespace(
            text in "[a-z .,’“—é日ไ\t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2003}\u{2028}\u{202f}\u{3000}]{0,40}"
        ) {
            let tokens: Vec<&str> = text.split_whitespace().collect();
            let measured = spacing(&text);
            proptest::prop_assert_eq!(measured.tokens, tokens.len());
            proptest::prop_assert_eq!(collapse_whitespace(&text), tokens.join(" "));
            let (collapsed, measured) = collapse_and_measure(&text);
            proptest::prop_assert_eq!(measured.tokens, tokens.len());
            // Spaces from scripts' blocks (U+1680, U+3000) may make the
            // measure of the input more cautious than that of the output.
            proptest::prop_assert!(!measured.spaced_script || spacing(&collapsed).spaced_script);
        }

        #[test]
        fn long_ascii_runs_are_measured_whole(
            text in "(([a-z]{1,9} ){0,12}[a-z ]{0,6}[\t\n\u{a0}\u{2003}é日ไ ]?){0,8}"
        ) {
            let tokens: Vec<&str> = text.split_whitespace().collect();
            let mut walked = Walk::default();
            walk_until(&text, 0, text.len(), &mut walked, &mut Measure);
            proptest::prop_assert_eq!(spacing(&text), walked.spacing());
            proptest::prop_assert_eq!(collapse_whitespace(&text), tokens.join(" "));
            proptest::prop_assert_eq!(spacing(&text).tokens, tokens.len());
        }

        #[test]
        fn word_spans_are_the_words(text in "[a-zA-Z0-9_ .,’“—éÉΣİ日\t\n]{0,40}") {
            let spans = word_spans(&text);
            let expected: Vec<String> = words(&text).collect();
            proptest::prop_assert_eq!(spans.iter().map(|s| s.2.clone()).collect::<Vec<_>>(), expected);
            for (start, end, word) in &spans {
                proptest::prop_assert_eq!(&text[*start..*end].to_lowercase(), word);
            }
        }
    }

    #[test]
    fn collapsing_joins_the_split_whitespace_tokens() {
        for text in [
            "",
            "   ",
            "one",
            "  lead and trail  ",
            "double  space\t\ttabs\r\nlines\x0b\x0c",
            "no\u{a0}break\u{85}next\u{1680}ogham \u{2003} em\u{2028}\u{3000}ideo\u{3000}",
            "“Quoted” — Ünïcödé ΣΊΣΥΦΟΣ 日本語の 文章 dash\u{200b}zero-width ",
        ] {
            assert_eq!(
                collapse_whitespace(text),
                text.split_whitespace().collect::<Vec<_>>().join(" "),
                "{text:?}"
            );
        }
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
        let plain: Vec<u64> = word_hashes("\"We're here,\" NATO-Russia said.")
            .into_iter()
            .map(|h| h.2)
            .collect();
        assert_eq!(hashes, plain);
        let distinct: std::collections::HashSet<u64> = hashes.iter().copied().collect();
        assert_eq!(distinct.len(), hashes.len());
        assert_eq!(word_hashes("Été été ÉTÉ")[0].2, word_hashes("été")[0].2);
    }
}
