//! Quotes stage: [`Article`] → [`Quote`]s (who said what).
//!
//! Quoted spans are found in every common style (`scan`). Each is attributed
//! by the cue patterns news writing uses: `"…," X said`, `"…," said X`,
//! `X said: "…"`, `X told Y "…"`, `X said. "…"`, `according to X`, and an
//! appositive subject (`X, who …, said "…"`). The speaker phrase is then
//! resolved inside the article (`speaker`): titles are stripped, a surname
//! becomes the full name used elsewhere in the article, a pronoun refers to the
//! most recent speaker or person introduced with a speech verb, a definite
//! description ("the Russian diplomat") to the most recent speaker whose
//! phrase has that role word (else the most recent named one), and anonymous
//! sources ("a U.S. official") stay as written. Parts of one quote (an
//! interrupted quote, or a quote running over paragraphs) share a speaker.
//! Unattributed quoted spans shorter than eight words (scare quotes, titles)
//! are not quotes.

mod scan;
mod speaker;

use crate::model::{Article, DocId};
use crate::text::names::names_organisation;
use crate::text::sentences::sentence_spans;
use regex::Regex;
use speaker::{classify, is_short_form, phrase_after, phrase_before, Reference};
use std::collections::HashMap;
use std::sync::LazyLock;

/// A direct quote and who said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The speaker, resolved; `None` when the quote has no attribution.
    pub speaker: Option<String>,
    /// The quoted words.
    pub text: String,
    /// The speech verb that attributed it ("said", "told", …).
    pub cue: Option<String>,
    /// The article it comes from.
    pub document: DocId,
    /// Character offset of the quoted words in the article text.
    pub start: usize,
    /// Character offset just after the quoted words.
    pub end: usize,
}

/// Most words between a speech verb and the quote it introduces.
const MAX_INDIRECT_WORDS: usize = 20;

/// Fewest words an unattributed quoted span needs to count as a quote.
const MIN_UNATTRIBUTED_WORDS: usize = 8;

static VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:quoted\s+as\s+saying|had\s+this\s+to\s+say|said|says|say|saying|told|confirmed|denied|tells|added|adds|stated|states|asked|replied|explained|noted|warned|insisted|argued|claimed|declared|announced|wrote|writes|stressed|emphasi[sz]ed|reiterated|continued|acknowledged|admitted|conceded|recalled|remarked|observed|commented|suggested|urged|predicted|concluded|complained|cautioned|tweeted|posted|vowed|promised|testified|responded|countered|recounted|(?i:according\s+to))\b").unwrap()
});
static NAME_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\p{Lu}(?:[\p{L}'’-]*|\.)\s+){1,4}\p{Lu}[\p{L}'’-]+").unwrap());
/// A name opening a sentence and followed by a verb-like lower-case word:
/// the sentence's subject ("Blinken arrived in Geneva…").
static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[.!?]\s+)(?P<name>(?:\p{Lu}[\p{L}'’-]+\s+){0,2}\p{Lu}[\p{L}'’-]+)\s+(?:on\s+\p{Lu}[a-z]+day\s+)?(?:[a-z]+ed|[a-z]*[^s\s]s|is|was|has|had|will|would|can|could)\b").unwrap()
});

/// The source named in a passive attribution: "(a statement) from/by X,".
static PASSIVE_SOURCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:from|by)\s+((?:\w+\s+){0,3}?\w+)\s*,").unwrap());

/// A quoted span with its attribution before resolution.
struct Found {
    start: usize,
    end: usize,
    text: String,
    reference: Option<Reference>,
    cue: Option<String>,
    /// Belongs with the previous quote (interrupted or continued).
    joins_previous: bool,
}

/// A person or source mentioned with a speech verb, for resolving references.
#[derive(Debug, Clone)]
struct Mention {
    at: usize,
    phrase: String,
    speaker: String,
    named: bool,
    /// Introduced as a speaker (with a speech verb or as a quote's source).
    salient: bool,
}

