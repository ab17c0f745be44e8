//! Speaker noun phrases: titles stripped ("Foreign Minister Sergei Lavrov" →
//! "Sergei Lavrov"), and the kind of reference a phrase makes (a name, a
//! pronoun, a definite description such as "the Russian diplomat", or an
//! anonymous source such as "a U.S. official").

use crate::text::names::bare_word;
use crate::text::terms::is_stop_word;

/// Words that are titles or roles rather than parts of a name.
#[rustfmt::skip]
const ROLE_WORDS: &[&str] = &[
    "president", "vice", "prime", "minister", "foreign", "secretary", "state", "general", "spokesman",
    "spokeswoman", "spokesperson", "senator", "sen", "rep", "representative", "congressman", "congresswoman",
    "governor", "gov", "mayor", "chancellor", "premier", "chief", "director", "chairman", "chairwoman",
    "chair", "ceo", "leader", "ambassador", "envoy", "commissioner", "judge", "justice", "dr", "mr", "mrs",
    "ms", "miss", "prof", "professor", "king", "queen", "prince", "princess", "pope", "sheriff", "officer",
    "captain", "coach", "manager", "head", "deputy", "official", "officials", "diplomat", "analyst", "lawyer",
    "attorney", "counsel", "adviser", "advisor", "aide", "executive", "founder", "owner", "editor",
    "reporter", "correspondent", "economist", "expert", "researcher", "scientist", "agent", "publicist",
    "striker", "player", "star", "actor", "actress", "singer", "police", "lieutenant", "sergeant", "colonel",
    "admiral", "commander", "gen", "lt", "col", "sgt", "defense", "defence", "interior", "finance", "health",
    "affairs", "counterpart", "assistant", "undersecretary", "under", "engineer", "spokesmen", "source",
    "sources", "lawmaker", "senior", "top", "former", "acting", "interim", "general's", "mp",
    "secretary-general", "dean", "rabbi", "bishop", "cardinal", "father", "sister", "brother", "mother",
    "wife", "husband", "son", "daughter", "friend", "witness", "resident", "neighbour", "neighbor", "victim",
    "survivor", "organiser", "organizer", "teacher", "student", "doctor", "nurse", "member", "members",
    "group", "company", "team", "agency", "ministry", "department", "office", "authorities", "writer",
    "columnist", "blogger", "rev", "investigators", "prosecutors", "witnesses", "producers", "management",
    "rescuers",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we"];
const POSSESSIVES: &[&str] = &["his", "her", "their", "its"];
const ANONYMOUS_OPENERS: &[&str] = &["a", "an", "one", "two", "three", "several", "some", "another", "many"];

/// What a speaker phrase refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// A person or organisation by name, titles stripped.
    Name(String),
    /// He, she, they: resolved to the most salient earlier speaker.
    Pronoun {
        /// "he" or "she" (a person), rather than "they" or "we".
        personal: bool,
    },
    /// "the senator": resolved to an earlier speaker with that role.
    Definite {
        /// The phrase's head word, lower-cased ("senator").
        head: String,
    },
    /// "a U.S. official": kept as written.
    Anonymous(String),
}

fn is_capitalised(token: &str) -> bool {
    token.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Whether a token can be part of a speaker phrase.
fn speaker_token(token: &str) -> bool {
    let word = bare_word(token);
    is_capitalised(token)
        || ROLE_WORDS.contains(&word.as_str())
        || DOCUMENT_WORDS.contains(&word.as_str())
        || matches!(word.as_str(), "of" | "the" | "for")
}

/// The longest run of speaker tokens at the end of `text` (for "X said").
pub fn phrase_before(text: &str) -> Option<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut start = tokens.len();
    while start > 0
        && speaker_token(tokens[start - 1])
        && (!tokens[start - 1].ends_with([',', ';', ':', '.']) || is_initial(tokens[start - 1]))
    {
        start -= 1;
    }
    // Include a determiner or pronoun directly before ("the official", "she").
    if start > 0 {
        let prev = bare_word(tokens[start - 1]);
        if ANONYMOUS_OPENERS.contains(&prev.as_str())
            || prev == "the"
            || (start == tokens.len() && PRONOUNS.contains(&prev.as_str()))
        {
            start -= 1;
        }
    }
    let phrase = tokens[start..].join(" ");
    let phrase = phrase.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    (!phrase.is_empty()).then(|| phrase.to_string())
}

/// The run of speaker tokens at the start of `text` (for "said X").
pub fn phrase_after(text: &str) -> Option<String> {
    let mut out = Vec::new();
    let tokens: Vec<&str> = text.split_whitespace().collect();
    for (i, &token) in tokens.iter().enumerate() {
        let word = bare_word(token);
        let opener = i == 0 && (ANONYMOUS_OPENERS.contains(&word.as_str()) || PRONOUNS.contains(&word.as_str()));
        // A lower-case modifier of a role ("fire chief", "police spokesman").
        let modifier = i < 2
            && tokens
                .get(i + 1)
                .is_some_and(|next| ROLE_WORDS.contains(&bare_word(next).as_str()));
        if !(opener || modifier || speaker_token(token)) {
            break;
        }
        out.push(token);
        if token.ends_with([',', ';', ':', '.', '!', '?']) && !is_initial(token) {
            break;
        }
    }
    let phrase = out.join(" ");
    let phrase = phrase.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let phrase = phrase
        .strip_suffix('.')
        .filter(|p| !p.ends_with(char::is_uppercase))
        .unwrap_or(phrase);
    (!phrase.is_empty()).then(|| phrase.to_string())
}

