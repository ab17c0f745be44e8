//! WARC files (ISO 28500; `.warc`, `.warc.gz`): the archive format crawlers
//! write. Each `response` record holding an HTML page becomes a document
//! named by its `WARC-Target-URI`, with that URI as its URL; `resource`
//! records are taken as they are. Other records (requests, metadata,
//! revisits, warcinfo) are not documents and are passed over.
//!
//! A bad record costs only itself: a header that cannot be read, a missing or
//! wrong `Content-Length`, garbage between records or a damaged gzip member
//! is reported as skipped, and reading resumes at the next line that starts
//! a record (`WARC/1.x`). Header lines and whole headers are bounded, and a
//! block over the size limit is passed over without being held.

use super::lines::{self, Line};
use super::Items;
use super::{gzip, skip, ReadItem};
use crate::model::{DocId, Format, Hints, RawDoc};
use std::io::{self, BufRead, Read};

/// Longest header line kept; real ones are a URI or a digest long.
const MAX_HEADER_LINE_BYTES: usize = 64 * 1024;

/// Largest header of one record, all lines together.
const MAX_HEADER_BYTES: usize = 1 << 20;

/// Reads every record of a WARC stream into `items`.
pub(super) fn read_records(reader: impl BufRead, file_id: &str, max_bytes: usize, items: &mut Items<'_>) {
    let before = items.len();
    let mut reader = PushBack::new(reader);
    let mut number = 0;
    loop {
        let next = find_record(&mut reader);
        if next.passed_over > 0 {
            let reason = format!("{} bytes that are not a WARC record passed over", next.passed_over);
            items.push(skip(&format!("{file_id}#{}", number + 1), reason));
        }
        for damage in next.damage {
            items.push(skip(&format!("{file_id}#{}", number + 1), damage));
        }
        match next.end {
            Some(End::Clean) => break,
            Some(End::Failed(reason)) => {
                items.push(skip(&format!("{file_id}#{}", number + 1), reason));
                break;
            }
            None => {}
        }
        number += 1;
        let record_id = format!("{file_id}#{number}");
        match read_record(&mut reader, max_bytes) {
            Ok((record, damage_after)) => {
                record.push_to(&record_id, items);
                if let Some(damage) = damage_after {
                    items.push(skip(&format!("{file_id}#{}", number + 1), damage));
                }
            }
            Err(Failure::Resume(reason)) => items.push(skip(&record_id, reason)),
            Err(Failure::Stop(reason)) => {
                items.push(skip(&record_id, reason));
                break;
            }
        }
    }
    if items.len() == before {
        items.push(skip(file_id, "WARC file with no page records".to_string()));
    }
}

/// How reading stopped.
enum End {
    /// At the end of the stream.
    Clean,
    /// On an error reading cannot go past.
    Failed(String),
}

/// What the search for the next record found.
#[derive(Default)]
struct NextRecord {
    /// Bytes passed over that were neither blank lines nor a record.
    passed_over: u64,
    /// Damage to the stream passed on the way (gzip members).
    damage: Vec<String>,
    /// `None` when a record header starts here (its version line read).
    end: Option<End>,
}

/// Reads lines up to and including the next `WARC/` version line.
fn find_record(reader: &mut impl BufRead) -> NextRecord {
    let mut next = NextRecord::default();
    let mut line = Vec::new();
    loop {
        match lines::read_line(reader, &mut line, MAX_HEADER_LINE_BYTES) {
            Ok(Line::End) => {
                next.end = Some(End::Clean);
                return next;
            }
            Ok(Line::Complete) if line.starts_with(b"WARC/") => return next,
            Ok(_) => {
                if !line.iter().all(u8::is_ascii_whitespace) {
                    next.passed_over += line.len() as u64;
                }
            }
            Err(err) => match gzip::damage(&err) {
                Some(damage) => next.damage.push(damage.to_string()),
                None => {
                    next.end = Some(End::Failed(format!("cannot read further: {err}")));
                    return next;
                }
            },
        }
    }
}

