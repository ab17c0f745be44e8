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
