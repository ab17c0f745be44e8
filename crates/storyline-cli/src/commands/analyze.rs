//! `storyline analyze PATH...`: the whole pipeline.

use crate::render::{self, OutputFormat};
use crate::Outcome;
use clap::Args;
use storyline::read::Input;
use storyline::{Pipeline, PipelineConfig};

/// Flags of `storyline analyze`.
#[derive(Args)]
pub struct AnalyzeArgs {
    /// Files or folders to read (`-` for standard input): .txt, .md, .html,
    /// .htm and .jsonl, optionally gzip-compressed (.gz).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    #[command(flatten)]
    stories: crate::options::StoryOptions,
}

/// Runs the pipeline over the inputs and prints the report.
pub fn run(args: AnalyzeArgs) -> anyhow::Result<Outcome> {
    let inputs: Vec<Input> = args.paths.iter().map(|p| Input::from_arg(p)).collect();
    let mut config = PipelineConfig::default();
    args.stories.apply(&mut config.stories);
    let pipeline = Pipeline::new(config)?;
    let report = pipeline.run(&inputs);
    render::write_report(&report, args.format)?;
    Ok(if report.summary.articles == 0 {
        Outcome::NoInput
    } else {
        Outcome::Completed
    })
}
