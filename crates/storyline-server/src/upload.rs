//! A `POST /api/documents` body → the library's [`Input`], checked before
//! anything is stored.
//!
//! A body that opens with `{` or `[` (after an optional UTF-8 byte-order
//! mark and white space) must be JSON: one object, an array of objects, or
//! a sequence of objects (JSONL). One that is not is refused whole (400,
//! with serde's line and column), never stored as a text. Any other body
//! is one document, plain text or HTML.
//!
//! Every document gets an id, so that nothing is lost to a name clash: a
//! record keeps its own `id`; a record without one, and a text or HTML
//! body, is named `post-` and the xxh3-128 of its text (or HTML). Posting
//! the same text again is then `already_indexed`, and two different texts
//! are two documents.

use crate::error::ApiError;
use axum::http::StatusCode;
use serde::de::{self, SeqAccess, Visitor};
use serde::Deserializer as _;
use serde_json::error::Category;
use serde_json::{Map, Value};
use std::cell::Cell;
use std::fmt;
use storyline::read::{Input, JsonlFields};
use xxhash_rust::xxh3::xxh3_128;

const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// The name under which the reader reports a JSON record it skipped
/// without an id of its own (`post:N`); every record has one here, so this
/// only shows if the library's rules for ids change.
const RECORDS_NAME: &str = "post";

/// A checked body.
pub(crate) struct Upload {
    /// What the index reads.
    pub(crate) input: Input,
    /// The id of each document posted, in order.
    pub(crate) documents: Vec<String>,
}

/// Checks `body` and names its documents; at most `max_documents` of them.
pub(crate) fn parse(body: &[u8], max_documents: usize) -> Result<Upload, ApiError> {
    let body = body.strip_prefix(BYTE_ORDER_MARK).unwrap_or(body);
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Err(ApiError::bad_request("empty request body"));
    };
    let head = &body[start..];
    if head.starts_with(b"\x1f\x8b") {
        return Err(unsupported("a compressed body; send the documents uncompressed"));
    }
    if head.len() >= 5 && head[..5].eq_ignore_ascii_case(b"warc/") {
        return Err(unsupported("a WARC archive; `storyline ingest` reads those"));
    }
    match head[0] {
        b'{' | b'[' => records(body, max_documents),
        _ => {
            let id = content_id(body);
            Ok(Upload {
                input: Input::Bytes {
                    name: id.clone(),
                    bytes: body.to_vec(),
                },
                documents: vec![id],
            })
        }
    }
}

fn unsupported(what: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!("{what}; the API takes JSON, JSONL, a text or an HTML page"),
    )
}

type Record = Map<String, Value>;

/// The records of a JSON body, each with an id, as JSONL.
fn records(body: &[u8], max_documents: usize) -> Result<Upload, ApiError> {
    let too_many = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("more than {max_documents} documents; at most {max_documents} per request"),
        )
    };
    let invalid = |err: serde_json::Error| match err.classify() {
        Category::Data => ApiError::bad_request(format!(
            "expected a JSON object, an array of objects, or JSONL, every record an object with `text` or `html`: {err}"
        )),
        _ => ApiError::bad_request(format!("invalid JSON: {err}")),
    };
    // Read record by record, and no further than the limit: a body of tiny
    // records would otherwise cost many times its size in memory first.
    let records = if body.trim_ascii_start().starts_with(b"[") {
        let overflow = Cell::new(false);
        let mut json = serde_json::Deserializer::from_slice(body);
        let parsed = json.deserialize_seq(RecordArray {
            max: max_documents,
            overflow: &overflow,
        });
        match parsed.and_then(|records| json.end().map(|()| records)) {
            _ if overflow.get() => return Err(too_many()),
            parsed => parsed.map_err(invalid)?,
        }
    } else {
        let mut records = Vec::new();
        for record in serde_json::Deserializer::from_slice(body).into_iter::<Record>() {
            if records.len() == max_documents {
                return Err(too_many());
            }
            records.push(record.map_err(invalid)?);
        }
        records
    };
    if records.is_empty() {
        return Err(ApiError::bad_request("no documents in the request"));
    }
    let mut jsonl = Vec::with_capacity(body.len() + 64 * records.len());
    let mut documents = Vec::with_capacity(records.len());
    for mut record in records {
        let id = own_id(&record).unwrap_or_else(|| {
            let id = content_id(content(&record));
            record.insert("id".into(), Value::String(id.clone()));
            id
        });
        documents.push(id);
        serde_json::to_writer(&mut jsonl, &record).map_err(ApiError::internal)?;
        jsonl.push(b'\n');
    }
    Ok(Upload {
        input: Input::Bytes {
            name: RECORDS_NAME.into(),
            bytes: jsonl,
        },
        documents,
    })
}

