//! `storyline extract PATH...`: one clean article (or skip reason) per input.

use super::analyze::PipelineArgs;
use crate::render::{self, OutputFormat};
use crate::Outcome;
use clap::Args;
use serde::Serialize;
use storyline::report::DocumentRecord;

/// Flags of `storyline extract`.
#[derive(Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Output format (`jsonl`: one document per line).
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
}

#[derive(Serialize)]
struct ExtractOutput<'a> {
    documents: &'a [DocumentRecord],
}

/// Reads, extracts and prints every document.
pub fn run(args: ExtractArgs) -> anyhow::Result<Outcome> {
    let extracted = args.pipeline.extract()?;
    let articles = extracted.articles.len();
    let documents = extracted.into_documents();
    render::with_stdout(|out| match args.format {
        OutputFormat::Text => render::write_documents_text(out, &documents),
        format => render::write_json(out, format, &ExtractOutput { documents: &documents }, &documents),
    })?;
    Ok(Outcome::from_articles(articles))
}
