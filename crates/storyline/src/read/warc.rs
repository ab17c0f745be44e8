//! WARC files (ISO 28500; `.warc`, `.warc.gz`): the archive format crawlers
//! write. Each `response` record holding an HTML page becomes a document
//! named by its `WARC-Target-URI`, with that URI as its URL; `resource`
//! records are taken as they are. Other records (requests, metadata,
//! revisits, warcinfo) are not documents and are passed over. A record cut
//! short is reported as skipped, with the records before it kept.

use super::Items;
use super::{skip, ReadItem};
use crate::model::{DocId, Format, Hints, RawDoc};
use std::io::BufRead;

/// Reads every record of a WARC stream into `items`.
pub(super) fn read_records(mut reader: impl BufRead, file_id: &str, max_bytes: usize, items: &mut Items<'_>) {
    let before = items.len();
    for number in 1.. {
        let record_id = format!("{file_id}#{number}");
        let headers = match read_headers(&mut reader) {
            Ok(Some(headers)) => headers,
            Ok(None) => break,
            Err(reason) => {
                items.push(skip(&record_id, reason));
                break;
            }
        };
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let Some(length) = header("Content-Length").and_then(|v| v.trim().parse::<usize>().ok()) else {
            items.push(skip(&record_id, "WARC record without a Content-Length".to_string()));
            break;
        };
        if length > max_bytes {
            items.push(skip(
                &record_id,
                format!("WARC record larger than the {max_bytes} byte limit"),
            ));
            break;
        }
        let mut block = vec![0u8; length];
        if let Err(err) = reader.read_exact(&mut block) {
            items.push(skip(&record_id, format!("truncated WARC record: {err}")));
            break;
        }
        let kind = header("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let uri = header("WARC-Target-URI").map(|u| u.trim().trim_matches(['<', '>']).to_string());
        let id = uri.clone().unwrap_or_else(|| record_id.clone());
        let body = match kind.as_str() {
            "response" => http_body(&block),
            "resource" => Some(block.as_slice()),
            _ => None,
        };
        if let Some(body) = body {
            match super::decode::decode(body.to_vec(), Format::Html) {
                Ok(text) => items.push(ReadItem::Loaded(RawDoc {
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
        // Records end with two CRLFs.
        let mut end = [0u8; 4];
        let _ = reader.read_exact(&mut end);
    }
    if items.len() == before {
        items.push(skip(file_id, "WARC file with no page records".to_string()));
    }
}

/// The header lines of the next record; `None` at a clean end of stream.
fn read_headers(reader: &mut impl BufRead) -> Result<Option<Vec<(String, String)>>, String> {
    let mut line = String::new();
    // Skip blank lines between records.
    loop {
        if !next_line(reader, &mut line)? {
            return Ok(None);
        }
        if !line.trim().is_empty() {
            break;
        }
    }
    if !line.starts_with("WARC/") {
        return Err(format!("not a WARC record header: {:?}", line.trim()));
    }
    let mut headers = Vec::new();
    loop {
        if !next_line(reader, &mut line)? {
            return Err("truncated WARC header".to_string());
        }
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed.is_empty() {
            return Ok(Some(headers));
        }
        if let Some((name, value)) = trimmed.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
}

/// Reads one line into `line`; `false` at the end of the stream.
fn next_line(reader: &mut impl BufRead, line: &mut String) -> Result<bool, String> {
    line.clear();
    let n = reader.read_line(line).map_err(|e| format!("cannot read WARC: {e}"))?;
    Ok(n > 0)
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
}