/// The quotes of every article, as report records, in article order.
pub fn quote_records(articles: &[Article]) -> Vec<crate::report::QuoteRecord> {
    use rayon::prelude::*;
    let per_article: Vec<Vec<Quote>> = articles.par_iter().map(extract_quotes).collect();
    per_article.into_iter().flatten().map(Into::into).collect()
}

/// Extracts the quotes of an article.
pub fn extract_quotes(article: &Article) -> Vec<Quote> {
    let text = &article.text;
    let mut found: Vec<Found> = Vec::new();
    let mut mentions: Vec<Mention> = Vec::new();
    let mut offset = 0;
    let mut previous_open = false;
    let mut previous_quoted = false;
    let mut previous_tail = "";
    for paragraph in text.split("\n\n") {
        let spans = scan::quoted_spans_from(paragraph, previous_open);
        let mut narrative_from = 0;
        for (k, span) in spans.iter().enumerate() {
            collect_mentions(
                &paragraph[narrative_from..span.outer_start],
                offset + narrative_from,
                &mut mentions,
            );
            narrative_from = span.outer_end;
            let next_start = spans.get(k + 1).map_or(paragraph.len(), |s| s.outer_start);
            let prev_end = if k == 0 { 0 } else { spans[k - 1].outer_end };
            let after = sentence_head(&paragraph[span.outer_end..next_start]);
            let before = &paragraph[prev_end..span.outer_start];
            let before = if k == 0 && before.trim().is_empty() {
                previous_tail
            } else {
                before
            };
            let (reference, cue) = attribution_after(after)
                .or_else(|| attribution_before(before, k > 0))
                .unzip();
            let connector_only = k > 0 && is_connector(&paragraph[prev_end..span.outer_start]);
            // A paragraph that is only a quote, after a paragraph that quoted
            // someone, continues that person's statement.
            let quote_paragraph =
                k == 0 && paragraph[..span.outer_start].trim().is_empty() && reference.is_none() && previous_quoted;
            let continues_open = k == 0 && previous_open && span.start == 0;
            if continues_open {
                // The same quote, running on from the paragraph before.
                if let Some(last) = found.last_mut() {
                    last.end = offset + span.end;
                    last.text = format!("{} {}", last.text, clean_quote(&paragraph[span.start..span.end]));
                    if last.reference.is_none() {
                        last.reference = reference;
                        last.cue = cue;
                    }
                    continue;
                }
            }
            found.push(Found {
                start: offset + span.start,
                end: offset + span.end,
                text: clean_quote(&paragraph[span.start..span.end]),
                reference,
                cue,
                joins_previous: connector_only || quote_paragraph || (k == 0 && previous_open && span.outer_start == 0),
            });
        }
        collect_mentions(&paragraph[narrative_from..], offset + narrative_from, &mut mentions);
        previous_open = spans.last().is_some_and(|s| s.open_at_end);
        previous_quoted = !spans.is_empty();
        previous_tail = paragraph.get(narrative_from..).unwrap_or("");
        offset += paragraph.len() + 2;
    }
    resolve(found, mentions, article, text)
}

