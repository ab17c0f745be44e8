//! Read stage: files, folders and standard input → [`RawDoc`]s.
//!
//! Input: a list of [`Input`]s (paths or stdin). Output: one [`ReadItem`] per
//! document found, in a stable order (arguments in the order given, folder
//! entries sorted by path), each either a loaded [`RawDoc`] or a [`Skipped`]
//! record with its reason, so that every input is accounted for.
//!
//! Formats are chosen by extension: `.txt`/`.md`/`.markdown` (text), `.html`/
//! `.htm` (HTML), `.jsonl`/`.ndjson` (one document per line) and `.warc`
//! (crawl archives, one document per HTML response), each optionally
//! gzip-compressed (`.gz`). Standard input is sniffed. Hidden files and folders
//! (names starting with `.`) inside a folder argument are not inputs and are
//! passed over, as version-control folders would otherwise flood the report.

mod decode;
mod jsonl;
mod warc;

use crate::model::{DocId, Format, Hints, RawDoc, Skipped};
use std::io::Read;
use std::path::{Path, PathBuf};

pub use decode::DecodeError;

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a folder (read recursively).
    Path(PathBuf),
    /// Standard input, named `-` in the report.
    Stdin,
    /// Bytes already in memory (an HTTP request body, say), sniffed like
    /// standard input; a single document is named `name`, JSONL records by
    /// their own ids.
    Bytes {
        /// The name of a single document, and the prefix of unnamed records.
        name: String,
        /// The content.
        bytes: Vec<u8>,
    },
}

impl Input {
    /// Interprets a command-line argument: `-` is stdin, anything else a path.
    pub fn from_arg(arg: &str) -> Self {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// One document found by the reader.
#[derive(Debug, Clone)]
pub enum ReadItem {
    /// The document was read and decoded.
    Loaded(RawDoc),
    /// The document could not be read; the reason says why.
    Skipped(Skipped),
}

/// Where the reader's items go, counted.
pub(crate) struct Items<'a> {
    emit: &'a mut dyn FnMut(ReadItem),
    count: usize,
}

impl<'a> Items<'a> {
    /// Items handed to `emit`.
    pub(crate) fn new(emit: &'a mut dyn FnMut(ReadItem)) -> Self {
        Items { emit, count: 0 }
    }

    fn push(&mut self, item: ReadItem) {
        self.count += 1;
        (self.emit)(item);
    }

