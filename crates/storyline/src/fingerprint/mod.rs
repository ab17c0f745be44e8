//! Fingerprint stage: [`Article`](crate::model::Article) text → [`Fingerprint`]
//! (exact hash, word-shingle set, MinHash signature).
//!
//! Shingles are `k` consecutive words (default 5) hashed with xxh3-64. The
//! MinHash signature (Broder 1997) takes, for each of `num_perm` fixed-seed
//! universal hash functions `h(x) = (a·x + b) mod 2^64`, the minimum of the top
//! 32 bits over the shingle set. Parameters and seed are part of the
//! signature format, versioned by [`SIGNATURE_FORMAT_VERSION`]: a signature is
//! only comparable with one of the same version and parameters, which
//! [`Signature::from_bytes`] checks.

mod minima;

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Version of the on-disk signature format; bump on any change to hashing.
pub const SIGNATURE_FORMAT_VERSION: u16 = 1;
const MAGIC: &[u8; 4] = b"SLMH";

/// Knobs of the fingerprint stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FingerprintConfig {
    /// Words per shingle.
    pub shingle_words: usize,
    /// Number of MinHash permutations.
    pub num_perm: usize,
    /// Seed of the permutations.
    pub seed: u64,
}

impl Default for FingerprintConfig {
    fn default() -> Self {
        FingerprintConfig {
            shingle_words: 5,
            num_perm: 128,
            seed: 0x5707_11e0,
        }
    }
}

/// A MinHash signature with the parameters that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Words per shingle used.
    pub shingle_words: u16,
    /// Permutation seed used.
    pub seed: u64,
    /// One minimum per permutation.
    pub mins: Vec<u32>,
}

/// Why signature bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// Not a storyline signature.
    #[error("not a storyline signature (bad magic bytes)")]
    BadMagic,
    /// Written by another format version.
    #[error("signature format version {0} is not supported (this build reads {SIGNATURE_FORMAT_VERSION})")]
    Version(u16),
    /// Cut short.
    #[error("signature bytes are truncated")]
    Truncated,
}

impl Signature {
    /// Serialises as: magic `SLMH`, version u16, shingle words u16, seed u64,
    /// count u32, then the minima as u32; all little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(20 + 4 * self.mins.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&SIGNATURE_FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&self.shingle_words.to_le_bytes());
        out.extend_from_slice(&self.seed.to_le_bytes());
        out.extend_from_slice(&(self.mins.len() as u32).to_le_bytes());
        for m in &self.mins {
            out.extend_from_slice(&m.to_le_bytes());
        }
        out
    }

    /// Reads bytes written by [`Signature::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Signature, SignatureError> {
        let take = |range: std::ops::Range<usize>| bytes.get(range).ok_or(SignatureError::Truncated);
        if take(0..4)? != MAGIC {
            return Err(SignatureError::BadMagic);
        }
        let version = u16::from_le_bytes(take(4..6)?.try_into().map_err(|_| SignatureError::Truncated)?);
        if version != SIGNATURE_FORMAT_VERSION {
            return Err(SignatureError::Version(version));
        }
        let shingle_words = u16::from_le_bytes(take(6..8)?.try_into().map_err(|_| SignatureError::Truncated)?);
        let seed = u64::from_le_bytes(take(8..16)?.try_into().map_err(|_| SignatureError::Truncated)?);
        let count = u32::from_le_bytes(take(16..20)?.try_into().map_err(|_| SignatureError::Truncated)?) as usize;
        let body = take(20..20 + count * 4)?;
        let mins = body
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Signature {
            shingle_words,
            seed,
            mins,
        })
    }
}

/// Everything the duplicate stage needs to know about one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the normalised word sequence: equal for exact copies.
    pub exact: u64,
    /// Sorted, distinct shingle hashes.
    pub shingles: Vec<u64>,
    /// MinHash signature of `shingles`.
    pub signature: Signature,
}

/// A [`Fingerprint`] without the shingle set: what the duplicate stage keeps
/// of each document while a corpus is read, before it knows which documents
/// it will compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sketch {
    /// As [`Fingerprint::exact`].
    pub exact: u64,
    /// Whether the text has any shingle ([`Fingerprint::shingles`] is not
    /// empty).
    pub has_shingles: bool,
    /// As [`Fingerprint::signature`].
    pub signature: Signature,
}

/// The fingerprint stage, built once from a [`FingerprintConfig`].
#[derive(Debug, Clone)]
pub struct Fingerprinter {
    config: FingerprintConfig,
    permutations: Vec<(u64, u64)>,
}

impl Fingerprinter {
    /// A fingerprinter with the given configuration.
    pub fn new(config: FingerprintConfig) -> Self {
        let permutations = (0..config.num_perm as u64)
            .map(|i| {
                let a = xxh3_64_with_seed(&i.to_le_bytes(), config.seed) | 1;
                let b = xxh3_64_with_seed(&i.to_le_bytes(), config.seed ^ 0x9e37_79b9_7f4a_7c15);
                (a, b)
            })
            .collect();
        Fingerprinter { config, permutations }
    }

