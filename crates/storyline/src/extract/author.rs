//! Whether a byline names a person. Pages put many things where a byline
//! goes: the outlet ("CBC News"), the desk ("HNN Staff"), a date ("Sat, 20
//! Dec, 2025 - 06:36"), a numeric profile id, a domain, a CMS login
//! ("admin"). An article's author is a person's name, or a few. (An outlet
//! named like a person, or a blog named after its author, cannot be told
//! apart by its words: the site's own name is not a test.)

use crate::text::names::names_organisation;
use regex::Regex;
use std::sync::LazyLock;

/// Most words a byline of a few people's names has ("Chengcheng Pei and
/// Yuan Lin", "Naftali Tishby, Fernando C. Pereira, William Bialek").
const MAX_WORDS: usize = 12;

/// What content systems and menus put in a byline's place.
static NOT_A_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:admin|administrator|author|editor|guest|user|anonymous|unknown|home|menu|search|share|login|log\s+in|sign\s+in|subscribe|contributor|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)$").unwrap()
});

/// A domain standing for a name ("paperium.net").
static DOMAIN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\S+\.[a-z]{2,}$").unwrap());

/// The byline as a person's name: dates, "By " and separators taken off,
/// the first part that names someone where separators split it ("Dec. 19,
/// 2025 · Jane Doe"); `None` when it names an outlet by its words, or is an
/// id, a domain or a login.
pub(super) fn person_name(byline: &str) -> Option<String> {
    let undated = super::dates::without_dates(byline);
    let undated = undated.split(" on behalf of ").next().unwrap_or_default();
    SEPARATOR.split(undated).find_map(|part| {
        // "Jane Doe, Reuters": the people of a part, without its outlet.
        let people: Vec<&str> = part.split(", ").filter(|piece| !names_organisation(piece)).collect();
        name_in(&people.join(", "))
    })
}

/// Separators between the parts of a byline.
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s[·•|–—-]\s|\s*[·•|]\s*").unwrap());

/// One part of a byline as a name, if it is one.
fn name_in(part: &str) -> Option<String> {
    let name = part
        .trim()
        .trim_matches(|c: char| c.is_whitespace() || "|·•-–—,:;".contains(c));
    let name = ["By ", "by ", "BY ", "Von ", "von ", "Par ", "par ", "Por ", "por "]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .unwrap_or(name)
        .trim();
    // "By Jane Doe on 19 Dec 2025" once the date is out.
    let name = name.strip_suffix(" on").unwrap_or(name).trim();
    let words = name.split_whitespace().count();
    let plausible = (1..=MAX_WORDS).contains(&words)
        && name.chars().any(char::is_alphabetic)
        && !name.chars().any(|c| c.is_ascii_digit())
        && !name.contains(['@', '[', ']', '/', '<', '>'])
        && !name.to_ascii_lowercase().contains("http")
        && !DOMAIN.is_match(name)
        && !NOT_A_NAME.is_match(name)
        && !names_organisation(name);
    plausible.then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_authors() {
        assert_eq!(person_name("By Maria Lopez").as_deref(), Some("Maria Lopez"));
        assert_eq!(
            person_name("Chengcheng Pei and Yuan Lin").as_deref(),
            Some("Chengcheng Pei and Yuan Lin")
        );
        assert_eq!(
            person_name("By George Michaelson on 19 Dec 2025").as_deref(),
            Some("George Michaelson")
        );
        assert_eq!(person_name("By Jane Doe, Reuters").as_deref(), Some("Jane Doe"));
        assert_eq!(
            person_name("Dec. 19, 2025 · Niko Matsakis on behalf of the Vision Doc group").as_deref(),
            Some("Niko Matsakis")
        );
    }

    #[test]
    fn outlets_dates_ids_and_logins_are_not() {
        for byline in [
            "CBC News",
            "HNN Staff",
            "Sat, 20 Dec, 2025 - 06:36",
            "[Submitted on 18 Dec 2025]",
            "262588213843476",
            "paperium.net",
            "admin",
            "https://example.com/author/jane",
        ] {
            assert_eq!(person_name(byline), None, "{byline}");
        }
    }
}