/// Assigns speakers in text order, then shares them along joined parts.
fn resolve(found: Vec<Found>, mut mentions: Vec<Mention>, article: &Article, text: &str) -> Vec<Quote> {
    // Full names the article uses anywhere, quotes included, for "Lavrov" →
    // "Sergei Lavrov".
    let text_names = NAME_RUN.find_iter(text).filter_map(|run| match classify(run.as_str()) {
        Some(Reference::Name(name)) if name.contains(' ') => Some(name),
        _ => None,
    });
    let all_names: Vec<String> = mentions
        .iter()
        .filter(|m| m.named)
        .map(|m| m.speaker.clone())
        .chain(text_names)
        .collect();
    let mut found = found;
    let mut speakers: Vec<Option<String>> = Vec::with_capacity(found.len());
    for f in &found {
        let earlier: Vec<&Mention> = mentions.iter().filter(|m| m.at < f.start).collect();
        let speaker = match &f.reference {
            None => None,
            Some(Reference::Name(name)) => Some(full_name(name, &all_names)),
            Some(Reference::Anonymous(phrase)) => Some(phrase.clone()),
            // "he"/"she" refer to people: a newspaper or a ministry mentioned
            // since is passed over.
            Some(Reference::Pronoun { personal }) => {
                let fits = |m: &Mention| !*personal || !names_organisation(&m.speaker);
                latest(&earlier, |m| m.salient && fits(m))
                    .or_else(|| latest(&earlier, |m| m.named && fits(m)))
                    .map(|m| m.speaker.clone())
            }
            Some(Reference::Definite { head }) => {
                let has_role = |m: &Mention| m.phrase.to_lowercase().contains(head.as_str());
                latest(&earlier, |m| m.salient && has_role(m))
                    .or_else(|| latest(&earlier, has_role))
                    .map(|m| m.speaker.clone())
                    // "the software giant", "the Taradise star": with no role
                    // in common, the source the article has quoted most.
                    .or_else(|| most_salient(&earlier))
                    .or_else(|| latest(&earlier, |m| m.salient && m.named).map(|m| m.speaker.clone()))
            }
        };
        if let Some(s) = &speaker {
            let phrase = match &f.reference {
                Some(Reference::Anonymous(p)) => p.clone(),
                _ => s.clone(),
            };
            let named =
                matches!(f.reference, Some(Reference::Name(_))) || mentions.iter().any(|m| m.named && &m.speaker == s);
            mentions.push(Mention {
                at: f.start,
                phrase,
                speaker: s.clone(),
                named,
                salient: true,
            });
        }
        speakers.push(speaker);
    }
    for speaker in speakers.iter_mut().flatten() {
        if let Some(Reference::Name(name)) = classify(speaker) {
            *speaker = full_name(&name, &all_names);
        }
    }
    // Parts of one quote share the speaker of whichever part is attributed.
    for i in (1..found.len()).rev() {
        if found[i].joins_previous && speakers[i - 1].is_none() {
            speakers[i - 1] = speakers[i].clone();
            found[i - 1].cue = found[i].cue.clone();
        }
    }
    for i in 1..found.len() {
        if found[i].joins_previous && speakers[i].is_none() {
            speakers[i] = speakers[i - 1].clone();
            found[i].cue = found[i - 1].cue.clone();
        }
    }
    let char_offset = |byte: usize| text[..byte].chars().count();
    found
        .into_iter()
        .zip(speakers)
        .filter(|(f, speaker)| {
            let words = f.text.split_whitespace().count();
            words >= 1 && (speaker.is_some() || words >= MIN_UNATTRIBUTED_WORDS)
        })
        .map(|(f, speaker)| Quote {
            cue: if speaker.is_some() { f.cue } else { None },
            speaker,
            text: f.text,
            document: article.id.clone(),
            start: char_offset(f.start),
            end: char_offset(f.end),
        })
        .collect()
}

/// Where the last sentence of `text` starts (abbreviations such as "U.S."
/// or "Rev." do not end a sentence).
fn sentence_start(text: &str) -> usize {
    sentence_spans(text).last().map_or(0, |&(start, _)| start)
}

/// Quoted words without surrounding spaces or a trailing comma.
fn clean_quote(text: &str) -> String {
    text.trim().trim_end_matches(',').trim().to_string()
}

/// The source the article has given voice to most often so far: the named
/// speaker of most quotes, "X said" sentences and sentence subjects.
fn most_salient(mentions: &[&Mention]) -> Option<String> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for m in mentions.iter().filter(|m| m.salient && m.named) {
        let entry = counts.entry(m.speaker.as_str()).or_default();
        entry.0 += 1;
        entry.1 = entry.1.max(m.at);
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .filter(|(_, (n, _))| *n >= 1)
        .map(|(name, _)| name.to_string())
}

