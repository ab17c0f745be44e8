//! `storyline extract PATH...`: one clean article (or skip reason) per input.

use super::analyze::PipelineRun;
use crate::options::InputOptions;
use crate::render::{self, OutputFormat};
use crate::Outcome;
use clap::Args;
use serde::Serialize;
use storyline::report::DocumentRecord;

/// Flags of `storyline extract`.
#[derive(Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    input: InputOptions,
    /// Output format (`jsonl`: one document per line).
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
}

#[derive(Serialize)]
struct ExtractOutput<'a> {
    documents: &'a [DocumentRecord],
}

/// Reads, extracts and prints every document.
pub fn run(args: ExtractArgs) -> anyhow::Result<Outcome> {
    let extracted = PipelineRun::new(&args.input, None, None)?.extract();
    let outcome = Outcome::of_run(extracted.articles.len(), extracted.skipped());
    let documents = extracted.into_documents();
    render::with_stdout(|out| match args.format {
        OutputFormat::Text => render::write_documents_text(out, &documents),
        format => render::write_json(out, format, &ExtractOutput { documents: &documents }, &documents),
    })?;
    Ok(outcome)
}
