//! Two stored documents side by side, and the text they share, so that a
//! reader sees why two copies were linked (or what two articles have in
//! common).
//!
//! Two kinds of shared text are reported. *Passages*: the longest runs of
//! words in the same order in both, as the duplicates stage measures them
//! (`storyline::dedup::shared_passages`), taken from the stored evidence
//! when the two are linked directly, else measured now. That measure keeps
//! only the three longest runs of eight words or more, so a short identical
//! sentence beside three long passages is not among them. *Sentences*:
//! every sentence of four words or more that the two have word for word
//! (case and punctuation aside), outside the passages, which shows such an
//! opening sentence too.

use crate::detail::{DocumentSummary, DocumentView};
use crate::{Index, Result};
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::Value;
use storyline::dedup::shared_passages;
use storyline::report::ArticleRecord;
use storyline::text::sentences::sentence_spans;
use storyline::text::word_hashes;

/// Fewest words a sentence needs to be reported as shared: shorter ones
/// ("He said no.") are common to unrelated articles.
const MIN_SENTENCE_WORDS: usize = 4;

/// Two documents and what they share.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The first document.
    pub a: ComparedDocument,
    /// The second document.
    pub b: ComparedDocument,
    /// The canonical copy of their group when both are copies in one group.
    pub canonical: Option<String>,
    /// The duplicates stage's link between the two, when they are linked
    /// directly: `rule`, `jaccard`, `containment`, `a_in_b`, `b_in_a`, with
    /// `a` and `b` as in this comparison.
    pub link: Option<Value>,
    /// The text they share: passages (longest first), then sentences (in
    /// the order of the first document).
    pub shared: Vec<SharedSpan>,
}

/// One side of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct ComparedDocument {
    /// What identifies it.
    #[serde(flatten)]
    pub summary: DocumentSummary,
    /// Its clean text, which the spans index.
    pub text: String,
}

/// What kind of shared text a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SharedKind {
    /// One of the longest runs of words in the same order in both.
    Passage,
    /// A whole sentence found word for word in both.
    Sentence,
}

/// Text found in both documents. Offsets count Unicode scalar values in
/// each document's `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedSpan {
    /// Passage or sentence.
    pub kind: SharedKind,
    /// Start in the first text.
    pub a_start: usize,
    /// End in the first text.
    pub a_end: usize,
    /// Start in the second text.
    pub b_start: usize,
    /// End in the second text.
    pub b_end: usize,
    /// Words.
    pub words: usize,
}

impl From<&ArticleRecord> for DocumentSummary {
    fn from(a: &ArticleRecord) -> Self {
        DocumentSummary {
            id: a.id.0.clone(),
            title: a.title.clone(),
            source: a.source.clone(),
            published: a.published.map(|d| d.to_string()),
            published_precision: a
                .published_precision
                .and_then(|p| serde_json::to_value(p).ok())
                .and_then(|v| v.as_str().map(String::from)),
            url: a.url.clone(),
            language: a.language.clone(),
        }
    }
}

impl Index {
    /// Documents `a` and `b` side by side with the text they share; `None`
    /// when either is not indexed.
    pub fn compare(&self, a: &str, b: &str) -> Result<Option<Comparison>> {
        let (Some(da), Some(db)) = (self.document(a)?, self.document(b)?) else {
            return Ok(None);
        };
        let canonical = match (&da.group, &db.group) {
            (Some(ga), Some(gb)) if ga.canonical == gb.canonical => Some(ga.canonical.clone()),
            _ => None,
        };
        let stored = canonical.as_ref().and_then(|_| stored_link(&da, a, b));
        let mut shared: Vec<SharedSpan> = match &stored {
            Some((_, passages)) => passages.clone(),
            None => shared_passages(&da.article.text, &db.article.text)
                .into_iter()
                .map(|p| SharedSpan {
                    kind: SharedKind::Passage,
                    a_start: p.a_start,
                    a_end: p.a_end,
                    b_start: p.b_start,
                    b_end: p.b_end,
                    words: p.words,
                })
                .collect(),
        };
        let sentences: Vec<SharedSpan> = identical_sentences(&da.article.text, &db.article.text)
            .into_iter()
            .filter(|s| {
                !shared.iter().any(|p| {
                    p.a_start <= s.a_start && s.a_end <= p.a_end && p.b_start <= s.b_start && s.b_end <= p.b_end
                })
            })
            .collect();
        shared.extend(sentences);
        Ok(Some(Comparison {
            a: side(da),
            b: side(db),
            canonical,
            link: stored.map(|(link, _)| link),
            shared,
        }))
    }
}

fn side(view: DocumentView) -> ComparedDocument {
    ComparedDocument {
        summary: DocumentSummary::from(&view.article),
        text: view.article.text,
    }
}

