//! Gzip streams read member by member, within limits.
//!
//! Crawl archives (`.warc.gz`) are written one gzip member per record, so a
//! damaged member should cost its record, not the rest of the file: after a
//! member that cannot be inflated, or bytes between members that are not
//! gzip, reading resumes at the next member header, and the damage is
//! reported once as a [`Damage`] error the caller may read past.
//!
//! A small file can inflate to terabytes (one 8 GB line in a 7.8 MB
//! `.jsonl.gz`; 333 million `{}` lines in 972 KB). The output is counted as
//! it is produced, and a stream that passes an absolute cap, or inflates at
//! a ratio no real text reaches, ends with an error.

use flate2::bufread::GzDecoder;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};

/// How far a decompressed stream may go.
#[derive(Debug, Clone, Copy)]
pub(super) struct StreamLimits {
    /// Bytes a stream may inflate to in all.
    pub(super) max_bytes: u64,
    /// Largest ratio of inflated to compressed bytes once past
    /// [`RATIO_GRACE_BYTES`].
    pub(super) max_ratio: u64,
}

/// Output below which the ratio is not checked: small, repetitive files
/// (a page of blank lines) may compress very well without harm.
const RATIO_GRACE_BYTES: u64 = 64 << 20;

/// Read from the compressed input at once; crawl files are read start to end.
const COMPRESSED_BUFFER_BYTES: usize = 1 << 20;

/// The two bytes every gzip member starts with.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Damage in a gzip stream that reading went past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Damage {
    /// Offset in the compressed file where it was found.
    pub(crate) at: u64,
    /// What was wrong.
    pub(crate) kind: DamageKind,
}

/// The kinds of [`Damage`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DamageKind {
    /// A member could not be inflated; the detail says why.
    Member(String),
    /// Bytes that are not a gzip member, between or after members.
    Junk(u64),
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DamageKind::Member(detail) => write!(
                f,
                "corrupt gzip member at byte {}: {detail}; reading resumed at the next member",
                self.at
            ),
            DamageKind::Junk(bytes) => write!(f, "{bytes} bytes that are not gzip at byte {} passed over", self.at),
        }
    }
}

impl std::error::Error for Damage {}

/// The [`Damage`] an I/O error carries, when reading may go on after it.
pub(crate) fn damage(err: &io::Error) -> Option<&Damage> {
    err.get_ref().and_then(|inner| inner.downcast_ref::<Damage>())
}

/// Counts the bytes read from the compressed source.
struct Counted<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

type Source<R> = BufReader<Counted<R>>;

enum State<R: Read> {
    /// Inside a member.
    Member(GzDecoder<Source<R>>),
    /// At the end of a member, or at the start of the stream.
    Between(Source<R>),
    /// After a damaged member: the next member header is to be found.
    Resync(Source<R>),
    /// Nothing more will be read.
    Done,
}

/// Inflates a gzip stream of any number of members; see the module docs.
pub(crate) struct Inflater<R: Read> {
    state: State<R>,
    produced: u64,
    limits: StreamLimits,
}

impl<R: Read> Inflater<R> {
    /// Inflates `compressed` within `limits`.
    pub(super) fn new(compressed: R, limits: StreamLimits) -> Self {
        let source = BufReader::with_capacity(
            COMPRESSED_BUFFER_BYTES,
            Counted {
                inner: compressed,
                count: 0,
            },
        );
        Inflater {
            state: State::Between(source),
            produced: 0,
            limits,
        }
    }

    fn over_limit(&self, compressed: u64) -> Option<String> {
        if self.produced > self.limits.max_bytes {
            return Some(format!(
                "decompressed stream larger than the {} byte limit; the rest was not read",
                self.limits.max_bytes
            ));
        }
        let ratio_exceeded =
            self.produced > RATIO_GRACE_BYTES && self.produced / compressed.max(1) > self.limits.max_ratio;
        ratio_exceeded.then(|| {
            format!(
                "inflates more than {}-fold (a decompression bomb?); the rest was not read",
                self.limits.max_ratio
            )
        })
    }
}

/// Offset in the compressed input of the next unread byte.
fn offset<R>(source: &Source<R>) -> u64 {
    source.get_ref().count - source.buffer().len() as u64
}

/// Passes over bytes up to the next gzip magic; how many were passed, and
/// whether a member header may follow.
fn skip_to_member<R: Read>(source: &mut Source<R>) -> io::Result<(u64, bool)> {
    let mut skipped = 0u64;
    loop {
        let buf = source.fill_buf()?;
        if buf.is_empty() {
            return Ok((skipped, false));
        }
        if let Some(at) = memchr::memmem::find(buf, &GZIP_MAGIC) {
            source.consume(at);
            return Ok((skipped + at as u64, true));
        }
        // A magic may straddle the end of the buffer: keep its first byte.
        if buf == [GZIP_MAGIC[0]] {
            return Ok((skipped, true));
        }
        let keep = usize::from(buf.last() == Some(&GZIP_MAGIC[0]));
        let passed = buf.len() - keep;
        source.consume(passed);
        skipped += passed as u64;
    }
}