/// Why a record was not read.
enum Failure {
    /// The record is lost; the next one may be read.
    Resume(String),
    /// Nothing more can be read.
    Stop(String),
}

impl Failure {
    /// A read error: damage can be read past, anything else ends the file.
    fn of(err: &io::Error, what: &str) -> Failure {
        match gzip::damage(err) {
            Some(damage) => Failure::Resume(format!("{what}: {damage}")),
            None if err.kind() == io::ErrorKind::UnexpectedEof => {
                Failure::Stop(format!("truncated WARC record: {what}"))
            }
            None => Failure::Stop(format!("cannot read further: {err}")),
        }
    }
}

/// A record's fields and block.
struct Record {
    fields: Vec<(String, String)>,
    block: Vec<u8>,
}

impl Record {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Hands on the page the record holds, if it holds one.
    fn push_to(&self, record_id: &str, items: &mut Items<'_>) {
        let kind = self.field("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let uri = self
            .field("WARC-Target-URI")
            .map(|u| u.trim().trim_matches(['<', '>']).to_string());
        let id = uri.clone().unwrap_or_else(|| record_id.to_string());
        let body = match kind.as_str() {
            "response" => http_body(&self.block),
            "resource" => Some(self.block.as_slice()),
            _ => None,
        };
        if let Some(body) = body {
            match super::decode::decode(body.to_vec(), Format::Html) {
                Ok((text, _)) => items.push(ReadItem::Loaded(RawDoc {
                    id: DocId(id),
                    format: Format::Html,
                    body: text,
                    hints: Hints {
                        url: uri,
                        ..Hints::default()
                    },
                })),
                Err(err) => items.push(skip(&id, err.to_string())),
            }
        }
    }
}

/// Reads the record whose version line was just read: its fields, its block,
/// and the blank lines that end it, with the damage to the stream found
/// right after it (which is the next record's loss, not this one's).
fn read_record<R: BufRead>(reader: &mut PushBack<R>, max_bytes: usize) -> Result<(Record, Option<String>), Failure> {
    let fields = read_fields(reader)?;
    let find = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    };
    let Some(length) = find("Content-Length").and_then(|v| v.trim().parse::<u64>().ok()) else {
        return Err(Failure::Resume(
            "WARC record without a valid Content-Length; reading resumed at the next record".to_string(),
        ));
    };
    if length > max_bytes as u64 {
        let passed = io::copy(&mut reader.take(length), &mut io::sink()).map_err(|e| Failure::of(&e, "block"))?;
        if passed < length {
            return Err(Failure::Stop("truncated WARC record".to_string()));
        }
        return Err(Failure::Resume(format!(
            "WARC record larger than the {max_bytes} byte limit"
        )));
    }
    let mut block = vec![0u8; length as usize];
    reader.read_exact(&mut block).map_err(|e| Failure::of(&e, "block"))?;
    let damage_after = check_record_end(reader, &block)?;
    Ok((Record { fields, block }, damage_after))
}

