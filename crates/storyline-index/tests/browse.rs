//! Reading the index for people: a text query ranks a large story above a
//! small one that matches about as well, an index written before the lists'
//! additions gets them from its first writer (and is listed without them
//! by a reader), and the facets a reader keeps follow a write.

use std::path::{Path, PathBuf};
use storyline::read::Input;
use storyline_index::{Index, StoryOrder, StoryQuery};

/// A four-article story about a government shutdown, whose headlines never
/// say "shutdown"; a one-article German report headlined "Shutdown"; and
/// unrelated single articles, so that the word is rare in the index.
const ARTICLES: &str = r#"{"id": "budget-1", "source": "Capital Times", "published": "2024-05-01", "title": "Parliament of Norland misses budget deadline", "text": "The parliament of Norland missed its budget deadline on Wednesday, and a shutdown of federal offices began at midnight. Finance minister Oskar Brandt said the shutdown would close museums, passport offices and national parks. Opposition leader Greta Holm blamed the coalition for the shutdown. About eighty thousand civil servants were sent home without pay."}
{"id": "budget-2", "source": "Norland Post", "published": "2024-05-02", "title": "Norland offices close as budget talks stall", "text": "Federal offices across Norland stayed closed on Thursday as budget talks between the coalition and the opposition stalled. The shutdown has left eighty thousand civil servants without pay. Greta Holm said the opposition would not vote for a budget that cuts pensions. Oskar Brandt warned that the shutdown would cost the economy millions every day."}
{"id": "budget-3", "source": "Capital Times", "published": "2024-05-04", "title": "Norland budget: Brandt and Holm meet for late-night talks", "text": "Finance minister Oskar Brandt and opposition leader Greta Holm met for late-night talks on Saturday to end the shutdown of federal offices in Norland. Both said the talks were constructive, but no deal was reached. Museums and passport offices remained shut for a fourth day of the shutdown."}
{"id": "budget-4", "source": "Wire Service", "published": "2024-05-06", "title": "Norland parliament passes budget, ending stoppage", "text": "The parliament of Norland passed a budget on Monday, ending a shutdown of federal offices that lasted five days. Oskar Brandt and Greta Holm agreed to keep pensions unchanged and to raise a tax on tobacco. National parks, museums and passport offices reopen on Tuesday."}
{"id": "report", "source": "Tagesblatt", "published": "2024-05-03", "title": "Shutdown", "text": "Shutdown: Die Behörden der Stadt Rainfeld bleiben wegen eines Streiks der Verwaltung geschlossen. Bürger sollen Termine verschieben, teilte die Stadt mit."}
{"id": "ferry", "source": "Coast Wire", "published": "2024-04-02", "title": "Ferry service resumes after storm", "text": "Ferries between the mainland and the islands sailed again on Tuesday after a storm kept them in port for three days. Operators added extra crossings to clear the queue of lorries."}
{"id": "orchestra", "source": "Arts Weekly", "published": "2024-04-09", "title": "Orchestra names a new conductor", "text": "The city orchestra named the Finnish conductor Aino Virtanen as its music director from next season. She will conduct twelve concerts a year and lead a new programme for young composers."}
{"id": "harvest", "source": "Farm Journal", "published": "2024-04-20", "title": "Early frost threatens apple harvest", "text": "Growers in the northern valleys fear losses after an early frost damaged apple blossoms overnight. Some orchards lit fires between the rows to keep the air above freezing."}
{"id": "bridge", "source": "Capital Times", "published": "2024-04-25", "title": "Old river bridge to close for repairs", "text": "The old river bridge will close for eight months of repairs from June, the transport department said. Buses will use the ring road, adding ten minutes to most journeys into town."}
"#;

/// An index of [`ARTICLES`] in `dir`.
fn indexed(dir: &Path) -> PathBuf {
    let file = dir.join("articles.jsonl");
    std::fs::write(&file, ARTICLES).unwrap();
    let db = dir.join("index.db");
    assert_eq!(Index::open(&db).unwrap().ingest(&[Input::Path(file)]).unwrap().added, 9);
    db
}

