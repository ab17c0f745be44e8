//! `storyline`: flag definitions and glue over the storyline library.
//!
//! Exit codes: 0 when the run completed (some inputs may have been skipped;
//! the report says which and why), 1 when no input could be read as an
//! article, 2 on usage errors. A closed output pipe ends the run quietly
//! with 0.

mod commands;
mod options;
mod render;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

// Batches of documents are allocated and freed over and over; mimalloc keeps
// the freed pages for the next batch instead of handing them back to the
// system and faulting them in again.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turn scraped news into clean articles, duplicate groups and stories.
#[derive(Parser)]
#[command(name = "storyline", version, about, long_about = None, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXIT_CODES: &str = "Exit codes:\n  0  the run completed (skipped inputs are listed in the report)\n  1  no input could be read as an article\n  2  usage error, or an index that cannot be opened or written";

#[derive(Subcommand)]
enum Command {
    /// Run the whole pipeline: clean articles, duplicate groups, stories, timelines.
    #[command(after_help = EXIT_CODES)]
    Analyze(commands::analyze::AnalyzeArgs),
    /// Extraction only: clean text and metadata per document.
    #[command(after_help = EXIT_CODES)]
    Extract(commands::extract::ExtractArgs),
    /// Duplicates only: groups of copies with canonical copy and evidence, and the singles.
    #[command(after_help = EXIT_CODES)]
    Dedup(commands::dedup::DedupArgs),
    /// Stories only: timeline, what's new, label and quotes per story.
    #[command(after_help = EXIT_CODES)]
    Stories(commands::stories::StoriesArgs),
    /// Direct quotes with their speakers, from every article.
    #[command(after_help = EXIT_CODES)]
    Quotes(commands::quotes::QuotesArgs),
    /// Add documents to an embedded index (SQLite): copies, stories and quotes kept up to date.
    #[command(after_help = EXIT_CODES)]
    Ingest(commands::index::IngestArgs),
    /// Check documents against an index: is it a copy (of what, why), which story would it join.
    #[command(after_help = EXIT_CODES)]
    Query(commands::index::QueryArgs),
    /// Serve the HTTP API and the web page over an index.
    Serve(commands::serve::ServeArgs),
    /// Measure storyline on labelled data sets with the field's metrics.
    Eval(commands::eval::EvalArgs),
}

/// How a command ended, mapped to an exit code in one place.
pub enum Outcome {
    /// The run completed.
    Completed,
    /// Nothing could be read.
    NoInput,
}

impl Outcome {
    /// Completed when at least one article came out of the run.
    pub fn from_articles(articles: usize) -> Self {
        if articles == 0 {
            Outcome::NoInput
        } else {
            Outcome::Completed
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => commands::analyze::run(args),
        Command::Extract(args) => commands::extract::run(args),
        Command::Dedup(args) => commands::dedup::run(args),
        Command::Stories(args) => commands::stories::run(args),
        Command::Quotes(args) => commands::quotes::run(args),
        Command::Ingest(args) => commands::index::ingest(args),
        Command::Query(args) => commands::index::query(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Eval(args) => commands::eval::run(args),
    };
    match result {
        Ok(Outcome::Completed) => ExitCode::SUCCESS,
        Ok(Outcome::NoInput) => ExitCode::from(1),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("storyline: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
