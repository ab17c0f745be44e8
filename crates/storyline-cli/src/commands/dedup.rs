//! `storyline dedup PATH...`: groups of copies, explained, and the singles.

use super::analyze::PipelineRun;
use crate::options::{DedupOptions, InputOptions};
use crate::render::{self, OutputFormat};
use crate::Outcome;
use clap::Args;

/// Flags of `storyline dedup`.
#[derive(Args)]
pub struct DedupArgs {
    #[command(flatten)]
    input: InputOptions,
    #[command(flatten)]
    dedup: DedupOptions,
    /// Output format (`jsonl`: one group per line).
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

/// Finds and prints the groups of copies.
pub fn run(args: DedupArgs) -> anyhow::Result<Outcome> {
    let report = PipelineRun::new(&args.input, None, Some(&args.dedup))?.dedup()?;
    render::with_stdout(|out| match args.format {
        OutputFormat::Text => render::write_dedup_text(out, &report),
        format => render::write_json(out, format, &report, &report.duplicate_groups),
    })?;
    Ok(Outcome::of_run(report.summary.articles, report.skipped.iter()))
}
