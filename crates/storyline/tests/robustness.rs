//! Bad input never panics: random text, random tag soup, random bytes go
//! through every stage, and each document comes out as an article or a skip.

use proptest::prelude::*;
use storyline::extract::Extractor;
use storyline::model::{DocId, Format, Hints, RawDoc};
use storyline::read::{Input, Reader};
use storyline::{Pipeline, PipelineConfig};

fn raw(body: String, format: Format) -> RawDoc {
    RawDoc {
        id: DocId("p".into()),
        format,
        body,
        hints: Hints::default(),
    }
}

/// Fragments that exercise the rules: quotes of every style, markup, dates,
/// Markdown, separators, scripts outside the Latin alphabet.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ]{0,20}",
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("``".to_string()),
        Just("''".to_string()),
        Just("«".to_string()),
        Just("„".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(", he said. ".to_string()),
        Just("said Foreign Minister Anna Berg".to_string()),
        Just("January 18, 2022".to_string()),
        Just("[link](http://x.y)".to_string()),
        Just("**bold**".to_string()),
        Just("# ".to_string()),
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<p>".to_string()),
        Just("<script>".to_string()),
        Just("<!--".to_string()),
        Just("&amp;".to_string()),
        Just("U.S. ".to_string()),
        Just("Лавров сказал ".to_string()),
        Just("人民网 ".to_string()),
        Just("\u{0}".to_string()),
        Just("5 minutes ago".to_string()),
        any::<char>().prop_map(String::from),
    ]
}

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..60).prop_map(|parts| parts.concat())
}

/// Pieces of WARC and JSONL streams, valid and broken, to splice in any
/// order: the readers must resynchronise after each broken one.
fn stream_piece() -> impl Strategy<Value = Vec<u8>> {
    let record = |length: usize| {
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/x\r\nContent-Length: {length}\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Harbour text</p>\r\n\r\n"
        )
        .into_bytes()
    };
    prop_oneof![
        Just(record(64)),
        (0usize..200).prop_map(record),
        Just(b"WARC/1.0\r\nContent-Length: 999999\r\n\r\n".to_vec()),
        Just(b"WARC/1.0\r\nWARC-Type: response\r\n".to_vec()),
        Just(b"{\"text\": \"A line of text.\"}\n".to_vec()),
        Just(b"{\"id\": \"same\", \"html\": \"<p>x</p>\"}\n".to_vec()),
        Just(b"{}\n".to_vec()),
        Just(b"{\"text\": \"cut".to_vec()),
        Just(b"\n\n\r\n".to_vec()),
        Just(vec![0x1f, 0x8b, 0x08, 0x00]),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn spliced_streams_are_read_to_the_end(first in prop_oneof![Just(b"WARC/1.0\r\n".to_vec()), Just(b"{}\n".to_vec())], pieces in prop::collection::vec(stream_piece(), 0..24)) {
        let bytes = [first, pieces.concat()].concat();
        let items = Reader::default().read_all(&[Input::Bytes { name: "s".into(), bytes }]);
        prop_assert!(!items.is_empty());
        let mut ids = std::collections::HashSet::new();
        for item in &items {
            if let storyline::read::ReadItem::Loaded(doc) = item {
                prop_assert!(ids.insert(doc.id.0.clone()), "ids are unique in a run");
            }
        }
    }

    #[test]
    fn text_extraction_and_quotes_never_panic(body in soup()) {
        if let Ok(article) = Extractor::default().extract(&raw(body, Format::Text)) {
            let quotes = storyline::quotes::extract_quotes(&article);
            let chars = article.text.chars().count();
            for q in quotes {
                prop_assert!(q.start <= q.end && q.end <= chars);
            }
        }
    }

    #[test]
    fn html_extraction_never_panics(body in soup()) {
        let _ = Extractor::default().extract(&raw(format!("<html><body>{body}</body></html>"), Format::Html));
    }

    #[test]
    fn random_files_are_accounted_for(bytes in prop::collection::vec(any::<u8>(), 0..400), name in "[a-z]{1,8}\\.(txt|md|html|jsonl|gz|bin)") {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(&name), &bytes).unwrap();
        let items = Reader::default().read_all(&[Input::Path(dir.path().to_path_buf())]);
        prop_assert!(!items.is_empty(), "every file is an article or a skip");
        let report = Pipeline::new(PipelineConfig::default()).unwrap().run(&[Input::Path(dir.path().to_path_buf())]);
        prop_assert_eq!(report.summary.inputs, report.summary.articles + report.summary.skipped);
        prop_assert!(report.summary.inputs >= 1);
    }
}

#[test]
fn text_without_a_word_is_no_article() {
    for body in ["\u{200b}", "\u{feff}\u{200b}", "—", "– . –", "<p>\u{200b}</p>"] {
        for format in [Format::Text, Format::Html] {
            let outcome = Extractor::default().extract(&raw(body.to_string(), format));
            assert!(outcome.is_err(), "{body:?} as {format:?} became an article");
        }
    }
}

/// 50 MB pages in the shapes that make a careless extractor quadratic:
/// one long article, hundreds of nested hidden boxes (kept: they hold
/// running text), nested `<article>`s and nested marked bodies around all
/// of the text, a related-content heading before each of some 200,000
/// paragraphs. Each is extracted in bounded time.
#[test]
fn fifty_megabyte_pages_take_bounded_time() {
    // Distinct paragraphs: one printed many times is a teaser, not text.
    let mut text = String::with_capacity(46_000_000);
    for n in 0.. {
        if text.len() >= 45_000_000 {
            break;
        }
        text.push_str(&format!(
            "<p>The council met on Tuesday evening, meeting {n}, and agreed the budget for the coming year, \
             with more money for <a href='/x'>schools</a> and roads, a new bus line to the hospital \
             and repairs to the harbour wall before winter.</p>"
        ));
    }
    let nest = |open: &str, close: &str, depth: usize| {
        format!(
            "<html><body>{}{text}{}</body></html>",
            open.repeat(depth),
            close.repeat(depth)
        )
    };
    let pages = [
        ("one article", nest("<article>", "</article>", 1)),
        ("nested hidden boxes", nest("<div class='hidden'>", "</div>", 500)),
        ("nested articles", nest("<article>", "</article>", 60)),
        (
            "nested marked bodies",
            nest("<div class='entry-content'><p>x</p>", "</div>", 200),
        ),
        (
            "a related-content heading before every paragraph, the headline last",
            format!(
                "<html><body><div>{}<h1>Council agrees budget</h1></div></body></html>",
                text.replace("<p>", "<h3 class='related-title'>Related</h3><p>")
            ),
        ),
    ];
    for (shape, page) in pages {
        let started = std::time::Instant::now();
        let article = Extractor::default().extract(&raw(page, Format::Html));
        let seconds = started.elapsed().as_secs_f64();
        let found = article.as_ref().map(|a| a.text.contains("agreed the budget"));
        assert_eq!(
            found.as_ref().ok(),
            Some(&true),
            "{shape}: {:?}",
            article.as_ref().err()
        );
        assert!(seconds < 20.0, "{shape}: {seconds:.1} s");
    }
}