    /// Items handed on so far.
    fn len(&self) -> usize {
        self.count
    }
}

/// Runs a reader function and collects what it hands on (for tests).
#[cfg(test)]
pub(crate) fn collect_items(read: impl FnOnce(&mut Items<'_>)) -> Vec<ReadItem> {
    let mut all = Vec::new();
    let mut emit = |item| all.push(item);
    read(&mut Items::new(&mut emit));
    all
}

/// Knobs of the read stage.
#[derive(Debug, Clone)]
pub struct ReadConfig {
    /// Largest file (after decompression) accepted, in bytes.
    pub max_bytes: usize,
}

impl Default for ReadConfig {
    fn default() -> Self {
        ReadConfig {
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

/// The read stage, built once from a [`ReadConfig`].
#[derive(Debug, Clone, Default)]
pub struct Reader {
    config: ReadConfig,
}

/// The kinds of file the reader understands, from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Single(Format),
    Jsonl,
    Warc,
}

impl Reader {
    /// A reader with the given configuration.
    pub fn new(config: ReadConfig) -> Self {
        Reader { config }
    }

    /// Reads every input, in order; never fails as a whole.
    pub fn read_all(&self, inputs: &[Input]) -> Vec<ReadItem> {
        let mut all = Vec::new();
        self.read_each(inputs, &mut |item| all.push(item));
        all
    }

    /// Reads every input, in order, handing each document (or skip) to
    /// `emit` as soon as it is read: JSONL and WARC files of any size pass
    /// through in bounded memory.
    pub fn read_each(&self, inputs: &[Input], emit: &mut dyn FnMut(ReadItem)) {
        let mut items = Items::new(emit);
        for input in inputs {
            match input {
                Input::Stdin => self.read_stdin(&mut items),
                Input::Path(path) => self.read_path(path, &mut items),
                Input::Bytes { name, bytes } => self.read_unnamed_stream(name, Box::new(bytes.as_slice()), &mut items),
            }
        }
    }

    /// Standard input, sniffed from its first bytes; JSONL and WARC are
    /// streamed record by record like files, anything else read whole.
    fn read_stdin(&self, items: &mut Items<'_>) {
        let stdin = std::io::stdin().lock();
        self.read_unnamed_stream("-", Box::new(std::io::BufReader::new(stdin)), items);
    }

    /// A stream without a file name, sniffed from its first bytes.
    fn read_unnamed_stream(&self, name: &str, mut reader: Box<dyn std::io::BufRead + '_>, items: &mut Items<'_>) {
        let shown = if name == "-" { "standard input" } else { name };
        let head = match reader.fill_buf() {
            Ok(head) => head.to_vec(),
            Err(err) => return items.push(skip(name, format!("cannot read {shown}: {err}"))),
        };
        if head.starts_with(&[0x1f, 0x8b]) {
            let inflated = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(reader));
            return self.read_unnamed_stream(name, Box::new(inflated), items);
        }
        match sniff(&head) {
            FileKind::Jsonl => jsonl::read_stream(reader, name, self.config.max_bytes, items),
            FileKind::Warc => warc::read_records(reader, name, self.config.max_bytes, items),
            FileKind::Single(format) => {
                let mut bytes = Vec::new();
                if let Err(err) = reader.take(self.config.max_bytes as u64 + 1).read_to_end(&mut bytes) {
                    return items.push(skip(name, format!("cannot read {shown}: {err}")));
                }
                if bytes.len() > self.config.max_bytes {
                    return items.push(skip(name, self.too_large()));
                }
                items.push(load_single(name, format, bytes));
            }
        }
    }

    fn read_path(&self, path: &Path, items: &mut Items<'_>) {
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(err) => items.push(skip(&shown, describe_io(&err))),
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                if let Err(reason) = collect_files(path, &mut files) {
                    items.push(skip(&shown, reason));
                }
                files.sort();
                for file in files {
                    let id = file
                        .strip_prefix(path)
                        .unwrap_or(&file)
                        .to_string_lossy()
                        .replace('\\', "/");
                    self.read_file(&file, &id, items);
                }
            }
            Ok(_) => self.read_file(path, &shown, items),
        }
    }

    fn read_file(&self, path: &Path, id: &str, items: &mut Items<'_>) {
        let Some((kind, compressed)) = file_kind(path) else {
            let ext = path
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_else(|| "no extension".to_string());
            items.push(skip(
                id,
                format!(
                    "unsupported file type ({ext}); expected .txt, .md, .html, .htm, .jsonl or .warc, optionally .gz"
                ),
            ));
            return;
        };
        if matches!(kind, FileKind::Jsonl | FileKind::Warc) {
            return self.read_stream_file(path, id, kind, compressed, items);
        }
        let bytes = match self.read_bounded(path) {
            Ok(bytes) => bytes,
            Err(reason) => return items.push(skip(id, reason)),
        };
        let bytes = if compressed {
            match decode::gunzip(&bytes, self.config.max_bytes) {
                Ok(bytes) => bytes,
                Err(err) => return items.push(skip(id, err.to_string())),
            }
        } else {
            bytes
        };
        if let FileKind::Single(format) = kind {
            items.push(load_single(id, format, bytes));
        }
    }

    /// Files read record by record (JSONL lines, WARC records), never whole.
    fn read_stream_file(&self, path: &Path, id: &str, kind: FileKind, compressed: bool, items: &mut Items<'_>) {
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(err) => return items.push(skip(id, describe_io(&err))),
        };
        // Large reads: a corpus file is read start to end, and each read
        // is a system call.
        const READ_BUFFER_BYTES: usize = 1 << 20;
        let reader: Box<dyn std::io::BufRead> = if compressed {
            Box::new(std::io::BufReader::with_capacity(
                READ_BUFFER_BYTES,
                flate2::read::MultiGzDecoder::new(file),
            ))
        } else {
            Box::new(std::io::BufReader::with_capacity(READ_BUFFER_BYTES, file))
        };
        if kind == FileKind::Warc {
            warc::read_records(reader, id, self.config.max_bytes, items);
        } else {
            jsonl::read_stream(reader, id, self.config.max_bytes, items);
        }
    }

    fn read_bounded(&self, path: &Path) -> Result<Vec<u8>, String> {
        let file = std::fs::File::open(path).map_err(|e| describe_io(&e))?;
        let mut bytes = Vec::new();
        file.take(self.config.max_bytes as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| describe_io(&e))?;
        if bytes.len() > self.config.max_bytes {
            return Err(self.too_large());
        }
        Ok(bytes)
    }

    fn too_large(&self) -> String {
        format!("larger than the {} byte limit", self.config.max_bytes)
    }
}

/// Decodes one whole-file document, or says why it cannot be.
fn load_single(id: &str, format: Format, bytes: Vec<u8>) -> ReadItem {
    match decode::decode(bytes, format) {
        Ok(body) => ReadItem::Loaded(RawDoc {
            id: DocId(id.to_string()),
            format,
            body,
            hints: Hints::default(),
        }),
        Err(err) => skip(id, err.to_string()),
    }
}

