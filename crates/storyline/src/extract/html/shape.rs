//! Bounds a page's shape before it is parsed, in one linear pass over its
//! tags: elements nested deeper than a limit lose their tags (their text is
//! kept), and an element's attributes beyond a limit are dropped.
//!
//! Both guard the parser and the scoring after it against pages built to be
//! slow: readability's scoring is quadratic in nesting depth, and the HTML
//! tokenizer checks each new attribute against the element's earlier ones
//! (200,000 attributes on one element took 27 s). No real page comes near
//! either limit, so real pages pass through unchanged (and uncopied).

use std::borrow::Cow;

/// Element nesting beyond which tags are dropped (their text kept).
pub(super) const MAX_NESTING: usize = 512;

/// Attributes kept per element; real elements carry a few dozen at most.
pub(super) const MAX_ATTRIBUTES: usize = 256;

/// Elements that never take a closing tag, or close implicitly and so must
/// not count towards nesting.
const NON_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p",
    "li", "td", "th", "tr", "option", "dt", "dd", "!doctype",
];

/// One tag as scanned: where it ends, and where its attributes should be
/// cut when it has too many.
struct Tag {
    /// Byte offset just past its `>`.
    end: usize,
    /// Byte offset just past the last attribute kept, when some are dropped.
    cut: Option<usize>,
}

/// Scans the tag opening at `start` (on its `<`) the way the HTML tokenizer
/// reads attributes, so a `>` inside a quoted value does not end it; `None`
/// when the page ends inside it.
fn scan_tag(html: &[u8], start: usize, max_attributes: usize) -> Option<Tag> {
    let mut i = start + 1;
    while i < html.len() && !is_tag_break(html[i]) {
        i += 1;
    }
    let mut attributes = 0;
    let mut cut = None;
    loop {
        while i < html.len() && (html[i].is_ascii_whitespace() || html[i] == b'/') {
            i += 1;
        }
        match html.get(i)? {
            b'>' => {
                return Some(Tag {
                    end: i + 1,
                    cut: cut.filter(|_| attributes > max_attributes),
                })
            }
            _ => {
                // The name: a leading `=` belongs to it, as in the tokenizer.
                i += 1;
                while i < html.len() && !is_tag_break(html[i]) && html[i] != b'=' {
                    i += 1;
                }
                let mut attribute_end = i;
                while i < html.len() && html[i].is_ascii_whitespace() {
                    i += 1;
                }
                if html.get(i) == Some(&b'=') {
                    i += 1;
                    while i < html.len() && html[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    match html.get(i) {
                        Some(&quote @ (b'"' | b'\'')) => {
                            let close = memchr::memchr(quote, &html[i + 1..])?;
                            i += close + 2;
                        }
                        _ => {
                            while i < html.len() && !html[i].is_ascii_whitespace() && html[i] != b'>' {
                                i += 1;
                            }
                        }
                    }
                    attribute_end = i;
                }
                attributes += 1;
                if attributes == max_attributes {
                    cut = Some(attribute_end);
                }
            }
        }
    }
}

fn is_tag_break(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == b'/' || byte == b'>'
}

/// Drops the tags of elements nested deeper than `max_depth` (keeping their
/// text) and the attributes of an element beyond `max_attributes`, in one
/// linear pass; returns the input unchanged when neither limit is reached.
pub(super) fn bound_shape(html: &str, max_depth: usize, max_attributes: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut out: Option<String> = None;
    let mut copied_to = 0;
    let mut i = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + offset;
        let opens_element = bytes.get(start + 1).is_some_and(u8::is_ascii_alphabetic);
        let (end, cut) = if opens_element {
            match scan_tag(bytes, start, max_attributes) {
                Some(tag) => (tag.end, tag.cut),
                None => break,
            }
        } else {
            match memchr::memchr(b'>', &bytes[start..]) {
                Some(len) => (start + len + 1, None),
                None => break,
            }
        };
        let tag = &html[start + 1..end - 1];
        i = end;
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(cut) = cut {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(&html[copied_to..cut]);
            buf.push('>');
            copied_to = end;
        }
        if name.is_empty() || NON_NESTING.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        if !closing && (name == "script" || name == "style") {
            // Raw text: skip to the matching end tag without counting.
            if let Some(pos) = find_end_tag(&html[end..], &name) {
                i = end + pos;
            }
            continue;
        }
        let deep = if closing {
            let was = depth;
            depth = depth.saturating_sub(1);
            was > max_depth
        } else {
            depth += 1;
            depth > max_depth
        };
        if deep && copied_to <= start {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(&html[copied_to..start]);
            copied_to = end;
        }
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied_to..]);
            Cow::Owned(buf)
        }
    }
}

/// Position of `</name` (any case) in `text`.
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(offset) = text[from..].find("</") {
        let at = from + offset;
        let candidate = text.as_bytes().get(at + 2..at + 2 + name.len())?;
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_flattened_text_kept() {
        let n = 2000;
        let html = format!(
            "<body>{}<p>Deep words here.</p>{}</body>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let flat = bound_shape(&html, 512, MAX_ATTRIBUTES);
        assert_eq!(flat.matches("<div>").count(), 511);
        assert!(flat.contains("<p>Deep words here.</p>"));
        let shallow = "<div><p>a</p></div>";
        assert!(matches!(bound_shape(shallow, 512, MAX_ATTRIBUTES), Cow::Borrowed(_)));
    }

    #[test]
    fn attributes_beyond_the_limit_are_dropped() {
        let attributes: String = (0..10).map(|i| format!(" a{i}=\"x > y\"")).collect();
        let html = format!("<div{attributes} class=late><p>Kept text.</p></div>");
        let bounded = bound_shape(&html, 512, 4);
        assert_eq!(
            bounded,
            "<div a0=\"x > y\" a1=\"x > y\" a2=\"x > y\" a3=\"x > y\"><p>Kept text.</p></div>"
        );
    }

    #[test]
    fn quoted_greater_than_signs_do_not_end_a_tag() {
        let html = "<a title=\"1 > 0\" b c>x</a>";
        assert_eq!(bound_shape(html, 512, 2), "<a title=\"1 > 0\" b>x</a>");
        assert!(matches!(bound_shape(html, 512, 3), Cow::Borrowed(_)));
    }

    #[test]
    fn unquoted_and_bare_attributes_are_counted() {
        let html = "<input a=1 b c=3 d/>";
        assert_eq!(bound_shape(html, 512, 2), "<input a=1 b>");
    }
}
