//! Finding quoted spans in a paragraph, in every common quote style:
//! “ ” " " « » „ “ ‚ ‘ and `` '' (as in Penn-Treebank-tokenised text).
//! Mixed pairs (“…") are accepted, as scraped text often mixes styles.
//! Single-quote styles only open after a space and close before one, so that
//! apostrophes (don't, Russia’s) never open a quote.

/// A quoted span: byte offsets of the inner text within the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotedSpan {
    /// Start of the quoted words (after the opening mark).
    pub start: usize,
    /// End of the quoted words (before the closing mark).
    pub end: usize,
    /// Start of the opening mark.
    pub outer_start: usize,
    /// End of the closing mark (or of the paragraph when left open).
    pub outer_end: usize,
    /// The quote was still open at the end of the paragraph.
    pub open_at_end: bool,
}

fn opener(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let before_ok = text[..i]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || "([—–-:".contains(c));
    if rest.starts_with("``") {
        return Some(2);
    }
    for mark in ['“', '«', '„', '"'] {
        if rest.starts_with(mark) {
            return Some(mark.len_utf8());
        }
    }
    for mark in ['‘', '‚'] {
        if rest.starts_with(mark) && before_ok {
            return Some(mark.len_utf8());
        }
    }
    None
}

fn closer(text: &str, i: usize, single: bool) -> Option<usize> {
    let rest = &text[i..];
    if rest.starts_with("''") {
        return Some(2);
    }
    // "…scorer, `` Hansbrough said": an opening mark typed where the closing
    // one belongs, recognisable after a comma inside an open quote.
    if !single && rest.starts_with("``") && text[..i].trim_end().ends_with(',') {
        return Some(2);
    }
    if single {
        let after = rest.strip_prefix('’')?;
        let after_ok = after
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || ",.;:!?)—–-".contains(c));
        return after_ok.then_some('’'.len_utf8());
    }
    for mark in ['”', '»', '"', '“'] {
        if rest.starts_with(mark) {
            return Some(mark.len_utf8());
        }
    }
    None
}

/// All quoted spans of a paragraph, in order. The paragraph may begin inside a quote left open by
/// the paragraph before (text with one sentence per line). A paragraph that
/// re-opens the quote with its own mark starts outside.
pub fn quoted_spans_from(text: &str, starts_open: bool) -> Vec<QuotedSpan> {
    let mut spans = Vec::new();
    let reopens = opener(text.trim_start(), 0).is_some();
    // (outer start, inner start, single)
    let mut open: Option<(usize, usize, bool)> = (starts_open && !reopens).then_some((0, 0, false));
    let mut i = 0;
    while i < text.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        match open {
            None => {
                if let Some(len) = opener(text, i) {
                    let single = matches!(text[i..].chars().next(), Some('‘' | '‚'));
                    open = Some((i, i + len, single));
                    i += len;
                    continue;
                }
            }
            Some((outer_start, start, single)) => {
                if let Some(len) = closer(text, i, single) {
                    spans.push(QuotedSpan {
                        start,
                        end: i,
                        outer_start,
                        outer_end: i + len,
                        open_at_end: false,
                    });
                    open = None;
                    i += len;
                    continue;
                }
            }
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    if let Some((outer_start, start, _)) = open {
        spans.push(QuotedSpan {
            start,
            end: text.len(),
            outer_start,
            outer_end: text.len(),
            open_at_end: true,
        });
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(text: &str) -> Vec<&str> {
        quoted_spans_from(text, false)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn styles() {
        assert_eq!(inner("He said “yes, we will” and left."), ["yes, we will"]);
        assert_eq!(inner("« Nous verrons », a-t-il dit."), [" Nous verrons "]);
        assert_eq!(inner("„Wir schaffen das“, sagte sie."), ["Wir schaffen das"]);
        assert_eq!(
            inner("`` We appreciate it , '' the rep said."),
            [" We appreciate it , "]
        );
        assert_eq!(
            inner("“I can’t say whether we are right. We will see,\" he said."),
            ["I can’t say whether we are right. We will see,"]
        );
    }

    #[test]
    fn apostrophes_do_not_open_quotes() {
        assert_eq!(
            inner("Russia’s demands and the West’s answer, ‘a real step’, came."),
            ["a real step"]
        );
    }

    #[test]
    fn opening_marks_typed_as_closing_after_a_comma() {
        let text = "`` I never dreamed of it, `` Smith said. `` It is an honor. ''";
        let spans = quoted_spans_from(text, false);
        assert_eq!(&text[spans[0].start..spans[0].end], " I never dreamed of it, ");
        assert_eq!(spans.len(), 2);
    }

    #[test]
    fn quote_left_open_continues_in_the_next_paragraph() {
        let spans = quoted_spans_from("and so on. '' he said.", true);
        assert_eq!(spans[0].start, 0);
        assert_eq!(spans[0].end, 11);
        let reopened = quoted_spans_from("`` A new part. ''", true);
        assert_eq!(reopened[0].start, 2);
    }

    #[test]
    fn open_quote_runs_to_the_end() {
        let spans = quoted_spans_from("“This continues into the next paragraph.", false);
        assert!(spans[0].open_at_end);
    }
}
