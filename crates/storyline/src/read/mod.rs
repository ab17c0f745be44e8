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
//! gzip-compressed (`.gz`). Standard input, and files whose extension says
//! none of these, are sniffed from their first bytes. Hidden files and folders
//! (names starting with `.`) inside a folder argument are not inputs and are
//! passed over, as version-control folders would otherwise flood the report.
//!
//! Hostile input is bounded while it is read, never after: lines, records and
//! documents by [`ReadConfig::max_bytes`], decompressed streams by an absolute
//! cap and a ratio ([`gzip`]), and the skipped records of one file by
//! [`ReadConfig::listed_skips_per_file`] (the rest are counted in one record).
//! Folders are walked as a careful tool walks them ([`walk`]): links are not
//! followed unless asked, loops are caught, special files are skipped. Ids
//! are unique in a run: a repeated one is renamed `<id>~2`, `<id>~3`…, and the
//! document names the id it was given in `renamed_from`.

mod decode;
mod gzip;
mod jsonl;
mod lines;
mod walk;
mod warc;

use crate::model::{DocId, Format, Hints, RawDoc, Skipped};
use rustc_hash::FxHashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use decode::DecodeError;
pub use jsonl::JsonlFields;

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

/// Where the reader's items go, counted; skipped records of one file beyond
/// the listed ones are folded into one, and document ids made unique.
pub(crate) struct Items<'a> {
    emit: &'a mut dyn FnMut(ReadItem),
    count: usize,
    /// Skipped records listed per file before the rest are folded.
    listed_per_file: usize,
    /// The file being read.
    file: FileSkips,
    /// Hashes of the document ids handed on in this run.
    ids: FxHashSet<u128>,
}

/// Skipped records of the file being read.
#[derive(Default)]
struct FileSkips {
    listed: usize,
    folded: usize,
    first_folded: Option<String>,
    /// The last reason folded: often how the file ended.
    last_folded: Option<String>,
}

/// Longest document id kept whole, in bytes: an id is a name to fetch a
/// document by, and URLs and paths past this length are not names.
const MAX_ID_BYTES: usize = 1024;

impl<'a> Items<'a> {
    /// Items handed to `emit`.
    pub(crate) fn new(emit: &'a mut dyn FnMut(ReadItem), listed_per_file: usize) -> Self {
        Items {
            emit,
            count: 0,
            listed_per_file,
            file: FileSkips::default(),
            ids: FxHashSet::default(),
        }
    }

    fn push(&mut self, item: ReadItem) {
        self.count += 1;
        match item {
            ReadItem::Loaded(mut doc) => {
                self.make_unique(&mut doc);
                (self.emit)(ReadItem::Loaded(doc));
            }
            ReadItem::Skipped(skipped) if self.file.listed >= self.listed_per_file => {
                self.file.folded += skipped.count;
                if self.file.first_folded.is_none() {
                    self.file.first_folded = Some(skipped.reason);
                } else {
                    self.file.last_folded = Some(skipped.reason);
                }
            }
            ReadItem::Skipped(skipped) => {
                self.file.listed += 1;
                (self.emit)(ReadItem::Skipped(skipped));
            }
        }
    }

    /// Renames a document whose id was already handed on in this run (or is
    /// too long to be a name), keeping the id it had in `renamed_from`.
    fn make_unique(&mut self, doc: &mut RawDoc) {
        let given = doc.id.0.clone();
        let mut id = if given.len() > MAX_ID_BYTES {
            let mut cut = MAX_ID_BYTES - 40;
            while !given.is_char_boundary(cut) {
                cut -= 1;
            }
            format!(
                "{}…{:032x}",
                &given[..cut],
                xxhash_rust::xxh3::xxh3_128(given.as_bytes())
            )
        } else {
            given.clone()
        };
        let base = id.clone();
        let mut suffix = 1;
        while !self.ids.insert(xxhash_rust::xxh3::xxh3_128(id.as_bytes())) {
            suffix += 1;
            id = format!("{base}~{suffix}");
        }
        if id != given {
            doc.id = DocId(id);
            doc.hints.renamed_from = Some(DocId(given));
        }
    }