fn titles(index: &Index, query: &StoryQuery) -> Vec<(String, usize)> {
    let page = index.find_stories(query, 20, 0).unwrap();
    page.items.into_iter().map(|s| (s.title, s.documents)).collect()
}

#[test]
fn a_text_query_ranks_a_large_story_above_a_small_one_that_matches_as_well() {
    let dir = tempfile::tempdir().unwrap();
    let db = indexed(dir.path());
    let index = Index::open_read(&db).unwrap();
    let query = StoryQuery {
        text: Some("shutdown".into()),
        ..StoryQuery::default()
    };
    let found = titles(&index, &query);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].1, 4, "the four-article story first: {found:?}");
    assert_eq!(found[1].0, "Shutdown");

    // By text alone the one-article report would lead: its headline is the word.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let by_text: Vec<i64> = conn
        .prepare(
            "SELECT s.documents FROM stories_fts f JOIN stories s ON s.id = f.story \
             WHERE stories_fts MATCH '\"shutdown\"' ORDER BY bm25(stories_fts)",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(by_text, [1, 4]);

    // Filters narrow a text query; another order replaces relevance.
    let german = StoryQuery {
        language: Some("deu".into()),
        ..query.clone()
    };
    assert_eq!(titles(&index, &german), [("Shutdown".to_string(), 1)]);
    let latest = StoryQuery {
        order: Some(StoryOrder::Latest),
        ..query
    };
    assert_eq!(
        titles(&index, &latest)[0].1,
        4,
        "its latest article, 2024-05-06, is the later"
    );
}

#[test]
fn an_index_from_before_the_lists_indexes_gets_them_from_its_first_writer() {
    let dir = tempfile::tempdir().unwrap();
    let db = indexed(dir.path());
    let expected = titles(&Index::open_read(&db).unwrap(), &StoryQuery::default());
    assert_eq!(expected.len(), 6);

    // What an index written before them looks like.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TABLE story_labels;
         DROP INDEX documents_story_outlets; DROP INDEX documents_source; DROP INDEX documents_language;
         DROP INDEX documents_published; DROP INDEX stories_size;",
    )
    .unwrap();
    drop(conn);
    assert_eq!(
        titles(&Index::open_read(&db).unwrap(), &StoryQuery::default()),
        expected,
        "a reader lists it as it is"
    );
    drop(Index::open(&db).unwrap());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let labels: i64 = conn
        .query_row("SELECT COUNT(*) FROM story_labels", [], |r| r.get(0))
        .unwrap();
    assert_eq!(labels, 6, "every story's label copied once");
    drop(conn);
    assert_eq!(
        titles(&Index::open_read(&db).unwrap(), &StoryQuery::default()),
        expected
    );
}

#[test]
fn facets_kept_by_a_reader_follow_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = indexed(dir.path());
    let reader = Index::open_read(&db).unwrap();
    let before = reader.facets(100).unwrap();
    assert_eq!(before.sources[0].value, "Capital Times");
    assert_eq!((before.sources[0].documents, before.sources[0].stories), (3, 2));
    assert_eq!(before.source_count, 7);
    assert_eq!(reader.facets(1).unwrap().sources.len(), 1);

    let more = dir.path().join("more.jsonl");
    std::fs::write(
        &more,
        r#"{"id": "late", "source": "Evening Star", "published": "2024-06-01", "title": "Night market opens by the harbour", "text": "A night market with forty stalls opened by the harbour on Saturday and will run every weekend until September, the organisers said."}"#,
    )
    .unwrap();
    Index::open(&db).unwrap().ingest(&[Input::Path(more)]).unwrap();
    let after = reader.facets(100).unwrap();
    assert_eq!(after.source_count, 8);
    assert_eq!(after.last_date.as_deref(), Some("2024-06-01"));
}
