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

/// Words with their byte spans: `(start, end, lower-cased word)`, the same
/// words as [`words`].
pub fn word_spans(text: &str) -> Vec<(usize, usize, String)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let in_word = c.is_alphanumeric() || c == '_';
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i, text[s..i].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len(), text[s..].to_lowercase()));
    }
    spans
}

/// Words with their byte spans and a hash of the lower-cased word: the
/// same words as [`word_spans`], cheaper to compare.
pub fn word_hashes(text: &str) -> Vec<(usize, usize, u64)> {
    let mut out = Vec::new();
    let mut lower = String::new();
    let mut start: Option<usize> = None;
    let mut push = |s: usize, e: usize, lower: &mut String| {
        lower.clear();
        lower.extend(text[s..e].chars().flat_map(char::to_lowercase));
        out.push((s, e, xxhash_rust::xxh3::xxh3_64(lower.as_bytes())));
    };
    for (i, c) in text.char_indices() {
        let in_word = c.is_alphanumeric() || c == '_';
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push(s, i, &mut lower);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut lower);
    }
    out
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
    }
}
