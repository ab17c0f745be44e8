//! Typing a story's names as people, organisations or places, from how the
//! story's own texts write them (no gazetteer): an acronym or a name ending in
//! an institution word ("Ministry", "Times") is an organisation; a name after
//! "in", "at", "from", "near" or "to" in a quarter of its uses is a place; a name
//! of two or three words, or one after a title ("Minister", "Mr") or before
//! "said", is a person. A name with no such evidence stays untyped.

use crate::text::terms::is_title_word;

/// Names of a story by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedNames {
    /// People.
    pub people: Vec<String>,
    /// Organisations.
    pub organisations: Vec<String>,
    /// Places.
    pub places: Vec<String>,
}

const INSTITUTION_WORDS: &[&str] = &[
    "ministry",
    "department",
    "agency",
    "party",
    "council",
    "committee",
    "commission",
    "court",
    "police",
    "government",
    "office",
    "bank",
    "university",
    "company",
    "corporation",
    "inc",
    "group",
    "union",
    "association",
    "institute",
    "foundation",
    "times",
    "post",
    "news",
    "journal",
    "herald",
    "press",
    "church",
    "center",
    "centre",
    "network",
    "service",
    "house",
    "army",
    "navy",
    "senate",
    "parliament",
];
const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "from", "near", "to", "across", "outside"];

/// Sorts `names` (lower-cased, as the label holds them) by kind, reading how
/// `texts` write them.
pub fn type_names(names: &[String], texts: &[&str]) -> TypedNames {
    let tokens: Vec<Vec<&str>> = texts.iter().map(|t| t.split_whitespace().collect()).collect();
    let mut typed = TypedNames::default();
    for name in names {
        let parts: Vec<&str> = name.split(' ').collect();
        let (mut acronym, mut after_place_word, mut as_person, mut seen) = (false, 0usize, 0usize, 0usize);
        for words in &tokens {
            for i in 0..words.len() {
                let window = &words[i..(i + parts.len()).min(words.len())];
                if window.len() < parts.len() || !window.iter().zip(&parts).all(|(w, p)| clean(w) == *p) {
                    continue;
                }
                seen += 1;
                let written = window
                    .iter()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                    .collect::<Vec<_>>();
                acronym |= written
                    .iter()
                    .all(|w| w.len() >= 2 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()));
                let before = i.checked_sub(1).map(|j| clean(words[j]));
                let after = words.get(i + parts.len()).map(|w| clean(w));
                if before.as_deref().is_some_and(|b| PLACE_PREPOSITIONS.contains(&b)) {
                    after_place_word += 1;
                }
                if before.as_deref().is_some_and(is_title_word)
                    || after.as_deref().is_some_and(|a| matches!(a, "said" | "says" | "told"))
                {
                    as_person += 1;
                }
            }
        }
        let last = parts.last().copied().unwrap_or("");
        if acronym || INSTITUTION_WORDS.contains(&last) {
            typed.organisations.push(name.clone());
        } else if after_place_word > 0 && after_place_word * 4 >= seen && as_person == 0 {
            typed.places.push(name.clone());
        } else if (2..=3).contains(&parts.len()) || as_person > 0 {
            typed.people.push(name.clone());
        }
    }
    typed
}

fn clean(word: &str) -> String {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    let w = w.strip_suffix("’s").or_else(|| w.strip_suffix("'s")).unwrap_or(w);
    w.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_usage() {
        let text =
            "Foreign Minister Sergei Lavrov met NATO envoys in Geneva. Lavrov said talks in Geneva would go on. \
                    The Foreign Ministry said NATO had not answered. Officials in Geneva agreed.";
        let names: Vec<String> = ["sergei lavrov", "nato", "geneva", "foreign ministry", "lavrov"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let typed = type_names(&names, &[text]);
        assert_eq!(typed.people, ["sergei lavrov", "lavrov"]);
        assert_eq!(typed.organisations, ["nato", "foreign ministry"]);
        assert_eq!(typed.places, ["geneva"]);
    }
}
