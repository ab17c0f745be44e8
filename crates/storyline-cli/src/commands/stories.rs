//! `storyline stories PATH...`: stories with timeline, what's new and quotes.

use super::analyze::PipelineArgs;
use crate::render::{self, OutputFormat};
use crate::Outcome;
use clap::Args;
use serde::Serialize;
use storyline::report::{StoryRecord, Summary};

/// Flags of `storyline stories`.
#[derive(Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Output format (`jsonl`: one story per line).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

#[derive(Serialize)]
struct StoriesOutput<'a> {
    stories: &'a [StoryRecord],
    summary: Summary,
}

/// Runs the pipeline and prints its stories.
pub fn run(args: StoriesArgs) -> anyhow::Result<Outcome> {
    let report = args.pipeline.run()?;
    render::with_stdout(|out| match args.format {
        OutputFormat::Text => {
            render::write_stories_text(out, &report.stories)?;
            render::write_skipped_text(out, &report.documents)
        }
        format => {
            let output = StoriesOutput {
                stories: &report.stories,
                summary: report.summary,
            };
            render::write_json(out, format, &output, &report.stories)
        }
    })?;
    Ok(Outcome::from_articles(report.summary.articles))
}
