//! Documents for the duplicates stage whose texts wait on disk: a corpus
//! larger than memory is grouped holding, per document, only its id, exact
//! hash, MinHash signature and the facts the canonical policy weighs. A
//! text is read back (and its shingles computed again) only when a
//! candidate pair names it.

use super::{CopyFacts, Documents};
use crate::fingerprint::{Fingerprinter, Sketch};
use crate::model::{Article, DocId};
use rayon::prelude::*;
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::FileExt;

struct Row {
    id: DocId,
    exact: u64,
    offset: u64,
    len: u32,
    has_shingles: bool,
    words: u32,
    metadata: u8,
    day: Option<i64>,
    source: Option<Box<str>>,
}

/// Collects documents, writing their texts to an unnamed temporary file.
pub struct SpillBuilder {
    out: BufWriter<File>,
    written: u64,
    rows: Vec<Row>,
    /// One boxed signature per document: moved in whole, never copied as
    /// the collection grows.
    signatures: Vec<Box<[u32]>>,
    num_perm: usize,
    fingerprinter: Fingerprinter,
}

impl SpillBuilder {
    /// A builder whose texts go to a new temporary file (removed when the
    /// documents are dropped, or the process ends).
    pub fn new(fingerprinter: Fingerprinter) -> std::io::Result<Self> {
        Ok(SpillBuilder {
            out: BufWriter::with_capacity(1 << 20, tempfile::tempfile()?),
            written: 0,
            rows: Vec::new(),
            signatures: Vec::new(),
            num_perm: 0,
            fingerprinter,
        })
    }

    /// Adds a batch of articles, each with the [`Sketch`] and [`CopyFacts`]
    /// that `describe` gives it: the texts are written to disk while the
    /// descriptions are computed in parallel, then the rows are kept.
    pub fn push_all<'a>(
        &mut self,
        articles: &'a [Article],
        describe: impl Fn(&'a Article) -> (Sketch, CopyFacts<'a>) + Sync,
    ) -> std::io::Result<()> {
        let out = &mut self.out;
        let (described, written) = rayon::join(
            || articles.par_iter().map(&describe).collect::<Vec<_>>(),
            || articles.iter().try_for_each(|a| out.write_all(a.text.as_bytes())),
        );
        written?;
        for (article, (print, facts)) in articles.iter().zip(described) {
            self.keep(article, print, facts)?;
        }
        Ok(())
    }

    /// Keeps the row of an article whose text was just written.
    fn keep(&mut self, article: &Article, print: Sketch, facts: CopyFacts<'_>) -> std::io::Result<()> {
        if self.rows.is_empty() {
            self.num_perm = print.signature.mins.len();
        }
        if print.signature.mins.len() != self.num_perm {
            return Err(std::io::Error::other("signatures of different lengths"));
        }
        self.rows.push(Row {
            id: article.id.clone(),
            exact: print.exact,
            offset: self.written,
            len: article.text.len() as u32,
            has_shingles: print.has_shingles,
            words: facts.words as u32,
            metadata: facts.metadata as u8,
            day: facts.day,
            source: facts.source.map(Box::from),
        });
        self.written += article.text.len() as u64;
        self.signatures.push(print.signature.mins.into_boxed_slice());
        Ok(())
    }

    /// Documents added so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Flushes the texts; the documents are ready to group.
    pub fn finish(self) -> std::io::Result<SpilledDocuments> {
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        Ok(SpilledDocuments {
            file,
            rows: self.rows,
            signatures: self.signatures,
            fingerprinter: self.fingerprinter,
        })
    }
}

/// Documents whose texts are on disk; see the module documentation.
pub struct SpilledDocuments {
    file: File,
    rows: Vec<Row>,
    signatures: Vec<Box<[u32]>>,
    fingerprinter: Fingerprinter,
}

impl SpilledDocuments {
    /// The ids, in the order the documents were added.
    pub fn ids(&self) -> impl Iterator<Item = &DocId> {
        self.rows.iter().map(|r| &r.id)
    }
}

impl Documents for SpilledDocuments {
    fn count(&self) -> usize {
        self.rows.len()
    }
    fn id(&self, i: usize) -> &DocId {
        &self.rows[i].id
    }
    fn exact(&self, i: usize) -> u64 {
        self.rows[i].exact
    }
    fn signature(&self, i: usize) -> &[u32] {
        &self.signatures[i]
    }
    fn has_shingles(&self, i: usize) -> bool {
        self.rows[i].has_shingles
    }
    fn shingles(&self, i: usize) -> Cow<'_, [u64]> {
        Cow::Owned(self.fingerprinter.shingles(&self.text(i)))
    }
    fn text(&self, i: usize) -> Cow<'_, str> {
        let row = &self.rows[i];
        let mut bytes = vec![0u8; row.len as usize];
        // The file is ours and was written whole before `finish`: a failed
        // read means the disk failed under us, which no run survives.
        self.file
            .read_exact_at(&mut bytes, row.offset)
            .expect("reading back a spilled text");
        Cow::Owned(String::from_utf8(bytes).expect("spilled texts are the UTF-8 that was written"))
    }
    fn facts(&self, i: usize) -> CopyFacts<'_> {
        let row = &self.rows[i];
        CopyFacts {
            words: row.words as usize,
            metadata: row.metadata as usize,
            day: row.day,
            source: row.source.as_deref(),
        }
    }
}
