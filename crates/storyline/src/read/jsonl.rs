//! JSON Lines: one document per line.
//!
//! Each line is an object with the document's text (plain text or Markdown)
//! or HTML, and optionally its id, URL, title, publication date, source and
//! author. Where each is kept is a [`JsonlFields`]: by default the names
//! common in the field (`text`, `content` or `body`; `published`, `date`,
//! `published_date`…), or paths given by the user, dotted into nested
//! objects (`meta.url`). A line that is not such an object is skipped as
//! `<file>:<line>` with its reason; blank lines are not documents. Files are
//! streamed line by line, so a JSONL file may be far larger than memory; the
//! size limit applies to each line (document), not to the file.

use super::lines::{self, Line};
use super::Items;
use super::{decode, gzip, skip, ReadItem};
use crate::model::{DocId, Format, Hints, RawDoc};
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::io::BufRead;

/// Reads every line of a JSONL stream into `items`; a line longer than
/// `max_line_bytes` is skipped, and a read error (a truncated gzip stream)
/// is reported at the line where it happened.
pub(super) fn read_stream(
    reader: impl BufRead,
    file_id: &str,
    max_line_bytes: usize,
    fields: &JsonlFields,
    items: &mut Items<'_>,
) {
    let before = items.len();
    read_lines(reader, file_id, max_line_bytes, fields, items);
    // A file with no document at all is still an input to account for.
    if items.len() == before {
        items.push(skip(file_id, "empty JSONL file: no documents".to_string()));
    }
}

/// Lines parsed together: JSON parsing runs in parallel over a chunk, and
/// the items go on in line order.
const PARSE_CHUNK_LINES: usize = 512;

/// Lines read together, up to [`PARSE_CHUNK_LINES`] or the first line
/// that is skipped without parsing (which ends the chunk).
#[derive(Default)]
struct Chunk {
    /// Lines to parse, with their line numbers.
    lines: Vec<(usize, Vec<u8>)>,
    /// The skipped line that ended the chunk.
    skipped: Option<ReadItem>,
    /// Nothing more can be read: the end of the stream, or a read error.
    last: bool,
}

/// Reads the next chunk; `number` is the number of the last line read.
fn read_chunk(reader: &mut impl BufRead, file_id: &str, max_line_bytes: usize, number: &mut usize) -> Chunk {
    let mut chunk = Chunk::default();
    let mut buf = Vec::new();
    while chunk.lines.len() < PARSE_CHUNK_LINES {
        let read = lines::read_line(reader, &mut buf, max_line_bytes);
        *number += 1;
        let (reason, stop) = match read {
            Ok(Line::End) => {
                chunk.last = true;
                break;
            }
            Ok(Line::TooLong) => (format!("line longer than the {max_line_bytes} byte limit"), false),
            Ok(Line::Complete) => {
                // Blank lines are not documents: passed over here, not parsed.
                if !buf.iter().all(u8::is_ascii_whitespace) {
                    chunk.lines.push((*number, std::mem::take(&mut buf)));
                }
                continue;
            }
            // A damaged gzip member costs the lines it held; reading goes on.
            Err(err) => match gzip::damage(&err) {
                Some(damage) => (damage.to_string(), false),
                None => (format!("cannot read further: {err}"), true),
            },
        };
        chunk.skipped = Some(skip(&format!("{file_id}:{number}"), reason));
        chunk.last = stop;
        break;
    }
    chunk
}

/// Reads the stream a chunk at a time; while the pool parses one chunk,
/// this thread reads the next.
fn read_lines(
    mut reader: impl BufRead,
    file_id: &str,
    max_line_bytes: usize,
    fields: &JsonlFields,
    items: &mut Items<'_>,
) {
    let mut number = 0;
    let mut chunk = read_chunk(&mut reader, file_id, max_line_bytes, &mut number);
    loop {
        let mut parsed: Vec<Option<ReadItem>> = Vec::new();
        let next = rayon::in_place_scope(|scope| {
            let lines = &chunk.lines;
            let parsed = &mut parsed;
            scope.spawn(move |_| {
                *parsed = lines
                    .par_iter()
                    .map(|(number, line)| read_line(line, &format!("{file_id}:{number}"), fields))
                    .collect();
            });
            (!chunk.last).then(|| read_chunk(&mut reader, file_id, max_line_bytes, &mut number))
        });
        for item in parsed.into_iter().flatten() {
            items.push(item);
        }
        if let Some(skipped) = chunk.skipped.take() {
            items.push(skipped);
        }
        match next {
            Some(next) => chunk = next,
            None => return,
        }
    }
}