/// The stored link between `a` and `b` in `a`'s group evidence, turned so
/// that its `a` is `a`, and its passages.
fn stored_link(view: &DocumentView, a: &str, b: &str) -> Option<(Value, Vec<SharedSpan>)> {
    let pairs = view.group.as_ref()?.evidence.get("pairs")?.as_array()?;
    let is = |pair: &Value, key: &str, id: &str| pair.get(key).and_then(Value::as_str) == Some(id);
    let (pair, turned) = pairs.iter().find_map(|p| {
        if is(p, "a", a) && is(p, "b", b) {
            Some((p, false))
        } else if is(p, "a", b) && is(p, "b", a) {
            Some((p, true))
        } else {
            None
        }
    })?;
    let number = |value: &Value, key: &str| value.get(key).and_then(Value::as_u64).unwrap_or(0) as usize;
    let passages = pair
        .get("shared_passages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| {
            let (a_side, b_side) = if turned { ("b", "a") } else { ("a", "b") };
            SharedSpan {
                kind: SharedKind::Passage,
                a_start: number(p, &format!("{a_side}_start")),
                a_end: number(p, &format!("{a_side}_end")),
                b_start: number(p, &format!("{b_side}_start")),
                b_end: number(p, &format!("{b_side}_end")),
                words: number(p, "words"),
            }
        })
        .collect();
    let field = |key: &str| pair.get(key).cloned().unwrap_or(Value::Null);
    let (a_in_b, b_in_a) = if turned {
        ("b_in_a", "a_in_b")
    } else {
        ("a_in_b", "b_in_a")
    };
    let link = serde_json::json!({
        "rule": field("rule"),
        "jaccard": field("jaccard"),
        "containment": field("containment"),
        "a_in_b": field(a_in_b),
        "b_in_a": field(b_in_a),
    });
    Some((link, passages))
}

/// The sentences of `a` (of [`MIN_SENTENCE_WORDS`] or more) that `b` has
/// with the same words in the same order, each with the first such
/// sentence of `b`, in the order of `a`.
fn identical_sentences(a: &str, b: &str) -> Vec<SharedSpan> {
    let mut in_b: FxHashMap<Vec<u64>, (usize, usize)> = FxHashMap::default();
    for (words, span) in sentence_words(b) {
        if words.len() >= MIN_SENTENCE_WORDS {
            in_b.entry(words).or_insert(span);
        }
    }
    let (mut chars_a, mut chars_b) = (CharOffsets::new(a), CharOffsets::new(b));
    sentence_words(a)
        .into_iter()
        .filter_map(|(words, (a_start, a_end))| {
            let &(b_start, b_end) = in_b.get(&words)?;
            Some(SharedSpan {
                kind: SharedKind::Sentence,
                a_start: chars_a.at(a_start),
                a_end: chars_a.at(a_end),
                b_start: chars_b.at(b_start),
                b_end: chars_b.at(b_end),
                words: words.len(),
            })
        })
        .collect()
}

/// Each sentence of `text` as its words' hashes, with the byte span from
/// its first word to its last (as passages are spanned, so that a sentence
/// inside a passage lies within the passage's span).
fn sentence_words(text: &str) -> Vec<(Vec<u64>, (usize, usize))> {
    sentence_spans(text)
        .into_iter()
        .filter_map(|(start, end)| {
            let words = word_hashes(&text[start..end]);
            let span = (start + words.first()?.0, start + words.last()?.1);
            Some((words.into_iter().map(|(_, _, hash)| hash).collect(), span))
        })
        .collect()
}

/// Character offsets of byte offsets into one text, counted on from the
/// previous answer when asked in increasing order (from the start when not).
struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            return self.text[..byte].chars().count();
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identical_opening_sentence_is_found_in_both_texts() {
        let a = "Rain closed the port on Monday. Ferries stayed in the harbour all day, officials said.";
        let b = "Übrigens: Rain closed the port on Monday! Later the storm moved north.";
        let found = identical_sentences(a, b);
        assert_eq!(found.len(), 0, "the first sentence of b starts with another word");
        let b = "Ferries stayed in the harbour all day, officials said. Rain closed the port on monday.";
        let found = identical_sentences(a, b);
        assert_eq!(found.len(), 2);
        let slice = |t: &str, s: usize, e: usize| t.chars().skip(s).take(e - s).collect::<String>();
        assert_eq!(
            slice(a, found[0].a_start, found[0].a_end),
            "Rain closed the port on Monday"
        );
        assert_eq!(
            slice(b, found[0].b_start, found[0].b_end),
            "Rain closed the port on monday"
        );
        assert_eq!(found[1].words, 9);
    }

    #[test]
    fn character_offsets_count_scalar_values() {
        let text = "Zürich – Genève";
        let mut offsets = CharOffsets::new(text);
        assert_eq!(offsets.at(0), 0);
        assert_eq!(offsets.at(text.find('G').unwrap()), 9);
        assert_eq!(offsets.at(text.find('–').unwrap()), 7);
    }
}