/// A JSON array of records, read until it holds more than `max`; then it
/// fails, and says so in `overflow`.
struct RecordArray<'a> {
    max: usize,
    overflow: &'a Cell<bool>,
}

impl<'de> Visitor<'de> for RecordArray<'_> {
    type Value = Vec<Record>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of JSON objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Record>, A::Error> {
        let mut records = Vec::new();
        while let Some(record) = seq.next_element::<Record>()? {
            if records.len() == self.max {
                self.overflow.set(true);
                return Err(de::Error::custom("too many records"));
            }
            records.push(record);
        }
        Ok(records)
    }
}

/// The id the reader takes from a record (the library's rule).
fn own_id(record: &Record) -> Option<String> {
    JsonlFields::default().id_of(record)
}

/// What the reader takes as the document (the library's rule: `text`,
/// `content`, `body`…, else `html`); for a record with none, which the
/// reader skips, nothing, so that the skip is reported under a stable id.
fn content(record: &Record) -> &[u8] {
    JsonlFields::default()
        .body_of(record)
        .map(|(_, body)| body.as_bytes())
        .unwrap_or_default()
}

/// `post-` and the xxh3-128 of `content`, in hex.
fn content_id(content: &[u8]) -> String {
    format!("post-{:032x}", xxh3_128(content))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(upload: &Upload) -> Vec<Value> {
        let Input::Bytes { bytes, .. } = &upload.input else {
            panic!("bytes")
        };
        bytes
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect()
    }

    #[test]
    fn records_keep_their_ids_and_the_others_get_one_from_their_text() {
        let upload = parse(
            b"\xEF\xBB\xBF [{\"id\": \"a\", \"text\": \"x\"}, {\"text\": \"y\"}, {\"id\": 7, \"html\": \"<p>z</p>\"}]",
            10,
        )
        .unwrap();
        let y = content_id(b"y");
        assert_eq!(upload.documents, ["a", y.as_str(), "7"]);
        assert_eq!(jsonl(&upload)[1]["id"], y);
        assert_ne!(content_id(b"y"), content_id(b"z"));
    }

    #[test]
    fn jsonl_is_read_line_by_line_and_bad_json_is_refused_with_its_place() {
        let upload = parse(b"{\"text\": \"a\"}\n\n{\"text\": \"b\", \"id\": \" \"}\n", 10).unwrap();
        assert_eq!(upload.documents, [content_id(b"a"), content_id(b"b")]);
        for (body, place) in [
            (&b"[{\"text\": \"a\"}"[..], "line 1 column 14"),
            (b"{\"text\": \"a\"}\n{\"text\": }\n", "line 2"),
            (b"[{\"text\": \"a\"}] [{\"text\": \"b\"}]", ""),
            (b"[1, 2]", "expected a map at line 1 column 2"),
            (b"[]", ""),
        ] {
            let err = parse(body, 10).err().unwrap();
            assert_eq!(err.status(), StatusCode::BAD_REQUEST);
            assert!(err.message().contains(place), "{}", err.message());
        }
    }

    #[test]
    fn texts_are_named_by_their_content_and_limits_hold() {
        let one = parse(b"A plain text.", 10).unwrap();
        assert_eq!(one.documents, [content_id(b"A plain text.")]);
        assert_ne!(parse(b"Another text.", 10).unwrap().documents, one.documents);
        for many in [
            &b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n{\"text\": \"c\"}"[..],
            b"[{\"text\": \"a\"}, {\"text\": \"b\"}, {\"text\": \"c\"}]",
        ] {
            assert_eq!(parse(many, 2).err().unwrap().status(), StatusCode::PAYLOAD_TOO_LARGE);
            assert_eq!(parse(many, 3).unwrap().documents.len(), 3);
        }
        for body in [&b"\x1f\x8b\x08"[..], b"WARC/1.0\r\n"] {
            assert_eq!(
                parse(body, 2).err().unwrap().status(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            );
        }
        assert_eq!(parse(b" \n ", 2).err().unwrap().status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn records_named_by_any_text_field_the_reader_knows_get_distinct_ids() {
        let upload = parse(b"[{\"content\": \"first\"}, {\"body\": \"second\"}]", 10).unwrap();
        assert_eq!(upload.documents, [content_id(b"first"), content_id(b"second")]);
    }
}