/// Reads header fields up to the blank line that ends them.
fn read_fields(reader: &mut impl BufRead) -> Result<Vec<(String, String)>, Failure> {
    let mut fields = Vec::new();
    let mut line = Vec::new();
    let mut total = 0;
    loop {
        match lines::read_line(reader, &mut line, MAX_HEADER_LINE_BYTES).map_err(|e| Failure::of(&e, "header"))? {
            Line::End => return Err(Failure::Stop("truncated WARC header".to_string())),
            Line::TooLong => {
                return Err(Failure::Resume(format!(
                    "WARC header line longer than {MAX_HEADER_LINE_BYTES} bytes; reading resumed at the next record"
                )))
            }
            Line::Complete => {}
        }
        total += line.len();
        if total > MAX_HEADER_BYTES {
            return Err(Failure::Resume(format!(
                "WARC header larger than {MAX_HEADER_BYTES} bytes; reading resumed at the next record"
            )));
        }
        let text = String::from_utf8_lossy(&line);
        let trimmed = text.trim_end_matches(['\r', '\n']);
        if trimmed.is_empty() {
            return Ok(fields);
        }
        if let Some((name, value)) = trimmed.split_once(':') {
            fields.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
}

/// Checks that the block is followed by the blank lines that end a record
/// and then the next record or the end: a wrong `Content-Length` shows
/// there. When it was too large, the next record's start inside the block
/// is given back to the reader, so no record after it is lost.
fn check_record_end<R: BufRead>(reader: &mut PushBack<R>, block: &[u8]) -> Result<Option<String>, Failure> {
    let mut line = Vec::new();
    let mut blank = 0;
    loop {
        let read = match lines::read_line(reader, &mut line, MAX_HEADER_LINE_BYTES) {
            Ok(read) => read,
            Err(err) => match gzip::damage(&err) {
                Some(damage) => return Ok(Some(damage.to_string())),
                None => return Err(Failure::of(&err, "record end")),
            },
        };
        match read {
            Line::End => return Ok(None),
            Line::Complete if line.iter().all(u8::is_ascii_whitespace) && blank < 2 => blank += 1,
            _ => {
                let next_record = line.starts_with(b"WARC/");
                reader.push_back(&line);
                if next_record {
                    return Ok(None);
                }
                if let Some(at) = memchr::memmem::find(block, b"\nWARC/") {
                    reader.push_back(&block[at + 1..]);
                }
                return Err(Failure::Resume(
                    "WARC record whose Content-Length does not match its block; reading resumed at the next record"
                        .to_string(),
                ));
            }
        }
    }
}

/// A reader that can be given bytes back, read again before the rest.
struct PushBack<R> {
    inner: R,
    back: Vec<u8>,
    pos: usize,
}

impl<R: BufRead> PushBack<R> {
    fn new(inner: R) -> Self {
        PushBack {
            inner,
            back: Vec::new(),
            pos: 0,
        }
    }

    /// Puts `bytes` before whatever is still to be read.
    fn push_back(&mut self, bytes: &[u8]) {
        let mut back = bytes.to_vec();
        back.extend_from_slice(&self.back[self.pos..]);
        self.back = back;
        self.pos = 0;
    }
}

impl<R: BufRead> Read for PushBack<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for PushBack<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.back.len() {
            Ok(&self.back[self.pos..])
        } else {
            self.inner.fill_buf()
        }
    }

    fn consume(&mut self, amount: usize) {
        if self.pos < self.back.len() {
            self.pos += amount;
            if self.pos >= self.back.len() {
                self.back.clear();
                self.pos = 0;
            }
        } else {
            self.inner.consume(amount);
        }
    }
}

