//! Any bytes after a gzip magic go through the member-by-member inflater
//! and the reader it feeds: no panic, no hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline::read::{Input, Reader};

fuzz_target!(|data: &[u8]| {
    let mut bytes = vec![0x1f, 0x8b];
    bytes.extend_from_slice(data);
    let items = Reader::default().read_all(&[Input::Bytes {
        name: "fuzz".into(),
        bytes,
    }]);
    assert!(!items.is_empty());
});