    /// Fingerprints a text.
    pub fn fingerprint(&self, text: &str) -> Fingerprint {
        let words = JoinedWords::of(text);
        let mut shingles = self.shingle_hashes(&words);
        shingles.sort_unstable();
        shingles.dedup();
        Fingerprint {
            exact: xxh3_64(&words.joined),
            signature: self.signature(&shingles),
            shingles,
        }
    }

    /// Sketches a text: the same exact hash and signature as its
    /// [`Fingerprint`], without sorting the shingles (the minima of a list
    /// with repeats are those of its set).
    pub fn sketch(&self, text: &str) -> Sketch {
        let words = JoinedWords::of(text);
        let shingles = self.shingle_hashes(&words);
        Sketch {
            exact: xxh3_64(&words.joined),
            has_shingles: !shingles.is_empty(),
            signature: self.signature(&shingles),
        }
    }

    fn signature(&self, shingles: &[u64]) -> Signature {
        Signature {
            shingle_words: self.config.shingle_words as u16,
            seed: self.config.seed,
            mins: minima::minima(&self.permutations, shingles),
        }
    }
}

impl Fingerprinter {
    /// The sorted, distinct shingle hashes of a text (as in its [`Fingerprint`]).
    pub fn shingles(&self, text: &str) -> Vec<u64> {
        let mut shingles = self.shingle_hashes(&JoinedWords::of(text));
        shingles.sort_unstable();
        shingles.dedup();
        shingles
    }

    /// The hash of every shingle, in text order, repeats included. A shingle
    /// is its words joined by single spaces: a slice of the joined text,
    /// hashed in place, ending at a space that the search for spaces finds
    /// many bytes at a time. A text of fewer words than a shingle is one
    /// shingle of all of them.
    fn shingle_hashes(&self, words: &JoinedWords) -> Vec<u64> {
        let joined = &words.joined;
        if joined.is_empty() {
            return Vec::new();
        }
        let k = self.config.shingle_words.max(1);
        // The starts of the last `k` words; word `w` starts at `starts[w % k]`.
        let mut starts = vec![0usize; k];
        let (mut word, mut first_of_shingle) = (0usize, 1 % k);
        let mut hashes = Vec::with_capacity(joined.len() / 5);
        for space in memchr::memchr_iter(b' ', joined) {
            // Word `word` ends here, and with it the shingle that began
            // `k - 1` words before.
            if word + 1 >= k {
                hashes.push(xxh3_64(&joined[starts[first_of_shingle]..space]));
            }
            word += 1;
            starts[first_of_shingle] = space + 1;
            first_of_shingle = if first_of_shingle + 1 == k {
                0
            } else {
                first_of_shingle + 1
            };
        }
        let from = if word + 1 >= k { starts[first_of_shingle] } else { 0 };
        hashes.push(xxh3_64(&joined[from..]));
        hashes
    }
}

/// A text's words (as [`crate::text::words`] gives them), lower-cased and
/// joined by single spaces: one allocation for the whole text.
struct JoinedWords {
    joined: Vec<u8>,
}

/// What each ASCII byte becomes in joined words: word bytes (letters,
/// digits, `_`) lower-cased, every other byte a space.
const ASCII_JOINED: [u8; 128] = {
    let mut joined = [b' '; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() || byte == b'_' {
            joined[b] = byte.to_ascii_lowercase();
        }
        b += 1;
    }
    joined
};

impl JoinedWords {
    /// One pass over the bytes: each ASCII byte is written as what it
    /// becomes, and kept unless it is a gap after a gap, without branching
    /// on which. A word with a letter outside ASCII is written again as a
    /// whole, lower-cased as a string, since a Greek final sigma depends on
    /// its place in the word.
    fn of(text: &str) -> JoinedWords {
        let bytes = text.as_bytes();
        let mut out = vec![0u8; bytes.len() + 1];
        let mut written = 0usize;
        // The start of the text counts as a gap, so leading gaps vanish.
        let mut after_word = 0usize;
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            if b.is_ascii() {
                let joined = ASCII_JOINED[b as usize];
                out[written] = joined;
                let word = usize::from(joined != b' ');
                written += word | after_word;
                after_word = word;
                at += 1;
                continue;
            }
            let c = text[at..].chars().next().unwrap_or(' ');
            if !c.is_alphanumeric() {
                out[written] = b' ';
                written += after_word;
                after_word = 0;
                at += c.len_utf8();
                continue;
            }
            // The word's ASCII beginning, if any, is already written.
            let ascii_before = if after_word == 1 {
                bytes[..at]
                    .iter()
                    .rev()
                    .take_while(|&&b| b.is_ascii() && ASCII_JOINED[b as usize] != b' ')
                    .count()
            } else {
                0
            };
            let (word_from, word_at) = (at - ascii_before, written - ascii_before);
            let word_end = crate::text::next_word(text, word_from).map_or(bytes.len(), |w| w.1);
            let lower = text[word_from..word_end].to_lowercase();
            written = word_at + lower.len();
            let room = written + (bytes.len() - word_end) + 1;
            if out.len() < room {
                out.resize(room, 0);
            }
            out[word_at..written].copy_from_slice(lower.as_bytes());
            after_word = 1;
            at = word_end;
        }
        if after_word == 0 && written > 0 {
            written -= 1;
        }
        out.truncate(written);
        JoinedWords { joined: out }
    }
}

