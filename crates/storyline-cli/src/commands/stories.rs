//! `storyline stories PATH...`: stories with timeline, what's new and quotes.

use super::analyze::PipelineRun;
use crate::options::PipelineOptions;
use crate::render::{self, OutputFormat};
use crate::Outcome;
use clap::Args;
use serde::Serialize;
use storyline::report::{StoryRecord, Summary};

/// Flags of `storyline stories`.
#[derive(Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    pipeline: PipelineOptions,
    /// Output format (`jsonl`: one story per line).
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

#[derive(Serialize)]
struct StoriesOutput<'a> {
    stories: &'a [StoryRecord],
    summary: Summary,
}

/// Runs the pipeline and prints its stories.
pub fn run(args: StoriesArgs) -> anyhow::Result<Outcome> {
    let report = PipelineRun::of(&args.pipeline)?.run();
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
    Ok(Outcome::of_run(report.summary.articles, report.skipped()))
}
