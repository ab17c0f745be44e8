//! JSON Lines: one document per line.
//!
//! Each line is an object with `text` (plain text or Markdown) or `html`, and
//! optionally `id`, `url`, `title`, `published` (or `date`) and `source`. A line
//! that is not such an object is skipped as `<file>:<line>` with its reason;
//! blank lines are not documents. Files are streamed line by line, so a
//! JSONL file may be far larger than memory; the size limit applies to each
//! line (document), not to the file.

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
pub(super) fn read_stream(reader: impl BufRead, file_id: &str, max_line_bytes: usize, items: &mut Items<'_>) {
    let before = items.len();
    read_lines(reader, file_id, max_line_bytes, items);
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
fn read_lines(mut reader: impl BufRead, file_id: &str, max_line_bytes: usize, items: &mut Items<'_>) {
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
                    .map(|(number, line)| read_line(line, &format!("{file_id}:{number}")))
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
fn read_line(bytes: &[u8], line_id: &str) -> Option<ReadItem> {
    match decode::decode_line(bytes) {
        Ok(line) => {
            let line = line.trim();
            (!line.is_empty()).then(|| parse_line(line, line_id))
        }
        Err(err) => Some(skip(line_id, err.to_string())),
    }
}

fn parse_line(line: &str, line_id: &str) -> ReadItem {
    let mut object = match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return skip(line_id, "JSON line is not an object".to_string()),
        Err(err) => return skip(line_id, format!("invalid JSON: {err}")),
    };
    let id = match object.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => line_id.to_string(),
    };
    let (format, body) = match (take_string(&mut object, "text"), take_string(&mut object, "html")) {
        (Some(text), _) => (Format::Text, text),
        (None, Some(html)) => (Format::Html, html),
        (None, None) => return skip(&id, "no `text` or `html` field".to_string()),
    };
    if body.trim().is_empty() {
        return skip(&id, "empty document".to_string());
    }
    ReadItem::Loaded(RawDoc {
        id: DocId(id),
        format,
        body,
        hints: Hints {
            title: take_string(&mut object, "title"),
            url: take_string(&mut object, "url"),
            published: take_string(&mut object, "published").or_else(|| take_string(&mut object, "date")),
            source: take_string(&mut object, "source"),
            renamed_from: None,
        },
    })
}

/// Takes a field that holds a string with something besides whitespace.
fn take_string(object: &mut Map<String, Value>, key: &str) -> Option<String> {
    match object.remove(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
        _ => None,
    }
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
        let items = crate::read::collect_items(|items| read_stream(data.as_bytes(), "f.jsonl", 100, items));
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
        let items = crate::read::collect_items(|items| read_stream(&data[..], "f.jsonl", 1 << 20, items));
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
}
