//! `storyline quotes PATH...`: who said what, in every article.

use super::analyze::PipelineArgs;
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
    pipeline: PipelineArgs,
    /// Output format (`jsonl`: one quote per line).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

#[derive(Serialize)]
struct QuotesOutput<'a> {
    quotes: &'a [QuoteRecord],
    skipped: Vec<&'a Skipped>,
}

/// Extracts and prints the quotes of every article.
pub fn run(args: QuotesArgs) -> anyhow::Result<Outcome> {
    let extracted = args.pipeline.extract()?;
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
    Ok(Outcome::from_articles(extracted.articles.len()))
}
