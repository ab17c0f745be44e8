//! `storyline quotes PATH...`: who said what, in every article.

use super::analyze::PipelineRun;
use crate::options::InputOptions;
use crate::render::{self, OutputFormat};
use crate::Outcome;
use clap::Args;
use serde::Serialize;
use storyline::model::Skipped;
use storyline::report::QuoteRecord;

/// Flags of `storyline quotes`.
#[derive(Args)]
pub struct QuotesArgs {
    #[command(flatten)]
    input: InputOptions,
    /// Output format (`jsonl`: one quote per line).
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

#[derive(Serialize)]
struct QuotesOutput<'a> {
    quotes: &'a [QuoteRecord],
    skipped: Vec<&'a Skipped>,
}

/// Extracts and prints the quotes of every article.
pub fn run(args: QuotesArgs) -> anyhow::Result<Outcome> {
    let extracted = PipelineRun::new(&args.input, None, None)?.extract();
    let quotes = storyline::quotes::quote_records(&extracted.articles);
    render::with_stdout(|out| match args.format {
        OutputFormat::Text => {
            render::write_quotes_text(out, &quotes, "")?;
            render::write_skipped_list(out, extracted.skipped())
        }
        format => {
            let skipped = extracted.skipped().collect();
            render::write_json(
                out,
                format,
                &QuotesOutput {
                    quotes: &quotes,
                    skipped,
                },
                &quotes,
            )
        }
    })?;
    Ok(Outcome::of_run(extracted.articles.len(), extracted.skipped()))
}