impl<R: Read> Read for Inflater<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Ok(0),
                State::Member(mut member) => match member.read(out) {
                    Ok(0) => self.state = State::Between(member.into_inner()),
                    Ok(n) => {
                        self.produced += n as u64;
                        if let Some(reason) = self.over_limit(offset(member.get_ref())) {
                            return Err(io::Error::other(reason));
                        }
                        self.state = State::Member(member);
                        return Ok(n);
                    }
                    Err(err) if err.kind() == io::ErrorKind::Interrupted => self.state = State::Member(member),
                    Err(err) => {
                        let source = member.into_inner();
                        let at = offset(&source);
                        self.state = State::Resync(source);
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            Damage {
                                at,
                                kind: DamageKind::Member(err.to_string()),
                            },
                        ));
                    }
                },
                State::Between(mut source) => {
                    let at = offset(&source);
                    let (skipped, found) = skip_to_member(&mut source)?;
                    if found {
                        self.state = State::Member(GzDecoder::new(source));
                    }
                    if skipped > 0 {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            Damage {
                                at,
                                kind: DamageKind::Junk(skipped),
                            },
                        ));
                    }
                }
                State::Resync(mut source) => {
                    // Past the damaged member's first byte, so that reading
                    // always moves on.
                    if !source.fill_buf()?.is_empty() {
                        source.consume(1);
                    }
                    if skip_to_member(&mut source)?.1 {
                        self.state = State::Member(GzDecoder::new(source));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(data).unwrap();
        gz.finish().unwrap()
    }

    const LIMITS: StreamLimits = StreamLimits {
        max_bytes: 1 << 30,
        max_ratio: 200,
    };

    /// Reads everything, noting the damage passed over.
    fn inflate(bytes: &[u8], limits: StreamLimits) -> (Vec<u8>, Vec<String>) {
        let mut inflater = Inflater::new(bytes, limits);
        let mut out = Vec::new();
        let mut notes = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match inflater.read(&mut buf) {
                Ok(0) => return (out, notes),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(err) => match damage(&err) {
                    Some(damage) => notes.push(damage.to_string()),
                    None => {
                        notes.push(format!("fatal: {err}"));
                        return (out, notes);
                    }
                },
            }
        }
    }

    #[test]
    fn members_are_read_in_order() {
        let bytes = [gzip(b"one "), gzip(b"two "), gzip(b"three")].concat();
        assert_eq!(inflate(&bytes, LIMITS), (b"one two three".to_vec(), vec![]));
    }

    #[test]
    fn a_damaged_member_costs_only_itself() {
        // The first deflate byte after the 10-byte header: a reserved block type.
        let mut damaged = gzip(b"lost lost lost lost lost lost");
        damaged[10] = 0xff;
        let mut bad_header = gzip(b"also lost");
        bad_header[2] = 7;
        let bytes = [gzip(b"first "), damaged, bad_header, gzip(b"last")].concat();
        let (out, notes) = inflate(&bytes, LIMITS);
        let out = String::from_utf8_lossy(&out);
        assert!(out.starts_with("first "), "{out}");
        assert!(out.ends_with("last"), "{out}");
        assert_eq!(out, "first last");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes.iter().all(|n| n.contains("corrupt gzip member")));
    }

    #[test]
    fn junk_after_members_is_passed_over_and_reported() {
        let bytes = [gzip(b"kept"), b"trailing junk".to_vec()].concat();
        let (out, notes) = inflate(&bytes, LIMITS);
        assert_eq!(out, b"kept");
        assert_eq!(notes, ["13 bytes that are not gzip at byte 24 passed over"]);
    }

    #[test]
    fn a_bomb_stops_at_the_ratio_limit() {
        let bomb = gzip(&vec![b'\n'; 80 << 20]);
        let (out, notes) = inflate(&bomb, LIMITS);
        assert!(out.len() < (80 << 20));
        assert!(notes.last().unwrap().contains("decompression bomb"), "{notes:?}");
    }

    #[test]
    fn the_absolute_cap_holds() {
        let limits = StreamLimits {
            max_bytes: 1000,
            max_ratio: 200,
        };
        let (out, notes) = inflate(&gzip(&[b'x'; 5000]), limits);
        assert!(out.len() <= 1000 + 4096);
        assert!(notes[0].contains("byte limit"));
    }
}