fn skip(id: &str, reason: String) -> ReadItem {
    ReadItem::Skipped(Skipped {
        id: DocId(id.to_string()),
        reason,
    })
}

fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "not found".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {err}"),
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| describe_io(&e))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            // An unreadable sub-folder is reported by its own read attempt below.
            if collect_files(&path, out).is_err() {
                out.push(path);
            }
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn file_kind(path: &Path) -> Option<(FileKind, bool)> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let (name, compressed) = match name.strip_suffix(".gz") {
        Some(inner) => (inner.to_string(), true),
        None => (name, false),
    };
    let ext = name.rsplit_once('.').map(|(_, ext)| ext)?;
    let kind = match ext {
        "txt" | "text" | "md" | "markdown" => FileKind::Single(Format::Text),
        "html" | "htm" | "xhtml" => FileKind::Single(Format::Html),
        "jsonl" | "ndjson" => FileKind::Jsonl,
        "warc" | "arc" => FileKind::Warc,
        _ => return None,
    };
    Some((kind, compressed))
}

/// Guesses what standard input holds from its first bytes.
fn sniff(bytes: &[u8]) -> FileKind {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_lowercase();
    let trimmed = head.trim_start();
    if trimmed.starts_with("warc/") {
        FileKind::Warc
    } else if trimmed.starts_with('{') {
        FileKind::Jsonl
    } else if trimmed.starts_with("<!doctype html") || head.contains("<html") || head.contains("<body") {
        FileKind::Single(Format::Html)
    } else {
        FileKind::Single(Format::Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn ids_and_status(items: &[ReadItem]) -> Vec<(String, bool)> {
        items
            .iter()
            .map(|item| match item {
                ReadItem::Loaded(doc) => (doc.id.0.clone(), true),
                ReadItem::Skipped(s) => (s.id.0.clone(), false),
            })
            .collect()
    }

    #[test]
    fn folder_ids_are_relative_and_sorted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "Second document body.").unwrap();
        std::fs::write(dir.path().join("a.md"), "# Title\n\nBody text.").unwrap();
        std::fs::write(dir.path().join("sub/c.html"), "<p>Hello</p>").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "ignored").unwrap();
        let items = Reader::default().read_all(&[Input::Path(dir.path().to_path_buf())]);
        assert_eq!(
            ids_and_status(&items),
            vec![
                ("a.md".to_string(), true),
                ("b.txt".to_string(), true),
                ("sub/c.html".to_string(), true)
            ]
        );
    }

    #[test]
    fn bad_inputs_are_skipped_with_reasons() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.txt"), b"caf\xe9 au lait").unwrap();
        std::fs::write(dir.path().join("bin.txt"), b"\x00\x01\x02\x03binary").unwrap();
        std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
        std::fs::write(dir.path().join("data.bin"), b"whatever").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"a long enough text to compress and then cut in half")
            .unwrap();
        let gz = gz.finish().unwrap();
        std::fs::write(dir.path().join("cut.txt.gz"), &gz[..gz.len() / 2]).unwrap();
        let missing = dir.path().join("missing.txt");
        let items = Reader::default().read_all(&[Input::Path(dir.path().to_path_buf()), Input::Path(missing.clone())]);
        let reasons: Vec<(String, String)> = items
            .iter()
            .map(|item| match item {
                ReadItem::Skipped(s) => (s.id.0.clone(), s.reason.clone()),
                ReadItem::Loaded(d) => panic!("{} should be skipped", d.id),
            })
            .collect();
        let reason_of = |id: &str| {
            reasons
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, r)| r.clone())
                .unwrap_or_default()
        };
        assert!(reason_of("bad.txt").contains("invalid UTF-8"));
        assert!(reason_of("bin.txt").contains("binary"));
        assert!(reason_of("empty.txt").contains("empty"));
        assert!(reason_of("data.bin").contains("unsupported"));
        assert!(reason_of("cut.txt.gz").contains("gzip"));
        assert_eq!(reason_of(&missing.display().to_string()), "not found");
        assert_eq!(reasons.len(), 6);
    }

    #[test]
    fn gzip_html_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"<html><body><p>Hi there</p></body></html>").unwrap();
        std::fs::write(dir.path().join("page.html.gz"), gz.finish().unwrap()).unwrap();
        let items = Reader::default().read_all(&[Input::Path(dir.path().to_path_buf())]);
        match &items[0] {
            ReadItem::Loaded(doc) => {
                assert_eq!(doc.format, Format::Html);
                assert!(doc.body.contains("Hi there"));
            }
            ReadItem::Skipped(s) => panic!("skipped: {}", s.reason),
        }
    }
}
