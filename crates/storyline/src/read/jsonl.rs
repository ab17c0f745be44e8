//! JSON Lines: one document per line.
//!
//! Each line is an object with `text` (plain text or Markdown) or `html`, and
//! optionally `id`, `url`, `title`, `published` (or `date`) and `source`. A line
//! that is not such an object is skipped as `<file>:<line>` with its reason;
//! blank lines are not documents. Files are streamed line by line, so a
//! JSONL file may be far larger than memory; the size limit applies to each
//! line (document), not to the file.

use super::Items;
use super::{decode, skip, ReadItem};
use crate::model::{DocId, Format, Hints, RawDoc};
use serde_json::{Map, Value};
use std::io::{BufRead, Read};

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

fn read_lines(mut reader: impl BufRead, file_id: &str, max_line_bytes: usize, items: &mut Items<'_>) {
    let mut buf = Vec::new();
    for number in 1.. {
        let line_id = format!("{file_id}:{number}");
        buf.clear();
        match (&mut reader)
            .take(max_line_bytes as u64 + 1)
            .read_until(b'\n', &mut buf)
        {
            Ok(0) => return,
            Ok(_) => {}
            Err(err) => {
                items.push(skip(&line_id, format!("cannot read further: {err}")));
                return;
            }
        }
        if buf.len() > max_line_bytes && buf.last() != Some(&b'\n') {
            items.push(skip(
                &line_id,
                format!("line longer than the {max_line_bytes} byte limit"),
            ));
            // Pass over the rest of the long line.
            let mut rest = Vec::new();
            if reader.read_until(b'\n', &mut rest).is_err() {
                return;
            }
            continue;
        }
        let line = match decode::decode_line(&buf) {
            Ok(line) => line.trim(),
            Err(err) => {
                items.push(skip(&line_id, err.to_string()));
                continue;
            }
        };
        if !line.is_empty() {
            items.push(parse_line(line, &line_id));
        }
    }
}

fn parse_line(line: &str, line_id: &str) -> ReadItem {
    let object = match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return skip(line_id, "JSON line is not an object".to_string()),
        Err(err) => return skip(line_id, format!("invalid JSON: {err}")),
    };
    let id = match object.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => line_id.to_string(),
    };
    let (format, body) = match (string_field(&object, "text"), string_field(&object, "html")) {
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
            title: string_field(&object, "title"),
            url: string_field(&object, "url"),
            published: string_field(&object, "published").or_else(|| string_field(&object, "date")),
            source: string_field(&object, "source"),
        },
    })
}

fn string_field(object: &Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
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