impl Default for Fingerprinter {
    fn default() -> Self {
        Fingerprinter::new(FingerprintConfig::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_round_trips_and_checks_version() {
        let print = Fingerprinter::default().fingerprint("one two three four five six seven");
        let bytes = print.signature.to_bytes();
        assert_eq!(Signature::from_bytes(&bytes).unwrap(), print.signature);
        let mut future = bytes.clone();
        future[4] = 99;
        assert_eq!(Signature::from_bytes(&future), Err(SignatureError::Version(99)));
        assert_eq!(Signature::from_bytes(&bytes[..10]), Err(SignatureError::Truncated));
    }

    #[test]
    fn shingles_hash_the_words_joined_by_spaces() {
        // The signature format (version 1) hashes each shingle as its
        // lower-cased words joined by one space; the in-place slicing must
        // give the same bytes, Greek final sigma and all.
        for text in [
            "ΟΔΟΣ Ξενοφώντος, the Quick brown_fox — jumps 42 times; ÉCOLE élève Straße",
            "  The Quick brown_fox -- jumps 42 times; (again) at 9:30 A.M.  ",
            "ΣΊΣΥΦΟΣ",
            "’café naïve—ΣΑΣ’s x’caféz ΟΔΟΣ",
            "İSTANBUL İİİİ i̇ x",
            "“Ünïcödé” word_42, ÉCOLE; ΣΑΣ",
            "a",
            "",
            " _ ",
        ] {
            shingles_match_joined_words(text);
        }
        assert!(Fingerprinter::default().shingles("").is_empty());
        assert_eq!(Fingerprinter::default().shingles("one two").len(), 1);
    }

    fn shingles_match_joined_words(text: &str) {
        let words: Vec<String> = crate::text::words(text).collect();
        let joined = JoinedWords::of(text);
        assert_eq!(joined.joined, words.join(" ").as_bytes());
        for k in [1, 3, 5] {
            let fingerprinter = Fingerprinter::new(FingerprintConfig {
                shingle_words: k,
                ..Default::default()
            });
            // Texts shorter than a shingle are one shingle of all their words.
            let window = k.min(words.len().max(1));
            let mut expected: Vec<u64> = words.windows(window).map(|w| xxh3_64(w.join(" ").as_bytes())).collect();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(fingerprinter.shingles(text), expected);
        }
    }

    proptest::proptest! {
        #[test]
        fn joined_words_are_the_words_joined(text in "[a-zA-Z0-9_ .,’“”—éÉΣσİı日本\t\n\u{a0}]{0,60}") {
            let words: Vec<String> = crate::text::words(&text).collect();
            let joined = JoinedWords::of(&text);
            proptest::prop_assert_eq!(joined.joined, words.join(" ").into_bytes());
        }
    }

    #[test]
    fn a_sketch_is_the_fingerprint_without_its_shingles() {
        let fingerprinter = Fingerprinter::default();
        for text in [
            "",
            "one two",
            "the cat sat on the mat and the cat sat on the mat again, the cat sat",
        ] {
            let print = fingerprinter.fingerprint(text);
            let sketch = fingerprinter.sketch(text);
            assert_eq!(sketch.exact, print.exact);
            assert_eq!(sketch.has_shingles, !print.shingles.is_empty());
            assert_eq!(sketch.signature, print.signature);
        }
    }

    #[test]
    fn case_and_punctuation_do_not_change_the_fingerprint() {
        let print = Fingerprinter::default().fingerprint("the quick brown fox jumps over the lazy dog");
        assert_eq!(print.shingles.len(), 5);
        let again = Fingerprinter::default().fingerprint("The quick, brown fox jumps over the lazy dog!");
        assert_eq!(print, again);
    }

    #[test]
    fn minhash_estimates_jaccard() {
        let base: Vec<String> = (0..400).map(|i| format!("w{i}")).collect();
        let a = base[..300].join(" ");
        let b = base[100..].join(" ");
        let fp = Fingerprinter::default();
        let (x, y) = (fp.fingerprint(&a), fp.fingerprint(&b));
        let agree = x
            .signature
            .mins
            .iter()
            .zip(&y.signature.mins)
            .filter(|(p, q)| p == q)
            .count();
        let estimate = agree as f64 / 128.0;
        // True Jaccard of the 5-shingle sets: 196 / 396 ≈ 0.49.
        assert!((estimate - 0.49).abs() < 0.15, "estimate {estimate}");
    }
}
