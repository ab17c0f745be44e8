//! Repair of text that was UTF-8, decoded once more as Latin-1 or
//! windows-1252 by a scraper on the way ("Investorâ€™s", "cafÃ©",
//! "Â£20"), as pages and dumps often carry it.
//!
//! Only the sequences that cannot be meant are repaired: a lead character
//! `Â` or `Ã` followed by one character that stands for a continuation
//! byte (a Latin-1 symbol, a C1 control, or a windows-1252 punctuation
//! mark), which decodes to a Latin-1 character; and `â` followed by two,
//! which decode to general punctuation (quotes, dashes, the ellipsis),
//! the euro sign or the trade mark sign. Letters of any language written
//! correctly ("Fuß“", "být", "Bárðarbunga") are never touched.

use std::borrow::Cow;

/// The text with its doubly decoded sequences repaired; the input itself
/// (no copy) when it holds none, which is almost always.
pub(super) fn repair(text: &str) -> Cow<'_, str> {
    // `Â`, `Ã` and `â` are the bytes C3 82, C3 83 and C3 A2.
    let bytes = text.as_bytes();
    let suspect =
        memchr::memchr_iter(0xC3, bytes).any(|i| matches!(bytes.get(i + 1), Some(0x82) | Some(0x83) | Some(0xA2)));
    if !suspect {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        let needed = match c {
            'Â' | 'Ã' => 1,
            'â' => 2,
            _ => 0,
        };
        if needed > 0 {
            let rest = &text[chars.peek().map_or(text.len(), |(i, _)| *i)..];
            if let Some((repaired, used)) = decode_sequence(c, rest, needed) {
                out.push(repaired);
                for _ in 0..used {
                    chars.next();
                }
                continue;
            }
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// The character a lead `lead` and the next `needed` characters of `rest`
/// encoded, and how many characters of `rest` that took.
fn decode_sequence(lead: char, rest: &str, needed: usize) -> Option<(char, usize)> {
    let mut bytes = vec![u8::try_from(u32::from(lead)).ok()?];
    for c in rest.chars().take(needed) {
        bytes.push(continuation_byte(c)?);
    }
    if bytes.len() != needed + 1 {
        return None;
    }
    let decoded = std::str::from_utf8(&bytes).ok()?.chars().next()?;
    let plausible = match needed {
        1 => ('\u{a0}'..='\u{ff}').contains(&decoded),
        _ => ('\u{2010}'..='\u{2044}').contains(&decoded) || matches!(decoded, '\u{20ac}' | '\u{2122}'),
    };
    plausible.then_some((decoded, needed))
}

/// The byte 0x80–0xBF a character stands for when that byte was decoded
/// as Latin-1 (U+0080–U+00BF) or as windows-1252 (its punctuation marks).
fn continuation_byte(c: char) -> Option<u8> {
    let byte = match c {
        '\u{80}'..='\u{bf}' => u32::from(c) as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubly_decoded_sequences_are_repaired() {
        assert_eq!(repair("A DIY Investorâ\u{80}\u{99}s Guide"), "A DIY Investor’s Guide");
        assert_eq!(repair("Investorâ€™s â€œbestâ€\u{9d} pick"), "Investor’s “best” pick");
        assert_eq!(repair("cafÃ© for Â£20"), "café for £20");
        assert_eq!(repair("Ã§a coÃ»te"), "ça coûte");
    }

    #[test]
    fn correct_text_is_left_as_it_is() {
        for text in [
            "Fuß“ und Bárðarbunga",
            "být, říše",
            "Âge d'or, Ãgua, â la carte",
            "crème brûlée à Paris",
            "plain ASCII",
        ] {
            assert_eq!(repair(text), text);
        }
        // Without a lead character the input comes back, not a copy.
        assert!(matches!(repair("crème brûlée"), Cow::Borrowed(_)));
    }
}
