//! Fingerprint stage: [`Article`](crate::model::Article) text → [`Fingerprint`]
//! (exact hash, word-shingle set, MinHash signature).
//!
//! The signature format, version [`SIGNATURE_FORMAT_VERSION`]:
//!
//! - A text's words are those of [`crate::text::words`], lower-cased. Each
//!   word hashes to 64 bits: its UTF-8 bytes taken eight at a time
//!   (little-endian, the last chunk zero-padded), each chunk xor-ed into a
//!   state that starts at the word's length and is multiplied by an odd
//!   constant (and rotated between chunks). Distinct words of up to eight
//!   bytes never share a hash.
//! - A shingle is `k` consecutive words (default 5), hashed as the
//!   polynomial `Σ h_j · B^(k-1-j) mod 2^64` of its word hashes, so each
//!   shingle costs two multiplies whatever its length. A text of fewer
//!   words than a shingle is one shingle of all of them.
//! - The exact hash is the mixed polynomial of all the words and their count.
//! - The signature is one-permutation MinHash with optimal densification
//!   (`oph`): `num_perm` bins, one mixed hash per shingle.
//!
//! A signature is only comparable with one of the same version and
//! parameters, which [`Signature::from_bytes`] checks. Version 1 (xxh3 of
//! the joined words and 128 multiply-add permutations) is no longer read:
//! an index written with it is fingerprinted again when opened for writing.

mod oph;

/// Version of the on-disk signature format; bump on any change to hashing.
pub const SIGNATURE_FORMAT_VERSION: u16 = 2;
const MAGIC: &[u8; 4] = b"SLMH";

/// The polynomial base of shingle hashes (odd, so every power is odd).
const SHINGLE_BASE: u64 = 0x9e37_79b9_7f4a_7c15;
/// The multiplier of word hashes.
const WORD_MULTIPLIER: u64 = 0xff51_afd7_ed55_8ccd;

/// Knobs of the fingerprint stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FingerprintConfig {
    /// Words per shingle.
    pub shingle_words: usize,
    /// Signature length: the bins of one-permutation MinHash.
    pub num_perm: usize,
    /// Seed of the permutation.
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
}

impl Fingerprinter {
    /// A fingerprinter with the given configuration.
    pub fn new(config: FingerprintConfig) -> Self {
        Fingerprinter { config }
    }

    /// Fingerprints a text.
    pub fn fingerprint(&self, text: &str) -> Fingerprint {
        let (exact, mut shingles) = self.shingle_hashes(&JoinedWords::of(text));
        let signature = self.signature(&shingles);
        shingles.sort_unstable();
        shingles.dedup();
        Fingerprint {
            exact,
            signature,
            shingles,
        }
    }

    /// Sketches a text: the same exact hash and signature as its
    /// [`Fingerprint`], without sorting the shingles (the minima of a list
    /// with repeats are those of its set).
    pub fn sketch(&self, text: &str) -> Sketch {
        let (exact, shingles) = self.shingle_hashes(&JoinedWords::of(text));
        Sketch {
            exact,
            has_shingles: !shingles.is_empty(),
            signature: self.signature(&shingles),
        }
    }

    fn signature(&self, shingles: &[u64]) -> Signature {
        Signature {
            shingle_words: self.config.shingle_words as u16,
            seed: self.config.seed,
            mins: oph::minima(shingles, self.config.num_perm, self.config.seed),
        }
    }

    /// The sorted, distinct shingle hashes of a text (as in its [`Fingerprint`]).
    pub fn shingles(&self, text: &str) -> Vec<u64> {
        let (_, mut shingles) = self.shingle_hashes(&JoinedWords::of(text));
        shingles.sort_unstable();
        shingles.dedup();
        shingles
    }

    /// The exact hash, and the hash of every shingle in text order, repeats
    /// included. The polynomial of the words so far rolls along the text;
    /// a shingle's hash is that polynomial less the one `k` words earlier
    /// times `B^k`, kept in a ring of the last `k`.
    fn shingle_hashes(&self, words: &JoinedWords) -> (u64, Vec<u64>) {
        let joined = words.bytes();
        let k = self.config.shingle_words.max(1);
        let base_to_k = SHINGLE_BASE.wrapping_pow(k as u32);
        let mut earlier = vec![0u64; k];
        let (mut slot, mut count, mut rolling) = (0usize, 0usize, 0u64);
        let mut hashes = Vec::with_capacity(joined.len() / 5);
        let mut start = 0;
        let ends = memchr::memchr_iter(b' ', joined).chain((!joined.is_empty()).then_some(joined.len()));
        for end in ends {
            rolling = rolling
                .wrapping_mul(SHINGLE_BASE)
                .wrapping_add(word_hash(&words.padded, start, end));
            let before = std::mem::replace(&mut earlier[slot], rolling);
            if count + 1 >= k {
                hashes.push(rolling.wrapping_sub(before.wrapping_mul(base_to_k)));
            }
            count += 1;
            slot = if slot + 1 == k { 0 } else { slot + 1 };
            start = end + 1;
        }
        if count > 0 && count < k {
            hashes.push(rolling);
        }
        let exact = mix(rolling ^ (count as u64).wrapping_mul(WORD_MULTIPLIER));
        (exact, hashes)
    }
}

