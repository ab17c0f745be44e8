//! Bytes → text: gzip, binary detection, and character sets.
//!
//! Text files are UTF-8 (a UTF-8, UTF-16 or UTF-32 byte-order mark is
//! honoured); a text file that is not is decoded in the character set
//! `chardetng` (Firefox's detector) guesses, and the guess is recorded with
//! the document, so no text is silently garbled or lost. HTML follows the web's rules through `encoding_rs`: a byte-order
//! mark, then a `<meta charset>` / `http-equiv` declaration, then UTF-8 if the
//! bytes are valid UTF-8, else windows-1252 (the HTML standard's fallback).

use crate::model::Format;
use encoding_rs::Encoding;
use std::io::Read;

/// Why a file's bytes could not be turned into a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// Nothing but whitespace.
    #[error("empty document")]
    Empty,
    /// Looks like a binary file (NUL bytes or many control characters).
    #[error("binary file, not text")]
    Binary,
    /// A text file that is not valid UTF-8.
    #[error("invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The gzip stream is corrupt or cut short.
    #[error("truncated or corrupt gzip: {0}")]
    Gzip(String),
    /// Decompressed size exceeds the limit.
    #[error("larger than the {0} byte limit after decompression")]
    TooLarge(usize),
}

/// Decompresses a whole gzip file, bounded by `max_bytes`. Bytes after the
/// last member are passed over, as `gzip -d` does; a damaged member fails.
pub fn gunzip(bytes: &[u8], max_bytes: usize) -> Result<Vec<u8>, DecodeError> {
    let limits = super::gzip::StreamLimits {
        max_bytes: max_bytes as u64,
        max_ratio: u64::MAX,
    };
    let mut inflater = super::gzip::Inflater::new(bytes, limits).take(max_bytes as u64 + 1);
    let mut out = Vec::new();
    loop {
        match inflater.read_to_end(&mut out) {
            Ok(_) => break,
            Err(err) => match super::gzip::damage(&err).map(|d| &d.kind) {
                Some(super::gzip::DamageKind::Junk(_)) if !out.is_empty() => continue,
                _ => return Err(DecodeError::Gzip(err.to_string())),
            },
        }
    }
    if out.len() > max_bytes {
        return Err(DecodeError::TooLarge(max_bytes));
    }
    if out.is_empty() {
        return Err(DecodeError::Gzip("no gzip member found".to_string()));
    }
    Ok(out)
}

/// A document's text, and the character set guessed for it when it
/// declared none and was not UTF-8.
pub type Decoded = (String, Option<&'static str>);

/// Decodes a whole document's bytes to text according to its format.
pub fn decode(bytes: Vec<u8>, format: Format) -> Result<Decoded, DecodeError> {
    if let Some(text) = decode_utf32(&bytes) {
        return if text.trim().is_empty() {
            Err(DecodeError::Empty)
        } else {
            Ok((text, None))
        };
    }
    let bom = Encoding::for_bom(&bytes);
    if bom.is_none() && looks_binary(&bytes) {
        return Err(DecodeError::Binary);
    }
    let (text, guessed) = match (bom, format) {
        (Some((encoding, bom_len)), _) => (
            encoding.decode_without_bom_handling(&bytes[bom_len..]).0.into_owned(),
            None,
        ),
        (None, Format::Html) => (decode_html(&bytes), None),
        (None, Format::Text) => match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(err) => {
                let (text, encoding) = guess_text(err.as_bytes());
                (text, Some(encoding))
            }
        },
    };
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok((text, guessed))
}

/// Decodes text that is not UTF-8 in the character set `chardetng` guesses
/// from its bytes; the guess's name with it.
fn guess_text(bytes: &[u8]) -> (String, &'static str) {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    (
        encoding.decode_without_bom_handling(bytes).0.into_owned(),
        encoding.name(),
    )
}

/// Decodes one JSONL line's bytes, which must be UTF-8.
pub fn decode_line(bytes: &[u8]) -> Result<&str, DecodeError> {
    std::str::from_utf8(bytes).map_err(|e| DecodeError::InvalidUtf8 {
        offset: e.valid_up_to(),
    })
}