    /// Reads one file (or stream) named `file_id` through `read`; its skipped
    /// records past the listed ones end up in one record that counts them.
    fn file(&mut self, file_id: &str, read: impl FnOnce(&mut Self)) {
        let outer = std::mem::take(&mut self.file);
        read(self);
        let inner = std::mem::replace(&mut self.file, outer);
        if inner.folded > 0 {
            let mut reason = format!(
                "{} more skipped records, not listed one by one (the first {} are); the first of them: {}",
                inner.folded,
                inner.listed,
                inner.first_folded.unwrap_or_default()
            );
            if let Some(last) = inner.last_folded {
                reason.push_str("; the last: ");
                reason.push_str(&last);
            }
            self.file.listed += 1;
            (self.emit)(ReadItem::Skipped(Skipped {
                count: inner.folded,
                ..Skipped::new(file_id, reason)
            }));
        }
    }

    /// Items handed on so far, folded ones included.
    fn len(&self) -> usize {
        self.count
    }
}

/// Runs a reader function and collects what it hands on (for tests).
#[cfg(test)]
pub(crate) fn collect_items(read: impl FnOnce(&mut Items<'_>)) -> Vec<ReadItem> {
    let mut all = Vec::new();
    let mut emit = |item| all.push(item);
    read(&mut Items::new(&mut emit, ReadConfig::default().listed_skips_per_file));
    all
}

/// Knobs of the read stage: the limits hostile input meets while it is read.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReadConfig {
    /// Largest document, JSONL line or WARC record accepted (after
    /// decompression), in bytes; a longer one is skipped without being held.
    pub max_bytes: usize,
    /// Bytes one compressed stream may inflate to in all.
    pub max_stream_bytes: u64,
    /// Largest ratio of inflated to compressed bytes: real text compresses
    /// 3 to 20-fold, a decompression bomb a thousandfold.
    pub max_compression_ratio: u64,
    /// Skipped records of one file listed one by one; the rest are counted
    /// in one record, so a file of a billion bad lines costs no memory.
    pub listed_skips_per_file: usize,
    /// Follow symbolic links inside folders (loops are caught).
    pub follow_links: bool,
    /// Where JSONL records keep their fields.
    pub jsonl: JsonlFields,
}

impl Default for ReadConfig {
    fn default() -> Self {
        ReadConfig {
            max_bytes: 64 * 1024 * 1024,
            max_stream_bytes: 1 << 40,
            max_compression_ratio: 200,
            listed_skips_per_file: 100,
            follow_links: false,
            jsonl: JsonlFields::default(),
        }
    }
}

/// The read stage, built once from a [`ReadConfig`].
#[derive(Debug, Clone, Default)]
pub struct Reader {
    config: ReadConfig,
}

