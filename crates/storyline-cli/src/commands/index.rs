//! `storyline ingest --db FILE PATH...` and `storyline query --db FILE PATH...`:
//! the embedded index.

use crate::options::PipelineOptions;
use crate::render::{self, OutputFormat};
use crate::Outcome;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use storyline_index::{Index, IngestConfig, IngestReport, QueryReport};

/// Flags of `storyline ingest`.
#[derive(Args)]
pub struct IngestArgs {
    /// The index file (created when absent).
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Inputs extracted and committed together; a crash loses at most one batch.
    #[arg(long, default_value_t = IngestConfig::default().batch_size, value_name = "N")]
    batch_size: usize,
    #[command(flatten)]
    pipeline: PipelineOptions,
    /// Output format (`text`, `json`, or `jsonl`: one skipped input per line).
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

/// Adds the inputs to the index and prints what was done.
pub fn ingest(args: IngestArgs) -> anyhow::Result<Outcome> {
    let (config, inputs) = args.pipeline.config()?;
    let ingest = IngestConfig {
        batch_size: args.batch_size.max(1),
        ..IngestConfig::default()
    };
    let mut index = Index::open_with(&args.db, config, ingest)?;
    let report = index.ingest(&inputs)?;
    let counts = index.counts()?;
    render::with_stdout(|out| match args.format {
        OutputFormat::Text => write_ingest_text(out, &report, &counts),
        format => render::write_json(
            out,
            format,
            &serde_json::json!({ "ingest": report, "index": counts }),
            &report.skipped,
        ),
    })?;
    Ok(Outcome::of_run(
        report.added + report.already_indexed,
        report.skipped.iter(),
    ))
}

fn write_ingest_text(
    out: &mut dyn Write,
    report: &IngestReport,
    counts: &storyline_index::Counts,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{} inputs: {} added, {} already indexed, {} skipped ({} batches)",
        report.inputs,
        report.added,
        report.already_indexed,
        storyline::model::Skipped::total(&report.skipped),
        report.batches
    )?;
    writeln!(
        out,
        "index: {} documents, {} duplicate groups, {} stories, {} quotes",
        counts.documents, counts.duplicate_groups, counts.stories, counts.quotes
    )?;
    for s in &report.skipped {
        writeln!(out, "skipped {}: {}", s.id, s.reason)?;
    }
    Ok(())
}

/// Flags of `storyline query`.
#[derive(Args)]
pub struct QueryArgs {
    /// The index file.
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Files or folders to check (`-` for standard input), read as the index
    /// reads what it ingests.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Output format (`jsonl`: one answer per line).
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

/// Answers, for each document: is it a copy (of what, why), which story.
pub fn query(args: QueryArgs) -> anyhow::Result<Outcome> {
    let index = Index::open_read(&args.db)?;
    let inputs: Vec<_> = args.paths.iter().map(|p| storyline::read::Input::from_arg(p)).collect();
    let report = index.query(&inputs)?;
    render::with_stdout(|out| match args.format {
        OutputFormat::Text => write_query_text(out, &report),
        format => render::write_json(out, format, &report, &report.answers),
    })?;
    Ok(Outcome::of_run(report.answers.len(), report.skipped.iter()))
}

fn write_query_text(out: &mut dyn Write, report: &QueryReport) -> std::io::Result<()> {
    for answer in &report.answers {
        match &answer.duplicate_of {
            Some(canonical) => writeln!(out, "{}: a copy of {canonical}", answer.id)?,
            None => writeln!(out, "{}: not seen before", answer.id)?,
        }
        for link in &answer.duplicates {
            writeln!(
                out,
                "  {:?} copy of {}: jaccard {:.2}, {:.0}% of it found there, {:.0}% of that found here",
                link.rule,
                link.document,
                link.jaccard,
                100.0 * link.query_in_document,
                100.0 * link.document_in_query
            )?;
        }
        match (&answer.story.id, &answer.story.title) {
            (Some(id), title) => writeln!(
                out,
                "  story {id} ({}): {}",
                answer.story.reason,
                title.as_deref().unwrap_or("")
            )?,
            (None, _) => writeln!(out, "  would start a new story")?,
        }
    }
    for s in &report.skipped {
        writeln!(out, "skipped {}: {}", s.id, s.reason)?;
    }
    Ok(())
}