/// The body of an HTTP response: what follows the first blank line.
fn http_body(block: &[u8]) -> Option<&[u8]> {
    let head_end = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4)
        .or_else(|| block.windows(2).position(|w| w == b"\n\n").map(|p| p + 2))?;
    let head = String::from_utf8_lossy(&block[..head_end]).to_ascii_lowercase();
    let is_html = head.contains("content-type: text/html") || head.contains("application/xhtml");
    is_html.then_some(&block[head_end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    #[test]
    fn responses_become_documents_named_by_uri() {
        let page = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Hello harbour</p></body></html>";
        let data = [
            record("warcinfo", "", "software: test"),
            record("request", "https://news.example/a", "GET /a HTTP/1.1\r\n\r\n"),
            record("response", "https://news.example/a", page),
        ]
        .concat();
        let items = crate::read::collect_items(|items| read_records(data.as_bytes(), "crawl.warc", 1 << 20, items));
        assert_eq!(items.len(), 1);
        let ReadItem::Loaded(doc) = &items[0] else {
            panic!("skipped")
        };
        assert_eq!(doc.id.0, "https://news.example/a");
        assert_eq!(doc.hints.url.as_deref(), Some("https://news.example/a"));
        assert!(doc.body.contains("Hello harbour"));
    }

    #[test]
    fn truncated_record_is_reported_and_earlier_ones_kept() {
        let page = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>First page text</p>";
        let mut data = [
            record("response", "https://a.example/1", page),
            record("response", "https://a.example/2", page),
        ]
        .concat();
        data.truncate(data.len() - 20);
        let items = crate::read::collect_items(|items| read_records(data.as_bytes(), "cut.warc", 1 << 20, items));
        assert!(matches!(&items[0], ReadItem::Loaded(d) if d.id.0 == "https://a.example/1"));
        assert!(matches!(&items[1], ReadItem::Skipped(s) if s.reason.contains("truncated")));
    }

    fn outcomes(data: &[u8]) -> Vec<String> {
        crate::read::collect_items(|items| read_records(data, "f.warc", 1 << 20, items))
            .iter()
            .map(|item| match item {
                ReadItem::Loaded(d) => format!("ok {}", d.id),
                ReadItem::Skipped(s) => format!("skip {}: {}", s.id, s.reason),
            })
            .collect()
    }

    const PAGE: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Page text</p>";

    #[test]
    fn a_bad_record_costs_only_itself() {
        let good = |n: u32| record("response", &format!("https://a.example/{n}"), PAGE);
        let too_long = good(2).replace(&format!("Content-Length: {}", PAGE.len()), "Content-Length: 400");
        let too_short = good(4).replace(&format!("Content-Length: {}", PAGE.len()), "Content-Length: 30");
        let no_length = good(6).replace(&format!("Content-Length: {}\r\n", PAGE.len()), "");
        let bad_length = good(8).replace(&format!("Content-Length: {}", PAGE.len()), "Content-Length: many");
        let data = [
            good(1),
            too_long,
            good(3),
            too_short,
            good(5),
            no_length,
            "garbage between records\r\n\x00\x01\r\n".to_string(),
            good(7),
            bad_length,
            good(9),
        ]
        .concat();
        let found = outcomes(data.as_bytes());
        let ok: Vec<&String> = found.iter().filter(|o| o.starts_with("ok")).collect();
        assert_eq!(
            ok,
            [
                "ok https://a.example/1",
                "ok https://a.example/3",
                "ok https://a.example/5",
                "ok https://a.example/7",
                "ok https://a.example/9"
            ],
            "{found:#?}"
        );
        assert!(found.iter().any(|o| o.contains("does not match")), "{found:#?}");
        assert!(
            found.iter().any(|o| o.contains("without a valid Content-Length")),
            "{found:#?}"
        );
        assert!(found.iter().any(|o| o.contains("not a WARC record")), "{found:#?}");
    }

    #[test]
    fn a_huge_header_line_is_passed_over_without_being_held() {
        let huge = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nX-Long: {}\r\n",
            "x".repeat(MAX_HEADER_LINE_BYTES * 4)
        );
        let data = [huge, record("response", "https://a.example/ok", PAGE)].concat();
        let found = outcomes(data.as_bytes());
        assert!(found[0].contains("header line longer"), "{found:?}");
        assert_eq!(found[1], "ok https://a.example/ok");
    }

    #[test]
    fn a_record_over_the_size_limit_is_skipped_and_the_next_read() {
        let big = record(
            "response",
            "https://a.example/big",
            &format!("{PAGE}{}", "y".repeat(5000)),
        );
        let data = [big, record("response", "https://a.example/ok", PAGE)].concat();
        let found: Vec<String> =
            crate::read::collect_items(|items| read_records(data.as_bytes(), "f.warc", 1000, items))
                .iter()
                .map(|item| match item {
                    ReadItem::Loaded(d) => format!("ok {}", d.id),
                    ReadItem::Skipped(s) => format!("skip {}", s.reason),
                })
                .collect();
        assert_eq!(
            found,
            [
                "skip WARC record larger than the 1000 byte limit",
                "ok https://a.example/ok"
            ]
        );
    }
}