/// The most recent mention satisfying `keep`.
fn latest<'a>(mentions: &[&'a Mention], keep: impl Fn(&Mention) -> bool) -> Option<&'a Mention> {
    mentions.iter().copied().filter(|m| keep(m)).max_by_key(|m| m.at)
}

/// The narrative right after a quote, up to the end of its sentence.
fn sentence_head(text: &str) -> &str {
    let lead = text.len() - text.trim_start().len();
    match sentence_spans(text).first() {
        Some(&(_, end)) => &text[..end.max(lead)],
        None => text,
    }
}

fn is_connector(text: &str) -> bool {
    let t = text.trim().trim_matches(|c: char| c == ',' || c == ';');
    t.split_whitespace().count() <= 2 && !VERB.is_match(t)
}

/// `"…," X said` / `"…," said X` / `"…," according to X`.
fn attribution_after(after: &str) -> Option<(Reference, String)> {
    let trimmed = after.trim_start_matches(|c: char| c.is_whitespace() || ",;:—–-".contains(c));
    let verb = VERB.find(trimmed)?;
    let prefix = &trimmed[..verb.start()];
    if prefix.split_whitespace().count() > 8 || prefix.contains(';') {
        return None;
    }
    let cue = verb.as_str().to_string();
    if prefix.trim().is_empty() {
        let phrase = phrase_after(&trimmed[verb.end()..])?;
        return classify(&phrase).map(|r| (r, cue));
    }
    let core = strip_adverbs(prefix).trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    // "the software giant said": a short definite description, whatever its nouns.
    let words = core.split_whitespace().count();
    if (2..=4).contains(&words) && core.to_lowercase().starts_with("the ") && !core.contains(',') {
        return classify(core).map(|r| (r, cue));
    }
    let phrase = phrase_before(core)?;
    // The whole prefix must be the speaker (plus adverbs), not a clause.
    if phrase != core {
        return None;
    }
    classify(&phrase).map(|r| (r, cue))
}

/// `X said: "…"`, `X told reporters "…"`, `X said. "…"`, `X, who …, said "…"`.
fn attribution_before(before: &str, after_quote: bool) -> Option<(Reference, String)> {
    let verb = VERB.find_iter(before).last()?;
    let rest = &before[verb.end()..];
    // "X said [that] … “partial quote”" is indirect speech around X's words.
    if rest.split_whitespace().count() > MAX_INDIRECT_WORDS || rest.contains(['“', '"']) {
        return None;
    }
    let cue = verb.as_str().to_string();
    // "According to the LA Times, “…”": the source follows the cue.
    if cue.to_lowercase().starts_with("according") {
        if let Some(reference) = phrase_after(rest.trim_start()).and_then(|p| classify(&p)) {
            return Some((reference, cue));
        }
    }
    // Inverted, between two parts of a quote: "…," said X, "…".
    if let Some(phrase) = phrase_after(rest.trim_start()).filter(|_| after_quote) {
        let core = rest.trim().trim_end_matches([',', ':', '.']).trim();
        if phrase == core {
            return classify(&phrase).map(|r| (r, cue));
        }
    }
    let head = strip_adverbs(&before[..verb.start()]);
    let head = &head[sentence_start(head)..];
    // Passive: "In a statement from her people, it was confirmed, “…”".
    if head.trim_end().to_lowercase().ends_with(" it") || head.trim().eq_ignore_ascii_case("it") {
        if let Some(source) = PASSIVE_SOURCE.captures(head).and_then(|c| classify(c[1].trim())) {
            return Some((source, cue));
        }
    }
    if let Some(phrase) = phrase_before(head) {
        if let Some(reference) = classify(&phrase) {
            return Some((reference, cue));
        }
    }
    // Appositive subject: "Lavrov, who previously said …, said", or a
    // subject opening the sentence: "Gupta declined to comment but confirmed…".
    let first_name = NAME_RUN.find(head).map(|m| m.as_str().to_string());
    let opening = phrase_after(head.trim_start());
    [first_name.filter(|_| head.trim_end().ends_with(',')), opening]
        .into_iter()
        .flatten()
        .find_map(|phrase| match classify(&phrase) {
            Some(Reference::Name(name)) => Some((Reference::Name(name), cue.clone())),
            _ => None,
        })
}

