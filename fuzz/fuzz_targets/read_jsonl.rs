//! Any bytes after a `{` go through the JSONL reader: no panic, no hang,
//! every record accounted for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline::read::{Input, Reader};

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"{".to_vec();
    bytes.extend_from_slice(data);
    let items = Reader::default().read_all(&[Input::Bytes {
        name: "fuzz".into(),
        bytes,
    }]);
    assert!(!items.is_empty());
});
