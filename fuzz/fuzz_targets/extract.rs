//! Any text, as HTML and as plain text, goes through the extractor: an
//! article or a skip, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline::extract::Extractor;
use storyline::model::{DocId, Format, Hints, RawDoc};

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data).into_owned();
    for format in [Format::Html, Format::Text] {
        let doc = RawDoc {
            id: DocId("fuzz".into()),
            format,
            body: body.clone(),
            hints: Hints::default(),
        };
        let _ = Extractor::default().extract(&doc);
    }
});
