//! Sentence splitting for news text: a sentence ends at `.`, `!` or `?`
//! (possibly followed by a closing quote or bracket) when the next word
//! starts with a capital, a digit or an opening quote. Initials and short
//! abbreviations ("U.S.", "Mr.", "Jan.") do not end a sentence.

/// Byte ranges of the sentences of `text`.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')' | '»') {
                j += 1;
            }
            let at_space = j < chars.len() && chars[j].1.is_whitespace();
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            let next_starts = k < chars.len()
                && (chars[k].1.is_uppercase()
                    || chars[k].1.is_numeric()
                    || matches!(chars[k].1, '"' | '“' | '‘' | '«'));
            if (at_space && next_starts && !(c == '.' && is_abbreviation(&text[start..pos]))) || k >= chars.len() {
                let end = if j < chars.len() { chars[j].0 } else { text.len() };
                push_trimmed(text, start, end, &mut spans);
                start = if k < chars.len() { chars[k].0 } else { text.len() };
                i = k;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), &mut spans);
    spans
}

/// The sentences of `text`.
pub fn sentences(text: &str) -> Vec<&str> {
    sentence_spans(text).into_iter().map(|(a, b)| &text[a..b]).collect()
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if piece.trim().is_empty() {
        return;
    }
    spans.push((start + lead, end - trail));
}

/// Whether the text before a full stop ends in an initial or abbreviation.
fn is_abbreviation(before: &str) -> bool {
    let last = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let letters: String = last.chars().filter(|c| c.is_alphabetic()).collect();
    let single_initials = last.split('.').all(|p| p.chars().count() <= 1);
    single_initials
        || matches!(
            letters.to_lowercase().as_str(),
            "mr" | "mrs"
                | "ms"
                | "dr"
                | "prof"
                | "st"
                | "jr"
                | "sr"
                | "gen"
                | "gov"
                | "sen"
                | "rep"
                | "lt"
                | "col"
                | "sgt"
                | "capt"
                | "no"
                | "vs"
                | "jan"
                | "feb"
                | "mar"
                | "apr"
                | "jun"
                | "jul"
                | "aug"
                | "sep"
                | "sept"
                | "oct"
                | "nov"
                | "dec"
                | "inc"
                | "co"
                | "corp"
                | "ltd"
                | "u.s"
                | "etc"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_sentence_ends_not_abbreviations() {
        let text =
            "A U.S. official said so. Mr. Smith left on Jan. 5 at noon! Then “It is done,” he said. 42 people came.";
        assert_eq!(
            sentences(text),
            [
                "A U.S. official said so.",
                "Mr. Smith left on Jan. 5 at noon!",
                "Then “It is done,” he said.",
                "42 people came."
            ]
        );
    }
}