/// Read from a file at once: a corpus file is read start to end, and each
/// read is a system call.
const READ_BUFFER_BYTES: usize = 1 << 20;

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
        let mut items = Items::new(emit, self.config.listed_skips_per_file);
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
    fn read_unnamed_stream(&self, name: &str, reader: Box<dyn std::io::BufRead + '_>, items: &mut Items<'_>) {
        items.file(name, |items| self.read_sniffed(name, reader, items));
    }

    fn read_sniffed(&self, name: &str, mut reader: Box<dyn std::io::BufRead + '_>, items: &mut Items<'_>) {
        let shown = if name == "-" { "standard input" } else { name };
        let head = match reader.fill_buf() {
            Ok(head) => head.to_vec(),
            Err(err) => return items.push(skip(name, format!("cannot read {shown}: {err}"))),
        };
        if head.starts_with(&[0x1f, 0x8b]) {
            let inflated = std::io::BufReader::new(gzip::Inflater::new(reader, self.stream_limits()));
            return self.read_sniffed(name, Box::new(inflated), items);
        }
        match sniff(&head) {
            FileKind::Jsonl => jsonl::read_stream(reader, name, self.config.max_bytes, &self.config.jsonl, items),
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

    fn stream_limits(&self) -> gzip::StreamLimits {
        gzip::StreamLimits {
            max_bytes: self.config.max_stream_bytes,
            max_ratio: self.config.max_compression_ratio,
        }
    }

    fn read_path(&self, path: &Path, items: &mut Items<'_>) {
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(err) => items.push(skip(&shown, describe_io(&err))),
            Ok(meta) if meta.is_dir() => {
                walk::walk(path, self.config.follow_links, &mut |entry| match entry {
                    walk::Entry::File { path: file, id } => self.read_file(&file, &id, items),
                    walk::Entry::Skipped { id, reason } => items.push(skip(&id, reason)),
                });
            }
            // A file named on the command line is read whatever it is (a
            // FIFO from `<(…)`, say): the user asked for it.
            Ok(_) => self.read_file(path, &shown, items),
        }
    }

    fn read_file(&self, path: &Path, id: &str, items: &mut Items<'_>) {
        let Some((kind, compressed)) = file_kind(path) else {
            // A name that does not say: the content does, as on standard input.
            return match std::fs::File::open(path) {
                Ok(file) => items.file(id, |items| {
                    let reader = std::io::BufReader::with_capacity(READ_BUFFER_BYTES, file);
                    self.read_sniffed(id, Box::new(reader), items);
                }),
                Err(err) => items.push(skip(id, describe_io(&err))),
            };
        };
        if matches!(kind, FileKind::Jsonl | FileKind::Warc) {
            return items.file(id, |items| self.read_stream_file(path, id, kind, compressed, items));
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
        let reader: Box<dyn std::io::BufRead> = if compressed {
            Box::new(std::io::BufReader::with_capacity(
                READ_BUFFER_BYTES,
                gzip::Inflater::new(file, self.stream_limits()),
            ))
        } else {
            Box::new(std::io::BufReader::with_capacity(READ_BUFFER_BYTES, file))
        };
        if kind == FileKind::Warc {
            warc::read_records(reader, id, self.config.max_bytes, items);
        } else {
            jsonl::read_stream(reader, id, self.config.max_bytes, &self.config.jsonl, items);
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
        Ok((body, guessed)) => ReadItem::Loaded(RawDoc {
            id: DocId(id.to_string()),
            format,
            body,
            hints: Hints {
                encoding: guessed.map(str::to_string),
                ..Hints::default()
            },
        }),
        Err(err) => skip(id, err.to_string()),
    }
}

fn skip(id: &str, reason: String) -> ReadItem {
    ReadItem::Skipped(Skipped::new(id, reason))
}

fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "not found".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {err}"),
    }
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
        std::fs::write(dir.path().join("bin.txt"), b"\x00\x01\x02\x03binary").unwrap();
        std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
        std::fs::write(dir.path().join("data.bin"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
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
        assert!(reason_of("bin.txt").contains("binary"));
        assert!(reason_of("empty.txt").contains("empty"));
        assert!(reason_of("data.bin").contains("binary"));
        assert!(reason_of("cut.txt.gz").contains("gzip"));
        assert_eq!(reason_of(&missing.display().to_string()), "not found");
        assert_eq!(reasons.len(), 5);
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

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(data).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn skipped_lines_past_the_listed_ones_are_counted_in_one_record() {
        let dir = tempfile::tempdir().unwrap();
        let mut data = "{}\n".repeat(10_000);
        data.push_str("{\"id\": \"last\", \"text\": \"The one document.\"}\n");
        std::fs::write(dir.path().join("bad.jsonl.gz"), gzip(data.as_bytes())).unwrap();
        let items = Reader::default().read_all(&[Input::Path(dir.path().join("bad.jsonl.gz"))]);
        let skipped: Vec<&Skipped> = items
            .iter()
            .filter_map(|item| match item {
                ReadItem::Skipped(s) => Some(s),
                ReadItem::Loaded(_) => None,
            })
            .collect();
        assert_eq!(skipped.len(), 101);
        assert_eq!(Skipped::total(skipped.iter().copied()), 10_000);
        let folded = skipped.last().unwrap();
        assert_eq!(folded.count, 9_900);
        assert!(
            folded.reason.starts_with("9900 more skipped records"),
            "{}",
            folded.reason
        );
        assert!(matches!(&items[100], ReadItem::Loaded(d) if d.id.0 == "last"));
    }

    #[test]
    fn a_decompression_bomb_ends_its_file_and_the_run_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let mut bomb = vec![b'x'; 100 << 20];
        bomb.push(b'\n');
        std::fs::write(dir.path().join("a.jsonl.gz"), gzip(&bomb)).unwrap();
        std::fs::write(dir.path().join("b.txt"), "After the bomb.").unwrap();
        let items = Reader::default().read_all(&[Input::Path(dir.path().to_path_buf())]);
        let summary = ids_and_status(&items);
        assert_eq!(summary.last(), Some(&("b.txt".to_string(), true)));
        let reasons: Vec<&str> = items
            .iter()
            .filter_map(|item| match item {
                ReadItem::Skipped(s) => Some(s.reason.as_str()),
                ReadItem::Loaded(_) => None,
            })
            .collect();
        assert!(reasons.iter().any(|r| r.contains("decompression bomb")), "{reasons:?}");
    }

    #[test]
    fn a_damaged_warc_gz_member_costs_only_its_record() {
        let record = |n: u32| {
            let block = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Page text</p>";
            let text = format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/{n}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
                block.len()
            );
            gzip(text.as_bytes())
        };
        let mut damaged = record(2);
        damaged[10] = 0xff;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crawl.warc.gz");
        std::fs::write(&path, [record(1), damaged, record(3)].concat()).unwrap();
        let items = Reader::default().read_all(&[Input::Path(path)]);
        let summary = ids_and_status(&items);
        assert_eq!(summary.first(), Some(&("https://a.example/1".to_string(), true)));
        assert_eq!(summary.last(), Some(&("https://a.example/3".to_string(), true)));
        assert!(summary
            .iter()
            .any(|(id, ok)| !ok && id.starts_with(&dir.path().display().to_string())));
    }

    #[test]
    fn repeated_and_overlong_ids_are_renamed_and_say_so() {
        let long = "x".repeat(5000);
        let data = format!(
            "{{\"id\": \"a\", \"text\": \"One.\"}}\n{{\"id\": \"a\", \"text\": \"Two.\"}}\n{{\"id\": \"{long}\", \"text\": \"Three.\"}}\n"
        );
        let inputs = [
            Input::Bytes {
                name: "first".into(),
                bytes: data.clone().into_bytes(),
            },
            Input::Bytes {
                name: "second".into(),
                bytes: data.into_bytes(),
            },
        ];
        let docs: Vec<RawDoc> = Reader::default()
            .read_all(&inputs)
            .into_iter()
            .filter_map(|item| match item {
                ReadItem::Loaded(doc) => Some(doc),
                ReadItem::Skipped(_) => None,
            })
            .collect();
        let ids: Vec<&str> = docs.iter().map(|d| d.id.0.as_str()).collect();
        assert_eq!(ids[..2], ["a", "a~2"]);
        assert_eq!(ids[3..5], ["a~3", "a~4"]);
        assert!(ids[2].len() <= MAX_ID_BYTES && ids[5].len() <= MAX_ID_BYTES);
        assert_ne!(ids[2], ids[5]);
        assert_eq!(docs[1].hints.renamed_from.as_ref().map(|d| d.0.as_str()), Some("a"));
        assert_eq!(docs[2].hints.renamed_from.as_ref().map(|d| d.0.len()), Some(5000));
        let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len());
    }

    #[test]
    fn unknown_extensions_are_read_by_content_and_legacy_text_by_guess() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("feed.dump"),
            "{\"id\": \"j\", \"text\": \"From a JSONL file.\"}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("page.asp"),
            "<!DOCTYPE html><html><body><p>A page.</p></body></html>",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("old.txt"),
            b"Le caf\xe9 de la gare a rouvert apr\xe8s les travaux.",
        )
        .unwrap();
        let items = Reader::default().read_all(&[Input::Path(dir.path().to_path_buf())]);
        let docs: Vec<&RawDoc> = items
            .iter()
            .map(|item| match item {
                ReadItem::Loaded(doc) => doc,
                ReadItem::Skipped(s) => panic!("{s:?}"),
            })
            .collect();
        assert_eq!(docs.len(), 3);
        assert_eq!(
            (docs[0].id.0.as_str(), docs[0].body.as_str()),
            ("j", "From a JSONL file.")
        );
        assert!(docs[1].body.contains("café") && docs[1].hints.encoding.as_deref() == Some("windows-1252"));
        assert_eq!((docs[2].id.0.as_str(), docs[2].format), ("page.asp", Format::Html));
    }
}
