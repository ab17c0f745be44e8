//! JSON Lines: one document per line.
//!
//! Each line is an object with `text` (plain text or Markdown) or `html`, and
//! optionally `id`, `url`, `title`, `published` (or `date`) and `source`. A line
//! that is not such an object is skipped as `<file>:<line>` with its reason;
//! blank lines are not documents.

use super::{decode, skip, ReadItem};
use crate::model::{DocId, Format, Hints, RawDoc};
use serde_json::{Map, Value};

/// Reads every line of a JSONL file into `items`.
pub(super) fn read_lines(bytes: &[u8], file_id: &str, items: &mut Vec<ReadItem>) {
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_id = format!("{file_id}:{}", index + 1);
        let line = match decode::decode_line(line) {
            Ok(line) => line.trim(),
            Err(err) => {
                items.push(skip(&line_id, err.to_string()));
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
        items.push(parse_line(line, &line_id));
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
    fn lines_become_documents_or_skips() {
        let data = b"{\"id\": \"a\", \"text\": \"Alpha text.\", \"title\": \"A\"}\n\
{broken\n\
\n\
{\"text\": \"No id here.\"}\n\
{\"id\": 7, \"html\": \"<p>x</p>\"}\n\
{\"id\": \"n\"}\n";
        let mut items = Vec::new();
        read_lines(data, "f.jsonl", &mut items);
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