/// One line's item; `None` for a blank line, which is not a document.
fn read_line(bytes: &[u8], line_id: &str, fields: &JsonlFields) -> Option<ReadItem> {
    match decode::decode_line(bytes) {
        Ok(line) => {
            let line = line.trim();
            (!line.is_empty()).then(|| parse_line(line, line_id, fields))
        }
        Err(err) => Some(skip(line_id, err.to_string())),
    }
}

fn parse_line(line: &str, line_id: &str, fields: &JsonlFields) -> ReadItem {
    let object = match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return skip(line_id, "JSON line is not an object".to_string()),
        Err(err) => return skip(line_id, format!("invalid JSON: {err}")),
    };
    let id = fields.id_of(&object).unwrap_or_else(|| line_id.to_string());
    let string = |paths: &[String]| first_string(&object, paths).map(str::to_string);
    let (format, body) = match fields.body_of(&object) {
        Some((format, body)) => (format, body.to_string()),
        None => {
            let reason = format!(
                "no text: none of {} holds a string (name the field with --text-field or --html-field)",
                fields
                    .text
                    .iter()
                    .chain(&fields.html)
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            return skip(&id, reason);
        }
    };
    if body.trim().is_empty() {
        return skip(&id, "empty document".to_string());
    }
    let published = match first_value(&object, &fields.published) {
        // Unix time, in seconds or milliseconds.
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => string(&fields.published),
    };
    ReadItem::Loaded(RawDoc {
        id: DocId(id),
        format,
        body,
        hints: Hints {
            title: string(&fields.title),
            url: string(&fields.url),
            published,
            source: string(&fields.source),
            author: string(&fields.author),
            encoding: None,
            renamed_from: None,
        },
    })
}

/// Where a JSONL record keeps each field: for each, the paths tried in
/// order, dotted into nested objects (`source.name`); the first that holds
/// a value wins.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct JsonlFields {
    /// The document's id (a string or a number).
    pub id: Vec<String>,
    /// Plain text or Markdown.
    pub text: Vec<String>,
    /// HTML, read when no text field is found.
    pub html: Vec<String>,
    /// Headline.
    pub title: Vec<String>,
    /// Source URL.
    pub url: Vec<String>,
    /// Publication date: any common form, or Unix time in (milli)seconds.
    pub published: Vec<String>,
    /// Outlet or site.
    pub source: Vec<String>,
    /// Author; from a list of authors, the first.
    pub author: Vec<String>,
}

impl Default for JsonlFields {
    /// The names news datasets and scrapers commonly use (news-please,
    /// trafilatura, Common Crawl news extracts, NewsAPI).
    fn default() -> Self {
        let names = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
        JsonlFields {
            id: names(&["id"]),
            text: names(&["text", "content", "body", "maintext"]),
            html: names(&["html", "raw_html"]),
            title: names(&["title", "headline"]),
            url: names(&["url", "link"]),
            published: names(&[
                "published",
                "date",
                "published_date",
                "publish_date",
                "date_publish",
                "published_at",
            ]),
            source: names(&["source", "source.name", "source_domain", "site"]),
            author: names(&["author", "authors", "byline"]),
        }
    }
}

impl JsonlFields {
    /// The id a record gives itself: a string with something besides white
    /// space (trimmed), or a number.
    pub fn id_of(&self, record: &Map<String, Value>) -> Option<String> {
        match first_value(record, &self.id)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// What a record holds as its document: its text, else its HTML.
    pub fn body_of<'a>(&self, record: &'a Map<String, Value>) -> Option<(Format, &'a str)> {
        first_string(record, &self.text)
            .map(|text| (Format::Text, text))
            .or_else(|| first_string(record, &self.html).map(|html| (Format::Html, html)))
    }
}

