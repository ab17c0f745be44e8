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
#[command(
    name = "storyline",
    version,
    about = "Turn scraped news into clean articles, duplicate groups and developing stories.",
    long_about = None,
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(flatten)]
    global: GlobalOptions,
    #[command(subcommand)]
    command: Command,
}

/// Flags every command takes.
#[derive(clap::Args)]
struct GlobalOptions {
    /// Print nothing on standard error but errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, global = true, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
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
    /// The run completed; a note on what was skipped, if anything was.
    Completed(Option<String>),
    /// Nothing could be read; the message says why.
    NoInput(String),
}

impl Outcome {
    /// Completed when at least one article came out of the run; either way
    /// a sentence on the skipped inputs, naming the first few.
    pub fn of_run<'a>(articles: usize, skipped: impl Iterator<Item = &'a storyline::model::Skipped>) -> Self {
        const NAMED: usize = 3;
        let skipped: Vec<&storyline::model::Skipped> = skipped.collect();
        let total = storyline::model::Skipped::total(skipped.iter().copied());
        let named: Vec<String> = skipped
            .iter()
            .take(NAMED)
            .map(|s| format!("{}: {}", s.id, s.reason))
            .collect();
        let more = if skipped.len() > NAMED { "; …" } else { "" };
        let which = format!("{}{more}", named.join("; "));
        match (articles, total) {
            (0, 0) => Outcome::NoInput("no documents found in the inputs".to_string()),
            (0, _) => Outcome::NoInput(format!(
                "no input could be read as an article ({total} {} skipped: {which})",
                plural(total, "input", "inputs")
            )),
            (_, 0) => Outcome::Completed(None),
            (_, _) => Outcome::Completed(Some(format!(
                "{total} {} skipped (listed in the report): {which}",
                plural(total, "input", "inputs")
            ))),
        }
    }
}

/// `one` or `many`, as `count` asks.
pub fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 {
        one
    } else {
        many
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(threads) = cli.global.threads {
        // The library's parallel stages run on rayon's global pool.
        if let Err(err) = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(threads))
            .build_global()
        {
            eprintln!("storyline: cannot start {threads} threads: {err}");
            return ExitCode::from(2);
        }
    }
    render::set_output(cli.global.output.clone());
    let quiet = cli.global.quiet;
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
        Ok(Outcome::Completed(note)) => {
            if let Some(note) = note.filter(|_| !quiet) {
                eprintln!("storyline: {note}");
            }
            ExitCode::SUCCESS
        }
        Ok(Outcome::NoInput(message)) => {
            eprintln!("storyline: {message}");
            ExitCode::from(1)
        }
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("storyline: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each said once: a cause whose words the
/// message before it already holds is not repeated.
fn message(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