/// The hash of the word `padded[start..end]`, read eight bytes at a time
/// from a buffer with at least seven bytes after `end` (masked off).
#[inline]
fn word_hash(padded: &[u8], start: usize, end: usize) -> u64 {
    let mut hash = (end - start) as u64;
    let mut at = start;
    loop {
        let chunk = u64::from_le_bytes(padded[at..at + 8].try_into().expect("eight bytes"));
        let left = end - at;
        if left <= 8 {
            let kept = chunk & (u64::MAX >> (8 * (8 - left)));
            return (hash ^ kept).wrapping_mul(WORD_MULTIPLIER);
        }
        hash = (hash ^ chunk).wrapping_mul(WORD_MULTIPLIER).rotate_left(31);
        at += 8;
    }
}

/// A well-mixed 64-bit hash of a 64-bit value (the MurmurHash3 finaliser).
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// A text's words (as [`crate::text::words`] gives them), lower-cased and
/// joined by single spaces: one allocation for the whole text, with eight
/// zero bytes after it so that a word can be read eight bytes at a time.
struct JoinedWords {
    padded: Vec<u8>,
    len: usize,
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
            if !crate::text::is_letter_or_digit(c) {
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
        out.resize(written + 8, 0);
        JoinedWords {
            padded: out,
            len: written,
        }
    }

    /// The joined words, without the padding.
    fn bytes(&self) -> &[u8] {
        &self.padded[..self.len]
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
        // The signature format hashes each shingle from its lower-cased
        // words; the joined words and the rolling hash must give what the
        // definition does on `words`, Greek final sigma and all.
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
        assert_eq!(joined.bytes(), words.join(" ").as_bytes());
        for k in [1, 3, 5] {
            let fingerprinter = Fingerprinter::new(FingerprintConfig {
                shingle_words: k,
                ..Default::default()
            });
            // Texts shorter than a shingle are one shingle of all their words.
            let window = k.min(words.len().max(1));
            let mut expected: Vec<u64> = words.windows(window).map(shingle_by_definition).collect();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(fingerprinter.shingles(text), expected);
        }
    }

    /// A word's hash as the format states it, on a copy of its bytes.
    fn word_by_definition(word: &str) -> u64 {
        let mut hash = word.len() as u64;
        let chunks: Vec<&[u8]> = word.as_bytes().chunks(8).collect();
        for (i, chunk) in chunks.iter().enumerate() {
            let mut bytes = [0u8; 8];
            bytes[..chunk.len()].copy_from_slice(chunk);
            hash = (hash ^ u64::from_le_bytes(bytes)).wrapping_mul(WORD_MULTIPLIER);
            if i + 1 < chunks.len() {
                hash = hash.rotate_left(31);
            }
        }
        hash
    }

    /// A shingle's hash as the format states it: `Σ h_j · B^(k-1-j)`.
    fn shingle_by_definition(words: &[String]) -> u64 {
        words.iter().fold(0u64, |hash, word| {
            hash.wrapping_mul(SHINGLE_BASE).wrapping_add(word_by_definition(word))
        })
    }

    #[test]
    fn short_words_never_share_a_hash() {
        let mut seen = std::collections::HashMap::new();
        let letters = [
            "a", "b", "z", "0", "_", "é", "ab", "ba", "aa", "zzzzzzzz", "zzzzzzz", "σ",
        ];
        for x in letters {
            for y in letters {
                let word = format!("{x}{y}");
                if let Some(other) = seen.insert(word_by_definition(&word), word.clone()) {
                    assert_eq!(other, word);
                }
            }
        }
        assert_ne!(word_by_definition("abcdefgh1"), word_by_definition("abcdefgh2"));
    }

    #[test]
    fn exact_hash_follows_the_words_and_their_count() {
        let fp = Fingerprinter::default();
        let exact = |text: &str| fp.fingerprint(text).exact;
        assert_eq!(exact("The cat, sat."), exact("the  cat sat"));
        assert_ne!(exact("the cat sat"), exact("the sat cat"));
        assert_ne!(exact("cat"), exact("cat cat"));
        assert_ne!(exact(""), exact("cat"));
    }

    proptest::proptest! {
        #[test]
        fn joined_words_are_the_words_joined(text in "[a-zA-Z0-9_ .,’“”—éÉΣσİı日本\t\n\u{a0}]{0,60}") {
            let words: Vec<String> = crate::text::words(&text).collect();
            let joined = JoinedWords::of(&text);
            let expected = words.join(" ");
            proptest::prop_assert_eq!(joined.bytes(), expected.as_bytes());
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
