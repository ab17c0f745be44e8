//! Query latency against an index: extracts the documents of a JSONL file
//! once, then times `Index::query_article` on each (the duplicate lookup,
//! verification and story placement), and prints p50/p90/p99/max in
//! milliseconds. Used by bench/index.sh.
//!
//! usage: cargo run --release -p storyline-index --example query_latency -- DB FILE.jsonl [N]

use std::time::Instant;
use storyline::read::Input;
use storyline::{Pipeline, PipelineConfig};
use storyline_index::Index;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: query_latency DB FILE.jsonl [N]");
        std::process::exit(2);
    }
    let limit: usize = args.get(3).map(|n| n.parse()).transpose()?.unwrap_or(1000);
    let index = Index::open_read(&args[1])?;
    let extracted = Pipeline::new(PipelineConfig::default())?.extract(&[Input::Path(args[2].clone().into())]);
    let articles: Vec<_> = extracted.articles.into_iter().take(limit).collect();
    // Warm the page cache and the statement cache, as a running service would be.
    for article in articles.iter().take(20) {
        index.query_article(article)?;
    }
    let mut millis = Vec::with_capacity(articles.len());
    let (mut copies, mut joined) = (0, 0);
    for article in &articles {
        let start = Instant::now();
        let answer = index.query_article(article)?;
        millis.push(start.elapsed().as_secs_f64() * 1000.0);
        copies += usize::from(answer.duplicate_of.is_some());
        joined += usize::from(answer.story.id.is_some());
    }
    millis.sort_by(f64::total_cmp);
    let at = |q: f64| millis[((millis.len() as f64 * q).ceil() as usize).clamp(1, millis.len()) - 1];
    println!(
        "{} queries against {} documents: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {} found as copies, {} placed in an existing story",
        millis.len(),
        index.counts()?.documents,
        at(0.50),
        at(0.90),
        at(0.99),
        millis.last().copied().unwrap_or(0.0),
        copies,
        joined
    );
    Ok(())
}
