//! A story as a file to download: its JSON, or its timeline as CSV.
//!
//! The CSV has one row per timeline entry (an article, its copies folded):
//! `date, precision, title, source, url, document, copies`, and `new` when
//! the export was asked with `since`. Fields are quoted as RFC 4180 says
//! (a field with a comma, a quote or a line break in double quotes, a quote
//! doubled), lines end in CRLF. A field that a spreadsheet would run as a
//! formula (one opening with `=`, `+`, `-`, `@`, a tab or a carriage
//! return) gets a leading `'`, so that scraped headlines stay text.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// The columns of a story's CSV, before `new`.
const COLUMNS: [&str; 7] = ["date", "precision", "title", "source", "url", "document", "copies"];

/// The story `story` (as [`storyline_index::Index::story_since`] gives it)
/// as a download: pretty JSON, or CSV of its timeline.
pub(crate) fn story_file(id: &str, story: &Value, csv: bool) -> Response {
    let (body, content_type, extension) = match csv {
        true => (timeline_csv(story), "text/csv; charset=utf-8", "csv"),
        false => (
            serde_json::to_string_pretty(story).unwrap_or_default(),
            "application/json",
            "json",
        ),
    };
    let disposition = format!("attachment; filename=\"story-{}.{extension}\"", file_name_part(id));
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// A story id as it can stand in a file name: ASCII letters, digits, `-`,
/// `_` and `.` kept, anything else `_`.
fn file_name_part(id: &str) -> String {
    id.chars()
        .take(100)
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' => c,
            _ => '_',
        })
        .collect()
}

/// The story's timeline as CSV.
fn timeline_csv(story: &Value) -> String {
    let marked = story.get("since").is_some();
    let mut out = String::new();
    let header: Vec<&str> = COLUMNS.iter().copied().chain(marked.then_some("new")).collect();
    push_row(&mut out, header.iter().map(|h| h.to_string()));
    for entry in story.get("timeline").and_then(Value::as_array).into_iter().flatten() {
        let cells = COLUMNS
            .iter()
            .map(|column| cell(entry.get(column)))
            .chain(marked.then(|| cell(entry.get("new"))));
        push_row(&mut out, cells);
    }
    out
}

/// A JSON value as a CSV field's text: strings as they are, null as empty.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let cell = match cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            true => format!("'{cell}"),
            false => cell,
        };
        if cell.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        let story = json!({"timeline": [
            {"date": "2016-01-02", "precision": "day", "title": "Say \"no\", twice\nthen go", "source": null,
             "url": "https://a.example/x?a=1,2", "document": "d1", "copies": 3},
            {"date": null, "precision": null, "title": "=HYPERLINK(\"x\")", "source": "@wire",
             "url": null, "document": "d2", "copies": 1},
        ]});
        assert_eq!(
            timeline_csv(&story),
            "date,precision,title,source,url,document,copies\r\n\
             2016-01-02,day,\"Say \"\"no\"\", twice\nthen go\",,\"https://a.example/x?a=1,2\",d1,3\r\n\
             ,,\"'=HYPERLINK(\"\"x\"\")\",'@wire,,d2,1\r\n"
        );
    }

    #[test]
    fn a_file_name_keeps_only_plain_characters() {
        assert_eq!(file_name_part("s90"), "s90");
        assert_eq!(file_name_part("a\"b/c\r\nd"), "a_b_c__d");
    }
}