/// Text that starts with a UTF-32 byte-order mark, which the web's encoding
/// standard does not know (it would read `FF FE 00 00` as UTF-16); invalid
/// code points become U+FFFD.
fn decode_utf32(bytes: &[u8]) -> Option<String> {
    let big_endian = match bytes.get(..4)? {
        [0, 0, 0xfe, 0xff] => true,
        [0xff, 0xfe, 0, 0] => false,
        _ => return None,
    };
    let units = bytes[4..].chunks(4).map(|unit| {
        let mut word = [0u8; 4];
        word[..unit.len()].copy_from_slice(unit);
        let value = if big_endian {
            u32::from_be_bytes(word)
        } else {
            u32::from_le_bytes(word)
        };
        char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER)
    });
    Some(units.collect())
}

fn decode_html(bytes: &[u8]) -> String {
    // Bytes that are valid UTF-8 and not plain ASCII are UTF-8 whatever the
    // page declares: pages re-encoded by a crawler keep their old
    // declaration, and non-ASCII legacy text is almost never valid UTF-8.
    if let Ok(text) = std::str::from_utf8(bytes) {
        if !text.is_ascii() {
            return text.to_string();
        }
    }
    if let Some(encoding) = declared_charset(bytes) {
        // A page that declares UTF-8 but is not is common; windows-1252 then
        // recovers it better than replacement characters would.
        if encoding != encoding_rs::UTF_8 || std::str::from_utf8(bytes).is_ok() {
            return encoding.decode_without_bom_handling(bytes).0.into_owned();
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Finds a `charset=` declaration in the first 4 KiB, as browsers' prescan does.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(pos) = rest.find("charset") {
        let after = rest[pos + 7..].trim_start();
        rest = &rest[pos + 7..];
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start().trim_start_matches(['"', '\'']);
        let label: String = value
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        if let Some(encoding) = Encoding::for_label(label.as_bytes()) {
            // A page can't really be UTF-16 if its declaration is readable as ASCII.
            return Some(encoding.output_encoding());
        }
    }
    None
}

fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    !sample.is_empty() && control * 10 > sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_charset_declaration_is_honoured() {
        let mut page = b"<html><head><meta charset=\"windows-1251\"></head><body><p>".to_vec();
        page.extend_from_slice(&[0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]);
        page.extend_from_slice(b"</p></body></html>");
        let text = decode(page, Format::Html).unwrap().0;
        assert!(text.contains("Привет"));
    }

    #[test]
    fn valid_utf8_wins_over_a_stale_declaration() {
        let page = "<meta charset=\"gbk\"><p>人民网 新闻</p>".as_bytes().to_vec();
        assert!(decode(page, Format::Html).unwrap().0.contains("人民网"));
    }

    #[test]
    fn undeclared_non_utf8_html_falls_back_to_windows_1252() {
        let text = decode(b"<p>caf\xe9</p>".to_vec(), Format::Html).unwrap().0;
        assert!(text.contains("café"));
    }

    #[test]
    fn utf16_text_with_bom_is_decoded() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "Hello".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(bytes, Format::Text).unwrap(), ("Hello".to_string(), None));
    }

    #[test]
    fn utf32_text_with_bom_is_decoded() {
        let mut little = vec![0xff, 0xfe, 0, 0];
        let mut big = vec![0, 0, 0xfe, 0xff];
        for c in "Grüße".chars() {
            little.extend_from_slice(&(c as u32).to_le_bytes());
            big.extend_from_slice(&(c as u32).to_be_bytes());
        }
        assert_eq!(decode(little, Format::Text).unwrap().0, "Grüße");
        assert_eq!(decode(big, Format::Html).unwrap().0, "Grüße");
    }

    #[test]
    fn gzip_with_trailing_junk_keeps_its_text() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"kept text").unwrap();
        let mut bytes = gz.finish().unwrap();
        bytes.extend_from_slice(b"junk after the member");
        assert_eq!(gunzip(&bytes, 1 << 20).unwrap(), b"kept text");
        assert!(gunzip(b"not gzip at all", 1 << 20).is_err());
    }

    #[test]
    fn legacy_text_is_decoded_in_the_guessed_character_set() {
        let bytes = b"Le caf\xe9 de la gare a rouvert apr\xe8s les travaux, a d\xe9clar\xe9 le maire.".to_vec();
        let (text, guessed) = decode(bytes, Format::Text).unwrap();
        assert!(text.contains("café") && text.contains("après"), "{text}");
        assert_eq!(guessed, Some("windows-1252"));
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert_eq!(decode(b" \n\t ".to_vec(), Format::Text), Err(DecodeError::Empty));
    }
}