fn strip_adverbs(text: &str) -> &str {
    let mut t = text.trim_end();
    loop {
        let Some((rest, last)) = t.rsplit_once(char::is_whitespace) else {
            return t;
        };
        let word = last.to_lowercase();
        if word.ends_with("ly")
            || matches!(
                word.as_str(),
                "also" | "then" | "later" | "again" | "has" | "had" | "have" | "was" | "is" | "were"
            )
        {
            t = rest.trim_end();
        } else {
            return t;
        }
    }
}

/// Records mentions in narrative text, for later references: "X said"
/// (salient: a pronoun may refer to it) and any named person with a role
/// ("Senator Maria Gomez"; a definite description may refer to it).
fn collect_mentions(narrative: &str, offset: usize, mentions: &mut Vec<Mention>) {
    for run in NAME_RUN.find_iter(narrative) {
        let head = &narrative[..run.start()];
        let modifiers: Vec<&str> = head.split_whitespace().rev().take(2).collect();
        let phrase = format!(
            "{} {}",
            modifiers.into_iter().rev().collect::<Vec<_>>().join(" "),
            run.as_str()
        );
        if let Some(Reference::Name(name)) = classify(run.as_str()) {
            if name.contains(' ') {
                mentions.push(Mention {
                    at: offset + run.start(),
                    phrase: phrase.trim().to_string(),
                    speaker: name,
                    named: true,
                    salient: false,
                });
            }
        }
    }
    for subject in SUBJECT.captures_iter(narrative) {
        let run = subject.name("name").map_or("", |m| m.as_str());
        if let Some(Reference::Name(name)) = classify(run) {
            let at = subject.name("name").map_or(0, |m| m.start());
            mentions.push(Mention {
                at: offset + at,
                phrase: run.to_string(),
                speaker: name,
                named: true,
                salient: true,
            });
        }
    }
    for verb in VERB.find_iter(narrative) {
        if verb.as_str().to_lowercase().starts_with("according") {
            // "according to her publicist, Jack Ketsoyan": the source follows.
            let rest = sentence_head(&narrative[verb.end()..]);
            if let Some(run) = NAME_RUN.find(rest) {
                if let Some(Reference::Name(name)) = classify(run.as_str()) {
                    mentions.push(Mention {
                        at: offset + verb.end() + run.start(),
                        phrase: rest[..run.end()].trim().to_string(),
                        speaker: name,
                        named: true,
                        salient: true,
                    });
                }
            }
            continue;
        }
        let head = strip_adverbs(&narrative[..verb.start()]);
        let clause = sentence_start(head).max(head.rfind([',', ';']).map_or(0, |i| i + 1));
        let Some(phrase) = phrase_before(&head[clause..]) else {
            continue;
        };
        let (speaker, named) = match classify(&phrase) {
            Some(Reference::Name(name)) => (name, true),
            Some(Reference::Anonymous(p)) => (p, false),
            _ => continue,
        };
        mentions.push(Mention {
            at: offset + verb.start(),
            phrase,
            speaker,
            named,
            salient: true,
        });
    }
}

/// "Lavrov" → "Sergei Lavrov" when the article names him so.
fn full_name(name: &str, known: &[String]) -> String {
    known
        .iter()
        .find(|k| is_short_form(name, k))
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

#[cfg(test)]
mod tests;