/// An initial or abbreviated title: "U.S.", "J.", "Rev.", "Dr.".
fn is_initial(token: &str) -> bool {
    let t = token.trim_end_matches(',');
    let word = bare_word(t);
    t.ends_with('.')
        && ((t.len() <= 4 && t.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()))
            || matches!(
                word.as_str(),
                "rev"
                    | "dr"
                    | "mr"
                    | "mrs"
                    | "ms"
                    | "gen"
                    | "sen"
                    | "gov"
                    | "lt"
                    | "st"
                    | "prof"
                    | "sgt"
                    | "col"
                    | "capt"
                    | "rep"
            ))
}

/// Words naming a document rather than its author ("a ministry statement").
const DOCUMENT_WORDS: &[&str] = &["statement", "report", "readout", "release", "communique", "memo"];

/// Classifies a speaker phrase.
pub fn classify(phrase: &str) -> Option<Reference> {
    let mut tokens: Vec<&str> = phrase.split_whitespace().collect();
    while tokens.len() > 1
        && tokens
            .last()
            .is_some_and(|t| DOCUMENT_WORDS.contains(&bare_word(t).as_str()))
    {
        tokens.pop();
    }
    // "Larry Kroon of the Wasilla Bible Church": the person comes before "of".
    if let Some(of) = tokens.iter().position(|t| *t == "of").filter(|&i| i > 0) {
        if let Some(Reference::Name(name)) = classify(&tokens[..of].join(" ")) {
            return Some(Reference::Name(name));
        }
    }
    let phrase = tokens.join(" ");
    let phrase = phrase.as_str();
    let first = bare_word(tokens.first()?);
    if tokens.len() == 1 && PRONOUNS.contains(&first.as_str()) {
        return Some(Reference::Pronoun {
            personal: matches!(first.as_str(), "he" | "she" | "i"),
        });
    }
    // "It added", "This said": not a person we can name.
    if tokens.len() == 1 && matches!(first.as_str(), "it" | "this" | "that" | "which" | "who" | "what") {
        return None;
    }
    // "a U.S. official", "her publicist", "his lawyers": kept as written.
    if ANONYMOUS_OPENERS.contains(&first.as_str()) || (POSSESSIVES.contains(&first.as_str()) && tokens.len() > 1) {
        return Some(Reference::Anonymous(phrase.to_string()));
    }
    let last_role = tokens
        .iter()
        .rposition(|t| ROLE_WORDS.contains(&bare_word(t).as_str()) || bare_word(t) == "of");
    let name: Vec<&str> = tokens[last_role.map_or(0, |i| i + 1)..]
        .iter()
        .copied()
        .filter(|t| bare_word(t) != "the")
        .collect();
    // "When", "In Moscow": a capitalised sentence opener is not a name.
    let opens_with_function_word = name
        .first()
        .is_some_and(|t| is_stop_word(&bare_word(t)) || bare_word(t) == "when");
    if !name.is_empty() && name.len() <= 4 && name.iter().all(|t| is_capitalised(t)) && !opens_with_function_word {
        return Some(Reference::Name(name.join(" ").trim_end_matches([',', '.']).to_string()));
    }
    if first == "the" {
        let head = bare_word(tokens.last()?);
        return Some(Reference::Definite { head });
    }
    // "police", "CNN management": a source named only by what it is. A
    // possessive ("Russia's top diplomat") describes someone to be named.
    let possessive = tokens.iter().any(|t| t.ends_with("'s") || t.ends_with("’s"));
    if !possessive
        && tokens
            .iter()
            .all(|t| ROLE_WORDS.contains(&bare_word(t).as_str()) || is_capitalised(t))
    {
        return Some(Reference::Anonymous(phrase.to_string()));
    }
    None
}

/// Whether a name is a surname (or short form) of a fuller name.
pub fn is_short_form(short: &str, full: &str) -> bool {
    short != full && full.ends_with(short) && full[..full.len() - short.len()].ends_with(' ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::names::names_organisation;

    #[test]
    fn titles_are_stripped() {
        let name = |p: &str| match classify(p) {
            Some(Reference::Name(n)) => n,
            other => panic!("{p}: {other:?}"),
        };
        assert_eq!(name("Foreign Minister Sergei Lavrov"), "Sergei Lavrov");
        assert_eq!(name("State Department spokesman Ned Price"), "Ned Price");
        assert_eq!(name("US Secretary of State Antony Blinken"), "Antony Blinken");
        assert_eq!(name("Lavrov"), "Lavrov");
    }

    #[test]
    fn references() {
        assert_eq!(classify("she"), Some(Reference::Pronoun { personal: true }));
        assert!(names_organisation("Washington Post"));
        assert!(!names_organisation("Joan Felt"));
        assert_eq!(
            classify("the Russian diplomat"),
            Some(Reference::Definite {
                head: "diplomat".into()
            })
        );
        assert_eq!(
            classify("a U.S. official"),
            Some(Reference::Anonymous("a U.S. official".into()))
        );
    }

    #[test]
    fn phrases_around_cues() {
        assert_eq!(
            phrase_before("In Moscow, Kremlin spokesman Dmitry Peskov").as_deref(),
            Some("Kremlin spokesman Dmitry Peskov")
        );
        assert_eq!(
            phrase_before("the Russian diplomat").as_deref(),
            Some("the Russian diplomat")
        );
        assert_eq!(
            phrase_after("Russian Foreign Minister Sergey Lavrov.").as_deref(),
            Some("Russian Foreign Minister Sergey Lavrov")
        );
        assert_eq!(
            phrase_after("a U.S. official said.").as_deref(),
            Some("a U.S. official")
        );
    }
}
