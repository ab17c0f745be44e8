//! Names of organisations as against people's: the quotes stage keeps a
//! personal pronoun from pointing at "the Washington Post", the extract
//! stage keeps "CBC News" or "HNN Staff" out of the author field.

/// Final words that make a name an organisation's rather than a person's:
/// outlets, desks, institutions, companies.
const ORGANISATION_WORDS: &[&str] = &[
    "post",
    "times",
    "news",
    "journal",
    "herald",
    "tribune",
    "gazette",
    "magazine",
    "press",
    "agency",
    "ministry",
    "department",
    "police",
    "government",
    "office",
    "company",
    "bank",
    "university",
    "committee",
    "council",
    "party",
    "association",
    "church",
    "center",
    "centre",
    "network",
    "service",
    "court",
    "commission",
    "reuters",
    "house",
    "union",
    "group",
    "institute",
    "foundation",
    "corporation",
    "inc",
    "ltd",
    "staff",
    "team",
    "editorial",
    "editors",
    "desk",
    "newsroom",
    "media",
    "wire",
    "llc",
    "gmbh",
    "corp",
    "redaktion",
    "rédaction",
    "redacción",
    "redação",
    "redazione",
];

/// Whether a name is an organisation's ("Washington Post", "HNN Staff"): its
/// last word says so.
pub fn names_organisation(name: &str) -> bool {
    name.split_whitespace()
        .last()
        .is_some_and(|word| ORGANISATION_WORDS.contains(&bare_word(word).as_str()))
}

/// A token as a lower-cased word: surrounding punctuation and a possessive
/// "'s" taken off ("Post's," → "post").
pub fn bare_word(token: &str) -> String {
    token
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_and_desks_are_organisations() {
        assert!(names_organisation("Washington Post"));
        assert!(names_organisation("HNN Staff"));
        assert!(!names_organisation("Joan Felt"));
    }
}
