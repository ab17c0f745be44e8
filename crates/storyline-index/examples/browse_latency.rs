//! Latency of the web page's queries against an index: story lists (each
//! order, each filter, deep pages, a text query), search, facets and a
//! story, each asked many times on one read connection, as a server thread
//! asks them; prints p50/p99/max in milliseconds. Used by bench/browse.sh.
//!
//! Opens the index once for writing first, so that an index built by an
//! earlier build gets the indexes the lists need (schema.rs, `ADDED`).
//!
//! usage: cargo run --release -p storyline-index --example browse_latency -- DB [ROUNDS]

use chrono::NaiveDate;
use std::time::Instant;
use storyline_index::{Index, StoryOrder, StoryQuery};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 2 {
        eprintln!("usage: browse_latency DB [ROUNDS]");
        std::process::exit(2);
    }
    let rounds: usize = args.get(2).map(|n| n.parse()).transpose()?.unwrap_or(200);
    let opened = Instant::now();
    drop(Index::open(&args[1])?);
    println!(
        "opened for writing in {:.2} s (an index written before the lists' additions gets them then)",
        opened.elapsed().as_secs_f64()
    );
    let index = Index::open_read(&args[1])?;
    let facets = index.facets(100)?;
    let top_source = facets.sources.first().map(|f| f.value.clone());
    let rare_source = facets.sources.last().map(|f| f.value.clone());
    let language = facets.languages.first().map(|f| f.value.clone());
    let last = facets
        .last_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let month_before = last.map(|d| d - chrono::Duration::days(30));
    let all = index.find_stories(&StoryQuery::default(), 1, 0)?.total;
    let biggest = index
        .find_stories(
            &StoryQuery {
                order: Some(StoryOrder::Size),
                ..StoryQuery::default()
            },
            1,
            0,
        )?
        .items
        .remove(0);
    println!(
        "{} documents, {} stories, {} outlets; the biggest story has {} documents",
        index.counts()?.documents,
        all,
        facets.source_count,
        biggest.documents
    );
    let base = StoryQuery {
        min_documents: 2,
        ..StoryQuery::default()
    };
    let lists: Vec<(&str, StoryQuery, usize)> = vec![
        ("latest, 2+ documents (the page's first view)", base.clone(), 0),
        (
            "biggest",
            StoryQuery {
                order: Some(StoryOrder::Size),
                ..base.clone()
            },
            0,
        ),
        (
            "most active",
            StoryQuery {
                order: Some(StoryOrder::Active),
                ..base.clone()
            },
            0,
        ),
        ("latest, page 50", base.clone(), 49 * 20),
        (
            "largest outlet",
            StoryQuery {
                source: top_source.clone(),
                ..base.clone()
            },
            0,
        ),
        (
            "smallest outlet",
            StoryQuery {
                source: rare_source,
                ..base.clone()
            },
            0,
        ),
        (
            "language",
            StoryQuery {
                language,
                ..base.clone()
            },
            0,
        ),
        (
            "last 30 days",
            StoryQuery {
                from: month_before,
                to: last,
                ..base.clone()
            },
            0,
        ),
        (
            "outlet + 30 days + most active",
            StoryQuery {
                source: top_source,
                from: month_before,
                order: Some(StoryOrder::Active),
                ..base.clone()
            },
            0,
        ),
        ("latest, all sizes", StoryQuery::default(), 0),
        (
            "most active, all sizes",
            StoryQuery {
                order: Some(StoryOrder::Active),
                ..StoryQuery::default()
            },
            0,
        ),
        (
            "smallest outlet, all sizes",
            StoryQuery {
                source: facets.sources.last().map(|f| f.value.clone()),
                ..StoryQuery::default()
            },
            0,
        ),
        (
            "text \"earthquake\" (best match)",
            StoryQuery {
                text: Some("earthquake".into()),
                ..base.clone()
            },
            0,
        ),
        (
            "text \"police\", all sizes",
            StoryQuery {
                text: Some("police".into()),
                ..StoryQuery::default()
            },
            0,
        ),
    ];
    for (name, query, offset) in &lists {
        let total = index.find_stories(query, 20, *offset)?.total;
        time(&format!("stories: {name} ({total} match)"), rounds, || {
            index.find_stories(query, 20, *offset).map(drop)
        })?;
    }
    time("search \"earthquake\", 20 hits", rounds, || {
        index.search("earthquake", 20, 0).map(drop)
    })?;
    time("facets, kept from the last read", rounds, || {
        index.facets(100).map(drop)
    })?;
    // Read afresh, as the first reader after a write does: a new
    // connection for each call (the time to open it not counted).
    let fresh: Vec<Index> = (0..rounds.min(50) + 3)
        .map(|_| Index::open_read(&args[1]))
        .collect::<Result<_, _>>()?;
    let mut readers = fresh.iter();
    time(
        "facets, read afresh (100 outlets, languages, dates)",
        fresh.len() - 3,
        || readers.next().expect("a reader per call").facets(100).map(drop),
    )?;
    time(
        &format!("story with {} documents", biggest.documents),
        rounds.min(50),
        || index.story_since(&biggest.id, last).map(drop),
    )?;
    Ok(())
}

/// Runs `call` `rounds` times after a few unmeasured ones, and prints the
/// latency percentiles.
fn time(
    name: &str,
    rounds: usize,
    mut call: impl FnMut() -> storyline_index::Result<()>,
) -> storyline_index::Result<()> {
    for _ in 0..3 {
        call()?;
    }
    let mut millis = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        call()?;
        millis.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    millis.sort_by(f64::total_cmp);
    let at = |q: f64| millis[((millis.len() as f64 * q).ceil() as usize).clamp(1, millis.len()) - 1];
    println!(
        "| {name} | {:.2} | {:.2} | {:.2} |",
        at(0.50),
        at(0.99),
        millis.last().copied().unwrap_or(0.0)
    );
    Ok(())
}