/// The value at the first of `paths` that holds one (not null).
fn first_value<'a>(object: &'a Map<String, Value>, paths: &[String]) -> Option<&'a Value> {
    paths.iter().find_map(|path| {
        let mut parts = path.split('.');
        let mut value = object.get(parts.next()?)?;
        for part in parts {
            value = value.as_object()?.get(part)?;
        }
        (!value.is_null()).then_some(value)
    })
}

/// The first of `paths` that holds a string with something besides
/// whitespace (from a list of strings, its first).
fn first_string<'a>(object: &'a Map<String, Value>, paths: &[String]) -> Option<&'a str> {
    paths.iter().find_map(|path| {
        let value = first_value(object, std::slice::from_ref(path))?;
        let text = match value {
            Value::String(s) => s.as_str(),
            Value::Array(items) => items.iter().find_map(Value::as_str)?,
            _ => return None,
        };
        (!text.trim().is_empty()).then_some(text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_line_is_skipped_and_the_next_read() {
        let data = format!(
            "{{\"text\": \"{}\"}}\n{{\"id\": \"b\", \"text\": \"short\"}}\n",
            "x".repeat(500)
        );
        let items = crate::read::collect_items(|items| {
            read_stream(data.as_bytes(), "f.jsonl", 100, &JsonlFields::default(), items)
        });
        assert!(matches!(&items[0], ReadItem::Skipped(s) if s.reason.contains("limit")));
        assert!(matches!(&items[1], ReadItem::Loaded(d) if d.id.0 == "b"));
    }

    #[test]
    fn lines_become_documents_or_skips() {
        let data = b"{\"id\": \"a\", \"text\": \"Alpha text.\", \"title\": \"A\"}\n\
{broken\n\
\n\
{\"text\": \"No id here.\"}\n\
{\"id\": 7, \"html\": \"<p>x</p>\"}\n\
{\"id\": \"n\"}\n";
        let items = crate::read::collect_items(|items| {
            read_stream(&data[..], "f.jsonl", 1 << 20, &JsonlFields::default(), items)
        });
        let summary: Vec<String> = items
            .iter()
            .map(|item| match item {
                ReadItem::Loaded(d) => format!("ok {}", d.id),
                ReadItem::Skipped(s) => format!("skip {}", s.id),
            })
            .collect();
        assert_eq!(summary, ["ok a", "skip f.jsonl:2", "ok f.jsonl:4", "ok 7", "skip n"]);
        let ReadItem::Loaded(first) = &items[0] else {
            unreachable!()
        };
        assert_eq!(first.hints.title.as_deref(), Some("A"));
    }

    #[test]
    fn fields_are_found_by_common_names_or_dotted_paths() {
        let data = br#"{"id": "a", "content": "Body in content.", "source": {"name": "Daily"}, "authors": ["Jane Doe", "Ann Lee"], "published_date": 1700000000}
{"doc": {"key": "b", "words": "Body in a nested field."}, "meta": {"when": "2024-01"}}
"#;
        let default = crate::read::collect_items(|items| {
            read_stream(&data[..], "f.jsonl", 1 << 20, &JsonlFields::default(), items)
        });
        let ReadItem::Loaded(first) = &default[0] else {
            panic!("{:?}", default[0])
        };
        assert_eq!(first.body, "Body in content.");
        assert_eq!(first.hints.source.as_deref(), Some("Daily"));
        assert_eq!(first.hints.author.as_deref(), Some("Jane Doe"));
        assert_eq!(first.hints.published.as_deref(), Some("1700000000"));
        assert!(matches!(&default[1], ReadItem::Skipped(s) if s.reason.contains("--text-field")));
        let named = JsonlFields {
            id: vec!["doc.key".into()],
            text: vec!["doc.words".into()],
            published: vec!["meta.when".into()],
            ..JsonlFields::default()
        };
        let mapped = crate::read::collect_items(|items| read_stream(&data[..], "f.jsonl", 1 << 20, &named, items));
        let ReadItem::Loaded(second) = &mapped[1] else {
            panic!("{:?}", mapped[1])
        };
        assert_eq!(
            (second.id.0.as_str(), second.body.as_str()),
            ("b", "Body in a nested field.")
        );
        assert_eq!(second.hints.published.as_deref(), Some("2024-01"));
    }
}
